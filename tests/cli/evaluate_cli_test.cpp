// ownercare-evaluate run for real: the day's folder (five files, modes, SPEC 5 headers, BOM),
// the summary line, the rerun of a date (same bytes), --dry-run (nothing written or stored),
// the refusals (an earlier date, a broken rules folder) and formula-safe cells in the CSV files
// a call centre opens in Excel.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// A night of 2026-03-01 that fills sms.csv, calls.csv and handoff.csv: FC1 went offline today
// (d0 SMS), FC2 four days ago (d4 call), FC3 31 days ago (d31 hand-off).
std::string first_night_snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                    fleet_row("FC2", "京Q58K21", "李娜", "13912340002", -1, "2026-02-25"),
                    fleet_row("FC3", "沪A7D352", "王强", "13712340003", -1, "2026-01-29"),
                    fleet_row("FC4", "沪B39F07", "刘洋", "15012340004", 1)});
}

const std::vector<std::string> kDayFiles = {"calls.csv", "delist.csv", "handoff.csv", "sms.csv",
                                            "summary.json"};

// The first line of a CSV file, without its BOM.
std::string header_line(const std::string& text) {
  std::string body = text.substr(text.rfind(kBom, 0) == 0 ? kBom.size() : 0);
  return body.substr(0, body.find('\n'));
}

}  // namespace

TEST_CASE("evaluate writes OUT/DATE with the five files and prints one summary line",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-01");
  CHECK(result.exit_code == 0);
  CHECK(result.out == "2026-03-01: 1 sms, 1 call, 1 hand-off, 0 delistings -> out/2026-03-01\n");
  CHECK(result.err.empty());
  CHECK(folder_entries(ws / "out") == std::vector<std::string>{"2026-03-01"});
  CHECK(folder_entries(ws / "out/2026-03-01") == kDayFiles);
}

TEST_CASE("the files holding phone numbers are readable by their owner only",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  CHECK(owner_only(ws / "out/2026-03-01/sms.csv"));
  CHECK(owner_only(ws / "out/2026-03-01/calls.csv"));
  CHECK(owner_only(ws / "out/2026-03-01/summary.json"));
}

TEST_CASE("each CSV file starts with a BOM and the SPEC 5 columns in order", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  // SPEC 5: these columns, in this order; more may follow.
  auto starts_with_columns = [&](const char* file, const std::string& columns) {
    auto text = ws.read(std::string("out/2026-03-01/") + file);
    INFO(file);
    CHECK(text.rfind(kBom, 0) == 0);
    auto header = header_line(text);
    CHECK((header == columns || header.rfind(columns + ",", 0) == 0));
  };
  starts_with_columns("sms.csv",
                      "task_id,subject_kind,subject_id,rule,step,phone,text,segments,send_at");
  starts_with_columns("calls.csv",
                      "task_id,subject_kind,subject_id,rule,step,attempt,window,name,phone,"
                      "other_phones,team,reason,context");
  starts_with_columns("handoff.csv",
                      "task_id,subject_kind,subject_id,rule,step,plate,status,days_in_status,"
                      "sms_sent,calls_made,last_outcome");
  starts_with_columns("delist.csv", "subject_id,plate,delisted_on,reason");
}

TEST_CASE("evaluate --no-bom writes CSV files without a BOM", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--no-bom"}));
  for (const char* file : {"sms.csv", "calls.csv", "handoff.csv", "delist.csv"}) {
    auto text = ws.read(std::string("out/2026-03-01/") + file);
    INFO(file);
    CHECK(text.rfind(kBom, 0) != 0);
    CHECK(header_line(text).rfind(file == std::string("delist.csv") ? "subject_id," : "task_id,",
                                  0) == 0);
  }
}

TEST_CASE("the rows of the night are the ones due, as the SPEC words them", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  auto sms = read_csv(ws / "out/2026-03-01/sms.csv");
  REQUIRE(sms.size() == 2);
  CHECK(sms[1][2] == "FC1");
  CHECK(sms[1][4] == "d0_sms");
  CHECK(sms[1][5] == "13812340001");
  // The wording is the rule file's; the signature and the masked plate are the SPEC's.
  CHECK_THAT(sms[1][6], Catch::StartsWith("【享车管家】") && Catch::Contains("京N***6"));
  CHECK(sms[1][8] == "2026-03-01 09:00");
  auto calls = read_csv(ws / "out/2026-03-01/calls.csv");
  REQUIRE(calls.size() == 2);
  CHECK(calls[1][2] == "FC2");
  CHECK(calls[1][4] == "d4_call");
  CHECK(calls[1][5] == "1");
  CHECK(calls[1][6] == "09:00-11:30");
  auto handoff = read_csv(ws / "out/2026-03-01/handoff.csv");
  REQUIRE(handoff.size() == 2);
  CHECK(handoff[1][2] == "FC3");
  CHECK(handoff[1][4] == "d31_handoff");
  CHECK(handoff[1][7] == "31");
}

