// What the nightly run warns of, found by the library: a sales file without any phone column,
// too many invalid phones (max_invalid_phone_share), and the inbox's order of files and names.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/dealer_support.hpp"
#include "ownercare/cli/config.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/ingest/dealer_import.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/nightly/inbox.hpp"
#include "ownercare/store/database.hpp"
#include "support/temp_dir.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

const Date kDay(2026, 3, 1);

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& line : lines) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

ingest::DealerImportReport import_sales_text(const TempDir& dir, const std::string& text,
                                             double max_invalid_phone_share = 0.10) {
  auto file = dir / "sales-2026-03-01.csv";
  write_text(file, text);
  auto db = store::Database::open(dir / "ownercare.db", store::OpenMode::create);
  ingest::ImportOptions options;
  options.file = file;
  options.as_of = kDay;
  options.max_invalid_phone_share = max_invalid_phone_share;
  return ingest::import_sales(db, options);
}

// Sales lines of `count` vehicles, the first `invalid` of them with a phone that is no number.
std::string sales_with_invalid_phones(int count, int invalid) {
  auto lines = numbered_sales(count);
  for (int i = 0; i < invalid; ++i) lines[static_cast<std::size_t>(i)].mobile = "见备注";
  return sales_csv(lines);
}

TEST_CASE("speak up: a sales file without any phone column warns that nobody can be reached",
          "[speak_up]") {
  TempDir dir;
  auto report = import_sales_text(dir, "vin,dealer_code,sale_date\n" + test_vin(1) +
                                           ",D001,2025-01-10\n");
  CHECK(report.rows_read == 1);
  CHECK(any_contains(report.warnings,
                     "sales-2026-03-01.csv:1: no phone column recognised (mobile, "
                     "home_phone, office_phone): no SMS or call can reach these owners"));
}

TEST_CASE("speak up: a sales file with a phone column gives no such warning", "[speak_up]") {
  TempDir dir;
  auto report = import_sales_text(dir, sales_csv(numbered_sales(3)));
  CHECK_FALSE(any_contains(report.warnings, "no phone column"));
  CHECK(report.warnings.empty());
}

TEST_CASE("speak up: more invalid phones than max_invalid_phone_share warns, with the counts",
          "[speak_up]") {
  TempDir dir;
  auto report = import_sales_text(dir, sales_with_invalid_phones(20, 3));
  // The rows are kept: an invalid phone is no reason to lose the vehicle.
  CHECK(report.rows_rejected == 0);
  CHECK(report.added == 20);
  CHECK(any_contains(report.warnings, "sales-2026-03-01.csv: 3 of 20 phones (15%) are "
                                      "not valid phone numbers, more than "
                                      "max_invalid_phone_share (10%) allows"));
}

TEST_CASE("speak up: a file of fewer than 20 phones is not judged by its share", "[speak_up]") {
  TempDir dir;
  // 10 of 19 invalid: each still counts as invalid, but a share of a handful says nothing.
  CHECK(import_sales_text(dir, sales_with_invalid_phones(19, 10)).warnings.empty());
  TempDir twenty_dir;
  CHECK_FALSE(import_sales_text(twenty_dir, sales_with_invalid_phones(20, 10)).warnings.empty());
}

TEST_CASE("speak up: invalid phones at or under the share are quiet; the share is a setting",
          "[speak_up]") {
  TempDir quiet_dir;
  CHECK(import_sales_text(quiet_dir, sales_with_invalid_phones(20, 2)).warnings.empty());
  TempDir strict_dir;
  auto report = import_sales_text(strict_dir, sales_with_invalid_phones(20, 2), 0.05);
  CHECK(any_contains(report.warnings, "2 of 20 phones (10%)"));
}

TEST_CASE("speak up: a fleet file's invalid phones are counted too", "[speak_up]") {
  TempDir dir;
  auto file = dir / "fleet.csv";
  std::string text =
      "vehicle_id,plate,owner_name,owner_phone,city,status,status_since,last_login,"
      "reject_rate,lost_income\n";
  for (int n = 1; n <= 20; ++n) {
    text += "V" + std::to_string(n) + ",京A" + std::to_string(10000 + n) + ",张三," +
            (n <= 3 ? std::string("12345") : std::to_string(13800000000LL + n)) +
            ",北京,0,2026-03-01,,,\n";
  }
  write_text(file, text);
  auto db = store::Database::open(dir / "ownercare.db", store::OpenMode::create);
  ingest::ImportOptions options;
  options.file = file;
  options.as_of = kDay;
  auto report = ingest::import_fleet(db, options);
  CHECK(any_contains(report.warnings, "3 of 20 phones (15%) are not valid phone numbers"));
}

