#include "ownercare/emit/xlsx_lists.hpp"

#include <utility>

#include "ownercare/emit/column_names.hpp"

namespace ownercare::emit {

namespace {

struct ColumnKind {
  const char* name;
  CellKind kind;
};

// The columns of `file` in the contract's order with their kinds, headed by their Chinese
// names from emit/column_names (one table for the CSVs and these).
std::vector<SheetColumn> columns(std::string_view file, std::initializer_list<ColumnKind> kinds) {
  std::vector<SheetColumn> result;
  for (const auto& column : kinds) {
    result.push_back(
        {chinese_heading(file, column.name).value_or(column.name), column.name, column.kind});
  }
  return result;
}

constexpr auto text = CellKind::text;
constexpr auto number = CellKind::number;
constexpr auto date = CellKind::date;

}  // namespace

const std::vector<XlsxList>& xlsx_lists() {
  static const std::vector<XlsxList> lists = {
      {"calls",
       "calls.xlsx",
       "外呼名单",
       columns("calls", {{"task_id", text},
                         {"subject_kind", text},
                         {"subject_id", text},
                         {"rule", text},
                         {"step", text},
                         {"attempt", number},
                         {"window", text},
                         {"name", text},
                         {"phone", text},
                         {"other_phones", text},
                         {"team", text},
                         {"reason", text},
                         {"context", text}})},
      {"handoff",
       "handoff.xlsx",
       "移交名单",
       columns("handoff", {{"task_id", text},
                           {"subject_kind", text},
                           {"subject_id", text},
                           {"rule", text},
                           {"step", text},
                           {"plate", text},
                           {"status", text},
                           {"days_in_status", number},
                           {"sms_sent", number},
                           {"calls_made", number},
                           {"last_outcome", text},
                           {"status_label", text},
                           {"status_since", date},
                           {"city", text},
                           {"history", text}})},
  };
  return lists;
}

Sheet list_sheet(const XlsxList& list, const std::vector<store::EmittedRow>& rows) {
  Sheet sheet{list.sheet_name, list.columns, {}};
  for (const auto& row : rows) {
    if (row.file == list.key) sheet.rows.push_back(row.cells);
  }
  return sheet;
}

}  // namespace ownercare::emit
