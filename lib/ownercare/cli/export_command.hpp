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
  std::string find;    // history
  std::string format;  // history: text | csv (default: text on a terminal)
  std::string rules;   // sold: recompute due dates, passed ones included
  std::string as_of;   // sold: the day dates before it have passed (default today)
};

struct ExportSettings {
  std::filesystem::path db;
  std::string table;
  std::optional<std::string> subject;
  std::optional<std::filesystem::path> out;  // stdout when absent
  bool bom = true;
  std::optional<std::string> find;             // history
  bool text = false;                           // history as aligned text rather than CSV
  bool quiet = false;
  std::optional<std::filesystem::path> rules;  // sold
  Date as_of;                                  // sold
};

void define_export(CLI::App& app, ExportFlags& flags);
ExportSettings resolve_export(const ExportFlags& flags);
int run_export(const ExportSettings& settings, std::ostream& out, std::ostream& err);
int export_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
