// Unit tests of the planner (SPEC 6.3): which steps of a rule are due for one subject on one
// date, which are missed past their grace, and which give way to a later step of the same run;
// and the last date a step may go out, which for a pre-holiday step is never on the holiday.
#include "ownercare/engine/planner.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

using ownercare::Date;
using ownercare::engine::last_send_date;
using ownercare::engine::plan_steps;
using ownercare::engine::PlannedStep;
using ownercare::engine::StepDecision;
using ownercare::rules::Channel;
using ownercare::rules::Rule;
using ownercare::rules::Step;

namespace {

Step step_of(const std::string& name, int day, Channel channel) {
  Step step;
  step.name = name;
  step.day = day;
  step.channel = channel;
  return step;
}

// The status -1 cadence of seed 000, grace 2 days.
Rule offline_rule() {
  Rule rule;
  rule.name = "offline_no_login";
  rule.grace_days = 2;
  rule.steps = {step_of("d0_sms", 0, Channel::sms),     step_of("d3_sms", 3, Channel::sms),
                step_of("d4_call", 4, Channel::call),   step_of("d7_sms", 7, Channel::sms),
                step_of("d15_sms", 15, Channel::sms),   step_of("d30_sms", 30, Channel::sms),
                step_of("d31_handoff", 31, Channel::handoff)};
  return rule;
}

// The status 0 cadence: an SMS and a call on days 15 and 30.
Rule paused_rule() {
  Rule rule;
  rule.name = "owner_paused";
  rule.grace_days = 2;
  rule.steps = {step_of("d5_sms", 5, Channel::sms),     step_of("d10_sms", 10, Channel::sms),
                step_of("d15_sms", 15, Channel::sms),   step_of("d15_call", 15, Channel::call),
                step_of("d30_sms", 30, Channel::sms),   step_of("d30_call", 30, Channel::call),
                step_of("d31_handoff", 31, Channel::handoff)};
  return rule;
}

Rule holiday_rule(int day, int grace_days) {
  Rule rule;
  rule.name = "pre_holiday";
  rule.grace_days = grace_days;
  rule.steps = {step_of("lead_sms", day, Channel::sms)};
  return rule;
}

const Date kStart(2026, 3, 1);
const Date kHoliday(2026, 10, 1);

// "name:decision" for each planned step, in the order returned.
std::vector<std::string> summary(const std::vector<PlannedStep>& planned) {
  std::vector<std::string> lines;
  for (const auto& item : planned) {
    const char* decision = item.decision == StepDecision::send     ? "send"
                           : item.decision == StepDecision::missed ? "missed"
                                                                   : "superseded";
    lines.push_back(item.step->name + ":" + decision);
  }
  return lines;
}

}  // namespace

TEST_CASE("planner: day 0 sends the first step on the episode's first day", "[planner]") {
  auto rule = offline_rule();
  auto planned = plan_steps(rule, kStart, kStart, {});
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].step->name == "d0_sms");
  CHECK(planned[0].due_on == kStart);
  CHECK(planned[0].decision == StepDecision::send);
}

TEST_CASE("planner: nothing is due before a step's day", "[planner]") {
  auto rule = paused_rule();
  CHECK(plan_steps(rule, kStart, kStart.plus_days(4), {}).empty());
}

TEST_CASE("planner: a step with a task already is not planned again", "[planner]") {
  auto rule = offline_rule();
  CHECK(plan_steps(rule, kStart, kStart.plus_days(1), {"d0_sms"}).empty());
}

TEST_CASE("planner: a step late by its grace days still goes", "[planner]") {
  auto rule = offline_rule();
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(2), {})) ==
        std::vector<std::string>{"d0_sms:send"});
}

TEST_CASE("planner: a step later than its grace is missed", "[planner]") {
  auto rule = offline_rule();
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(3), {})) ==
        std::vector<std::string>{"d0_sms:missed", "d3_sms:send"});
}

