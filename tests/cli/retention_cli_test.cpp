// Personal data kept no longer than needed (issue 12 point 5), on nights built by the real
// tools: a fleet vehicle gone 731 days has its owner's name and phones erased from every table
// and from the database file's bytes, one gone 729 days keeps them, the reports of the period
// read the same before and after, a vehicle back after the erasure is filled in again by its
// snapshot, and ownercare-nightly erases once a night and removes its own dated folders and
// files older than retain_days.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/dealer_support.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/retention.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

// 张伟's V1 (phone changed on 11-24) and 李静's V2 go offline on 2024-11-20; V1 is missing from
// 2024-11-30 on (731 days before 2026-12-01), V2 from 2024-12-02 (729 days).
constexpr const char* kNight = "2026-12-01";
const std::vector<std::string> kV1Values = {"张伟", "13911110001", "13911119999", "13911118888"};
const std::vector<std::string> kV2Values = {"李静", "13922220002"};

std::vector<std::string> fillers() {
  std::vector<std::string> rows;
  for (int i = 10; i < 60; ++i) {
    rows.push_back(fleet_row("F" + std::to_string(i), "京B100" + std::to_string(i),
                             "车主" + std::to_string(i), "138000000" + std::to_string(i), 1));
  }
  return rows;
}

std::string snapshot(bool v1, bool v2, const std::string& v1_phone,
                     const std::string& since = "2024-11-20") {
  auto rows = fillers();
  if (v1) rows.push_back(fleet_row("V1", "京A10001", "张伟", v1_phone, -1, since));
  if (v2) rows.push_back(fleet_row("V2", "京A10002", "李静", "13922220002", -1, since));
  rows.push_back(fleet_row("V3", "京A10003", "王芳", "13933330003", 1));
  return fleet_csv(rows);
}

void build_nights(const Workspace& ws) {
  require_success(ws.import_fleet("2024-11-20", snapshot(true, true, "13911110001")));
  require_success(ws.evaluate("2024-11-20"));
  require_success(ws.import_fleet("2024-11-24", snapshot(true, true, "13911119999")));
  require_success(ws.evaluate("2024-11-24"));
  auto calls = read_csv(ws / "out/2024-11-24/calls.csv");
  std::string v1_call;
  for (const auto& row : calls) {
    if (row.size() > 8 && row[2] == "V1") v1_call = row[0];
  }
  REQUIRE(!v1_call.empty());
  require_success(ws.record("2024-11-25", "outcomes.csv",
                            "task_id,result,disposition,note\n" + v1_call +
                                ",reached,relist,张伟说下周上架，备用电话13911118888\n"));
  require_success(ws.import_fleet("2024-11-30", snapshot(false, true, "")));
  require_success(ws.import_fleet("2024-12-02", snapshot(false, false, "")));
}

// Every TEXT cell of every table, with its table and column, for finding a value anywhere.
std::vector<std::string> every_text_cell(SQLite::Database& db) {
  std::vector<std::string> cells;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (tables.executeStep()) {
    std::string table = tables.getColumn(0).getString();
    SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\"");
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        if (rows.getColumn(i).isText()) {
          cells.push_back(table + "." + rows.getColumnName(i) + "=" +
                          rows.getColumn(i).getString());
        }
      }
    }
  }
  return cells;
}

std::vector<std::string> cells_holding(const std::vector<std::string>& cells,
                                       const std::string& value) {
  std::vector<std::string> found;
  for (const auto& cell : cells) {
    if (cell.find(value) != std::string::npos) found.push_back(cell);
  }
  return found;
}

std::map<std::string, std::string> report_tables(const Workspace& ws, const std::string& folder) {
  require_success(ws.run("ownercare-report", {"--db", Workspace::db, "--as-of", kNight, "--from",
                                              "2024-11-01", "--to", "2024-12-31", "--format",
                                              "csv", "--out", folder}));
  std::map<std::string, std::string> tables;
  for (const auto& name : folder_entries(ws / folder)) {
    tables[name] = read_text(ws / folder / name);
  }
  return tables;
}

std::string file_bytes(const fs::path& file) {
  std::error_code error;
  return fs::exists(file, error) ? read_text(file) : std::string();
}

}  // namespace

