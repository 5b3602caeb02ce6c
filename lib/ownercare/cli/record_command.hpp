// ownercare-record: flags -> validated settings -> outcomes::record_outcomes.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "ownercare/cli/common.hpp"
#include "ownercare/outcomes/record.hpp"

namespace ownercare::cli {

struct RecordFlags {
  CommonFlags common;
  std::string as_of;
  std::string file;
  std::string encoding;
  std::string rejects;
  std::string columns;
  std::string values;
  bool allow_future = false;
  std::optional<bool> bom;
};

struct RecordSettings {
  std::filesystem::path db;
  outcomes::RecordOptions options;
  bool quiet = false;
};

void define_record(CLI::App& app, RecordFlags& flags);
RecordSettings resolve_record(const RecordFlags& flags);
// `report_out`, when given, receives the recording's report (for ownercare-nightly).
int run_record(const RecordSettings& settings, std::ostream& out, std::ostream& err,
               outcomes::RecordReport* report_out = nullptr);
int record_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