TEST_CASE("evaluate -q prints nothing and still writes the day", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-01", {"-q"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  CHECK(ws.exists("out/2026-03-01/sms.csv"));
}

TEST_CASE("evaluating the same date again says so and rewrites byte-identical files",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  std::vector<std::string> first;
  for (const auto& file : kDayFiles) first.push_back(ws.read("out/2026-03-01/" + file));
  // Gone, as if the folder had been moved away for delivery: the rerun must bring it back.
  std::filesystem::remove_all(ws / "out/2026-03-01");

  auto again = ws.evaluate("2026-03-01");
  CHECK(again.exit_code == 0);
  CHECK(again.out == "2026-03-01: 1 sms, 1 call, 1 hand-off, 0 delistings (written again from "
                     "the first run) -> out/2026-03-01\n");
  CHECK(again.err.empty());
  for (std::size_t i = 0; i < kDayFiles.size(); ++i) {
    INFO(kDayFiles[i]);
    CHECK(ws.read("out/2026-03-01/" + kDayFiles[i]) == first[i]);
  }
}

TEST_CASE("evaluate --dry-run prints the summary JSON and writes no folder", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-01", {"--dry-run"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("{\n  \"as_of\": \"2026-03-01\","));
  CHECK_THAT(result.out, Catch::Contains("\"sms\": 1"));
  CHECK_THAT(result.out, Catch::EndsWith("}\n"));
  CHECK(result.err.empty());
  CHECK_FALSE(ws.exists("out"));
}

TEST_CASE("evaluate --dry-run needs no --out", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.run("ownercare-evaluate",
                       {"--db", "ownercare.db", "--rules", (source_dir() / "rules").string(),
                        "--as-of", "2026-03-01", "-n"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("{"));
}

TEST_CASE("evaluate --dry-run stores nothing: a later real run still creates the tasks",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--dry-run"}));
  CHECK(parse_csv(ws.export_table("tasks").out).size() == 1);  // the header only

  auto real = ws.evaluate("2026-03-01");
  CHECK(real.exit_code == 0);
  CHECK(real.out == "2026-03-01: 1 sms, 1 call, 1 hand-off, 0 delistings -> out/2026-03-01\n");
  CHECK(read_csv(ws / "out/2026-03-01/sms.csv").size() == 2);
  CHECK(parse_csv(ws.export_table("tasks").out).size() > 1);
}

TEST_CASE("evaluating a date before the last evaluated one exits 3", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  require_success(ws.evaluate("2026-03-03"));
  auto result = ws.evaluate("2026-03-02");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-evaluate: error: refused: 2026-03-02 was never evaluated and "
                      "2026-03-03 already was; dates are evaluated in order\n");
  CHECK_FALSE(ws.exists("out/2026-03-02"));
}

TEST_CASE("evaluating a date before the newest snapshot exits 3", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-05", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-04");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-evaluate: error: refused: the database already holds the fleet snapshot of "
        "2026-03-05, so it cannot say what was due on 2026-03-04\n");
}

TEST_CASE("a night without tonight's snapshot warns on stderr and still runs",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-03");
  CHECK(result.exit_code == 0);
  CHECK(result.err == "ownercare-evaluate: warning: the newest fleet snapshot is from "
                      "2026-03-01, 2 days before 2026-03-03\n");
}

TEST_CASE("a missing --rules or --out exits 2 naming the flag", "[cli][evaluate]") {
  Workspace ws;
  auto no_rules = ws.run("ownercare-evaluate",
                         {"--db", "ownercare.db", "--as-of", "2026-03-01", "--out", "out"});
  CHECK(no_rules.exit_code == 2);
  CHECK(no_rules.err ==
        "ownercare-evaluate: error: --rules is required (or rules in the --config file)\n");
  auto no_out = ws.run("ownercare-evaluate", {"--db", "ownercare.db", "--rules",
                                              (source_dir() / "rules").string(), "--as-of",
                                              "2026-03-01"});
  CHECK(no_out.exit_code == 2);
  CHECK(no_out.err ==
        "ownercare-evaluate: error: --out is required (or out in the --config file)\n");
  CHECK_FALSE(ws.exists("ownercare.db"));
}

