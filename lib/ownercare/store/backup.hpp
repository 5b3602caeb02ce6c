// Copies of the database kept before each night writes, and putting one back (issue 10,
// point 3; SPEC: "Nightly backups keep the last N copies, owner-only").
//
// A copy is the database as one moment saw it, also while the write-ahead log holds pages not
// yet checkpointed and while a reader or a writer works on it. A night's copy is a copy of
// the file, taken after a truncating checkpoint under SQLite's write lock; when that lock or
// checkpoint cannot be had within a second (a reader on an older snapshot, another writer),
// and for restores, it is taken with SQLite's online backup API in one read transaction.
// Copies live in `backups/` beside the database (its real file, every link resolved, like the
// lock), one self-contained file each, in rollback-journal mode with no -wal to go astray:
//
//   backups/ownercare-2026-12-07.db             the copy taken before the night of 12-07
//   backups/ownercare-before-restore-3.db       the database a restore replaced
//
// The copy holds every name and phone: the folder is 0700 and the files 0600 on POSIX
// whatever the umask (on Windows the folder's inherited ACL decides). A copy is written under
// a temporary name (`.ownercare-2026-12-07.db.tmp-PID`), synced and renamed, so a copy with a
// backup's name is always whole; a second copy of the same night replaces the first only when
// it is complete.
//
// Restoring takes the database's writer lock (`<db>.lock`, as every writing tool), checks the
// copy is an ownercare database, keeps the database it replaces as a before-restore copy (so a
// restore can be undone by restoring that), and puts the copy in place of the database file
// with its -wal, -shm and -journal removed, so the restored file is what the next run reads.
// The library reads no clock: before-restore copies are numbered, not timestamped.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::store {

inline constexpr int kDefaultKeepBackups = 7;

struct BackupEntry {
  enum class Kind {
    night,           // taken before a night: the label is its date, YYYY-MM-DD
    before_restore,  // the database a restore replaced: the label is before-restore-N
  };
  Kind kind = Kind::night;
  std::string label;
  std::filesystem::path path;
};

// The folder the copies of `db_path` live in: `backups/` beside the real database file.
// Throws InternalError when a link in the path cannot be resolved.
std::filesystem::path backup_folder(const std::filesystem::path& db_path);

// Copies the database at `db_path` to backups/<name>-<label>.db, replacing a copy of the same
// label once the new one is complete, and returns the copy's path; returns nothing, and
// creates nothing, when there is no database yet (before the first import). Takes no lock
// (a copy is a read): callable while this process or another holds the writer lock. A hot
// journal left by a killed bulk load is rolled back first, as any open does.
// Afterwards keeps the newest `keep` night copies by label (the one just made always stays,
// even when its label is older: a night run again after a restore) and the newest `keep`
// before-restore copies, and removes the temporaries of runs that died mid-copy.
// `label` is the night's date as YYYY-MM-DD. Throws UsageError for another label or a keep
// below 1, LockError when the database stays busy (a writer mid-commit in rollback mode) for
// 10 seconds, InternalError on I/O or database failure (a copy that fails leaves nothing with
// a copy's name; an old copy that cannot be removed is reported after the new one is made).
std::optional<std::filesystem::path> backup_database(const std::filesystem::path& db_path,
                                                     const std::string& label,
                                                     int keep = kDefaultKeepBackups);
std::optional<std::filesystem::path> backup_database(const std::filesystem::path& db_path,
                                                     Date night, int keep = kDefaultKeepBackups);

// Whether ownercare-nightly already began the night `night` on this database: it notes a
// night (note_night_started) right after the night's copy, before any step writes. A night run
// again on the same database keeps the copy of its first run instead of copying what that run
// stored; a restored copy predates its night's note. False when there is no database, or when
// it predates the notes (schema version 15, which an older database reaches at its next
// writing open). Throws InternalError when the database cannot be read.
bool night_started(const std::filesystem::path& db_path, Date night);
// Notes that the night `night` began on the database at `db_path`, which must exist (it is
// migrated first, like any writing open). Throws as Database::open does.
void note_night_started(const std::filesystem::path& db_path, Date night);

// The copies there are for `db_path`: night copies newest first, then before-restore copies
// newest first. Files of other databases in the same folder, temporaries and anything not
// named like a copy are left out. Empty when the folder does not exist.
std::vector<BackupEntry> list_backups(const std::filesystem::path& db_path);

struct RestoreReport {
  BackupEntry restored;  // the copy now in place
  // The database the restore replaced, kept as a before-restore copy; nothing when there
  // was no database file.
  std::optional<BackupEntry> kept;
};

// Puts the copy labelled `label` back in place of the database at `db_path`: a night's date
// (2026-12-07, or any form Date::parse reads) or before-restore-N. Holds `<db>.lock` while it
// works, so do not call it while this process holds a Database open on `db_path`.
// The copy must pass PRAGMA integrity_check and carry an ownercare schema no newer than this
// ownercare's; an older one is migrated by the next writing open. The database replaced is
// first checkpointed and copied to backups/<name>-before-restore-N.db; then its -wal, -shm and
// -journal are removed and the restored copy (written beside it under a temporary name, 0600,
// synced) is renamed over it. A crash at any moment leaves either the old database or the
// restored one, whole. A reader that had the old database open keeps reading it until it
// ends.
// Throws LockError when another run holds the lock, or a reader keeps the write-ahead log
// from being checkpointed for 10 seconds; InputError when no copy has that label (listing the
// labels there are) or the copy is not an ownercare database (naming its file); InternalError
// when the current database cannot be copied (e.g. it is damaged: move it aside by hand, with
// its -wal and -shm, and restore again) or on I/O failure. On any error the database is as
// it was.
RestoreReport restore_backup(const std::filesystem::path& db_path, const std::string& label);

}  // namespace ownercare::store
