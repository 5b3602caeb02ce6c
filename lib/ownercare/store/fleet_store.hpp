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

// Every stored vehicle id with its digest: an open-addressing table whose entries hold short
// ids inline, so that looking up a row of a million-vehicle snapshot costs one cache miss.
// 24 bytes a slot, at most three quarters full.
class FleetIndex {
 public:
  static constexpr std::size_t kInline = 10;
  static constexpr std::uint8_t kUsed = 1, kGone = 2, kSeen = 4, kClaimed = 8, kLineKept = 16;
  struct Entry {
    std::uint64_t digest = 0;
    std::uint32_t tag = 0;  // low 32 bits of the id's hash
    std::uint8_t key_length = 0;  // 255: a long id, in the arena at the offset in inline_key
    std::uint8_t flags = 0;
    char inline_key[kInline] = {};
    bool used() const { return flags & kUsed; }
    bool gone() const { return flags & kGone; }   // missing from the newest snapshot
    bool seen() const { return flags & kSeen; }   // found in the snapshot being imported
    void mark_seen() { flags |= kSeen; }
    // A row of the snapshot being imported was kept for the compare phase: that phase, in
    // file order, decides which of the id's rows is its first.
    bool claimed() const { return flags & kClaimed; }
    void claim() { flags |= kClaimed; }
    // Found unchanged while the file was read, on `line`, and not kept: seen, and the digest
    // (no longer needed) holds that line, for a later row of the same id to name.
    void settle_unchanged(std::uint64_t line) {
      flags |= kSeen | kLineKept;
      digest = line;
    }
    std::optional<std::uint64_t> settled_line() const {
      if (flags & kLineKept) return digest;
      return std::nullopt;
    }
  };
  static FleetIndex load(SQLite::Database& db);
  // The entry of `vehicle_id`, or nullptr.
  Entry* find(std::string_view vehicle_id);
  std::string_view key(const Entry& entry) const;
  // Every slot; skip those not `used`.
  std::vector<Entry>& entries() { return slots_; }
  std::size_t present() const { return present_; }

 private:
  // The low 32 bits of an id's hash: its slot, and a quick check before comparing ids.
  static std::uint32_t tag_of(std::string_view key);
  void add(std::string_view key, std::uint64_t digest, bool gone, std::uint32_t tag);
  // Room for `count` entries at most three quarters full; moves those stored.
  void reserve(std::size_t count);
  std::vector<Entry> slots_;
  std::size_t used_ = 0;
  std::size_t mask_ = 0;
  std::string long_keys_;
  std::size_t present_ = 0;
};

// The valid rows of one snapshot, packed (about 80 bytes a vehicle): the file
// is read while the stored fleet is loaded, and a first import's vehicles can be written in
// key order (a B-tree filled in order is filled several times faster than one filled at
// random).
class PackedFleet {
 public:
  // Adds the facts of the row on `line`.
  void add(const FleetFacts& facts, std::uint64_t line);
  std::size_t size() const { return rows_.size(); }
  std::string_view key(std::size_t index) const;
  std::uint64_t line(std::size_t index) const;
  std::uint64_t digest(std::size_t index) const;  // FleetFacts::digest, computed on add
  void read(std::size_t index, FleetFacts& facts) const;
  // For a loop that read()s the items of `order` (key order, which jumps around the buffer)
  // and is at `at`: asks the CPU for the bytes of the item 8 ahead, and for the place in the
  // list of rows of the item 16 ahead (itself a random read, which the first needs).
  void prefetch_ahead(const std::vector<std::uint32_t>& order, std::size_t at) const {
    if (at + 16 < order.size()) __builtin_prefetch(&rows_[order[at + 16]]);
    if (at + 8 < order.size()) {
      __builtin_prefetch(rows_[order[at + 8]]);
      __builtin_prefetch(rows_[order[at + 8]] + 64);
    }
  }
  // `items` in vehicle id order (bytewise, as SQLite compares text), rows of the same id in
  // file order.
  std::vector<std::uint32_t> sorted(const std::vector<std::uint32_t>& items) const;
  // The memory the rows take (their blocks).
  std::size_t bytes() const;

 private:
  // Rows live in 8 MiB blocks that never move: growing never copies what is stored.
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_used_ = 0;
  std::vector<const char*> rows_;
};

struct OpenEpisode {
  std::int64_t episode_id;
  int status;
  Date started_on;
};

struct StoredVehicleState {
  int status;
  std::string plate;
  std::string owner_name;
  std::string owner_phone;
  std::optional<Date> status_since;
  bool gone;
  std::optional<Date> gone_on;
  std::optional<OpenEpisode> episode;  // paused while the vehicle is gone
};

// Prepared statements for one import; use inside a Transaction.
//
// A vehicle row names its open episode (episode_id, episode_started_on). Episode ids are
// given out here, so a vehicle and its new episode are written without reading anything back:
// write the vehicle with the id from next_episode_id(), then open_episode() with that id.
class FleetWriter {
 public:
  explicit FleetWriter(Database& db);
  ~FleetWriter();

  std::int64_t next_episode_id() { return next_episode_id_++; }
  // Inserts vehicles seen for the first time (new and distinct), 64 to a statement: a first
  // import writes a whole fleet. Call flush_new() after the last.
  void add_new(const FleetFacts& facts, std::uint64_t digest, Date as_of,
               const std::optional<OpenEpisode>& episode, const char* start_source,
               std::int64_t import_id);
  void flush_new();
  // Writes new facts and the vehicle's open episode (none: nullopt); clears gone_on.
  void update(const FleetFacts& facts, const std::optional<OpenEpisode>& episode);
  // Writes new facts when only those that neither move an episode nor are kept as changes
  // differ from the stored ones (last login, reject rate, lost income, city), in one
  // statement; false, writing nothing, when the plate, owner, phone, status or status_since
  // differ, or the vehicle is gone.
  bool update_details(const FleetFacts& facts);
  // Sets gone_on; the vehicle keeps its open episode, paused until it comes back or stays away
  // longer than resume_days.
  void mark_gone(std::string_view vehicle_id, Date as_of);
  // Vehicles missing since before `before` that still hold an open episode, with their gone_on.
  std::vector<std::pair<std::string, Date>> gone_with_episode_before(Date before);
  // The vehicle no longer holds an open episode (its episode was closed while it was gone).
  void forget_episode(const std::string& vehicle_id);
  // Notes that the vehicle's open episode continues after a gap, from `on`.
  void resume_episode(std::int64_t episode_id, Date on);
  StoredVehicleState state(const std::string& vehicle_id);
  // Records that a snapshot changed a vehicle's `what` (owner, phone, plate) in
  // subject_change, so one customer's history shows it (the vehicle row keeps only the newest).
  void add_change(const std::string& vehicle_id, Date on, const char* what,
                  const std::string& old_value, const std::string& new_value,
                  std::int64_t import_id);
  void open_episode(const std::string& vehicle_id, const OpenEpisode& episode,
                    const char* start_source, std::int64_t import_id);
  // Closes the vehicle's open episode; returns false when it had none.
  bool close_episode(const std::string& vehicle_id, Date ended_on, const char* reason);

 private:
  struct Statements;
  struct NewVehicle;
  std::unique_ptr<Statements> statements_;
  std::vector<NewVehicle> new_vehicles_;
  std::size_t new_count_ = 0;
  std::int64_t next_episode_id_ = 1;
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
