// Unit tests of load_rule_set: the shipped rules/ folder loads as the briefing describes it,
// and each check of a rules folder reports its problem located as "file:line:column: what",
// every problem of a file together in one UsageError.
//
// The broken rule files are written into a TempDir beside copies of the real policy.toml and
// holidays.toml, so only the file under test is wrong. Lines are found by searching the text
// for a marker, so a test stays right when its text changes.
#include "ownercare/rules/rule_set.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::rules::AnchorKind;
using ownercare::rules::Channel;
using ownercare::rules::RuleSet;
using ownercare::test::source_dir;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

// A rules folder in a TempDir with the real policy and calendar.
struct RuleFolder {
  TempDir dir;
  std::filesystem::path folder = dir / "rules";

  RuleFolder() {
    std::filesystem::create_directories(folder);
    std::filesystem::copy_file(source_dir() / "rules" / "policy.toml", folder / "policy.toml");
    std::filesystem::copy_file(source_dir() / "rules" / "holidays.toml",
                               folder / "holidays.toml");
  }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    write_text(folder / name, text);
    return folder / name;
  }

  // The messages of the UsageError load_rule_set throws; empty when it loads.
  std::vector<std::string> errors() const {
    try {
      ownercare::rules::load_rule_set(folder);
    } catch (const ownercare::UsageError& error) {
      return error.messages();
    }
    return {};
  }
};

// 1-based line of the first line of `text` holding `marker`.
int line_of(const std::string& text, const std::string& marker) {
  auto at = text.find(marker);
  REQUIRE(at != std::string::npos);
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return line;
}

// Whether `message` reads "FILE:LINE:COLUMN: ..." with LINE in [first, last].
bool located_between(const std::string& message, const std::filesystem::path& file, int first,
                     int last) {
  std::string prefix = file.string() + ":";
  if (message.compare(0, prefix.size(), prefix) != 0) return false;
  std::size_t at = prefix.size();
  auto number = [&](int& value) {
    std::size_t start = at;
    value = 0;
    while (at < message.size() && std::isdigit(static_cast<unsigned char>(message[at]))) {
      value = value * 10 + (message[at++] - '0');
    }
    return at > start;
  };
  int line = 0;
  int column = 0;
  if (!number(line) || at >= message.size() || message[at++] != ':') return false;
  if (!number(column) || message.compare(at, 2, ": ") != 0) return false;
  return first <= line && line <= last && column > 0;
}

// The first message located on a line of [first, last] of `file`, or "" when there is none.
std::string message_between(const std::vector<std::string>& errors,
                            const std::filesystem::path& file, int first, int last) {
  for (const auto& message : errors) {
    if (located_between(message, file, first, last)) return message;
  }
  return "";
}

std::string message_at(const std::vector<std::string>& errors, const std::filesystem::path& file,
                       int line) {
  return message_between(errors, file, line, line);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string all_lines(const std::vector<std::string>& errors) {
  std::string text;
  for (const auto& message : errors) text += message + "\n";
  return text;
}

// A rule for status 0 with room for more rule keys (`extra`), followed by `steps`.
std::string paused_rule(const std::string& steps, const std::string& extra = "",
                        const std::string& name = "paused") {
  return "[[rule]]\n"
         "name = \"" + name + "\"\n"
         "subject = \"fleet\"\n"
         "anchor = \"episode_start\"\n"
         "when = { status = 0 }\n" +
         extra + steps;
}

std::string sms_step(const std::string& name, int day, const std::string& extra = "",
                     const std::string& text = "{plate_masked}已暂停出租{days}天。") {
  return "\n[[rule.step]]\n"
         "name = \"" + name + "\"\n"
         "day = " + std::to_string(day) + "\n"
         "channel = \"sms\"\n"
         "text = \"" + text + "\"\n" +
         extra;
}

std::string call_step(const std::string& name, int day, const std::string& extra = "") {
  return "\n[[rule.step]]\n"
         "name = \"" + name + "\"\n"
         "day = " + std::to_string(day) + "\n"
         "channel = \"call\"\n"
         "reason = \"了解原因\"\n" +
         extra;
}

const std::string kDefaults = "[defaults]\nsignature = \"【享车管家】\"\n\n";
const std::string kDefaultsWithOptOut =
    "[defaults]\nsignature = \"【享车管家】\"\nopt_out = \"回T退订\"\n\n";

std::vector<std::string> step_names(const ownercare::rules::Rule& rule) {
  std::vector<std::string> names;
  for (const auto& step : rule.steps) names.push_back(step.name);
  return names;
}

std::vector<int> step_days(const ownercare::rules::Rule& rule) {
  std::vector<int> days;
  for (const auto& step : rule.steps) days.push_back(step.day);
  return days;
}

}  // namespace

