// The report as tables of text cells: the one shape both renderings read (aligned text on
// stdout, one CSV file per table). Every cell is formatted here, once, so the text and the CSV
// show the same values: counts as integers, shares as percentages with one decimal
// ("66.7"; blank when there is nothing to divide by), the mean satisfaction with two
// decimals, amounts in yuan with two decimals, dates as YYYY-MM-DD.
#pragma once

#include <string>
#include <vector>

#include "ownercare/report/report_figures.hpp"

namespace ownercare::report {

enum class Align { left, right };

struct ReportColumn {
  std::string name;     // the CSV header: English, snake_case
  std::string heading;  // the text header above `name`: Chinese
  Align align = Align::right;
};

struct ReportTable {
  std::string name;   // what --table takes; the CSV file is NAME.csv
  std::string title;  // the text heading: "中文 (English)"
  std::vector<ReportColumn> columns;
  std::vector<std::vector<std::string>> rows;  // each as many cells as columns
  bool holds_phones = false;  // its file is created readable by its owner only (SPEC 5)
};

// A fleet status in words ("自动下线（未登录）" for -1; "" for a status SPEC 2.1 does not name).
std::string status_words(int status);

// The names of the tables, in the order the report shows them.
const std::vector<std::string>& report_table_names();

// Every table of the report, in the order of report_table_names().
std::vector<ReportTable> report_tables(const ReportFigures& figures);

}  // namespace ownercare::report
