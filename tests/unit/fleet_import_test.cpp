// Unit tests of the fleet importer (SPEC 3.2, 6.8–6.10): snapshots written into a TempDir and
// imported into a fresh database, then the stored vehicles, status episodes, import log and
// rejects file inspected.
//
// Episode rules under test: day 0 is status_since when given, else the first snapshot showing
// the status; a status change closes the episode and opens the next; back to 1 closes it; the
// same status with a later status_since starts a new one; a vehicle missing from a snapshot is
// gone and its episode closed.
#include "ownercare/ingest/fleet_import.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/store/database.hpp"
#include "support/progress_log.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::ExitCode;
using ownercare::ingest::ImportOptions;
using ownercare::ingest::ImportReport;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

constexpr const char* kHeader =
    "vehicle_id,plate,owner_name,owner_phone,city,status,status_since,last_login,reject_rate,"
    "lost_income\n";

// One row of a fleet snapshot; the fields a test does not care about have plain values.
struct Row {
  Row(std::string id_, std::string status_ = "1", std::string since_ = "",
      std::string phone_ = "13800138000")
      : id(std::move(id_)), status(std::move(status_)), since(std::move(since_)),
        phone(std::move(phone_)) {}
  std::string id;
  std::string status;
  std::string since;
  std::string phone;
  std::string reject_rate;
  std::string lost_income;
  std::string plate;  // default: 京A + id
  std::string login = "2026-01-01";
};

std::string csv_line(const Row& row) {
  std::string plate = row.plate.empty() ? "京A" + row.id : row.plate;
  return row.id + "," + plate + ",车主" + row.id + "," + row.phone + ",北京," + row.status +
         "," + row.since + "," + row.login + "," + row.reject_rate + "," + row.lost_income + "\n";
}

std::string fleet_csv(const std::vector<Row>& rows) {
  std::string text = kHeader;
  for (const auto& row : rows) text += csv_line(row);
  return text;
}

// `count` rentable vehicles P01, P02, ...: enough valid rows that one bad row stays under the
// 10% invalid limit, or one missing vehicle under the 5% disappearance limit.
std::vector<Row> rentable(int count) {
  std::vector<Row> rows;
  for (int i = 1; i <= count; ++i) {
    rows.push_back({(i < 10 ? "P0" : "P") + std::to_string(i)});
  }
  return rows;
}

std::vector<Row> with(std::vector<Row> rows, const std::vector<Row>& more) {
  rows.insert(rows.end(), more.begin(), more.end());
  return rows;
}

// A database in a TempDir, and a way to import snapshots into it.
struct Fleet {
  TempDir dir;
  Database db = Database::open(dir / "ownercare.db", OpenMode::create);
  // Which way rows stored unchanged are found: settled as the file is read, once the stored
  // fleet has loaded (the import waits for it before the first row here, so the way is
  // certain), or all kept and compared afterwards. Both must give the same result.
  bool settle_unchanged = std::getenv("OWNERCARE_TEST_FLEET_KEEP_ROWS") == nullptr;

  std::filesystem::path write(const std::string& name, const std::string& text) {
    write_text(dir / name, text);
    return dir / name;
  }

  ImportReport import_file(const std::filesystem::path& file, Date as_of, bool force = false) {
    ImportOptions options;
    options.file = file;
    options.as_of = as_of;
    options.force = force;
    options.read_ahead_bytes = 0;
    options.settle_unchanged = settle_unchanged;
    return ownercare::ingest::import_fleet(db, options);
  }

  ImportReport import_rows(Date as_of, const std::vector<Row>& rows, bool force = false) {
    return import_file(write("fleet-" + as_of.iso() + ".csv", fleet_csv(rows)), as_of, force);
  }

  long long count(const std::string& sql) {
    SQLite::Statement query(db.sql(), sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
  }

  // A column of a stored vehicle as text ("" when NULL or no such vehicle).
  std::string vehicle(const std::string& id, const std::string& column) {
    SQLite::Statement query(db.sql(),
                            "SELECT " + column + " FROM fleet_vehicle WHERE vehicle_id = ?");
    query.bind(1, id);
    if (!query.executeStep() || query.getColumn(0).isNull()) return "";
    return query.getColumn(0).getString();
  }

  std::optional<double> vehicle_number(const std::string& id, const std::string& column) {
    SQLite::Statement query(db.sql(),
                            "SELECT " + column + " FROM fleet_vehicle WHERE vehicle_id = ?");
    query.bind(1, id);
    if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getDouble();
  }

  struct Episode {
    int status;
    std::string started_on;
    std::string start_source;
    std::string ended_on;    // "" while open
    std::string end_reason;  // "" while open
  };

  // The vehicle's episodes, oldest first.
  std::vector<Episode> episodes(const std::string& id) {
    SQLite::Statement query(db.sql(),
                            "SELECT status, started_on, start_source, ifnull(ended_on, ''), "
                            "ifnull(end_reason, '') FROM status_episode WHERE vehicle_id = ? "
                            "ORDER BY episode_id");
    query.bind(1, id);
    std::vector<Episode> list;
    while (query.executeStep()) {
      list.push_back({query.getColumn(0).getInt(), query.getColumn(1).getString(),
                      query.getColumn(2).getString(), query.getColumn(3).getString(),
                      query.getColumn(4).getString()});
    }
    return list;
  }

  long long import_log_lines() { return count("SELECT count(*) FROM import_log"); }

  // Everything an import may write, to show that a refused import wrote nothing.
  std::string fingerprint() {
    std::string text;
    for (const char* sql :
         {"SELECT group_concat(vehicle_id || '|' || status || '|' || ifnull(gone_on, '') || '|' "
          "|| row_hash, ';') FROM (SELECT * FROM fleet_vehicle ORDER BY vehicle_id)",
          "SELECT group_concat(episode_id || '|' || started_on || '|' || ifnull(ended_on, ''), "
          "';') FROM (SELECT * FROM status_episode ORDER BY episode_id)",
          "SELECT group_concat(import_id || '|' || as_of, ';') FROM import_log"}) {
      text += ownercare::store::scalar_text(db.sql(), sql) + "\n";
    }
    return text;
  }
};

// All records of a CSV file, the header first.
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
  auto reader = ownercare::csv::Reader::open(path);
  std::vector<std::vector<std::string>> rows;
  ownercare::csv::Record record;
  while (reader.next(record)) rows.emplace_back(record.fields.begin(), record.fields.end());
  return rows;
}

