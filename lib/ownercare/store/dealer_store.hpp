// The dealer and car-wash tables as the importers see them (sql/002_dealer.sql): the facts a
// file gives for a sold vehicle, a service order or a member; a compact in-memory index of
// what is stored (key, digest, gone) to find changes without reading whole rows; the valid
// rows of a file packed in memory; and the statements that write changes.
//
// The importers read a stored row whole only when its digest says it changed, so a night on
// which 1% of two million vehicles changed reads 1% of them.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

// A sold vehicle as a sales snapshot gives it, normalised (SPEC 3.3).
struct SaleFacts {
  std::string vin;
  std::string plate;
  std::string brand;
  std::string model;
  std::string category;
  std::string dealer_code;
  std::string customer_name;
  std::string mobile, mobile_kind = "empty";
  std::string home_phone, home_kind = "empty";
  std::string office_phone, office_kind = "empty";
  std::optional<Date> birthday;
  Date sale_date;
  std::optional<Date> registration_date;
  std::optional<Date> warranty_start;
  std::optional<Date> warranty_end;
  std::optional<std::int64_t> warranty_km;
  std::optional<std::int64_t> odometer_km;
  std::optional<Date> odometer_date;
  std::string other_phones;  // further numbers of the mobile cell, ";"-separated (issue 9)
};

// A service order as the service file gives it, normalised (SPEC 3.4).
struct ServiceOrderFacts {
  std::string order_id;
  std::string vin;        // "" when the row has none
  std::string member_id;  // "" when the row has none
  std::string dealer_code;
  std::string type;
  std::optional<Date> opened;
  Date closed;
  std::optional<std::int64_t> mileage_km;
  std::string advisor;
  std::string suggestion;
  std::string complaint;
  std::optional<double> amount;
};

// A car-wash member as the members snapshot gives it, normalised (SPEC 3.5).
struct MemberFacts {
  std::string member_id;
  std::string name;
  std::string mobile, mobile_kind = "empty";
  std::string region;
  std::string franchise;
  std::string card_type;
  std::optional<double> balance;
  std::optional<Date> expires;
  std::optional<Date> joined;
  std::string other_phones;  // further numbers of the mobile cell, ";"-separated
};

// Each kind's facts but the key, as bytes that decode back to the facts; the row digest is
// hash64 of them, so stored digests depend on this exact encoding (change it and every row
// of the next import counts as changed once).
void encode(const SaleFacts& facts, std::string& out);
void encode(const ServiceOrderFacts& facts, std::string& out);
void encode(const MemberFacts& facts, std::string& out);
void decode(std::string_view bytes, SaleFacts& facts);  // leaves the key as it is
void decode(std::string_view bytes, ServiceOrderFacts& facts);
void decode(std::string_view bytes, MemberFacts& facts);
std::uint64_t digest_of_encoded(std::string_view bytes);

// Keys (VINs, member ids, order ids) with a digest and a few flags, in an open-addressing
// table whose 40-byte entries hold keys of up to 22 bytes inline: finding a row of a
// two-million-row snapshot costs one cache miss. Entries never move while the table does not
// grow, so pointers from find() stay valid until the next insert().
class DigestIndex {
 public:
  static constexpr std::size_t kInline = 22;
  static constexpr std::uint8_t kUsed = 1, kStored = 2, kGone = 4, kSeen = 8;
  struct Entry {
    std::uint64_t digest = 0;
    std::uint32_t tag = 0;   // low 32 bits of the key's hash
    std::uint32_t line = 0;  // the file line that showed it, once seen
    std::uint8_t flags = 0;
    std::uint8_t key_length = 0;  // 255: a long key, in the arena (offset, length inline)
    char inline_key[kInline] = {};
    bool used() const { return flags & kUsed; }
    bool stored() const { return flags & kStored; }  // in the database before this import
    bool gone() const { return flags & kGone; }      // missing from the newest snapshot
    bool seen() const { return flags & kSeen; }      // in the file being imported
  };

  // Loads every row of `query`, which selects (key TEXT, digest INTEGER, gone INTEGER 0/1).
  static DigestIndex load(SQLite::Database& db, const char* count_sql, const char* query);

