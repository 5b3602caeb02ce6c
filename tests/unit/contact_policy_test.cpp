// Unit tests of the SMS quota (SPEC 6.6): at most N SMS per phone per day and M per rolling
// week; higher rule priority wins, then the older due date; a loser is deferred while it still
// has a day left within its grace, and skipped after that.
#include "ownercare/engine/contact_policy.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using ownercare::Date;
using ownercare::engine::allocate_sms;
using ownercare::engine::SentThisWeek;
using ownercare::engine::SmsCandidate;
using ownercare::engine::SmsVerdict;
using ownercare::rules::ContactPolicy;

namespace {

const Date kToday(2026, 3, 10);

// An SMS due today with two days of grace left, for `phone`.
SmsCandidate due_today(const std::string& phone, int priority, const std::string& subject,
                       const std::string& step = "d0_sms") {
  SmsCandidate candidate;
  candidate.phone = phone;
  candidate.priority = priority;
  candidate.due_on = kToday;
  candidate.last_send = kToday.plus_days(2);
  candidate.subject_id = subject;
  candidate.step = step;
  return candidate;
}

ContactPolicy policy(int per_day, int per_week) {
  ContactPolicy result;
  result.sms_per_phone_per_day = per_day;
  result.sms_per_phone_per_week = per_week;
  return result;
}

const ContactPolicy kShipped = policy(1, 3);

}  // namespace

TEST_CASE("contact policy: one SMS per phone goes", "[contact_policy]") {
  auto verdicts = allocate_sms({due_today("13800138000", 50, "V1")}, {}, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::send});
}

TEST_CASE("contact policy: different phones do not limit each other", "[contact_policy]") {
  auto verdicts = allocate_sms(
      {due_today("13800138000", 50, "V1"), due_today("13900139000", 50, "V2")}, {}, kToday,
      kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::send, SmsVerdict::send});
}

TEST_CASE("contact policy: the higher priority wins the phone's day", "[contact_policy]") {
  // The winner comes second, so the verdicts must follow the candidates' order.
  auto verdicts = allocate_sms(
      {due_today("13800138000", 40, "V1", "lead_sms"), due_today("13800138000", 50, "V1")}, {},
      kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::defer, SmsVerdict::send});
}

TEST_CASE("contact policy: at equal priority the older due date wins", "[contact_policy]") {
  auto newer = due_today("13800138000", 50, "V1");
  auto older = due_today("13800138000", 50, "V2");
  older.due_on = kToday.plus_days(-1);
  auto verdicts = allocate_sms({newer, older}, {}, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::defer, SmsVerdict::send});
}

TEST_CASE("contact policy: priority comes before the due date", "[contact_policy]") {
  auto older_low = due_today("13800138000", 40, "V1", "lead_sms");
  older_low.due_on = kToday.plus_days(-1);
  auto verdicts =
      allocate_sms({older_low, due_today("13800138000", 50, "V1")}, {}, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::defer, SmsVerdict::send});
}

TEST_CASE("contact policy: a per-day limit of two lets two go", "[contact_policy]") {
  auto verdicts = allocate_sms(
      {due_today("13800138000", 50, "V1"), due_today("13800138000", 50, "V2"),
       due_today("13800138000", 50, "V3")},
      {}, kToday, policy(2, 7));
  CHECK(std::count(verdicts.begin(), verdicts.end(), SmsVerdict::send) == 2);
  CHECK(std::count(verdicts.begin(), verdicts.end(), SmsVerdict::defer) == 1);
}

TEST_CASE("contact policy: a phone with its week's SMS gets none today", "[contact_policy]") {
  SentThisWeek sent = {{"13800138000", 3}};
  auto verdicts = allocate_sms({due_today("13800138000", 50, "V1")}, sent, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::defer});
}

TEST_CASE("contact policy: a phone below its weekly limit gets one today", "[contact_policy]") {
  SentThisWeek sent = {{"13800138000", 2}};
  auto verdicts = allocate_sms({due_today("13800138000", 50, "V1")}, sent, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::send});
}

TEST_CASE("contact policy: today's SMS count towards the week", "[contact_policy]") {
  // Two sent this week, a per-day limit of 5: only one more fits in the week of 3.
  SentThisWeek sent = {{"13800138000", 2}};
  auto verdicts = allocate_sms(
      {due_today("13800138000", 50, "V1"), due_today("13800138000", 50, "V2")}, sent, kToday,
      policy(5, 3));
  CHECK(std::count(verdicts.begin(), verdicts.end(), SmsVerdict::send) == 1);
}

TEST_CASE("contact policy: another phone's week does not count", "[contact_policy]") {
  SentThisWeek sent = {{"13900139000", 3}};
  auto verdicts = allocate_sms({due_today("13800138000", 50, "V1")}, sent, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::send});
}

TEST_CASE("contact policy: a loser on its last send date is skipped", "[contact_policy]") {
  auto last_day = due_today("13800138000", 40, "V1", "lead_sms");
  last_day.last_send = kToday;
  auto verdicts =
      allocate_sms({last_day, due_today("13800138000", 50, "V1")}, {}, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::skip, SmsVerdict::send});
}

TEST_CASE("contact policy: a loser with a day left is deferred", "[contact_policy]") {
  auto one_day_left = due_today("13800138000", 40, "V1", "lead_sms");
  one_day_left.last_send = kToday.plus_days(1);
  auto verdicts =
      allocate_sms({one_day_left, due_today("13800138000", 50, "V1")}, {}, kToday, kShipped);
  CHECK(verdicts == std::vector<SmsVerdict>{SmsVerdict::defer, SmsVerdict::send});
}

TEST_CASE("contact policy: the verdicts do not depend on the candidates' order",
          "[contact_policy]") {
  auto high = due_today("13800138000", 50, "V1");
  auto low = due_today("13800138000", 40, "V2", "lead_sms");
  CHECK(allocate_sms({high, low}, {}, kToday, kShipped) ==
        std::vector<SmsVerdict>{SmsVerdict::send, SmsVerdict::defer});
  CHECK(allocate_sms({low, high}, {}, kToday, kShipped) ==
        std::vector<SmsVerdict>{SmsVerdict::defer, SmsVerdict::send});
}