const Date kDay1(2026, 3, 10);
const Date kDay2(2026, 3, 11);
const Date kDay3(2026, 3, 12);

}  // namespace

// --- new vehicles --------------------------------------------------------------------------

TEST_CASE("fleet import: new vehicles are added", "[fleet_import]") {
  Fleet fleet;
  auto report = fleet.import_rows(kDay1, {{"V1", "1"}, {"V2", "-1"}});
  CHECK(report.rows_read == 2);
  CHECK(report.added == 2);
  CHECK(report.rows_rejected == 0);
  CHECK(fleet.vehicle("V1", "plate") == "京AV1");
  CHECK(fleet.vehicle("V2", "status") == "-1");
  CHECK(fleet.vehicle("V2", "first_seen") == "2026-03-10");
}

TEST_CASE("fleet import: a new vehicle not rentable starts its episode on status_since",
          "[fleet_import]") {
  Fleet fleet;
  auto report = fleet.import_rows(kDay1, {{"V1", "-1", "2026-03-06"}});
  CHECK(report.episodes_opened == 1);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].status == -1);
  CHECK(episodes[0].started_on == "2026-03-06");
  CHECK(episodes[0].start_source == "status_since");
  CHECK(episodes[0].ended_on.empty());
}

TEST_CASE("fleet import: without status_since a new episode starts on the snapshot date",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "0"}});
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].status == 0);
  CHECK(episodes[0].started_on == "2026-03-10");
  CHECK(episodes[0].start_source == "snapshot");
}

TEST_CASE("fleet import: a rentable vehicle has no episode", "[fleet_import]") {
  Fleet fleet;
  auto report = fleet.import_rows(kDay1, {{"V1", "1"}});
  CHECK(report.episodes_opened == 0);
  CHECK(fleet.episodes("V1").empty());
}

TEST_CASE("fleet import: the first import is logged once", "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "-2"}, {"V2", "1"}});
  CHECK(fleet.import_log_lines() == 1);
  CHECK(fleet.count("SELECT added FROM import_log") == 2);
  CHECK(fleet.count("SELECT episodes_opened FROM import_log") == 1);
}

// --- repeats -------------------------------------------------------------------------------

TEST_CASE("fleet import: the same snapshot of the same date again writes nothing",
          "[fleet_import]") {
  Fleet fleet;
  std::vector<Row> rows = {{"V1", "-1", "2026-03-06"}, {"V2", "1"}};
  fleet.import_rows(kDay1, rows);
  auto before = fleet.fingerprint();
  auto report = fleet.import_rows(kDay1, rows);
  CHECK(report.unchanged_repeat);
  CHECK(report.added == 0);
  CHECK(report.unchanged == 2);
  CHECK(fleet.import_log_lines() == 1);
  CHECK(fleet.fingerprint() == before);
}

TEST_CASE("fleet import: an unchanged snapshot of a later date opens and closes nothing",
          "[fleet_import]") {
  Fleet fleet;
  std::vector<Row> rows = {{"V1", "-1"}, {"V2", "1"}};
  fleet.import_rows(kDay1, rows);
  auto report = fleet.import_rows(kDay2, rows);
  CHECK_FALSE(report.unchanged_repeat);
  CHECK(report.unchanged == 2);
  CHECK(report.episodes_opened == 0);
  CHECK(report.episodes_closed == 0);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].started_on == "2026-03-10");  // still the first snapshot showing -1
}

// --- episodes ------------------------------------------------------------------------------

TEST_CASE("fleet import: a status change closes the episode and opens the next",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "-1", "2026-03-06"}});
  auto report = fleet.import_rows(kDay2, {{"V1", "-2"}});
  CHECK(report.changed == 1);
  CHECK(report.episodes_closed == 1);
  CHECK(report.episodes_opened == 1);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 2);
  CHECK(episodes[0].status == -1);
  CHECK(episodes[0].ended_on == "2026-03-11");
  CHECK(episodes[0].end_reason == "status_change");
  CHECK(episodes[1].status == -2);
  CHECK(episodes[1].started_on == "2026-03-11");
  CHECK(episodes[1].ended_on.empty());
}

TEST_CASE("fleet import: a status change with status_since starts the new episode then",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "-1", "2026-03-06"}});
  fleet.import_rows(kDay3, {{"V1", "0", "2026-03-11"}});
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 2);
  CHECK(episodes[1].status == 0);
  CHECK(episodes[1].started_on == "2026-03-11");
  CHECK(episodes[1].start_source == "status_since");
}

