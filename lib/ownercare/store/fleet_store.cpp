#include "ownercare/store/fleet_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/sha256.hpp"

namespace ownercare::store {

namespace {

void bind_text(SQLite::Statement& statement, int index, const std::string& text) {
  statement.bindNoCopy(index, text);
}

void bind_optional_date(SQLite::Statement& statement, int index,
                        const std::optional<Date>& date) {
  if (date) {
    statement.bind(index, date->iso());
  } else {
    statement.bind(index);
  }
}

void bind_optional_number(SQLite::Statement& statement, int index,
                          const std::optional<double>& number) {
  if (number) {
    statement.bind(index, *number);
  } else {
    statement.bind(index);
  }
}

std::optional<Date> column_date(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return Date::parse(column.getText());
}

void run(SQLite::Statement& statement) {
  statement.exec();
  statement.reset();
}

}  // namespace

std::uint64_t FleetFacts::digest() const {
  // The fields joined by a separator that cannot occur in them; numbers in a fixed format.
  std::string text;
  text.reserve(128);
  auto add = [&](std::string_view field) {
    text.append(field);
    text.push_back('\x1f');
  };
  add(plate);
  add(owner_name);
  add(owner_phone);
  add(phone_kind);
  add(city);
  add(std::to_string(status));
  add(status_since ? status_since->iso() : "");
  add(last_login ? last_login->iso() : "");
  add(reject_rate ? fmt::format("{:.6f}", *reject_rate) : "");
  add(lost_income ? fmt::format("{:.2f}", *lost_income) : "");
  return fnv1a64(text);
}

FleetIndex FleetIndex::load(SQLite::Database& db) {
  FleetIndex index;
  std::int64_t count = db.execAndGet("SELECT count(*) FROM fleet_vehicle").getInt64();
  index.entries_.reserve(static_cast<std::size_t>(count));
  index.keys_.reserve(static_cast<std::size_t>(count) * 10);
  // A WITHOUT ROWID table is scanned in primary-key order: the entries come out sorted.
  SQLite::Statement query(db,
                          "SELECT vehicle_id, row_hash, gone_on IS NOT NULL FROM fleet_vehicle "
                          "ORDER BY vehicle_id");
  while (query.executeStep()) {
    auto id = query.getColumn(0);
    const char* text = id.getText();
    auto length = static_cast<std::size_t>(id.getBytes());
    Entry entry{static_cast<std::uint64_t>(query.getColumn(1).getInt64()),
                static_cast<std::uint32_t>(index.keys_.size()),
                static_cast<std::uint16_t>(length), query.getColumn(2).getInt() != 0, false};
    index.keys_.append(text, length);
    index.entries_.push_back(entry);
  }
  return index;
}

FleetIndex::Entry* FleetIndex::find(std::string_view vehicle_id) {
  if (entries_.empty()) return nullptr;
  // Snapshots usually come sorted by id: try the entry after the last one found first.
  if (cursor_ < entries_.size() && key(entries_[cursor_]) == vehicle_id) {
    return &entries_[cursor_++];
  }
  auto found = std::lower_bound(entries_.begin(), entries_.end(), vehicle_id,
                                [this](const Entry& entry, std::string_view id) {
                                  return key(entry) < id;
                                });
  if (found == entries_.end() || key(*found) != vehicle_id) return nullptr;
  cursor_ = static_cast<std::size_t>(found - entries_.begin()) + 1;
  return &*found;
}

std::size_t FleetIndex::present() const {
  return static_cast<std::size_t>(
      std::count_if(entries_.begin(), entries_.end(), [](const Entry& e) { return !e.gone; }));
}

struct FleetWriter::Statements {
  explicit Statements(SQLite::Database& db)
      : insert(db,
               "INSERT INTO fleet_vehicle (vehicle_id, plate, owner_name, owner_phone, "
               "phone_kind, city, status, status_since, last_login, reject_rate, lost_income, "
               "row_hash, first_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        update(db,
               "UPDATE fleet_vehicle SET plate = ?2, owner_name = ?3, owner_phone = ?4, "
               "phone_kind = ?5, city = ?6, status = ?7, status_since = ?8, last_login = ?9, "
               "reject_rate = ?10, lost_income = ?11, row_hash = ?12, gone_on = NULL "
               "WHERE vehicle_id = ?1"),
        gone(db, "UPDATE fleet_vehicle SET gone_on = ?2 WHERE vehicle_id = ?1"),
        state(db, "SELECT status, status_since, gone_on FROM fleet_vehicle WHERE vehicle_id = ?"),
        episode(db,
                "SELECT episode_id, status, started_on FROM status_episode "
                "WHERE vehicle_id = ? AND ended_on IS NULL"),
        open(db,
             "INSERT INTO status_episode (vehicle_id, status, started_on, start_source, "
             "opened_by) VALUES (?,?,?,?,?)"),
        close(db,
              "UPDATE status_episode SET ended_on = ?2, end_reason = ?3 "
              "WHERE vehicle_id = ?1 AND ended_on IS NULL") {}
  SQLite::Statement insert, update, gone, state, episode, open, close;
};

FleetWriter::FleetWriter(Database& db) : statements_(std::make_unique<Statements>(db.sql())) {}
FleetWriter::~FleetWriter() = default;

namespace {
void bind_facts(SQLite::Statement& statement, const FleetFacts& facts) {
  bind_text(statement, 1, facts.vehicle_id);
  bind_text(statement, 2, facts.plate);
  bind_text(statement, 3, facts.owner_name);
  bind_text(statement, 4, facts.owner_phone);
  bind_text(statement, 5, facts.phone_kind);
  bind_text(statement, 6, facts.city);
  statement.bind(7, facts.status);
  bind_optional_date(statement, 8, facts.status_since);
  bind_optional_date(statement, 9, facts.last_login);
  bind_optional_number(statement, 10, facts.reject_rate);
  bind_optional_number(statement, 11, facts.lost_income);
  statement.bind(12, static_cast<std::int64_t>(facts.digest()));
}
}  // namespace

bool FleetWriter::insert(const FleetFacts& facts, Date as_of) {
  auto& statement = statements_->insert;
  bind_facts(statement, facts);
  statement.bind(13, as_of.iso());
  int code = statement.tryExecuteStep();
  int extended = statement.getExtendedErrorCode();
  std::string message = code == SQLITE_DONE ? "" : statement.getErrorMsg();
  // tryReset, not reset: reset() would throw the failed step's error again.
  statement.tryReset();
  if (code == SQLITE_DONE) return true;
  if (extended == SQLITE_CONSTRAINT_PRIMARYKEY) return false;
  throw SQLite::Exception(message, code);
}

void FleetWriter::update(const FleetFacts& facts) {
  bind_facts(statements_->update, facts);
  run(statements_->update);
}

void FleetWriter::mark_gone(std::string_view vehicle_id, Date as_of) {
  auto& statement = statements_->gone;
  statement.bind(1, std::string(vehicle_id));
  statement.bind(2, as_of.iso());
  run(statement);
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
  query.reset();
  auto& episode = statements_->episode;
  episode.bind(1, vehicle_id);
  if (episode.executeStep()) {
    result.episode = OpenEpisode{episode.getColumn(0).getInt64(), episode.getColumn(1).getInt(),
                                 *Date::parse(episode.getColumn(2).getText())};
  }
  episode.reset();
  return result;
}

void FleetWriter::open_episode(const std::string& vehicle_id, int status, Date started_on,
                               const char* start_source, std::int64_t import_id) {
  auto& statement = statements_->open;
  statement.bind(1, vehicle_id);
  statement.bind(2, status);
  statement.bind(3, started_on.iso());
  statement.bind(4, start_source);
  statement.bind(5, import_id);
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