  Entry* find(std::string_view key);
  // Asks the CPU to fetch the slot where `key` would start, ahead of find(): a table of
  // millions of keys is far larger than the cache, so each find() is one miss otherwise.
  void prefetch(std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(tag_of(key))]);
  }
  // Adds a key that is not in the table yet; may move every entry.
  Entry& insert(std::string_view key, std::uint64_t digest, std::uint8_t flags,
                std::uint32_t line);
  std::string_view key(const Entry& entry) const;
  const std::vector<Entry>& entries() const { return slots_; }  // skip those not used()
  std::size_t stored_present() const { return stored_present_; }  // stored and not gone

 private:
  static std::uint32_t tag_of(std::string_view key);
  std::size_t home(std::uint32_t tag) const {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(tag) * slots_.size()) >> 32);
  }
  void place(const Entry& entry);
  void grow();
  std::vector<Entry> slots_;
  std::size_t used_ = 0;
  std::string long_keys_;
  std::size_t stored_present_ = 0;
};

// The rows of a file worth keeping (new or changed), packed: key, line, digest and the
// encoded facts, in 8 MiB blocks that never move.
class PackedRows {
 public:
  void add(std::string_view key, std::uint64_t line, std::uint64_t digest,
           std::string_view encoded);
  std::size_t size() const { return rows_.size(); }
  std::string_view key(std::size_t index) const;
  std::uint64_t line(std::size_t index) const;
  std::uint64_t digest(std::size_t index) const;
  std::string_view encoded(std::size_t index) const;
  void prefetch(std::size_t index) const { __builtin_prefetch(rows_[index]); }
  // `items` in key order (bytewise, as SQLite compares text), equal keys in item order.
  std::vector<std::uint32_t> sorted(const std::vector<std::uint32_t>& items) const;

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_used_ = 0;
  std::vector<const char*> rows_;
};

// A value bound into a statement: NULL, an integer, a real or a text.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;
SqlValue sql_date(const std::optional<Date>& date);
SqlValue sql_integer(const std::optional<std::int64_t>& number);
SqlValue sql_real(const std::optional<double>& number);
SqlValue sql_text_or_null(const std::string& text);  // "" -> NULL

// Inserts many rows of one table, 64 to a statement (a first import writes millions).
// Call flush() after the last row.
class BatchInsert {
 public:
  // `head` is "INSERT INTO table (columns...)"; `tail` goes after VALUES (e.g. ON CONFLICT).
  BatchInsert(SQLite::Database& db, std::string head, int columns, std::string tail = "");
  ~BatchInsert();
  void add(std::initializer_list<SqlValue> row);  // exactly `columns` values
  void flush();

 private:
  SQLite::Database& db_;
  std::string head_, tail_;
  int columns_;
  std::vector<SqlValue> values_;
  std::map<std::size_t, std::unique_ptr<SQLite::Statement>> statements_;  // by row count
};

// What the sales importer reads of a stored vehicle whose snapshot row changed.
struct StoredSale {
  bool gone = false;
  std::string plate, dealer_code, customer_name;
  std::string mobile, mobile_kind, home_phone, office_phone;
  std::optional<std::string> mobile_corrected_from;
  Date last_visit_on, owner_since, sale_date;
  std::optional<std::int64_t> odometer_km;
  std::optional<Date> odometer_date;
  std::optional<std::string> sold_on, sold_task;
};

// A stored vehicle's row as the sales importer writes it.
struct SaleRow {
  const SaleFacts* facts = nullptr;
  std::uint64_t digest = 0;
  // The mobile to store (the snapshot's, or a call's correction that still stands).
  std::string mobile, mobile_kind;
  std::optional<std::string> mobile_corrected_from;
  std::optional<std::int64_t> odometer_km;
  std::optional<Date> odometer_date;
  Date last_visit_on, owner_since, first_seen, changed_on;
  std::optional<std::string> sold_on, sold_task;
  // update_vehicle: the sale date and last_visit_on are those stored (their indexes stay).
  bool dates_unchanged = false;
};

