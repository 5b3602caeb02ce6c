// ownercare-record: what happened to yesterday's SMS, calls and hand-offs, fed back as CSV
// (SPEC 3.6, 6.5), so that tonight's work follows from it.
//
// Each line is checked on its own; a bad line (unknown task, unknown value, a result that does
// not fit the task's channel, an outcome conflicting with one already recorded) is reported
// with its line number and written to a rejects file, and the others are applied. A file
// whose invalid lines exceed the limit is refused whole. An outcome identical to one already
// recorded is a no-op; recording the same file for the same night twice changes nothing. All
// in one transaction.
//
// Results and dispositions may be written as ownercare's names, as the Chinese words call
// centres use, or as a site's own codes through a value map (outcome_words.hpp,
// value_map.hpp); header names through the built-in aliases or a column map.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/outcomes/outcome_words.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::outcomes {

struct RecordOptions {
  std::filesystem::path file;  // "-" reads stdin
  Date as_of;                  // the night the outcomes are recorded
  csv::Encoding encoding = csv::Encoding::automatic;
  std::optional<std::filesystem::path> rejects_file;
  double max_invalid_share = 0.10;
  bool bom = true;
  std::map<std::string, std::string> column_map;  // ingest/column_map.hpp
  std::map<std::string, std::string> value_map;   // outcomes/value_map.hpp
};

struct RecordReport {
  std::string file_name;
  bool same_file_again = false;  // this exact file was recorded for this night: nothing done
  std::int64_t lines_read = 0;
  std::int64_t applied = 0;
  std::int64_t repeated = 0;  // identical to an outcome already recorded
  std::int64_t rejected = 0;
  std::int64_t delisted = 0;
  std::int64_t do_not_call = 0;
  std::int64_t retries = 0;
  std::optional<std::filesystem::path> rejects_file;
  std::vector<std::string> reject_messages;
  std::vector<std::string> warnings;
};

const std::vector<csv::ColumnSpec>& outcome_columns();

// Throws InputError (refused), InternalError.
RecordReport record_outcomes(store::Database& db, const RecordOptions& options);

}  // namespace ownercare::outcomes
