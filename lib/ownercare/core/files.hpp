// File operations that must be safe and portable: whole-file atomic writes, explicit modes
// (owner-only files, folders no one else can write to, whatever the umask), the advisory lock
// that keeps two runs apart, and the path questions the tools ask before they write (is this
// the same file as an input? which file does this link name?). POSIX and Windows branches
// live in files.cpp only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ownercare {

// How a new file may be read. On POSIX the mode is given explicitly, so a umask can narrow it
// but never widen it (umask 000 must not make a file writable by others): shared files are
// 0644, owner_only files (names, phones) 0600. On Windows the folder's inherited ACL decides.
enum class FileAccess { shared, owner_only };

// Writes `content` to `path` through a temporary file in the same folder, flushed to disk and
// renamed over `path`, so a reader sees the old file or the new one, never a part.
// Throws InternalError on I/O failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           FileAccess access = FileAccess::shared);

// Writes `content` to a new file (no rename), with the given access; used for files inside a
// folder that is itself renamed into place. Throws InternalError.
void write_new_file(const std::filesystem::path& path, std::string_view content,
                    FileAccess access = FileAccess::shared);

// Reads a whole file; throws InputError ("path: cannot read: reason") when it cannot, or when
// it is longer than `max_bytes` ("path: larger than N bytes").
std::string read_file(const std::filesystem::path& path,
                      std::size_t max_bytes = std::size_t{1} << 30);

// Creates `folder` and any missing parent, each new one 0755 on POSIX (given explicitly, so a
// umask narrows it but never widens it); with FileAccess::owner_only, `folder` itself is
// created 0700 (the archive of snapshots, the backups), never wider for a moment. A folder
// already there, or a link to one, is left as it is, and so is an empty path (the current
// folder: the parent of a bare file name). On Windows new folders inherit their parent's ACL.
// Throws InternalError ("folder: cannot create the folder: reason"), also when a file stands
// in the way.
void create_folders(const std::filesystem::path& folder,
                    FileAccess access = FileAccess::shared);

// Flushes a folder's entries (files created or renamed in it) to disk, so they survive a
// crash. Throws InternalError. On Windows a no-op: NTFS journals its metadata, and renames
// use MOVEFILE_WRITE_THROUGH.
void sync_folder(const std::filesystem::path& folder);

// Creates an empty file only its owner can read and write (0600 on POSIX; on Windows the
// folder's ACL), failing when anything, a symbolic link included, is at `path`: the database
// is created this way before SQLite opens it, and SQLite gives its -wal, -shm and -journal
// files the database's mode. Throws InternalError.
void create_private_file(const std::filesystem::path& path);

// Takes the group's and others' permissions (and the owner's execute bit) off an existing
// regular file owned by this process's user that others may use (POSIX; never follows a
// symbolic link). Returns whether the mode changed. A
// missing file, another user's file, or Windows: nothing happens. Never throws.
bool make_owner_only(const std::filesystem::path& path);

// Whether a process with this id is running (kill(pid, 0) on POSIX, where only ESRCH means
// gone; OpenProcess on Windows). Tells a dead run's leftovers from a live run's.
bool process_exists(unsigned long pid);
// This process's id, as temporaries' names carry it.
unsigned long current_process_id();
// Whether a temporary named with `pid` was left by a run that died: not this process's, and
// its process is gone.
bool left_by_dead_run(unsigned long pid);

// The absolute path of the file `path` names once every symbolic link is resolved, the last
// component included, also when that file does not exist yet (a new database: its folder
// resolved, then its name; a dangling link: its target). Throws InternalError on a loop.
std::filesystem::path resolve_links(const std::filesystem::path& path);

// Whether two paths name the same file: std::filesystem::equivalent when both exist (hard
// links, symbolic links, ".." all count), else their resolved paths are equal.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

// Whether `path` is `folder` or lies inside it, both resolved.
bool within(const std::filesystem::path& path, const std::filesystem::path& folder);

// An exclusive, non-blocking advisory lock on a file, released when the object is destroyed
// or the process ends (flock on POSIX, LockFileEx on Windows). The file is created if needed
// (0600 on POSIX) and left in place. A symbolic link at `path` is refused, never followed: a
// link planted there must not make a run create or truncate the file it points to.
class FileLock {
 public:
  // Throws LockError when another process holds the lock, InternalError on other failures
  // (a symbolic link or something other than a file at `path` included). Messages name the
  // lock as `shown` when given (the path the user gave), else as `path`.
  explicit FileLock(const std::filesystem::path& path, const std::filesystem::path& shown = {});
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  // Whether this lock created its file (it did not exist before).
  bool created() const { return created_; }
  // Removes the lock file, then releases the lock: for a run that must leave nothing behind.
  void remove();

 private:
  std::filesystem::path path_;
  long long handle_ = -1;
  bool created_ = false;
};

}  // namespace ownercare
