// Atomic writes, owner-only files, whole-file reads and the run lock, for POSIX and Windows.
//
// A nightly run must never leave a half-written CSV where the SMS platform or an agent picks it
// up, so every output goes through a temporary file in the same folder (same file system, so
// the rename is atomic), flushed to disk before the rename. The temporary name starts with a
// dot and carries the process id, so a reader globbing "*.csv" never sees it and two processes
// never share one. Files holding phone numbers are created owner-only from the start rather
// than narrowed afterwards, so they are never readable by others even for a moment. Every
// mode is given explicitly (0600, 0644, folders 0755): a umask may narrow it, never widen it,
// so a crontab's umask 000 does not make anything writable by others.
//
// The lock refuses a symbolic link at its path: a link planted there would otherwise make the
// run create or truncate whatever file it points to.
#include "ownercare/core/files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
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
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
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

mode_t creation_mode(FileAccess access) { return access == FileAccess::owner_only ? 0600 : 0644; }

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
void sync_folder_quietly(const std::filesystem::path& folder) {
  int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

#else

// The error's text, in the same words as the POSIX build for the errors a person meets most
// (a missing file or folder), so messages and tests read alike on both systems.
std::string windows_failure(const std::filesystem::path& path, const char* action,
                            DWORD error = ::GetLastError()) {
  if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
    return failure(path, action, ENOENT, std::generic_category());
  }
  return failure(path, action, static_cast<int>(error), std::system_category());
}

// Creates the file (failing when it exists), writes, flushes and closes it. Failures name
// `shown` (the file the caller was asked for, not a temporary one) with `action`, or with
// "cannot create" / "cannot write" when `action` is null.
void write_windows_file(const std::filesystem::path& path, std::string_view content,
                        const std::filesystem::path& shown, const char* action = nullptr) {
  // Owner-only access on Windows comes from the folder's inherited ACL (a user profile or a
  // service account's folder); no explicit ACL is set here.
  HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle == INVALID_HANDLE_VALUE) {
    throw InternalError(windows_failure(shown, action ? action : "cannot create"));
  }
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
  std::string message =
      ok ? std::string() : windows_failure(shown, action ? action : "cannot write");
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
  const std::filesystem::path temporary = temporary_path(path, current_process_id());
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
  sync_folder_quietly(path.parent_path());
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

FileLock::FileLock(const std::filesystem::path& path, const std::filesystem::path& shown)
    : path_(path) {
  const std::string name = (shown.empty() ? path : shown).string();
  // O_EXCL tells a new lock file from an old one; O_NOFOLLOW refuses a planted link (with
  // O_CREAT | O_EXCL a link, even a dangling one, is "File exists", then ELOOP below).
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 3; ++attempt) {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
      created_ = true;
      break;
    }
    if (errno != EEXIST) break;
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 && errno != ENOENT) break;  // ENOENT: removed in between, create it again
  }
  if (fd < 0) {
    int error = errno;
    if (error == ELOOP) {
      throw InternalError(name +
                          ": the lock file is a symbolic link; ownercare does not follow it "
                          "(remove it if no ownercare run is using it)");
    }
    throw InternalError(failure(name, "cannot open lock file", error, std::generic_category()));
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw InternalError(name + ": the lock file is not a regular file; remove it");
  }
  // A lock file of an older ownercare may be writable by others: narrow it.
  if (status.st_uid == ::geteuid() && (status.st_mode & 077) != 0) ::fchmod(fd, 0600);
  // flock locks belong to the open file description, so a second FileLock on the same path in
  // the same process conflicts as well (fcntl locks would not).
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    if (error == EINTR) continue;
    ::close(fd);
    if (error == EWOULDBLOCK) throw LockError(name + " is locked by another run");
    throw InternalError(failure(name, "cannot lock", error, std::generic_category()));
  }
  handle_ = fd;
}

FileLock::~FileLock() {
  if (handle_ < 0) return;
  int fd = static_cast<int>(handle_);
  ::flock(fd, LOCK_UN);
  ::close(fd);
}