// --- the shipped rules -------------------------------------------------------------------

TEST_CASE("rule set: the shipped rules folder loads its rules in file order", "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  std::vector<std::string> names;
  for (const auto& rule : set.rules) names.push_back(rule.name);
  CHECK(names == std::vector<std::string>{
                     // carwash.toml
                     "wash_callback", "card_expiry", "low_balance",
                     // dealer_care.toml
                     "new_car_call", "service_callback", "first_service_reminder",
                     "service_reminder", "inspection_notice", "birthday_greeting",
                     "holiday_greeting", "lost_customer",
                     // fleet_status.toml
                     "offline_no_login", "auto_unrentable", "owner_paused", "pre_holiday",
                     // warranty.toml
                     "warranty_expiry"});
  CHECK(set.digest.size() == 64);
}

TEST_CASE("rule set: the status -1 and -2 rules have the steps of seed 000", "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  for (const char* name : {"offline_no_login", "auto_unrentable"}) {
    INFO(name);
    const auto* rule = set.find(name);
    REQUIRE(rule);
    CHECK(step_names(*rule) == std::vector<std::string>{"d0_sms", "d3_sms", "d4_call", "d7_sms",
                                                         "d15_sms", "d30_sms", "d31_handoff"});
    CHECK(step_days(*rule) == std::vector<int>{0, 3, 4, 7, 15, 30, 31});
    CHECK(rule->steps[2].channel == Channel::call);
    CHECK(rule->steps[6].channel == Channel::handoff);
    CHECK(rule->anchor == AnchorKind::episode_start);
    CHECK(rule->priority == 50);
    CHECK(rule->grace_days == 2);
    CHECK(rule->signature == "【享车管家】");
  }
  REQUIRE(set.find("offline_no_login")->when.size() == 1);
  CHECK(set.find("offline_no_login")->when[0].field == "status");
  CHECK(set.find("offline_no_login")->when[0].values == std::vector<std::string>{"-1"});
  CHECK(set.find("auto_unrentable")->when[0].values == std::vector<std::string>{"-2"});
}

TEST_CASE("rule set: rule titles have the file's params filled in", "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  CHECK(set.find("offline_no_login")->title == "状态-1：连续30天未登录App，系统自动下线");
  CHECK(set.find("auto_unrentable")->title == "状态-2：拒单率或无响应率超过80%，系统自动设为不可租");
  CHECK(set.find("offline_no_login")->params.at("login_days") == "30");
}

TEST_CASE("rule set: the status 0 rule has its SMS and calls on the days of seed 000",
          "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  const auto* rule = set.find("owner_paused");
  REQUIRE(rule);
  CHECK(step_names(*rule) == std::vector<std::string>{"d5_sms", "d10_sms", "d15_sms", "d15_call",
                                                       "d30_sms", "d30_call", "d31_handoff"});
  CHECK(step_days(*rule) == std::vector<int>{5, 10, 15, 15, 30, 30, 31});
  CHECK(rule->when[0].values == std::vector<std::string>{"0"});
}

TEST_CASE("rule set: the pre-holiday rule sends three days before, at lower priority",
          "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  const auto* rule = set.find("pre_holiday");
  REQUIRE(rule);
  CHECK(rule->anchor == AnchorKind::holiday);
  CHECK(rule->priority == 40);
  CHECK(step_names(*rule) == std::vector<std::string>{"lead_sms"});
  CHECK(step_days(*rule) == std::vector<int>{-3});
  CHECK(rule->when[0].values == std::vector<std::string>{"0", "-1", "-2"});
  CHECK(set.look_ahead_days() == 3);
}

