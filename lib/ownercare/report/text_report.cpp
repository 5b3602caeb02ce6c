#include "ownercare/report/text_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/report/display_width.hpp"

namespace ownercare::report {

namespace {

constexpr const char* kGap = "  ";

// `lines` with every cell padded to its column's width; trailing spaces removed.
std::string aligned_lines(const std::vector<std::vector<std::string>>& lines,
                          const std::vector<ReportColumn>& columns) {
  std::vector<std::size_t> widths(columns.size(), 0);
  for (const auto& line : lines) {
    for (std::size_t c = 0; c < columns.size() && c < line.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(line[c]));
    }
  }
  std::string text;
  for (const auto& line : lines) {
    std::string row;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& cell = c < line.size() ? line[c] : std::string();
      std::string padding(widths[c] - display_width(cell), ' ');
      if (c) row += kGap;
      if (columns[c].align == Align::right)
        row += padding + cell;
      else
        row += cell + padding;
    }
    row.erase(row.find_last_not_of(' ') + 1);
    text += row + '\n';
  }
  return text;
}

}  // namespace

std::string render_text_table(const ReportTable& table) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> headings;
  std::vector<std::string> names;
  for (const auto& column : table.columns) {
    headings.push_back(column.heading);
    names.push_back(column.name);
  }
  lines.push_back(std::move(headings));
  lines.push_back(std::move(names));
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(single_line(cell));
    lines.push_back(std::move(cells));
  }
  // The rule under the headers is as wide as each column; computed after the rows are known.
  std::vector<std::string> rule;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    std::size_t width = 0;
    for (const auto& line : lines) width = std::max(width, display_width(line[c]));
    rule.push_back(std::string(width, '-'));
  }
  lines.insert(lines.begin() + 2, std::move(rule));

  std::string text = table.title + '\n' + aligned_lines(lines, table.columns);
  if (table.rows.empty()) text += "(无 none)\n";
  return text;
}

std::string render_text_report(const store::ReportPeriod& period,
                               const std::vector<ReportTable>& tables) {
  std::string text =
      fmt::format("ownercare 报表 (report)\n期间 (period): {} 至 (to) {}, 截至 (as of) {}\n",
                  period.from.iso(), period.to.iso(), period.as_of.iso());
  for (const auto& table : tables) text += '\n' + render_text_table(table);
  return text;
}

}  // namespace ownercare::report
