// ownercare-rules run for real: `check` on the shipped rules and on broken copies (every
// problem located as file:line:col, all reported in one run), `timeline` with dates, and
// `explain` for one vehicle of a real database.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// A copy of the shipped rules with one more rule file, then `ownercare-rules check rules`.
RunResult check_with_extra_file(const Workspace& ws, const std::string& extra_toml) {
  ws.copy_rules("rules");
  ws.write("rules/extra.toml", extra_toml);
  return ws.run("ownercare-rules", {"check", "rules"});
}

// A rule file with six problems, at known places:
//   line 3  col 1   unknown key in [defaults]
//   line 15 col 8   a placeholder no fleet rule has
//   line 17         a second step named d1_sms (and so two SMS steps on day 1)
//   line 26 col 11  an unknown channel
//   line 33 col 11  a call window outside the call hours of policy.toml
constexpr const char* kBrokenRuleFile =
    "[defaults]\n"                        // 1
    "signature = \"【享车管家】\"\n"      // 2
    "colour = \"red\"\n"                  // 3
    "\n"                                  // 4
    "[[rule]]\n"                          // 5
    "name = \"extra_rule\"\n"             // 6
    "subject = \"fleet\"\n"               // 7
    "anchor = \"episode_start\"\n"        // 8
    "when = { status = -1 }\n"            // 9
    "\n"                                  // 10
    "[[rule.step]]\n"                     // 11
    "name = \"d1_sms\"\n"                 // 12
    "day = 1\n"                           // 13
    "channel = \"sms\"\n"                 // 14
    "text = \"{plate_masked} {nosuch}\"\n"  // 15
    "\n"                                  // 16
    "[[rule.step]]\n"                     // 17
    "name = \"d1_sms\"\n"                 // 18
    "day = 1\n"                           // 19
    "channel = \"sms\"\n"                 // 20
    "text = \"hello\"\n"                  // 21
    "\n"                                  // 22
    "[[rule.step]]\n"                     // 23
    "name = \"d2_call\"\n"                // 24
    "day = 2\n"                           // 25
    "channel = \"fax\"\n"                 // 26
    "reason = \"x\"\n"                    // 27
    "\n"                                  // 28
    "[[rule.step]]\n"                     // 29
    "name = \"d3_call\"\n"                // 30
    "day = 3\n"                           // 31
    "channel = \"call\"\n"                // 32
    "windows = [\"07:00-08:00\"]\n"       // 33
    "reason = \"x\"\n";                   // 34