TEST_CASE("rule set: the shipped calls have three windows, three tries, three nights",
          "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  const auto& call = set.find("offline_no_login")->steps[2];
  REQUIRE(call.windows.size() == 3);
  CHECK(call.windows[0].text() == "09:00-11:30");
  CHECK(call.windows[1].text() == "14:00-16:30");
  CHECK(call.windows[2].text() == "16:30-19:00");
  CHECK(call.max_attempts == 3);
  CHECK(call.expire_days == 3);
  CHECK(call.dispositions ==
        std::vector<std::string>{"relist", "wait", "never", "callback", "do_not_call"});
  CHECK(set.find("offline_no_login")->steps[0].send_at == 9 * 60);
}

TEST_CASE("rule set: the shipped contact policy", "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  CHECK(set.policy.sms_per_phone_per_day == 1);
  CHECK(set.policy.sms_per_phone_per_week == 3);
  CHECK(set.policy.sms_earliest == 8 * 60);
  CHECK(set.policy.sms_latest == 21 * 60);
  REQUIRE(set.policy.call_hours.size() == 2);
  CHECK(set.policy.call_hours[0].text() == "09:00-11:30");
  CHECK(set.policy.call_hours[1].text() == "14:00-19:00");
}

TEST_CASE("rule set: the shipped calendar is loaded", "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  CHECK_FALSE(set.calendar.empty());
  CHECK(set.calendar.covers(Date(2026, 12, 31)));
  auto october = set.calendar.holidays_between(Date(2026, 10, 1), Date(2026, 10, 1));
  REQUIRE(october.size() == 1);
  CHECK(october[0].name == "国庆节");
}

TEST_CASE("rule set: the shipped rules load without warnings", "[rule_set]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  INFO(all_lines(set.warnings));
  CHECK(set.warnings.empty());
}

// --- a small valid folder ------------------------------------------------------------------

TEST_CASE("rule set: a small rule file loads", "[rule_set]") {
  RuleFolder rules;
  rules.write("paused.toml", kDefaults + paused_rule(sms_step("d5_sms", 5) +
                                                      call_step("d15_call", 15)));
  INFO(all_lines(rules.errors()));
  auto set = ownercare::rules::load_rule_set(rules.folder);
  REQUIRE(set.rules.size() == 1);
  CHECK(set.rules[0].file == "paused.toml");
  CHECK(step_names(set.rules[0]) == std::vector<std::string>{"d5_sms", "d15_call"});
}

// --- checks, each located ----------------------------------------------------------------

TEST_CASE("rule check: an unknown key in a rule is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5), "colour = \"red\"\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "colour"));
  CHECK(contains(message, "unknown key \"colour\""));
}

TEST_CASE("rule check: an unknown key in a step is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5, "tone = \"friendly\"\n"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "tone"));
  CHECK(contains(message, "unknown key \"tone\""));
}

TEST_CASE("rule check: an unknown key in [defaults] is located", "[rule_set]") {
  RuleFolder rules;
  auto text = "[defaults]\nsignature = \"【享车管家】\"\nsend_time = \"09:00\"\n\n" +
              paused_rule(sms_step("d5_sms", 5));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "send_time"));
  CHECK(contains(message, "unknown key \"send_time\""));
}

TEST_CASE("rule check: a day written as a string is a wrong type", "[rule_set]") {
  RuleFolder rules;
  auto step = "\n[[rule.step]]\nname = \"d3_sms\"\nday = \"3\"\nchannel = \"sms\"\n"
              "text = \"{plate_masked}\"\n";
  auto text = kDefaults + paused_rule(step);
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "day = \"3\""));
  CHECK(contains(message, "\"day\" must be"));
}

