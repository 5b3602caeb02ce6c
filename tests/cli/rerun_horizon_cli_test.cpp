// ownercare-evaluate's rerun horizon (rerun_days): a night within it is written again byte for
// byte, one past it is refused (exit 3, naming the date and rerun_days) and nothing is created
// or changed for it; the setting comes from --rerun-days or the config.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// FC1 went offline on 03-01 (d0 SMS), FC2 on 02-25 (d4 call on 03-01, listed again after).
std::string snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                    fleet_row("FC2", "京Q58K21", "李娜", "13912340002", -1, "2026-02-25")});
}

const std::vector<std::string> kFiles = {"calls.csv", "delist.csv", "handoff.csv", "sms.csv",
                                         "summary.json"};

std::vector<std::string> day_files(const Workspace& ws, const std::string& date) {
  std::vector<std::string> texts;
  for (const auto& file : kFiles) texts.push_back(ws.read("out/" + date + "/" + file));
  return texts;
}

}  // namespace

TEST_CASE("a night within rerun_days is written again byte for byte, one past it is refused",
          "[cli][evaluate][rerun]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot()));
  const std::vector<std::string> horizon = {"--rerun-days", "3"};
  require_success(ws.evaluate("2026-03-01", horizon));
  auto first = day_files(ws, "2026-03-01");
  REQUIRE(read_csv(ws / "out/2026-03-01/calls.csv").size() == 2);  // the d4 call
  require_success(ws.evaluate("2026-03-02", horizon));
  require_success(ws.evaluate("2026-03-04", horizon));

  // 03-01 is 3 days before the newest night: kept, written again the same.
  std::filesystem::remove_all(ws / "out/2026-03-01");
  auto again = ws.evaluate("2026-03-01", horizon);
  CHECK(again.exit_code == 0);
  CHECK(day_files(ws, "2026-03-01") == first);

  // The night of 03-05 deletes what 03-01 was made of (4 days before it).
  require_success(ws.evaluate("2026-03-05", horizon));
  auto tasks = ws.export_table("tasks").out;
  std::filesystem::remove_all(ws / "out/2026-03-01");
  auto refused = ws.evaluate("2026-03-01", horizon);
  CHECK(refused.exit_code == 3);
  CHECK(refused.out.empty());
  CHECK_THAT(refused.err, Catch::StartsWith("ownercare-evaluate: error: refused: 2026-03-01 was "
                                            "evaluated, but its files cannot be written again"));
  CHECK_THAT(refused.err, Catch::Contains("the night of 2026-03-05 deleted the rows"));
  CHECK_THAT(refused.err, Catch::Contains("rerun_days (3)"));
  CHECK_FALSE(ws.exists("out/2026-03-01"));
  CHECK(ws.export_table("tasks").out == tasks);
  // A dry run of it is refused too; 03-02 (3 days before) is still written again.
  CHECK(ws.evaluate("2026-03-01", {"--rerun-days", "3", "--dry-run"}).exit_code == 3);
  CHECK(ws.evaluate("2026-03-02", horizon).exit_code == 0);
}

TEST_CASE("rerun_days comes from the config, and --rerun-days wins over it",
          "[cli][evaluate][rerun]") {
  Workspace ws;
  ws.write("ownercare.toml", "rerun_days = 1\n");
  require_success(ws.import_fleet("2026-03-01", snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--config", "ownercare.toml"}));
  require_success(ws.evaluate("2026-03-03", {"--config", "ownercare.toml", "--rerun-days", "5"}));
  CHECK(ws.evaluate("2026-03-01", {"--config", "ownercare.toml"}).exit_code == 0);
  require_success(ws.evaluate("2026-03-04", {"--config", "ownercare.toml"}));
  auto refused = ws.evaluate("2026-03-01", {"--config", "ownercare.toml"});
  CHECK(refused.exit_code == 3);
  CHECK_THAT(refused.err, Catch::Contains("rerun_days (1)"));
}

TEST_CASE("a rerun_days that is not a whole number of days from 1 is a usage error",
          "[cli][evaluate][rerun]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", snapshot()));
  CHECK(ws.evaluate("2026-03-01", {"--rerun-days", "0"}).exit_code == 2);
  ws.write("bad.toml", "rerun_days = 0\n");
  auto bad = ws.evaluate("2026-03-01", {"--config", "bad.toml"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:1:"));
  CHECK_FALSE(ws.exists("out/2026-03-01"));
}

}  // namespace ownercare::test
