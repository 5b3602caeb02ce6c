// The fleet's tables as the importer sees them: a compact in-memory index of what is stored
// (to find changes without reading whole rows), and the statements that write changes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

// One fleet vehicle's facts as a snapshot gives them, normalised.
struct FleetFacts {
  std::string vehicle_id;
  std::string plate;
  std::string owner_name;
  std::string owner_phone;
  std::string phone_kind;
  std::string city;
  int status = 1;
  std::optional<Date> status_since;
  std::optional<Date> last_login;
  std::optional<double> reject_rate;
  std::optional<double> lost_income;

  // A digest of every stored fact but the id: equal digests mean nothing changed.
  std::uint64_t digest() const;
};

// Every stored vehicle id with its digest, sorted by id as SQLite sorts it (bytewise), in
// about 16 bytes plus the id per vehicle.
class FleetIndex {
 public:
  struct Entry {
    std::uint64_t digest;
    std::uint32_t key_offset;
    std::uint16_t key_length;
    bool gone;  // missing from the newest snapshot
    bool seen;  // found in the snapshot being imported
  };

  static FleetIndex load(SQLite::Database& db);
  // The entry of `vehicle_id`, or nullptr. Fastest when ids are looked up in sorted order.
  Entry* find(std::string_view vehicle_id);
  std::string_view key(const Entry& entry) const {
    return std::string_view(keys_).substr(entry.key_offset, entry.key_length);
  }
  std::vector<Entry>& entries() { return entries_; }
  std::size_t present() const;  // entries not gone

 private:
  std::string keys_;
  std::vector<Entry> entries_;
  std::size_t cursor_ = 0;
};

struct OpenEpisode {
  std::int64_t episode_id;
  int status;
  Date started_on;
};

struct StoredVehicleState {
  int status;
  std::optional<Date> status_since;
  bool gone;
  std::optional<OpenEpisode> episode;
};

// Prepared statements for one import; use inside a Transaction.
class FleetWriter {
 public:
  explicit FleetWriter(Database& db);
  ~FleetWriter();

  // Inserts a vehicle seen for the first time; returns false if the id is already stored
  // (a duplicate row in the same file).
  bool insert(const FleetFacts& facts, Date as_of);
  void update(const FleetFacts& facts);  // also clears gone_on
  void mark_gone(std::string_view vehicle_id, Date as_of);
  StoredVehicleState state(const std::string& vehicle_id);
  void open_episode(const std::string& vehicle_id, int status, Date started_on,
                    const char* start_source, std::int64_t import_id);
  // Closes the vehicle's open episode; returns false when it had none.
  bool close_episode(const std::string& vehicle_id, Date ended_on, const char* reason);

 private:
  struct Statements;
  std::unique_ptr<Statements> statements_;
};

struct ImportLogLine {
  std::string kind;
  Date as_of;
  std::string file_name;
  std::int64_t file_bytes = 0;
  std::string encoding;
  std::int64_t rows_read = 0, rows_rejected = 0, added = 0, changed = 0, gone = 0, returned = 0,
               episodes_opened = 0, episodes_closed = 0;
  bool forced = false;
};

// Inserts the line and returns its import_id.
std::int64_t insert_import_log(Database& db, const ImportLogLine& line);
void update_import_log(Database& db, std::int64_t import_id, const ImportLogLine& line);
// The newest snapshot date imported for `kind`, if any.
std::optional<Date> newest_import(Database& db, const std::string& kind);

}  // namespace ownercare::store