TEST_CASE("fleet import: back to rentable closes the episode", "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "-1"}});
  auto report = fleet.import_rows(kDay2, {{"V1", "1"}});
  CHECK(report.episodes_closed == 1);
  CHECK(report.episodes_opened == 0);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].ended_on == "2026-03-11");
  CHECK(episodes[0].end_reason == "rentable");
}

TEST_CASE("fleet import: the same status with a later status_since restarts the episode",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "-1", "2026-03-06"}});
  auto report = fleet.import_rows(kDay3, {{"V1", "-1", "2026-03-11"}});
  CHECK(report.episodes_closed == 1);
  CHECK(report.episodes_opened == 1);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 2);
  CHECK(episodes[0].ended_on == "2026-03-12");
  CHECK(episodes[0].end_reason == "restarted");
  CHECK(episodes[1].status == -1);
  CHECK(episodes[1].started_on == "2026-03-11");
}

TEST_CASE("fleet import: the same status and status_since keep the episode", "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, {{"V1", "-1", "2026-03-06", "13800138000"}});
  // Another fact changes, so the row is looked at again.
  auto report = fleet.import_rows(kDay2, {{"V1", "-1", "2026-03-06", "13900139000"}});
  CHECK(report.changed == 1);
  CHECK(report.episodes_closed == 0);
  CHECK(report.episodes_opened == 0);
  CHECK(fleet.episodes("V1").size() == 1);
  CHECK(fleet.vehicle("V1", "owner_phone") == "13900139000");
}

// --- gone and back ------------------------------------------------------------------------

TEST_CASE("fleet import: a vehicle missing from a snapshot is gone, its episode paused",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));  // 1 of 20 missing: 5%
  auto report = fleet.import_rows(kDay2, rentable(19));
  CHECK(report.gone == 1);
  CHECK(report.episodes_closed == 0);
  CHECK(fleet.vehicle("V1", "gone_on") == "2026-03-11");
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].ended_on.empty());
}

TEST_CASE("fleet import: a gone vehicle back within resume_days in its status continues its "
          "episode",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));
  auto report = fleet.import_rows(kDay3, with(rentable(19), {{"V1", "-1"}}));
  CHECK(report.returned == 1);
  CHECK(report.episodes_opened == 0);
  CHECK(report.episodes_closed == 0);
  CHECK(fleet.vehicle("V1", "gone_on").empty());
  CHECK(fleet.vehicle("V1", "episode_started_on") == "2026-03-10");
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].started_on == "2026-03-10");
  CHECK(episodes[0].ended_on.empty());
  CHECK(fleet.count("SELECT count(*) FROM status_episode WHERE resumed_on = '2026-03-12'") == 1);
}

TEST_CASE("fleet import: a gone vehicle back on the last day of resume_days continues",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));                     // gone on 03-11
  auto report = fleet.import_rows(Date(2026, 3, 18), with(rentable(19), {{"V1", "-1"}}));
  CHECK(report.episodes_opened == 0);
  REQUIRE(fleet.episodes("V1").size() == 1);
}

TEST_CASE("fleet import: a gone vehicle back after resume_days starts a new episode",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));                     // gone on 03-11
  auto report = fleet.import_rows(Date(2026, 3, 19), with(rentable(19), {{"V1", "-1"}}));
  CHECK(report.returned == 1);
  CHECK(report.episodes_closed == 1);
  CHECK(report.episodes_opened == 1);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 2);
  CHECK(episodes[0].ended_on == "2026-03-11");
  CHECK(episodes[0].end_reason == "gone");
  CHECK(episodes[1].started_on == "2026-03-19");
  CHECK(episodes[1].ended_on.empty());
}

TEST_CASE("fleet import: resume_days is an option", "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));
  ImportOptions options;
  options.file = fleet.write("back.csv", fleet_csv(with(rentable(19), {{"V1", "-1"}})));
  options.as_of = kDay3;
  options.resume_days = 0;
  auto report = ownercare::ingest::import_fleet(fleet.db, options);
  CHECK(report.episodes_opened == 1);
  CHECK(fleet.episodes("V1").size() == 2);
}

TEST_CASE("fleet import: a vehicle gone longer than resume_days has its episode closed",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));                     // gone on 03-11
  CHECK(fleet.import_rows(Date(2026, 3, 18), rentable(19)).episodes_closed == 0);
  auto report = fleet.import_rows(Date(2026, 3, 19), rentable(19));
  CHECK(report.episodes_closed == 1);
  CHECK(report.gone == 0);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].ended_on == "2026-03-11");
  CHECK(episodes[0].end_reason == "gone");
  CHECK(fleet.vehicle("V1", "episode_id").empty());
}

TEST_CASE("fleet import: a gone vehicle back in another status ends the episode then",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));
  auto report = fleet.import_rows(kDay3, with(rentable(19), {{"V1", "0"}}));
  CHECK(report.episodes_closed == 1);
  CHECK(report.episodes_opened == 1);
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 2);
  CHECK(episodes[0].ended_on == "2026-03-12");
  CHECK(episodes[0].end_reason == "status_change");
  CHECK(episodes[1].status == 0);
}