// --- config keys of the nightly run

TEST_CASE("speak up: the config reads expect, stale_days, keep_backups and the phone share",
          "[speak_up][config]") {
  TempDir dir;
  write_text(dir / "c.toml", "expect = [\"fleet\", \"outcomes\"]\nstale_days = 3\n"
                             "keep_backups = 14\nmax_invalid_phone_share = 0.2\n");
  auto config = cli::load_config(dir / "c.toml");
  REQUIRE(config.expect);
  CHECK(*config.expect == std::vector<std::string>{"fleet", "outcomes"});
  CHECK(config.stale_days == 3);
  CHECK(config.keep_backups == 14);
  CHECK(config.max_invalid_phone_share == 0.2);
}

TEST_CASE("speak up: an unknown or repeated kind in expect is refused where it stands",
          "[speak_up][config]") {
  TempDir dir;
  for (const char* value : {"[\"fleet\", \"salse\"]", "[\"fleet\", \"fleet\"]", "\"fleet\"",
                            "[1]"}) {
    INFO(value);
    write_text(dir / "c.toml", std::string("db = \"x.db\"\nexpect = ") + value + "\n");
    try {
      cli::load_config(dir / "c.toml");
      FAIL("no error");
    } catch (const UsageError& error) {
      CHECK(std::string(error.what()).find("c.toml:2:10: \"expect\" must be a list of different "
                                           "input kinds") != std::string::npos);
    }
  }
  write_text(dir / "c.toml", "stale_days = 0\n");
  CHECK_THROWS_AS(cli::load_config(dir / "c.toml"), UsageError);
}

// --- the inbox

TEST_CASE("speak up: inbox names give their kind and date; other names are not inbox files",
          "[speak_up][inbox]") {
  auto sales = nightly::inbox_name("sales-2026-12-06.csv");
  REQUIRE(sales);
  CHECK(sales->kind == "sales");
  CHECK(sales->date == Date(2026, 12, 6));
  CHECK(nightly::inbox_name("outcomes-2026-12-06.csv")->kind == "outcomes");
  for (const char* name : {"sales-2026-02-30.csv", "sales-2026-12-6.csv", "sale-2026-12-06.csv",
                           "sales-2026-12-06.CSV", "sales-2026-12-06.rejects.csv",
                           "sales_2026-12-06.csv", "-2026-12-06.csv", "fleet.csv"}) {
    INFO(name);
    CHECK_FALSE(nightly::inbox_name(name));
  }
}

TEST_CASE("speak up: the inbox lists snapshots in date order, by kind within a date, up to the "
          "night",
          "[speak_up][inbox]") {
  TempDir dir;
  for (const char* name :
       {"members-2026-12-04.csv", "sales-2026-12-05.csv", "fleet-2026-12-05.csv",
        "service-2026-12-04.csv", "sales-2026-12-04.csv", "optouts-2026-12-04.csv",
        "fleet-2026-12-07.csv", "outcomes-2026-12-05.csv", "outcomes-2026-12-04.csv",
        "notes.txt", "sales-2026-12-04.rejects.csv"}) {
    write_text(dir / name, "x\n");
  }
  fs::create_directories(dir / "fleet-2026-12-01.csv");  // a folder is no file
  auto inbox = nightly::scan_inbox(dir.path(), Date(2026, 12, 6));
  std::vector<std::string> names;
  for (const auto& file : inbox.snapshots) names.push_back(file.path.filename().string());
  CHECK(names == std::vector<std::string>{"sales-2026-12-04.csv", "service-2026-12-04.csv",
                                          "members-2026-12-04.csv", "optouts-2026-12-04.csv",
                                          "fleet-2026-12-05.csv", "sales-2026-12-05.csv"});
  names.clear();
  for (const auto& file : inbox.outcomes) names.push_back(file.path.filename().string());
  CHECK(names == std::vector<std::string>{"outcomes-2026-12-04.csv", "outcomes-2026-12-05.csv"});
}

TEST_CASE("speak up: an inbox that cannot be read is an error naming it", "[speak_up][inbox]") {
  TempDir dir;
  CHECK_THROWS_WITH(nightly::scan_inbox(dir / "missing", Date(2026, 12, 6)),
                    Catch::Contains("missing: cannot read the inbox folder"));
}

}  // namespace
}  // namespace ownercare::test
