// ownercare-nightly (and scripts/nightly, which runs it), run for real on a copy of examples/
// (config, inbox of three nights' snapshots and outcomes): what cron relies on. A good night prints
// nothing, writes OUT/DATE/, archives what it processed and appends one summary line to the
// log; a held lock exits 5 before touching anything; a bad snapshot stops the night with the
// import's exit code, before any outcome is recorded or anything is evaluated, and stays in
// the inbox; a night run twice gives the same files.
#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/types.h>
#endif

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kNights = {"2026-09-26", "2026-09-27", "2026-09-28"};
// In name order, as folder_entries() lists them.
const std::vector<std::string> kInboxFiles = {
    "fleet-2026-09-26.csv",    "fleet-2026-09-27.csv",    "fleet-2026-09-28.csv",
    "members-2026-09-26.csv",  "members-2026-09-27.csv",  "members-2026-09-28.csv",
    "outcomes-2026-09-27.csv", "outcomes-2026-09-28.csv", "sales-2026-09-26.csv",
    "sales-2026-09-27.csv",    "sales-2026-09-28.csv",    "service-2026-09-26.csv",
    "service-2026-09-27.csv"};
// examples/ownercare.toml has xlsx = true: the lists for people too.
const std::vector<std::string> kOutputFiles = {"calls.csv",    "calls.xlsx", "delist.csv",
                                               "handoff.csv",  "handoff.xlsx", "sms.csv",
                                               "summary.json"};

// A copy of examples/ as "examples/" beside a copy of rules/ (the config names "../rules"),
// so the script's relative paths resolve as they do in scripts/demo.
class NightlyExample {
 public:
  NightlyExample() {
    auto examples = source_dir() / "examples";
    fs::create_directories(work_ / "examples" / "inbox");
    fs::copy_file(examples / "ownercare.toml", work_ / "examples" / "ownercare.toml");
    for (const auto& name : kInboxFiles) {
      fs::copy_file(examples / "inbox" / name, work_ / "examples" / "inbox" / name);
    }
    work_.copy_rule_files("rules", {"fleet_status.toml", "dealer_care.toml", "warranty.toml",
                                    "carwash.toml"});
  }

  // Runs ownercare-nightly for one night; `environment` is put before the command, `flags`
  // after it.
  // Without `environment` the tool is run directly (Workspace::run), so on Windows too.
  RunResult nightly(const std::string& night, const std::string& environment = "",
                    const std::string& flags = "") const {
    if (environment.empty()) {
      std::vector<std::string> args = {"--config", "examples/ownercare.toml", "--date", night};
      std::size_t start = 0;
      while (start < flags.size()) {
        auto space = flags.find(' ', start);
        if (space == std::string::npos) space = flags.size();
        if (space > start) args.push_back(flags.substr(start, space - start));
        start = space + 1;
      }
      return work_.run("ownercare-nightly", args);
    }
    return work_.shell(environment + " " +
                       shell_quote((binary_dir() / "ownercare-nightly").string()) +
                       " --config examples/ownercare.toml --date " + night + " " + flags +
                       " </dev/null");
  }
  // The same through scripts/nightly, as crontabs written for it run it.
  RunResult script(const std::string& night, const std::string& flags = "") const {
    return work_.shell(shell_quote((source_dir() / "scripts" / "nightly").string()) +
                       " --config examples/ownercare.toml --date " + night + " --bin " +
                       shell_quote(binary_dir().string()) + " " + flags + " </dev/null");
  }

  void run_all_nights() const {
    for (const auto& night : kNights) require_success(nightly(night));
  }

  RunResult run(const std::string& tool, const std::vector<std::string>& args) const {
    return work_.run(tool, args);
  }
  fs::path path(const std::string& relative) const { return work_ / ("examples/" + relative); }
  bool exists(const std::string& relative) const { return fs::exists(path(relative)); }
  std::vector<std::string> log_lines() const {
    return split_lines(read_text(path("log/nightly.log")));
  }

  // Every output file of every night, by "DATE/name", byte for byte.
  std::map<std::string, std::string> outputs() const {
    std::map<std::string, std::string> files;
    for (const auto& night : kNights) {
      for (const auto& name : kOutputFiles) {
        files[night + "/" + name] = read_text(path("out/" + night + "/" + name));
      }
    }
    return files;
  }

