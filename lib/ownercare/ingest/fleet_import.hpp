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
#include "ownercare/core/progress.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/ingest/fleet_row.hpp"
#include "ownercare/ingest/rejects.hpp"
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
  // A fleet vehicle missing from snapshots and back within this many days (counted from the
  // first snapshot it was missing from) in the same status continues its episode.
  int resume_days = 7;
  // A first install: new vehicles not rentable without status_since have been so since a day
  // nobody knows; their episodes start as 'baseline' and none of their cadence is sent.
  bool baseline = false;
  // A first import of at least kFirstNightMinimum vehicles in which more than this share would
  // start day 0 of a status tonight stops (SafetyError) unless baseline or force.
  double max_first_night_share = 0.05;
  // More invalid phones than this share of the phone cells read is warned of.
  double max_invalid_phone_share = 0.10;
  std::size_t max_field_bytes = csv::kMaxFieldBytes;  // a longer field refuses the file
  bool bom = true;                    // of the rejects file
  std::map<std::string, std::string> column_map;  // header name in file -> canonical name
  // Told of the phases (read: bytes of the file; compare, write: rows) when not null.
  Progress* progress = nullptr;
  // The file is read while the stored fleet loads; once it has loaded, a row stored unchanged
  // is settled as it is read instead of kept for the compare phase (settle_unchanged). While
  // it loads, at most this many bytes of rows are kept before the reader waits for it (0:
  // wait before the first row, so that every row is settled as read).
  std::size_t read_ahead_bytes = 96 << 20;
  bool settle_unchanged = true;  // false: every row is kept and compared (tests of both ways)
};

// Below this many vehicles a first import is never stopped for its day-0 share (test worlds
// and small fleets).
inline constexpr std::int64_t kFirstNightMinimum = 1000;

struct ImportReport {
  std::string file_name;
  bool unchanged_repeat = false;  // the same snapshot again: nothing written
  std::int64_t rows_read = 0;
  std::int64_t rows_rejected = 0;
  std::int64_t held = 0;  // rejected rows of known subjects, which stay exactly as stored
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t unchanged = 0;
  std::int64_t gone = 0;
  std::int64_t returned = 0;
  std::int64_t episodes_opened = 0;
  std::int64_t episodes_closed = 0;
  std::int64_t baseline_episodes = 0;  // episodes opened as baseline (--baseline)
  std::string encoding;
  std::optional<std::filesystem::path> rejects_file;  // written when rows were rejected
  std::vector<std::string> warnings;                  // one line each, for stderr
  std::vector<std::string> reject_messages;           // the first rejects, located
};

// The CSV reader's options for an import: its encoding and limits.
csv::ReaderOptions reader_options(const ImportOptions& options);
// The size of the import's file in bytes, for the read phase's progress; nullopt for stdin or
// a file whose size cannot be known.
std::optional<std::uint64_t> input_size(const ImportOptions& options);

// What an import does with its rejected rows, whatever its kind: when there are any, writes
// them to the rejects file (--rejects, else beside the input) and keeps the first 20 located
// for stderr; a file with more than max_invalid_share of its rows rejected is refused
// (InputError, nothing imported) with those lines and one naming the rejects file.
struct SettledRejects {
  std::optional<std::filesystem::path> file;
  std::vector<std::string> messages;
};
SettledRejects settle_rejects(const Rejects& rejects, const ImportOptions& options,
                              const char* kind, const std::vector<std::string>& header_cells,
                              const std::string& file_name, std::int64_t rows_read);

// Throws InputError (refused), SafetyError (mass disappearance), InternalError.
ImportReport import_fleet(store::Database& db, const ImportOptions& options);

}  // namespace ownercare::ingest