TEST_CASE("fleet import: a gone vehicle that comes back rentable opens no episode",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));
  auto report = fleet.import_rows(kDay3, with(rentable(19), {{"V1", "1"}}));
  CHECK(report.returned == 1);
  CHECK(report.episodes_opened == 0);
  CHECK(report.episodes_closed == 1);
  CHECK(fleet.count("SELECT count(*) FROM status_episode WHERE ended_on IS NULL") == 0);
}

// --- rejected rows of known vehicles --------------------------------------------------------

TEST_CASE("fleet import: a row with an invalid field leaves its known vehicle as stored",
          "[fleet_import]") {
  Fleet fleet;
  Row before{"V1", "-1"};
  before.lost_income = "500";
  fleet.import_rows(kDay1, with(rentable(19), {before}));
  auto stored = fleet.fingerprint();
  Row bad{"V1", "0"};
  bad.lost_income = "1280元整";
  auto report = fleet.import_rows(kDay2, with(rentable(19), {bad}));
  CHECK(report.rows_rejected == 1);
  CHECK(report.held == 1);
  CHECK(report.gone == 0);
  CHECK(report.episodes_closed == 0);
  CHECK(report.episodes_opened == 0);
  CHECK(fleet.vehicle("V1", "status") == "-1");
  CHECK(fleet.vehicle("V1", "gone_on").empty());
  CHECK(*fleet.vehicle_number("V1", "lost_income") == Approx(500));
  // Nothing of the fleet changed; only the import's own log line was added.
  auto after = fleet.fingerprint();
  CHECK(after.substr(0, after.rfind('\n', after.size() - 2)) ==
        stored.substr(0, stored.rfind('\n', stored.size() - 2)));
}

TEST_CASE("fleet import: rejected rows of known vehicles never count as disappeared",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, rentable(61));
  auto rows = rentable(61);
  for (int i = 0; i < 4; ++i) rows[static_cast<std::size_t>(i)].status = "9";  // 4 of 61: 6.6%
  auto report = fleet.import_rows(kDay2, rows);
  CHECK(report.rows_rejected == 4);
  CHECK(report.held == 4);
  CHECK(report.gone == 0);
  CHECK(fleet.count("SELECT count(*) FROM fleet_vehicle WHERE gone_on IS NOT NULL") == 0);
}

TEST_CASE("fleet import: a gone vehicle whose row comes back invalid stays gone, uncounted",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  fleet.import_rows(kDay2, rentable(19));
  auto report = fleet.import_rows(kDay3, with(rentable(19), {{"V1", "7"}}));
  CHECK(report.held == 1);
  CHECK(report.returned == 0);
  CHECK(report.gone == 0);
  CHECK(fleet.vehicle("V1", "gone_on") == "2026-03-11");
}

TEST_CASE("fleet import: the first row of an id decides; an invalid first row keeps the vehicle",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  auto report = fleet.import_rows(kDay2, with(rentable(19), {{"V1", "7"}, {"V1", "0"}}));
  CHECK(report.rows_rejected == 2);
  CHECK(report.held == 1);
  CHECK(fleet.vehicle("V1", "status") == "-1");
  REQUIRE(report.reject_messages.size() == 2);
  CHECK(report.reject_messages[1].find("more than once in this file (first on line 21)") !=
        std::string::npos);
}

TEST_CASE("fleet import: a valid first row of an id wins over an invalid repeat",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(19), {{"V1", "-1"}}));
  auto report = fleet.import_rows(kDay2, with(rentable(19), {{"V1", "0"}, {"V1", "7"}}));
  CHECK(report.rows_rejected == 1);
  CHECK(report.held == 0);
  CHECK(fleet.vehicle("V1", "status") == "0");
}

TEST_CASE("fleet import: a new vehicle's invalid row holds its id against a later repeat",
          "[fleet_import]") {
  Fleet fleet;
  auto report = fleet.import_rows(kDay1, with(rentable(19), {{"V1", "7"}, {"V1", "-1"}}));
  CHECK(report.rows_rejected == 2);
  CHECK(fleet.vehicle("V1", "plate").empty());
}

// --- field counts ---------------------------------------------------------------------------

TEST_CASE("fleet import: a row with more fields than the header is rejected at the first "
          "extra one",
          "[fleet_import]") {
  Fleet fleet;
  Row before{"V1", "-2"};
  before.lost_income = "500";
  fleet.import_rows(kDay1, with(rentable(19), {before}));
  std::string text = fleet_csv(rentable(19));
  // An unquoted thousands separator: 1,280 are two fields.
  text += "V1,京AV1,车主V1,13800138000,北京,-2,,2026-01-01,,1,280\n";
  auto report = fleet.import_file(fleet.write("extra.csv", text), kDay2);
  CHECK(report.rows_rejected == 1);
  CHECK(report.held == 1);
  CHECK(*fleet.vehicle_number("V1", "lost_income") == Approx(500));
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find(":21:11: the row has 11 fields, the header 10") !=
        std::string::npos);
}

TEST_CASE("fleet import: trailing empty fields (Excel's trailing commas) are ignored",
          "[fleet_import]") {
  Fleet fleet;
  std::string text = kHeader;
  text += "V1,京AV1,车主V1,13800138000,北京,-1,,2026-01-01,,,,,\n";
  auto report = fleet.import_file(fleet.write("trailing.csv", text), kDay1);
  CHECK(report.rows_rejected == 0);
  CHECK(fleet.vehicle("V1", "status") == "-1");
}