 private:
  Workspace work_;
};

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool exists_in(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fleet snapshot without its status column: the import must refuse it (exit 3).
std::string without_status_column(const std::string& snapshot) {
  std::string text;
  for (const auto& line : split_lines(snapshot)) {
    // The column after city: drop the sixth field of every line (no quoted commas before it).
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (int field = 0; field < 6; ++field) {
      auto comma = line.find(',', start);
      fields.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    fields.pop_back();
    for (const auto& field : fields) text += field + ",";
    text += line.substr(start) + "\n";
  }
  return text;
}

TEST_CASE("nightly runs the three example nights without printing anything", "[nightly]") {
  NightlyExample example;
  for (const auto& night : kNights) {
    auto result = example.nightly(night);
    INFO(night << " stderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.empty());
    CHECK(result.err.empty());
  }
}

TEST_CASE("nightly writes each night's output folder", "[nightly]") {
  NightlyExample example;
  example.run_all_nights();
  for (const auto& night : kNights) {
    INFO(night);
    CHECK(folder_entries(example.path("out/" + night)) == kOutputFiles);
  }
}

TEST_CASE("nightly moves the files it processed to the archive", "[nightly]") {
  NightlyExample example;
  example.run_all_nights();
  CHECK(folder_entries(example.path("inbox")) == std::vector<std::string>{"done"});
  CHECK(folder_entries(example.path("inbox/done")) == kInboxFiles);
}

TEST_CASE("nightly leaves files dated after the night in the inbox", "[nightly]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  CHECK(folder_entries(example.path("inbox")) ==
        std::vector<std::string>{"done", "fleet-2026-09-27.csv", "fleet-2026-09-28.csv",
                                 "members-2026-09-27.csv", "members-2026-09-28.csv",
                                 "outcomes-2026-09-27.csv", "outcomes-2026-09-28.csv",
                                 "sales-2026-09-27.csv", "sales-2026-09-28.csv",
                                 "service-2026-09-27.csv"});
  CHECK(folder_entries(example.path("inbox/done")) ==
        std::vector<std::string>{"fleet-2026-09-26.csv", "members-2026-09-26.csv",
                                 "sales-2026-09-26.csv", "service-2026-09-26.csv"});
}

TEST_CASE("nightly writes the week's report as CSV tables when the config names reports",
          "[nightly]") {
  NightlyExample example;
  example.run_all_nights();
  // The example's config has reports = "reports": one folder per night.
  for (const auto& night : kNights) {
    INFO(night);
    CHECK(fs::exists(example.path("reports/" + night + "/callbacks.csv")));
    CHECK(fs::exists(example.path("reports/" + night + "/meeting.csv")));
  }
  // Night 3's meeting list holds the two answers recorded that night (unsatisfied, complaint).
  auto meeting = read_csv(example.path("reports/2026-09-28/meeting.csv"));
  CHECK(meeting.size() == 3);
}

TEST_CASE("nightly writes the week's report as an HTML page beside the CSV tables",
          "[nightly][html]") {
  NightlyExample example;
  example.run_all_nights();
  for (const auto& night : kNights) {
    INFO(night);
    auto file = example.path("reports/" + night + "/report.html");
    REQUIRE(fs::exists(file));
    CHECK(owner_only(file));  // the meeting list's names and phones
    auto page = read_text(file);
    CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
    CHECK(page.find("截至 (as of) " + night + "</p>") != std::string::npos);
    CHECK(page.find("<svg ") != std::string::npos);
    CHECK(page.find("</html>") != std::string::npos);
  }
  // The page of night 3 lists the two answers of its meeting table, as meeting.csv does.
  auto page = read_text(example.path("reports/2026-09-28/report.html"));
  for (const auto& row : read_csv(example.path("reports/2026-09-28/meeting.csv"))) {
    if (row[0] == "dealer") continue;
    CHECK(page.find("<td>" + row[3] + "</td>") != std::string::npos);
  }
}

TEST_CASE("nightly imports an inbox opt-out list before it evaluates the night",
          "[nightly][optouts]") {
  // A phone the example's last night texts, found by running the nights once.
  NightlyExample plain;
  plain.run_all_nights();
  auto sms = read_csv(plain.path("out/2026-09-28/sms.csv"));
  REQUIRE(sms.size() > 1);
  std::string phone = sms[1][5];

  NightlyExample example;
  write_text(example.path("inbox/optouts-2026-09-28.csv"), "phone,channel\n" + phone + ",sms\n");
  example.run_all_nights();
  CHECK(exists_in(folder_entries(example.path("inbox/done")), "optouts-2026-09-28.csv"));
  sms = read_csv(example.path("out/2026-09-28/sms.csv"));
  for (std::size_t i = 1; i < sms.size(); ++i) CHECK(sms[i][5] != phone);
}

TEST_CASE("nightly appends one summary line per night to its log", "[nightly]") {
  NightlyExample example;
  example.run_all_nights();
  auto lines = example.log_lines();
  REQUIRE(lines.size() == 3);
  // Per night the kinds in order fleet, sales, service, members.
  CHECK(contains(lines[0], " night 2026-09-26 exit 0: imported 4 (fleet-2026-09-26.csv, "
                           "sales-2026-09-26.csv, service-2026-09-26.csv, "
                           "members-2026-09-26.csv), recorded 0, evaluated: "));
  CHECK(contains(lines[1], " night 2026-09-27 exit 0: imported 4 (fleet-2026-09-27.csv, "
                           "sales-2026-09-27.csv, service-2026-09-27.csv, "
                           "members-2026-09-27.csv), recorded 1, evaluated: "));
  CHECK(contains(lines[2], " night 2026-09-28 exit 0: imported 3 (fleet-2026-09-28.csv, "
                           "sales-2026-09-28.csv, members-2026-09-28.csv), recorded 1, "
                           "evaluated: "));
  for (std::size_t night = 0; night < lines.size(); ++night) {
    INFO(lines[night]);
    // An ISO 8601 time with the zone's offset first: "2026-09-28T02:00:03+08:00 night ...".
    CHECK(lines[night].size() > 26);
    CHECK(lines[night].substr(10, 1) == "T");
    CHECK(lines[night].substr(19, 7) == "+08:00 ");
    CHECK(ends_with(lines[night], " -> out/" + kNights[night] + ", report -> reports/" +
                                      kNights[night]));
  }
}

TEST_CASE("nightly's summary line gives the counts of the files it wrote", "[nightly]") {
  NightlyExample example;
  example.run_all_nights();
  auto rows = [&](const std::string& file, const std::string& one, const std::string& many) {
    auto count = read_csv(example.path("out/2026-09-28/" + file)).size() - 1;
    return std::to_string(count) + " " + (count == 1 ? one : many);
  };
  CHECK(contains(example.log_lines()[2],
                 "evaluated: " + rows("sms.csv", "sms", "sms") + ", " +
                     rows("calls.csv", "call", "calls") + ", " +
                     rows("handoff.csv", "hand-off", "hand-offs") + ", " +
                     rows("delist.csv", "delisting", "delistings")));
}

TEST_CASE("nightly writes the tools' output to the night's detail log", "[nightly]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  auto detail = read_text(example.path("log/nightly-2026-09-26.log"));
  CHECK(contains(detail, "ownercare-import --config "));
  CHECK(contains(detail, "fleet-2026-09-26.csv: fleet 2026-09-26: 16 rows"));
  CHECK(contains(detail, "ownercare-evaluate --config "));
}

TEST_CASE("nightly notes each step's time and what the vacuum found in the detail log",
          "[nightly]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  auto detail = read_text(example.path("log/nightly-2026-09-26.log"));
  CHECK(contains(detail, "ownercare-evaluate --config "));
  CHECK(contains(detail, "\n(took "));
  CHECK(contains(detail, "\nvacuum: "));
  CHECK(contains(detail, " pages free"));
}

TEST_CASE("nightly notes the backup's copy and its time in the detail log", "[nightly]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  require_success(example.nightly("2026-09-27"));
  auto detail = read_text(example.path("log/nightly-2026-09-27.log"));
  auto at = detail.find("\nbackup: ");
  REQUIRE(at != std::string::npos);
  auto line = detail.substr(at + 1, detail.find('\n', at + 1) - at - 1);
  CHECK(contains(line, "ownercare-2026-09-27.db (took "));
  CHECK(line.substr(line.size() - 3) == " s)");
}

TEST_CASE("nightly refuses a --date more than a day ahead before doing anything, unless "
          "--allow-future",
          "[nightly]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  auto database_before = read_text(example.path("ownercare.db"));

  auto refused = example.nightly("2099-01-01");
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "--date 2099-01-01 is more than one day after today"));
  CHECK(contains(refused.err, "--allow-future"));
  CHECK_FALSE(example.exists("backups/ownercare-2099-01-01.db"));
  CHECK_FALSE(example.exists("log/nightly-2099-01-01.log"));
  CHECK(example.exists("inbox/fleet-2026-09-27.csv"));  // nothing imported or moved
  CHECK(read_text(example.path("ownercare.db")) == database_before);

  // Meant: the flag goes on to every step that would refuse the date on its own (the inbox
  // emptied first: the example's outcomes belong to the nights before).
  for (const auto& night : {"2026-09-27", "2026-09-28"}) require_success(example.nightly(night));
  auto allowed = example.nightly("2099-01-01", "", "--allow-future");
  CHECK(allowed.exit_code == 0);
  auto detail = read_text(example.path("log/nightly-2099-01-01.log"));
  CHECK(contains(detail, "--as-of 2099-01-01 --allow-future"));
  CHECK(example.exists("out/2099-01-01/sms.csv"));
}

