// The XLSX writer (emit/xlsx_workbook), the night's list sheets (emit/xlsx_lists) and the
// report's sheets (report/xlsx_report): same bytes for the same input, the created date in
// them, nothing left in the scratch folder, Excel's limits, column widths, the lists' columns
// being the contract's, and the report's cell kinds. What a spreadsheet program sees in the
// files is read back by the CLI tests (tests/cli/xlsx_cli_test.cpp, openpyxl).
#include "ownercare/emit/xlsx_workbook.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#ifdef _WIN32
#include <process.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/emit/output_folder.hpp"
#include "ownercare/emit/xlsx_lists.hpp"
#include "ownercare/report/xlsx_report.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::emit::CellKind;
using ownercare::emit::Sheet;
using ownercare::emit::WorkbookOptions;
using ownercare::test::TempDir;

namespace {

Sheet calls_like_sheet() {
  return {"外呼名单",
          {{"电话", "phone", CellKind::text},
           {"第几次", "attempt", CellKind::number},
           {"日期", "status_since", CellKind::date}},
          {{"057187654321", "1", "2026-03-01"}, {"=1+1", "", "not a date"}}};
}

std::size_t entries(const std::filesystem::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++count;
  return count;
}

}  // namespace

TEST_CASE("xlsx: a column is as wide as its widest cell plus two, between 6 and 60", "[xlsx]") {
  using ownercare::emit::column_width;
  CHECK(column_width(0) == 6);
  CHECK(column_width(4) == 6);
  CHECK(column_width(12) == 14);
  CHECK(column_width(58) == 60);
  CHECK(column_width(500) == 60);
}

TEST_CASE("xlsx: the same sheets and date give the same bytes; the date is in them", "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  WorkbookOptions night{"外呼名单 2026-03-01", Date(2026, 3, 1)};
  auto first = ownercare::emit::render_workbook({calls_like_sheet()}, night, dir.path());
  auto again = ownercare::emit::render_workbook({calls_like_sheet()}, night, dir.path());
  CHECK(first.rfind("PK", 0) == 0);
  CHECK(first == again);
  WorkbookOptions next{"外呼名单 2026-03-01", Date(2026, 3, 2)};
  CHECK(ownercare::emit::render_workbook({calls_like_sheet()}, next, dir.path()) != first);
  // The scratch file libxlsxwriter wrote is gone.
  CHECK(entries(dir.path()) == 0);
}

TEST_CASE("xlsx: scratch files of runs that died (kill -9) are removed, a live run's are left",
          "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  // A process id no system hands out (above every pid_max), and one that is running: this
  // process, as another thread's workbook would be named.
  const std::string dead = ".xlsx-2147483000-1.tmp";
#ifdef _WIN32
  const std::string live = ".xlsx-" + std::to_string(::_getpid()) + "-999999.tmp";
#else
  const std::string live = ".xlsx-" + std::to_string(::getpid()) + "-999999.tmp";
#endif
  ownercare::test::write_text(dir / dead, "half a workbook with phones");
  ownercare::test::write_text(dir / live, "a workbook being written");
  ownercare::test::write_text(dir / "calls.xlsx", "not a scratch file");
  ownercare::emit::render_workbook({calls_like_sheet()}, {"", Date(2026, 3, 1)}, dir.path());
  CHECK_FALSE(std::filesystem::exists(dir / dead));
  CHECK(std::filesystem::exists(dir / live));
  CHECK(std::filesystem::exists(dir / "calls.xlsx"));
}

TEST_CASE("xlsx: a text cell longer than Excel's limit is cut, not refused", "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  // 40,000 characters (libxlsxwriter refuses more than 32,767), cut at a character boundary.
  std::string history;
  for (int i = 0; i < 40000; ++i) history += "历";
  Sheet sheet{"handoff", {{"经过", "history", CellKind::text}}, {{history}}};
  auto bytes = ownercare::emit::render_workbook({sheet}, {"", Date(2026, 3, 1)}, dir.path());
  CHECK(bytes.rfind("PK", 0) == 0);
}

TEST_CASE("xlsx: more rows than Excel holds refuse the workbook and leave nothing", "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  Sheet sheet{"calls", {{"电话", "phone", CellKind::text}}, {}};
  sheet.rows.resize(ownercare::emit::kMaxSheetRows + 1);
  CHECK_THROWS_AS(ownercare::emit::render_workbook({sheet}, {"", Date(2026, 3, 1)}, dir.path()),
                  ownercare::InternalError);
  CHECK(entries(dir.path()) == 0);
}