TEST_CASE("planner: of several steps within grace only the latest day goes", "[planner]") {
  auto rule = offline_rule();
  // d3 (one day late) and d4 are both within grace on day 4; d0 is past its grace.
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(4), {})) ==
        std::vector<std::string>{"d0_sms:missed", "d3_sms:superseded", "d4_call:send"});
}

TEST_CASE("planner: an SMS and a call of the same day both go", "[planner]") {
  auto rule = paused_rule();
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(15), {"d5_sms", "d10_sms"})) ==
        std::vector<std::string>{"d15_sms:send", "d15_call:send"});
}

TEST_CASE("planner: a superseded step and a same-day pair together", "[planner]") {
  auto rule = paused_rule();
  // Day 16: d10 is 6 days late (missed); d15 SMS and call both one day late, both go.
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(16), {"d5_sms"})) ==
        std::vector<std::string>{"d10_sms:missed", "d15_sms:send", "d15_call:send"});
  // Day 12: d10 two days late is still within grace.
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(12), {"d5_sms"})) ==
        std::vector<std::string>{"d10_sms:send"});
}

TEST_CASE("planner: a subject first seen mid-cadence starts at the current step",
          "[planner]") {
  auto rule = offline_rule();
  auto planned = plan_steps(rule, kStart, kStart.plus_days(16), {});
  CHECK(summary(planned) == std::vector<std::string>{"d0_sms:missed", "d3_sms:missed",
                                                     "d4_call:missed", "d7_sms:missed",
                                                     "d15_sms:send"});
  CHECK(planned.back().due_on == kStart.plus_days(15));
}

TEST_CASE("planner: every step missed leaves nothing to send", "[planner]") {
  auto rule = offline_rule();
  auto planned = plan_steps(rule, kStart, kStart.plus_days(40), {});
  REQUIRE(planned.size() == 7);
  for (const auto& item : planned) CHECK(item.decision == StepDecision::missed);
}

TEST_CASE("planner: a grace of zero misses a step the day after", "[planner]") {
  auto rule = offline_rule();
  rule.grace_days = 0;
  CHECK(summary(plan_steps(rule, kStart, kStart.plus_days(1), {})) ==
        std::vector<std::string>{"d0_sms:missed"});
}

TEST_CASE("planner: the last send date is the due date plus grace", "[planner]") {
  auto rule = offline_rule();
  CHECK(last_send_date(rule, rule.steps[1], kStart) == kStart.plus_days(5));
}

TEST_CASE("planner: a pre-holiday step may go until the day before the holiday",
          "[planner]") {
  auto rule = holiday_rule(-3, 2);
  CHECK(last_send_date(rule, rule.steps[0], kHoliday) == Date(2026, 9, 30));
}

TEST_CASE("planner: a pre-holiday step never goes on the holiday, whatever the grace",
          "[planner]") {
  auto rule = holiday_rule(-3, 5);
  CHECK(last_send_date(rule, rule.steps[0], kHoliday) == Date(2026, 9, 30));
  auto eve = holiday_rule(-1, 2);
  CHECK(last_send_date(eve, eve.steps[0], kHoliday) == Date(2026, 9, 30));
}

TEST_CASE("planner: a pre-holiday step is sent before the holiday and missed on it",
          "[planner]") {
  auto rule = holiday_rule(-3, 2);
  CHECK(summary(plan_steps(rule, kHoliday, Date(2026, 9, 28), {})) ==
        std::vector<std::string>{"lead_sms:send"});
  CHECK(summary(plan_steps(rule, kHoliday, Date(2026, 9, 30), {})) ==
        std::vector<std::string>{"lead_sms:send"});
  CHECK(summary(plan_steps(rule, kHoliday, kHoliday, {})) ==
        std::vector<std::string>{"lead_sms:missed"});
  CHECK(plan_steps(rule, kHoliday, Date(2026, 9, 27), {}).empty());
}