TEST_CASE("nightly runs with a config named from its own folder and bare file names",
          "[nightly]") {
  // `ownercare-nightly --config ownercare.toml`, run where the config is, with the log left
  // to its default (beside the database): every folder named is the current one.
  Workspace work;
  work.copy_rules();
  work.write("ownercare.toml",
             "db = \"ownercare.db\"\nrules = \"rules\"\nout = \"out\"\ninbox = \"inbox\"\n");
  work.write("inbox/fleet-2026-09-26.csv", std::string(kFleetHeader) +
                                               "\nV1,京A10001,车主一,13900000001,北京,-1,"
                                               "2026-09-20,,,\n");
  auto first =
      work.run("ownercare-nightly", {"--config", "ownercare.toml", "--date", "2026-09-26"});
  CHECK(first.exit_code == 0);
  CHECK(first.err.empty());
  CHECK(work.exists("nightly.log"));
  CHECK(work.exists("out/2026-09-26/sms.csv"));
  auto second =
      work.run("ownercare-nightly", {"--config", "ownercare.toml", "--date", "2026-09-27"});
  CHECK(second.exit_code == 0);
  CHECK(work.exists("backups/ownercare-2026-09-27.db"));
}

TEST_CASE("nightly exits 5 and does nothing while another run holds the lock", "[nightly]") {
  NightlyExample example;
  HeldLock lock(example.path("ownercare.db.nightly.lock"));
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 5);
  CHECK(contains(result.err, "night 2026-09-26 exit 5: another nightly run holds "));
  CHECK(result.out.empty());
  CHECK_FALSE(example.exists("out/2026-09-26"));
  CHECK(example.exists("inbox/fleet-2026-09-26.csv"));
}

