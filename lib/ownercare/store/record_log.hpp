// The log of outcome files recorded, one line per file and night; the same file recorded for
// the same night again is a repeat.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

struct RecordLogLine {
  Date as_of;
  std::string file_name;
  std::string file_sha256;
  std::int64_t lines_read = 0;
  std::int64_t applied = 0;
  std::int64_t repeated = 0;
  std::int64_t rejected = 0;
};

bool file_recorded(Database& db, Date as_of, const std::string& file_sha256);
// The nights on which a file with these bytes was recorded, oldest first.
std::vector<Date> nights_file_recorded(Database& db, const std::string& file_sha256);
// The newest night an outcome file was recorded for; none before the first.
std::optional<Date> newest_record(Database& db);
std::int64_t insert_record_log(Database& db, const RecordLogLine& line);
void update_record_log(Database& db, std::int64_t record_id, const RecordLogLine& line);

}  // namespace ownercare::store
