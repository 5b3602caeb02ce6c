// ownercare-export history and ownercare-rules explain --find, run for real on a night built
// with the import, evaluate and record tools: an operator with a phone number, a plate or a
// name finds the customer and reads what happened to them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// The night of 2026-03-01: 李娜's FC99 went offline on 02-25 (a d4 call tonight), her FC98 and
// 李娜娜's FC97 are rentable. Her call is reached the next day: she will relist next week.
// Returns the call's task id.
std::string night_with_a_call(const Workspace& ws) {
  require_success(ws.import_fleet(
      "2026-03-01", fleet_csv({fleet_row("FC99", "京Q58K21", "李娜", "13912340099", -1, "2026-02-25"),
                               fleet_row("FC98", "京Q11111", "李娜", "13912340099", 1),
                               fleet_row("FC97", "京Q22222", "李娜娜", "13600000097", 1)})));
  require_success(ws.evaluate("2026-03-01"));
  auto calls = read_csv(ws / "out/2026-03-01/calls.csv");
  REQUIRE(calls.size() == 2);
  std::string task = calls[1][0];
  require_success(ws.record("2026-03-02", "outcomes.csv",
                            "task_id,result,disposition,note\n" + task +
                                ",reached,relist,下周一上架\n"));
  return task;
}

std::vector<std::string> column(const std::vector<std::vector<std::string>>& records,
                                std::size_t index) {
  std::vector<std::string> cells;
  for (std::size_t row = 1; row < records.size(); ++row) cells.push_back(records[row].at(index));
  return cells;
}

bool has(const std::vector<std::string>& cells, const std::string& text) {
  for (const auto& cell : cells) {
    if (cell.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("history by phone lists the customer's timeline as CSV when piped", "[cli][history]") {
  Workspace ws;
  auto task = night_with_a_call(ws);
  auto result = ws.export_table("history", {"--find", "+86 139-1234-0099"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err == "ownercare-export: 2 subjects found for \"+86 139-1234-0099\"\n");
  CHECK(result.out.rfind(std::string(kBom), 0) != 0);  // no BOM on stdout
  auto records = parse_csv(result.out);
  REQUIRE(records.size() > 1);
  CHECK(records[0] == std::vector<std::string>{"subject_kind", "subject_id", "subject",
                                               "matched_by", "date", "event", "detail"});
  auto ids = column(records, 1);
  CHECK(ids.front() == "FC98");
  CHECK(ids.back() == "FC99");
  CHECK(column(records, 3).front() == "phone");
  // FC99: its episode from 02-25, the call listed on 03-01, the outcome with its note on 03-02.
  std::vector<std::string> fc99;
  for (std::size_t row = 1; row < records.size(); ++row) {
    if (records[row][1] == "FC99") fc99.push_back(records[row][4] + " " + records[row][5] + " " +
                                                  records[row][6]);
  }
  CHECK(has(fc99, "2026-02-25 episode status -1 from here on"));
  CHECK(has(fc99, "2026-03-01 listed " + task + " call to 13912340099"));
  CHECK(has(fc99, "2026-03-02 outcome " + task + " try 1: reached / relist: 下周一上架"));
  // In date order.
  std::vector<std::string> fc99_dates;
  for (const auto& line : fc99) fc99_dates.push_back(line.substr(0, 10));
  CHECK(std::is_sorted(fc99_dates.begin(), fc99_dates.end()));
}

TEST_CASE("history as text: one aligned block per subject under a count", "[cli][history]") {
  Workspace ws;
  auto task = night_with_a_call(ws);
  auto result = ws.export_table("history", {"--find", "京q58k21", "--format", "text"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  auto lines = split_lines(result.out);
  REQUIRE(lines.size() > 4);
  CHECK(lines[0] == "1 subject found for \"京q58k21\"");
  CHECK(lines[1].empty());
  CHECK(lines[2] == "fleet vehicle FC99 京Q58K21, owner 李娜 13912340099, city 北京, status -1 "
                    "(matched by plate)");
  CHECK_THAT(result.out, Catch::Contains("  2026-03-02  outcome   " + task +
                                         " try 1: reached / relist: 下周一上架\n"));
  CHECK_THAT(result.out, Catch::Contains("  2026-03-01  listed    " + task));
}

// [posix]: a pseudo-terminal through script(1), in the shell.
TEST_CASE("history is text when stdout is a terminal", "[cli][history][posix]") {
  Workspace ws;
  night_with_a_call(ws);
  // script(1) runs the tool on a pseudo-terminal.
  if (ws.shell("command -v script").exit_code != 0) {
    WARN("script(1) is not installed: the terminal case is not checked");
    return;
  }
  auto result = ws.shell("script -qec " +
                         shell_quote(shell_quote(tool_path("ownercare-export").string()) +
                                     " --db ownercare.db history --find FC99") +
                         " /dev/null");
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("1 subject found for \"FC99\"\r\n"));
  CHECK_THAT(result.out, Catch::Contains("(matched by id)"));
}

TEST_CASE("history by the start of a name lists every subject found", "[cli][history]") {
  Workspace ws;
  night_with_a_call(ws);
  auto exact = ws.export_table("history", {"--find", "李娜", "--format", "text"});
  REQUIRE(exact.exit_code == 0);
  CHECK_THAT(exact.out, Catch::StartsWith("2 subjects found for \"李娜\"\n"));
  CHECK_THAT(exact.out, !Catch::Contains("FC97"));
  auto prefix = ws.export_table("history", {"--find", "李", "--format", "text"});
  REQUIRE(prefix.exit_code == 0);
  CHECK_THAT(prefix.out, Catch::StartsWith("3 subjects found for \"李\"\n"));
  CHECK_THAT(prefix.out, Catch::Contains("(matched by name prefix)"));
}

TEST_CASE("history finding nothing says so on stderr and exits 0", "[cli][history]") {
  Workspace ws;
  night_with_a_call(ws);
  auto result = ws.export_table("history", {"--find", "13800000000"});
  CHECK(result.exit_code == 0);
  CHECK(result.err == "ownercare-export: nothing found for \"13800000000\" (no vehicle id, VIN, "
                      "order id, member id, phone, plate or name matches)\n");
  CHECK(parse_csv(result.out).size() == 1);  // the header only
}

TEST_CASE("history --out writes an owner-only CSV with a BOM", "[cli][history]") {
  Workspace ws;
  night_with_a_call(ws);
  auto result = ws.export_table("history", {"--find", "FC99", "--out", "fc99.csv"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(ws.read("fc99.csv").rfind(std::string(kBom), 0) == 0);
  CHECK(owner_only(ws / "fc99.csv"));
  auto records = read_csv(ws / "fc99.csv");
  CHECK(has(column(records, 3), "id"));
}

TEST_CASE("history needs --find, and --find needs history", "[cli][history]") {
  Workspace ws;
  night_with_a_call(ws);
  auto missing = ws.export_table("history");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("history needs --find TEXT"));
  auto misplaced = ws.export_table("tasks", {"--find", "FC99"});
  CHECK(misplaced.exit_code == 2);
  CHECK_THAT(misplaced.err, Catch::Contains("--find applies to history only"));
}

TEST_CASE("rules explain --find explains every subject found", "[cli][history][explain]") {
  Workspace ws;
  night_with_a_call(ws);
  ws.copy_rules();
  auto result = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules", "rules",
                                           "--as-of", "2026-03-02", "--find", "13912340099"});
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("2 subjects found for \"13912340099\"\n\n== fleet "
                                           "vehicle FC98 "));
  CHECK_THAT(result.out, Catch::Contains("\n== fleet vehicle FC99 京Q58K21"));
  CHECK_THAT(result.out, Catch::Contains("\nvehicle FC99 京Q58K21, owner 李娜"));
  auto none = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules", "rules",
                                         "--as-of", "2026-03-02", "--find", "王"});
  CHECK(none.exit_code == 0);
  CHECK_THAT(none.err, Catch::Contains("nothing found for \"王\""));
  auto both = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules", "rules",
                                         "--as-of", "2026-03-02", "--find", "王", "FC99"});
  CHECK(both.exit_code == 2);
}

}  // namespace ownercare::test