TEST_CASE("a snapshot without a status column stops the night with exit 3", "[nightly]") {
  NightlyExample example;
  auto snapshot = example.path("inbox/fleet-2026-09-26.csv");
  write_text(snapshot, without_status_column(read_text(snapshot)));
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(contains(result.err, "night 2026-09-26 exit 3: imported 0, import of "
                             "fleet-2026-09-26.csv failed"));
  CHECK(contains(result.err, "ownercare-import: error: "));
  CHECK(contains(result.err, "missing required column \"status\""));
  CHECK(example.exists("inbox/fleet-2026-09-26.csv"));
  CHECK_FALSE(example.exists("out/2026-09-26"));
}

TEST_CASE("a bad snapshot stops the night before its outcomes are recorded", "[nightly]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  auto snapshot = example.path("inbox/fleet-2026-09-27.csv");
  write_text(snapshot, without_status_column(read_text(snapshot)));
  auto result = example.nightly("2026-09-27");
  CHECK(result.exit_code == 3);
  CHECK(example.exists("inbox/fleet-2026-09-27.csv"));
  CHECK(example.exists("inbox/outcomes-2026-09-27.csv"));
  CHECK_FALSE(example.exists("out/2026-09-27"));
  CHECK(contains(example.log_lines().back(), "night 2026-09-27 exit 3: "));
}

TEST_CASE("running a night again is safe and rewrites the same files", "[nightly]") {
  NightlyExample example;
  example.run_all_nights();
  auto first = example.outputs();
  auto again = example.nightly("2026-09-28");
  CHECK(again.exit_code == 0);
  CHECK(again.out.empty());
  CHECK(again.err.empty());
  CHECK(example.outputs() == first);
  CHECK(contains(example.log_lines().back(), "night 2026-09-28 exit 0: imported 0, recorded 0, "));
}

TEST_CASE("nightly --help prints the usage and the exit codes", "[nightly]") {
  NightlyExample example;
  auto result = example.nightly("2026-09-26", "", "--help");
  CHECK(result.exit_code == 0);
  CHECK(starts_with(result.out, "Runs one ownercare night: backs up the database"));
  CHECK(contains(result.out, "  4  safety stop"));
  CHECK(contains(result.out, "  5  another run holds the lock"));
  CHECK(contains(result.out, "  6  the night ran, with warnings (--strict only)"));
  CHECK_FALSE(example.exists("out"));
}

