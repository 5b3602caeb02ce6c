// Dates from the future (issue 8, point 8; SPEC 6.9): the tools that store a night (import,
// record, evaluate) refuse an --as-of more than one day after today in the configured zone
// (exit 2, touching nothing) unless --allow-future; tomorrow is accepted (a run just before
// midnight elsewhere, or a snapshot named for the coming day). The read-only tools (report,
// rules explain) and a dry run store nothing and take any date.
//
// The tests use a date far in the future and tomorrow, so they do not depend on the day they
// run (only a run across midnight could see tomorrow become the day after).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "ownercare/cli/common.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFarFuture = "2099-01-01";

std::string today() { return cli::today(std::string("Asia/Shanghai")).iso(); }
std::string tomorrow() { return cli::today(std::string("Asia/Shanghai")).plus_days(1).iso(); }

std::string refusal(const std::string& tool) {
  return tool + ": error: --as-of 2099-01-01 is more than one day after today (" + today() +
         " in Asia/Shanghai): a night stored for it would make every real night before it be "
         "refused; give --allow-future if that date is meant\n";
}

std::string snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1)});
}

std::string rules_folder() { return (source_dir() / "rules").string(); }

}  // namespace

TEST_CASE("an import dated far in the future exits 2 and creates no database",
          "[cli][future]") {
  Workspace ws;
  auto result = ws.import_fleet(kFarFuture, snapshot());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == refusal("ownercare-import"));
  CHECK(folder_entries(ws.path()) == std::vector<std::string>{"fleet-2099-01-01.csv"});
}

TEST_CASE("an import dated tomorrow is accepted", "[cli][future]") {
  Workspace ws;
  auto result = ws.import_fleet(tomorrow(), snapshot());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("--allow-future imports a snapshot dated far in the future", "[cli][future]") {
  Workspace ws;
  auto result = ws.import_fleet(kFarFuture, snapshot(), {"--allow-future"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("evaluate and record refuse a date far in the future and store nothing",
          "[cli][future]") {
  Workspace ws;
  require_success(ws.import_fleet(today(), snapshot()));
  auto before = ws.export_table("imports").out;

  auto evaluated = ws.evaluate(kFarFuture);
  CHECK(evaluated.exit_code == 2);
  CHECK(evaluated.out.empty());
  CHECK(evaluated.err == refusal("ownercare-evaluate"));
  CHECK_FALSE(ws.exists("out"));

  auto recorded = ws.record(kFarFuture, "outcomes.csv", "task_id,result\n");
  CHECK(recorded.exit_code == 2);
  CHECK(recorded.err == refusal("ownercare-record"));

  // The real night still runs.
  auto tonight = ws.evaluate(today());
  CHECK(tonight.exit_code == 0);
  CHECK(parse_csv(ws.export_table("tasks").out).size() == 2);
}

TEST_CASE("evaluate --allow-future evaluates a date far in the future", "[cli][future]") {
  Workspace ws;
  require_success(ws.import_fleet(today(), snapshot()));
  auto result = ws.evaluate(kFarFuture, {"--allow-future"});
  CHECK(result.exit_code == 0);
  CHECK(fs::is_directory(ws / "out/2099-01-01"));
}

// [posix]: on Windows ownercare knows only Asia/Shanghai and UTC (no IANA zone database).
TEST_CASE("the zone that decides today is the config's timezone", "[cli][future][posix]") {
  // Kiritimati (UTC+14) is always 25 hours ahead of Pago Pago (UTC-11): two days after
  // today in Pago Pago is at most tomorrow in Kiritimati.
  std::string date = cli::today(std::string("Pacific/Pago_Pago")).plus_days(2).iso();
  Workspace ws;
  ws.write("west.toml", "timezone = \"Pacific/Pago_Pago\"\n");
  ws.write("east.toml", "timezone = \"Pacific/Kiritimati\"\n");
  auto west = ws.import_fleet(date, snapshot(), {"--config", "west.toml"});
  CHECK(west.exit_code == 2);
  CHECK_THAT(west.err, Catch::Contains(" in Pacific/Pago_Pago): "));
  auto east = ws.import_fleet(date, snapshot(), {"--config", "east.toml"});
  CHECK(east.exit_code == 0);
}

TEST_CASE("a dry run, the report and explain store nothing and take a date in the future",
          "[cli][future]") {
  Workspace ws;
  require_success(ws.import_fleet(today(), snapshot()));
  auto dry = ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", rules_folder(),
                                           "--as-of", kFarFuture, "--dry-run"});
  CHECK(dry.exit_code == 0);
  auto report = ws.run("ownercare-report", {"--db", Workspace::db, "--as-of", kFarFuture});
  CHECK(report.exit_code == 0);
  auto explain = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules",
                                            rules_folder(), "--as-of", kFarFuture, "FC1"});
  CHECK(explain.exit_code == 0);
}

TEST_CASE("--help of the storing tools shows --allow-future", "[cli][future]") {
  for (const char* tool : {"ownercare-import", "ownercare-record", "ownercare-evaluate"}) {
    Workspace ws;
    auto result = ws.run(tool, {"--help"});
    INFO(tool);
    CHECK_THAT(result.out, Catch::Contains("--allow-future"));
  }
}

}  // namespace ownercare::test
