#include "ownercare/store/database.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "ownercare/core/errors.hpp"
#include "ownercare/store/migrations.hpp"

namespace ownercare::store {

namespace {

int user_version(SQLite::Database& db) {
  SQLite::Statement query(db, "PRAGMA user_version");
  query.executeStep();
  return query.getColumn(0).getInt();
}

void apply_migrations(SQLite::Database& db, const std::filesystem::path& path) {
  int current = user_version(db);
  int newest = Database::newest_schema_version();
  if (current > newest) {
    throw InputError(fmt::format(
        "{}: the database has schema version {}, newer than this ownercare knows ({}); "
        "use a newer ownercare",
        path.string(), current, newest));
  }
  for (const auto& migration : migrations()) {
    if (migration.version <= current) continue;
    SQLite::Transaction transaction(db);
    db.exec(migration.sql);
    db.exec(fmt::format("PRAGMA user_version = {}", migration.version));
    transaction.commit();
  }
}

}  // namespace

int Database::newest_schema_version() {
  return migrations().empty() ? 0 : migrations().back().version;
}

Database Database::open(const std::filesystem::path& path, OpenMode mode) {
  // SQLite counts the memory it allocates under one global mutex; nothing here reads the
  // counts, and two connections on two threads (evaluate's helper) would queue on it.
  static const int no_memory_status = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)no_memory_status;
  Database database;
  database.path_ = path;
  try {
    if (mode != OpenMode::read_only) {
      if (mode == OpenMode::read_write && !std::filesystem::exists(path)) {
        throw InputError(fmt::format("{}: no such database (ownercare-import creates it with "
                                     "the first snapshot)",
                                     path.string()));
      }
      auto folder = path.parent_path();
      if (!folder.empty() && !std::filesystem::is_directory(folder)) {
        throw InputError(fmt::format("{}: the folder {} does not exist", path.string(),
                                     folder.string()));
      }
      auto lock_path = path;
      lock_path += ".lock";
      database.lock_ = std::make_unique<FileLock>(lock_path);
      // Each tool uses its connection from one thread: SQLite's own mutexes only cost time.
      database.db_ = std::make_unique<SQLite::Database>(
          path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
      auto& db = *database.db_;
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("PRAGMA foreign_keys = ON");
      db.exec("PRAGMA cache_size = -65536");  // 64 MiB
      db.exec("PRAGMA temp_store = MEMORY");
      db.setBusyTimeout(10000);
      apply_migrations(db, path);
    } else {
      if (!std::filesystem::exists(path)) {
        throw InputError(fmt::format("{}: no such database", path.string()));
      }
      database.db_ = std::make_unique<SQLite::Database>(
          path.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
      auto& db = *database.db_;
      db.setBusyTimeout(10000);
      db.exec("PRAGMA cache_size = -32768");
      int version = user_version(db);
      if (version != newest_schema_version()) {
        throw InputError(fmt::format(
            "{}: the database has schema version {}, this ownercare reads version {}; "
            "run ownercare-import or ownercare-evaluate on it once to migrate it",
            path.string(), version, newest_schema_version()));
      }
    }
  } catch (const SQLite::Exception& error) {
    throw InternalError(fmt::format("{}: {}", path.string(), error.what()));
  }
  return database;
}

Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

int Database::schema_version() { return user_version(*db_); }

bool Database::begin_bulk_load() {
  try {
    std::string mode = db_->execAndGet("PRAGMA journal_mode = DELETE").getString();
    if (mode != "delete") return false;
    // A rollback journal needs full syncs to be as safe as WAL with NORMAL.
    db_->exec("PRAGMA synchronous = FULL");
    return true;
  } catch (const SQLite::Exception&) {
    return false;  // busy: a reader is open, stay in WAL
  }
}

void Database::end_bulk_load() {
  db_->exec("PRAGMA journal_mode = WAL");
  db_->exec("PRAGMA synchronous = NORMAL");
}

Transaction::Transaction(Database& db) : db_(db.sql()) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
      // Nothing to do: SQLite rolls back an unfinished transaction when the connection closes.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

std::string scalar_text(SQLite::Database& db, const char* sql) {
  SQLite::Statement query(db, sql);
  if (!query.executeStep() || query.getColumn(0).isNull()) return "";
  return query.getColumn(0).getString();
}

}  // namespace ownercare::store
