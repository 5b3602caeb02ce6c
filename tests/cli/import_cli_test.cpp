// ownercare-import run for real: the summary line, stdin, the refusals (missing file, missing
// column, backdated, too many invalid rows, mass disappearance, lock) with their exit codes and
// exact messages, and the rejects file (where it goes, its mode, what it says). "Nothing was
// imported" is checked from the outside, with ownercare-export.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// Vehicles V01..Vn, each with its own mobile, all in `status` (no status_since).
std::vector<std::string> numbered_rows(int count, int status) {
  std::vector<std::string> rows;
  for (int i = 1; i <= count; ++i) {
    rows.push_back(fleet_row(fmt::format("V{:02}", i), fmt::format("京A1{:04}", i),
                             fmt::format("车主{}", i), fmt::format("1381234{:04}", i), status));
  }
  return rows;
}

}  // namespace

TEST_CASE("a good snapshot prints one summary line on stdout and nothing on stderr",
          "[cli][import]") {
  Workspace ws;
  ws.write("fleet.csv",
           fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                      fleet_row("FC2", "京Q58K21", "李娜", "13912340002", 0),
                      fleet_row("FC3", "沪A7D352", "王强", "13712340003", 1)}));
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                            "2026-03-01", "fleet.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "fleet.csv: fleet 2026-03-01: 3 rows, 3 new, 0 changed, 0 unchanged, 0 gone, 0 back, 0 "
        "rejected; episodes 2 opened, 0 closed\n");
  CHECK(result.err.empty());
  CHECK_FALSE(ws.exists("fleet.rejects.csv"));
}

TEST_CASE("import -q prints nothing and still imports", "[cli][import]") {
  Workspace ws;
  auto result = ws.import_fleet(
      "2026-03-01", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1)}), {"-q"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  auto vehicles = parse_csv(ws.export_table("vehicles").out);
  REQUIRE(vehicles.size() == 2);
  CHECK(vehicles[1][0] == "FC1");
}

TEST_CASE("import - reads the snapshot from stdin", "[cli][import]") {
  Workspace ws;
  auto result = ws.run("ownercare-import",
                       {"--db", "ownercare.db", "--kind", "fleet", "--as-of", "2026-03-01", "-"},
                       fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1)}));
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "<stdin>: fleet 2026-03-01: 1 row, 1 new, 0 changed, 0 unchanged, 0 gone, 0 back, 0 "
        "rejected; episodes 1 opened, 0 closed\n");
  CHECK(result.err.empty());
  CHECK(parse_csv(ws.export_table("vehicles").out).size() == 2);
}

TEST_CASE("the same snapshot imported again changes nothing and says so", "[cli][import]") {
  Workspace ws;
  auto csv = fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1)});
  require_success(ws.import_fleet("2026-03-01", csv));
  auto again = ws.import_fleet("2026-03-01", csv);
  CHECK(again.exit_code == 0);
  CHECK(again.out == "fleet-2026-03-01.csv: fleet 2026-03-01: already imported, nothing changed\n");
  CHECK(again.err.empty());
  CHECK(parse_csv(ws.export_table("imports").out).size() == 2);  // header + the first import
}

TEST_CASE("a snapshot file that does not exist exits 3 naming it", "[cli][import]") {
  Workspace ws;
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                            "2026-03-01", "missing.csv"});
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: missing.csv: cannot open (No such file or directory)\n");
}

TEST_CASE("a snapshot missing a required column exits 3 with the header line and the column",
          "[cli][import]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01",
                                "vehicle_id,plate,owner_phone,city\nFC1,京N12346,13812340001,北京\n");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: fleet-2026-03-01.csv:1: missing required column \"status\" "
        "(also accepted: 状态, 出租状态, 租赁状态, 车辆状态)\n");
}

TEST_CASE("every missing column is listed, each on its own line", "[cli][import]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01", "vehicle_id,city\nFC1,北京\n");
  CHECK(result.exit_code == 3);
  auto lines = split_lines(result.err);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Catch::StartsWith("ownercare-import: error: fleet-2026-03-01.csv:1: "
                                         "missing required column \"plate\""));
  CHECK_THAT(lines[1], Catch::StartsWith("ownercare-import: error: fleet-2026-03-01.csv:1: "
                                         "missing required column \"owner_phone\""));
  CHECK_THAT(lines[2], Catch::StartsWith("ownercare-import: error: fleet-2026-03-01.csv:1: "
                                         "missing required column \"status\""));
}

TEST_CASE("a snapshot older than the newest imported exits 3 naming both dates",
          "[cli][import]") {
  Workspace ws;
  auto csv = fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1)});
  require_success(ws.import_fleet("2026-03-05", csv));
  auto result = ws.import_fleet("2026-03-01", csv);
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: fleet-2026-03-01.csv: refused: the snapshot of 2026-03-01 is "
        "older than the newest one imported (2026-03-05); snapshots must be imported in date "
        "order\n");
}