TEST_CASE("nightly without --config is a usage error", "[nightly]") {
  Workspace work;
  auto result = work.run("ownercare-nightly", {"--date", "2026-09-26"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-nightly: error: --config FILE is required (see "
                      "ownercare-nightly --help)\n");
}

TEST_CASE("nightly refuses a config it cannot read, naming file, line and column",
          "[nightly]") {
  NightlyExample example;
  auto config = example.path("ownercare.toml");
  write_text(config, "db = ownercare.db\n" + read_text(config));
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 2);
  CHECK(contains(result.err, "ownercare-nightly: error: examples/ownercare.toml:1:"));
  CHECK_FALSE(example.exists("out"));
}

TEST_CASE("nightly names every key it needs that the config lacks", "[nightly]") {
  NightlyExample example;
  write_text(example.path("ownercare.toml"), "db = \"ownercare.db\"\nrules = \"../rules\"\n");
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 2);
  CHECK(result.err == "ownercare-nightly: error: examples/ownercare.toml: out, inbox missing "
                      "(ownercare-nightly needs db, rules, out and inbox)\n");
}

TEST_CASE("nightly refuses a time zone it does not know rather than run in UTC", "[nightly]") {
  NightlyExample example;
  auto config = example.path("ownercare.toml");
  auto text = read_text(config);
  text.replace(text.find("Asia/Shanghai"), 13, "Asia/Shanghia");
  write_text(config, text);
  // No --date: the night's date comes from the zone.
  auto result = example.run("ownercare-nightly", {"--config", "examples/ownercare.toml"});
  CHECK(result.exit_code == 2);
  CHECK(contains(result.err, "timezone \"Asia/Shanghia\" is not known"));
  CHECK_FALSE(example.exists("out"));
}

// [posix]: scripts/nightly is a shell script.
TEST_CASE("scripts/nightly runs ownercare-nightly with the flags it was given", "[nightly][posix]") {
  NightlyExample example;
  for (const auto& night : kNights) {
    auto result = example.script(night);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
  }
  CHECK(example.log_lines().size() == 3);
  auto verbose = example.script("2026-09-28", "--verbose");
  CHECK(contains(verbose.out, " night 2026-09-28 exit 0: imported 0, recorded 0, "));
  auto missing = example.script("2026-09-28", "--bin");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "nightly: error: --bin needs a DIR\n");
}

#ifndef _WIN32
// [posix]: the umask and mode bits, which Windows has not.
TEST_CASE("nightly under umask 000 leaves nothing writable by others and its logs owner-only",
          "[nightly][private-files][posix]") {
  NightlyExample example;
  for (const auto& night : kNights) require_success(example.nightly(night, "umask 000;"));
  auto mode_of = [&](const std::string& relative) {
    struct stat status {};
    REQUIRE(::lstat(example.path(relative).c_str(), &status) == 0);
    return status.st_mode & 07777;
  };
  CHECK(mode_of("log") == 0755);
  CHECK(mode_of("log/nightly.log") == 0600);
  CHECK(mode_of("log/nightly-2026-09-28.log") == 0600);
  CHECK(mode_of("inbox/done") == 0700);
  CHECK(mode_of("ownercare.db") == 0600);
  CHECK(mode_of("ownercare.db.lock") == 0600);
  CHECK(mode_of("ownercare.db.nightly.lock") == 0600);
  CHECK(mode_of("out") == 0755);
  CHECK(mode_of("out/2026-09-28") == 0755);
  CHECK(mode_of("out/2026-09-28/sms.csv") == 0600);
  CHECK(mode_of("out/2026-09-28/handoff.csv") == 0644);
  CHECK(mode_of("out/2026-09-28/calls.xlsx") == 0600);
  CHECK(mode_of("out/2026-09-28/handoff.xlsx") == 0600);
  CHECK(mode_of("reports") == 0755);
  CHECK(mode_of("reports/2026-09-28") == 0755);
  CHECK(mode_of("reports/2026-09-28/meeting.csv") == 0600);
  // The files the test copied in keep their own modes; everything else was created by the run.
  std::vector<std::string> copied = {"ownercare.toml", "inbox"};
  for (const auto& name : kInboxFiles) copied.push_back("inbox/done/" + name);
  for (const auto& entry : fs::recursive_directory_iterator(example.path(""))) {
    auto name = fs::relative(entry.path(), example.path("")).string();
    if (std::find(copied.begin(), copied.end(), name) != copied.end()) continue;
    INFO(name);
    CHECK((mode_of(name) & 022) == 0);
  }
}
#endif  // _WIN32