TEST_CASE("rule check: an unknown channel is located", "[rule_set]") {
  RuleFolder rules;
  auto step = "\n[[rule.step]]\nname = \"d3_fax\"\nday = 3\nchannel = \"fax\"\n"
              "reason = \"x\"\n";
  auto text = kDefaults + paused_rule(step);
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "\"fax\""));
  CHECK(contains(message, "channel \"fax\""));
}

TEST_CASE("rule check: an unknown placeholder is located at its step", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5, "", "{plate_masked}和{foo}"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_between(errors, file, line_of(text, "[[rule.step]]"),
                                 line_of(text, "{foo}"));
  CHECK(contains(message, "{foo}"));
  CHECK(contains(message, "d5_sms"));
}

TEST_CASE("rule check: a fallback_text may not use an optional placeholder", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults +
              paused_rule(sms_step("d5_sms", 5, "fallback_text = \"{owner_name}您好\"\n",
                                   "{owner_name}您好，{plate_masked}"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_between(errors, file, line_of(text, "[[rule.step]]"),
                                 line_of(text, "fallback_text"));
  CHECK(contains(message, "fallback_text"));
}

TEST_CASE("rule check: an optional placeholder without fallback is only a warning",
          "[rule_set]") {
  RuleFolder rules;
  rules.write("paused.toml",
              kDefaultsWithOptOut +
                  paused_rule(sms_step("d5_sms", 5, "", "{owner_name}您好，{plate_masked}")));
  auto set = ownercare::rules::load_rule_set(rules.folder);
  REQUIRE(set.warnings.size() == 1);
  CHECK(contains(set.warnings[0], "d5_sms"));
}

TEST_CASE("rule check: an SMS longer than max_segments is located at its step", "[rule_set]") {
  RuleFolder rules;
  std::string long_text;
  for (int i = 0; i < 140; ++i) long_text += "车";  // 146 with the signature: 3 parts
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5, "", long_text));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_between(errors, file, line_of(text, "[[rule.step]]"),
                                 line_of(text, "text = "));
  CHECK(contains(message, "max_segments"));
}

TEST_CASE("rule check: an SMS of exactly two parts passes max_segments = 2", "[rule_set]") {
  RuleFolder rules;
  std::string text_128;
  for (int i = 0; i < 128; ++i) text_128 += "车";  // 134 with the signature: 2 parts
  rules.write("paused.toml", kDefaults + paused_rule(sms_step("d5_sms", 5, "", text_128)));
  INFO(all_lines(rules.errors()));
  CHECK(rules.errors().empty());
}

TEST_CASE("rule check: two steps of one channel on the same day overlap", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5) + sms_step("d5_again", 5));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  auto second_step = line_of(text, "d5_again");
  auto message = message_between(errors, file, second_step - 1, second_step);
  CHECK(contains(message, "overlaps"));
}

TEST_CASE("rule check: an SMS and a call on the same day do not overlap", "[rule_set]") {
  RuleFolder rules;
  rules.write("paused.toml", kDefaults + paused_rule(sms_step("d15_sms", 15) +
                                                      call_step("d15_call", 15)));
  INFO(all_lines(rules.errors()));
  CHECK(rules.errors().empty());
}

TEST_CASE("rule check: a holiday step on or after the holiday is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults +
              "[[rule]]\nname = \"holiday\"\nsubject = \"fleet\"\nanchor = \"holiday\"\n"
              "when = { status = [0, -1, -2] }\n" +
              sms_step("on_the_day", 0, "", "{holiday}快乐，{plate_masked}");
  auto file = rules.write("holiday.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  auto message = message_between(errors, file, line_of(text, "[[rule.step]]"),
                                 line_of(text, "day = 0"));
  CHECK(contains(message, "before the holiday"));
}

TEST_CASE("rule check: an SMS sent outside the policy's hours is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5, "send_at = \"22:00\"\n"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  auto message = message_between(errors, file, line_of(text, "[[rule.step]]"),
                                 line_of(text, "send_at"));
  CHECK(contains(message, "22:00"));
}

