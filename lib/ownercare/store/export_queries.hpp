// What ownercare-export can list, as fixed queries: the back-office view of the database for
// operations staff (SPEC 2.1: "where ops look up results and phone numbers").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/store/database.hpp"

namespace ownercare::store {

struct ExportTable {
  std::string name;         // vehicles, episodes, tasks, ...
  std::string description;  // one line for --help
};

const std::vector<ExportTable>& export_tables();

// Runs the export of `table`, optionally only for one subject (vehicle id), calling `header`
// once with the column names and `row` for each row. Throws UsageError for an unknown table.
void run_export(Database& db, const std::string& table, const std::optional<std::string>& subject,
                const std::function<void(const std::vector<std::string>&)>& header,
                const std::function<void(const std::vector<std::string>&)>& row);

}  // namespace ownercare::store
