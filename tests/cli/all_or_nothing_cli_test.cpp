// ownercare-evaluate is all or nothing (issue 8, point 4): an evaluation that cannot write its
// folder exits non-zero with nothing of the night stored, so the next run of the date creates
// the tasks and writes the files; a folder left by a killed run (OUT/.DATE.tmp-PID,
// OUT/.DATE.old-PID) is removed by the next evaluation once its process is gone, and a
// stored night whose folder never appeared is pointed out.
#include <catch2/catch.hpp>

#ifdef _WIN32
#include <windows.h>
#include <process.h>
#else
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

// FC1 went offline today: one d0 SMS on 2026-03-01.
std::string one_vehicle_snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01")});
}

// The summary line of a first evaluation of 2026-03-01 (a rerun adds "written again").
constexpr const char* kFirstRun =
    "2026-03-01: 1 sms, 0 calls, 0 hand-offs, 0 delistings -> out/2026-03-01\n";

#ifdef _WIN32
// The id of a process that has ended: a tool run to its end (`--version`).
long ended_process_id() {
  std::wstring command_line = L"ownercare-rules --version";
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  std::string errors;
  if (!create_process(tool_path("ownercare-rules").c_str(), command_line, false, nullptr, startup,
                      process, errors))
    throw std::runtime_error("cannot run ownercare-rules (error " + errors + ")");
  WaitForSingleObject(process.hProcess, INFINITE);
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  return static_cast<long>(process.dwProcessId);
}
long current_process_id() { return _getpid(); }
#else
// The pid of a process that has ended.
pid_t ended_process_id() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}
pid_t current_process_id() { return ::getpid(); }
#endif

}  // namespace

TEST_CASE("an --out that is a file exits 2 and stores nothing of the night",
          "[cli][evaluate][all-or-nothing]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", one_vehicle_snapshot()));
  ws.write("out", "not a folder\n");
  auto failed = ws.evaluate("2026-03-01");
  CHECK(failed.exit_code == 2);
  CHECK(failed.out.empty());
  CHECK(failed.err == "ownercare-evaluate: error: --out out is a file, not a folder\n");
  CHECK(ws.read("out") == "not a folder\n");

  fs::remove(ws / "out");
  auto again = ws.evaluate("2026-03-01");
  CHECK(again.exit_code == 0);
  CHECK(again.out == kFirstRun);  // a first run: the failed one stored nothing
  CHECK(read_csv(ws / "out/2026-03-01/sms.csv").size() == 2);
}

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("a dangling symbolic link at OUT/DATE exits 2 and stores nothing of the night",
          "[cli][evaluate][all-or-nothing][posix]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", one_vehicle_snapshot()));
  fs::create_directory(ws / "out");
  fs::create_symlink("nowhere", ws / "out/2026-03-01");
  auto failed = ws.evaluate("2026-03-01");
  CHECK(failed.exit_code == 2);
  CHECK(failed.out.empty());
  CHECK(failed.err ==
        "ownercare-evaluate: error: out/2026-03-01 exists and is not a folder (a symbolic link "
        "or a file); ownercare-evaluate replaces OUT/DATE whole: remove it or choose another "
        "--out\n");
  CHECK(fs::is_symlink(ws / "out/2026-03-01"));
  CHECK(folder_entries(ws / "out") == std::vector<std::string>{"2026-03-01"});

  fs::remove(ws / "out/2026-03-01");
  auto again = ws.evaluate("2026-03-01");
  CHECK(again.exit_code == 0);
  CHECK(again.out == kFirstRun);
}

TEST_CASE("an output folder that cannot be created exits 1 and stores nothing of the night",
          "[cli][evaluate][all-or-nothing]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", one_vehicle_snapshot()));
  // Nobody, not even root, can make a folder in /proc: the files fail after the night was
  // computed, as on a full disk.
  auto failed = ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules",
                                              (source_dir() / "rules").string(), "--as-of",
                                              "2026-03-01", "--out", "/proc/ownercare-out"});
  CHECK(failed.exit_code == 1);
  CHECK(failed.out.empty());
  CHECK_THAT(failed.err, Catch::StartsWith("ownercare-evaluate: error: /proc/ownercare-out: "
                                           "cannot create the folder: "));
  CHECK(split_lines(failed.err).size() == 1);

  auto again = ws.evaluate("2026-03-01");
  CHECK(again.exit_code == 0);
  CHECK(again.out == kFirstRun);
  CHECK(parse_csv(ws.export_table("tasks").out).size() == 2);
}

TEST_CASE("folders left by a killed evaluation are removed by the next one",
          "[cli][evaluate][all-or-nothing]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", one_vehicle_snapshot()));
  auto dead = std::to_string(ended_process_id());
  auto alive = std::to_string(current_process_id());
  const std::vector<std::string> names = {
      ".2026-02-27.tmp-" + dead, ".2026-02-27.old-" + dead, ".2026-02-27.tmp-" + alive,
      ".notes.tmp-" + dead, ".2026-02-27.tmp-" + dead + "x"};
  for (const auto& name : names) {
    ws.write("out/" + name + "/sms.csv", "task_id\n");
  }
  auto result = ws.evaluate("2026-03-01");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  // Only folders of that exact name whose process is gone; a live run's folder is its own.
  // Sorted as folder_entries() sorts: which id sorts first depends on the system's numbering.
  std::vector<std::string> kept = {".2026-02-27.tmp-" + alive, ".2026-02-27.tmp-" + dead + "x",
                                   ".notes.tmp-" + dead, "2026-03-01"};
  std::sort(kept.begin(), kept.end());
  CHECK(folder_entries(ws / "out") == kept);
}

TEST_CASE("a stored night whose folder a killed run never put in place is pointed out",
          "[cli][evaluate][all-or-nothing]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", one_vehicle_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  // A run killed between the commit and the rename leaves its temporary folder and no
  // OUT/DATE.
  auto dead = std::to_string(ended_process_id());
  fs::rename(ws / "out/2026-03-01", ws / ("out/.2026-03-01.tmp-" + dead));
  require_success(ws.import_fleet("2026-03-02", one_vehicle_snapshot()));
  auto next = ws.evaluate("2026-03-02");
  CHECK(next.exit_code == 0);
  CHECK(next.err ==
        "ownercare-evaluate: warning: out/2026-03-01 is missing although 2026-03-01 was "
        "evaluated (a run stopped between storing the night and putting its folder in place): "
        "run ownercare-evaluate --as-of 2026-03-01 again to write its files\n");
  CHECK(folder_entries(ws / "out") == std::vector<std::string>{"2026-03-02"});

  auto rerun = ws.evaluate("2026-03-01");
  CHECK(rerun.exit_code == 0);
  CHECK(rerun.out ==
        "2026-03-01: 1 sms, 0 calls, 0 hand-offs, 0 delistings (written again from the first "
        "run) -> out/2026-03-01\n");
}

}  // namespace ownercare::test