TEST_CASE("a fleet vehicle gone 731 days loses its owner's name and phones in every table and "
          "in the file; one gone 729 days keeps them",
          "[cli][retention]") {
  Workspace ws;
  build_nights(ws);
  {
    auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_write);
    auto before = every_text_cell(db.sql());
    // The set-up put V1's values in the places the erasure must reach.
    CHECK(cells_holding(before, "13911110001").size() >= 3);  // a task, an emitted row, history
    CHECK(cells_holding(before, "13911118888").size() == 1);  // the outcome's note

    auto counts = store::erase_expired(db, *Date::parse(kNight), 730);
    CHECK(counts.fleet_vehicles == 1);
    CHECK(counts.records() > 0);

    auto after = every_text_cell(db.sql());
    for (const auto& value : kV1Values) {
      INFO(value);
      CHECK(cells_holding(after, value).empty());
    }
    // V2 is still known, with its owner, though its records of 2024-11 (older than 730 days
    // too) lost their phones.
    SQLite::Statement v2(db.sql(), "SELECT owner_name, owner_phone, phone_kind FROM "
                                   "fleet_vehicle WHERE vehicle_id = 'V2'");
    REQUIRE(v2.executeStep());
    CHECK(v2.getColumn(0).getString() == "李静");
    CHECK(v2.getColumn(1).getString() == "13922220002");
    CHECK(v2.getColumn(2).getString() == "mobile");
    SQLite::Statement v1(db.sql(), "SELECT owner_name || owner_phone || phone_kind, plate, "
                                   "gone_on FROM fleet_vehicle WHERE vehicle_id = 'V1'");
    REQUIRE(v1.executeStep());
    CHECK(v1.getColumn(0).getString() == "empty");
    CHECK(v1.getColumn(1).getString() == "京A10001");
    CHECK(v1.getColumn(2).getString() == "2024-11-30");
  }
  // Not in free pages, not in the write-ahead log.
  std::string bytes = file_bytes(ws / Workspace::db) + file_bytes(ws / "ownercare.db-wal");
  for (const auto& value : kV1Values) {
    INFO(value);
    CHECK(bytes.find(value) == std::string::npos);
  }
  CHECK(bytes.find(kV2Values[1]) != std::string::npos);
}

TEST_CASE("the reports of the erased period add up as before", "[cli][retention]") {
  Workspace ws;
  build_nights(ws);
  auto before = report_tables(ws, "report-before");
  {
    auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_write);
    REQUIRE(store::erase_expired(db, *Date::parse(kNight), 730).any());
  }
  auto after = report_tables(ws, "report-after");
  REQUIRE(before.size() > 3);
  CHECK(before == after);
}

TEST_CASE("a vehicle back after its erasure is filled in again by the snapshot and contacted",
          "[cli][retention]") {
  Workspace ws;
  build_nights(ws);
  {
    auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_write);
    REQUIRE(store::erase_expired(db, *Date::parse(kNight), 730).fleet_vehicles == 1);
  }
  require_success(ws.import_fleet("2026-12-02", snapshot(true, false, "13911119999",
                                                         "2026-12-02")));
  require_success(ws.evaluate("2026-12-02"));
  auto sms = read_csv(ws / "out/2026-12-02/sms.csv");
  bool sent = false;
  for (const auto& row : sms) {
    if (row.size() > 5 && row[2] == "V1" && row[5] == "13911119999") sent = true;
  }
  CHECK(sent);
  auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_only);
  SQLite::Statement v1(db.sql(), "SELECT owner_name, owner_phone, phone_kind, gone_on IS NULL "
                                 "FROM fleet_vehicle WHERE vehicle_id = 'V1'");
  REQUIRE(v1.executeStep());
  CHECK(v1.getColumn(0).getString() == "张伟");
  CHECK(v1.getColumn(1).getString() == "13911119999");
  CHECK(v1.getColumn(2).getString() == "mobile");
  CHECK(v1.getColumn(3).getInt() == 1);
}