TEST_CASE("a rules folder that does not exist exits 2 naming it", "[cli][evaluate]") {
  Workspace ws;
  auto result = ws.run("ownercare-evaluate", {"--db", "ownercare.db", "--rules", "nowhere",
                                              "--as-of", "2026-03-01", "--out", "out"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-evaluate: error: nowhere: not a rules folder\n");
}

TEST_CASE("a broken rules folder exits 2 with every problem as file:line:col, writing nothing",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  ws.copy_rules("rules");
  ws.write("rules/extra.toml",
           "[[rule]]\n"
           "name = \"extra\"\n"
           "subject = \"fleet\"\n"
           "anchor = \"episode_start\"\n"
           "colour = \"red\"\n"
           "\n"
           "[[rule.step]]\n"
           "name = \"d1\"\n"
           "day = 1\n"
           "channel = \"fax\"\n");
  auto result = ws.run("ownercare-evaluate", {"--db", "ownercare.db", "--rules", "rules",
                                              "--as-of", "2026-03-01", "--out", "out"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-evaluate: error: rules/extra.toml:5:1: unknown key \"colour\" in a [[rule]] "
        "(known: name, title, subject, anchor, when, priority, grace_days, holdout, signature, "
        "opt_out, max_segments, after_months, balance_below, step)\n"
        "ownercare-evaluate: error: rules/extra.toml:10:11: channel \"fax\" is not one of sms, "
        "call, handoff\n");
  CHECK_FALSE(ws.exists("out"));
  CHECK(parse_csv(ws.export_table("tasks").out).size() == 1);
}

TEST_CASE("a call list neutralises names that a spreadsheet would run as formulas",
          "[cli][evaluate]") {
  Workspace ws;
  // Two d4 calls (offline since 02-25) for owners whose names start with = and -.
  require_success(ws.import_fleet(
      "2026-03-01",
      fleet_csv({fleet_row("FC1", "京N12346", "=cmd|' /C calc'!A0", "13812340001", -1, "2026-02-25"),
                 fleet_row("FC2", "京Q58K21", "-李娜", "13912340002", -1, "2026-02-25"),
                 fleet_row("FC3", "沪A7D352", "+王强", "13712340003", -1, "2026-02-25")})));
  require_success(ws.evaluate("2026-03-01"));
  auto calls = read_csv(ws / "out/2026-03-01/calls.csv");
  REQUIRE(calls.size() == 4);
  std::vector<std::string> names;
  for (std::size_t row = 1; row < calls.size(); ++row) names.push_back(calls[row][7]);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"'+王强", "'-李娜", "'=cmd|' /C calc'!A0"});
}

TEST_CASE("a hand-off list neutralises plates that a spreadsheet would run as formulas",
          "[cli][evaluate]") {
  Workspace ws;
  // d31 hand-offs (offline since 01-29) for plates starting with =, + and -.
  require_success(ws.import_fleet(
      "2026-03-01",
      fleet_csv({fleet_row("FC1", "=1+2", "张伟", "13812340001", -1, "2026-01-29"),
                 fleet_row("FC2", "+N12345", "李娜", "13912340002", -1, "2026-01-29"),
                 fleet_row("FC3", "-N12345", "王强", "13712340003", -1, "2026-01-29")})));
  require_success(ws.evaluate("2026-03-01"));
  auto handoff = read_csv(ws / "out/2026-03-01/handoff.csv");
  REQUIRE(handoff.size() == 4);
  CHECK(handoff[1][5] == "'=1+2");
  CHECK(handoff[2][5] == "'+N12345");
  CHECK(handoff[3][5] == "'-N12345");
  // A plain number stays a number: status -1 is not a formula.
  CHECK(handoff[1][6] == "-1");
}

}  // namespace ownercare::test

