// The report as one self-contained HTML page for people: opened from a file, mailed, printed.
// UTF-8 (<meta charset>), lang="zh-CN"; inline CSS (with print rules: a chart is never cut
// across pages, table rows are not split, a table's header row repeats on every page) and
// the four charts of report_charts.hpp as inline SVG, then every table of the text report
// (report_tables) under its title, numbers right-aligned, with the period at the top.
// Nothing is loaded from anywhere: no script, no link, no image, font or stylesheet, no url().
// Every text from the store (names, notes, dealer codes) is escaped.
#pragma once

#include <string>
#include <vector>

#include "ownercare/report/report_figures.hpp"
#include "ownercare/report/report_tables.hpp"

namespace ownercare::report {

// One table: its title as <h3>, then a <table> with two header lines per column (Chinese,
// then the CSV name) or "(无 none)" when it has no rows.
std::string render_html_table(const ReportTable& table);

// The whole page: period heading, the charts of `figures`, then `tables`.
std::string render_html_report(const ReportFigures& figures,
                               const std::vector<ReportTable>& tables);

}  // namespace ownercare::report