TEST_CASE("more than 10% invalid rows exits 3 and leaves the database unchanged",
          "[cli][import]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", fleet_csv(numbered_rows(10, 1))));
  auto vehicles_before = ws.export_table("vehicles").out;
  auto imports_before = ws.export_table("imports").out;

  // Eight vehicles go offline and two rows are broken: 2 of 10 is more than 10%.
  auto rows = numbered_rows(10, -1);
  rows[8] = "V09,京A10009,车主9,13812340009,北京,7,,,,";
  rows[9] = "V10,京A10010,车主10,13812340010,北京,-1,2026-13-01,,,";
  auto result = ws.import_fleet("2026-03-02", fleet_csv(rows));

  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: fleet-2026-03-02.csv:10:6: status: \"7\" is not one of 1, 0, "
        "-1, -2\n"
        "ownercare-import: error: fleet-2026-03-02.csv:11:7: status_since: \"2026-13-01\" is not "
        "a date (YYYY-MM-DD)\n"
        "ownercare-import: error: fleet-2026-03-02.csv: refused: 2 of 10 rows are invalid, more "
        "than 10%; nothing was imported (see fleet-2026-03-02.rejects.csv)\n");
  CHECK(ws.export_table("vehicles").out == vehicles_before);
  CHECK(ws.export_table("imports").out == imports_before);
}

TEST_CASE("the rejects file of a refused snapshot is owner-only and locates every row",
          "[cli][import]") {
  Workspace ws;
  auto rows = numbered_rows(10, -1);
  rows[8] = "V09,京A10009,车主9,13812340009,北京,7,,,,";
  rows[9] = "V10,京A10010,车主10,13812340010,北京,-1,2026-13-01,,,";
  auto result = ws.import_fleet("2026-03-01", fleet_csv(rows));
  REQUIRE(result.exit_code == 3);

  auto rejects_file = ws / "fleet-2026-03-01.rejects.csv";
  REQUIRE(std::filesystem::exists(rejects_file));
  CHECK(owner_only(rejects_file));
  auto rejects = read_csv(rejects_file);
  REQUIRE(rejects.size() == 3);
  CHECK(rejects[0] == std::vector<std::string>{"line", "column", "field", "value", "reason",
                                               "vehicle_id", "plate", "owner_name", "owner_phone",
                                               "city", "status", "status_since", "last_login",
                                               "reject_rate", "lost_income"});
  CHECK(rejects[1] == std::vector<std::string>{"10", "6", "status", "7",
                                               "\"7\" is not one of 1, 0, -1, -2", "V09",
                                               "京A10009", "车主9", "13812340009", "北京", "7",
                                               "", "", "", ""});
  CHECK(rejects[2] == std::vector<std::string>{"11", "7", "status_since", "2026-13-01",
                                               "\"2026-13-01\" is not a date (YYYY-MM-DD)", "V10",
                                               "京A10010", "车主10", "13812340010", "北京", "-1",
                                               "2026-13-01", "", "", ""});
}

TEST_CASE("a few invalid rows: each goes to stderr located, the rest is imported",
          "[cli][import]") {
  Workspace ws;
  auto rows = numbered_rows(22, 1);
  rows[3] = "V04,京A10004,车主4,13812340004,北京,7,,,,";                 // line 5
  rows[13] = "V14,京A10014,车主14,13812340014,北京,-1,2026-13-01,,,";    // line 15
  ws.write("fleet.csv", fleet_csv(rows));
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                            "2026-03-01", "fleet.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "fleet.csv: fleet 2026-03-01: 22 rows, 20 new, 0 changed, 0 unchanged, 0 gone, 0 back, 2 "
        "rejected; episodes 0 opened, 0 closed\n");
  CHECK(result.err ==
        "ownercare-import: rejected: fleet.csv:5:6: status: \"7\" is not one of 1, 0, -1, -2\n"
        "ownercare-import: rejected: fleet.csv:15:7: status_since: \"2026-13-01\" is not a date "
        "(YYYY-MM-DD)\n"
        "ownercare-import: 2 rejected rows written to fleet.rejects.csv\n");
  CHECK(parse_csv(ws.export_table("vehicles").out).size() == 21);
  auto rejects = read_csv(ws / "fleet.rejects.csv");
  REQUIRE(rejects.size() == 3);
  CHECK(rejects[1][0] == "5");
  CHECK(rejects[2][0] == "15");
  CHECK(owner_only(ws / "fleet.rejects.csv"));
}