TEST_CASE("rule check: a call window outside the call hours is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(call_step("d15_call", 15, "windows = [\"12:00-13:00\"]\n"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  auto message = message_between(errors, file, line_of(text, "[[rule.step]]"),
                                 line_of(text, "windows"));
  CHECK(contains(message, "12:00-13:00"));
}

TEST_CASE("rule check: a condition on an unknown field is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults +
              "[[rule]]\nname = \"paused\"\nsubject = \"fleet\"\nanchor = \"episode_start\"\n"
              "when = { status = 0, colour = \"red\" }\n" +
              sms_step("d5_sms", 5);
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "colour"));
  CHECK(contains(message, "colour"));
}

TEST_CASE("rule check: a title may only use the file's params", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + "[params]\nlogin_days = 30\n\n" +
              paused_rule(sms_step("d5_sms", 5), "title = \"{login_days}天 {plate_masked}\"\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "title"));
  CHECK(contains(message, "[params]"));
}

// --- placeholders a sent text would carry as they stand (issue 8, point 14) ----------------

TEST_CASE("rule check: a placeholder inside a param value is located at the param",
          "[rule_set]") {
  // A param is put into a text as written: {days} would reach the owner's phone literally.
  RuleFolder rules;
  auto text = "[params]\nlogin_days = \"{days}\"\n\n" + kDefaults +
              paused_rule(sms_step("d5_sms", 5, "", "{plate_masked}已{login_days}天未登录"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == file.string() +
                         ":2:14: param \"login_days\" is \"{days}\": a param goes into texts as "
                         "written, so \"{days}\" would be sent as it stands");
}

TEST_CASE("rule check: a param holding a placeholder is refused even when no text uses it",
          "[rule_set]") {
  RuleFolder rules;
  auto text = "[params]\nhotline = \"400-{number}\"\n\n" + kDefaults +
              paused_rule(sms_step("d5_sms", 5));
  auto file = rules.write("paused.toml", text);
  CHECK(contains(message_at(rules.errors(), file, 2), "param \"hotline\""));
}

TEST_CASE("rule check: doubled braces that render as a placeholder are located at the text",
          "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5, "", "{plate_masked}已暂停{{days}}天"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == file.string() + ":" + std::to_string(line_of(text, "text =")) +
                         ":8: step \"d5_sms\" text would send \"{days}\" as it stands ({{ and }} "
                         "write a literal brace)");
}

TEST_CASE("rule check: a fallback_text that renders a placeholder is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5,
                                               "fallback_text = \"您好{{owner_name}}\"\n",
                                               "{owner_name}您好，{plate_masked}"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(contains(message_at(errors, file, line_of(text, "fallback_text")),
                 "step \"d5_sms\" fallback_text would send \"{owner_name}\" as it stands"));
}

TEST_CASE("rule check: a placeholder in a signature is located", "[rule_set]") {
  // The signature is put in front of every SMS as written.
  RuleFolder rules;
  auto text = "[defaults]\nsignature = \"【{brand}】\"\n\n" + paused_rule(sms_step("d5_sms", 5));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == file.string() +
                         ":2:13: \"signature\" would send \"{brand}\" as it stands: the signature "
                         "is not filled in");
}

TEST_CASE("rule check: a title that renders a placeholder is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5), "title = \"暂停{{days}}天\"\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(contains(message_at(errors, file, line_of(text, "title")),
                 "the title would show \"{days}\" as it stands ({{ and }} write a literal "
                 "brace)"));
}

TEST_CASE("rule check: a placeholder in a call's reason is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5) +
                                      "\n[[rule.step]]\nname = \"d15_call\"\nday = 15\n"
                                      "channel = \"call\"\nreason = \"暂停{days}天，了解原因\"\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(contains(message_at(errors, file, line_of(text, "reason =")),
                 "step \"d15_call\" reason would show \"{days}\" as it stands: a reason is not "
                 "filled in"));
}

TEST_CASE("rule check: a literal brace that is no placeholder passes", "[rule_set]") {
  RuleFolder rules;
  auto text = "[params]\nnote = \"{ 见官网\"\n\n" + kDefaults +
              paused_rule(sms_step("d5_sms", 5, "", "{plate_masked}已暂停{{ {note} }}"));
  rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(errors.empty());
}