namespace ownercare::test {

TEST_CASE("history shows a fleet owner's phone, name and plate changes", "[cli][history]") {
  Workspace ws;
  require_success(ws.import_fleet(
      "2026-03-01", fleet_csv({fleet_row("FC70", "京N70001", "张伟", "13912347070", -1,
                                         "2026-03-01")})));
  require_success(ws.import_fleet(
      "2026-03-02", fleet_csv({fleet_row("FC70", "京N70002", "张伟伟", "13812347070", -1,
                                         "2026-03-01")})));
  auto result = ws.export_table("history", {"--find", "FC70"});
  REQUIRE(result.exit_code == 0);
  auto records = parse_csv(result.out);
  std::vector<std::string> lines;
  for (std::size_t row = 1; row < records.size(); ++row) {
    lines.push_back(records[row][4] + " " + records[row][5] + " " + records[row][6]);
  }
  auto has_line = [&](const std::string& start) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return line.rfind(start, 0) == 0; });
  };
  CHECK(has_line("2026-03-02 change phone: 13912347070 -> 13812347070 (fleet-2026-03-02.csv)"));
  CHECK(has_line("2026-03-02 change owner: 张伟 -> 张伟伟"));
  CHECK(has_line("2026-03-02 change plate: 京N70001 -> 京N70002"));
  // An import that changes nothing of these records nothing.
  require_success(ws.import_fleet(
      "2026-03-03", fleet_csv({fleet_row("FC70", "京N70002", "张伟伟", "13812347070", -2,
                                         "2026-03-03")})));
  result = ws.export_table("history", {"--find", "FC70"});
  CHECK(result.out.find("2026-03-03,change") == std::string::npos);
}

}  // namespace ownercare::test
