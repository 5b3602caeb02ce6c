// File operations that must be safe and portable: whole-file atomic writes, owner-only
// modes, and the advisory lock that keeps two runs apart. POSIX and Windows branches live in
// files.cpp only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ownercare {

enum class FileAccess { shared, owner_only };

// Writes `content` to `path` through a temporary file in the same folder, flushed to disk and
// renamed over `path`, so a reader sees the old file or the new one, never a part. With
// owner_only the file is created readable and writable by its owner only (0600 on POSIX).
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

// An exclusive, non-blocking advisory lock on a file, released when the object is destroyed
// or the process ends (flock on POSIX, LockFileEx on Windows). The file is created if needed
// and left in place.
class FileLock {
 public:
  // Throws LockError when another process holds the lock, InternalError on other failures.
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  std::filesystem::path path_;
  long long handle_ = -1;
};

}  // namespace ownercare
