// Nightly copies of the database and restoring one (see backup.hpp for the contract).
//
// Every copy, whether a night's backup, the before-restore copy of the database a restore
// replaces, or the restored file itself, starts as an empty 0600 file (so SQLite, which gives
// its journal files the database's mode, never makes anything wider), is one self-contained
// file in rollback-journal mode, and is synced before it is renamed to its name. A night's
// backup is a file copy when it can be (copy_settled_file: the night's largest single cost
// at a year's size); else, and for restores, SQLite's backup API copies every page in one
// step (one read transaction: a consistent moment, the write-ahead log included) and the copy
// is switched to rollback-journal mode (synchronous = FULL). Temporaries are named
// `.NAME.tmp-PID`, like core/files' atomic writes, so a later run can tell a dead run's
// leftovers from a live run's.
#include "ownercare/store/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <system_error>
#include <thread>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/store/database.hpp"

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace ownercare::store {

namespace fs = std::filesystem;
using NativeString = fs::path::string_type;

namespace {

constexpr const char* kBeforeRestore = "before-restore-";
// A busy source (a writer mid-commit in rollback mode, a reader keeping a checkpoint from
// finishing) is retried for 10 seconds, like the tools' busy timeout.
constexpr int kBusyTimeoutMs = 10000;
constexpr auto kBusyPause = std::chrono::milliseconds(50);

// The backups folder: created 0700 (create_folders; on POSIX the umask can only narrow it),
// and narrowed to 0700 when it exists wider and is this user's. A symbolic link to a folder
// elsewhere (another disk) is used as it is.
void create_backup_folder(const fs::path& folder) {
  create_folders(folder, FileAccess::owner_only);
#ifndef _WIN32
  struct stat status {};
  if (::lstat(folder.c_str(), &status) == 0 && S_ISDIR(status.st_mode) &&
      status.st_uid == ::geteuid() && (status.st_mode & 077) != 0) {
    ::chmod(folder.c_str(), 0700);
  }
#endif
}

NativeString native(const char* ascii) { return fs::path(ascii).native(); }

bool starts_with(const NativeString& text, const NativeString& start) {
  return text.size() >= start.size() && text.compare(0, start.size(), start) == 0;
}

bool ends_with(const NativeString& text, const NativeString& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// `text` as a narrow string when it is plain ASCII (labels and process ids are).
std::optional<std::string> ascii(const NativeString& text) {
  std::string result;
  for (auto unit : text) {
    auto value = static_cast<unsigned long>(unit);  // a negative char becomes huge
    if (value == 0 || value >= 0x7f) return std::nullopt;
    result.push_back(static_cast<char>(unit));
  }
  return result;
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 9 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A night label is a date written YYYY-MM-DD, nothing else.
bool is_night_label(const std::string& label) {
  auto date = Date::parse(label);
  return date && date->iso() == label;
}

std::optional<int> before_restore_number(const std::string& label) {
  std::string prefix = kBeforeRestore;
  if (label.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string digits = label.substr(prefix.size());
  if (!all_digits(digits) || digits.front() == '0') return std::nullopt;
  return std::stoi(digits);
}

// Where the copies of one database go and what they are called.
struct Copies {
  fs::path database;    // the real file, every link resolved
  fs::path folder;      // backups/ beside it
  NativeString prefix;  // "ownercare-" for ownercare.db

  explicit Copies(const fs::path& db_path)
      : database(resolve_links(db_path)),
        folder(database.parent_path() / "backups"),
        prefix(database.stem().native() + native("-")) {}

  fs::path path_of(const std::string& label) const {
    return folder / fs::path(prefix + native(label.c_str()) + native(".db"));
  }
};

fs::path temporary_beside(const fs::path& path) {
  fs::path name(".");
  name += path.filename();
  name += ".tmp-" + std::to_string(current_process_id());
  return path.parent_path() / name;
}

void remove_quietly(const fs::path& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

// A file and the journal files SQLite may have left beside it.
void remove_with_companions(const fs::path& file) {
  remove_quietly(file);
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    fs::path companion = file;
    companion += suffix;
    remove_quietly(companion);
  }
}

// A temporary copy, removed with its companions unless kept (renamed into place).
class TemporaryCopy {
 public:
  explicit TemporaryCopy(fs::path path) : path_(std::move(path)) {
    remove_with_companions(path_);  // a leftover of a dead run with a recycled pid
  }
  ~TemporaryCopy() {
    if (!kept_) remove_with_companions(path_);
  }
  TemporaryCopy(const TemporaryCopy&) = delete;
  TemporaryCopy& operator=(const TemporaryCopy&) = delete;
  const fs::path& path() const { return path_; }
  // Renames the copy to `target` (replacing it) and syncs the folder.
  void rename_to(const fs::path& target) {
    std::error_code error;
    fs::rename(path_, target, error);
    if (error) {
      throw InternalError(
          fmt::format("{}: cannot rename into place: {}", target.string(), error.message()));
    }
    kept_ = true;
    sync_folder(target.parent_path());
  }

 private:
  fs::path path_;
  bool kept_ = false;
};

// Copies the main database of `source` into the new file `target`: 0600, one read
// transaction of the source, rollback-journal mode, synced. `shown` names the source in
// messages. Throws LockError when the source stays busy, SQLite::Exception otherwise.
void copy_database(SQLite::Database& source, const fs::path& target, const fs::path& shown) {
  create_private_file(target);
  SQLite::Database destination(target.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
  destination.exec("PRAGMA synchronous = FULL");
  {
    SQLite::Backup backup(destination, source);
    int waited_ms = 0;
    // -1: every page in one step, hence in one read transaction of the source.
    while (backup.executeStep(-1) != SQLITE_DONE) {
      if (waited_ms >= kBusyTimeoutMs) {
        throw LockError(fmt::format("{}: busy for {} seconds, no copy could be taken",
                                    shown.string(), kBusyTimeoutMs / 1000));
      }
      std::this_thread::sleep_for(kBusyPause);
      waited_ms += static_cast<int>(kBusyPause.count());
    }
  }
  // The pages carry the source's WAL flag; a copy must be one file that opens read-only
  // anywhere, with no -wal beside it.
  destination.exec("PRAGMA journal_mode = DELETE");
}

// Rolls back the transaction a scope began, whatever leaves the scope.
class RollbackOnExit {
 public:
  explicit RollbackOnExit(SQLite::Database& db) : db_(db) {}
  ~RollbackOnExit() { sqlite3_exec(db_.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr); }
  RollbackOnExit(const RollbackOnExit&) = delete;
  RollbackOnExit& operator=(const RollbackOnExit&) = delete;

 private:
  SQLite::Database& db_;
};

// A file opened through SQLite's own operating-system layer (its VFS), closed on exit.
class VfsFile {
 public:
  VfsFile(const fs::path& path, int flags)
      : vfs_(sqlite3_vfs_find(nullptr)),
        // The VFS keeps the name until the file is closed and may look for URI parameters
        // after it: a name made by sqlite3_create_filename has room for them.
        name_(sqlite3_create_filename(reinterpret_cast<const char*>(path.u8string().c_str()), "",
                                      "", 0, nullptr)),
        storage_((static_cast<std::size_t>(vfs_->szOsFile) + sizeof(std::max_align_t) - 1) /
                 sizeof(std::max_align_t)) {
    if (name_ == nullptr) throw std::bad_alloc();
    int opened = 0;
    int code = vfs_->xOpen(vfs_, name_, file(), flags, &opened);
    if (code != SQLITE_OK) {
      if (file()->pMethods != nullptr) file()->pMethods->xClose(file());
      sqlite3_free_filename(name_);
      throw SQLite::Exception("cannot open " + path.string(), code);
    }
  }
  ~VfsFile() {
    if (file()->pMethods != nullptr) file()->pMethods->xClose(file());
    sqlite3_free_filename(name_);
  }
  VfsFile(const VfsFile&) = delete;
  VfsFile& operator=(const VfsFile&) = delete;
  sqlite3_file* file() { return reinterpret_cast<sqlite3_file*>(storage_.data()); }

 private:
  sqlite3_vfs* vfs_;
  sqlite3_filename name_;
  std::vector<std::max_align_t> storage_;
};

void check_io(int code, const char* what) {
  if (code != SQLITE_OK) {
    throw SQLite::Exception(fmt::format("cannot {}: {}", what, sqlite3_errstr(code)), code);
  }
}

// SQLite's lock bytes live in the page at 1 GiB (its PENDING_BYTE), which it never uses for
// data; on Windows another process may lock it at any moment, so it is not read but written
// as zeros, as SQLite's backup API leaves it.
constexpr sqlite3_int64 kLockPageOffset = 0x40000000;
constexpr std::size_t kCopyChunk = std::size_t{1} << 20;  // a multiple of any page size
constexpr int kWritePiece = 1 << 16;

// The fast copy of a night's backup: the database file's bytes as they are, read through the
// connection's own file handle while `source` holds the write lock, so no commit and no
// checkpoint can change them, after a truncating checkpoint has moved the write-ahead log into
// the file. A file copy takes what `cp` and `sync` take; the backup API, which reads and
// writes a page per call, took a fifth longer on an 843 MB database (2.6 s against 2.1 s).
// Reading through SQLite's handle, not a second one, matters on POSIX: closing any other
// descriptor of the file would drop this process's locks on it.
// `target` is created 0600 as copy_database creates it. Returns false, having created
// nothing, when the moment cannot be had quickly: a reader still on an older snapshot keeps
// the log from being truncated, a writer holds its lock for a second, or the journal mode is
// one a file copy cannot trust (memory, off). Throws SQLite::Exception on I/O failure.
bool copy_settled_file(SQLite::Database& source, const fs::path& database,
                       const fs::path& target) {
  std::string mode = source.execAndGet("PRAGMA journal_mode").getString();
  bool wal = mode == "wal";
  if (!wal && mode != "delete" && mode != "truncate" && mode != "persist") return false;
  source.setBusyTimeout(1000);
  struct RestoreTimeout {
    SQLite::Database& db;
    ~RestoreTimeout() { db.setBusyTimeout(kBusyTimeoutMs); }
  } restore_timeout{source};
  if (wal) {
    SQLite::Statement checkpoint(source, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!checkpoint.executeStep() || checkpoint.getColumn(0).getInt() != 0) return false;
  }
  if (sqlite3_exec(source.getHandle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return false;  // a writer holds the lock: the backup API can still read past it
  }
  RollbackOnExit rollback(source);
  if (wal) {
    // A writer that committed between the checkpoint and the lock left frames in the log.
    fs::path log = database;
    log += "-wal";
    std::error_code error;
    auto log_size = fs::file_size(log, error);
    if (!error && log_size != 0) return false;
  }
  sqlite3_file* input = nullptr;
  if (sqlite3_file_control(source.getHandle(), "main", SQLITE_FCNTL_FILE_POINTER, &input) !=
          SQLITE_OK ||
      input == nullptr || input->pMethods == nullptr) {
    return false;
  }
  sqlite3_int64 size = 0;
  check_io(input->pMethods->xFileSize(input, &size), "measure the database");
  if (size < 100) return false;  // not even a header: let SQLite say what it is
  std::vector<unsigned char> chunk(kCopyChunk);
  check_io(input->pMethods->xRead(input, chunk.data(), 100, 0), "read the database");
  if (std::memcmp(chunk.data(), "SQLite format 3", 16) != 0) return false;
  sqlite3_int64 page_size = chunk[16] * 256 + chunk[17];
  if (page_size == 1) page_size = 65536;

  create_private_file(target);
  VfsFile output(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MAIN_DB);
  sqlite3_file* out = output.file();
  for (sqlite3_int64 offset = 0; offset < size; offset += static_cast<sqlite3_int64>(kCopyChunk)) {
    auto length = static_cast<int>(std::min<sqlite3_int64>(size - offset, kCopyChunk));
    sqlite3_int64 skip = 0;  // bytes of the lock page at the chunk's start, left as zeros
    if (offset == kLockPageOffset) {
      skip = std::min<sqlite3_int64>(page_size, length);
      std::fill(chunk.begin(), chunk.begin() + skip, 0);
    }
    if (skip < length) {
      check_io(input->pMethods->xRead(input, chunk.data() + skip, length - static_cast<int>(skip),
                                      offset + skip),
               "read the database");
    }
    // The copy is one file in rollback-journal mode: the header's file format versions say
    // "legacy", not "write-ahead log", as the backup API's copy after journal_mode = DELETE.
    if (offset == 0) chunk[18] = chunk[19] = 1;
    // SQLite's POSIX layer writes at most 128 KiB per call (it is made for pages).
    for (int done = 0; done < length; done += kWritePiece) {
      int piece = std::min(kWritePiece, length - done);
      check_io(out->pMethods->xWrite(out, chunk.data() + done, piece, offset + done),
               "write the copy");
    }
  }
  check_io(out->pMethods->xSync(out, SQLITE_SYNC_FULL), "sync the copy");
  return true;
}

// The label's copy, or InputError naming the labels there are.
BackupEntry find_backup(const Copies& copies, const fs::path& db_path, const std::string& label,
                        const std::vector<BackupEntry>& entries) {
  std::string wanted = label;
  if (auto date = Date::parse(label)) wanted = date->iso();
  for (const auto& entry : entries) {
    if (entry.label == wanted) return entry;
  }
  std::string there_are;
  for (const auto& entry : entries) {
    there_are += (there_are.empty() ? "" : ", ") + entry.label;
  }
  throw InputError(
      fmt::format("{}: no backup {} in {}; {}", db_path.string(), label, copies.folder.string(),
                  there_are.empty() ? std::string("there are none") : "there are: " + there_are));
}

// Checks that `copy` (open read-only) is a whole ownercare database this ownercare can use.
// Throws InputError naming the file.
void check_ownercare_database(SQLite::Database& copy, const fs::path& path) {
  auto refuse = [&](const std::string& why) {
    return InputError(fmt::format("{}: not restored: {}; nothing was changed", path.string(), why));
  };
  try {
    std::string integrity = scalar_text(copy, "PRAGMA integrity_check");
    if (integrity != "ok") throw refuse("the integrity check failed: " + integrity);
    int version = std::stoi("0" + scalar_text(copy, "PRAGMA user_version"));
    if (version == 0 ||
        scalar_text(copy,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                    "('import_log', 'fleet_vehicle', 'task')") != "3") {
      throw refuse("not an ownercare database (no ownercare schema)");
    }
    if (version > Database::newest_schema_version()) {
      throw refuse(fmt::format("its schema version {} is newer than this ownercare knows ({})",
                               version, Database::newest_schema_version()));
    }
  } catch (const SQLite::Exception& error) {
    throw refuse(fmt::format("not an ownercare database ({})", error.what()));
  }
}

// Copies the database about to be replaced to the next before-restore-N copy, after moving
// its write-ahead log into the main file, and returns that copy. `current` is the open
// database; the writer lock is held.
BackupEntry keep_replaced_database(SQLite::Database& current, const Copies& copies,
                                   const fs::path& db_path,
                                   const std::vector<BackupEntry>& entries) {
  auto cannot_copy = [&](const std::string& why) {
    return InternalError(fmt::format(
        "{}: cannot keep a copy of the current database before restoring ({}); nothing was "
        "changed. If it is damaged, move it aside by hand with its -wal and -shm files and "
        "restore again",
        db_path.string(), why));
  };
  try {
    SQLite::Statement checkpoint(current, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.executeStep() && checkpoint.getColumn(0).getInt() != 0) {
      throw LockError(
          fmt::format("{}: another program is reading the database (ownercare-export, -report or a "
                      "sqlite3 shell?); restore when it has finished",
                      db_path.string()));
    }
  } catch (const SQLite::Exception& error) {
    throw cannot_copy(error.what());
  }
  int number = 1;
  for (const auto& entry : entries) {
    if (auto n = before_restore_number(entry.label)) number = std::max(number, *n + 1);
  }
  BackupEntry kept{BackupEntry::Kind::before_restore, kBeforeRestore + std::to_string(number), {}};
  kept.path = copies.path_of(kept.label);
  TemporaryCopy temporary(temporary_beside(kept.path));
  try {
    copy_database(current, temporary.path(), db_path);
  } catch (const SQLite::Exception& error) {
    throw cannot_copy(error.what());
  }
  temporary.rename_to(kept.path);
  return kept;
}

// Removes the night copies past the newest `keep` (never `made`), the before-restore copies
// past the newest `keep`, and temporaries of copies whose process has ended.
void rotate(const Copies& copies, const fs::path& db_path, int keep, const fs::path& made) {
  int nights_kept = 1;  // the copy just made
  int before_restores_kept = 0;
  for (const auto& entry : list_backups(db_path)) {
    if (entry.path == made) continue;
    int& kept = entry.kind == BackupEntry::Kind::night ? nights_kept : before_restores_kept;
    if (kept < keep) {
      ++kept;
      continue;
    }
    std::error_code error;
    fs::remove(entry.path, error);
    if (error) {
      throw InternalError(
          fmt::format("{}: cannot remove an old backup: {}", entry.path.string(), error.message()));
    }
  }
  // Temporaries: ".ownercare-LABEL.db.tmp-PID", maybe with -journal, -wal or -shm.
  const NativeString start = native(".") + copies.prefix;
  const NativeString marker = native(".db.tmp-");
  std::error_code error;
  for (const auto& item : fs::directory_iterator(copies.folder, error)) {
    const NativeString name = item.path().filename().native();
    if (!starts_with(name, start)) continue;
    auto at = name.find(marker, start.size());
    if (at == NativeString::npos) continue;
    auto tail = ascii(name.substr(at + marker.size()));
    if (!tail) continue;
    std::string pid = tail->substr(0, tail->find('-'));
    if (!all_digits(pid)) continue;
    auto process = std::stoul(pid);
    if (left_by_dead_run(process)) remove_quietly(item.path());
  }
}

}  // namespace

fs::path backup_folder(const fs::path& db_path) { return Copies(db_path).folder; }

std::vector<BackupEntry> list_backups(const fs::path& db_path) {
  Copies copies(db_path);
  std::vector<BackupEntry> nights;
  std::vector<BackupEntry> before_restores;
  const NativeString end = native(".db");
  std::error_code error;
  for (const auto& item : fs::directory_iterator(copies.folder, error)) {
    const NativeString name = item.path().filename().native();
    if (!starts_with(name, copies.prefix) || !ends_with(name, end) ||
        name.size() <= copies.prefix.size() + end.size()) {
      continue;
    }
    std::error_code status_error;
    if (!fs::is_regular_file(fs::symlink_status(item.path(), status_error))) continue;
    auto label =
        ascii(name.substr(copies.prefix.size(), name.size() - copies.prefix.size() - end.size()));
    if (!label) continue;
    if (is_night_label(*label)) {
      nights.push_back({BackupEntry::Kind::night, *label, item.path()});
    } else if (before_restore_number(*label)) {
      before_restores.push_back({BackupEntry::Kind::before_restore, *label, item.path()});
    }
  }
  std::sort(nights.begin(), nights.end(),
            [](const auto& a, const auto& b) { return a.label > b.label; });
  std::sort(before_restores.begin(), before_restores.end(), [](const auto& a, const auto& b) {
    return *before_restore_number(a.label) > *before_restore_number(b.label);
  });
  nights.insert(nights.end(), before_restores.begin(), before_restores.end());
  return nights;
}

std::optional<fs::path> backup_database(const fs::path& db_path, const std::string& label,
                                        int keep) {
  if (!is_night_label(label)) {
    throw UsageError(fmt::format("backup label \"{}\" is not a date (YYYY-MM-DD)", label));
  }
  if (keep < 1) {
    throw UsageError(fmt::format("keep_backups must be at least 1, not {}", keep));
  }
  Copies copies(db_path);
  std::error_code error;
  if (!fs::exists(copies.database, error)) return std::nullopt;
  create_backup_folder(copies.folder);
  fs::path copy = copies.path_of(label);
  {
    TemporaryCopy temporary(temporary_beside(copy));
    try {
      // Read-write, never create: a read-only connection cannot roll back the hot journal
      // of a bulk load that was killed, and would leave an empty -wal and -shm behind. SQLite
      // writes nothing but that rollback and, as the last connection, a checkpoint.
      SQLite::Database source(copies.database.string(),
                              SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
      source.setBusyTimeout(kBusyTimeoutMs);
      if (!copy_settled_file(source, copies.database, temporary.path())) {
        copy_database(source, temporary.path(), db_path);
      }
    } catch (const SQLite::Exception& failure) {
      throw InternalError(fmt::format("{}: cannot back up to {}: {}", db_path.string(),
                                      copy.string(), failure.what()));
    }
    temporary.rename_to(copy);
  }
  rotate(copies, db_path, keep, copy);
  return copy;
}

std::optional<fs::path> backup_database(const fs::path& db_path, Date night, int keep) {
  return backup_database(db_path, night.iso(), keep);
}

bool night_started(const fs::path& db_path, Date night) {
  Copies copies(db_path);
  std::error_code error;
  if (!fs::exists(copies.database, error)) return false;
  try {
    // Read-write, never create, as a copy opens it: a hot journal is rolled back first.
    SQLite::Database db(copies.database.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    db.setBusyTimeout(kBusyTimeoutMs);
    // A database older than schema version 15 has no notes yet.
    if (!db.tableExists("night_started")) return false;
    SQLite::Statement query(db, "SELECT 1 FROM night_started WHERE night = ?");
    query.bind(1, night.iso());
    return query.executeStep();
  } catch (const SQLite::Exception& failure) {
    throw InternalError(fmt::format("{}: cannot read which nights began on it: {}",
                                    db_path.string(), failure.what()));
  }
}

void note_night_started(const fs::path& db_path, Date night) {
  auto db = Database::open(db_path, OpenMode::read_write);
  SQLite::Statement insert(db.sql(), "INSERT OR IGNORE INTO night_started (night) VALUES (?)");
  insert.bind(1, night.iso());
  insert.exec();
}

RestoreReport restore_backup(const fs::path& db_path, const std::string& label) {
  Copies copies(db_path);
  // The writer lock, as Database::open takes it: beside the real file, shown by the path the
  // user gave unless that path is itself a link.
  fs::path lock_path = copies.database;
  lock_path += ".lock";
  fs::path shown_lock;
  if (!fs::is_symlink(fs::symlink_status(db_path))) {
    shown_lock = db_path;
    shown_lock += ".lock";
  }
  FileLock lock(lock_path, shown_lock);

  auto entries = list_backups(db_path);
  RestoreReport report;
  report.restored = find_backup(copies, db_path, label, entries);

  // The copy, checked and written beside the database under a temporary name.
  TemporaryCopy restored(temporary_beside(copies.database));
  try {
    SQLite::Database copy(report.restored.path.string(),
                          SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    check_ownercare_database(copy, report.restored.path);
    copy_database(copy, restored.path(), report.restored.path);
  } catch (const SQLite::Exception& failure) {
    throw InternalError(fmt::format("{}: cannot copy {}: {}", db_path.string(),
                                    report.restored.path.string(), failure.what()));
  }

  std::error_code error;
  if (fs::exists(copies.database, error)) {
    create_backup_folder(copies.folder);
    // A connection of its own, not Database::open: this run already holds the writer lock.
    std::unique_ptr<SQLite::Database> current;
    try {
      current = std::make_unique<SQLite::Database>(copies.database.string(),
                                                   SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
      current->setBusyTimeout(kBusyTimeoutMs);
    } catch (const SQLite::Exception& failure) {
      throw InternalError(fmt::format("{}: cannot open: {}", db_path.string(), failure.what()));
    }
    report.kept = keep_replaced_database(*current, copies, db_path, entries);
  }
  // Closed, with its write-ahead log moved into the main file: the companions hold nothing
  // the kept copy lacks, and must not be read against the restored file.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    fs::path companion = copies.database;
    companion += suffix;
    fs::remove(companion, error);
    if (error) {
      throw InternalError(fmt::format("{}: cannot remove {} before restoring: {}", db_path.string(),
                                      companion.string(), error.message()));
    }
  }
  restored.rename_to(copies.database);
  return report;
}

}  // namespace ownercare::store
