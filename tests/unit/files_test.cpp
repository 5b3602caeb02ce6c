#include "ownercare/core/files.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "ownercare/core/errors.hpp"
#include "support/temp_dir.hpp"

using ownercare::FileAccess;
using ownercare::test::read_text;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

#ifndef _WIN32
unsigned permissions(const std::filesystem::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}
#endif

std::size_t entries(const std::filesystem::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++count;
  return count;
}

}  // namespace

TEST_CASE("files: an atomic write creates the file", "[files]") {
  TempDir dir;
  ownercare::write_file_atomically(dir / "out.csv", "a,b\n1,2\n");
  CHECK(read_text(dir / "out.csv") == "a,b\n1,2\n");
}

TEST_CASE("files: an atomic write replaces the old content whole", "[files]") {
  TempDir dir;
  write_text(dir / "out.csv", "old content that is longer than the new\n");
  ownercare::write_file_atomically(dir / "out.csv", "new\n");
  CHECK(read_text(dir / "out.csv") == "new\n");
}

TEST_CASE("files: an atomic write leaves no temporary file behind", "[files]") {
  TempDir dir;
  ownercare::write_file_atomically(dir / "out.csv", "x");
  ownercare::write_file_atomically(dir / "out.csv", "y");
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("files: a failed atomic write removes its temporary file", "[files]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "out.csv");  // rename over a folder fails
  CHECK_THROWS_AS(ownercare::write_file_atomically(dir / "out.csv", "x"), ownercare::InternalError);
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("files: an atomic write into a missing folder names the path", "[files]") {
  TempDir dir;
  auto path = dir / "missing" / "out.csv";
  CHECK_THROWS_MATCHES(ownercare::write_file_atomically(path, "x"), ownercare::InternalError,
                       Catch::Message(path.string() + ": cannot write: No such file or directory"));
}

TEST_CASE("files: an empty atomic write gives an empty file", "[files]") {
  TempDir dir;
  ownercare::write_file_atomically(dir / "empty.csv", "");
  CHECK(std::filesystem::file_size(dir / "empty.csv") == 0);
}

// Modes exist on POSIX only; on Windows the folder's ACL decides.
#ifndef _WIN32
TEST_CASE("files: owner_only files are created 0600", "[files]") {
  TempDir dir;
  ownercare::write_file_atomically(dir / "phones.csv", "13912345678\n", FileAccess::owner_only);
  CHECK(permissions(dir / "phones.csv") == 0600);
  ownercare::write_new_file(dir / "calls.csv", "x", FileAccess::owner_only);
  CHECK(permissions(dir / "calls.csv") == 0600);
}

TEST_CASE("files: owner_only narrows a file that was readable by others", "[files]") {
  TempDir dir;
  write_text(dir / "phones.csv", "old");
  std::filesystem::permissions(dir / "phones.csv", std::filesystem::perms::all);
  ownercare::write_file_atomically(dir / "phones.csv", "new", FileAccess::owner_only);
  CHECK(permissions(dir / "phones.csv") == 0600);
}

TEST_CASE("files: shared files follow the umask", "[files]") {
  TempDir dir;
  mode_t mask = ::umask(022);
  ownercare::write_file_atomically(dir / "summary.json", "{}");
  ::umask(mask);
  CHECK(permissions(dir / "summary.json") == 0644);
}

#endif

TEST_CASE("files: write_new_file refuses an existing file", "[files]") {
  TempDir dir;
  write_text(dir / "out.csv", "keep");
  auto path = dir / "out.csv";
  CHECK_THROWS_MATCHES(ownercare::write_new_file(path, "x"), ownercare::InternalError,
                       Catch::Message(path.string() + ": cannot create: File exists"));
  CHECK(read_text(path) == "keep");
}

TEST_CASE("files: write_new_file writes the content", "[files]") {
  TempDir dir;
  ownercare::write_new_file(dir / "out.csv", "a\nb\n");
  CHECK(read_text(dir / "out.csv") == "a\nb\n");
}

TEST_CASE("files: read_file reads bytes unchanged", "[files]") {
  TempDir dir;
  std::string bytes("\xEF\xBB\xBFline\r\n\0end", 13);
  write_text(dir / "in.csv", bytes);
  CHECK(ownercare::read_file(dir / "in.csv") == bytes);
}

TEST_CASE("files: read_file reads more than one buffer", "[files]") {
  TempDir dir;
  std::string big(200000, 'x');
  big[150000] = 'y';
  write_text(dir / "big.csv", big);
  CHECK(ownercare::read_file(dir / "big.csv") == big);
}

TEST_CASE("files: read_file of a missing file is an input error", "[files]") {
  TempDir dir;
  auto path = dir / "missing.csv";
  CHECK_THROWS_MATCHES(ownercare::read_file(path), ownercare::InputError,
                       Catch::Message(path.string() + ": cannot read: No such file or directory"));
}

TEST_CASE("files: read_file of a folder is an input error", "[files]") {
  TempDir dir;
  CHECK_THROWS_MATCHES(ownercare::read_file(dir.path()), ownercare::InputError,
                       Catch::Message(dir.path().string() + ": cannot read: Is a directory"));
}

TEST_CASE("files: a lock creates its file and keeps it", "[files]") {
  TempDir dir;
  { ownercare::FileLock lock(dir / "run.lock"); }
  CHECK(std::filesystem::exists(dir / "run.lock"));
}

TEST_CASE("files: a second lock on the same path fails while the first is held", "[files]") {
  TempDir dir;
  auto path = dir / "run.lock";
  ownercare::FileLock first(path);
  CHECK_THROWS_MATCHES(ownercare::FileLock(path), ownercare::LockError,
                       Catch::Message(path.string() + " is locked by another run"));
}

TEST_CASE("files: a lock error exits with the lock code", "[files]") {
  TempDir dir;
  ownercare::FileLock first(dir / "run.lock");
  try {
    ownercare::FileLock second(dir / "run.lock");
    FAIL("the second lock was granted");
  } catch (const ownercare::Error& error) {
    CHECK(error.code() == ownercare::ExitCode::locked);
  }
}

TEST_CASE("files: a released lock can be taken again", "[files]") {
  TempDir dir;
  { ownercare::FileLock first(dir / "run.lock"); }
  CHECK_NOTHROW(ownercare::FileLock(dir / "run.lock"));
}

TEST_CASE("files: a failed second lock leaves the first one held", "[files]") {
  TempDir dir;
  ownercare::FileLock first(dir / "run.lock");
  CHECK_THROWS_AS(ownercare::FileLock(dir / "run.lock"), ownercare::LockError);
  CHECK_THROWS_AS(ownercare::FileLock(dir / "run.lock"), ownercare::LockError);
}

TEST_CASE("files: a lock in a missing folder is an internal error", "[files]") {
  TempDir dir;
  CHECK_THROWS_AS(ownercare::FileLock(dir / "missing" / "run.lock"), ownercare::InternalError);
}

// --- modes whatever the umask, links, processes (issue 8, points 4 to 6) ---------------------

#ifndef _WIN32
namespace {

// Sets the process's umask for one test and puts the old one back.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

unsigned link_permissions(const std::filesystem::path& path) {
  struct stat status {};
  REQUIRE(::lstat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}

}  // namespace

TEST_CASE("files: under umask 000 shared files are 0644 and owner-only files 0600", "[files]") {
  TempDir dir;
  ScopedUmask mask(0);
  ownercare::write_file_atomically(dir / "handoff.csv", "x");
  ownercare::write_new_file(dir / "delist.csv", "x");
  ownercare::write_file_atomically(dir / "sms.csv", "x", FileAccess::owner_only);
  CHECK(permissions(dir / "handoff.csv") == 0644);
  CHECK(permissions(dir / "delist.csv") == 0644);
  CHECK(permissions(dir / "sms.csv") == 0600);
}

TEST_CASE("files: a umask narrower than the mode still narrows it", "[files]") {
  TempDir dir;
  ScopedUmask mask(077);
  ownercare::write_file_atomically(dir / "handoff.csv", "x");
  ownercare::create_folders(dir / "out");
  CHECK(permissions(dir / "handoff.csv") == 0600);
  CHECK(permissions(dir / "out") == 0700);
}

TEST_CASE("files: create_folders makes every missing folder 0755 under umask 000", "[files]") {
  TempDir dir;
  ScopedUmask mask(0);
  ownercare::create_folders(dir / "a" / "b" / "c");
  CHECK(std::filesystem::is_directory(dir / "a/b/c"));
  CHECK(permissions(dir / "a") == 0755);
  CHECK(permissions(dir / "a/b") == 0755);
  CHECK(permissions(dir / "a/b/c") == 0755);
}

TEST_CASE("files: create_folders owner_only makes the last folder 0700 under umask 000",
          "[files]") {
  TempDir dir;
  ScopedUmask mask(0);
  ownercare::create_folders(dir / "a" / "b" / "done", FileAccess::owner_only);
  CHECK(permissions(dir / "a") == 0755);
  CHECK(permissions(dir / "a/b") == 0755);
  CHECK(permissions(dir / "a/b/done") == 0700);
}

TEST_CASE("files: create_folders owner_only leaves an existing folder's mode alone",
          "[files]") {
  // The database's folder may be one others share (/srv/ownercare): only a folder this run
  // creates is made owner-only.
  TempDir dir;
  ScopedUmask mask(0);
  ownercare::create_folders(dir / "srv");
  ownercare::create_folders(dir / "srv", FileAccess::owner_only);
  CHECK(permissions(dir / "srv") == 0755);
}

TEST_CASE("files: create_folders leaves an existing folder's mode alone", "[files]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "out");
  std::filesystem::permissions(dir / "out", std::filesystem::perms::owner_all);
  ownercare::create_folders(dir / "out");
  CHECK(permissions(dir / "out") == 0700);
}

TEST_CASE("files: create_folders of an empty path is the current folder, there already",
          "[files]") {
  // The parent of a bare file name ("nightly.log" beside "ownercare.db") is empty.
  CHECK_NOTHROW(ownercare::create_folders(std::filesystem::path("nightly.log").parent_path()));
}

TEST_CASE("files: create_folders with a file in the way names it", "[files]") {
  TempDir dir;
  write_text(dir / "out", "a file");
  auto path = dir / "out" / "2026-03-01";
  CHECK_THROWS_MATCHES(ownercare::create_folders(path), ownercare::InternalError,
                       Catch::Message((dir / "out").string() +
                                      ": cannot create the folder: File exists"));
}

TEST_CASE("files: a lock file is created 0600 under umask 000", "[files]") {
  TempDir dir;
  ScopedUmask mask(0);
  ownercare::FileLock lock(dir / "run.lock");
  CHECK(lock.created());
  CHECK(permissions(dir / "run.lock") == 0600);
}

TEST_CASE("files: an old lock file writable by others is narrowed to 0600", "[files]") {
  TempDir dir;
  write_text(dir / "run.lock", "");
  std::filesystem::permissions(dir / "run.lock", std::filesystem::perms::all);
  ownercare::FileLock lock(dir / "run.lock");
  CHECK_FALSE(lock.created());
  CHECK(permissions(dir / "run.lock") == 0600);
}

TEST_CASE("files: a lock refuses a symbolic link at its path and leaves its target alone",
          "[files]") {
  TempDir dir;
  write_text(dir / "victim.txt", "keep");
  std::filesystem::create_symlink(dir / "victim.txt", dir / "run.lock");
  auto path = dir / "run.lock";
  CHECK_THROWS_MATCHES(ownercare::FileLock(path), ownercare::InternalError,
                       Catch::Message(path.string() +
                                      ": the lock file is a symbolic link; ownercare does not "
                                      "follow it (remove it if no ownercare run is using it)"));
  CHECK(read_text(dir / "victim.txt") == "keep");
  CHECK(link_permissions(dir / "victim.txt") != 0600);
}

TEST_CASE("files: a lock refuses a dangling symbolic link and creates nothing", "[files]") {
  TempDir dir;
  std::filesystem::create_symlink(dir / "planted", dir / "run.lock");
  CHECK_THROWS_AS(ownercare::FileLock(dir / "run.lock"), ownercare::InternalError);
  CHECK_FALSE(std::filesystem::exists(dir / "planted"));
}

TEST_CASE("files: a lock's messages name the path given to show", "[files]") {
  TempDir dir;
  ownercare::FileLock first(dir / "run.lock");
  CHECK_THROWS_MATCHES(ownercare::FileLock(dir / "run.lock", "shown.lock"), ownercare::LockError,
                       Catch::Message("shown.lock is locked by another run"));
}

TEST_CASE("files: removing a lock deletes its file and releases it", "[files]") {
  TempDir dir;
  ownercare::FileLock lock(dir / "run.lock");
  lock.remove();
  CHECK_FALSE(std::filesystem::exists(dir / "run.lock"));
  CHECK_NOTHROW(ownercare::FileLock(dir / "run.lock"));
}

TEST_CASE("files: create_private_file makes an empty 0600 file and refuses what exists",
          "[files]") {
  TempDir dir;
  ScopedUmask mask(0);
  ownercare::create_private_file(dir / "ownercare.db");
  CHECK(permissions(dir / "ownercare.db") == 0600);
  CHECK(std::filesystem::file_size(dir / "ownercare.db") == 0);
  CHECK_THROWS_AS(ownercare::create_private_file(dir / "ownercare.db"), ownercare::InternalError);
  std::filesystem::create_symlink(dir / "elsewhere.db", dir / "link.db");
  CHECK_THROWS_AS(ownercare::create_private_file(dir / "link.db"), ownercare::InternalError);
  CHECK_FALSE(std::filesystem::exists(dir / "elsewhere.db"));
}

TEST_CASE("files: make_owner_only takes the group's and others' bits off", "[files]") {
  TempDir dir;
  write_text(dir / "ownercare.db", "x");
  std::filesystem::permissions(dir / "ownercare.db", std::filesystem::perms::all);
  CHECK(ownercare::make_owner_only(dir / "ownercare.db"));
  CHECK(permissions(dir / "ownercare.db") == 0600);
  CHECK_FALSE(ownercare::make_owner_only(dir / "ownercare.db"));  // already
  CHECK_FALSE(ownercare::make_owner_only(dir / "missing.db"));
}

TEST_CASE("files: make_owner_only does not follow a symbolic link", "[files]") {
  TempDir dir;
  write_text(dir / "target", "x");
  std::filesystem::permissions(dir / "target", std::filesystem::perms::all);
  std::filesystem::create_symlink(dir / "target", dir / "link");
  CHECK_FALSE(ownercare::make_owner_only(dir / "link"));
  CHECK(permissions(dir / "target") == 0777);
}

TEST_CASE("files: a running process exists, an ended one does not", "[files]") {
  CHECK(ownercare::process_exists(static_cast<unsigned long>(::getpid())));
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  CHECK_FALSE(ownercare::process_exists(static_cast<unsigned long>(child)));
  CHECK_FALSE(ownercare::process_exists(0));
}
#endif

// Symbolic links: not on Windows, where creating one needs developer mode or an
// administrator, and Wine cannot create one at all.
#ifndef _WIN32
TEST_CASE("files: resolve_links follows a link to the file it names", "[files]") {
  TempDir dir;
  auto real = std::filesystem::canonical(dir.path());
  write_text(dir / "data" / "ownercare.db", "x");
  std::filesystem::create_symlink("data/ownercare.db", dir / "link.db");
  CHECK(ownercare::resolve_links(dir / "link.db") == real / "data" / "ownercare.db");
  std::filesystem::create_directory_symlink("data", dir / "alias");
  CHECK(ownercare::resolve_links(dir / "alias" / "ownercare.db") ==
        real / "data" / "ownercare.db");
}

TEST_CASE("files: resolve_links names a file not created yet by its real folder", "[files]") {
  TempDir dir;
  auto real = std::filesystem::canonical(dir.path());
  std::filesystem::create_directory(dir / "data");
  std::filesystem::create_directory_symlink("data", dir / "alias");
  CHECK(ownercare::resolve_links(dir / "alias" / "new.db") == real / "data" / "new.db");
  std::filesystem::create_symlink("data/target.db", dir / "dangling.db");
  CHECK(ownercare::resolve_links(dir / "dangling.db") == real / "data" / "target.db");
}

TEST_CASE("files: resolve_links refuses a loop of links", "[files]") {
  TempDir dir;
  std::filesystem::create_symlink("b", dir / "a");
  std::filesystem::create_symlink("a", dir / "b");
  CHECK_THROWS_AS(ownercare::resolve_links(dir / "a"), ownercare::InternalError);
}

TEST_CASE("files: same_file sees one file through links, .. and hard links", "[files]") {
  TempDir dir;
  write_text(dir / "in" / "fleet.csv", "x");
  std::filesystem::create_symlink("in/fleet.csv", dir / "link.csv");
  std::filesystem::create_hard_link(dir / "in" / "fleet.csv", dir / "hard.csv");
  CHECK(ownercare::same_file(dir / "in" / "fleet.csv", dir / "link.csv"));
  CHECK(ownercare::same_file(dir / "in" / "fleet.csv", dir / "in" / ".." / "in" / "fleet.csv"));
  CHECK(ownercare::same_file(dir / "in" / "fleet.csv", dir / "hard.csv"));
  write_text(dir / "other.csv", "x");
  CHECK_FALSE(ownercare::same_file(dir / "in" / "fleet.csv", dir / "other.csv"));
  CHECK_FALSE(ownercare::same_file(dir / "in" / "fleet.csv", dir / "missing.csv"));
  CHECK(ownercare::same_file(dir / "missing.csv", dir / "in" / ".." / "missing.csv"));
}
#endif

TEST_CASE("files: within tells a path inside a folder from one beside it", "[files]") {
  TempDir dir;
  write_text(dir / "out" / "2026-03-01" / "ownercare.db", "x");
  CHECK(ownercare::within(dir / "out" / "2026-03-01" / "ownercare.db", dir / "out" / "2026-03-01"));
  CHECK(ownercare::within(dir / "out" / "2026-03-01", dir / "out" / "2026-03-01"));
  CHECK_FALSE(ownercare::within(dir / "out" / "2026-03-010", dir / "out" / "2026-03-01"));
  CHECK_FALSE(ownercare::within(dir / "out", dir / "out" / "2026-03-01"));
}
