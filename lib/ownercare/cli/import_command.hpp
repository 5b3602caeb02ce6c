// ownercare-import: flags -> validated settings -> ingest::import_fleet.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "ownercare/cli/common.hpp"
#include "ownercare/ingest/fleet_import.hpp"

namespace ownercare::cli {

struct ImportFlags {
  CommonFlags common;
  std::string kind;
  std::string as_of;
  std::string file;
  std::string encoding;
  std::string rejects;
  bool force = false;
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
ImportSettings resolve_import(const ImportFlags& flags);  // throws UsageError
int run_import(const ImportSettings& settings, std::ostream& out, std::ostream& err);
int import_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
