// ownercare-import --kind fleet: a car-sharing platform's nightly snapshot into the database.
//
// The snapshot is diffed against what is stored and only changes are written: new vehicles,
// changed facts, status episodes opened and closed, vehicles gone missing or back. Everything
// happens in one transaction, which commits whole or not at all. Refused, with nothing
// written: a snapshot older than the newest imported one (exit 3), a file missing a required
// column or with too many invalid rows (exit 3), and one that would make too many known
// vehicles disappear at once (exit 4, unless forced).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/ingest/fleet_row.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::ingest {

struct ImportOptions {
  std::filesystem::path file;  // "-" reads stdin
  Date as_of;
  csv::Encoding encoding = csv::Encoding::automatic;
  std::optional<std::filesystem::path> rejects_file;  // default: default_rejects_path()
  double max_disappear_share = 0.05;  // of the vehicles present before this snapshot
  double max_invalid_share = 0.10;    // of the data rows
  bool force = false;                 // import even past max_disappear_share
  bool bom = true;                    // of the rejects file
  std::map<std::string, std::string> column_map;  // header name in file -> canonical name
  std::function<void(std::uint64_t bytes)> progress;  // called now and then while reading
};

struct ImportReport {
  std::string file_name;
  bool unchanged_repeat = false;  // the same snapshot again: nothing written
  std::int64_t rows_read = 0;
  std::int64_t rows_rejected = 0;
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t unchanged = 0;
  std::int64_t gone = 0;
  std::int64_t returned = 0;
  std::int64_t episodes_opened = 0;
  std::int64_t episodes_closed = 0;
  std::string encoding;
  std::optional<std::filesystem::path> rejects_file;  // written when rows were rejected
  std::vector<std::string> warnings;                  // one line each, for stderr
  std::vector<std::string> reject_messages;           // the first rejects, located
};

// Throws InputError (refused), SafetyError (mass disappearance), InternalError.
ImportReport import_fleet(store::Database& db, const ImportOptions& options);

}  // namespace ownercare::ingest
