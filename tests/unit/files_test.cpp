#include "ownercare/core/files.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#ifndef _WIN32
#include <sys/stat.h>
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
