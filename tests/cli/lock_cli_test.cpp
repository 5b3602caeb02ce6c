// One lock per database file (issue 8, point 6): the lock is taken beside the real database
// file, whatever path or symbolic link names it, so a run through a link waits for (exit 5)
// a run through the real path; a symbolic link planted at the lock's path is never followed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

std::string snapshot(int status) {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", status)});
}

RunResult import_into(const Workspace& ws, const std::string& db, const std::string& date,
                      int status) {
  std::string file = "fleet-" + date + ".csv";
  ws.write(file, snapshot(status));
  return ws.run("ownercare-import",
                {"--db", db, "--kind", "fleet", "--as-of", date, file});
}

}  // namespace

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("an import through a symbolic link waits for a run holding the real database's lock",
          "[cli][lock][posix]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot(1)));
  fs::create_symlink("ownercare.db", ws / "link.db");
  auto real_lock = fs::canonical(ws.path()) / "ownercare.db.lock";
  HeldLock night(ws / "ownercare.db.lock");
  auto result = import_into(ws, "link.db", "2026-03-02", -1);
  CHECK(result.exit_code == 5);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: " + real_lock.string() + " is locked by another run\n");
  CHECK_FALSE(fs::exists(ws / "link.db.lock"));
}

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("a run through the real path waits for one that locked through a symbolic link",
          "[cli][lock][posix]") {
  Workspace ws;
  fs::create_directory(ws / "data");
  require_success(import_into(ws, "data/ownercare.db", "2026-03-01", 1));
  fs::create_directory_symlink("data", ws / "alias");
  // The lock a run through alias/ takes is data/ownercare.db.lock, the same file.
  HeldLock night(ws / "alias/ownercare.db.lock");
  auto result = import_into(ws, "data/ownercare.db", "2026-03-02", -1);
  CHECK(result.exit_code == 5);
  CHECK(result.err ==
        "ownercare-import: error: data/ownercare.db.lock is locked by another run\n");
}

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("a first import through a dangling symbolic link locks and creates the target",
          "[cli][lock][posix]") {
  Workspace ws;
  fs::create_directory(ws / "data");
  fs::create_symlink("data/real.db", ws / "link.db");
  require_success(import_into(ws, "link.db", "2026-03-01", 1));
  CHECK(fs::is_regular_file(ws / "data/real.db"));
  CHECK(fs::exists(ws / "data/real.db.lock"));
  CHECK_FALSE(fs::exists(ws / "link.db.lock"));
}

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("a symbolic link at the lock's path is refused, not followed", "[cli][lock][posix]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot(1)));
  fs::remove(ws / "ownercare.db.lock");
  ws.write("victim.txt", "keep me\n");
  fs::create_symlink("victim.txt", ws / "ownercare.db.lock");
  auto result = ws.import_fleet("2026-03-02", snapshot(-1));
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: ownercare.db.lock: the lock file is a symbolic link; "
        "ownercare does not follow it (remove it if no ownercare run is using it)\n");
  CHECK(ws.read("victim.txt") == "keep me\n");
  // Nothing was imported.
  CHECK(parse_csv(ws.export_table("imports").out).size() == 2);
}

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("a dangling symbolic link at the lock's path creates nothing where it points",
          "[cli][lock][posix]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot(1)));
  fs::remove(ws / "ownercare.db.lock");
  fs::create_symlink("planted.txt", ws / "ownercare.db.lock");
  auto result = ws.evaluate("2026-03-01");
  CHECK(result.exit_code == 1);
  CHECK_FALSE(fs::exists(ws / "planted.txt"));
  CHECK_FALSE(fs::exists(ws / "out"));
}

}  // namespace ownercare::test