// A fleet night: FC1 offline since 2026-03-01, evaluated that night.
void night_of_fc1(const Workspace& ws) {
  require_success(ws.import_fleet(
      "2026-03-01",
      fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01")})));
  require_success(ws.evaluate("2026-03-01"));
}

std::vector<std::string> explain_args(const std::string& subject) {
  return {"explain", "--db",    "ownercare.db", "--rules", (source_dir() / "rules").string(),
          "--as-of", "2026-03-05", subject};
}

}  // namespace

TEST_CASE("rules check on the shipped rules prints the counts and ok", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  auto result = ws.run("ownercare-rules", {"check", "rules"});
  CHECK(result.exit_code == 0);
  // 2027 on has no official calendar yet: estimated, and said so.
  CHECK(result.out ==
        "rules: 4 rules, 22 steps, holidays 2025-01-01 to 2030-12-31 (estimated from "
        "2027-01-01): ok\n"
        "note: the holidays of 2027, 2028, 2029, 2030 are estimated from the statutory rules "
        "(days off only, adjusted working days unknown); run scripts/update-holidays when the "
        "State Council publishes them\n");
  CHECK(result.err.empty());
}

TEST_CASE("rules -q check prints nothing when all is well", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  auto result = ws.run("ownercare-rules", {"-q", "check", "rules"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
}

TEST_CASE("rules check on a broken copy exits 2 and reports every problem in one run",
          "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, kBrokenRuleFile);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(split_lines(result.err).size() == 6);
  CHECK_THAT(result.err,
             Catch::Contains("ownercare-rules: error: rules/extra.toml:3:1: unknown key "
                             "\"colour\" in [defaults] (known: grace_days, priority, send_at, "
                             "signature, opt_out, max_segments, call_windows, max_attempts, "
                             "expire_days, holdout)\n"));
  CHECK_THAT(result.err,
             Catch::Contains("ownercare-rules: error: rules/extra.toml:26:11: channel \"fax\" is "
                             "not one of sms, call, handoff\n"));
  CHECK_THAT(result.err, Catch::Contains("placeholder {nosuch} is not defined for fleet rules "
                                         "anchored on episode_start"));
  CHECK_THAT(result.err, Catch::Contains("rule \"extra_rule\" has two steps named \"d1_sms\""));
  CHECK_THAT(result.err, Catch::Contains("window 07:00-08:00 is outside the call hours of "
                                         "policy.toml"));
}

TEST_CASE("every problem rules check reports is located as file:line:col", "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, kBrokenRuleFile);
  REQUIRE(result.exit_code == 2);
  std::regex located(R"(ownercare-rules: error: rules/extra\.toml:[0-9]+:[0-9]+: [^ ].*)");
  for (const auto& line : split_lines(result.err)) {
    INFO(line);
    CHECK(std::regex_match(line, located));
  }
}

TEST_CASE("a problem found after a step is read names its file once", "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, kBrokenRuleFile);
  REQUIRE(result.exit_code == 2);
  CHECK_THAT(result.err, !Catch::Contains("rules/extra.toml: extra.toml"));
  CHECK_THAT(result.err, Catch::Contains("ownercare-rules: error: rules/extra.toml:17:"));
}

TEST_CASE("an undefined placeholder is located at the text that uses it", "[cli][rules]") {
  // Line 11 is the [[rule.step]] header; the placeholder is in the text on line 15.
  Workspace ws;
  auto result = check_with_extra_file(ws, kBrokenRuleFile);
  REQUIRE(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("ownercare-rules: error: rules/extra.toml:15:8: step "
                                         "\"d1_sms\" text: placeholder {nosuch} is not defined"));
}

TEST_CASE("a call window outside the call hours is located at the window", "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, kBrokenRuleFile);
  REQUIRE(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("ownercare-rules: error: rules/extra.toml:33:"));
}

TEST_CASE("a holiday step on or after the holiday is located, its file named once",
          "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, "[[rule]]\n"
                                          "name = \"after_holiday\"\n"
                                          "subject = \"fleet\"\n"
                                          "anchor = \"holiday\"\n"
                                          "\n"
                                          "[[rule.step]]\n"
                                          "name = \"d1\"\n"
                                          "day = 1\n"
                                          "channel = \"handoff\"\n"
                                          "reason = \"x\"\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  // At the step (line 6) or at its day (line 8, column 7): either way inside the step.
  std::regex located(
      R"(ownercare-rules: error: rules/extra\.toml:(6:1|8:7): rule "after_holiday" step "d1": )"
      R"(a holiday step must come before the holiday \(a negative day\)\n)");
  CHECK(std::regex_match(result.err, located));
}

TEST_CASE("a weekly SMS limit below the daily one is located in policy.toml", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  ws.write("rules/policy.toml", "[sms]\nper_phone_per_day = 5\nper_phone_per_week = 2\n");
  auto result = ws.run("ownercare-rules", {"check", "rules"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-rules: error: rules/policy.toml:3:"));
  CHECK_THAT(result.err, Catch::EndsWith("[sms] per_phone_per_week is smaller than "
                                         "per_phone_per_day\n"));
}

TEST_CASE("a rule name used twice is reported at the second definition", "[cli][rules]") {
  // Rule files are read in name order: extra.toml first, so fleet_status.toml repeats the name.
  Workspace ws;
  auto result = check_with_extra_file(ws, "[[rule]]\n"
                                          "name = \"offline_no_login\"\n"
                                          "subject = \"fleet\"\n"
                                          "anchor = \"episode_start\"\n"
                                          "\n"
                                          "[[rule.step]]\n"
                                          "name = \"d1_sms\"\n"
                                          "day = 1\n"
                                          "channel = \"sms\"\n"
                                          "text = \"{plate_masked}\"\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-rules: error: rules/fleet_status.toml:25:1: a rule named "
                      "\"offline_no_login\" is already defined at rules/extra.toml:1\n");
}

TEST_CASE("an SMS longer than max_segments allows is refused, located", "[cli][rules]") {
  Workspace ws;
  std::string long_text;
  for (int i = 0; i < 150; ++i) long_text += "长";
  auto result = check_with_extra_file(ws, "[[rule]]\n"
                                          "name = \"too_long\"\n"
                                          "subject = \"fleet\"\n"
                                          "anchor = \"episode_start\"\n"
                                          "\n"
                                          "[[rule.step]]\n"
                                          "name = \"d1_sms\"\n"
                                          "day = 1\n"
                                          "channel = \"sms\"\n"
                                          "text = \"" + long_text + "\"\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-rules: error: rules/extra.toml:"));
  CHECK_THAT(result.err, Catch::Contains("step \"d1_sms\" text may need 3 SMS parts (150 "
                                         "characters with the signature and long values), more "
                                         "than max_segments = 2\n"));
}

TEST_CASE("a TOML syntax error in a rule file is located", "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, "[[rule]]\nname = \"x\"\nday = = 1\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-rules: error: rules/extra.toml:3:"));
}

TEST_CASE("a placeholder some subjects lack is a warning, not an error", "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws, "[[rule]]\n"
                                          "name = \"greeting\"\n"
                                          "subject = \"fleet\"\n"
                                          "anchor = \"episode_start\"\n"
                                          "\n"
                                          "[[rule.step]]\n"
                                          "name = \"d1_sms\"\n"
                                          "day = 1\n"
                                          "channel = \"sms\"\n"
                                          "text = \"{owner_name}您好\"\n");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::StartsWith("rules: 5 rules, 23 steps, holidays 2025-01-01 to 2030-12-31 "
                               "(estimated from 2027-01-01): ok\n"));
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-rules: warning: rules/extra.toml:"));
  CHECK_THAT(result.err, Catch::Contains("step \"d1_sms\" uses a placeholder some subjects lack "
                                         "and has no fallback_text; such subjects get no SMS\n"));
}

