// Atomic writes, owner-only files, whole-file reads and the run lock, for POSIX and Windows.
//
// A nightly run must never leave a half-written CSV where the SMS platform or an agent picks it
// up, so every output goes through a temporary file in the same folder (same file system, so
// the rename is atomic), flushed to disk before the rename. The temporary name starts with a
// dot and carries the process id, so a reader globbing "*.csv" never sees it and two processes
// never share one. Files holding phone numbers are created owner-only from the start rather
// than narrowed afterwards, so they are never readable by others even for a moment.
#include "ownercare/core/files.hpp"

#include <system_error>

#include "ownercare/core/errors.hpp"

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <algorithm>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace ownercare {

namespace {

std::string failure(const std::filesystem::path& path, const char* action, int error,
                    const std::error_category& category) {
  return path.string() + ": " + action + ": " + category.message(error);
}

std::string too_large(const std::filesystem::path& path, std::size_t max_bytes) {
  return path.string() + ": larger than " + std::to_string(max_bytes) +
         " bytes: not a file ownercare reads whole";
}

std::filesystem::path temporary_path(const std::filesystem::path& path, unsigned long pid) {
  // Built from native strings, so a Chinese file name survives on Windows too.
  std::filesystem::path name(".");
  name += path.filename();
  name += ".tmp-" + std::to_string(pid);
  return path.parent_path() / name;
}

#ifndef _WIN32

// Closes a descriptor on every path out of a function.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  // Closes now and reports the error close() returned (0 when none).
  int close() {
    int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

mode_t creation_mode(FileAccess access) { return access == FileAccess::owner_only ? 0600 : 0666; }

// Writes all of `content`, fsyncs and closes; returns 0 or the errno of the first failure.
int write_all_and_close(Descriptor& file, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t written = ::write(file.get(), data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fsync(file.get()) != 0) return errno;
  return file.close();
}

// Makes a rename durable; a failure here is not reported, since the rename itself happened.
void sync_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

#else

std::string windows_failure(const std::filesystem::path& path, const char* action) {
  return failure(path, action, static_cast<int>(::GetLastError()), std::system_category());
}

// Creates the file (failing when it exists), writes, flushes and closes it.
void write_windows_file(const std::filesystem::path& path, std::string_view content) {
  // Owner-only access on Windows comes from the folder's inherited ACL (a user profile or a
  // service account's folder); no explicit ACL is set here.
  HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle == INVALID_HANDLE_VALUE) throw InternalError(windows_failure(path, "cannot create"));
  const char* data = content.data();
  std::size_t left = content.size();
  bool ok = true;
  while (ok && left > 0) {
    DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(left, 1u << 30));
    DWORD written = 0;
    ok = ::WriteFile(handle, data, chunk, &written, nullptr) != 0;
    data += written;
    left -= written;
  }
  ok = ok && ::FlushFileBuffers(handle) != 0;
  std::string message = ok ? std::string() : windows_failure(path, "cannot write");
  ::CloseHandle(handle);
  if (!ok) {
    ::DeleteFileW(path.c_str());
    throw InternalError(message);
  }
}

#endif

}  // namespace

#ifndef _WIN32

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           FileAccess access) {
  const std::filesystem::path temporary =
      temporary_path(path, static_cast<unsigned long>(::getpid()));
  // A leftover from a crashed run of the same pid is replaced, not trusted (its mode may differ).
  ::unlink(temporary.c_str());
  Descriptor file(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, creation_mode(access)));
  if (file.get() < 0) {
    throw InternalError(failure(path, "cannot write", errno, std::generic_category()));
  }
  int error = write_all_and_close(file, content);
  if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    throw InternalError(failure(path, "cannot write", error, std::generic_category()));
  }
  sync_folder(path.parent_path());
}

