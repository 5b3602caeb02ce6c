// The night's lists for people as XLSX: calls.xlsx (the call centre's list) and handoff.xlsx
// (vehicles handed to the ops team), the same rows as calls.csv and handoff.csv in the same
// order, each column with its Chinese heading (emit/column_names, as in the CSVs with
// headers = "zh"; the contract's English name as its comment) and a cell kind: ids, phones, plates, windows and status codes are text, counts numbers,
// status_since a date (emit/xlsx_workbook.hpp). sms.csv and delist.csv have none: the SMS
// platform and the fleet system read those.
#pragma once

#include <string>
#include <vector>

#include "ownercare/emit/xlsx_workbook.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::emit {

struct XlsxList {
  std::string key;         // calls | handoff: the FileSpec whose rows it shows
  std::string name;        // calls.xlsx ...
  std::string sheet_name;  // 外呼名单 ...
  std::vector<SheetColumn> columns;  // one per column of the CSV, in its order
};
const std::vector<XlsxList>& xlsx_lists();

// The sheet of `list` from the night's rows (those of its file, kept in order).
Sheet list_sheet(const XlsxList& list, const std::vector<store::EmittedRow>& rows);

}  // namespace ownercare::emit
