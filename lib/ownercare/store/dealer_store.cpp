#include "ownercare/store/dealer_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/sha256.hpp"
#include "ownercare/store/columns.hpp"
#include "ownercare/store/key_order.hpp"

namespace ownercare::store {

namespace {

// --- the encoding of facts: texts with their length (one byte, or 0xFF and four), dates as
// day numbers, optional numbers behind a presence byte.

constexpr std::int32_t kNoDate = INT32_MIN;

void put_text(std::string& out, std::string_view text) {
  if (text.size() < 0xFF) {
    out.push_back(static_cast<char>(text.size()));
  } else {
    out.push_back(static_cast<char>(0xFF));
    auto length = static_cast<std::uint32_t>(text.size());
    out.append(reinterpret_cast<const char*>(&length), sizeof length);
  }
  out.append(text);
}

template <class T>
void put_value(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_date(std::string& out, const std::optional<Date>& date) {
  put_value(out, date ? static_cast<std::int32_t>(date->serial()) : kNoDate);
}

template <class T>
void put_optional(std::string& out, const std::optional<T>& value) {
  out.push_back(value ? 1 : 0);
  if (value) put_value(out, *value);
}

class Decoder {
 public:
  explicit Decoder(std::string_view bytes)
      : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  bool done() const { return p_ >= end_; }
  std::string_view text() {
    std::size_t length = static_cast<unsigned char>(*p_++);
    if (length == 0xFF) length = value<std::uint32_t>();
    std::string_view text(p_, length);
    p_ += length;
    return text;
  }
  void text(std::string& out) { out.assign(text()); }
  template <class T>
  T value() {
    T value;
    std::memcpy(&value, p_, sizeof value);
    p_ += sizeof value;
    return value;
  }
  std::optional<Date> date() {
    auto code = value<std::int32_t>();
    if (code == kNoDate) return std::nullopt;
    return Date(std::chrono::sys_days(std::chrono::days(code)));
  }
  template <class T>
  std::optional<T> optional() {
    if (*p_++ == 0) return std::nullopt;
    return value<T>();
  }

 private:
  const char* p_;
  const char* end_;
};

// Phone kinds in one byte.
constexpr const char* kPhoneKinds[] = {"empty", "mobile", "landline", "invalid"};

std::uint8_t kind_code(const std::string& kind) {
  for (std::uint8_t i = 0; i < 4; ++i) {
    if (kind == kPhoneKinds[i]) return i;
  }
  return 3;
}

const char* kind_name(std::uint8_t code) { return kPhoneKinds[code & 3]; }

}  // namespace

void encode(const SaleFacts& f, std::string& out) {
  out.clear();
  put_text(out, f.plate);
  put_text(out, f.brand);
  put_text(out, f.model);
  put_text(out, f.category);
  put_text(out, f.dealer_code);
  put_text(out, f.customer_name);
  put_text(out, f.mobile);
  put_value(out, kind_code(f.mobile_kind));
  put_text(out, f.home_phone);
  put_value(out, kind_code(f.home_kind));
  put_text(out, f.office_phone);
  put_value(out, kind_code(f.office_kind));
  put_date(out, f.birthday);
  put_date(out, f.sale_date);
  put_date(out, f.registration_date);
  put_date(out, f.warranty_start);
  put_date(out, f.warranty_end);
  put_optional(out, f.warranty_km);
  put_optional(out, f.odometer_km);
  put_date(out, f.odometer_date);
  // Appended only when there are any, so rows stored before keep their digests.
  if (!f.other_phones.empty()) put_text(out, f.other_phones);
}

void decode(std::string_view bytes, SaleFacts& f) {
  Decoder in(bytes);
  in.text(f.plate);
  in.text(f.brand);
  in.text(f.model);
  in.text(f.category);
  in.text(f.dealer_code);
  in.text(f.customer_name);
  in.text(f.mobile);
  f.mobile_kind = kind_name(in.value<std::uint8_t>());
  in.text(f.home_phone);
  f.home_kind = kind_name(in.value<std::uint8_t>());
  in.text(f.office_phone);
  f.office_kind = kind_name(in.value<std::uint8_t>());
  f.birthday = in.date();
  f.sale_date = *in.date();
  f.registration_date = in.date();
  f.warranty_start = in.date();
  f.warranty_end = in.date();
  f.warranty_km = in.optional<std::int64_t>();
  f.odometer_km = in.optional<std::int64_t>();
  f.odometer_date = in.date();
  f.other_phones.clear();
  if (!in.done()) in.text(f.other_phones);
}

void encode(const ServiceOrderFacts& f, std::string& out) {
  out.clear();
  put_text(out, f.vin);
  put_text(out, f.member_id);
  put_text(out, f.dealer_code);
  put_text(out, f.type);
  put_date(out, f.opened);
  put_date(out, f.closed);
  put_optional(out, f.mileage_km);
  put_text(out, f.advisor);
  put_text(out, f.suggestion);
  put_text(out, f.complaint);
  put_optional(out, f.amount);
}

void decode(std::string_view bytes, ServiceOrderFacts& f) {
  Decoder in(bytes);
  in.text(f.vin);
  in.text(f.member_id);
  in.text(f.dealer_code);
  in.text(f.type);
  f.opened = in.date();
  f.closed = *in.date();
  f.mileage_km = in.optional<std::int64_t>();
  in.text(f.advisor);
  in.text(f.suggestion);
  in.text(f.complaint);
  f.amount = in.optional<double>();
}

void encode(const MemberFacts& f, std::string& out) {
  out.clear();
  put_text(out, f.name);
  put_text(out, f.mobile);
  put_value(out, kind_code(f.mobile_kind));
  put_text(out, f.region);
  put_text(out, f.franchise);
  put_text(out, f.card_type);
  put_optional(out, f.balance);
  put_date(out, f.expires);
  put_date(out, f.joined);
  if (!f.other_phones.empty()) put_text(out, f.other_phones);
}

void decode(std::string_view bytes, MemberFacts& f) {
  Decoder in(bytes);
  in.text(f.name);
  in.text(f.mobile);
  f.mobile_kind = kind_name(in.value<std::uint8_t>());
  in.text(f.region);
  in.text(f.franchise);
  in.text(f.card_type);
  f.balance = in.optional<double>();
  f.expires = in.date();
  f.joined = in.date();
  f.other_phones.clear();
  if (!in.done()) in.text(f.other_phones);
}

std::uint64_t digest_of_encoded(std::string_view bytes) {
  return hash64(bytes, 0x6465616c6572ULL);  // "dealer"
}

// --- DigestIndex

DigestIndex DigestIndex::load(SQLite::Database& db, const char* count_sql, const char* query_sql) {
  DigestIndex index;
  auto count = static_cast<std::size_t>(db.execAndGet(count_sql).getInt64());
  static_assert(sizeof(Entry) == 40);
  // At most 70% full, also after this file's new keys (room for a fifth more first).
  index.slots_.resize(std::max<std::size_t>(64, count * 12 / 7 + 16));
  SQLite::Statement query(db, query_sql);
  // Rows are added 32 at a time, their slots fetched first: the cache misses of a table far
  // larger than the cache then overlap instead of coming one by one.
  struct Pending {
    std::string key;
    std::uint64_t digest;
    bool gone;
  };
  std::vector<Pending> batch(32);
  std::size_t pending = 0;
  auto add_batch = [&] {
    for (std::size_t i = 0; i < pending; ++i) index.prefetch(batch[i].key);
    for (std::size_t i = 0; i < pending; ++i) {
      index.insert(batch[i].key, batch[i].digest,
                   static_cast<std::uint8_t>(kStored | (batch[i].gone ? kGone : 0)), 0);
      if (!batch[i].gone) ++index.stored_present_;
    }
    pending = 0;
  };
  while (query.executeStep()) {
    auto key = query.getColumn(0);
    Pending& row = batch[pending++];
    row.key.assign(key.getText(), static_cast<std::size_t>(key.getBytes()));
    row.digest = static_cast<std::uint64_t>(query.getColumn(1).getInt64());
    row.gone = query.getColumn(2).getInt() != 0;
    if (pending == batch.size()) add_batch();
  }
  add_batch();
  return index;
}

std::uint32_t DigestIndex::tag_of(std::string_view key) {
  return static_cast<std::uint32_t>(hash64(key, 0x6b657973ULL));
}

void DigestIndex::place(const Entry& entry) {
  std::size_t slot = home(entry.tag);
  while (slots_[slot].used()) slot = slot + 1 == slots_.size() ? 0 : slot + 1;
  slots_[slot] = entry;
}

void DigestIndex::grow() {
  std::vector<Entry> old = std::move(slots_);
  slots_.assign(old.size() * 2, Entry{});
  for (const auto& entry : old) {
    if (entry.used()) place(entry);
  }
}

DigestIndex::Entry& DigestIndex::insert(std::string_view key, std::uint64_t digest,
                                        std::uint8_t flags, std::uint32_t line) {
  if (slots_.empty()) slots_.resize(64);
  if ((used_ + 1) * 10 > slots_.size() * 7) grow();
  Entry entry;
  entry.digest = digest;
  entry.tag = tag_of(key);
  entry.line = line;
  entry.flags = static_cast<std::uint8_t>(flags | kUsed);
  if (key.size() <= kInline) {
    entry.key_length = static_cast<std::uint8_t>(key.size());
    std::memcpy(entry.inline_key, key.data(), key.size());
  } else {
    entry.key_length = 255;
    auto offset = static_cast<std::uint64_t>(long_keys_.size());
    auto length = static_cast<std::uint32_t>(key.size());
    std::memcpy(entry.inline_key, &offset, sizeof offset);
    std::memcpy(entry.inline_key + sizeof offset, &length, sizeof length);
    long_keys_.append(key);
  }
  ++used_;
  std::size_t slot = home(entry.tag);
  while (slots_[slot].used()) slot = slot + 1 == slots_.size() ? 0 : slot + 1;
  slots_[slot] = entry;
  return slots_[slot];
}

std::string_view DigestIndex::key(const Entry& entry) const {
  if (entry.key_length != 255) return std::string_view(entry.inline_key, entry.key_length);
  std::uint64_t offset;
  std::uint32_t length;
  std::memcpy(&offset, entry.inline_key, sizeof offset);
  std::memcpy(&length, entry.inline_key + sizeof offset, sizeof length);
  return std::string_view(long_keys_).substr(offset, length);
}

DigestIndex::Entry* DigestIndex::find(std::string_view key) {
  if (slots_.empty()) return nullptr;
  auto tag = tag_of(key);
  for (std::size_t slot = home(tag);; slot = slot + 1 == slots_.size() ? 0 : slot + 1) {
    Entry& entry = slots_[slot];
    if (!entry.used()) return nullptr;
    if (entry.tag == tag && this->key(entry) == key) return &entry;
  }
}

// --- PackedRows: key (u16 length + bytes), line (u32), digest (u64), encoded (u32 length +
// bytes).

namespace {
constexpr std::size_t kBlockBytes = 8 << 20;
}  // namespace

void PackedRows::add(std::string_view key, std::uint64_t line, std::uint64_t digest,
                     std::string_view encoded) {
  auto key_length = static_cast<std::uint16_t>(std::min<std::size_t>(key.size(), 0xFFFF));
  auto encoded_length = static_cast<std::uint32_t>(encoded.size());
  auto line32 = static_cast<std::uint32_t>(line);
  std::size_t size = 2 + key_length + 4 + 8 + 4 + encoded_length;
  if (blocks_.empty() || block_used_ + size > kBlockBytes) {
    blocks_.push_back(std::make_unique<char[]>(std::max(kBlockBytes, size)));
    block_used_ = 0;
  }
  char* at = blocks_.back().get() + block_used_;
  char* p = at;
  std::memcpy(p, &key_length, 2);
  p += 2;
  std::memcpy(p, key.data(), key_length);
  p += key_length;
  std::memcpy(p, &line32, 4);
  p += 4;
  std::memcpy(p, &digest, 8);
  p += 8;
  std::memcpy(p, &encoded_length, 4);
  p += 4;
  std::memcpy(p, encoded.data(), encoded_length);
  block_used_ += size;
  rows_.push_back(at);
}

std::string_view PackedRows::key(std::size_t index) const {
  const char* p = rows_[index];
  std::uint16_t length;
  std::memcpy(&length, p, 2);
  return std::string_view(p + 2, length);
}

std::uint64_t PackedRows::line(std::size_t index) const {
  auto k = key(index);
  std::uint32_t line;
  std::memcpy(&line, k.data() + k.size(), 4);
  return line;
}

std::uint64_t PackedRows::digest(std::size_t index) const {
  auto k = key(index);
  std::uint64_t digest;
  std::memcpy(&digest, k.data() + k.size() + 4, 8);
  return digest;
}

std::string_view PackedRows::encoded(std::size_t index) const {
  auto k = key(index);
  const char* p = k.data() + k.size() + 12;
  std::uint32_t length;
  std::memcpy(&length, p, 4);
  return std::string_view(p + 4, length);
}

std::vector<std::uint32_t> PackedRows::sorted(const std::vector<std::uint32_t>& subset) const {
  return sorted_by_key(subset, [this](std::uint32_t index) { return key(index); });
}

// --- values and batches

SqlValue sql_date(const std::optional<Date>& date) {
  if (!date) return std::monostate{};
  return date->iso();
}

SqlValue sql_integer(const std::optional<std::int64_t>& number) {
  if (!number) return std::monostate{};
  return *number;
}

SqlValue sql_real(const std::optional<double>& number) {
  if (!number) return std::monostate{};
  return *number;
}

SqlValue sql_text_or_null(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

namespace {

constexpr std::size_t kBatchRows = 64;

// Texts are bound without a copy only when `value` outlives the statement's next run.
void bind_value(SQLite::Statement& statement, int index, const SqlValue& value, bool copy) {
  switch (value.index()) {
    case 0: statement.bind(index); break;
    case 1: statement.bind(index, std::get<std::int64_t>(value)); break;
    case 2: statement.bind(index, std::get<double>(value)); break;
    default:
      if (copy) statement.bind(index, std::get<std::string>(value));
      else statement.bindNoCopy(index, std::get<std::string>(value));
      break;
  }
}

// Binds 1..n (copying: the list's values die before the statement runs).
void bind_all(SQLite::Statement& statement, std::initializer_list<SqlValue> values) {
  int index = 1;
  for (const auto& value : values) bind_value(statement, index++, value, true);
}

std::optional<std::string> optional_text(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

std::optional<std::int64_t> optional_integer(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

std::optional<double> optional_real(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getDouble();
}

Date required_date(const SQLite::Column& column) {
  auto date = column_date(column);
  if (!date) throw InternalError(fmt::format("database: \"{}\" is not a date", column.getString()));
  return *date;
}

SqlValue optional_value(const std::optional<std::string>& text) {
  if (!text) return std::monostate{};
  return *text;
}

// NULL for an empty text (other_phones: most subjects have none).
SqlValue optional_text_value(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

}  // namespace

BatchInsert::BatchInsert(SQLite::Database& db, std::string head, int columns, std::string tail)
    : db_(db), head_(std::move(head)), tail_(std::move(tail)), columns_(columns) {
  values_.reserve(kBatchRows * static_cast<std::size_t>(columns));
}

BatchInsert::~BatchInsert() = default;

void BatchInsert::add(std::initializer_list<SqlValue> row) {
  values_.insert(values_.end(), row.begin(), row.end());
  if (values_.size() == kBatchRows * static_cast<std::size_t>(columns_)) flush();
}

void BatchInsert::flush() {
  if (values_.empty()) return;
  std::size_t rows = values_.size() / static_cast<std::size_t>(columns_);
  auto& slot = statements_[rows];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(
        db_, multi_row_insert(head_, columns_, rows) + (tail_.empty() ? "" : " " + tail_));
  }
  for (std::size_t i = 0; i < values_.size(); ++i) {
    bind_value(*slot, static_cast<int>(i + 1), values_[i], false);
  }
  run(*slot);
  slot->clearBindings();
  values_.clear();
}

// --- DealerWriter

namespace {
// The UPDATE of a changed sales row (?1 the VIN, ?2..?28 the columns in DealerWriter's binding
// order). Without `dates`, sale_date (?17) and last_visit_on (?24) are left out, their
// parameters unused: setting a column, even to its own value, rewrites its index entry, and
// most changes leave both dates alone.
std::string vehicle_update_sql(bool dates) {
  return fmt::format(
      "UPDATE dealer_vehicle SET row_hash = ?2, gone_on = NULL, plate = ?3, brand = ?4, "
      "model = ?5, category = ?6, dealer_code = ?7, customer_name = ?8, mobile = ?9, "
      "mobile_kind = ?10, home_phone = ?11, home_kind = ?12, office_phone = ?13, "
      "office_kind = ?14, mobile_corrected_from = ?15, birthday = ?16, {}"
      "registration_date = ?18, warranty_start = ?19, warranty_end = ?20, "
      "warranty_km = ?21, odometer_km = ?22, odometer_date = ?23, {}"
      "owner_since = ?25, changed_on = ?26, sold_on = ?27, sold_task = ?28, "
      "other_phones = ?29 WHERE vin = ?1",
      dates ? "sale_date = ?17, " : "", dates ? "last_visit_on = ?24, " : "");
}
}  // namespace

struct DealerWriter::Statements {
  explicit Statements(SQLite::Database& db)
      : connection(db),
        stored_sale(db,
                    "SELECT gone_on IS NOT NULL, plate, dealer_code, customer_name, mobile, "
                    "mobile_kind, home_phone, office_phone, mobile_corrected_from, "
                    "last_visit_on, owner_since, odometer_km, odometer_date, sold_on, sold_task, "
                    "sale_date FROM dealer_vehicle WHERE vin = ?"),
        update_vehicle(db, vehicle_update_sql(true)),
        update_vehicle_keeping_dates(db, vehicle_update_sql(false)),
        vehicle_gone(db, "UPDATE dealer_vehicle SET gone_on = ?2 WHERE vin = ?1"),
        newest_closed(db, "SELECT max(closed) FROM service_order WHERE vin = ?"),
        newest_reading(db,
                       "SELECT read_on, km FROM odometer_reading WHERE vin = ? "
                       "ORDER BY read_on DESC, km DESC LIMIT 1"),
        put_reading(db,
                    "INSERT INTO odometer_reading (vin, read_on, km, source) VALUES (?,?,?,?) "
                    "ON CONFLICT (vin, read_on, source) DO UPDATE SET km = excluded.km"),
        newest_sales_reading(db,
                             "SELECT read_on, km FROM odometer_reading WHERE vin = ? "
                             "AND source = 'sales' ORDER BY read_on DESC LIMIT 1"),
        delete_reading(db,
                       "DELETE FROM odometer_reading WHERE vin = ? AND read_on = ? AND source = ?"),
        subject_change(db,
                       "INSERT INTO subject_change (subject_kind, subject_id, changed_on, what, "
                       "old_value, new_value, source) VALUES (?,?,?,?,?,?,?)"),
        stored_order(db,
                     "SELECT row_hash, vin, closed, mileage_km FROM service_order "
                     "WHERE order_id = ?"),
        update_order(db,
                     "UPDATE service_order SET row_hash = ?2, vin = ?3, member_id = ?4, "
                     "dealer_code = ?5, type = ?6, opened = ?7, closed = ?8, mileage_km = ?9, "
                     "advisor = ?10, suggestion = ?11, complaint = ?12, amount = ?13, "
                     "changed_on = ?14 WHERE order_id = ?1"),
        vehicle_visit(db,
                      "SELECT last_visit_on, odometer_km, odometer_date FROM dealer_vehicle "
                      "WHERE vin = ?"),
        update_visit(db,
                     "UPDATE dealer_vehicle SET last_visit_on = ?2, odometer_km = ?3, "
                     "odometer_date = ?4, changed_on = ?5 WHERE vin = ?1"),
        update_reading(db,
                       "UPDATE dealer_vehicle SET odometer_km = ?3, odometer_date = ?4, "
                       "changed_on = ?5 WHERE vin = ?1"),
        member_exists(db, "SELECT 1 FROM member WHERE member_id = ?"),
        stored_member(db,
                      "SELECT gone_on IS NOT NULL, mobile, mobile_kind, region, franchise, "
                      "mobile_corrected_from, balance, balance_before, balance_changed_on, "
                      "expires, card_type FROM member WHERE member_id = ?"),
        update_member(db,
                      "UPDATE member SET row_hash = ?2, gone_on = NULL, name = ?3, mobile = ?4, "
                      "mobile_kind = ?5, mobile_corrected_from = ?6, region = ?7, "
                      "franchise = ?8, card_type = ?9, balance = ?10, balance_before = ?11, "
                      "balance_changed_on = ?12, expires = ?13, joined = ?14, changed_on = ?15, "
                      "other_phones = ?16 WHERE member_id = ?1"),
        member_gone(db, "UPDATE member SET gone_on = ?2 WHERE member_id = ?1"),
        new_vehicles(db,
                     "INSERT INTO dealer_vehicle (vin, row_hash, plate, brand, model, category, "
                     "dealer_code, customer_name, mobile, mobile_kind, home_phone, home_kind, "
                     "office_phone, office_kind, birthday, sale_date, registration_date, "
                     "warranty_start, warranty_end, warranty_km, odometer_km, odometer_date, "
                     "last_visit_on, owner_since, first_seen, changed_on, other_phones)",
                     27),
        new_orders(db,
                   "INSERT INTO service_order (order_id, row_hash, vin, member_id, dealer_code, "
                   "type, opened, closed, mileage_km, advisor, suggestion, complaint, amount, "
                   "first_seen, changed_on)",
                   15),
        new_members(db,
                    "INSERT INTO member (member_id, row_hash, name, mobile, mobile_kind, region, "
                    "franchise, card_type, balance, balance_before, balance_changed_on, expires, "
                    "joined, first_seen, changed_on, other_phones)",
                    16),
        new_readings(db, "INSERT INTO odometer_reading (vin, read_on, km, source)", 4,
                     "ON CONFLICT (vin, read_on, source) DO UPDATE SET km = excluded.km"),
        changed_vehicles(db, "INSERT INTO vehicle_changed (import_id, vin)", 2,
                         "ON CONFLICT DO NOTHING") {}
  SQLite::Database& connection;
  SQLite::Statement stored_sale, update_vehicle, update_vehicle_keeping_dates, vehicle_gone, newest_closed, newest_reading,
      put_reading, newest_sales_reading, delete_reading, subject_change, stored_order,
      update_order, vehicle_visit, update_visit, update_reading, member_exists, stored_member, update_member,
      member_gone;
  BatchInsert new_vehicles, new_orders, new_members, new_readings, changed_vehicles;
  std::optional<std::int64_t> changes_import;  // log the vehicles written, for this import
};

DealerWriter::DealerWriter(Database& db) : statements_(std::make_unique<Statements>(db.sql())) {}
DealerWriter::~DealerWriter() = default;

void DealerWriter::flush() {
  statements_->new_vehicles.flush();
  statements_->new_orders.flush();
  statements_->new_members.flush();
  statements_->new_readings.flush();
  statements_->changed_vehicles.flush();
}

void DealerWriter::log_vehicle_changes(std::int64_t import_id) {
  // Before the due dates were ever computed, the first evaluation computes every vehicle.
  bool computed =
      statements_->connection.execAndGet("SELECT EXISTS (SELECT 1 FROM vehicle_due_state)")
          .getInt() != 0;
  statements_->changes_import = computed ? std::optional(import_id) : std::nullopt;
}

void DealerWriter::vehicle_changed(const std::string& vin) {
  if (statements_->changes_import) {
    statements_->changed_vehicles.add({*statements_->changes_import, vin});
  }
}

std::optional<StoredSale> DealerWriter::stored_sale(const std::string& vin) {
  auto& query = statements_->stored_sale;
  query.bind(1, vin);
  if (!query.executeStep()) {
    query.reset();
    return std::nullopt;
  }
  StoredSale stored;
  stored.gone = query.getColumn(0).getInt() != 0;
  stored.plate = column_text(query.getColumn(1));
  stored.dealer_code = column_text(query.getColumn(2));
  stored.customer_name = column_text(query.getColumn(3));
  stored.mobile = column_text(query.getColumn(4));
  stored.mobile_kind = column_text(query.getColumn(5));
  stored.home_phone = column_text(query.getColumn(6));
  stored.office_phone = column_text(query.getColumn(7));
  stored.mobile_corrected_from = optional_text(query.getColumn(8));
  stored.last_visit_on = required_date(query.getColumn(9));
  stored.owner_since = required_date(query.getColumn(10));
  stored.odometer_km = optional_integer(query.getColumn(11));
  stored.odometer_date = column_date(query.getColumn(12));
  stored.sold_on = optional_text(query.getColumn(13));
  stored.sold_task = optional_text(query.getColumn(14));
  stored.sale_date = required_date(query.getColumn(15));
  query.reset();
  return stored;
}

namespace {
// A warranty starts on the sale date unless the snapshot says otherwise (sql/002_dealer.sql).
SqlValue warranty_start_of(const SaleFacts& f) {
  return f.warranty_start ? f.warranty_start->iso() : f.sale_date.iso();
}
}  // namespace

void DealerWriter::add_vehicle(const SaleRow& row) {
  const SaleFacts& f = *row.facts;
  statements_->new_vehicles.add(
      {f.vin, static_cast<std::int64_t>(row.digest), f.plate, f.brand, f.model, f.category,
       f.dealer_code, f.customer_name, row.mobile, row.mobile_kind, f.home_phone, f.home_kind,
       f.office_phone, f.office_kind, sql_date(f.birthday), f.sale_date.iso(),
       sql_date(f.registration_date), warranty_start_of(f), sql_date(f.warranty_end),
       sql_integer(f.warranty_km), sql_integer(row.odometer_km), sql_date(row.odometer_date),
       row.last_visit_on.iso(), row.owner_since.iso(), row.first_seen.iso(),
       row.changed_on.iso(), optional_text_value(f.other_phones)});
  vehicle_changed(f.vin);
}

void DealerWriter::update_vehicle(const SaleRow& row) {
  const SaleFacts& f = *row.facts;
  auto& statement =
      row.dates_unchanged ? statements_->update_vehicle_keeping_dates : statements_->update_vehicle;
  bind_all(statement,
           {f.vin, static_cast<std::int64_t>(row.digest), f.plate, f.brand, f.model, f.category,
            f.dealer_code, f.customer_name, row.mobile, row.mobile_kind, f.home_phone,
            f.home_kind, f.office_phone, f.office_kind, optional_value(row.mobile_corrected_from),
            sql_date(f.birthday), f.sale_date.iso(), sql_date(f.registration_date),
            warranty_start_of(f), sql_date(f.warranty_end), sql_integer(f.warranty_km),
            sql_integer(row.odometer_km), sql_date(row.odometer_date), row.last_visit_on.iso(),
            row.owner_since.iso(), row.changed_on.iso(), optional_value(row.sold_on),
            optional_value(row.sold_task), optional_text_value(f.other_phones)});
  run(statement);
  vehicle_changed(f.vin);
}

void DealerWriter::mark_vehicle_gone(std::string_view vin, Date as_of) {
  auto& statement = statements_->vehicle_gone;
  statement.bind(1, std::string(vin));
  statement.bind(2, as_of.iso());
  run(statement);
}

bool DealerWriter::any_visit_recorded() {
  return statements_->connection
             .execAndGet("SELECT EXISTS (SELECT 1 FROM service_order WHERE vin IS NOT NULL) "
                         "OR EXISTS (SELECT 1 FROM odometer_reading)")
             .getInt() != 0;
}

std::optional<Date> DealerWriter::newest_order_closed(const std::string& vin) {
  auto& query = statements_->newest_closed;
  query.bind(1, vin);
  std::optional<Date> closed;
  if (query.executeStep()) closed = column_date(query.getColumn(0));
  query.reset();
  return closed;
}

std::optional<std::pair<Date, std::int64_t>> DealerWriter::newest_reading(const std::string& vin) {
  auto& query = statements_->newest_reading;
  query.bind(1, vin);
  std::optional<std::pair<Date, std::int64_t>> reading;
  if (query.executeStep()) {
    reading = std::pair(required_date(query.getColumn(0)), query.getColumn(1).getInt64());
  }
  query.reset();
  return reading;
}

void DealerWriter::put_reading(const std::string& vin, Date read_on, std::int64_t km,
                               const std::string& source) {
  auto& statement = statements_->put_reading;
  bind_all(statement, {vin, read_on.iso(), km, source});
  run(statement);
}

void DealerWriter::add_reading(const std::string& vin, Date read_on, std::int64_t km,
                               const std::string& source) {
  statements_->new_readings.add({vin, read_on.iso(), km, source});
}

std::optional<std::pair<Date, std::int64_t>> DealerWriter::newest_sales_reading(
    const std::string& vin) {
  auto& query = statements_->newest_sales_reading;
  query.bind(1, vin);
  std::optional<std::pair<Date, std::int64_t>> reading;
  if (query.executeStep()) {
    reading = std::pair(required_date(query.getColumn(0)), query.getColumn(1).getInt64());
  }
  query.reset();
  return reading;
}

void DealerWriter::delete_reading(const std::string& vin, Date read_on,
                                  const std::string& source) {
  auto& statement = statements_->delete_reading;
  bind_all(statement, {vin, read_on.iso(), source});
  run(statement);
}

void DealerWriter::add_subject_change(const char* subject_kind, const std::string& subject_id,
                                      Date changed_on, const char* what,
                                      const std::string& old_value, const std::string& new_value,
                                      const std::string& source) {
  auto& statement = statements_->subject_change;
  bind_all(statement, {std::string(subject_kind), subject_id, changed_on.iso(), std::string(what),
                       sql_text_or_null(old_value), sql_text_or_null(new_value), source});
  run(statement);
}

std::optional<StoredOrder> DealerWriter::stored_order(const std::string& order_id) {
  auto& query = statements_->stored_order;
  query.bind(1, order_id);
  if (!query.executeStep()) {
    query.reset();
    return std::nullopt;
  }
  StoredOrder stored;
  stored.digest = static_cast<std::uint64_t>(query.getColumn(0).getInt64());
  stored.vin = column_text(query.getColumn(1));
  stored.closed = required_date(query.getColumn(2));
  stored.mileage_km = optional_integer(query.getColumn(3));
  query.reset();
  return stored;
}

void DealerWriter::add_order(const ServiceOrderFacts& f, std::uint64_t digest, Date as_of) {
  statements_->new_orders.add(
      {f.order_id, static_cast<std::int64_t>(digest), sql_text_or_null(f.vin),
       sql_text_or_null(f.member_id), f.dealer_code, f.type, sql_date(f.opened), f.closed.iso(),
       sql_integer(f.mileage_km), f.advisor, f.suggestion, f.complaint, sql_real(f.amount),
       as_of.iso(), as_of.iso()});
}

void DealerWriter::update_order(const ServiceOrderFacts& f, std::uint64_t digest, Date as_of) {
  auto& statement = statements_->update_order;
  bind_all(statement,
           {f.order_id, static_cast<std::int64_t>(digest), sql_text_or_null(f.vin),
            sql_text_or_null(f.member_id), f.dealer_code, f.type, sql_date(f.opened),
            f.closed.iso(), sql_integer(f.mileage_km), f.advisor, f.suggestion, f.complaint,
            sql_real(f.amount), as_of.iso()});
  run(statement);
}

std::optional<VehicleVisit> DealerWriter::vehicle_visit(const std::string& vin) {
  auto& query = statements_->vehicle_visit;
  query.bind(1, vin);
  if (!query.executeStep()) {
    query.reset();
    return std::nullopt;
  }
  VehicleVisit visit{required_date(query.getColumn(0)), optional_integer(query.getColumn(1)),
                     column_date(query.getColumn(2))};
  query.reset();
  return visit;
}

void DealerWriter::update_vehicle_visit(const std::string& vin, const VehicleVisit& visit,
                                        Date changed_on, bool visited) {
  // Leaving last_visit_on out when it stays leaves its index alone.
  auto& statement = visited ? statements_->update_visit : statements_->update_reading;
  bind_all(statement, {vin, visit.last_visit_on.iso(), sql_integer(visit.odometer_km),
                       sql_date(visit.odometer_date), changed_on.iso()});
  run(statement);
  vehicle_changed(vin);
}

bool DealerWriter::member_exists(const std::string& member_id) {
  auto& query = statements_->member_exists;
  query.bind(1, member_id);
  bool found = query.executeStep();
  query.reset();
  return found;
}

std::optional<StoredMember> DealerWriter::stored_member(const std::string& member_id) {
  auto& query = statements_->stored_member;
  query.bind(1, member_id);
  if (!query.executeStep()) {
    query.reset();
    return std::nullopt;
  }
  StoredMember stored;
  stored.gone = query.getColumn(0).getInt() != 0;
  stored.mobile = column_text(query.getColumn(1));
  stored.mobile_kind = column_text(query.getColumn(2));
  stored.region = column_text(query.getColumn(3));
  stored.franchise = column_text(query.getColumn(4));
  stored.mobile_corrected_from = optional_text(query.getColumn(5));
  stored.balance = optional_real(query.getColumn(6));
  stored.balance_before = optional_real(query.getColumn(7));
  stored.balance_changed_on = column_date(query.getColumn(8));
  stored.expires = column_date(query.getColumn(9));
  stored.card_type = column_text(query.getColumn(10));
  query.reset();
  return stored;
}

void DealerWriter::add_member(const MemberRow& row) {
  const MemberFacts& f = *row.facts;
  statements_->new_members.add(
      {f.member_id, static_cast<std::int64_t>(row.digest), f.name, row.mobile, row.mobile_kind,
       f.region, f.franchise, f.card_type, sql_real(f.balance), sql_real(row.balance_before),
       sql_date(row.balance_changed_on), sql_date(f.expires), sql_date(f.joined),
       row.first_seen.iso(), row.changed_on.iso(), optional_text_value(f.other_phones)});
}

void DealerWriter::update_member(const MemberRow& row) {
  const MemberFacts& f = *row.facts;
  auto& statement = statements_->update_member;
  bind_all(statement,
           {f.member_id, static_cast<std::int64_t>(row.digest), f.name, row.mobile,
            row.mobile_kind, optional_value(row.mobile_corrected_from), f.region, f.franchise,
            f.card_type, sql_real(f.balance), sql_real(row.balance_before),
            sql_date(row.balance_changed_on), sql_date(f.expires), sql_date(f.joined),
            row.changed_on.iso(), optional_text_value(f.other_phones)});
  run(statement);
}

void DealerWriter::mark_member_gone(std::string_view member_id, Date as_of) {
  auto& statement = statements_->member_gone;
  statement.bind(1, std::string(member_id));
  statement.bind(2, as_of.iso());
  run(statement);
}

}  // namespace ownercare::store