TEST_CASE("fleet import: a header's trailing empty cells do not count as columns",
          "[fleet_import]") {
  Fleet fleet;
  std::string header = kHeader;
  header.insert(header.size() - 1, ",,");
  std::string text = header + "V1,京AV1,车主V1,13800138000,北京,-1,,2026-01-01,,\n";
  auto report = fleet.import_file(fleet.write("header.csv", text), kDay1);
  CHECK(report.rows_rejected == 0);
  CHECK(fleet.vehicle("V1", "status") == "-1");
}

TEST_CASE("fleet import: a row with fewer fields than the header is rejected", "[fleet_import]") {
  Fleet fleet;
  std::string text = fleet_csv(rentable(19)) + "V1,京AV1,车主V1,13800138000,北京,-1\n";
  auto report = fleet.import_file(fleet.write("short.csv", text), kDay1);
  CHECK(report.rows_rejected == 1);
  CHECK(fleet.vehicle("V1", "plate").empty());
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find(":21:7: the row has 6 fields, the header 10") !=
        std::string::npos);
}

// --- cell contents --------------------------------------------------------------------------

TEST_CASE("fleet import: a NUL byte in a cell rejects the row", "[fleet_import]") {
  Fleet fleet;
  std::string text = fleet_csv(rentable(19));
  text += "V1,京AV1,车主";
  text += '\0';
  text += "V1,13800138000,北京,-1,,,,\n";
  auto report = fleet.import_file(fleet.write("nul-byte.csv", text), kDay1);
  CHECK(report.rows_rejected == 1);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find(":21:3: owner_name: holds a NUL byte") !=
        std::string::npos);
}

TEST_CASE("fleet import: control characters in one-line fields become spaces",
          "[fleet_import]") {
  Fleet fleet;
  std::string text = kHeader;
  text += "V1,京AV1,\"张\x1b[31m三\r\n李\",13800138000,北\t京,-1,,,,\n";
  fleet.import_file(fleet.write("controls.csv", text), kDay1);
  CHECK(fleet.vehicle("V1", "owner_name") == "张 [31m三  李");
  CHECK(fleet.vehicle("V1", "city") == "北 京");
}

// --- refusals ------------------------------------------------------------------------------

TEST_CASE("fleet import: a snapshot older than the newest imported is refused",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay2, {{"V1", "-1"}});
  auto before = fleet.fingerprint();
  try {
    fleet.import_rows(kDay1, {{"V1", "1"}});
    FAIL("a backdated snapshot was imported");
  } catch (const ownercare::InputError& error) {
    CHECK(error.code() == ExitCode::refused);
  }
  CHECK(fleet.fingerprint() == before);
}

TEST_CASE("fleet import: more than 10% invalid rows refuse the file and write nothing",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, rentable(3));
  auto before = fleet.fingerprint();
  // 2 of 10 rows invalid: 20%.
  auto rows = with(rentable(8), {{"V1", "7"}, {"V2", "-1"}});
  rows.back().plate = "";
  rows.back().id = "";
  CHECK_THROWS_AS(fleet.import_rows(kDay2, rows), ownercare::InputError);
  CHECK(fleet.fingerprint() == before);
  CHECK(fleet.vehicle("P08", "plate").empty());
}

TEST_CASE("fleet import: a refused file still gets its rejects file", "[fleet_import]") {
  Fleet fleet;
  auto rows = with(rentable(8), {{"V1", "7"}, {"V2", "-1", "not a date"}});
  CHECK_THROWS_AS(fleet.import_rows(kDay1, rows), ownercare::InputError);
  auto rejects_path = fleet.dir / "fleet-2026-03-10.rejects.csv";
  REQUIRE(std::filesystem::exists(rejects_path));
  auto rejects = read_csv(rejects_path);
  REQUIRE(rejects.size() == 3);
  CHECK(std::vector<std::string>(rejects[0].begin(), rejects[0].begin() + 5) ==
        std::vector<std::string>{"line", "column", "field", "value", "reason"});
  // V1 is on line 10 (header, 8 padding rows); status is the 6th column.
  CHECK(rejects[1][0] == "10");
  CHECK(rejects[1][1] == "6");
  CHECK(rejects[1][2] == "status");
  CHECK(rejects[1][3] == "7");
  CHECK(rejects[1][4].find("not one of 1, 0, -1, -2") != std::string::npos);
  CHECK(rejects[1][5] == "V1");  // the original cells follow
  CHECK(rejects[2][0] == "11");
  CHECK(rejects[2][1] == "7");
  CHECK(rejects[2][2] == "status_since");
}

TEST_CASE("fleet import: a few invalid rows are rejected and the rest imported",
          "[fleet_import]") {
  Fleet fleet;
  auto report = fleet.import_rows(kDay1, with(rentable(9), {{"V1", "7"}}));  // 1 of 10
  CHECK(report.rows_rejected == 1);
  CHECK(report.added == 9);
  REQUIRE(report.rejects_file);
  CHECK(std::filesystem::exists(*report.rejects_file));
  REQUIRE(report.reject_messages.size() == 1);
  auto file = (fleet.dir / "fleet-2026-03-10.csv").string();
  CHECK(report.reject_messages[0].rfind(file + ":11:6: status: ", 0) == 0);
  CHECK(fleet.vehicle("V1", "plate").empty());
}