TEST_CASE("rule check: a rule name defined twice is located at the second", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5)) + "\n" +
              paused_rule(sms_step("d10_sms", 10));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto second_rule = line_of(text, "d5_sms") + 5;  // after the first rule's step
  auto message = message_between(errors, file, second_rule, line_of(text, "d10_sms"));
  CHECK(contains(message, "already defined"));
}

TEST_CASE("rule check: a rule name defined in two files is refused", "[rule_set]") {
  RuleFolder rules;
  rules.write("a.toml", kDefaults + paused_rule(sms_step("d5_sms", 5)));
  auto text = kDefaults + paused_rule(sms_step("d10_sms", 10));
  auto file = rules.write("b.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "[[rule]]"));
  CHECK(contains(message, "already defined"));
}

TEST_CASE("rule check: a TOML syntax error is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + "[[rule]]\nname = \"paused\nsubject = \"fleet\"\n";
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  CHECK(located_between(errors[0], file, line_of(text, "name ="), line_of(text, "name =")));
}

TEST_CASE("rule check: a day past 32 bits is refused, not truncated to a small day",
          "[rule_set]") {
  // 4294967299 is 2^32 + 3: cast to int first, it loaded as day 3.
  RuleFolder rules;
  auto step = "\n[[rule.step]]\nname = \"d3_sms\"\nday = 4294967299\nchannel = \"sms\"\n"
              "text = \"{plate_masked}\"\n";
  auto text = kDefaults + paused_rule(step);
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  auto message = message_at(errors, file, line_of(text, "day = 4294967299"));
  CHECK(contains(message, "\"day\" is 4294967299, must be from -366 to 3660"));
}

TEST_CASE("rule check: holdout refuses nan, infinities and values out of range",
          "[rule_set]") {
  for (const char* value : {"nan", "-nan", "inf", "+inf", "-inf", "0.6", "4294967299"}) {
    INFO(value);
    RuleFolder rules;
    auto text = kDefaults + paused_rule(sms_step("d5_sms", 5),
                                        std::string("holdout = ") + value + "\n");
    auto file = rules.write("paused.toml", text);
    auto errors = rules.errors();
    INFO(all_lines(errors));
    std::string shown = value[0] == '+' ? value + 1 : value;
    if (shown == "-nan") shown = "nan";
    auto message = message_at(errors, file, line_of(text, "holdout"));
    CHECK(contains(message, "\"holdout\" is " + shown + ", must be from 0 to 0.5"));
  }
}

TEST_CASE("rule check: holdout in [defaults] refuses nan", "[rule_set]") {
  RuleFolder rules;
  auto text = "[defaults]\nholdout = nan\n\n" + paused_rule(sms_step("d5_sms", 5));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(contains(message_at(errors, file, 2), "\"holdout\" is nan, must be from 0 to 0.5"));
}

TEST_CASE("rule check: a whole-number key past 32 bits is refused", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5), "priority = 4294967299\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(contains(message_at(errors, file, line_of(text, "priority")),
                 "\"priority\" is 4294967299, must be from 0 to 1000"));
}

TEST_CASE("rule check: a param that is nan or infinite is refused", "[rule_set]") {
  for (const char* value : {"nan", "inf", "-inf"}) {
    INFO(value);
    RuleFolder rules;
    auto text = std::string("[params]\nrate = ") + value + "\n\n" + kDefaults +
                paused_rule(sms_step("d5_sms", 5));
    auto file = rules.write("paused.toml", text);
    auto errors = rules.errors();
    INFO(all_lines(errors));
    CHECK(contains(message_at(errors, file, 2),
                   std::string("param \"rate\" is ") + value +
                       ", must be a string or a finite number"));
  }
}

TEST_CASE("rule check: a full-width character outside quotes is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5), "priority = 60，\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == file.string() + ":" + std::to_string(line_of(text, "priority")) +
                         ":14: \"，\" (U+FF0C) stands outside a string or comment; TOML allows "
                         "non-ASCII characters only inside quotes and comments");
}