// What the service importer reads of a stored order.
struct StoredOrder {
  std::uint64_t digest = 0;
  std::string vin;
  Date closed;
  std::optional<std::int64_t> mileage_km;
};

// What the service importer reads and writes of a vehicle its orders visit.
struct VehicleVisit {
  Date last_visit_on;
  std::optional<std::int64_t> odometer_km;
  std::optional<Date> odometer_date;
};

// What the members importer reads of a stored member whose snapshot row changed.
struct StoredMember {
  bool gone = false;
  std::string mobile, mobile_kind, region, franchise;
  std::optional<std::string> mobile_corrected_from;
  std::optional<double> balance, balance_before;
  std::optional<Date> balance_changed_on;
  std::optional<Date> expires;  // a later expiry is a renewal (the report counts cards sold)
  std::string card_type;
};

// A member's row as the members importer writes it.
struct MemberRow {
  const MemberFacts* facts = nullptr;
  std::uint64_t digest = 0;
  std::string mobile, mobile_kind;
  std::optional<std::string> mobile_corrected_from;
  std::optional<double> balance_before;
  std::optional<Date> balance_changed_on;
  Date first_seen, changed_on;
};

// The statements of one dealer or car-wash import; use inside a Transaction (the reads
// may also run before it).
class DealerWriter {
 public:
  explicit DealerWriter(Database& db);
  ~DealerWriter();

  // --- sold vehicles
  std::optional<StoredSale> stored_sale(const std::string& vin);
  void add_vehicle(const SaleRow& row);  // batched; call flush() before reading them back
  void update_vehicle(const SaleRow& row);
  void mark_vehicle_gone(std::string_view vin, Date as_of);
  // True when some order names a VIN or some odometer reading is stored: only then can a
  // vehicle new to the sales snapshots have been visited already (orders came first).
  bool any_visit_recorded();
  // The newest closed date of the vehicle's orders, and its newest odometer reading.
  std::optional<Date> newest_order_closed(const std::string& vin);
  std::optional<std::pair<Date, std::int64_t>> newest_reading(const std::string& vin);

  // --- odometer readings and changes of subjects
  // Adds a reading, or corrects the km of the one with the same vin, date and source.
  void put_reading(const std::string& vin, Date read_on, std::int64_t km,
                   const std::string& source);
  // The same, batched (for new vehicles; call flush() before reading them back).
  void add_reading(const std::string& vin, Date read_on, std::int64_t km,
                   const std::string& source);
  // The vehicle's newest reading from a sales snapshot.
  std::optional<std::pair<Date, std::int64_t>> newest_sales_reading(const std::string& vin);
  void delete_reading(const std::string& vin, Date read_on, const std::string& source);
  void add_subject_change(const char* subject_kind, const std::string& subject_id,
                          Date changed_on, const char* what, const std::string& old_value,
                          const std::string& new_value, const std::string& source);

  // --- service orders
  std::optional<StoredOrder> stored_order(const std::string& order_id);
  void add_order(const ServiceOrderFacts& facts, std::uint64_t digest, Date as_of);  // batched
  void update_order(const ServiceOrderFacts& facts, std::uint64_t digest, Date as_of);
  std::optional<VehicleVisit> vehicle_visit(const std::string& vin);
  // `visited`: last_visit_on moved (else only the odometer is written).
  void update_vehicle_visit(const std::string& vin, const VehicleVisit& visit, Date changed_on,
                            bool visited);
  bool member_exists(const std::string& member_id);

  // --- members
  std::optional<StoredMember> stored_member(const std::string& member_id);
  void add_member(const MemberRow& row);  // batched
  void update_member(const MemberRow& row);
  void mark_member_gone(std::string_view member_id, Date as_of);

  // From now on, every vehicle added or updated is logged in vehicle_changed under
  // `import_id`, for ownercare-evaluate to recompute its due dates (sql/003); not before the
  // due dates were first computed, since that first computation takes every vehicle.
  void log_vehicle_changes(std::int64_t import_id);

  // Writes what the batched adds hold.
  void flush();

 private:
  void vehicle_changed(const std::string& vin);
  struct Statements;
  std::unique_ptr<Statements> statements_;
};

}  // namespace ownercare::store
