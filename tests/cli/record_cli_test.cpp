// ownercare-record run for real: a file with good and bad lines is applied with every bad line
// reported by its line number (stderr and a rejects file), the same file again changes
// nothing, a file of bad lines is refused whole, and what is recorded shows in the night that
// follows.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// The night of 2026-03-01 for 30 owners who went offline that day (30 d0 SMS) and FC99 who went
// offline four days before (one d4 call); returns the task ids: SMS first, the call last.
std::vector<std::string> night_with_tasks(const Workspace& ws) {
  std::vector<std::string> rows;
  for (int i = 1; i <= 30; ++i) {
    rows.push_back(fleet_row(fmt::format("FC{:02}", i), fmt::format("京N1{:04}", i),
                             fmt::format("车主{}", i), fmt::format("1381234{:04}", i), -1,
                             "2026-03-01"));
  }
  rows.push_back(fleet_row("FC99", "京Q58K21", "李娜", "13912340099", -1, "2026-02-25"));
  require_success(ws.import_fleet("2026-03-01", fleet_csv(rows)));
  require_success(ws.evaluate("2026-03-01"));
  std::vector<std::string> ids;
  for (const char* file : {"out/2026-03-01/sms.csv", "out/2026-03-01/calls.csv"}) {
    auto records = read_csv(ws / file);
    for (std::size_t row = 1; row < records.size(); ++row) ids.push_back(records[row][0]);
  }
  REQUIRE(ids.size() == 31);
  return ids;
}

const char* const kOutcomeHeader = "task_id,result,disposition\n";

}  // namespace

TEST_CASE("good lines are applied and each bad line is reported with its line number",
          "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  const auto& call = ids.back();
  // 32 lines, 3 of them bad (under 10%): an unknown task id on line 5, an unknown result on
  // line 12, a disposition a fleet call does not know on line 20.
  std::string csv = kOutcomeHeader;
  int sms = 0;
  for (int line = 2; line <= 33; ++line) {
    if (line == 5) csv += "T0000000000000000,delivered,\n";
    else if (line == 12) csv += ids[static_cast<std::size_t>(sms++)] + ",arrived,\n";
    else if (line == 20) csv += call + ",reached,satisfied\n";
    else csv += ids[static_cast<std::size_t>(sms++)] + ",delivered,\n";
  }
  auto result = ws.record("2026-03-02", "outcomes.csv", csv);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "outcomes.csv: 32 lines, 29 applied, 0 repeated, 3 rejected; 0 retries, 0 "
                      "delisted, 0 do-not-call\n");
  CHECK(result.err ==
        "ownercare-record: rejected: outcomes.csv:5:1: task_id: unknown task id "
        "\"T0000000000000000\"\n"
        "ownercare-record: rejected: outcomes.csv:12:2: result: \"arrived\" is not one of "
        "delivered, failed, reached, no_answer, busy, voicemail, refused, invalid_number, "
        "not_found, done (nor a word or code for one; see the README, Outcomes)\n"
        "ownercare-record: rejected: outcomes.csv:20:3: disposition: \"satisfied\" does not "
        "apply to fleet tasks (use relist, wait, never, callback, do_not_call, driving)\n"
        "ownercare-record: 3 rejected lines written to outcomes.rejects.csv\n");
}

TEST_CASE("the rejects file of outcomes is owner-only and locates every bad line",
          "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  std::string csv = kOutcomeHeader;
  for (std::size_t i = 0; i < 30; ++i) csv += ids[i] + ",delivered,\n";
  csv += ids[0] + ",delivered,never\n";  // line 32: an SMS takes no such disposition
  auto result = ws.record("2026-03-02", "outcomes.csv", csv);
  REQUIRE(result.exit_code == 0);
  REQUIRE(ws.exists("outcomes.rejects.csv"));
  CHECK(owner_only(ws / "outcomes.rejects.csv"));
  auto rejects = read_csv(ws / "outcomes.rejects.csv");
  REQUIRE(rejects.size() == 2);
  CHECK(rejects[0] == std::vector<std::string>{"line", "column", "field", "value", "reason",
                                               "task_id", "result", "disposition"});
  CHECK(rejects[1] ==
        std::vector<std::string>{"32", "3", "disposition", "never",
                                 "an SMS outcome takes only do_not_call (the customer opted out), "
                                 "with delivered",
                                 ids[0], "delivered", "never"});
}

TEST_CASE("recording the same file again prints \"recorded before, nothing changed\"",
          "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  std::string csv = kOutcomeHeader + ids[0] + ",delivered,\n" + ids[1] + ",failed,\n";
  require_success(ws.record("2026-03-02", "outcomes.csv", csv));
  auto outcomes_before = ws.export_table("outcomes").out;

  auto again = ws.record("2026-03-02", "outcomes.csv", csv);
  CHECK(again.exit_code == 0);
  CHECK(again.out == "outcomes.csv: recorded before, nothing changed\n");
  CHECK(again.err.empty());
  CHECK(ws.export_table("outcomes").out == outcomes_before);
  CHECK(parse_csv(ws.export_table("records").out).size() == 2);
}

TEST_CASE("a good outcomes file prints its summary and nothing on stderr", "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  auto result = ws.record(
      "2026-03-02", "outcomes.csv",
      kOutcomeHeader + ids[0] + ",delivered,\n" + ids.back() + ",reached,never\n");
  CHECK(result.exit_code == 0);
  CHECK(result.out == "outcomes.csv: 2 lines, 2 applied, 0 repeated, 0 rejected; 0 retries, 1 "
                      "delisted, 0 do-not-call\n");
  CHECK(result.err.empty());
  CHECK_FALSE(ws.exists("outcomes.rejects.csv"));
}