TEST_CASE("a vehicle id twice in one snapshot is a rejected row, not a database failure",
          "[cli][import]") {
  // SPEC 6.10: every invalid row is a reject with its line; the duplicate must not abort the
  // import with a bare database error (exit 1), whether the vehicle is new or already known.
  Workspace ws;
  auto rows = numbered_rows(12, 1);
  rows.push_back(fleet_row("V03", "京A10003", "车主3", "13812340003", 1));  // line 14
  auto result = ws.import_fleet("2026-03-01", fleet_csv(rows));
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: rejected: fleet-2026-03-01.csv:14:1: vehicle_id: appears more than "
        "once in this file (first on line 4)\n"
        "ownercare-import: 1 rejected row written to fleet-2026-03-01.rejects.csv\n");
  CHECK(parse_csv(ws.export_table("vehicles").out).size() == 13);
}

TEST_CASE("a vehicle id twice in a later snapshot is a rejected row", "[cli][import]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", fleet_csv(numbered_rows(12, 1))));
  auto rows = numbered_rows(12, 1);
  rows.push_back(fleet_row("V03", "京A10003", "车主3", "13812340003", 1));  // line 14
  auto result = ws.import_fleet("2026-03-02", fleet_csv(rows));
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-import: rejected: fleet-2026-03-02.csv:14:1: "
                                           "vehicle_id: appears more than once in this file "
                                           "(first on line 4)\n"));
}

TEST_CASE("a GB18030 export with Chinese column names is imported", "[cli][import]") {
  Workspace ws;
  // 车辆ID,车牌号,手机,状态 / G1,京A1,13800000001,-1 as Excel writes it on a Chinese Windows.
  auto result = ws.import_fleet("2026-03-01",
                                "\xB3\xB5\xC1\xBE" "ID,\xB3\xB5\xC5\xC6\xBA\xC5,\xCA\xD6\xBB\xFA,"
                                "\xD7\xB4\xCC\xAC\n"
                                "G1,\xBE\xA9" "A1,13800000001,-1\n");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  auto vehicles = parse_csv(ws.export_table("vehicles").out);
  REQUIRE(vehicles.size() == 2);
  CHECK(vehicles[1][1] == "京A1");
  CHECK(vehicles[1][6] == "-1");
}

TEST_CASE("the column of a rejected row is its position in the file, not in the SPEC",
          "[cli][import]") {
  Workspace ws;
  std::string csv = "status,vehicle_id,plate,owner_phone\n";
  for (int i = 1; i <= 10; ++i) csv += fmt::format("1,V{:02},京A1{:04},1381234{:04}\n", i, i, i);
  csv += "9,V11,京A10011,13812340011\n";
  auto result = ws.import_fleet("2026-03-01", csv);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err,
             Catch::StartsWith("ownercare-import: rejected: fleet-2026-03-01.csv:12:1: status: "
                               "\"9\" is not one of 1, 0, -1, -2\n"));
}

TEST_CASE("the rejects file goes beside the input file", "[cli][import]") {
  Workspace ws;
  auto rows = numbered_rows(10, 1);
  rows.push_back("V11,,车主11,13812340011,北京,1,,,,");
  ws.write("inbox/fleet.csv", fleet_csv(rows));
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                            "2026-03-01", "inbox/fleet.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: rejected: inbox/fleet.csv:12:2: plate: is empty\n"
        "ownercare-import: 1 rejected row written to inbox/fleet.rejects.csv\n");
  CHECK(ws.exists("inbox/fleet.rejects.csv"));
  CHECK_FALSE(ws.exists("fleet.rejects.csv"));
}

TEST_CASE("rejects of a snapshot read from stdin go to fleet-DATE.rejects.csv here",
          "[cli][import]") {
  Workspace ws;
  auto rows = numbered_rows(10, 1);
  rows.push_back("V11,京A10011,车主11,13812340011,北京,x,,,,");
  auto result = ws.run("ownercare-import",
                       {"--db", "ownercare.db", "--kind", "fleet", "--as-of", "2026-03-01", "-"},
                       fleet_csv(rows));
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: rejected: <stdin>:12:6: status: \"x\" is not one of 1, 0, -1, -2\n"
        "ownercare-import: 1 rejected row written to fleet-2026-03-01.rejects.csv\n");
  CHECK(ws.exists("fleet-2026-03-01.rejects.csv"));
}

