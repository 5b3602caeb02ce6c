// What every tool shares, run through the real binaries: --help with the exit-code table, the
// usage errors (unknown flag, missing --db or --as-of, bad date) and the --config file (paths
// relative to its folder, flags winning over it, located problems). A usage error must exit 2,
// print one "tool: error: ..." line per problem on stderr, print nothing on stdout and touch
// no file.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

const std::vector<std::string> kTools = {"ownercare-import", "ownercare-evaluate",
                                         "ownercare-record", "ownercare-rules",
                                         "ownercare-export", "ownercare-report"};

// The exit-code table as README and SPEC 7 document it; every --help must show it.
constexpr const char* kExitCodeTable =
    "Exit codes:\n"
    "  0  done\n"
    "  1  unexpected failure (I/O, database); nothing half-written\n"
    "  2  usage error (bad flags, bad config, bad rules)\n"
    "  3  input refused (unreadable, wrong columns, too many invalid rows, backdated)\n"
    "  4  safety stop (a snapshot would make too many vehicles disappear)\n"
    "  5  another run holds the lock\n";

std::string rules_folder() { return (source_dir() / "rules").string(); }

// For each tool, arguments that are complete except for what a test leaves out or adds.
struct Invocation {
  std::string tool;
  std::vector<std::string> args;
};

}  // namespace

TEST_CASE("--help exits 0 and prints the exit-code table", "[cli][common]") {
  auto tool = GENERATE(from_range(kTools));
  Workspace ws;
  auto result = ws.run(tool, {"--help"});
  INFO(tool);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("Usage: " + tool));
  CHECK_THAT(result.out, Catch::Contains(kExitCodeTable));
  CHECK(result.err.empty());
}

TEST_CASE("-h wins over the other problems of a command line", "[cli][common]") {
  // A user who asks for help must get it, not a complaint about what they typed so far.
  auto tool = GENERATE(from_range(kTools));
  Workspace ws;
  auto result = ws.run(tool, {"--as-of", "not-a-date", "-h"});
  INFO(tool);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("Usage: " + tool));
  CHECK(result.err.empty());
}

