// The holdout group from the config ([holdout]) and the report's lift table (SPEC 6.7, 8):
// evaluate keeps the held subjects' messages back, the report compares them with the treated.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// n vehicles gone offline (-1) on 2026-03-01; those listed in `back` are rentable again.
std::string offline_fleet(int n, const std::vector<int>& back = {}) {
  std::vector<std::string> rows;
  for (int i = 0; i < n; ++i) {
    bool rentable = std::find(back.begin(), back.end(), i) != back.end();
    auto id = "H" + std::to_string(1000 + i);
    auto phone = "138" + std::to_string(10000000 + i);
    rows.push_back(fleet_row(id, "京N" + std::to_string(10000 + i), "车主", phone,
                             rentable ? 1 : -1, rentable ? "" : "2026-03-01"));
  }
  return fleet_csv(rows);
}

std::size_t data_rows(const Workspace& ws, const std::string& file) {
  return read_csv(ws / file).size() - 1;
}

}  // namespace

TEST_CASE("the config's holdout share keeps a share of the fleet back and the report shows "
          "the lift",
          "[cli][lift]") {
  Workspace ws;
  ws.write("ownercare.toml", "[holdout]\noffline_no_login = 0.5\n");
  require_success(ws.import_fleet("2026-03-01", offline_fleet(80)));
  require_success(ws.evaluate("2026-03-01", {"--config", "ownercare.toml"}));
  auto sent = data_rows(ws, "out/2026-03-01/sms.csv");
  CHECK(sent > 20);  // about half of 80 are held
  CHECK(sent < 60);

  // Without the config every vehicle gets its day-0 SMS.
  Workspace plain;
  require_success(plain.import_fleet("2026-03-01", offline_fleet(80)));
  require_success(plain.evaluate("2026-03-01"));
  CHECK(data_rows(plain, "out/2026-03-01/sms.csv") == 80);

  std::vector<int> back;
  for (int i = 0; i < 80; i += 3) back.push_back(i);
  require_success(ws.import_fleet("2026-03-06", offline_fleet(80, back)));
  auto report = ws.run("ownercare-report",
                       {"--db", ws.db, "--config", "ownercare.toml", "--rules",
                        (source_dir() / "rules").string(), "--as-of", "2026-04-10", "--from",
                        "2026-03-01", "--to", "2026-03-07", "--format", "csv", "--table",
                        "lift"});
  REQUIRE(report.exit_code == 0);
  auto rows = parse_csv(report.out);
  REQUIRE(rows.size() >= 2);
  const auto& header = rows[0];
  auto at = [&](const std::vector<std::string>& row, const std::string& name) {
    auto found = std::find(header.begin(), header.end(), name);
    REQUIRE(found != header.end());
    return row[static_cast<std::size_t>(found - header.begin())];
  };
  const std::vector<std::string>* offline = nullptr;
  for (const auto& row : rows)
    if (row[0] == "offline_no_login") offline = &row;
  REQUIRE(offline);
  CHECK(at(*offline, "holdout_pct") == "50.0");
  CHECK(std::stoi(at(*offline, "treated")) == static_cast<int>(sent));
  CHECK(std::stoi(at(*offline, "treated")) + std::stoi(at(*offline, "held")) == 80);
  CHECK(std::stoi(at(*offline, "treated_success")) + std::stoi(at(*offline, "held_success")) ==
        static_cast<int>(back.size()));
  // Another fleet rule with a share in the rules but none in the config has no row.
  for (const auto& row : rows) CHECK(row[0] != "auto_unrentable");
}

TEST_CASE("a holdout share naming no rule, or over half, is refused with its place",
          "[cli][lift]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", offline_fleet(3)));
  ws.write("unknown.toml", "db = \"ownercare.db\"\n[holdout]\noffline_no_logon = 0.1\n");
  auto result = ws.evaluate("2026-03-01", {"--config", "unknown.toml"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("unknown.toml:3:20: [holdout] names \"offline_no_logon\", which is no "
                        "rule in ") != std::string::npos);
  CHECK_FALSE(ws.exists("out/2026-03-01"));

  ws.write("big.toml", "[holdout]\noffline_no_login = 0.7\n");
  result = ws.evaluate("2026-03-01", {"--config", "big.toml"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("big.toml:2:20:") != std::string::npos);
}

}  // namespace ownercare::test

namespace ownercare::test {

TEST_CASE("ownercare-rules reads the config's holdout shares: timeline shows them, check "
          "refuses a name that is no rule",
          "[cli][lift]") {
  Workspace ws;
  auto rules = (source_dir() / "rules").string();
  ws.write("ownercare.toml", "rules = '" + rules + "'\n[holdout]\noffline_no_login = 0.25\n");
  auto timeline = ws.run("ownercare-rules", {"timeline", "--config", "ownercare.toml",
                                             "offline_no_login"});
  REQUIRE(timeline.exit_code == 0);
  CHECK(timeline.out.find("holdout 25%") != std::string::npos);
  auto check = ws.run("ownercare-rules", {"check", "--config", "ownercare.toml", "--quiet"});
  CHECK(check.exit_code == 0);

  ws.write("typo.toml", "rules = '" + rules + "'\n[holdout]\nofline = 0.25\n");
  check = ws.run("ownercare-rules", {"check", "--config", "typo.toml"});
  CHECK(check.exit_code == 2);
  CHECK(check.err.find("typo.toml:3:10: [holdout] names \"ofline\", which is no rule in ") !=
        std::string::npos);
}

}  // namespace ownercare::test