void FileLock::remove() {
  if (handle_ < 0) return;
  // Unlinked while still held: a run starting now creates a new lock file and waits for
  // nothing, since this run is ending and leaves nothing behind.
  ::unlink(path_.c_str());
  int fd = static_cast<int>(handle_);
  handle_ = -1;
  ::flock(fd, LOCK_UN);
  ::close(fd);
}

void create_folders(const std::filesystem::path& folder, FileAccess access) {
  if (folder.empty()) return;  // the current folder (the parent of a bare file name)
  std::error_code error;
  auto status = std::filesystem::status(folder, error);
  if (std::filesystem::is_directory(status)) return;
  if (std::filesystem::exists(status)) {
    throw InternalError(failure(folder, "cannot create the folder", EEXIST,
                                std::generic_category()));
  }
  auto parent = folder.parent_path();
  if (!parent.empty() && parent != folder) create_folders(parent);
  if (::mkdir(folder.c_str(), access == FileAccess::owner_only ? 0700 : 0755) != 0) {
    int code = errno;
    if (code == EEXIST && std::filesystem::is_directory(folder, error)) return;
    throw InternalError(failure(folder, "cannot create the folder", code, std::generic_category()));
  }
}

void sync_folder(const std::filesystem::path& folder) {
  Descriptor fd(::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    throw InternalError(failure(folder, "cannot sync the folder", errno, std::generic_category()));
  }
}

