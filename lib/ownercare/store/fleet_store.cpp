#include "ownercare/store/fleet_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/sha256.hpp"
#include "ownercare/store/columns.hpp"
#include "ownercare/store/key_order.hpp"

namespace ownercare::store {


std::uint64_t FleetFacts::digest() const {
  // Every field, texts followed by a separator that cannot occur in them, numbers as their
  // bits, hashed at once. Stored digests depend on this exact sequence.
  thread_local std::string bytes;
  bytes.clear();
  auto text = [&](const std::string& field) {
    bytes.append(field);
    bytes.push_back('\x1f');
  };
  auto raw = [&](const auto& value) {
    bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
  };
  text(plate);
  text(owner_name);
  text(owner_phone);
  text(phone_kind);
  text(city);
  raw(status);
  raw(status_since ? status_since->serial() : -999999LL);
  raw(last_login ? last_login->serial() : -999999LL);
  raw(reject_rate.value_or(-1.0));
  raw(lost_income.value_or(-1.0));
  return hash64(bytes, 0x666c656574);
}

FleetIndex FleetIndex::load(SQLite::Database& db) {
  FleetIndex index;
  // Sized from the imports' log: every vehicle was added once and none is ever deleted. Not
  // count(*), which reads the whole table a second time; a log that says too little only
  // costs a rehash (add grows the table).
  std::int64_t count =
      db.execAndGet("SELECT coalesce(sum(added), 0) FROM import_log WHERE kind = 'fleet'")
          .getInt64();
  static_assert(sizeof(Entry) == 24);
  index.reserve(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
  SQLite::Statement query(db,
                          "SELECT vehicle_id, row_hash, gone_on IS NOT NULL FROM fleet_vehicle");
  // Rows are added 32 at a time: their slots are hashed and fetched from memory first, so the
  // cache misses of a table far larger than the cache overlap instead of coming one by one.
  struct Pending {
    std::string key;
    std::uint64_t digest;
    bool gone;
    std::uint32_t tag;
  };
  std::vector<Pending> batch(32);
  std::size_t count_in_batch = 0;
  auto add_batch = [&] {
    for (std::size_t i = 0; i < count_in_batch; ++i) {
      __builtin_prefetch(&index.slots_[batch[i].tag & index.mask_]);
    }
    for (std::size_t i = 0; i < count_in_batch; ++i) {
      index.add(batch[i].key, batch[i].digest, batch[i].gone, batch[i].tag);
    }
    count_in_batch = 0;
  };
  while (query.executeStep()) {
    auto id = query.getColumn(0);
    Pending& row = batch[count_in_batch++];
    row.key.assign(id.getText(), static_cast<std::size_t>(id.getBytes()));
    row.digest = static_cast<std::uint64_t>(query.getColumn(1).getInt64());
    row.gone = query.getColumn(2).getInt() != 0;
    row.tag = tag_of(row.key);
    if (count_in_batch == batch.size()) add_batch();
  }
  add_batch();
  return index;
}

std::uint32_t FleetIndex::tag_of(std::string_view key) {
  return static_cast<std::uint32_t>(hash64(key, 0x6f776e6572636172ULL));
}

void FleetIndex::reserve(std::size_t count) {
  std::size_t capacity = 16;
  while (capacity / 4 * 3 < count) capacity *= 2;
  if (capacity <= slots_.size()) return;
  std::vector<Entry> old(capacity);
  old.swap(slots_);
  mask_ = capacity - 1;
  for (const Entry& entry : old) {
    if (!entry.used()) continue;
    std::size_t slot = entry.tag & mask_;
    while (slots_[slot].used()) slot = (slot + 1) & mask_;
    slots_[slot] = entry;
  }
}

void FleetIndex::add(std::string_view key, std::uint64_t digest, bool gone, std::uint32_t tag) {
  if (used_ + 1 > slots_.size() / 4 * 3) reserve(std::max<std::size_t>((used_ + 1) * 2, 16));
  ++used_;
  std::size_t slot = tag & mask_;
  while (slots_[slot].used()) slot = (slot + 1) & mask_;
  Entry& entry = slots_[slot];
  entry.flags = static_cast<std::uint8_t>(kUsed | (gone ? kGone : 0));
  entry.digest = digest;
  entry.tag = tag;
  if (key.size() <= kInline) {
    entry.key_length = static_cast<std::uint8_t>(key.size());
    std::memcpy(entry.inline_key, key.data(), key.size());
  } else {
    entry.key_length = 255;
    auto offset = static_cast<std::uint32_t>(long_keys_.size());
    auto length = static_cast<std::uint32_t>(key.size());
    std::memcpy(entry.inline_key, &offset, sizeof offset);
    std::memcpy(entry.inline_key + sizeof offset, &length, sizeof length);
    long_keys_.append(key);
  }
  if (!gone) ++present_;
}

std::string_view FleetIndex::key(const Entry& entry) const {
  if (entry.key_length != 255) return std::string_view(entry.inline_key, entry.key_length);
  std::uint32_t offset, length;
  std::memcpy(&offset, entry.inline_key, sizeof offset);
  std::memcpy(&length, entry.inline_key + sizeof offset, sizeof length);
  return std::string_view(long_keys_).substr(offset, length);
}

FleetIndex::Entry* FleetIndex::find(std::string_view vehicle_id) {
  if (slots_.empty()) return nullptr;
  auto tag = tag_of(vehicle_id);
  for (std::size_t slot = tag & mask_;; slot = (slot + 1) & mask_) {
    Entry& entry = slots_[slot];
    if (!entry.used()) return nullptr;
    if (entry.tag == tag && key(entry) == vehicle_id) return &entry;
  }
}

namespace {

// Row layout in the arena: id (u16 length + bytes), line (u32), digest (u64), plate, owner
// name, owner phone (texts), phone kind (u8), city (text), status (i8), status_since and
// last_login (i32 day numbers), flags (u8), then reject_rate and lost_income (f64) when set.
constexpr std::int32_t kNoDate = INT32_MIN;
constexpr std::size_t kBlockBytes = 8 << 20;

void put_text(std::string& out, std::string_view text) {
  auto length = static_cast<std::uint16_t>(std::min<std::size_t>(text.size(), 0xFFFF));
  out.append(reinterpret_cast<const char*>(&length), sizeof length);
  out.append(text.data(), length);
}

template <class T>
void put_value(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

std::string_view get_text(const char*& p) {
  std::uint16_t length;
  std::memcpy(&length, p, sizeof length);
  p += sizeof length;
  std::string_view text(p, length);
  p += length;
  return text;
}

template <class T>
T get_value(const char*& p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  p += sizeof value;
  return value;
}

std::int32_t date_code(const std::optional<Date>& date) {
  return date ? static_cast<std::int32_t>(date->serial()) : kNoDate;
}

std::optional<Date> date_of(std::int32_t code) {
  if (code == kNoDate) return std::nullopt;
  return Date(std::chrono::sys_days(std::chrono::days(code)));
}

constexpr const char* kPhoneKinds[] = {"empty", "mobile", "landline", "invalid"};

std::uint8_t phone_kind_code(const std::string& kind) {
  for (std::uint8_t i = 0; i < 4; ++i) {
    if (kind == kPhoneKinds[i]) return i;
  }
  return 3;
}

}  // namespace

void PackedFleet::add(const FleetFacts& facts, std::uint64_t line) {
  thread_local std::string row;
  row.clear();
  put_text(row, facts.vehicle_id);
  put_value(row, static_cast<std::uint32_t>(line));
  put_value(row, facts.digest());
  put_text(row, facts.plate);
  put_text(row, facts.owner_name);
  put_text(row, facts.owner_phone);
  put_value(row, phone_kind_code(facts.phone_kind));
  put_text(row, facts.city);
  put_value(row, static_cast<std::int8_t>(facts.status));
  put_value(row, date_code(facts.status_since));
  put_value(row, date_code(facts.last_login));
  put_value(row, static_cast<std::uint8_t>((facts.reject_rate ? 1 : 0) |
                                           (facts.lost_income ? 2 : 0)));
  if (facts.reject_rate) put_value(row, *facts.reject_rate);
  if (facts.lost_income) put_value(row, *facts.lost_income);
  // Blocks never move once allocated, so rows are addressed by pointer.
  if (blocks_.empty() || block_used_ + row.size() > kBlockBytes) {
    // Not zeroed: every byte is written before it is read.
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(std::max(kBlockBytes, row.size())));
    block_used_ = 0;
  }
  char* at = blocks_.back().get() + block_used_;
  std::memcpy(at, row.data(), row.size());
  block_used_ += row.size();
  rows_.push_back(at);
}

std::size_t PackedFleet::bytes() const { return blocks_.size() * kBlockBytes; }

std::string_view PackedFleet::key(std::size_t index) const {
  const char* p = rows_[index];
  return get_text(p);
}

std::uint64_t PackedFleet::line(std::size_t index) const {
  const char* p = rows_[index];
  get_text(p);
  return get_value<std::uint32_t>(p);
}

std::uint64_t PackedFleet::digest(std::size_t index) const {
  const char* p = rows_[index];
  get_text(p);
  get_value<std::uint32_t>(p);
  return get_value<std::uint64_t>(p);
}

void PackedFleet::read(std::size_t index, FleetFacts& facts) const {
  const char* p = rows_[index];
  facts.vehicle_id.assign(get_text(p));
  get_value<std::uint32_t>(p);  // line
  get_value<std::uint64_t>(p);  // digest
  facts.plate.assign(get_text(p));
  facts.owner_name.assign(get_text(p));
  facts.owner_phone.assign(get_text(p));
  facts.phone_kind = kPhoneKinds[get_value<std::uint8_t>(p) & 3];
  facts.city.assign(get_text(p));
  facts.status = get_value<std::int8_t>(p);
  facts.status_since = date_of(get_value<std::int32_t>(p));
  facts.last_login = date_of(get_value<std::int32_t>(p));
  auto flags = get_value<std::uint8_t>(p);
  facts.reject_rate.reset();
  facts.lost_income.reset();
  if (flags & 1) facts.reject_rate = get_value<double>(p);
  if (flags & 2) facts.lost_income = get_value<double>(p);
}

std::vector<std::uint32_t> PackedFleet::sorted(const std::vector<std::uint32_t>& subset) const {
  return sorted_by_key(subset, [this](std::uint32_t index) { return key(index); });
}

struct FleetWriter::Statements {
  explicit Statements(SQLite::Database& db)
      : update(db,
               "UPDATE fleet_vehicle SET plate = ?2, owner_name = ?3, owner_phone = ?4, "
               "phone_kind = ?5, city = ?6, status = ?7, status_since = ?8, last_login = ?9, "
               "reject_rate = ?10, lost_income = ?11, row_hash = ?12, episode_id = ?13, "
               "episode_started_on = ?14, gone_on = NULL WHERE vehicle_id = ?1"),
        details(db,
                "UPDATE fleet_vehicle SET phone_kind = ?5, city = ?6, last_login = ?9, "
                "reject_rate = ?10, lost_income = ?11, row_hash = ?12 "
                "WHERE vehicle_id = ?1 AND plate = ?2 AND owner_name = ?3 AND owner_phone = ?4 "
                "AND status = ?7 AND status_since IS ?8 AND gone_on IS NULL "
                "AND (status = 1) = (episode_id IS NULL)"),
        gone(db, "UPDATE fleet_vehicle SET gone_on = ?2 WHERE vehicle_id = ?1"),
        state(db,
              "SELECT status, status_since, gone_on, episode_id, episode_started_on, plate, "
              "owner_name, owner_phone FROM fleet_vehicle WHERE vehicle_id = ?"),
        change(db,
               "INSERT INTO subject_change (subject_kind, subject_id, changed_on, what, "
               "old_value, new_value, source) VALUES ('fleet', ?1, ?2, ?3, ?4, ?5, "
               "'import:' || ?6)"),
        open(db,
             "INSERT INTO status_episode (episode_id, vehicle_id, status, started_on, "
             "start_source, opened_by) VALUES (?,?,?,?,?,?)"),
        close(db,
              "UPDATE status_episode SET ended_on = ?2, end_reason = ?3 "
              "WHERE vehicle_id = ?1 AND ended_on IS NULL"),
        connection(db) {}
  SQLite::Statement update, details, gone, state, change, open, close;
  // Multi-row INSERTs by row count, prepared on first use.
  std::map<std::size_t, std::unique_ptr<SQLite::Statement>> vehicle_batches, episode_batches;
  SQLite::Database& connection;
};

namespace {
constexpr std::size_t kBatch = 64;
constexpr int kVehicleColumns = 15;
constexpr int kEpisodeColumns = 6;

}  // namespace

struct FleetWriter::NewVehicle {
  FleetFacts facts;
  std::optional<OpenEpisode> episode;
  const char* start_source = nullptr;
  std::int64_t import_id = 0;
  std::uint64_t digest = 0;
  std::string status_since, last_login, episode_started_on, first_seen;
};

FleetWriter::FleetWriter(Database& db)
    : statements_(std::make_unique<Statements>(db.sql())), new_vehicles_(kBatch) {
  next_episode_id_ =
      db.sql().execAndGet("SELECT coalesce(max(episode_id), 0) + 1 FROM status_episode").getInt64();
}
FleetWriter::~FleetWriter() = default;

void FleetWriter::add_new(const FleetFacts& facts, std::uint64_t digest, Date as_of,
                          const std::optional<OpenEpisode>& episode, const char* start_source,
                          std::int64_t import_id) {
  NewVehicle& row = new_vehicles_[new_count_++];
  row.facts = facts;
  row.digest = digest;
  row.episode = episode;
  row.start_source = start_source;
  row.import_id = import_id;
  row.status_since = facts.status_since ? facts.status_since->iso() : "";
  row.last_login = facts.last_login ? facts.last_login->iso() : "";
  row.episode_started_on = episode ? episode->started_on.iso() : "";
  if (row.first_seen.empty() || row.first_seen != as_of.iso()) row.first_seen = as_of.iso();
  if (new_count_ == kBatch) flush_new();
}

void FleetWriter::flush_new() {
  if (new_count_ == 0) return;
  auto statement_for = [&](auto& cache, const char* head, int columns) -> SQLite::Statement& {
    auto& slot = cache[new_count_];
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(statements_->connection,
                                                 multi_row_insert(head, columns, new_count_));
    }
    return *slot;
  };
  auto& vehicles = statement_for(
      statements_->vehicle_batches,
      "INSERT INTO fleet_vehicle (vehicle_id, plate, owner_name, owner_phone, phone_kind, city, "
      "status, status_since, last_login, reject_rate, lost_income, row_hash, episode_id, "
      "episode_started_on, first_seen)",
      kVehicleColumns);
  std::size_t episodes = 0;
  for (std::size_t r = 0; r < new_count_; ++r) {
    const NewVehicle& row = new_vehicles_[r];
    const FleetFacts& f = row.facts;
    int base = static_cast<int>(r) * kVehicleColumns;
    auto text_or_null = [&](int index, const std::string& text) {
      if (text.empty()) vehicles.bind(index);
      else vehicles.bindNoCopy(index, text);
    };
    vehicles.bindNoCopy(base + 1, f.vehicle_id);
    vehicles.bindNoCopy(base + 2, f.plate);
    vehicles.bindNoCopy(base + 3, f.owner_name);
    vehicles.bindNoCopy(base + 4, f.owner_phone);
    vehicles.bindNoCopy(base + 5, f.phone_kind);
    vehicles.bindNoCopy(base + 6, f.city);
    vehicles.bind(base + 7, f.status);
    text_or_null(base + 8, row.status_since);
    text_or_null(base + 9, row.last_login);
    bind_number(vehicles, base + 10, f.reject_rate);
    bind_number(vehicles, base + 11, f.lost_income);
    vehicles.bind(base + 12, static_cast<std::int64_t>(row.digest));
    if (row.episode) {
      vehicles.bind(base + 13, row.episode->episode_id);
      vehicles.bindNoCopy(base + 14, row.episode_started_on);
      ++episodes;
    } else {
      vehicles.bind(base + 13);
      vehicles.bind(base + 14);
    }
    vehicles.bindNoCopy(base + 15, row.first_seen);
  }
  run(vehicles);
  if (episodes > 0) {
    std::size_t saved = new_count_;
    new_count_ = episodes;
    auto& opened = statement_for(statements_->episode_batches,
                                 "INSERT INTO status_episode (episode_id, vehicle_id, status, "
                                 "started_on, start_source, opened_by)",
                                 kEpisodeColumns);
    new_count_ = saved;
    int base = 0;
    for (std::size_t r = 0; r < new_count_; ++r) {
      const NewVehicle& row = new_vehicles_[r];
      if (!row.episode) continue;
      opened.bind(base + 1, row.episode->episode_id);
      opened.bindNoCopy(base + 2, row.facts.vehicle_id);
      opened.bind(base + 3, row.episode->status);
      opened.bindNoCopy(base + 4, row.episode_started_on);
      opened.bindNoCopy(base + 5, row.start_source);
      opened.bind(base + 6, row.import_id);
      base += kEpisodeColumns;
    }
    run(opened);
  }
  new_count_ = 0;
}

namespace {
void bind_facts(SQLite::Statement& statement, const FleetFacts& facts) {
  statement.bindNoCopy(1, facts.vehicle_id);
  statement.bindNoCopy(2, facts.plate);
  statement.bindNoCopy(3, facts.owner_name);
  statement.bindNoCopy(4, facts.owner_phone);
  statement.bindNoCopy(5, facts.phone_kind);
  statement.bindNoCopy(6, facts.city);
  statement.bind(7, facts.status);
  bind_date(statement, 8, facts.status_since);
  bind_date(statement, 9, facts.last_login);
  bind_number(statement, 10, facts.reject_rate);
  bind_number(statement, 11, facts.lost_income);
  statement.bind(12, static_cast<std::int64_t>(facts.digest()));
}

void bind_episode(SQLite::Statement& statement, int index,
                  const std::optional<OpenEpisode>& episode) {
  if (episode) {
    statement.bind(index, episode->episode_id);
    statement.bind(index + 1, episode->started_on.iso());
  } else {
    statement.bind(index);
    statement.bind(index + 1);
  }
}
}  // namespace

void FleetWriter::update(const FleetFacts& facts, const std::optional<OpenEpisode>& episode) {
  bind_facts(statements_->update, facts);
  bind_episode(statements_->update, 13, episode);
  run(statements_->update);
}

bool FleetWriter::update_details(const FleetFacts& facts) {
  auto& statement = statements_->details;
  bind_facts(statement, facts);
  int changed = statement.exec();
  statement.reset();
  return changed == 1;
}

void FleetWriter::mark_gone(std::string_view vehicle_id, Date as_of) {
  auto& statement = statements_->gone;
  statement.bind(1, std::string(vehicle_id));
  statement.bind(2, as_of.iso());
  run(statement);
}

std::vector<std::pair<std::string, Date>> FleetWriter::gone_with_episode_before(Date before) {
  SQLite::Statement query(statements_->connection,
                          "SELECT vehicle_id, gone_on FROM fleet_vehicle "
                          "INDEXED BY fleet_vehicle_gone "
                          "WHERE gone_on IS NOT NULL AND gone_on < ? AND episode_id IS NOT NULL "
                          "ORDER BY vehicle_id");
  query.bind(1, before.iso());
  std::vector<std::pair<std::string, Date>> list;
  while (query.executeStep()) {
    list.emplace_back(query.getColumn(0).getString(), *Date::parse(query.getColumn(1).getText()));
  }
  return list;
}

void FleetWriter::forget_episode(const std::string& vehicle_id) {
  SQLite::Statement statement(statements_->connection,
                              "UPDATE fleet_vehicle SET episode_id = NULL, "
                              "episode_started_on = NULL WHERE vehicle_id = ?");
  statement.bind(1, vehicle_id);
  statement.exec();
}

void FleetWriter::resume_episode(std::int64_t episode_id, Date on) {
  SQLite::Statement statement(statements_->connection,
                              "UPDATE status_episode SET resumed_on = ? WHERE episode_id = ?");
  statement.bind(1, on.iso());
  statement.bind(2, episode_id);
  statement.exec();
}

StoredVehicleState FleetWriter::state(const std::string& vehicle_id) {
  StoredVehicleState result{};
  auto& query = statements_->state;
  query.bind(1, vehicle_id);
  if (!query.executeStep()) {
    query.reset();
    throw InternalError(fmt::format("vehicle {} vanished from the database", vehicle_id));
  }
  result.status = query.getColumn(0).getInt();
  result.status_since = column_date(query.getColumn(1));
  result.gone = !query.getColumn(2).isNull();
  result.gone_on = column_date(query.getColumn(2));
  if (!query.getColumn(3).isNull()) {
    // An open episode always has the vehicle's current status.
    result.episode = OpenEpisode{query.getColumn(3).getInt64(), result.status,
                                 *Date::parse(query.getColumn(4).getText())};
  }
  result.plate = column_text(query.getColumn(5));
  result.owner_name = column_text(query.getColumn(6));
  result.owner_phone = column_text(query.getColumn(7));
  query.reset();
  return result;
}

void FleetWriter::add_change(const std::string& vehicle_id, Date on, const char* what,
                             const std::string& old_value, const std::string& new_value,
                             std::int64_t import_id) {
  auto& statement = statements_->change;
  statement.bind(1, vehicle_id);
  statement.bind(2, on.iso());
  statement.bind(3, what);
  bind_text_or_null(statement, 4, old_value);
  bind_text_or_null(statement, 5, new_value);
  statement.bind(6, import_id);
  run(statement);
}

void FleetWriter::open_episode(const std::string& vehicle_id, const OpenEpisode& episode,
                               const char* start_source, std::int64_t import_id) {
  auto& statement = statements_->open;
  statement.bind(1, episode.episode_id);
  statement.bind(2, vehicle_id);
  statement.bind(3, episode.status);
  statement.bind(4, episode.started_on.iso());
  statement.bind(5, start_source);
  statement.bind(6, import_id);
  run(statement);
}

bool FleetWriter::close_episode(const std::string& vehicle_id, Date ended_on,
                                const char* reason) {
  auto& statement = statements_->close;
  statement.bind(1, vehicle_id);
  statement.bind(2, ended_on.iso());
  statement.bind(3, reason);
  int changed = statement.exec();
  statement.reset();
  return changed > 0;
}

namespace {
void bind_log(SQLite::Statement& statement, const ImportLogLine& line) {
  statement.bind(1, line.kind);
  statement.bind(2, line.as_of.iso());
  statement.bind(3, line.file_name);
  statement.bind(4, line.file_bytes);
  statement.bind(5, line.encoding);
  statement.bind(6, line.rows_read);
  statement.bind(7, line.rows_rejected);
  statement.bind(8, line.added);
  statement.bind(9, line.changed);
  statement.bind(10, line.gone);
  statement.bind(11, line.returned);
  statement.bind(12, line.episodes_opened);
  statement.bind(13, line.episodes_closed);
  statement.bind(14, line.forced ? 1 : 0);
}
}  // namespace

std::int64_t insert_import_log(Database& db, const ImportLogLine& line) {
  SQLite::Statement statement(
      db.sql(),
      "INSERT INTO import_log (kind, as_of, file_name, file_bytes, encoding, rows_read, "
      "rows_rejected, added, changed, gone, returned, episodes_opened, episodes_closed, forced) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  bind_log(statement, line);
  statement.exec();
  return db.sql().getLastInsertRowid();
}

void update_import_log(Database& db, std::int64_t import_id, const ImportLogLine& line) {
  SQLite::Statement statement(
      db.sql(),
      "UPDATE import_log SET kind = ?1, as_of = ?2, file_name = ?3, file_bytes = ?4, "
      "encoding = ?5, rows_read = ?6, rows_rejected = ?7, added = ?8, changed = ?9, gone = ?10, "
      "returned = ?11, episodes_opened = ?12, episodes_closed = ?13, forced = ?14 "
      "WHERE import_id = ?15");
  bind_log(statement, line);
  statement.bind(15, import_id);
  statement.exec();
}

std::optional<Date> newest_import(Database& db, const std::string& kind) {
  SQLite::Statement query(db.sql(), "SELECT max(as_of) FROM import_log WHERE kind = ?");
  query.bind(1, kind);
  if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
  return Date::parse(query.getColumn(0).getText());
}

}  // namespace ownercare::store
