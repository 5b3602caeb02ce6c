// The report as plain text for a terminal or a mail: a heading with the period, then each
// table under its title with two header lines (Chinese, then the CSV column name), a rule of
// dashes, and its rows. Columns are padded by display width (a Chinese character takes two
// columns) and separated by two spaces; numbers are right-aligned, text left-aligned; no line
// ends in a space. Line breaks and tabs inside a cell (a note) are shown as spaces.
#pragma once

#include <string>
#include <vector>

#include "ownercare/report/report_tables.hpp"

namespace ownercare::report {

// One table: its title line, header lines, rule and rows ("(无 none)" when it has none).
std::string render_text_table(const ReportTable& table);

// The heading ("ownercare 报表 (report)" and the period) and every table, a blank line between.
std::string render_text_report(const store::ReportPeriod& period,
                               const std::vector<ReportTable>& tables);

}  // namespace ownercare::report
