// The ownercare database: one SQLite file, opened in WAL mode with foreign keys on, migrated
// to the newest schema on open, and locked against a second writing run.
//
// Every tool that writes takes the lock file `<db>.lock` for its whole run, so two runs never
// interleave (exit code 5). The lock sits beside the real database file, every symbolic link
// resolved, so two paths to one database share one lock. Readers (export, explain) take no
// lock: WAL lets them read while a night runs.
//
// The database holds every name and phone: it is created 0600 before SQLite opens it (SQLite
// gives its -wal, -shm and -journal files the database's mode), and a writing open takes the
// group's and others' permissions off an existing database and those files when this user
// owns them.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ownercare/core/files.hpp"

namespace ownercare::store {

// The page size of a database ownercare makes, in bytes (SQLite's default is 4096). A night
// reads whole tables and rewrites rows spread over them, and larger pages move more per
// system call: at 1M vehicles the fleet's nights after the first took 8-14% less time with
// 16 KiB pages, the first as long; the dealer's nights after the first as long, its first load
// a third longer (README, Performance: "Page size"). A database made before keeps its page
// size (changing it means rewriting the whole file).
inline constexpr int kPageSize = 16384;

enum class OpenMode {
  read_only,   // readers: no lock, never creates
  read_write,  // writers: takes the lock; the database must exist
  create,      // ownercare-import: as read_write, and creates a missing database
};

class Database {
 public:
  // Opens `path`, takes the lock for writing modes, and applies pending migrations in one
  // transaction each. Only `create` makes a new database (a misspelt --db on any other tool
  // must not quietly start an empty one); its folder must exist.
  // Throws LockError when another run holds the lock, InputError when the database is from
  // a newer ownercare or read_only finds it missing or unmigrated, InternalError otherwise.
  static Database open(const std::filesystem::path& path, OpenMode mode);

  // Whether this open created the database (the first import).
  bool created() const { return created_; }
  // Closes the database and removes what this open created: the database file, its -wal,
  // -shm and -journal files and the lock file. For a first import that fails, so that it
  // leaves no empty database behind; the object is unusable afterwards.
  void remove_created_files();

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  SQLite::Database& sql() { return *db_; }

  // A bulk load (the first import of a large fleet) runs its one transaction with a rollback
  // journal: in WAL mode every page of it would be written twice, to the WAL and again by the
  // checkpoint, and SQLite's documentation advises a rollback journal for transactions over
  // about 100 MB. Returns false, staying in WAL, when another connection (a reader) has the
  // database open. end_bulk_load() goes back to WAL; the next open does so too after a crash.
  bool begin_bulk_load();
  void end_bulk_load();
  const std::filesystem::path& path() const { return path_; }
  int schema_version();
  static int newest_schema_version();

 private:
  Database() = default;
  std::filesystem::path path_;  // as the user gave it, for messages
  bool created_ = false;
  std::vector<std::filesystem::path> created_files_;  // the database and companions it made
  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<SQLite::Database> db_;
};

// A transaction that rolls back unless committed (SQLite::Transaction with BEGIN IMMEDIATE,
// so a writer never upgrades a read lock half-way).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  SQLite::Database& db_;
  bool done_ = false;
};

// Runs `sql` and returns the first column of its first row as text ("" when NULL or no row).
std::string scalar_text(SQLite::Database& db, const char* sql);

}  // namespace ownercare::store