TEST_CASE("rule check: a table header without a name is located", "[rule_set]") {
  RuleFolder rules;
  auto text = kDefaults + "[{\n";
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == file.string() + ":" + std::to_string(line_of(text, "[{")) +
                         ":2: a table header needs a name: [name] or [[name]]");
}

TEST_CASE("rule check: every problem of a file comes in one error", "[rule_set]") {
  RuleFolder rules;
  auto step = "\n[[rule.step]]\nname = \"d3_sms\"\nday = \"3\"\nchannel = \"sms\"\n"
              "text = \"{plate_masked}\"\n"
              "\n[[rule.step]]\nname = \"d4_fax\"\nday = 4\nchannel = \"fax\"\n"
              "reason = \"x\"\n";
  auto text = kDefaults + paused_rule(step, "colour = \"red\"\n");
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  CHECK(errors.size() == 3);
  CHECK_FALSE(message_at(errors, file, line_of(text, "colour")).empty());
  CHECK_FALSE(message_at(errors, file, line_of(text, "day = \"3\"")).empty());
  CHECK_FALSE(message_at(errors, file, line_of(text, "\"fax\"")).empty());
}

TEST_CASE("rule check: the error is a usage error", "[rule_set]") {
  RuleFolder rules;
  rules.write("paused.toml", kDefaults + paused_rule(sms_step("d5_sms", 5), "colour = 1\n"));
  try {
    ownercare::rules::load_rule_set(rules.folder);
    FAIL("the broken rules loaded");
  } catch (const ownercare::UsageError& error) {
    CHECK(error.code() == ownercare::ExitCode::usage);
  }
}

// --- opt-out instructions (SPEC 3.7) -------------------------------------------------------

TEST_CASE("rule set: the shipped marketing SMS carry 回T退订, service callbacks do not",
          "[rule_set][optouts]") {
  auto set = ownercare::rules::load_rule_set(source_dir() / "rules");
  for (const auto& rule : set.rules) {
    INFO(rule.name);
    CHECK(rule.opt_out == "回T退订");
    for (const auto& step : rule.steps) {
      if (step.channel != Channel::sms) continue;
      INFO(step.name);
      bool callback = rule.name == "service_callback" || rule.name == "wash_callback";
      CHECK(step.marketing == !callback);
    }
  }
}

TEST_CASE("rule set: a marketing SMS is signature, text, opt-out; a service SMS has no opt-out",
          "[rule_set][optouts]") {
  RuleFolder rules;
  rules.write("paused.toml",
              kDefaultsWithOptOut +
                  paused_rule(sms_step("d5_sms", 5, "", "您好。") +
                              sms_step("d6_sms", 6, "marketing = false\n", "已恢复。")));
  auto set = ownercare::rules::load_rule_set(rules.folder);
  CHECK(set.warnings.empty());
  const auto& rule = set.rules[0];
  CHECK(ownercare::rules::sms_text(rule, rule.steps[0], "您好。") == "【享车管家】您好。回T退订");
  CHECK(ownercare::rules::sms_text(rule, rule.steps[1], "已恢复。") == "【享车管家】已恢复。");
}

TEST_CASE("rule set: opt_out of a rule overrides the file's", "[rule_set][optouts]") {
  RuleFolder rules;
  rules.write("paused.toml", kDefaultsWithOptOut +
                                 paused_rule(sms_step("d5_sms", 5), "opt_out = \"拒收请回复R\"\n"));
  auto set = ownercare::rules::load_rule_set(rules.folder);
  CHECK(set.rules[0].opt_out == "拒收请回复R");
}