// [posix]: symbolic links, which Wine cannot create.
TEST_CASE("nightly refuses a symbolic link at its lock's path", "[nightly][posix]") {
  NightlyExample example;
  write_text(example.path("victim.txt"), "keep\n");
  fs::create_symlink("victim.txt", example.path("ownercare.db.nightly.lock"));
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 1);
  CHECK(contains(result.err, "ownercare.db.nightly.lock"));
  CHECK(read_text(example.path("victim.txt")) == "keep\n");
  CHECK_FALSE(example.exists("out"));
}

// --- speaking up: a warning line on stderr for what a person must look at; exit 0, or 6 with
// --strict.

TEST_CASE("a night with a rejected row warns on stderr with the rejects file and exits 0",
          "[nightly][warnings]") {
  NightlyExample example;
  auto snapshot = example.path("inbox/fleet-2026-09-26.csv");
  write_text(snapshot, read_text(snapshot) + "FC1999,京A99999,王五,13812349999,北京,七,,,,\n");
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-nightly: warning: fleet-2026-09-26.csv: 1 row rejected and not "
                      "imported: see inbox/done/fleet-2026-09-26.rejects.csv\n");
  CHECK(example.exists("inbox/done/fleet-2026-09-26.rejects.csv"));
  CHECK(example.exists("out/2026-09-26/sms.csv"));
  CHECK(ends_with(example.log_lines().back(), "; 1 warning"));
}

TEST_CASE("--strict makes a night that warned exit 6, its work done", "[nightly][warnings]") {
  NightlyExample example;
  auto snapshot = example.path("inbox/fleet-2026-09-26.csv");
  write_text(snapshot, read_text(snapshot) + "FC1999,京A99999,王五,13812349999,北京,七,,,,\n");
  auto result = example.nightly("2026-09-26", "", "--strict");
  CHECK(result.exit_code == 6);
  CHECK(contains(result.err, "ownercare-nightly: warning: fleet-2026-09-26.csv: 1 row rejected"));
  CHECK(contains(result.err, " night 2026-09-26 exit 6: imported 4 "));
  CHECK(example.exists("out/2026-09-26/sms.csv"));
  CHECK(contains(example.log_lines().back(), " night 2026-09-26 exit 6: "));
  // A clean night is 0 with --strict too.
  auto next = example.nightly("2026-09-27", "", "--strict");
  INFO(next.err);
  CHECK(next.exit_code == 0);
  CHECK(next.err.empty());
}

TEST_CASE("a night on stale inputs warns of each stale kind and exits 0", "[nightly][warnings]") {
  NightlyExample example;
  example.run_all_nights();
  // Nothing arrives for three days: 09-29 and 09-30 were missed, and every kind is old.
  auto result = example.nightly("2026-10-01");
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(contains(result.err, "ownercare-nightly: warning: 2 nights missed (2026-09-29 to "
                             "2026-09-30; the last night run was 2026-09-28)"));
  CHECK(contains(result.err, "ownercare-nightly: warning: the newest fleet snapshot is from "
                             "2026-09-28, 3 days before 2026-10-01\n"));
  CHECK(contains(result.err, "ownercare-nightly: warning: the newest service snapshot is from "
                             "2026-09-27, 4 days before 2026-10-01\n"));
  CHECK(example.exists("out/2026-10-01/sms.csv"));
  // The next night, still without inputs, with --strict: its work done, and exit 6.
  auto strict = example.nightly("2026-10-02", "", "--strict");
  CHECK(strict.exit_code == 6);
  CHECK(contains(strict.err, "the newest fleet snapshot is from 2026-09-28, 4 days before "
                             "2026-10-02\n"));
  CHECK(example.exists("out/2026-10-02/sms.csv"));
}

TEST_CASE("a kind one day old is no warning; stale_days sets how old is stale",
          "[nightly][warnings]") {
  NightlyExample example;
  example.run_all_nights();
  // The service file of 09-28 never came: one day old on 09-28 is the default's tolerance.
  CHECK(example.log_lines().back().find("warning") == std::string::npos);
  NightlyExample strict;
  auto config = strict.path("ownercare.toml");
  write_text(config, "stale_days = 1\n" + read_text(config));
  require_success(strict.nightly("2026-09-26"));
  require_success(strict.nightly("2026-09-27"));
  auto result = strict.nightly("2026-09-28");
  CHECK(result.exit_code == 0);
  CHECK(result.err == "ownercare-nightly: warning: the newest service snapshot is from "
                      "2026-09-27, 1 day before 2026-09-28\n");
}

TEST_CASE("a kind the config expects warns when it never came", "[nightly][warnings]") {
  NightlyExample example;
  auto config = example.path("ownercare.toml");
  write_text(config, "expect = [\"fleet\", \"optouts\", \"outcomes\"]\n" + read_text(config));
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-nightly: warning: no optouts snapshot has been imported yet, and the config "
        "expects one every night (expect)\n"
        "ownercare-nightly: warning: no outcomes outcome file has been recorded yet, and the "
        "config expects one every night (expect)\n");
}