TEST_CASE("fleet import: a mass disappearance is a safety stop and writes nothing",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(18), {{"V1", "-1"}, {"V2", "-1"}}));
  auto before = fleet.fingerprint();
  try {
    fleet.import_rows(kDay2, rentable(18));  // 2 of 20 missing: 10%
    FAIL("the mass disappearance was imported");
  } catch (const ownercare::SafetyError& error) {
    CHECK(error.code() == ExitCode::safety);
  }
  CHECK(fleet.fingerprint() == before);
}

TEST_CASE("fleet import: force imports a mass disappearance", "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(18), {{"V1", "-1"}, {"V2", "-1"}}));
  auto report = fleet.import_rows(kDay2, rentable(18), true);
  CHECK(report.gone == 2);
  CHECK(report.episodes_closed == 0);  // paused, for resume_days
  CHECK_FALSE(report.warnings.empty());
  CHECK(fleet.vehicle("V1", "gone_on") == "2026-03-11");
  CHECK(fleet.count("SELECT forced FROM import_log WHERE as_of = '2026-03-11'") == 1);
}

TEST_CASE("fleet import: a vehicle id twice in one file is rejected the second time",
          "[fleet_import]") {
  Fleet fleet;
  auto report =
      fleet.import_rows(kDay1, with(rentable(9), {{"V1", "-1"}, {"V1", "0"}}));  // 1 of 11
  CHECK(report.rows_rejected == 1);
  CHECK(report.added == 10);
  CHECK(fleet.vehicle("V1", "status") == "-1");
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find("vehicle_id") != std::string::npos);
  CHECK(report.reject_messages[0].find("more than once") != std::string::npos);
}

TEST_CASE("fleet import: a known vehicle id twice in one file is rejected the second time",
          "[fleet_import]") {
  Fleet fleet;
  fleet.import_rows(kDay1, with(rentable(9), {{"V1", "-1"}}));
  auto report = fleet.import_rows(kDay2, with(rentable(9), {{"V1", "-1"}, {"V1", "1"}}));
  CHECK(report.rows_rejected == 1);
  CHECK(fleet.vehicle("V1", "status") == "-1");
  CHECK(fleet.episodes("V1").size() == 1);
}

TEST_CASE("fleet import: status_since after the snapshot date is rejected", "[fleet_import]") {
  Fleet fleet;
  auto report = fleet.import_rows(kDay1, with(rentable(9), {{"V1", "-1", "2026-03-11"}}));
  CHECK(report.rows_rejected == 1);
  CHECK(fleet.vehicle("V1", "plate").empty());
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find(":11:7: status_since:") != std::string::npos);
}

TEST_CASE("fleet import: a missing required column refuses the file, naming it",
          "[fleet_import]") {
  Fleet fleet;
  auto file = fleet.write("no-status.csv", "vehicle_id,plate,owner_phone\nV1,京A1,13800138000\n");
  try {
    fleet.import_file(file, kDay1);
    FAIL("a file without status was imported");
  } catch (const ownercare::InputError& error) {
    CHECK(std::string(error.what()).find("status") != std::string::npos);
  }
  CHECK(fleet.count("SELECT count(*) FROM fleet_vehicle") == 0);
  CHECK(fleet.import_log_lines() == 0);
}

// --- header names and encodings ------------------------------------------------------------

TEST_CASE("fleet import: unknown columns are ignored with one warning", "[fleet_import]") {
  Fleet fleet;
  auto file = fleet.write("extra.csv",
                          "vehicle_id,plate,owner_phone,status,colour,seats\n"
                          "V1,京A1,13800138000,-1,red,5\n");
  auto report = fleet.import_file(file, kDay1);
  CHECK(report.added == 1);
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].find("colour") != std::string::npos);
  CHECK(report.warnings[0].find("seats") != std::string::npos);
}

TEST_CASE("fleet import: Chinese header names are understood", "[fleet_import]") {
  Fleet fleet;
  auto file = fleet.write("chinese.csv",
                          "车辆ID,车牌号,手机,状态\n"
                          "V1,京N12346,13800138000,-1\n");
  auto report = fleet.import_file(file, kDay1);
  CHECK(report.added == 1);
  CHECK(fleet.vehicle("V1", "plate") == "京N12346");
  CHECK(fleet.vehicle("V1", "owner_phone") == "13800138000");
  CHECK(fleet.vehicle("V1", "status") == "-1");
}

TEST_CASE("fleet import: a GB18030 file is decoded", "[fleet_import]") {
  Fleet fleet;
  // "车辆ID,车牌号,车主姓名,手机,状态\nG1,京N12346,张三,13800138000,-1\n" in GB18030.
  const std::string bytes =
      "\xB3\xB5\xC1\xBE" "ID,\xB3\xB5\xC5\xC6\xBA\xC5,\xB3\xB5\xD6\xF7\xD0\xD5\xC3\xFB,"
      "\xCA\xD6\xBB\xFA,\xD7\xB4\xCC\xAC\n"
      "G1,\xBE\xA9N12346,\xD5\xC5\xC8\xFD,13800138000,-1\n";
  auto file = fleet.write("gb.csv", bytes);
  auto report = fleet.import_file(file, kDay1);
  CHECK(report.encoding == "gb18030");
  CHECK(report.added == 1);
  CHECK(fleet.vehicle("G1", "plate") == "京N12346");
  CHECK(fleet.vehicle("G1", "owner_name") == "张三");
}

// --- normalised values ---------------------------------------------------------------------

