// Unit tests of the dealer and car-wash parts of load_rule_set: the shipped rule files hold
// every row of SPEC 2.2 and 2.3 with its parameters, the dealer's tables (warranty terms,
// maintenance intervals, the inspection schedule, the projection) are read and digested, and
// each new check reports its problem located as "file:line:column: what".
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "support/temp_dir.hpp"

using ownercare::rules::AnchorKind;
using ownercare::rules::Channel;
using ownercare::rules::SubjectKind;
using ownercare::test::source_dir;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

const ownercare::rules::RuleSet& shipped() {
  static const auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  return set;
}

// A rules folder with the real policy and calendar and one rule file under test.
struct RuleFolder {
  TempDir dir;
  std::filesystem::path folder = dir / "rules";

  RuleFolder() {
    std::filesystem::create_directories(folder);
    for (const char* name : {"policy.toml", "holidays.toml"}) {
      std::filesystem::copy_file(source_dir() / "rules" / name, folder / name);
    }
  }
  void write(const std::string& name, const std::string& text) { write_text(folder / name, text); }
  ownercare::rules::RuleSet load() const { return ownercare::rules::load_rule_set(folder); }
  std::vector<std::string> errors() const {
    try {
      load();
    } catch (const ownercare::UsageError& error) {
      return error.messages();
    }
    return {};
  }
};

bool has_error(const std::vector<std::string>& errors, const std::string& located,
               const std::string& part) {
  for (const auto& error : errors) {
    if (error.rfind(located, 0) == 0 && error.find(part) != std::string::npos) return true;
  }
  return false;
}

const char* kCallRule = R"([[rule]]
name = "callback"
subject = "order"
anchor = "closed"

[[rule.step]]
name = "d1_call"
day = 1
channel = "call"
reason = "ask"
)";

}  // namespace

// --- the shipped dealer rules ---------------------------------------------------------------

TEST_CASE("dealer rules: the new-car call is on sale date + 7", "[dealer_rules]") {
  const auto* rule = shipped().find("new_car_call");
  REQUIRE(rule);
  CHECK(rule->subject == SubjectKind::vehicle);
  CHECK(rule->anchor == AnchorKind::sale_date);
  REQUIRE(rule->steps.size() == 1);
  CHECK(rule->steps[0].day == 7);
  CHECK(rule->steps[0].channel == Channel::call);
}

TEST_CASE("dealer rules: every repair and maintenance order gets a callback, then an SMS",
          "[dealer_rules]") {
  const auto* rule = shipped().find("service_callback");
  REQUIRE(rule);
  CHECK(rule->subject == SubjectKind::order);
  CHECK(rule->anchor == AnchorKind::closed);
  REQUIRE(rule->when.size() == 1);
  CHECK(rule->when[0].field == "type");
  CHECK(rule->when[0].values ==
        std::vector<std::string>{"repair", "maintenance", "first_maintenance", "warranty"});
  REQUIRE(rule->steps.size() == 2);
  const auto& call = rule->steps[0];
  CHECK(call.day == 1);
  CHECK(call.max_attempts == 3);
  CHECK(call.windows.size() == 3);
  const auto& sms = rule->steps[1];
  CHECK(sms.channel == Channel::sms);
  CHECK(sms.after == "d1_call");
  CHECK(sms.day == 1);  // takes the call's day, to sort after it
  // A step sent after a call is not part of the day range the rule looks at.
  CHECK(rule->first_day() == 1);
  CHECK(rule->last_day() == 1);
}

TEST_CASE("dealer rules: reminders come before their due dates", "[dealer_rules]") {
  auto days = [](const char* name) {
    std::vector<int> list;
    for (const auto& step : shipped().find(name)->steps) list.push_back(step.day);
    return list;
  };
  CHECK(days("first_service_reminder") == std::vector<int>{-14, -7});
  CHECK(days("service_reminder") == std::vector<int>{-7, -3});
  CHECK(days("inspection_notice") == std::vector<int>{-30});
  CHECK(days("warranty_expiry") == std::vector<int>{-30});  // seed 002: 30 days before
  CHECK(days("birthday_greeting") == std::vector<int>{0});
  CHECK(days("holiday_greeting") == std::vector<int>{-1});
  CHECK(days("card_expiry") == std::vector<int>{-15, -3});
  CHECK(shipped().find("warranty_expiry")->anchor == AnchorKind::warranty_end);
  CHECK(shipped().find("inspection_notice")->anchor == AnchorKind::inspection_due);
}

TEST_CASE("dealer rules: lost customers after 12 months, low balance under 50 yuan",
          "[dealer_rules]") {
  const auto* lost = shipped().find("lost_customer");
  CHECK(lost->anchor == AnchorKind::last_visit);
  CHECK(lost->after_months == 12);
  CHECK(lost->title == "久不返厂挽留：12个月没有任何维修保养工单");
  const auto* low = shipped().find("low_balance");
  CHECK(low->anchor == AnchorKind::balance_low);
  CHECK(low->balance_below == 50);
}

