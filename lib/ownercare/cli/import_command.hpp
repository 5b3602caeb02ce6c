// ownercare-import: flags -> validated settings -> ingest::import_fleet, or import_sales,
// import_service, import_members (ingest/dealer_import.hpp), or import_optouts
// (ingest/optout_import.hpp) by --kind.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "ownercare/cli/common.hpp"
#include "ownercare/ingest/dealer_import.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/ingest/optout_import.hpp"

namespace ownercare::cli {

struct ImportFlags {
  CommonFlags common;
  std::string kind;
  std::string as_of;
  std::string file;
  std::string encoding;
  std::string rejects;
  std::string columns;  // the column map (TOML); the config's `columns` otherwise
  bool force = false;
  bool baseline = false;
  bool allow_future = false;
  std::optional<bool> bom;
};

struct ImportSettings {
  std::filesystem::path db;
  std::string kind;
  ingest::ImportOptions options;
  bool quiet = false;
  bool verbose = false;
};

void define_import(CLI::App& app, ImportFlags& flags);
// Throws UsageError, also for a column map that cannot be read or names unknown columns.
ImportSettings resolve_import(const ImportFlags& flags);
// The one line printed on success, e.g. "sales.csv: sales 2026-03-01: 3 rows, 3 new, 0 changed,
// 0 unchanged, 0 gone, 0 back, 0 rejected; 0 new owners, 2 odometer readings".
std::string import_summary(const std::string& kind, Date as_of,
                           const ingest::DealerImportReport& report);
// Prints the summary on `out`, warnings and rejects on `err`; `report`, when given, receives
// the import's report (ownercare-nightly reads its rejects and warnings).
int run_import(const ImportSettings& settings, std::ostream& out, std::ostream& err,
               ingest::DealerImportReport* report_out = nullptr);
int import_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