void create_private_file(const std::filesystem::path& path) {
  Descriptor file(
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (file.get() < 0) {
    throw InternalError(failure(path, "cannot create", errno, std::generic_category()));
  }
  if (int error = file.close(); error != 0) {
    throw InternalError(failure(path, "cannot create", error, std::generic_category()));
  }
}

bool make_owner_only(const std::filesystem::path& path) {
  Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (file.get() < 0) return false;
  struct stat status {};
  if (::fstat(file.get(), &status) != 0 || !S_ISREG(status.st_mode) ||
      status.st_uid != ::geteuid() || (status.st_mode & 077) == 0) {
    return false;
  }
  return ::fchmod(file.get(), status.st_mode & 0600) == 0;
}

unsigned long current_process_id() { return static_cast<unsigned long>(::getpid()); }

bool process_exists(unsigned long pid) {
  if (pid == 0 || pid > 0x7fffffffUL) return false;
  if (::kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno != ESRCH;  // EPERM: it runs, as another user
}

#else

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           FileAccess /*access*/) {
  const std::filesystem::path temporary = temporary_path(path, current_process_id());
  ::DeleteFileW(temporary.c_str());
  write_windows_file(temporary, content, path, "cannot write");
  if (!::MoveFileExW(temporary.c_str(), path.c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    std::string message = windows_failure(path, "cannot write");
    ::DeleteFileW(temporary.c_str());
    throw InternalError(message);
  }
}

void write_new_file(const std::filesystem::path& path, std::string_view content,
                    FileAccess /*access*/) {
  write_windows_file(path, content, path);
}

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  // Windows opens a folder with "Access denied"; say what POSIX says.
  DWORD attributes = ::GetFileAttributesW(path.c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
    throw InputError(failure(path, "cannot read", EISDIR, std::generic_category()));
  }
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

FileLock::FileLock(const std::filesystem::path& path, const std::filesystem::path& shown)
    : path_(path) {
  const std::string name = (shown.empty() ? path : shown).string();
  DWORD attributes = ::GetFileAttributesW(path.c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
    throw InternalError(name +
                        ": the lock file is a symbolic link; ownercare does not follow it "
                        "(remove it if no ownercare run is using it)");
  }
  HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT,
                                nullptr);
  if (handle == INVALID_HANDLE_VALUE)
    throw InternalError(windows_failure(name, "cannot open lock file"));
  created_ = ::GetLastError() != ERROR_ALREADY_EXISTS;
  OVERLAPPED whole{};
  if (!::LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD,
                    MAXDWORD, &whole)) {
    DWORD error = ::GetLastError();
    ::CloseHandle(handle);
    if (error == ERROR_LOCK_VIOLATION) throw LockError(name + " is locked by another run");
    throw InternalError(
        failure(name, "cannot lock", static_cast<int>(error), std::system_category()));
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

void FileLock::remove() {
  if (handle_ < 0) return;
  HANDLE handle = reinterpret_cast<HANDLE>(handle_);
  handle_ = -1;
  OVERLAPPED whole{};
  ::UnlockFileEx(handle, 0, MAXDWORD, MAXDWORD, &whole);
  ::CloseHandle(handle);
  ::DeleteFileW(path_.c_str());
}

void create_folders(const std::filesystem::path& folder, FileAccess /*access*/) {
  if (folder.empty()) return;  // the current folder (the parent of a bare file name)
  std::error_code error;
  auto status = std::filesystem::status(folder, error);
  if (std::filesystem::is_directory(status)) return;
  if (std::filesystem::exists(status)) {
    throw InternalError(failure(folder, "cannot create the folder", ERROR_ALREADY_EXISTS,
                                std::system_category()));
  }
  auto parent = folder.parent_path();
  if (!parent.empty() && parent != folder) create_folders(parent);
  // Windows: the new folder inherits its parent's ACL.
  if (!::CreateDirectoryW(folder.c_str(), nullptr)) {
    DWORD code = ::GetLastError();
    if (code == ERROR_ALREADY_EXISTS && std::filesystem::is_directory(folder, error)) return;
    throw InternalError(failure(folder, "cannot create the folder", static_cast<int>(code),
                                std::system_category()));
  }
}

void sync_folder(const std::filesystem::path& /*folder*/) {}

void create_private_file(const std::filesystem::path& path) {
  HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle == INVALID_HANDLE_VALUE) throw InternalError(windows_failure(path, "cannot create"));
  ::CloseHandle(handle);
}

bool make_owner_only(const std::filesystem::path& /*path*/) { return false; }

unsigned long current_process_id() { return ::GetCurrentProcessId(); }

bool process_exists(unsigned long pid) {
  HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return ::GetLastError() != ERROR_INVALID_PARAMETER;
  DWORD code = 0;
  bool running = ::GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
  ::CloseHandle(process);
  return running;
}

#endif

bool left_by_dead_run(unsigned long pid) {
  return pid != current_process_id() && !process_exists(pid);
}

std::filesystem::path resolve_links(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path current = fs::absolute(path, error);
  auto fail = [&](const std::string& why) {
    return InternalError(fmt::format("{}: cannot resolve the path: {}", path.string(), why));
  };
  if (error) throw fail(error.message());
  for (int hops = 0; hops <= 40; ++hops) {
    fs::path name = current.filename();
    if (name.empty() || name == "." || name == "..") {
      auto whole = fs::weakly_canonical(current, error);
      if (error) throw fail(error.message());
      return whole;
    }
    fs::path folder = fs::weakly_canonical(current.parent_path(), error);
    if (error) throw fail(error.message());
    current = folder / name;
    if (!fs::is_symlink(fs::symlink_status(current, error))) return current;
    fs::path target = fs::read_symlink(current, error);
    if (error) throw fail(error.message());
    current = target.is_absolute() ? target : folder / target;
  }
  throw fail("too many levels of symbolic links");
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code error;
  if (std::filesystem::exists(a, error) && std::filesystem::exists(b, error)) {
    bool same = std::filesystem::equivalent(a, b, error);
    if (!error) return same;
  }
  return resolve_links(a) == resolve_links(b);
}

bool within(const std::filesystem::path& path, const std::filesystem::path& folder) {
  auto inner = resolve_links(path);
  auto outer = resolve_links(folder);
  auto outer_end =
      std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end()).first;
  // A trailing empty component ("out/") matches anything below.
  return outer_end == outer.end() || (std::next(outer_end) == outer.end() && outer_end->empty());
}

}  // namespace ownercare