TEST_CASE("an unknown flag exits 2 naming the flag, with nothing on stdout", "[cli][common]") {
  auto invocation = GENERATE(values<Invocation>({
      {"ownercare-import", {"--bogus", "fleet.csv"}},
      {"ownercare-evaluate", {"--bogus"}},
      {"ownercare-record", {"--bogus", "outcomes.csv"}},
      {"ownercare-rules", {"check", "--bogus", "rules"}},
      {"ownercare-export", {"--bogus", "vehicles"}},
      {"ownercare-report", {"--bogus"}},
  }));
  Workspace ws;
  auto result = ws.run(invocation.tool, invocation.args);
  INFO(invocation.tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  // The wording in the middle is CLI11's; the frame and the flag's name are ours.
  CHECK_THAT(result.err, Catch::StartsWith(invocation.tool + ": error: "));
  CHECK_THAT(result.err, Catch::Contains("--bogus"));
  CHECK_THAT(result.err, Catch::EndsWith("(see " + invocation.tool + " --help)\n"));
  CHECK(split_lines(result.err).size() == 1);
}

TEST_CASE("an unknown flag is named even when the positional argument is missing too",
          "[cli][common]") {
  // `ownercare-import --froce` (a typo, file forgotten) must point at the typo: "file is
  // required" sends the user looking in the wrong place.
  auto tool = GENERATE(as<std::string>{}, "ownercare-import", "ownercare-record",
                       "ownercare-export");
  Workspace ws;
  auto result = ws.run(tool, {"--bogus"});
  INFO(tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("--bogus"));
}

TEST_CASE("a missing --db exits 2 naming the flag and the config key", "[cli][common]") {
  auto invocation = GENERATE(values<Invocation>({
      {"ownercare-import", {"--kind", "fleet", "--as-of", "2026-03-01", "fleet.csv"}},
      {"ownercare-evaluate", {"--rules", rules_folder(), "--as-of", "2026-03-01", "--out", "out"}},
      {"ownercare-record", {"--as-of", "2026-03-01", "outcomes.csv"}},
      {"ownercare-rules", {"explain", "--rules", rules_folder(), "--as-of", "2026-03-01", "FC1"}},
      {"ownercare-export", {"vehicles"}},
      {"ownercare-report", {"--as-of", "2026-03-01"}},
  }));
  Workspace ws;
  auto result = ws.run(invocation.tool, invocation.args);
  INFO(invocation.tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == invocation.tool + ": error: --db is required (or db in the --config file)\n");
  CHECK(folder_entries(ws.path()).empty());
}

TEST_CASE("a missing --as-of exits 2 and creates no database", "[cli][common]") {
  auto invocation = GENERATE(values<Invocation>({
      {"ownercare-import", {"--db", "ownercare.db", "--kind", "fleet", "fleet.csv"}},
      {"ownercare-evaluate", {"--db", "ownercare.db", "--rules", rules_folder(), "--out", "out"}},
  }));
  Workspace ws;
  ws.write("fleet.csv", fleet_csv({}));
  auto result = ws.run(invocation.tool, invocation.args);
  INFO(invocation.tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == invocation.tool + ": error: --as-of DATE is required\n");
  CHECK_FALSE(ws.exists("ownercare.db"));
}

TEST_CASE("an --as-of that is not a calendar date exits 2 quoting it", "[cli][common]") {
  auto invocation = GENERATE(values<Invocation>({
      {"ownercare-import",
       {"--db", "ownercare.db", "--kind", "fleet", "--as-of", "2026-02-30", "fleet.csv"}},
      {"ownercare-evaluate",
       {"--db", "ownercare.db", "--rules", rules_folder(), "--out", "out", "--as-of",
        "2026-02-30"}},
      {"ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-02-30", "outcomes.csv"}},
      {"ownercare-rules",
       {"explain", "--db", "ownercare.db", "--rules", rules_folder(), "--as-of", "2026-02-30",
        "FC1"}},
  }));
  Workspace ws;
  auto result = ws.run(invocation.tool, invocation.args);
  INFO(invocation.tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        invocation.tool + ": error: --as-of \"2026-02-30\" is not a date (YYYY-MM-DD)\n");
}

// --- --config ----------------------------------------------------------------------------

TEST_CASE("--config supplies --db, --rules and --out, relative to the config's folder",
          "[cli][common][config]") {
  Workspace ws;
  ws.copy_rules("conf/rules");
  std::filesystem::create_directories(ws / "conf/data");
  ws.write("conf/ownercare.toml", "db = \"data/ownercare.db\"\nrules = \"rules\"\nout = \"out\"\n");
  ws.write("fleet.csv", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1,
                                             "2026-03-01")}));

  auto imported = ws.run("ownercare-import", {"--config", "conf/ownercare.toml", "--kind",
                                              "fleet", "--as-of", "2026-03-01", "fleet.csv"});
  require_success(imported);
  auto evaluated =
      ws.run("ownercare-evaluate", {"--config", "conf/ownercare.toml", "--as-of", "2026-03-01"});
  require_success(evaluated);

  CHECK(evaluated.out ==
        "2026-03-01: 1 sms, 0 calls, 0 hand-offs, 0 delistings -> conf/out/2026-03-01\n");
  CHECK(evaluated.err.empty());
  CHECK(ws.exists("conf/data/ownercare.db"));
  CHECK(ws.exists("conf/out/2026-03-01/sms.csv"));
  CHECK_FALSE(ws.exists("ownercare.db"));
  CHECK_FALSE(ws.exists("out"));
}

