// ownercare-export: one table of the database as CSV, for operations staff and analysts.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "ownercare/cli/common.hpp"

namespace ownercare::cli {

struct ExportFlags {
  CommonFlags common;
  std::string table;
  std::string subject;
  std::string out;
  std::optional<bool> bom;
};

struct ExportSettings {
  std::filesystem::path db;
  std::string table;
  std::optional<std::string> subject;
  std::optional<std::filesystem::path> out;  // stdout when absent
  bool bom = true;
};

void define_export(CLI::App& app, ExportFlags& flags);
ExportSettings resolve_export(const ExportFlags& flags);
int run_export(const ExportSettings& settings, std::ostream& out, std::ostream& err);
int export_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