namespace ownercare::test {

TEST_CASE("a night whose holiday look-ahead passes the calendar's end warns on stderr and in "
          "summary.json",
          "[cli][evaluate]") {
  Workspace ws;
  // rules/holidays.toml ends on 2030-12-31 (2027 on estimated); the pre-holiday SMS looks 3
  // days ahead. The dates lie in the future: --allow-future.
  require_success(ws.import_fleet(
      "2030-12-30", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)}),
      {"--allow-future"}));
  auto result = ws.evaluate("2030-12-30", {"--allow-future"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-evaluate: warning: the holiday calendar ends on 2030-12-31; holidays up to "
        "2031-01-02 are unknown, so pre-holiday messages for them will not be sent (update "
        "holidays.toml)\n");
  CHECK_THAT(ws.read("out/2030-12-30/summary.json"),
             Catch::Contains("\"the holiday calendar ends on 2030-12-31"));
}

TEST_CASE("a night whose next 30 days are official in the calendar does not warn",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2026-11-30", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)})));
  auto result = ws.evaluate("2026-11-30");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("a night within 30 days of the calendar's end warns before messages stop",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2030-12-10", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)}),
      {"--allow-future"}));
  auto result = ws.evaluate("2030-12-10", {"--allow-future"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-evaluate: warning: the holiday calendar ends on 2030-12-31, within 30 days: "
        "update holidays.toml (scripts/update-holidays) before pre-holiday messages stop\n");
}

TEST_CASE("a night with an estimated holiday in the next 30 days warns of it",
          "[cli][evaluate]") {
  Workspace ws;
  // 元旦 2027 is estimated (no official 2027 calendar in data/holiday-cn yet); 2026-12-01 is
  // 31 days before it, 2026-12-02 30.
  require_success(ws.import_fleet(
      "2026-12-01", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)})));
  auto before = ws.evaluate("2026-12-01");
  CHECK(before.exit_code == 0);
  CHECK(before.err.empty());
  require_success(ws.import_fleet(
      "2026-12-02", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)})));
  auto result = ws.evaluate("2026-12-02");
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-evaluate: warning: the holiday 元旦 on 2027-01-01 is estimated from the "
        "statutory rules, not yet from the official calendar: update holidays.toml once it is "
        "published (scripts/update-holidays)\n");
  CHECK_THAT(ws.read("out/2026-12-02/summary.json"), Catch::Contains("元旦 on 2027-01-01 is estimated"));
}

// Issue 9, point 6: 2027 has no official calendar yet; its holidays are estimated from the
// statutory rules, and the pre-holiday SMS goes out before them.

TEST_CASE("the pre-holiday SMS goes out before the estimated 元旦 2027, marked in summary.json",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2026-12-29", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)}),
      {"--allow-future"}));
  auto result = ws.evaluate("2026-12-29", {"--allow-future"});
  CHECK(result.exit_code == 0);
  // Estimated is not unknown: the SMS goes, and a person is told to update the calendar.
  CHECK(result.err == "ownercare-evaluate: warning: the holiday 元旦 on 2027-01-01 is estimated "
                      "from the statutory rules, not yet from the official calendar: update "
                      "holidays.toml once it is published (scripts/update-holidays)\n");
  auto sms = read_csv(ws / "out/2026-12-29/sms.csv");
  REQUIRE(sms.size() == 2);
  CHECK(sms[1][3] == "pre_holiday");
  CHECK(sms[1][4] == "lead_sms");
  CHECK_THAT(sms[1][6], Catch::StartsWith("【享车管家】元旦（1月1日起）就要到了"));
  auto summary = ws.read("out/2026-12-29/summary.json");
  CHECK_THAT(summary, Catch::Contains("\"holidays_estimated\": [\n    \"2027-01-01 元旦\"\n  ]"));
}

TEST_CASE("the pre-holiday SMS goes out before the estimated 春节 2027, from 除夕 02-05",
          "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2027-02-02", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)}),
      {"--allow-future"}));
  require_success(ws.evaluate("2027-02-02", {"--allow-future"}));
  auto sms = read_csv(ws / "out/2027-02-02/sms.csv");
  REQUIRE(sms.size() == 2);
  CHECK(sms[1][3] == "pre_holiday");
  CHECK_THAT(sms[1][6], Catch::Contains("春节（2月5日起）就要到了"));
  CHECK_THAT(ws.read("out/2027-02-02/summary.json"),
             Catch::Contains("\"holidays_estimated\": [\n    \"2027-02-05 春节\"\n  ]"));
}

TEST_CASE("a night before the estimated part lists no estimated holiday", "[cli][evaluate]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2026-09-28", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", 0)})));
  require_success(ws.evaluate("2026-09-28"));
  CHECK_THAT(ws.read("out/2026-09-28/summary.json"),
             Catch::Contains("\"holidays_estimated\": []"));
}

}  // namespace ownercare::test