TEST_CASE("a flag given on the command line wins over the config", "[cli][common][config]") {
  Workspace ws;
  std::filesystem::create_directories(ws / "conf/data");
  ws.write("conf/ownercare.toml", "db = \"data/ownercare.db\"\nout = \"out\"\n");
  ws.write("fleet.csv", fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1,
                                             "2026-03-01")}));

  require_success(ws.run("ownercare-import",
                         {"--config", "conf/ownercare.toml", "--db", "flag.db", "--kind", "fleet",
                          "--as-of", "2026-03-01", "fleet.csv"}));
  auto evaluated = ws.run("ownercare-evaluate",
                          {"--config", "conf/ownercare.toml", "--db", "flag.db", "--rules",
                           rules_folder(), "--out", "elsewhere", "--as-of", "2026-03-01"});
  require_success(evaluated);

  CHECK(ws.exists("flag.db"));
  CHECK(ws.exists("elsewhere/2026-03-01/sms.csv"));
  CHECK_FALSE(ws.exists("conf/data/ownercare.db"));
  CHECK_FALSE(ws.exists("conf/out"));
}

TEST_CASE("a config with an unknown key exits 2 with file:line:col", "[cli][common][config]") {
  auto invocation = GENERATE(values<Invocation>({
      {"ownercare-import", {"--kind", "fleet", "--as-of", "2026-03-01", "fleet.csv"}},
      {"ownercare-evaluate", {"--as-of", "2026-03-01"}},
      {"ownercare-record", {"--as-of", "2026-03-01", "outcomes.csv"}},
      {"ownercare-rules", {"explain", "--as-of", "2026-03-01", "FC1"}},
      {"ownercare-export", {"vehicles"}},
  }));
  Workspace ws;
  ws.write("conf.toml", "db = \"x.db\"\ndbb = \"y.db\"\n");
  auto args = invocation.args;
  args.insert(args.begin() + (invocation.tool == "ownercare-rules" ? 1 : 0),
              {"--config", "conf.toml"});
  auto result = ws.run(invocation.tool, args);
  INFO(invocation.tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == invocation.tool +
                          ": error: conf.toml:2:1: unknown key \"dbb\" (known: db, rules, out, "
                          "inbox, archive, log, reports, timezone, encoding, bom, xlsx, "
                          "max_disappear_share, max_invalid_share, max_first_night_share, "
                              "resume_days, max_field_bytes, columns, outcome_values, expect, "
                              "stale_days, keep_backups, retain_days, rerun_days, "
                              "max_invalid_phone_share, headers, holdout)\n");
  CHECK_FALSE(ws.exists("x.db"));
}

TEST_CASE("a config value of the wrong type is located at the value", "[cli][common][config]") {
  Workspace ws;
  ws.write("conf.toml", "db = \"x.db\"\nbom = \"yes\"\nmax_invalid_share = 2\n");
  auto result = ws.run("ownercare-export", {"--config", "conf.toml", "vehicles"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err,
             Catch::Contains("ownercare-export: error: conf.toml:2:7: \"bom\" must be true or "
                             "false\n"));
  CHECK_THAT(result.err,
             Catch::Contains("ownercare-export: error: conf.toml:3:21: \"max_invalid_share\" "
                             "is 2, must be from 0 to 1\n"));
}

TEST_CASE("a config with a TOML syntax error exits 2 located in the file",
          "[cli][common][config]") {
  Workspace ws;
  ws.write("conf.toml", "db = \"x.db\"\nrules = \"unterminated\n");
  auto result = ws.run("ownercare-evaluate", {"--config", "conf.toml", "--as-of", "2026-03-01"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-evaluate: error: conf.toml:2:"));
  CHECK(split_lines(result.err).size() == 1);
}

TEST_CASE("a config file that does not exist exits 2 naming it", "[cli][common][config]") {
  Workspace ws;
  auto result = ws.run("ownercare-export", {"--config", "nowhere.toml", "vehicles"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-export: error: nowhere.toml: cannot read: No such file or directory\n");
}

}  // namespace ownercare::test