TEST_CASE("rule set: an SMS sent after a call and the steps of order rules are not marketing",
          "[rule_set][optouts]") {
  RuleFolder rules;
  rules.write("callback.toml", kDefaultsWithOptOut +
                                   "[[rule]]\n"
                                   "name = \"callback\"\n"
                                   "subject = \"order\"\n"
                                   "anchor = \"closed\"\n" +
                                   call_step("d1_call", 1) +
                                   sms_step("d2_sms", 2, "", "感谢您的光临。") +
                                   "\n[[rule]]\n"
                                   "name = \"fleet_callback\"\n"
                                   "subject = \"fleet\"\n"
                                   "anchor = \"episode_start\"\n" +
                                   call_step("d1_call", 1) +
                                   "\n[[rule.step]]\nname = \"sms_after\"\nafter = \"d1_call\"\n"
                                   "channel = \"sms\"\ntext = \"未能联系到您。\"\n");
  INFO(all_lines(rules.errors()));
  auto set = ownercare::rules::load_rule_set(rules.folder);
  CHECK_FALSE(set.find("callback")->step("d2_sms")->marketing);
  CHECK_FALSE(set.find("fleet_callback")->step("sms_after")->marketing);
}

TEST_CASE("rule check: a marketing SMS without opt-out text is a warning at its text",
          "[rule_set][optouts]") {
  RuleFolder rules;
  auto text = kDefaults + paused_rule(sms_step("d5_sms", 5) +
                                      sms_step("d6_sms", 6, "marketing = false\n") +
                                      sms_step("d7_sms", 7, "", "车辆已暂停，回T退订"));
  auto file = rules.write("paused.toml", text);
  auto set = ownercare::rules::load_rule_set(rules.folder);
  INFO(all_lines(set.warnings));
  REQUIRE(set.warnings.size() == 1);
  CHECK(located_between(set.warnings[0], file, line_of(text, "已暂停出租"),
                        line_of(text, "已暂停出租")));
  CHECK(contains(set.warnings[0], "rule \"paused\" step \"d5_sms\" is a marketing SMS without "
                                  "an opt-out instruction"));
}

TEST_CASE("rule check: a text that says 退订 itself with opt_out set is a warning",
          "[rule_set][optouts]") {
  RuleFolder rules;
  rules.write("paused.toml",
              kDefaultsWithOptOut + paused_rule(sms_step("d5_sms", 5, "", "车辆已暂停，回T退订")));
  auto set = ownercare::rules::load_rule_set(rules.folder);
  REQUIRE(set.warnings.size() == 1);
  CHECK(contains(set.warnings[0], "two opt-out instructions"));
}

TEST_CASE("rule check: the opt-out text counts in the SMS length", "[rule_set][optouts]") {
  std::string text_124;
  for (int i = 0; i < 124; ++i) text_124 += "车";  // 6 + 124 + 4 (回T退订) = 134: two parts
  std::string text_125 = text_124 + "车";         // 135: three parts
  {
    RuleFolder rules;
    rules.write("paused.toml",
                kDefaultsWithOptOut + paused_rule(sms_step("d5_sms", 5, "", text_124)));
    INFO(all_lines(rules.errors()));
    CHECK(rules.errors().empty());
  }
  {
    RuleFolder rules;
    rules.write("paused.toml",
                kDefaultsWithOptOut + paused_rule(sms_step("d5_sms", 5, "", text_125)));
    auto errors = rules.errors();
    REQUIRE(errors.size() == 1);
    CHECK(contains(errors[0], "may need 3 SMS parts (135 characters"));
  }
  {
    // Not marketing: no opt-out, so 131 characters fit.
    RuleFolder rules;
    rules.write("paused.toml",
                kDefaultsWithOptOut +
                    paused_rule(sms_step("d5_sms", 5, "marketing = false\n", text_125)));
    CHECK(rules.errors().empty());
  }
}

TEST_CASE("rule check: marketing must be a boolean of an SMS step", "[rule_set][optouts]") {
  RuleFolder rules;
  auto text = kDefaultsWithOptOut +
              paused_rule(sms_step("d5_sms", 5, "marketing = \"no\"\n") +
                          call_step("d6_call", 6, "marketing = false\n"));
  auto file = rules.write("paused.toml", text);
  auto errors = rules.errors();
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 2);
  CHECK(contains(message_at(errors, file, line_of(text, "marketing = \"no\"")),
                 "\"marketing\" must be true or false"));
  CHECK(contains(message_at(errors, file, line_of(text, "marketing = false")),
                 "\"marketing\" only applies to sms steps"));
}