TEST_CASE("--rejects writes the rejects file where asked", "[cli][import]") {
  Workspace ws;
  auto rows = numbered_rows(10, 1);
  rows.push_back("V11,京A10011,车主11,13812340011,北京,x,,,,");
  std::filesystem::create_directories(ws / "errors");
  auto result = ws.import_fleet("2026-03-01", fleet_csv(rows), {"--rejects", "errors/bad.csv"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, Catch::EndsWith("1 rejected row written to errors/bad.csv\n"));
  CHECK(ws.exists("errors/bad.csv"));
  CHECK_FALSE(ws.exists("fleet-2026-03-01.rejects.csv"));
}

TEST_CASE("unknown columns are imported around, with one warning", "[cli][import]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01",
                                "vehicle_id,plate,owner_phone,status,colour,seats\n"
                                "FC1,京N12346,13812340001,-1,红,5\n");
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: warning: fleet-2026-03-01.csv:1: ignoring unknown columns: colour, "
        "seats\n");
  CHECK(parse_csv(ws.export_table("vehicles").out).size() == 2);
}

TEST_CASE("a mass disappearance exits 4 and imports nothing", "[cli][import]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", fleet_csv(numbered_rows(20, 1))));
  auto vehicles_before = ws.export_table("vehicles").out;

  auto result = ws.import_fleet("2026-03-02", fleet_csv(numbered_rows(18, 1)));
  CHECK(result.exit_code == 4);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: fleet-2026-03-02.csv: safety stop: 2 of 20 known vehicles are "
        "missing from this snapshot, more than 5%; a truncated export must not look like a mass "
        "delisting. Nothing was imported. Check the file; if it is right, import it again with "
        "--force\n");
  CHECK(ws.export_table("vehicles").out == vehicles_before);
  CHECK(parse_csv(ws.export_table("imports").out).size() == 2);
}

TEST_CASE("--force imports a mass disappearance, with a warning", "[cli][import]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", fleet_csv(numbered_rows(20, 1))));
  auto result = ws.import_fleet("2026-03-02", fleet_csv(numbered_rows(18, 1)), {"--force"});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "fleet-2026-03-02.csv: fleet 2026-03-02: 18 rows, 0 new, 0 changed, 18 unchanged, 2 "
        "gone, 0 back, 0 rejected; episodes 0 opened, 0 closed\n");
  CHECK(result.err ==
        "ownercare-import: warning: fleet-2026-03-02.csv: --force: 2 of 20 known vehicles are "
        "missing from this snapshot\n");
  auto gone = parse_csv(ws.export_table("vehicles", {"--subject", "V20"}).out);
  REQUIRE(gone.size() == 2);
  CHECK(gone[1][15] == "2026-03-02");  // gone_on
}

TEST_CASE("a second writer while the lock is held exits 5 and writes nothing",
          "[cli][import]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", fleet_csv(numbered_rows(3, 1))));
  {
    HeldLock night(ws / "ownercare.db.lock");
    auto result = ws.import_fleet("2026-03-02", fleet_csv(numbered_rows(3, -1)));
    CHECK(result.exit_code == 5);
    CHECK(result.out.empty());
    CHECK(result.err == "ownercare-import: error: ownercare.db.lock is locked by another run\n");
  }
  CHECK(parse_csv(ws.export_table("imports").out).size() == 2);
  // Once the other run is over, the same import goes through.
  require_success(ws.import_fleet("2026-03-02", fleet_csv(numbered_rows(3, -1))));
}

TEST_CASE("an unknown --kind exits 2 listing the kinds", "[cli][import]") {
  Workspace ws;
  auto result = ws.run("ownercare-import", {"--db", "ownercare.db", "--kind", "cars", "--as-of",
                                            "2026-03-01", "fleet.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-import: error: --kind \"cars\" is not one of fleet, sales, service, members, "
        "optouts\n");
}

TEST_CASE("a missing --kind exits 2", "[cli][import]") {
  Workspace ws;
  auto result = ws.run("ownercare-import",
                       {"--db", "ownercare.db", "--as-of", "2026-03-01", "fleet.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "ownercare-import: error: --kind is required (fleet, sales, service, members, optouts)\n");
}

TEST_CASE("an unknown --encoding exits 2 listing the encodings", "[cli][import]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01", fleet_csv({}), {"--encoding", "latin1"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-import: error: unknown encoding \"latin1\" (expected auto, "
                      "utf-8 or gb18030)\n");
}

TEST_CASE("a file forced to UTF-8 that is not is refused with the byte offset",
          "[cli][import]") {
  Workspace ws;
  // "车主" in GBK: valid GB18030, not valid UTF-8. The header is 36 bytes long.
  auto result = ws.import_fleet("2026-03-01",
                                "vehicle_id,plate,owner_phone,status\nFC1,\xB3\xB5\xD6\xF7,"
                                "13800000001,1\n",
                                {"--encoding", "utf-8"});
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-import: error: fleet-2026-03-01.csv:2:2: byte 40: not valid UTF-8 "
                      "(try --encoding gb18030)\n");
}

}  // namespace ownercare::test
