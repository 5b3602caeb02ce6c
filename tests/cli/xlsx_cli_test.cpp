// XLSX for people (issue 11 point 4), run for real: ownercare-evaluate --xlsx (and the config's
// xlsx = true, --no-xlsx) writes calls.xlsx and handoff.xlsx beside CSVs that stay byte for
// byte what they were, the rerun of a stored night writes them too and byte-identical, and
// ownercare-report --format xlsx writes one sheet per table. The files are read back with
// python3 and openpyxl (tests/cli/read_xlsx.py, as a spreadsheet program sees them): phones and
// ids are text with their leading zeros, counts numbers, dates dates, the headings Chinese with
// the contract's names as comments, the header frozen, an autofilter over the table.
//
// The tests that read the files or set a umask run through the shell and are tagged [posix];
// in a build without XLSX support (OWNERCARE_XLSX=OFF, the Windows build) the tools must refuse
// instead, which the last tests check.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "ownercare/emit/xlsx_workbook.hpp"
#include "ownercare/report/report_tables.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::test {
namespace {

// A night of 2026-03-01: FC2 went offline four days ago (a d4 call to a Hangzhou landline, its
// owner's name looking like a formula), FC3 31 days ago (a hand-off), FC1 today (an SMS).
std::string night_snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                    fleet_row("FC2", "浙A8Q61T", "=1+1", "057187654321", -1, "2026-02-25"),
                    fleet_row("FC3", "沪A7D352", "王强", "13712340003", -1, "2026-01-29")});
}

// python3 with openpyxl: Debian's, also when another python3 comes first on the PATH.
std::string python() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

bool has_python_openpyxl(const Workspace& ws) {
  return ws.shell(python() + " -c 'import openpyxl'").exit_code == 0;
}

