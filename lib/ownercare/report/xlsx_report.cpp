#include "ownercare/report/xlsx_report.hpp"

#include <fmt/format.h>

#include "ownercare/core/files.hpp"

namespace ownercare::report {

namespace {

// Dates when every filled cell of the column is exactly YYYY-MM-DD (and one is filled).
emit::CellKind left_column_kind(const ReportTable& table, std::size_t column) {
  bool any = false;
  for (const auto& row : table.rows) {
    if (column >= row.size() || row[column].empty()) continue;
    auto date = Date::parse(row[column]);
    if (!date || date->iso() != row[column]) return emit::CellKind::text;
    any = true;
  }
  return any ? emit::CellKind::date : emit::CellKind::text;
}

}  // namespace

emit::Sheet xlsx_sheet(const ReportTable& table) {
  emit::Sheet sheet{table.name, {}, table.rows};
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const auto& column = table.columns[c];
    auto kind = column.align == Align::right ? emit::CellKind::number : left_column_kind(table, c);
    sheet.columns.push_back({column.heading, column.name, kind});
  }
  return sheet;
}

void write_xlsx_report(const std::filesystem::path& file, const store::ReportPeriod& period,
                       const std::vector<ReportTable>& tables) {
  std::vector<emit::Sheet> sheets;
  for (const auto& table : tables) sheets.push_back(xlsx_sheet(table));
  emit::WorkbookOptions options{
      fmt::format("ownercare 报表 report {} – {}", period.from.iso(), period.to.iso()),
      period.as_of};
  // Its folder is created when missing, as --format csv creates its --out.
  if (file.has_parent_path()) create_folders(file.parent_path());
  emit::write_workbook(file, sheets, options, FileAccess::owner_only);
}

}  // namespace ownercare::report
