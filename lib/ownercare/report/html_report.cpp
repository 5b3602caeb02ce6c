#include "ownercare/report/html_report.hpp"

#include <fmt/format.h>

#include "ownercare/report/display_width.hpp"
#include "ownercare/report/report_charts.hpp"
#include "ownercare/report/svg_chart.hpp"

namespace ownercare::report {

namespace {

// Local fonts only (no @font-face): Chinese first, then what Windows and macOS have.
// Print: A4, a chart never cut, rows never split, a table's header repeated on every page.
constexpr const char* kStyle = R"css(
body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei',
       'Microsoft YaHei', 'PingFang SC', sans-serif;
       color: #222222; background: #ffffff; line-height: 1.45;
       max-width: 1100px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 2px; border-bottom: 2px solid #1b3a5c; }
h3 { font-size: 15px; margin: 22px 0 6px; }
.period { margin: 0 0 12px; color: #444444; }
figure { margin: 12px 0 22px; break-inside: avoid; page-break-inside: avoid; }
svg { display: block; max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #bbbbbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
th .en { font-weight: normal; font-size: 11px; color: #555555; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f6f6f6; }
.none { color: #555555; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11px; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9.5px; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  tbody tr:nth-child(even) { background: none; }
}
)css";

const char* cell_class(const ReportColumn& column) {
  return column.align == Align::right ? " class=\"num\"" : "";
}

}  // namespace

std::string render_html_table(const ReportTable& table) {
  std::string html = "<section>\n<h3>" + escape_html(table.title) + "</h3>\n";
  html += "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (const auto& column : table.columns) {
    html += fmt::format("<th{}>{}<br><span class=\"en\">{}</span></th>", cell_class(column),
                        escape_html(column.heading), escape_html(column.name));
  }
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const std::string cell = c < row.size() ? single_line(row[c]) : std::string();
      html += fmt::format("<td{}>{}</td>", cell_class(table.columns[c]), escape_html(cell));
    }
    html += "</tr>\n";
  }
  if (table.rows.empty()) {
    html += fmt::format("<tr><td class=\"none\" colspan=\"{}\">(无 none)</td></tr>\n",
                        table.columns.size());
  }
  html += "</tbody>\n</table></div>\n</section>\n";
  return html;
}

std::string render_html_report(const ReportFigures& figures,
                               const std::vector<ReportTable>& tables) {
  const auto& period = figures.period;
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>ownercare 报表 (report) {} 至 {}</title>\n<style>{}</style>\n</head>\n<body>\n"
      "<h1>ownercare 报表 (report)</h1>\n"
      "<p class=\"period\">期间 (period): {} 至 (to) {}, 截至 (as of) {}</p>\n",
      period.from.iso(), period.to.iso(), kStyle, period.from.iso(), period.to.iso(),
      period.as_of.iso());
  html += "<h2>图表 (charts)</h2>\n";
  for (const auto& svg :
       {render_line_chart(return_curves_chart(figures)),
        render_bar_chart(callback_success_chart(figures)),
        render_bar_chart(unreachable_chart(figures)),
        render_line_chart(weekly_trend_chart(figures))}) {
    html += "<figure>\n" + svg + "</figure>\n";
  }
  html += "<h2>表格 (tables)</h2>\n";
  for (const auto& table : tables) html += render_html_table(table);
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace ownercare::report