TEST_CASE("rules check of a folder that does not exist exits 2 naming it", "[cli][rules]") {
  Workspace ws;
  auto result = ws.run("ownercare-rules", {"check", "nowhere"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-rules: error: nowhere: not a rules folder\n");
}

TEST_CASE("ownercare-rules without a subcommand exits 2", "[cli][rules]") {
  Workspace ws;
  auto result = ws.run("ownercare-rules", {});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-rules: error: "));
  CHECK_THAT(result.err, Catch::Contains("subcommand"));
}

// --- timeline ------------------------------------------------------------------------------

TEST_CASE("timeline --start lists the rule's seven steps with their dates", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  auto result = ws.run("ownercare-rules",
                       {"timeline", "rules", "offline_no_login", "--start", "2026-03-01"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  auto lines = split_lines(result.out);
  REQUIRE(lines.size() == 9);
  CHECK_THAT(lines[0], Catch::StartsWith("rule offline_no_login (") &&
                           Catch::EndsWith("), file fleet_status.toml"));
  CHECK(lines[1] ==
        "subject fleet, anchor episode_start, when status = -1, priority 50, grace 2 days");
  CHECK_THAT(lines[2], Catch::StartsWith("  day    0  2026-03-01  sms      d0_sms       at 09:00"));
  CHECK_THAT(lines[3], Catch::StartsWith("  day    3  2026-03-04  sms      d3_sms       at 09:00"));
  CHECK_THAT(lines[4], Catch::StartsWith("  day    4  2026-03-05  call     d4_call      up to 3 "
                                         "tries in 09:00-11:30, 14:00-16:30, 16:30-19:00"));
  CHECK_THAT(lines[5], Catch::StartsWith("  day    7  2026-03-08  sms      d7_sms       "));
  CHECK_THAT(lines[6], Catch::StartsWith("  day   15  2026-03-16  sms      d15_sms      "));
  CHECK_THAT(lines[7], Catch::StartsWith("  day   30  2026-03-31  sms      d30_sms      "));
  CHECK_THAT(lines[8], Catch::StartsWith("  day   31  2026-04-01  handoff  d31_handoff  "));
}

TEST_CASE("timeline without --start lists the days only", "[cli][rules]") {
  Workspace ws;
  auto result = ws.run("ownercare-rules",
                       {"timeline", (source_dir() / "rules").string(), "owner_paused"});
  CHECK(result.exit_code == 0);
  auto lines = split_lines(result.out);
  REQUIRE(lines.size() == 9);
  CHECK_THAT(lines[2], Catch::StartsWith("  day    5  sms      d5_sms       "));
  CHECK_THAT(lines[5], Catch::StartsWith("  day   15  call     d15_call     "));
  CHECK_THAT(lines[8], Catch::StartsWith("  day   31  handoff  d31_handoff  "));
}

TEST_CASE("timeline of a holiday rule lists each holiday with its lead date", "[cli][rules]") {
  Workspace ws;
  auto result = ws.run("ownercare-rules",
                       {"timeline", (source_dir() / "rules").string(), "pre_holiday"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("清明节 from 2026-04-04:\n"
                                         "  day   -3  2026-04-01  sms      lead_sms     "));
  CHECK_THAT(result.out, Catch::Contains("国庆节 from 2026-10-01:\n"
                                         "  day   -3  2026-09-28  sms      lead_sms     "));
  CHECK_THAT(result.out, Catch::Contains("元旦 from 2027-01-01 (estimated):\n"
                                         "  day   -3  2026-12-29  sms      lead_sms     "));
  CHECK_THAT(result.out, Catch::Contains("春节 from 2027-02-05 (estimated):\n"));
}

TEST_CASE("rules check of a calendar without estimated years prints no note", "[cli][rules]") {
  Workspace ws;
  auto folder = ws.copy_rules("rules");
  write_text(folder / "holidays.toml",
             "covered_from = 2026-01-01\ncovered_until = 2026-12-31\n"
             "[[day]]\ndate = 2026-10-01\nname = \"国庆节\"\noff = true\n");
  auto result = ws.run("ownercare-rules", {"check", "rules"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "rules: 4 rules, 22 steps, holidays 2026-01-01 to 2026-12-31: ok\n");
  CHECK(result.err.empty());
}

TEST_CASE("rules check of a calendar with an unmarked day in its estimated part exits 2",
          "[cli][rules]") {
  Workspace ws;
  auto folder = ws.copy_rules("rules");
  write_text(folder / "holidays.toml",
             "covered_from = 2026-01-01\ncovered_until = 2027-12-31\n"
             "estimated_from = 2027-01-01\n"
             "[[day]]\ndate = 2027-01-01\nname = \"元旦\"\noff = true\n");
  auto result = ws.run("ownercare-rules", {"check", "rules"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-rules: error: rules/holidays.toml:5:8: 2027-01-01 lies on or "
                      "after estimated_from 2027-01-01 but is not marked estimated = true "
                      "(official days come before estimated_from: run scripts/update-holidays)\n");
}

TEST_CASE("timeline of an unknown rule exits 2 listing the rules", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  auto result = ws.run("ownercare-rules", {"timeline", "rules", "offline"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-rules: error: no rule \"offline\" in rules (rules: "
                      "offline_no_login, auto_unrentable, owner_paused, pre_holiday)\n");
}

TEST_CASE("timeline --start that is not a date exits 2 quoting it", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  auto result = ws.run("ownercare-rules",
                       {"timeline", "rules", "offline_no_login", "--start", "soon"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-rules: error: --start \"soon\" is not a date (YYYY-MM-DD)\n");
}

// --- explain -------------------------------------------------------------------------------

TEST_CASE("explain says which rules apply to a vehicle and the state of each step",
          "[cli][rules]") {
  Workspace ws;
  night_of_fc1(ws);
  auto result = ws.run("ownercare-rules", explain_args("FC1"));
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  // Rule titles are data of rules/fleet_status.toml: matched loosely, so editing a title
  // does not break this test.
  auto lines = split_lines(result.out);
  REQUIRE(lines.size() >= 12);
  CHECK(lines[0] == "vehicle FC1 京N12346, owner 张伟 13812340001 (mobile), city 北京");
  CHECK(lines[1] == "status -1 since 2026-03-01 (day 4 on 2026-03-05); first seen 2026-03-01");
  CHECK(lines[2] == "contact: SMS allowed; calls allowed");
  CHECK_THAT(lines[3], Catch::StartsWith("rule offline_no_login (") &&
                           Catch::EndsWith("): applies"));
  CHECK_THAT(lines[4], Catch::StartsWith("  d0_sms       day   0  sms     2026-03-01  task T") &&
                           Catch::EndsWith(": sent on 2026-03-01"));
  CHECK(lines[5] == "  d3_sms       day   3  sms     2026-03-04  would be skipped: a later step "
                    "of this rule is due");
  CHECK(lines[6] == "  d4_call      day   4  call    2026-03-05  due: would go out tonight");
  CHECK(lines[7] == "  d7_sms       day   7  sms     2026-03-08  in 3 days");
  CHECK(lines[10] == "  d31_handoff  day  31  handoff 2026-04-01  in 27 days");
  CHECK_THAT(lines[11], Catch::StartsWith("rule auto_unrentable (") &&
                            Catch::EndsWith("): does not apply: status is -1"));
  auto line_of = [&](const std::string& rule) {
    for (const auto& line : lines) {
      if (line.rfind("rule " + rule + " (", 0) == 0) return line;
    }
    return std::string();
  };
  CHECK_THAT(line_of("owner_paused"), Catch::EndsWith("): does not apply: status is -1"));
  CHECK_THAT(line_of("pre_holiday"), Catch::EndsWith("): applies"));
}

TEST_CASE("explain marks an estimated holiday", "[cli][rules]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2026-12-28", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)}),
      {"--allow-future"}));
  auto result =
      ws.run("ownercare-rules", {"explain", "--db", "ownercare.db", "--rules",
                                 (source_dir() / "rules").string(), "--as-of", "2026-12-28", "FC1"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK_THAT(result.out, Catch::Contains("\n  元旦 from 2027-01-01 (estimated):\n"
                                         "    lead_sms     day  -3  sms     2026-12-29  "));
}

TEST_CASE("explain of a vehicle the database does not hold exits 3", "[cli][rules]") {
  Workspace ws;
  night_of_fc1(ws);
  auto result = ws.run("ownercare-rules", explain_args("FC404"));
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-rules: error: no fleet vehicle, sold vehicle (VIN), service order or "
        "member \"FC404\" in the database\n");
}

TEST_CASE("explain on a database that does not exist exits 3 and creates none",
          "[cli][rules]") {
  Workspace ws;
  auto result = ws.run("ownercare-rules", explain_args("FC1"));
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-rules: error: ownercare.db: no such database\n");
  CHECK_FALSE(ws.exists("ownercare.db"));
}

TEST_CASE("explain only reads: it works while a night holds the lock", "[cli][rules]") {
  Workspace ws;
  night_of_fc1(ws);
  HeldLock night(ws / "ownercare.db.lock");
  auto result = ws.run("ownercare-rules", explain_args("FC1"));
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("rules check refuses a param that holds a placeholder, located at the param",
          "[cli][rules]") {
  Workspace ws;
  auto result = check_with_extra_file(ws,
                                      "[params]\n"
                                      "login_days = \"{days}\"\n"
                                      "\n"
                                      "[[rule]]\n"
                                      "name = \"extra_rule\"\n"
                                      "subject = \"fleet\"\n"
                                      "anchor = \"episode_start\"\n"
                                      "when = { status = -1 }\n"
                                      "\n"
                                      "[[rule.step]]\n"
                                      "name = \"d1_sms\"\n"
                                      "day = 1\n"
                                      "channel = \"sms\"\n"
                                      "text = \"{plate_masked}已{login_days}天未登录\"\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-rules: error: rules/extra.toml:2:14: param \"login_days\" is \"{days}\": a "
        "param goes into texts as written, so \"{days}\" would be sent as it stands\n");
}

}  // namespace ownercare::test