TEST_CASE("fleet import: phones are stored normalised", "[fleet_import]") {
  Fleet fleet;
  Row mobile{"V1"};
  mobile.phone = "+86 138-0013-8000";
  Row landline{"V2"};
  landline.phone = "010-6552 9988";
  fleet.import_rows(kDay1, {mobile, landline});
  CHECK(fleet.vehicle("V1", "owner_phone") == "13800138000");
  CHECK(fleet.vehicle("V1", "phone_kind") == "mobile");
  CHECK(fleet.vehicle("V2", "owner_phone") == "01065529988");
  CHECK(fleet.vehicle("V2", "phone_kind") == "landline");
}

TEST_CASE("fleet import: an invalid or empty phone keeps the vehicle", "[fleet_import]") {
  Fleet fleet;
  Row invalid{"V1", "-1"};
  invalid.phone = "12345";
  Row empty{"V2", "-1"};
  empty.phone = "";
  auto report = fleet.import_rows(kDay1, {invalid, empty});
  CHECK(report.rows_rejected == 0);
  CHECK(report.added == 2);
  CHECK(fleet.vehicle("V1", "phone_kind") == "invalid");
  CHECK(fleet.vehicle("V2", "phone_kind") == "empty");
}

TEST_CASE("fleet import: reject rates as share, percentage and percent sign agree",
          "[fleet_import]") {
  Fleet fleet;
  Row percent_sign{"V1"};
  percent_sign.reject_rate = "85%";
  Row share{"V2"};
  share.reject_rate = "0.85";
  Row percentage{"V3"};
  percentage.reject_rate = "85";
  auto report = fleet.import_rows(kDay1, {percent_sign, share, percentage});
  CHECK(report.rows_rejected == 0);
  for (const char* id : {"V1", "V2", "V3"}) {
    INFO(id);
    auto rate = fleet.vehicle_number(id, "reject_rate");
    REQUIRE(rate);
    CHECK(*rate == Approx(0.85));
  }
}

TEST_CASE("fleet import: lost income in yuan with a currency sign and separators",
          "[fleet_import]") {
  Fleet fleet;
  Row row{"V1", "-2"};
  row.lost_income = "\"¥1,234.50\"";
  fleet.import_rows(kDay1, {row});
  auto income = fleet.vehicle_number("V1", "lost_income");
  REQUIRE(income);
  CHECK(*income == Approx(1234.5));
}

TEST_CASE("fleet import: nights that change nothing leave the fleet tables and the file as "
          "they were",
          "[fleet_import]") {
  // 2,000 vehicles, 300 of them in an episode: thirty unchanged nights must write nothing but
  // one import_log line each (the database grows with changes, never with nights x fleet).
  Fleet fleet;
  auto rows = rentable(1700);
  for (int i = 0; i < 300; ++i) rows.push_back({"N" + std::to_string(1000 + i), "-1", "2026-02-20"});
  fleet.import_rows(Date(2026, 3, 1), rows);
  fleet.db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  long long pages = fleet.count("PRAGMA page_count");
  for (int night = 2; night <= 31; ++night) {
    auto report = fleet.import_rows(Date(2026, 3, static_cast<unsigned>(night)), rows);
    CHECK(report.unchanged == 2000);
    CHECK(report.changed + report.added + report.gone == 0);
  }
  fleet.db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  CHECK(fleet.count("SELECT count(*) FROM fleet_vehicle") == 2000);
  CHECK(fleet.count("SELECT count(*) FROM status_episode") == 300);
  CHECK(fleet.count("SELECT count(*) FROM import_log") == 31);
  // Thirty small log lines fit in the pages there were; 30 nights x 2,000 rows would not.
  CHECK(fleet.count("PRAGMA page_count") <= pages + 2);
}

TEST_CASE("fleet import: a disappearance limit that is not a number still stops",
          "[fleet_import]") {
  // nan compared false with every count: 14 of 16 vehicles vanished with exit 0.
  Fleet fleet;
  fleet.import_rows(kDay1, rentable(16));
  ImportOptions options;
  options.file = fleet.write("fleet-2.csv", fleet_csv(rentable(2)));
  options.as_of = kDay2;
  options.max_disappear_share = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(ownercare::ingest::import_fleet(fleet.db, options), ownercare::SafetyError);
}

TEST_CASE("fleet import: an invalid-row limit that is not a number still refuses",
          "[fleet_import]") {
  Fleet fleet;
  ImportOptions options;
  options.file = fleet.write("fleet-1.csv", fleet_csv(with(rentable(2), {{"V1", "7"}})));
  options.as_of = kDay1;
  options.max_invalid_share = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(ownercare::ingest::import_fleet(fleet.db, options), ownercare::InputError);
}

TEST_CASE("fleet import: progress goes through read, compare and write, the read in bytes",
          "[fleet_import][progress]") {
  Fleet fleet;
  ImportOptions options;
  options.file = fleet.write("fleet-1.csv", fleet_csv(rentable(9000)));
  options.as_of = kDay1;
  ownercare::test::ProgressLog log;
  options.progress = &log;
  ownercare::ingest::import_fleet(fleet.db, options);
  auto phases = log.phases();
  REQUIRE(log.names() == std::vector<std::string>{"read", "compare", "write"});
  const auto size = std::filesystem::file_size(options.file);
  CHECK(phases[0].unit == ownercare::ProgressUnit::bytes);
  CHECK(phases[0].total == size);
  CHECK(phases[0].last == size);  // the end of the file is reported
  CHECK(phases[1].total == 9000u);
  CHECK(phases[1].updates == 2);  // every 4096 rows, not per row
  CHECK(phases[1].last == 8192);
  CHECK(phases[2].total == 9000u);
  CHECK(phases[2].updates == 2);

  // The same vehicles again the next day: nothing to write.
  ownercare::test::ProgressLog again;
  options.file = fleet.write("fleet-2.csv", fleet_csv(rentable(9000)));
  options.as_of = kDay2;
  options.progress = &again;
  ownercare::ingest::import_fleet(fleet.db, options);
  REQUIRE(again.names() == std::vector<std::string>{"read", "compare", "write"});
  CHECK(again.phases()[2].total == 0u);
}