TEST_CASE("a sold-away vehicle erased keeps its care stopped when its sales row changes; the "
          "next new owner is recognised",
          "[cli][retention][dealer]") {
  Workspace ws;
  auto sales = numbered_sales(30);
  for (auto& line : sales) line.sale_date = "2023-06-01";
  auto import_sales = [&](const std::string& date) {
    ws.write("sales-" + date + ".csv", sales_csv(sales));
    require_success(ws.run("ownercare-import", {"--db", Workspace::db, "--kind", "sales",
                                                "--as-of", date, "sales-" + date + ".csv"}));
  };
  import_sales("2024-01-10");
  const std::string vin = test_vin(1);
  auto stored = [&](const std::string& sql) {
    auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_only);
    SQLite::Statement query(db.sql(), sql + " FROM dealer_vehicle WHERE vin = '" + vin + "'");
    REQUIRE(query.executeStep());
    return query.getColumn(0).isNull() ? std::string("NULL") : query.getColumn(0).getString();
  };
  {
    // The owner said on a call of 2024-01-15 that they sold it.
    auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_write);
    db.sql().exec("UPDATE dealer_vehicle SET sold_on = '2024-01-15', sold_task = 'T1' "
                  "WHERE vin = '" + vin + "'");
    auto counts = store::erase_expired(db, *Date::parse("2026-12-01"), 730);
    CHECK(counts.dealer_vehicles == 1);
  }
  CHECK(stored("SELECT customer_name || mobile") == "");

  // The dealer's system changes the plate, the old owner still on the row: care stays stopped.
  sales[0].plate = "京A99999";
  import_sales("2026-12-01");
  CHECK(stored("SELECT sold_on") == "2024-01-15");
  CHECK(stored("SELECT customer_name || ' ' || mobile") == "客户1 13912340001");

  // Then a new owner: recognised as before, care starts again.
  sales[0].customer_name = "新车主";
  sales[0].mobile = "13700000001";
  import_sales("2026-12-02");
  CHECK(stored("SELECT sold_on") == "NULL");
  CHECK(stored("SELECT owner_since") == "2026-12-02");
}

