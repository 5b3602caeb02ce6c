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

// Every tool, reading or writing, refuses a database a newer ownercare wrote.
void refuse_newer(const std::filesystem::path& path, int version) {
  int newest = Database::newest_schema_version();
  if (version <= newest) return;
  throw InputError(fmt::format(
      "{}: the database has schema version {}, newer than this ownercare knows ({}); "
      "use a newer ownercare",
      path.string(), version, newest));
}

void apply_migrations(SQLite::Database& db, const std::filesystem::path& path) {
  int current = user_version(db);
  refuse_newer(path, current);
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

namespace {

// The files SQLite keeps beside a database: the write-ahead log, its index and the rollback
// journal of a bulk load.
std::vector<std::filesystem::path> companion_files(const std::filesystem::path& database) {
  std::vector<std::filesystem::path> files;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    auto file = database;
    file += suffix;
    files.push_back(file);
  }
  return files;
}

}  // namespace

Database Database::open(const std::filesystem::path& path, OpenMode mode) {
  // SQLite counts the memory it allocates under one global mutex; nothing here reads the
  // counts, and two connections on two threads (evaluate's helper) would queue on it.
  static const int no_memory_status = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)no_memory_status;
  Database database;
  database.path_ = path;
  try {
    if (mode != OpenMode::read_only) {
      // The lock and the database are the real file's: a second path or a symbolic link to
      // the same database must meet the same lock.
      auto real = resolve_links(path);
      if (mode == OpenMode::read_write && !std::filesystem::exists(real)) {
        throw InputError(fmt::format("{}: no such database (ownercare-import creates it with "
                                     "the first snapshot)",
                                     path.string()));
      }
      auto folder = path.parent_path();
      if (!folder.empty() && !std::filesystem::is_directory(folder)) {
        throw InputError(fmt::format("{}: the folder {} does not exist", path.string(),
                                     folder.string()));
      }
      auto lock_path = real;
      lock_path += ".lock";
      // Messages name the lock by the path the user gave, unless that path is itself a link
      // (then the lock is elsewhere, beside the real file).
      std::filesystem::path shown_lock;
      if (!std::filesystem::is_symlink(std::filesystem::symlink_status(path))) {
        shown_lock = path;
        shown_lock += ".lock";
      }
      database.lock_ = std::make_unique<FileLock>(lock_path, shown_lock);
      if (mode == OpenMode::create && !std::filesystem::exists(real)) {
        std::vector<std::filesystem::path> companions;
        for (const auto& file : companion_files(real)) {
          if (!std::filesystem::exists(std::filesystem::symlink_status(file))) {
            companions.push_back(file);
          }
        }
        create_private_file(real);
        database.created_ = true;
        database.created_files_.push_back(real);
        database.created_files_.insert(database.created_files_.end(), companions.begin(),
                                       companions.end());
      } else {
        make_owner_only(real);
        for (const auto& file : companion_files(real)) make_owner_only(file);
      }
      // Each tool uses its connection from one thread: SQLite's own mutexes only cost time.
      database.db_ = std::make_unique<SQLite::Database>(
          real.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
      auto& db = *database.db_;
      // Pages freed by deletions (emitted rows past rerun_days) can be given back to the file
      // system by ownercare-nightly (store/vacuum.hpp). Only a database without a table yet
      // takes the setting; an older one is converted by the nightly's one-off VACUUM.
      if (database.created_) {
        // Both take effect only before the first table (and the page size only outside WAL).
        db.exec(fmt::format("PRAGMA page_size = {}", kPageSize));
        db.exec("PRAGMA auto_vacuum = INCREMENTAL");
      }
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
      refuse_newer(path, version);
      if (version != newest_schema_version()) {
        throw InputError(fmt::format(
            "{}: the database has schema version {}, this ownercare reads version {}; "
            "run ownercare-import or ownercare-evaluate on it once to migrate it",
            path.string(), version, newest_schema_version()));
      }
    }
  } catch (const SQLite::Exception& error) {
    database.remove_created_files();
    throw InternalError(fmt::format("{}: {}", path.string(), error.what()));
  } catch (...) {
    database.remove_created_files();
    throw;
  }
  return database;
}

void Database::remove_created_files() {
  db_.reset();
  std::error_code ignored;
  for (const auto& file : created_files_) std::filesystem::remove(file, ignored);
  if (lock_) {
    if (lock_->created()) lock_->remove();
    lock_.reset();
  }
  created_files_.clear();
  created_ = false;
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
  // Called after the load committed: a failure here must not turn a stored import into an
  // error exit. The next open goes back to WAL anyway.
  try {
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = NORMAL");
  } catch (const SQLite::Exception&) {
  }
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
