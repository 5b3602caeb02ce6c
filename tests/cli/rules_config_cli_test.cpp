// ownercare-rules check and timeline take --config (the rules folder from the config's `rules`
// key when no folder is given; a folder given wins) and --quiet, as the other tools do.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

constexpr const char* kCheckOk =
    ": 4 rules, 22 steps, holidays 2025-01-01 to 2030-12-31 (estimated from 2027-01-01): ok\n";

// The shipped fleet rules as "good", a copy with an unknown key as "broken".
void two_folders(const Workspace& ws) {
  ws.copy_rules("good");
  ws.copy_rules("broken");
  ws.write("broken/extra.toml", "[defaults]\ncolour = \"red\"\n");
}

}  // namespace

TEST_CASE("rules check --config checks the config's rules folder", "[cli][rules][config]") {
  Workspace ws;
  two_folders(ws);
  ws.write("conf.toml", "rules = \"good\"\n");
  auto result = ws.run("ownercare-rules", {"check", "--config", "conf.toml"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith(std::string("good") + kCheckOk));
  CHECK(result.err.empty());
}

TEST_CASE("rules check: a folder given wins over the config's", "[cli][rules][config]") {
  Workspace ws;
  two_folders(ws);
  ws.write("conf.toml", "rules = \"broken\"\n");
  auto result = ws.run("ownercare-rules", {"check", "--config", "conf.toml", "good"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith(std::string("good") + kCheckOk));
  auto broken = ws.run("ownercare-rules", {"check", "good", "--config", "conf.toml"});
  CHECK(broken.exit_code == 0);
  auto config_only = ws.run("ownercare-rules", {"check", "--config", "conf.toml"});
  CHECK(config_only.exit_code == 2);
  CHECK_THAT(config_only.err, Catch::Contains("broken/extra.toml:2:1: "));
}

TEST_CASE("rules check --quiet prints nothing on success; errors still go to stderr",
          "[cli][rules]") {
  Workspace ws;
  two_folders(ws);
  for (const char* quiet : {"--quiet", "-q"}) {
    INFO(quiet);
    auto good = ws.run("ownercare-rules", {"check", quiet, "good"});
    CHECK(good.exit_code == 0);
    CHECK(good.out.empty());
    CHECK(good.err.empty());
    auto broken = ws.run("ownercare-rules", {"check", "broken", quiet});
    CHECK(broken.exit_code == 2);
    CHECK(broken.out.empty());
    CHECK_THAT(broken.err, Catch::StartsWith("ownercare-rules: error: broken/extra.toml:2:1: "));
  }
  ws.write("conf.toml", "rules = \"good\"\n");
  auto both = ws.run("ownercare-rules", {"check", "--config", "conf.toml", "--quiet"});
  CHECK(both.exit_code == 0);
  CHECK(both.out.empty());
  CHECK(both.err.empty());
}

TEST_CASE("rules check without a folder or a config's rules exits 2 saying what is missing",
          "[cli][rules][config]") {
  Workspace ws;
  ws.write("conf.toml", "db = \"x.db\"\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"check"}, {"check", "--config", "conf.toml"}}) {
    auto result = ws.run("ownercare-rules", args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err ==
          "ownercare-rules: error: check needs the rules folder: give DIR (or rules in the "
          "--config file)\n");
  }
}

TEST_CASE("rules timeline --config reads the config's rules folder", "[cli][rules][config]") {
  Workspace ws;
  two_folders(ws);
  ws.write("conf.toml", "rules = \"good\"\n");
  auto plain = ws.run("ownercare-rules",
                      {"timeline", "good", "offline_no_login", "--start", "2026-03-01"});
  REQUIRE(plain.exit_code == 0);
  auto configured = ws.run("ownercare-rules", {"timeline", "--config", "conf.toml",
                                               "offline_no_login", "--start", "2026-03-01"});
  CHECK(configured.exit_code == 0);
  CHECK(configured.out == plain.out);
  CHECK(configured.err.empty());
  // A folder given wins: the broken folder of the config is not read.
  ws.write("conf.toml", "rules = \"broken\"\n");
  auto given = ws.run("ownercare-rules", {"timeline", "--config", "conf.toml", "good",
                                          "offline_no_login", "--start", "2026-03-01"});
  CHECK(given.exit_code == 0);
  CHECK(given.out == plain.out);
}

TEST_CASE("rules timeline --quiet still prints the timeline asked for", "[cli][rules]") {
  Workspace ws;
  ws.copy_rules("good");
  auto plain = ws.run("ownercare-rules", {"timeline", "good", "owner_paused"});
  REQUIRE(plain.exit_code == 0);
  auto quiet = ws.run("ownercare-rules", {"timeline", "--quiet", "good", "owner_paused"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out == plain.out);
  CHECK(quiet.err.empty());
}

TEST_CASE("rules timeline with only a rule and no config exits 2 saying what is missing",
          "[cli][rules][config]") {
  Workspace ws;
  auto result = ws.run("ownercare-rules", {"timeline", "owner_paused"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-rules: error: timeline needs the rules folder: give DIR RULE (or rules in the "
        "--config file and RULE)\n");
}

TEST_CASE("rules check and timeline report a broken config located", "[cli][rules][config]") {
  auto args = GENERATE(values<std::vector<std::string>>(
      {{"check", "--config", "conf.toml"}, {"timeline", "--config", "conf.toml", "owner_paused"}}));
  Workspace ws;
  ws.write("conf.toml", "rules = \"good\"\nrule = \"x\"\n");
  auto result = ws.run("ownercare-rules", args);
  INFO(args[0]);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err,
             Catch::StartsWith("ownercare-rules: error: conf.toml:2:1: unknown key \"rule\""));
}

}  // namespace ownercare::test
