// The report's CSV header rows (report/csv_report.hpp): the English column names by default,
// the Chinese headings with `headers = "zh"`; every column of every table has a heading, so no
// table comes out half in English.
#include "ownercare/report/csv_report.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace {

using ownercare::emit::HeaderLanguage;
using ownercare::report::Align;
using ownercare::report::ReportTable;

ReportTable small_table() {
  return {"callbacks",
          "售后回访 (callbacks)",
          {{"dealer", "经销商", Align::left}, {"orders", "工单数", Align::right}},
          {{"D001", "3"}}};
}

}  // namespace

TEST_CASE("csv report: the header is the English names by default", "[csv_report]") {
  CHECK(ownercare::report::render_csv_table(small_table(), false) == "dealer,orders\nD001,3\n");
  CHECK(ownercare::report::render_csv_table(small_table(), false, HeaderLanguage::english) ==
        "dealer,orders\nD001,3\n");
}

TEST_CASE("csv report: zh heads the columns with their Chinese headings, rows unchanged",
          "[csv_report]") {
  CHECK(ownercare::report::render_csv_table(small_table(), false, HeaderLanguage::chinese) ==
        "经销商,工单数\nD001,3\n");
  CHECK(ownercare::report::render_csv_table(small_table(), true, HeaderLanguage::chinese) ==
        "\xEF\xBB\xBF经销商,工单数\nD001,3\n");
}

TEST_CASE("csv report: every column of every table has its own Chinese heading",
          "[csv_report]") {
  ownercare::report::ReportFigures figures{};
  for (const auto& table : ownercare::report::report_tables(figures)) {
    std::set<std::string> seen;
    for (const auto& column : table.columns) {
      INFO(table.name << "." << column.name);
      CHECK_FALSE(column.heading.empty());
      CHECK(seen.insert(column.heading).second);
    }
  }
}