TEST_CASE("dealer rules: the warranty is 3 years or 100,000 km (seed 002)", "[dealer_rules]") {
  const auto& terms = shipped().terms;
  REQUIRE_FALSE(terms.warranty.empty());
  CHECK(terms.warranty[0].brand == "*");
  CHECK(terms.warranty[0].years == 3);
  CHECK(terms.warranty[0].km == 100000);
  CHECK(terms.projection.min_days == 30);
  CHECK(terms.projection.default_daily_km == 40);
  CHECK(terms.digest.size() == 64);
}

TEST_CASE("dealer rules: maintenance intervals and the inspection schedule are in the files",
          "[dealer_rules]") {
  const auto& terms = shipped().terms;
  REQUIRE(terms.maintenance.size() == 1);
  CHECK(terms.maintenance[0].first_km == 5000);
  CHECK(terms.maintenance[0].first_months == 6);
  CHECK(terms.maintenance[0].interval_km == 10000);
  CHECK(terms.maintenance[0].interval_months == 12);
  REQUIRE(terms.inspection.size() == 8);
  CHECK(terms.inspection[0].category == "passenger");
  CHECK(terms.inspection[0].until_age == 10);
  CHECK(terms.inspection[0].every_months == 24);
  CHECK(terms.inspection.back().category == "*");
}

TEST_CASE("dealer rules: office numbers are called in office hours by default",
          "[dealer_rules]") {
  const auto& hours = shipped().policy.office_hours;
  REQUIRE(hours.size() == 2);
  CHECK(hours[0].text() == "09:00-11:30");
  CHECK(hours[1].text() == "14:00-17:30");
}

// --- the tables ---------------------------------------------------------------------------

TEST_CASE("dealer rules: a file of tables alone needs no rule", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", kCallRule);
  folder.write("terms.toml", "[[warranty]]\nbrand = \"X\"\nyears = 2\nkm = 60000\n");
  auto set = folder.load();
  REQUIRE(set.terms.warranty.size() == 1);
  CHECK(set.terms.warranty[0].brand == "X");
  CHECK(set.terms.warranty[0].model == "*");
  CHECK(set.terms.warranty[0].years == 2);
  CHECK(set.terms.warranty[0].km == 60000);
}

TEST_CASE("dealer rules: without tables the defaults of the seeds apply", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", kCallRule);
  auto set = folder.load();
  REQUIRE(set.terms.warranty.size() == 1);
  CHECK(set.terms.warranty[0].years == 3);
  CHECK(set.terms.warranty[0].km == 100000);
  CHECK(set.terms.maintenance.size() == 1);
  CHECK(set.terms.inspection.size() == 1);
}

TEST_CASE("dealer rules: the tables' digest changes with a term, not with a text",
          "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", kCallRule);
  folder.write("terms.toml", "[[warranty]]\nyears = 3\nkm = 100000\n");
  auto first = folder.load();
  folder.write("a.toml", std::string(kCallRule) + "# a comment changes the rules digest\n");
  auto second = folder.load();
  folder.write("terms.toml", "[[warranty]]\nyears = 3\nkm = 120000\n");
  auto third = folder.load();
  CHECK(first.digest != second.digest);
  CHECK(first.terms.digest == second.terms.digest);
  CHECK(second.terms.digest != third.terms.digest);
}

TEST_CASE("dealer rules: a wrong term is located", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", kCallRule);
  folder.write("terms.toml", "[[warranty]]\nyears = 0\ncolour = \"red\"\n");
  auto errors = folder.errors();
  auto file = (folder.folder / "terms.toml").string();
  CHECK(has_error(errors, file + ":2:", "\"years\" is 0, must be from 1 to 30"));
  CHECK(has_error(errors, file + ":3:", "unknown key \"colour\" in [[warranty]]"));
}

// --- the checks ---------------------------------------------------------------------------

TEST_CASE("dealer rules: `after` must name a call step of the same rule", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", std::string(kCallRule) + R"(
[[rule.step]]
name = "fallback"
after = "d2_call"
channel = "sms"
text = "hello"
)");
  auto errors = folder.errors();
  CHECK(has_error(errors, (folder.folder / "a.toml").string() + ":12:",
                  "\"after\" must name a call step of the same rule, not \"d2_call\""));
}

TEST_CASE("dealer rules: `after` applies to SMS steps only", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", R"([[rule]]
name = "callback"
subject = "order"
anchor = "closed"

[[rule.step]]
name = "d1_call"
day = 1
channel = "call"
reason = "ask"
after = "d1_call"
)");
  auto errors = folder.errors();
  CHECK(has_error(errors, (folder.folder / "a.toml").string() + ":11:",
                  "\"after\" only applies to sms steps"));
}