TEST_CASE("a catch-up night after two missed ones imports them in date order and evaluates",
          "[nightly][catch-up]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  // 09-27 and 09-28 were missed: their snapshots wait in the inbox. (The example's outcome
  // file of 09-28 answers calls listed on 09-27, a night that did not run: it cannot exist.)
  fs::remove(example.path("inbox/outcomes-2026-09-28.csv"));
  auto result = example.nightly("2026-09-29");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(contains(result.err, "ownercare-nightly: warning: 2 nights missed (2026-09-27 to "
                             "2026-09-28; the last night run was 2026-09-26)"));
  CHECK(folder_entries(example.path("inbox")) == std::vector<std::string>{"done"});
  CHECK(folder_entries(example.path("out/2026-09-29")) == kOutputFiles);
  CHECK(contains(example.log_lines().back(),
                 " night 2026-09-29 exit 0: imported 7 (fleet-2026-09-27.csv, "
                 "sales-2026-09-27.csv, service-2026-09-27.csv, members-2026-09-27.csv, "
                 "fleet-2026-09-28.csv, sales-2026-09-28.csv, members-2026-09-28.csv), "
                 "recorded 1, evaluated: "));
  CHECK_FALSE(example.exists("out/2026-09-27"));
  CHECK_FALSE(example.exists("out/2026-09-28"));
}

// --- backups and --restore

// [posix]: the umask and mode bits, which Windows has not.
#ifndef _WIN32
TEST_CASE("each night copies the database into backups/ before it writes, owner-only",
          "[nightly][backup][posix]") {
  NightlyExample example;
  for (const auto& night : kNights) require_success(example.nightly(night, "umask 000;"));
  // The first night had no database to copy.
  CHECK(folder_entries(example.path("backups")) ==
        std::vector<std::string>{"ownercare-2026-09-27.db", "ownercare-2026-09-28.db"});
  struct stat status {};
  REQUIRE(::stat(example.path("backups/ownercare-2026-09-28.db").c_str(), &status) == 0);
  CHECK((status.st_mode & 0777) == 0600);
  REQUIRE(::stat(example.path("backups").c_str(), &status) == 0);
  CHECK((status.st_mode & 0777) == 0700);
}
#endif  // _WIN32

TEST_CASE("keep_backups sets how many nights' copies are kept", "[nightly][backup]") {
  NightlyExample example;
  auto config = example.path("ownercare.toml");
  write_text(config, "keep_backups = 1\n" + read_text(config));
  example.run_all_nights();
  CHECK(folder_entries(example.path("backups")) ==
        std::vector<std::string>{"ownercare-2026-09-28.db"});
}

TEST_CASE("--restore puts the night's copy back, undoing that night's imports",
          "[nightly][backup]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  require_success(example.nightly("2026-09-27"));
  auto imports = [&] {
    return example.run("ownercare-export", {"--db", "examples/ownercare.db", "imports"}).out;
  };
  REQUIRE(contains(imports(), "fleet-2026-09-27.csv"));
  auto result = example.nightly("2026-09-27", "", "--restore 2026-09-27");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "restored backups/ownercare-2026-09-27.db over ownercare.db; the "
                      "database it replaced is backups/ownercare-before-restore-1.db\n");
  CHECK(result.err.empty());
  CHECK_FALSE(contains(imports(), "fleet-2026-09-27.csv"));
  CHECK(contains(imports(), "fleet-2026-09-26.csv"));
  CHECK(contains(example.log_lines().back(), " exit 0: restored backups/ownercare-2026-09-27.db"));
  // The night can be run again from its files, as it was the first time.
  for (const auto& name : {"fleet", "sales", "service", "members"}) {
    auto file = std::string(name) + "-2026-09-27.csv";
    fs::rename(example.path("inbox/done/" + file), example.path("inbox/" + file));
  }
  fs::rename(example.path("inbox/done/outcomes-2026-09-27.csv"),
             example.path("inbox/outcomes-2026-09-27.csv"));
  fs::remove_all(example.path("out/2026-09-27"));
  require_success(example.nightly("2026-09-27"));
  CHECK(contains(imports(), "fleet-2026-09-27.csv"));
  // The restored database had not begun the night: its copy was taken afresh.
  auto detail = read_text(example.path("log/nightly-2026-09-27.log"));
  auto last_backup = detail.substr(detail.rfind("\nbackup: ") + 1);
  CHECK(contains(last_backup.substr(0, last_backup.find('\n')), "ownercare-2026-09-27.db (took "));
}