void write_new_file(const std::filesystem::path& path, std::string_view content,
                    FileAccess access) {
  Descriptor file(
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, creation_mode(access)));
  if (file.get() < 0) {
    throw InternalError(failure(path, "cannot create", errno, std::generic_category()));
  }
  int error = write_all_and_close(file, content);
  if (error != 0) {
    ::unlink(path.c_str());
    throw InternalError(failure(path, "cannot write", error, std::generic_category()));
  }
}

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0)
    throw InputError(failure(path, "cannot read", errno, std::generic_category()));
  std::string content;
  struct stat status {};
  if (::fstat(file.get(), &status) == 0 && status.st_size > 0) {
    auto size = static_cast<std::size_t>(status.st_size);
    if (size > max_bytes) throw InputError(too_large(path, max_bytes));
    content.reserve(size);
  }
  char buffer[65536];
  for (;;) {
    ssize_t got = ::read(file.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw InputError(failure(path, "cannot read", errno, std::generic_category()));
    }
    if (got == 0) break;
    content.append(buffer, static_cast<std::size_t>(got));
    if (content.size() > max_bytes) throw InputError(too_large(path, max_bytes));
  }
  return content;
}

FileLock::FileLock(const std::filesystem::path& path) : path_(path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0)
    throw InternalError(failure(path, "cannot open lock file", errno, std::generic_category()));
  // flock locks belong to the open file description, so a second FileLock on the same path in
  // the same process conflicts as well (fcntl locks would not).
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    if (error == EINTR) continue;
    ::close(fd);
    if (error == EWOULDBLOCK) throw LockError(path.string() + " is locked by another run");
    throw InternalError(failure(path, "cannot lock", error, std::generic_category()));
  }
  handle_ = fd;
}

FileLock::~FileLock() {
  if (handle_ < 0) return;
  int fd = static_cast<int>(handle_);
  ::flock(fd, LOCK_UN);
  ::close(fd);
}

#else

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           FileAccess /*access*/) {
  const std::filesystem::path temporary = temporary_path(path, ::GetCurrentProcessId());
  ::DeleteFileW(temporary.c_str());
  write_windows_file(temporary, content);
  if (!::MoveFileExW(temporary.c_str(), path.c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    std::string message = windows_failure(path, "cannot write");
    ::DeleteFileW(temporary.c_str());
    throw InternalError(message);
  }
}

void write_new_file(const std::filesystem::path& path, std::string_view content,
                    FileAccess /*access*/) {
  write_windows_file(path, content);
}

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle == INVALID_HANDLE_VALUE) throw InputError(windows_failure(path, "cannot read"));
  std::string content;
  char buffer[65536];
  for (;;) {
    DWORD got = 0;
    if (!::ReadFile(handle, buffer, sizeof buffer, &got, nullptr)) {
      std::string message = windows_failure(path, "cannot read");
      ::CloseHandle(handle);
      throw InputError(message);
    }
    if (got == 0) break;
    content.append(buffer, got);
    if (content.size() > max_bytes) {
      ::CloseHandle(handle);
      throw InputError(too_large(path, max_bytes));
    }
  }
  ::CloseHandle(handle);
  return content;
}

FileLock::FileLock(const std::filesystem::path& path) : path_(path) {
  HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle == INVALID_HANDLE_VALUE)
    throw InternalError(windows_failure(path, "cannot open lock file"));
  OVERLAPPED whole{};
  if (!::LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD,
                    MAXDWORD, &whole)) {
    DWORD error = ::GetLastError();
    ::CloseHandle(handle);
    if (error == ERROR_LOCK_VIOLATION) throw LockError(path.string() + " is locked by another run");
    throw InternalError(
        failure(path, "cannot lock", static_cast<int>(error), std::system_category()));
  }
  handle_ = reinterpret_cast<long long>(handle);
}

FileLock::~FileLock() {
  if (handle_ < 0) return;
  HANDLE handle = reinterpret_cast<HANDLE>(handle_);
  OVERLAPPED whole{};
  ::UnlockFileEx(handle, 0, MAXDWORD, MAXDWORD, &whole);
  ::CloseHandle(handle);
}

#endif

}  // namespace ownercare
