// Paths that would destroy an input (issue 8, point 9): a rejects file, an output folder or
// file, or a report folder that is the same file as an input of the run (the snapshot, the
// outcomes file, the database, the rules) is refused with exit 2 before anything is touched;
// and a first import that fails leaves no database (nor -wal, -shm or lock file) behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

// Ten vehicles and one row with an invalid status: imported, with one rejected row.
std::string snapshot_with_a_bad_row() {
  std::vector<std::string> rows;
  for (int i = 1; i <= 10; ++i) {
    rows.push_back(fleet_row("FC" + std::to_string(i), "京N1234" + std::to_string(i % 10),
                             "张伟", "1381234000" + std::to_string(i % 10), 1));
  }
  rows.push_back("FC99,京N99999,李娜,13912340099,北京,7,,,,");
  return fleet_csv(rows);
}

RunResult import(const Workspace& ws, const std::vector<std::string>& extra,
                 const std::string& file = "fleet.csv") {
  std::vector<std::string> args = {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                    "2026-03-01"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file);
  return ws.run("ownercare-import", args);
}

}  // namespace

TEST_CASE("--rejects naming the snapshot itself exits 2 and leaves the snapshot alone",
          "[cli][paths]") {
  Workspace ws;
  auto csv = snapshot_with_a_bad_row();
  ws.write("fleet.csv", csv);
  auto result = import(ws, {"--rejects", "fleet.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: the rejects file fleet.csv is the same file as the snapshot "
        "fleet.csv: it would be overwritten\n");
  CHECK(ws.read("fleet.csv") == csv);
  CHECK(folder_entries(ws.path()) == std::vector<std::string>{"fleet.csv"});
}

// [posix]: symbolic links, which Wine cannot create (and Windows only for administrators).
TEST_CASE("--rejects reaching the snapshot through another path or a link exits 2",
          "[cli][paths][posix]") {
  Workspace ws;
  auto csv = snapshot_with_a_bad_row();
  ws.write("inbox/fleet.csv", csv);
  fs::create_symlink("inbox/fleet.csv", ws / "link.csv");
  auto through_folder = import(ws, {"--rejects", "inbox/../inbox/fleet.csv"}, "inbox/fleet.csv");
  CHECK(through_folder.exit_code == 2);
  auto through_link = import(ws, {"--rejects", "link.csv"}, "inbox/fleet.csv");
  CHECK(through_link.exit_code == 2);
  CHECK(through_link.err ==
        "ownercare-import: error: the rejects file link.csv is the same file as the snapshot "
        "inbox/fleet.csv: it would be overwritten\n");
  CHECK(ws.read("inbox/fleet.csv") == csv);
}

TEST_CASE("--rejects naming the database exits 2 and leaves the database alone", "[cli][paths]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot_with_a_bad_row()));
  auto before = ws.read("ownercare.db");
  ws.write("fleet.csv", snapshot_with_a_bad_row());
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "fleet",
                                            "--as-of", "2026-03-02", "--rejects",
                                            "ownercare.db", "fleet.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-import: error: the rejects file ownercare.db is the same file as the "
        "database ownercare.db: it would be overwritten\n");
  CHECK(ws.read("ownercare.db") == before);
}

TEST_CASE("record --rejects naming the outcomes file exits 2", "[cli][paths]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot_with_a_bad_row()));
  const std::string outcomes = "task_id,result\nT0,delivered\n";
  ws.write("outcomes.csv", outcomes);
  auto result = ws.run("ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-03-02",
                                            "--rejects", "outcomes.csv", "outcomes.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-record: error: the rejects file outcomes.csv is the same file as the "
        "outcomes file outcomes.csv: it would be overwritten\n");
  CHECK(ws.read("outcomes.csv") == outcomes);
}

TEST_CASE("an output folder OUT/DATE holding the database exits 2 and keeps the database",
          "[cli][paths]") {
  Workspace ws;
  fs::create_directories(ws / "out/2026-03-01");
  ws.write("fleet.csv", snapshot_with_a_bad_row());
  require_success(ws.run("ownercare-import", {"--db", "out/2026-03-01/ownercare.db", "--kind",
                                              "fleet", "--as-of", "2026-03-01", "fleet.csv"}));
  auto result = ws.run("ownercare-evaluate", {"--db", "out/2026-03-01/ownercare.db", "--rules",
                                              (source_dir() / "rules").string(), "--as-of",
                                              "2026-03-01", "--out", "out"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-evaluate: error: the output folder out/2026-03-01 holds the database "
        "out/2026-03-01/ownercare.db; ownercare-evaluate replaces that folder whole: choose "
        "another --out\n");
  CHECK(fs::exists(ws / "out/2026-03-01/ownercare.db"));
}

TEST_CASE("an output folder OUT/DATE that is the rules folder exits 2", "[cli][paths]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot_with_a_bad_row()));
  ws.copy_rules("out/2026-03-01");
  auto result = ws.run("ownercare-evaluate", {"--db", "ownercare.db", "--rules",
                                              "out/2026-03-01", "--as-of", "2026-03-01",
                                              "--out", "out"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-evaluate: error: the output folder out/2026-03-01 holds the rules folder "
        "out/2026-03-01; ownercare-evaluate replaces that folder whole: choose another --out\n");
  CHECK(fs::exists(ws / "out/2026-03-01/policy.toml"));
}

TEST_CASE("export --out naming the database exits 2 and leaves the database alone",
          "[cli][paths]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot_with_a_bad_row()));
  auto before = ws.read("ownercare.db");
  auto result = ws.export_table("vehicles", {"--out", "ownercare.db"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-export: error: --out ownercare.db is the same file as the database "
        "ownercare.db: it would be overwritten\n");
  CHECK(ws.read("ownercare.db") == before);
}

TEST_CASE("report --out naming the database exits 2", "[cli][paths]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot_with_a_bad_row()));
  auto result = ws.run("ownercare-report", {"--db", "ownercare.db", "--as-of", "2026-03-01",
                                            "--format", "csv", "--out", "ownercare.db"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-report: error: --out ownercare.db is the same file as the database "
        "ownercare.db: it would be overwritten\n");
}

TEST_CASE("a first import that is refused leaves no database behind", "[cli][paths]") {
  Workspace ws;
  // No status column: refused (exit 3) after the database was opened.
  ws.write("fleet.csv", "vehicle_id,plate,owner_phone,city\nFC1,京N12346,13812340001,北京\n");
  auto result = import(ws, {});
  CHECK(result.exit_code == 3);
  CHECK(folder_entries(ws.path()) == std::vector<std::string>{"fleet.csv"});
}

TEST_CASE("a first import with too many invalid rows leaves its rejects file and no database",
          "[cli][paths]") {
  Workspace ws;
  ws.write("fleet.csv", fleet_csv({"FC1,京N12346,张伟,13812340001,北京,7,,,,"}));
  auto result = import(ws, {});
  CHECK(result.exit_code == 3);
  CHECK(folder_entries(ws.path()) ==
        std::vector<std::string>{"fleet.csv", "fleet.rejects.csv"});
}

TEST_CASE("a refused import into an existing database keeps it", "[cli][paths]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot_with_a_bad_row()));
  ws.write("fleet.csv", "vehicle_id,plate,owner_phone,city\nFC1,京N12346,13812340001,北京\n");
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "fleet",
                                            "--as-of", "2026-03-02", "fleet.csv"});
  CHECK(result.exit_code == 3);
  CHECK(ws.exists("ownercare.db"));
  CHECK(ws.exists("ownercare.db.lock"));
}

}  // namespace ownercare::test