TEST_CASE("the first night after an upgrade copies the database, then migrates it and runs",
          "[nightly][backup]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  auto schema_version = [&](const std::string& relative) {
    SQLite::Database db(example.path(relative).string(), SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA user_version").getInt();
  };
  int newest = schema_version("ownercare.db");
  {
    // The database as the ownercare before schema version 15 left it.
    SQLite::Database db(example.path("ownercare.db").string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE night_started");
    db.exec("PRAGMA user_version = 14");
  }
  auto result = example.nightly("2026-09-27");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(schema_version("ownercare.db") == newest);
  // The copy is the database as the night found it, before the migration.
  CHECK(schema_version("backups/ownercare-2026-09-27.db") == 14);
  CHECK(example.exists("out/2026-09-27/calls.csv"));
}

TEST_CASE("a night run again after a refused file keeps the copy taken before its first run",
          "[nightly][backup]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  auto outcomes = example.path("inbox/outcomes-2026-09-27.csv");
  auto good = read_text(outcomes);
  write_text(outcomes, "not,an,outcomes,file\n1,2,3,4\n");
  // The night imports its snapshots, then stops at the outcomes (exit 3); the imports stay.
  REQUIRE(example.nightly("2026-09-27").exit_code == 3);
  write_text(outcomes, good);
  require_success(example.nightly("2026-09-27"));
  auto imports_in = [&](const std::string& db) {
    auto result = example.run("ownercare-export", {"--db", db, "imports"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  };
  CHECK(contains(imports_in("examples/ownercare.db"), "fleet-2026-09-27.csv"));
  // The copy still holds the database as it was before the night, not after its imports.
  auto copied = imports_in("examples/backups/ownercare-2026-09-27.db");
  CHECK(contains(copied, "fleet-2026-09-26.csv"));
  CHECK_FALSE(contains(copied, "fleet-2026-09-27.csv"));
  auto detail = read_text(example.path("log/nightly-2026-09-27.log"));
  auto kept = detail.substr(detail.rfind("\nbackup: ") + 1);
  kept = kept.substr(0, kept.find('\n'));
  CHECK(starts_with(kept, "backup: kept "));
  CHECK(ends_with(kept, "ownercare-2026-09-27.db, taken before this night first ran on this "
                        "database"));
}

TEST_CASE("--restore is refused while a night holds the lock, and for an unknown date",
          "[nightly][backup]") {
  NightlyExample example;
  require_success(example.nightly("2026-09-26"));
  require_success(example.nightly("2026-09-27"));
  {
    HeldLock lock(example.path("ownercare.db.nightly.lock"));
    auto result = example.nightly("2026-09-27", "", "--restore 2026-09-27");
    CHECK(result.exit_code == 5);
    CHECK(contains(result.err, "nothing restored"));
  }
  auto unknown = example.nightly("2026-09-27", "", "--restore 2026-09-20");
  CHECK(unknown.exit_code == 3);
  CHECK(contains(unknown.err, "2026-09-27"));
  CHECK_FALSE(example.exists("backups/ownercare-before-restore-1.db"));
}

TEST_CASE("a first night on an existing fleet stops with the flood stop's advice, exit 4",
          "[nightly][warnings]") {
  NightlyExample example;
  // A fleet of 1,200 vehicles, none rentable and none with status_since: every one would
  // start day 0 tonight.
  std::string fleet = "vehicle_id,plate,owner_name,owner_phone,city,status\n";
  for (int n = 1; n <= 1200; ++n) {
    fleet += "V" + std::to_string(n) + ",京A" + std::to_string(10000 + n) + ",车主," +
             std::to_string(13800000000LL + n) + ",北京,-1\n";
  }
  write_text(example.path("inbox/fleet-2026-09-26.csv"), fleet);
  auto result = example.nightly("2026-09-26");
  CHECK(result.exit_code == 4);
  CHECK(contains(result.err, " night 2026-09-26 exit 4: imported 0, import of "
                             "fleet-2026-09-26.csv failed (exit 4; the file stays in the inbox)"));
  CHECK(contains(result.err, "safety stop: this first import would start day 0 of a status "
                             "tonight for 1200 of its 1200 vehicles"));
  CHECK(contains(result.err, "import with --baseline"));
  CHECK(example.exists("inbox/fleet-2026-09-26.csv"));
  CHECK_FALSE(example.exists("ownercare.db"));
  CHECK_FALSE(example.exists("out/2026-09-26"));
}

}  // namespace
}  // namespace ownercare::test
