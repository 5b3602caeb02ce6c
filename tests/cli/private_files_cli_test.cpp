// Private files whatever the umask (issue 8, point 5; SPEC 6.14): every tool run under
// `umask 000` creates the database, its -wal and -shm, the lock and every file holding a name
// or phone 0600, the other files 0644 and its folders 0755, so nothing is group- or
// world-writable; a writing tool makes an existing database that others can read owner-only.
// POSIX only: these are mode bits and the umask, which Windows has not (there a new file takes
// its folder's access list; see the README's Windows section).
#ifndef _WIN32

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

// The permission bits of a path, not following a symbolic link.
unsigned mode_of(const fs::path& path) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) return 07777;  // missing: matches no mode
  return status.st_mode & 07777;
}

// Runs a tool with `umask 000`, as a careless crontab or service unit would.
RunResult run_with_umask_000(const Workspace& ws, const std::string& tool,
                             const std::vector<std::string>& args) {
  std::string command = "umask 000 && " + shell_quote(tool_path(tool).string());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  return ws.shell(command + " </dev/null");
}

// FC1 offline today (d0 SMS), FC2 four days ago (d4 call), FC3 31 days ago (hand-off), and a
// row with an invalid status (a rejects file).
std::string snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                    fleet_row("FC2", "京Q58K21", "李娜", "13912340002", -1, "2026-02-25"),
                    fleet_row("FC3", "沪A7D352", "王强", "13712340003", -1, "2026-01-29"),
                    fleet_row("FC4", "沪B39F07", "刘洋", "15012340004", 1),
                    fleet_row("FC5", "沪B39F08", "刘洋", "15012340005", 1),
                    fleet_row("FC6", "沪B39F09", "刘洋", "15012340006", 1),
                    fleet_row("FC7", "沪B39F10", "刘洋", "15012340007", 1),
                    fleet_row("FC8", "沪B39F11", "刘洋", "15012340008", 1),
                    fleet_row("FC9", "沪B39F12", "刘洋", "15012340009", 1),
                    fleet_row("FC10", "沪B39F13", "刘洋", "15012340010", 1),
                    "FC11,沪B39F14,刘洋,15012340011,北京,7,,,,"});
}

}  // namespace

TEST_CASE("under umask 000 every tool creates private files and nothing writable by others",
          "[cli][private-files]") {
  Workspace ws;
  const std::string rules = (source_dir() / "rules").string();
  ws.write("fleet-2026-03-01.csv", snapshot());
  require_success(run_with_umask_000(ws, "ownercare-import",
                                     {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                      "2026-03-01", "fleet-2026-03-01.csv"}));
  {
    // A connection of our own keeps the -wal and -shm files the tools open after they exit.
    SQLite::Database reader((ws / "ownercare.db").string(), SQLite::OPEN_READWRITE);
    reader.exec("SELECT count(*) FROM sqlite_master");
    require_success(run_with_umask_000(ws, "ownercare-evaluate",
                                       {"--db", "ownercare.db", "--rules", rules, "--as-of",
                                        "2026-03-01", "--out", "out"}));
    auto sms = read_csv(ws / "out/2026-03-01/sms.csv");
    REQUIRE(sms.size() == 2);
    ws.write("outcomes.csv", "task_id,result\n" + sms[1][0] + ",delivered\nT0,delivered\n");
    // One bad line of two: refused whole, but its rejects file is written.
    run_with_umask_000(ws, "ownercare-record",
                       {"--db", "ownercare.db", "--as-of", "2026-03-02", "outcomes.csv"});
    REQUIRE(fs::exists(ws / "outcomes.rejects.csv"));
    require_success(run_with_umask_000(ws, "ownercare-export",
                                       {"--db", "ownercare.db", "--out", "tasks.csv", "tasks"}));
    require_success(run_with_umask_000(ws, "ownercare-report",
                                       {"--db", "ownercare.db", "--as-of", "2026-03-02",
                                        "--format", "csv", "--out", "reports/2026-03-02"}));
    CHECK(mode_of(ws / "ownercare.db-wal") == 0600);
    CHECK(mode_of(ws / "ownercare.db-shm") == 0600);
  }

  const std::map<std::string, unsigned> expected = {
      {"ownercare.db", 0600},
      {"ownercare.db.lock", 0600},
      {"fleet-2026-03-01.rejects.csv", 0600},
      {"outcomes.rejects.csv", 0600},
      {"out", 0755},
      {"out/2026-03-01", 0755},
      {"out/2026-03-01/sms.csv", 0600},
      {"out/2026-03-01/calls.csv", 0600},
      {"out/2026-03-01/summary.json", 0600},
      {"out/2026-03-01/handoff.csv", 0644},
      {"out/2026-03-01/delist.csv", 0644},
      {"tasks.csv", 0600},
      {"reports", 0755},
      {"reports/2026-03-02", 0755},
      {"reports/2026-03-02/meeting.csv", 0600},
      {"reports/2026-03-02/callbacks.csv", 0644},
  };
  for (const auto& [name, mode] : expected) {
    INFO(name);
    CHECK(mode_of(ws / name) == mode);
  }
  // And nothing at all that a tool created is writable by group or others.
  const std::set<std::string> inputs = {"fleet-2026-03-01.csv", "outcomes.csv"};
  for (const auto& entry : fs::recursive_directory_iterator(ws.path())) {
    auto name = fs::relative(entry.path(), ws.path()).string();
    if (inputs.count(name)) continue;
    INFO(name);
    CHECK((mode_of(entry.path()) & 022) == 0);
  }
}

TEST_CASE("a writing tool makes an existing database that others can read owner-only",
          "[cli][private-files]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot()));
  fs::permissions(ws / "ownercare.db", fs::perms::owner_read | fs::perms::owner_write |
                                           fs::perms::group_read | fs::perms::others_read);
  ws.write("ownercare.db-journal", "");
  fs::permissions(ws / "ownercare.db-journal", fs::perms::all);
  require_success(ws.evaluate("2026-03-01"));
  CHECK(mode_of(ws / "ownercare.db") == 0600);
  CHECK(mode_of(ws / "ownercare.db-journal") == 0600);
}

TEST_CASE("a reading tool leaves the database's mode alone", "[cli][private-files]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot()));
  fs::permissions(ws / "ownercare.db", fs::perms::owner_read | fs::perms::owner_write |
                                           fs::perms::group_read);
  require_success(ws.export_table("vehicles"));
  CHECK(mode_of(ws / "ownercare.db") == 0640);
}

}  // namespace ownercare::test

#endif  // _WIN32