TEST_CASE("xlsx: sheet names longer than 31 characters are cut and kept apart", "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  Sheet first{std::string(40, 'a'), {{"x", "x", CellKind::text}}, {}};
  Sheet second = first;
  Sheet odd{"a/b:c", {{"x", "x", CellKind::text}}, {}};
  // libxlsxwriter refuses a name over 31 characters, a repeated one or one with /: none here.
  CHECK_NOTHROW(
      ownercare::emit::render_workbook({first, second, odd}, {"", Date(2026, 3, 1)}, dir.path()));
}

#ifndef _WIN32
TEST_CASE("xlsx: write_workbook writes an owner-only file atomically", "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  ownercare::emit::write_workbook(dir / "calls.xlsx", {calls_like_sheet()}, {"", Date(2026, 3, 1)},
                                  ownercare::FileAccess::owner_only);
  struct stat status {};
  REQUIRE(::stat((dir / "calls.xlsx").c_str(), &status) == 0);
  CHECK((status.st_mode & 0777) == 0600);
  CHECK(entries(dir.path()) == 1);
}
#endif

TEST_CASE("xlsx: without libxlsxwriter, writing a workbook is a usage error", "[xlsx]") {
  if (ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  CHECK_THROWS_WITH(
      ownercare::emit::render_workbook({calls_like_sheet()}, {"", Date(2026, 3, 1)}, dir.path()),
      "this build has no XLSX support");
}

TEST_CASE("xlsx: the lists have one column per contract column, in order", "[xlsx]") {
  const auto& lists = ownercare::emit::xlsx_lists();
  REQUIRE(lists.size() == 2);
  for (const auto& list : lists) {
    INFO(list.name);
    const auto& spec = ownercare::emit::output_file(list.key);
    std::vector<std::string> names;
    for (const auto& column : list.columns) {
      names.push_back(column.name);
      CHECK_FALSE(column.heading.empty());
    }
    CHECK(names == spec.columns);
  }
  CHECK(lists[0].name == "calls.xlsx");
  CHECK(lists[1].name == "handoff.xlsx");
}

TEST_CASE("xlsx: a list sheet holds its file's rows in order", "[xlsx]") {
  const auto& calls = ownercare::emit::xlsx_lists()[0];
  std::vector<ownercare::store::EmittedRow> rows = {
      {"sms", "T1", {"sms row"}}, {"calls", "T2", {"T2"}}, {"calls", "T3", {"T3"}}};
  auto sheet = ownercare::emit::list_sheet(calls, rows);
  CHECK(sheet.name == "外呼名单");
  CHECK(sheet.rows == std::vector<std::vector<std::string>>{{"T2"}, {"T3"}});
}

TEST_CASE("xlsx: report columns are numbers when right-aligned, dates when every cell is one",
          "[xlsx]") {
  using ownercare::report::Align;
  ownercare::report::ReportTable table{
      "meeting",
      "title",
      {{"dealer", "经销商", Align::left},
       {"date", "日期", Align::left},
       {"month", "月份", Align::left},
       {"satisfaction", "满意度", Align::right},
       {"phone", "电话", Align::left}},
      {{"D001", "2026-03-05", "2026-03", "2", "057187654321"},
       {"D002", "", "2026-04", "", "13812345678"}}};
  auto sheet = ownercare::report::xlsx_sheet(table);
  CHECK(sheet.name == "meeting");
  REQUIRE(sheet.columns.size() == 5);
  CHECK(sheet.columns[0].kind == CellKind::text);
  CHECK(sheet.columns[1].kind == CellKind::date);
  CHECK(sheet.columns[2].kind == CellKind::text);
  CHECK(sheet.columns[3].kind == CellKind::number);
  CHECK(sheet.columns[4].kind == CellKind::text);
  CHECK(sheet.columns[1].heading == "日期");
  CHECK(sheet.columns[1].name == "date");
  CHECK(sheet.rows == table.rows);
}

// On Windows libxlsxwriter opens files with fopen, in the ANSI code page: the folder is reached
// through its short name (emit/xlsx_workbook.cpp). On Linux a plain case.
TEST_CASE("xlsx: a workbook is written under a folder named in Chinese", "[xlsx]") {
  if (!ownercare::emit::xlsx_supported()) return;
  TempDir dir;
  auto folder = dir / "外呼名单 输出";
  std::filesystem::create_directory(folder);
  ownercare::emit::write_workbook(folder / "外呼.xlsx", {calls_like_sheet()},
                                  {"", Date(2026, 3, 1)}, ownercare::FileAccess::owner_only);
  CHECK(ownercare::read_file(folder / "外呼.xlsx").rfind("PK", 0) == 0);
  CHECK(entries(folder) == 1);
}