TEST_CASE("dealer rules: hand-offs are for fleet rules", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", R"([[rule]]
name = "x"
subject = "vehicle"
anchor = "sale_date"

[[rule.step]]
name = "d7"
day = 7
channel = "handoff"
reason = "look"
)");
  CHECK(has_error(folder.errors(), (folder.folder / "a.toml").string() + ":9:",
                  "hand-off steps are for fleet rules"));
}

TEST_CASE("dealer rules: an anchor must belong to the subject kind", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", R"([[rule]]
name = "x"
subject = "order"
anchor = "sale_date"

[[rule.step]]
name = "d7"
day = 7
channel = "call"
reason = "ask"
)");
  CHECK(has_error(folder.errors(), (folder.folder / "a.toml").string() + ":4:",
                  "anchor \"sale_date\" is not one of closed for order rules"));
}

TEST_CASE("dealer rules: a low-balance rule needs its threshold, others may not have one",
          "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", R"([[rule]]
name = "low"
subject = "member"
anchor = "balance_low"

[[rule.step]]
name = "d0"
day = 0
channel = "sms"
text = "top up"

[[rule]]
name = "expiry"
subject = "member"
anchor = "card_expires"
balance_below = 30

[[rule.step]]
name = "d3"
day = -3
channel = "sms"
text = "renew"
)");
  auto errors = folder.errors();
  auto file = (folder.folder / "a.toml").string();
  CHECK(has_error(errors, file + ":1:", "needs \"balance_below\""));
  CHECK(has_error(errors, file + ":16:",
                  "\"balance_below\" only applies to rules anchored on balance_low"));
}

TEST_CASE("dealer rules: conditions and dispositions follow the subject kind",
          "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", R"([[rule]]
name = "x"
subject = "order"
anchor = "closed"
when = { status = -1 }

[[rule.step]]
name = "d1"
day = 1
channel = "call"
reason = "ask"
dispositions = ["never"]
)");
  auto errors = folder.errors();
  auto file = (folder.folder / "a.toml").string();
  CHECK(has_error(errors, file + ":5:", "\"when\" cannot test \"status\""));
  CHECK(has_error(errors, file + ":12:", "disposition \"never\" does not apply to order"));
}

TEST_CASE("dealer rules: a vehicle SMS may not use a member's placeholder", "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", R"([[rule]]
name = "x"
subject = "vehicle"
anchor = "birthday"

[[rule.step]]
name = "d0"
day = 0
channel = "sms"
text = "{balance}"
)");
  CHECK(has_error(folder.errors(), (folder.folder / "a.toml").string() + ":10:",
                  "placeholder {balance} is not defined for vehicle rules anchored on birthday"));
}

// --- numbers: NaN, infinity and values out of range (issue 8, fuzz findings) -----------------

namespace {

// A member rule anchored on balance_low with `balance_below = VALUE`.
std::string low_balance_rule(const std::string& value) {
  return "[[rule]]\nname = \"low\"\nsubject = \"member\"\nanchor = \"balance_low\"\n"
         "balance_below = " + value + "\n\n[[rule.step]]\nname = \"d0\"\nday = 0\n"
         "channel = \"sms\"\ntext = \"top up\"\n";
}

}  // namespace

TEST_CASE("dealer rules: balance_below refuses nan, infinities and values out of range",
          "[dealer_rules]") {
  for (const auto& [value, shown] :
       std::vector<std::pair<std::string, std::string>>{{"nan", "nan"},
                                                        {"+nan", "nan"},
                                                        {"inf", "inf"},
                                                        {"-inf", "-inf"},
                                                        {"-1", "-1"},
                                                        {"4294967299", "4294967299"}}) {
    INFO(value);
    RuleFolder folder;
    folder.write("a.toml", low_balance_rule(value));
    CHECK(has_error(folder.errors(), (folder.folder / "a.toml").string() + ":5:",
                    "\"balance_below\" is " + shown + ", must be from 0 to 10000000"));
  }
}

TEST_CASE("dealer rules: default_daily_km refuses nan and infinities", "[dealer_rules]") {
  for (const char* value : {"nan", "inf", "-inf", "0.5", "2001", "4294967299"}) {
    INFO(value);
    RuleFolder folder;
    folder.write("a.toml", kCallRule);
    folder.write("terms.toml", std::string("[projection]\ndefault_daily_km = ") + value + "\n");
    CHECK(has_error(folder.errors(), (folder.folder / "terms.toml").string() + ":2:",
                    std::string("\"default_daily_km\" is ") + value +
                        ", must be from 1 to 2000"));
  }
}

TEST_CASE("dealer rules: a whole-number term past 32 bits is refused, not truncated",
          "[dealer_rules]") {
  RuleFolder folder;
  folder.write("a.toml", kCallRule);
  folder.write("terms.toml", "[[warranty]]\nyears = 4294967299\n");
  CHECK(has_error(folder.errors(), (folder.folder / "terms.toml").string() + ":2:",
                  "\"years\" is 4294967299, must be from 1 to 30"));
}