TEST_CASE("fleet import: from stdin the read phase has no total", "[fleet_import][progress]") {
  ImportOptions options;
  options.file = "-";
  CHECK_FALSE(ownercare::ingest::input_size(options));
  TempDir dir;
  options.file = dir / "none.csv";
  CHECK_FALSE(ownercare::ingest::input_size(options));
  write_text(dir / "three.csv", "abc");
  options.file = dir / "three.csv";
  CHECK(ownercare::ingest::input_size(options) == 3u);
}

// The rows of one id, stored unchanged, in both ways of finding unchanged rows: the first row
// of the file wins and the message names its line, whichever way it was found.
TEST_CASE("fleet import: a stored unchanged id repeated is rejected naming its first line, "
          "settled while reading or compared after",
          "[fleet_import]") {
  for (bool settle : {true, false}) {
    CAPTURE(settle);
    Fleet fleet;
    fleet.settle_unchanged = settle;
    fleet.import_rows(kDay1, with(rentable(29), {{"V1", "-1"}}));
    // V1 unchanged on line 2, then again changed on line 32; P03 changed on line 5, then
    // unchanged on line 33 (20 rejected rows would be too many: 2 of 32).
    auto rows = rentable(29);
    rows.insert(rows.begin(), Row{"V1", "-1"});
    rows.push_back({"V1", "1"});
    rows[3].status = "0";  // P03
    rows.push_back({"P03", "1"});
    auto report = fleet.import_rows(kDay2, rows);
    CHECK(report.rows_rejected == 2);
    CHECK(report.unchanged == 29);
    CHECK(report.changed == 1);
    CHECK(fleet.vehicle("V1", "status") == "-1");
    CHECK(fleet.vehicle("P03", "status") == "0");
    REQUIRE(report.reject_messages.size() == 2);
    CHECK(report.reject_messages[0].find("first on line 2") != std::string::npos);
    CHECK(report.reject_messages[1].find("first on line 5") != std::string::npos);
  }
}

TEST_CASE("fleet import: a rejected row holds its id against a later unchanged row, settled "
          "while reading or compared after",
          "[fleet_import]") {
  for (bool settle : {true, false}) {
    CAPTURE(settle);
    Fleet fleet;
    fleet.settle_unchanged = settle;
    fleet.import_rows(kDay1, with(rentable(29), {{"V1", "-1"}}));
    auto rows = rentable(29);
    Row bad{"V1", "-1"};
    bad.status = "7";  // not a status
    rows.insert(rows.begin(), bad);
    rows.push_back({"V1", "-1"});  // as stored, but after the rejected row
    auto report = fleet.import_rows(kDay2, rows);
    CHECK(report.rows_rejected == 2);
    CHECK(report.held == 1);
    CHECK(report.unchanged == 29);
    CHECK(report.gone == 0);
    CHECK(fleet.vehicle("V1", "status") == "-1");
  }
}

TEST_CASE("fleet import: a new login, reject rate and lost income are written and keep the "
          "episode; with a new phone the change is kept too",
          "[fleet_import]") {
  Fleet fleet;
  Row offline{"V1", "-1", "2026-03-01"};
  Row rentable_owner{"V2"};
  fleet.import_rows(kDay1, with(rentable(29), {offline, rentable_owner}));
  offline.login = "2026-03-11";
  offline.reject_rate = "0.5";
  offline.lost_income = "120";
  rentable_owner.login = "2026-03-11 08:30";
  rentable_owner.phone = "13900139000";
  auto report = fleet.import_rows(kDay2, with(rentable(29), {offline, rentable_owner}));
  CHECK(report.changed == 2);
  CHECK(report.unchanged == 29);
  CHECK(report.episodes_opened == 0);
  CHECK(report.episodes_closed == 0);
  CHECK(fleet.vehicle("V1", "last_login") == "2026-03-11");
  CHECK(fleet.vehicle("V1", "reject_rate") == "0.5");
  CHECK(fleet.vehicle("V1", "lost_income") == "120.0");
  CHECK(fleet.vehicle("V2", "last_login") == "2026-03-11");
  CHECK(fleet.vehicle("V2", "owner_phone") == "13900139000");
  auto episodes = fleet.episodes("V1");
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].started_on == "2026-03-01");
  CHECK(fleet.count("SELECT count(*) FROM subject_change WHERE subject_id = 'V1'") == 0);
  CHECK(fleet.count("SELECT count(*) FROM subject_change WHERE subject_id = 'V2' "
                    "AND what = 'phone'") == 1);
  // The stored digest is the new facts': the same file a night later changes nothing.
  auto again = fleet.import_rows(kDay3, with(rentable(29), {offline, rentable_owner}));
  CHECK(again.changed == 0);
  CHECK(again.unchanged == 31);
}