TEST_CASE("record - reads the outcomes from stdin", "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  auto result = ws.run("ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-03-02", "-"},
                       kOutcomeHeader + ids[0] + ",delivered,\n");
  CHECK(result.exit_code == 0);
  CHECK(result.out == "<stdin>: 1 line, 1 applied, 0 repeated, 0 rejected; 0 retries, 0 "
                      "delisted, 0 do-not-call\n");
  CHECK(result.err.empty());
}

TEST_CASE("an outcomes file of bad lines exits 3 and records nothing", "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  auto result = ws.record("2026-03-02", "outcomes.csv",
                          std::string(kOutcomeHeader) + "nosuch,delivered,\n" + ids[0] +
                              ",arrived,\n");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-record: error: outcomes.csv:2:1: task_id: unknown task id \"nosuch\"\n"
        "ownercare-record: error: outcomes.csv:3:2: result: \"arrived\" is not one of "
        "delivered, failed, reached, no_answer, busy, voicemail, refused, invalid_number, "
        "not_found, done (nor a word or code for one; see the README, Outcomes)\n"
        "ownercare-record: error: outcomes.csv: refused: 2 of 2 lines are invalid, "
        "more than 10%; nothing was recorded (see outcomes.rejects.csv)\n");
  CHECK(read_csv(ws / "outcomes.rejects.csv").size() == 3);
  CHECK(parse_csv(ws.export_table("outcomes").out).size() == 1);
  CHECK(parse_csv(ws.export_table("records").out).size() == 1);
}

TEST_CASE("a refused outcomes file is refused again, not taken as recorded before",
          "[cli][record]") {
  // The refusal must store nothing, not even the file's digest: otherwise the second try would
  // say "recorded before, nothing changed" about a file that never was.
  Workspace ws;
  auto ids = night_with_tasks(ws);
  auto csv = std::string(kOutcomeHeader) + ids[0] + ",arrived,\n";
  REQUIRE(ws.record("2026-03-02", "outcomes.csv", csv).exit_code == 3);
  auto again = ws.record("2026-03-02", "outcomes.csv", csv);
  CHECK(again.exit_code == 3);
  CHECK(again.out.empty());
  CHECK_THAT(again.err, Catch::Contains("refused: 1 of 1 lines are invalid"));
}

TEST_CASE("an outcomes file without the result column exits 3 naming it", "[cli][record]") {
  Workspace ws;
  night_with_tasks(ws);
  auto result = ws.record("2026-03-02", "outcomes.csv", "task_id,note\nT1,x\n");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-record: error: outcomes.csv:1: missing required column "
                      "\"result\" (also accepted: 结果, 外呼结果, 发送结果, 通话结果, 呼叫结果, 拨打结果, "
                      "回访结果, 发送状态, 接通情况)\n");
}

TEST_CASE("record and evaluate refuse a database that does not exist instead of creating it",
          "[cli][record]") {
  Workspace ws;
  ws.write("outcomes.csv", std::string(kOutcomeHeader) + "T1,delivered,\n");
  auto record = ws.run("ownercare-record",
                       {"--db", "ownercare.db", "--as-of", "2026-03-02", "outcomes.csv"});
  CHECK(record.exit_code == 3);
  CHECK(record.err == "ownercare-record: error: ownercare.db: no such database (ownercare-import "
                      "creates it with the first snapshot)\n");
  auto evaluate = ws.run("ownercare-evaluate", {"--db", "ownercare.db", "--rules",
                                                (ownercare::test::source_dir() / "rules").string(),
                                                "--as-of", "2026-03-02", "--out", "out"});
  CHECK(evaluate.exit_code == 3);
  CHECK_THAT(evaluate.err, Catch::Contains("no such database"));
  CHECK_FALSE(std::filesystem::exists(ws / "ownercare.db"));
  CHECK_FALSE(std::filesystem::exists(ws / "out"));
}

TEST_CASE("an outcomes file that does not exist exits 3 naming it", "[cli][record]") {
  Workspace ws;
  night_with_tasks(ws);
  auto result =
      ws.run("ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-03-02", "missing.csv"});
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-record: error: missing.csv: cannot read: No such file or directory\n");
}

TEST_CASE("a no_answer recorded tonight puts the call on tonight's list, next try and window",
          "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  const auto& call = ids.back();
  require_success(ws.import_fleet("2026-03-02", ws.read("fleet-2026-03-01.csv")));
  require_success(ws.record("2026-03-02", "outcomes.csv", kOutcomeHeader + call + ",no_answer,\n"));
  require_success(ws.evaluate("2026-03-02"));
  auto calls = read_csv(ws / "out/2026-03-02/calls.csv");
  REQUIRE(calls.size() == 2);
  CHECK(calls[1][0] == call);
  CHECK(calls[1][5] == "2");
  CHECK(calls[1][6] == "14:00-16:30");
}

TEST_CASE("a second writer while the lock is held exits 5 (record)", "[cli][record]") {
  Workspace ws;
  auto ids = night_with_tasks(ws);
  HeldLock night(ws / "ownercare.db.lock");
  auto result = ws.record("2026-03-02", "outcomes.csv", kOutcomeHeader + ids[0] + ",delivered,\n");
  CHECK(result.exit_code == 5);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-record: error: ownercare.db.lock is locked by another run\n");
}

}  // namespace ownercare::test