// What openpyxl sees in `file`, one fact per line (see tests/cli/read_xlsx.py).
std::vector<std::string> read_xlsx(const Workspace& ws, const std::string& file) {
  auto script = std::filesystem::path(OWNERCARE_SOURCE_DIR) / "tests/cli/read_xlsx.py";
  auto result = ws.shell(python() + " " + shell_quote(script.string()) + " " + shell_quote(file));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return split_lines(result.out);
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The line starting with `prefix` (empty when there is none).
std::string line_of(const std::vector<std::string>& lines, const std::string& prefix) {
  for (const auto& line : lines) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

const std::vector<std::string> kCsvFiles = {"calls.csv", "delist.csv", "handoff.csv", "sms.csv",
                                            "summary.json"};

}  // namespace

TEST_CASE("evaluate --xlsx adds calls.xlsx and handoff.xlsx; the CSVs and summary are unchanged",
          "[cli][xlsx]") {
  if (!emit::xlsx_supported()) return;  // see the refusal tests below
  Workspace plain;
  require_success(plain.import_fleet("2026-03-01", night_snapshot()));
  require_success(plain.evaluate("2026-03-01"));
  Workspace with_xlsx;
  require_success(with_xlsx.import_fleet("2026-03-01", night_snapshot()));
  auto result = with_xlsx.evaluate("2026-03-01", {"--xlsx"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == "2026-03-01: 1 sms, 1 call, 1 hand-off, 0 delistings -> out/2026-03-01\n");
  CHECK(folder_entries(with_xlsx / "out/2026-03-01") ==
        std::vector<std::string>{"calls.csv", "calls.xlsx", "delist.csv", "handoff.csv",
                                 "handoff.xlsx", "sms.csv", "summary.json"});
  for (const auto& file : kCsvFiles) {
    INFO(file);
    CHECK(with_xlsx.read("out/2026-03-01/" + file) == plain.read("out/2026-03-01/" + file));
  }
  // Nothing else in OUT: no scratch file, no temporary folder left behind.
  CHECK(folder_entries(with_xlsx / "out") == std::vector<std::string>{"2026-03-01"});
}

TEST_CASE("calls.xlsx: Chinese headings with the contract's names, phones as text, frozen header "
          "and autofilter",
          "[cli][xlsx][posix]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  REQUIRE(has_python_openpyxl(ws));
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--xlsx"}));
  auto lines = read_xlsx(ws, "out/2026-03-01/calls.xlsx");
  // One header row and the one call: A1:M2, frozen below the header.
  CHECK(has_line(lines, "sheet 外呼名单 freeze=A2 filter=A1:M2"));
  CHECK(has_line(lines, "cell 外呼名单 A1 s 任务编号 @ comment=task_id"));
  CHECK(has_line(lines, "cell 外呼名单 F1 s 第几次 @ comment=attempt"));
  CHECK(has_line(lines, "cell 外呼名单 I1 s 电话 @ comment=phone"));
  CHECK(has_line(lines, "cell 外呼名单 M1 s 拨打前须知 @ comment=context"));
  // The landline keeps its leading zero: a text cell, never a number.
  CHECK(has_line(lines, "cell 外呼名单 I2 s 057187654321 @"));
  CHECK(has_line(lines, "cell 外呼名单 C2 s FC2 @"));
  // A name that looks like a formula is text as it was written (no quote added, no formula).
  CHECK(has_line(lines, "cell 外呼名单 H2 s =1+1 @"));
  CHECK(has_line(lines, "cell 外呼名单 F2 n 1 General"));
  CHECK(has_line(lines, "cell 外呼名单 G2 s 09:00-11:30 @"));
  // The empty other_phones stays an empty cell.
  CHECK(line_of(lines, "cell 外呼名单 J2 ").empty());
  CHECK(line_of(lines, "cell 外呼名单 A2 s T").size() > 0);
  // Widths by display width: the task id (17 characters) 19; the context capped at 60.
  CHECK(has_line(lines, "width 外呼名单 A 19.7"));
  CHECK(has_line(lines, "width 外呼名单 M 60.7"));
  // The heading 第几次 is 6 columns wide, the cell "1" one: 6 + 2.
  CHECK(has_line(lines, "width 外呼名单 F 8.7"));
  // The reason, wider than the widest column, wraps in a row made taller for it; the short
  // cells do not wrap.
  auto reason = line_of(lines, "cell 外呼名单 L2 s ");
  CHECK(reason.size() > 7);
  CHECK(reason.substr(reason.size() - 7) == " @ wrap");
  CHECK(has_line(lines, "cell 外呼名单 H2 s =1+1 @"));  // not " wrap"
  CHECK(line_of(lines, "height 外呼名单 2 ") != "");
  CHECK(line_of(lines, "height 外呼名单 1 ") == "");
}

TEST_CASE("handoff.xlsx: status_since is a date, the counts numbers, the status code text",
          "[cli][xlsx][posix]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  REQUIRE(has_python_openpyxl(ws));
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--xlsx"}));
  auto lines = read_xlsx(ws, "out/2026-03-01/handoff.xlsx");
  CHECK(has_line(lines, "sheet 移交名单 freeze=A2 filter=A1:O2"));
  CHECK(has_line(lines, "cell 移交名单 M1 s 状态开始日期 @ comment=status_since"));
  CHECK(has_line(lines, "cell 移交名单 M2 d 2026-01-29T00:00:00 yyyy-mm-dd"));
  CHECK(has_line(lines, "cell 移交名单 F2 s 沪A7D352 @"));
  CHECK(has_line(lines, "cell 移交名单 G2 s -1 @"));
  CHECK(has_line(lines, "cell 移交名单 H2 n 31 General"));
}

TEST_CASE("the XLSX files are owner-only whatever the umask", "[cli][xlsx][posix]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  auto result = ws.shell("umask 000; " + shell_quote(tool_path("ownercare-evaluate").string()) +
                         " --db ownercare.db --rules " +
                         shell_quote((std::filesystem::path(OWNERCARE_SOURCE_DIR) / "rules")
                                         .string()) +
                         " --as-of 2026-03-01 --out out --xlsx");
  require_success(result);
  CHECK(owner_only(ws / "out/2026-03-01/calls.xlsx"));
  CHECK(owner_only(ws / "out/2026-03-01/handoff.xlsx"));
}

TEST_CASE("a rerun of a stored night writes the XLSX files byte-identical, also when only the "
          "rerun asks for them",
          "[cli][xlsx]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--xlsx"}));
  auto calls = ws.read("out/2026-03-01/calls.xlsx");
  auto handoff = ws.read("out/2026-03-01/handoff.xlsx");
  CHECK(calls.rfind("PK", 0) == 0);  // a zip file
  require_success(ws.evaluate("2026-03-01", {"--xlsx"}));
  CHECK(ws.read("out/2026-03-01/calls.xlsx") == calls);
  CHECK(ws.read("out/2026-03-01/handoff.xlsx") == handoff);
  // Another database, the night evaluated without XLSX, then rewritten from the stored rows.
  Workspace later;
  require_success(later.import_fleet("2026-03-01", night_snapshot()));
  require_success(later.evaluate("2026-03-01"));
  CHECK_FALSE(later.exists("out/2026-03-01/calls.xlsx"));
  auto rerun = later.evaluate("2026-03-01", {"--xlsx"});
  CHECK(rerun.out.find("(written again from the first run)") != std::string::npos);
  CHECK(later.read("out/2026-03-01/calls.xlsx") == calls);
  CHECK(later.read("out/2026-03-01/handoff.xlsx") == handoff);
  // And a rerun without --xlsx replaces the folder with one without them.
  require_success(later.evaluate("2026-03-01"));
  CHECK_FALSE(later.exists("out/2026-03-01/calls.xlsx"));
}