TEST_CASE("nightly erases past retain_days and removes its own dated folders and files",
          "[cli][retention][nightly]") {
  Workspace ws;
  ws.copy_rules("rules");
  ws.write("ownercare.toml",
           "db = \"ownercare.db\"\nrules = \"rules\"\ninbox = \"inbox\"\narchive = \"archive\"\n"
           "out = \"out\"\nlog = \"log/nightly.log\"\nretain_days = 60\n");
  auto night = [&](const std::string& date, bool v1) {
    ws.write("inbox/fleet-" + date + ".csv", snapshot(v1, true, "13911110001", "2026-08-01"));
    return ws.run("ownercare-nightly", {"--config", "ownercare.toml", "--date", date});
  };
  require_success(night("2026-08-01", true));
  require_success(night("2026-08-05", false));  // V1 gone from here on
  REQUIRE(ws.exists("out/2026-08-01/sms.csv"));
  REQUIRE(ws.exists("archive/fleet-2026-08-01.csv"));
  // What a person put beside the night's own files stays.
  ws.write("out/notes.txt", "mine");
  ws.write("out/2026-08-01-copy/sms.csv", "mine");
  ws.write("archive/fleet-old.csv", "mine");

  // 2026-10-04: V1 gone 60 days, not more: it stays. The night of 08-01 is older than 60 days:
  // its folder, snapshot and detail log go, and its rows and tasks lose their phones.
  auto first = night("2026-10-04", false);
  REQUIRE(first.exit_code == 0);
  auto lines = split_lines(ws.read("log/nightly.log"));
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[2], Catch::Contains(", erased names and phones older than 60 days: "));
  CHECK_THAT(lines[2], !Catch::Contains("subject"));
  CHECK_THAT(lines[2], Catch::Contains(", removed 3 dated files and folders older than 60 days"));
  CHECK_FALSE(ws.exists("out/2026-08-01"));
  CHECK_FALSE(ws.exists("archive/fleet-2026-08-01.csv"));
  CHECK_FALSE(ws.exists("log/nightly-2026-08-01.log"));
  CHECK(ws.exists("out/2026-08-05/calls.csv"));
  CHECK(ws.exists("archive/fleet-2026-08-05.csv"));
  CHECK(ws.exists("log/nightly-2026-08-05.log"));
  auto detail = ws.read("log/nightly-2026-10-04.log");
  CHECK_THAT(detail, Catch::Contains("erased (retain_days 60, before 2026-08-05): fleet "
                                     "vehicles 0, sold vehicles 0, members 0; tasks "));
  CHECK_THAT(detail, Catch::Contains("removed: out/2026-08-01\n"));

  // What 2026-10-05 would erase and remove, asked first: nothing changes.
  auto report = ws.run("ownercare-nightly", {"--config", "ownercare.toml", "--date", "2026-10-05",
                                             "--retention-report"});
  REQUIRE(report.exit_code == 0);
  CHECK(report.err.empty());
  CHECK_THAT(report.out,
             Catch::StartsWith("the night of 2026-10-05 (retain_days 60) would erase the names "
                               "and phones of what ended or is dated before 2026-08-06:\n"
                               "  fleet vehicles 1, sold vehicles 0, members 0; tasks "));
  CHECK_THAT(report.out, Catch::EndsWith("and remove 3 dated files and folders:\n"
                                         "  out/2026-08-05\n"
                                         "  archive/fleet-2026-08-05.csv\n"
                                         "  log/nightly-2026-08-05.log\n"));
  CHECK(ws.exists("out/2026-08-05/calls.csv"));
  CHECK(split_lines(ws.read("log/nightly.log")).size() == 3);
  {
    auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_only);
    SQLite::Statement v1(db.sql(), "SELECT owner_phone FROM fleet_vehicle WHERE vehicle_id = 'V1'");
    REQUIRE(v1.executeStep());
    CHECK(v1.getColumn(0).getString() == "13911110001");
  }

  // 2026-10-05: V1 gone 61 days is erased; the night of 08-05 goes.
  auto second = night("2026-10-05", false);
  REQUIRE(second.exit_code == 0);
  lines = split_lines(ws.read("log/nightly.log"));
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[3], Catch::Contains(
                           ", erased names and phones older than 60 days: 1 subject, "));
  CHECK_THAT(lines[3], Catch::Contains(", removed 3 dated files and folders older than 60 days"));
  CHECK_FALSE(ws.exists("out/2026-08-05"));
  CHECK_FALSE(ws.exists("archive/fleet-2026-08-05.csv"));
  CHECK_FALSE(ws.exists("log/nightly-2026-08-05.log"));
  CHECK(ws.exists("out/2026-10-04/sms.csv"));
  CHECK(ws.exists("archive/fleet-2026-10-04.csv"));
  CHECK(ws.exists("log/nightly-2026-10-04.log"));
  CHECK(ws.read("out/notes.txt") == "mine");
  CHECK(ws.exists("out/2026-08-01-copy/sms.csv"));
  CHECK(ws.exists("archive/fleet-old.csv"));
  CHECK_THAT(ws.read("log/nightly-2026-10-05.log"),
             Catch::Contains("erased (retain_days 60, before 2026-08-06): fleet vehicles 1, "));

  auto db = store::Database::open(ws / Workspace::db, store::OpenMode::read_only);
  SQLite::Statement v1(db.sql(), "SELECT owner_name || owner_phone FROM fleet_vehicle "
                                 "WHERE vehicle_id = 'V1'");
  REQUIRE(v1.executeStep());
  CHECK(v1.getColumn(0).getString().empty());

  // The same night again erases and removes nothing more.
  auto again = night("2026-10-05", false);
  REQUIRE(again.exit_code == 0);
  lines = split_lines(ws.read("log/nightly.log"));
  REQUIRE(lines.size() == 5);
  CHECK(lines[4].find("erased") == std::string::npos);
  CHECK(lines[4].find("removed") == std::string::npos);
}

TEST_CASE("a retain_days shorter than 60 days is refused before anything runs",
          "[cli][retention][config]") {
  Workspace ws;
  ws.copy_rules("rules");
  ws.write("inbox/fleet-2026-08-01.csv", snapshot(true, true, "13911110001", "2026-08-01"));
  ws.write("ownercare.toml",
           "db = \"ownercare.db\"\nrules = \"rules\"\ninbox = \"inbox\"\nout = \"out\"\n"
           "retain_days = 30\n");
  auto result = ws.run("ownercare-nightly", {"--config", "ownercare.toml", "--date", "2026-08-01"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "ownercare-nightly: error: ownercare.toml:5:15: \"retain_days\" is 30, "
                      "must be from 60 to 36500\n");
  CHECK_FALSE(ws.exists("ownercare.db"));
  CHECK(ws.exists("inbox/fleet-2026-08-01.csv"));
}

}  // namespace ownercare::test