TEST_CASE("the config's xlsx = true writes the XLSX files; --no-xlsx wins over it", "[cli][xlsx]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  ws.write("ownercare.toml", "xlsx = true\n");
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--config", "ownercare.toml", "--no-xlsx"}));
  CHECK_FALSE(ws.exists("out/2026-03-01/calls.xlsx"));
  require_success(ws.evaluate("2026-03-01", {"--config", "ownercare.toml"}));
  CHECK(ws.exists("out/2026-03-01/calls.xlsx"));
  CHECK(ws.exists("out/2026-03-01/handoff.xlsx"));
}

TEST_CASE("the config's xlsx must be true or false", "[cli][xlsx]") {
  Workspace ws;
  ws.write("ownercare.toml", "xlsx = 1\n");
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  auto result = ws.evaluate("2026-03-01", {"--config", "ownercare.toml"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-evaluate: error: ownercare.toml:1:8: \"xlsx\" must be true or false\n");
  CHECK_FALSE(ws.exists("out"));
}

namespace {

// A report database: dealer D001's repair order O1 closed on 2026-03-03 was called back and
// reached on 03-05 with a complaint; the phone called is a landline with its leading zero, the
// note looks like a formula.
void write_report_database(const Workspace& ws) {
  auto db = store::Database::open(ws / Workspace::db, store::OpenMode::create);
  db.sql().exec(R"sql(
    INSERT INTO record_log (record_id, as_of, file_name, file_sha256, lines_read, applied,
                            repeated, rejected)
      VALUES (1, '2026-03-06', 'outcomes.csv', 'digest', 1, 1, 0, 0);
    INSERT INTO service_order (order_id, row_hash, vin, member_id, dealer_code, type, closed,
                               advisor, complaint, amount, first_seen, changed_on)
      VALUES ('0012', 0, NULL, NULL, 'D001', 'repair', '2026-03-03', '王芳', '', NULL,
              '2026-03-03', '2026-03-03');
    INSERT INTO task (task_id, rule, step, channel, subject_kind, subject_id, anchor_on, due_on,
                      created_on, priority, state, state_on, phone, sent_on)
      VALUES ('T1', 'service_callback', 'call', 'call', 'order', '0012', '2026-03-03',
              '2026-03-04', '2026-03-04', 50, 'done', '2026-03-06', '057187654321',
              '2026-03-04');
    INSERT INTO outcome (task_id, attempt, result, disposition, at, satisfaction, note,
                         recorded_on, record_id, line)
      VALUES ('T1', 1, 'reached', 'complaint', '2026-03-05 10:30', 2, '=1+1 修车太慢',
              '2026-03-06', 1, 2);
  )sql");
}

RunResult report_xlsx(const Workspace& ws, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--db", Workspace::db, "--as-of", "2026-03-08", "--format",
                                   "xlsx"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.run("ownercare-report", args);
}

}  // namespace

TEST_CASE("report --format xlsx writes one sheet per table, typed cells, owner-only",
          "[cli][xlsx][posix]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  REQUIRE(has_python_openpyxl(ws));
  write_report_database(ws);
  auto result = report_xlsx(ws, {"--out", "week.xlsx"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  CHECK(owner_only(ws / "week.xlsx"));
  auto lines = read_xlsx(ws, "week.xlsx");
  std::vector<std::string> sheets;
  for (const auto& line : lines) {
    if (line.rfind("sheet ", 0) == 0) sheets.push_back(line.substr(6, line.find(' ', 6) - 6));
  }
  // Every table of the report, in its order: a table added to report_tables appears here.
  CHECK(sheets == report::report_table_names());
  CHECK(std::find(sheets.begin(), sheets.end(), "meeting") != sheets.end());
  CHECK(has_line(lines, "sheet callbacks freeze=A2 filter=A1:I2"));
  CHECK(has_line(lines, "cell callbacks A1 s 经销商 @ comment=dealer"));
  CHECK(has_line(lines, "cell callbacks A2 s D001 @"));
  CHECK(has_line(lines, "cell callbacks B2 n 1 General"));
  // Shares keep their one decimal: 100.0 is the number 100 shown 100.0.
  CHECK(has_line(lines, "cell callbacks D2 n 100 0.0"));
  CHECK(has_line(lines, "cell callbacks H2 s no @"));
  // The meeting list: a date, the phone and the order id as text with their zeros, the
  // formula-looking note as text, the blank complaint an empty cell.
  CHECK(has_line(lines, "sheet meeting freeze=A2 filter=A1:K2"));
  CHECK(has_line(lines, "cell meeting B2 d 2026-03-05T00:00:00 yyyy-mm-dd"));
  CHECK(has_line(lines, "cell meeting D2 s 0012 @"));
  CHECK(has_line(lines, "cell meeting F2 s 057187654321 @"));
  CHECK(has_line(lines, "cell meeting I2 n 2 General"));
  CHECK(has_line(lines, "cell meeting J2 s =1+1 修车太慢 @"));
  CHECK(line_of(lines, "cell meeting K2 ").empty());
  // A table without rows keeps its header and filter.
  CHECK(has_line(lines, "sheet appointments freeze=A2 filter=A1:E1"));
  // The month "2026-03" is not a date; the days of the month are.
  CHECK(has_line(lines, "cell wash_monthly A2 s 2026-03 @"));
  CHECK(has_line(lines, "cell wash_monthly B2 d 2026-03-01T00:00:00 yyyy-mm-dd"));
  CHECK(has_line(lines, "cell wash_monthly H2 n 0 0.00"));
}

TEST_CASE("report --format xlsx creates the folder of --out", "[cli][xlsx]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  write_report_database(ws);
  auto result = report_xlsx(ws, {"--out", "reports/2026-03-08/week.xlsx"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(folder_entries(ws / "reports/2026-03-08") == std::vector<std::string>{"week.xlsx"});
}

TEST_CASE("report --format xlsx is the same bytes when run again", "[cli][xlsx]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  write_report_database(ws);
  require_success(report_xlsx(ws, {"--out", "a.xlsx"}));
  require_success(report_xlsx(ws, {"--out", "b.xlsx"}));
  CHECK(ws.read("a.xlsx") == ws.read("b.xlsx"));
  // No scratch file of libxlsxwriter's or temporary file of the atomic write is left.
  for (const auto& entry : folder_entries(ws.path())) {
    INFO(entry);
    CHECK((entry == "a.xlsx" || entry == "b.xlsx" || entry.rfind("ownercare.db", 0) == 0));
  }
}

TEST_CASE("report --format xlsx --table writes that table's sheet only", "[cli][xlsx][posix]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  REQUIRE(has_python_openpyxl(ws));
  write_report_database(ws);
  require_success(report_xlsx(ws, {"--table", "meeting", "--out", "meeting.xlsx"}));
  auto lines = read_xlsx(ws, "meeting.xlsx");
  CHECK(lines.front() == "sheet meeting freeze=A2 filter=A1:K2");
  CHECK(line_of(lines, "sheet callbacks").empty());
}

TEST_CASE("report --format xlsx needs --out FILE, not a folder", "[cli][xlsx]") {
  if (!emit::xlsx_supported()) return;
  Workspace ws;
  write_report_database(ws);
  auto missing = report_xlsx(ws, {});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "ownercare-report: error: --format xlsx writes one file: give --out FILE.xlsx\n");
  std::filesystem::create_directory(ws / "reports");
  auto folder = report_xlsx(ws, {"--out", "reports"});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err == "ownercare-report: error: --out reports is a folder; --format xlsx writes "
                      "one file: give --out FILE.xlsx\n");
  CHECK(folder_entries(ws / "reports").empty());
}

TEST_CASE("a build without XLSX support refuses --xlsx and --format xlsx with exit 2",
          "[cli][xlsx]") {
  if (emit::xlsx_supported()) return;  // this build has it: the tests above apply
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", night_snapshot()));
  auto evaluate = ws.evaluate("2026-03-01", {"--xlsx"});
  CHECK(evaluate.exit_code == 2);
  CHECK(evaluate.err == "ownercare-evaluate: error: this build has no XLSX support (--xlsx, or "
                        "xlsx = true in the config)\n");
  CHECK_FALSE(ws.exists("out"));
  auto report = ws.run("ownercare-report", {"--db", Workspace::db, "--as-of", "2026-03-01",
                                            "--format", "xlsx", "--out", "week.xlsx"});
  CHECK(report.exit_code == 2);
  CHECK(report.err == "ownercare-report: error: this build has no XLSX support\n");
  CHECK_FALSE(ws.exists("week.xlsx"));
}

}  // namespace ownercare::test
