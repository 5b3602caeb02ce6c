// Unit tests of the output folder (SPEC 5): OUT/DATE/ with sms.csv, calls.csv, handoff.csv,
// delist.csv and summary.json, columns in the SPEC's order, an optional BOM, formula-safe
// cells, owner-only files where phones are, a summary listing each file's rows and SHA-256,
// and a folder that replaces the old one whole, leaving no temporary folder behind.
#include "ownercare/emit/output_folder.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "ownercare/core/errors.hpp"
#include "ownercare/core/sha256.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::emit::output_files;
using ownercare::emit::write_output;
using ownercare::emit::WrittenFile;
using ownercare::store::EmittedRow;
using ownercare::test::read_text;
using ownercare::test::TempDir;

namespace {

const Date kDay(2026, 3, 10);
const std::string kBom = "\xEF\xBB\xBF";
const std::string kSummary = "{\n  \"as_of\": \"2026-03-10\"\n}\n";

std::vector<EmittedRow> sample_rows() {
  return {
      {"sms", "T1",
       {"T1", "fleet", "V1", "offline_no_login", "d0_sms", "13800138000", "【享车管家】您好",
        "1", "2026-03-10 09:00"}},
      {"sms", "T2",
       {"T2", "fleet", "V2", "offline_no_login", "d0_sms", "13900139000", "=HYPERLINK(\"x\")",
        "1", "2026-03-10 09:00"}},
      {"calls", "T3",
       {"T3", "fleet", "V3", "offline_no_login", "d4_call", "1", "09:00-11:30", "-张三",
        "13700137000", "", "北京", "ask why", "-12.5"}},
      {"delist", "", {"V4", "京N***6", "2026-03-09", "never"}},
  };
}

std::vector<WrittenFile> write_sample(const TempDir& dir, bool bom = true) {
  return write_output(dir / "out", kDay, sample_rows(), kSummary,
                      ownercare::emit::OutputOptions{bom});
}

std::filesystem::path day_folder(const TempDir& dir) { return dir / "out" / "2026-03-10"; }

std::set<std::string> entries(const std::filesystem::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string joined(const std::vector<std::string>& columns) {
  std::string text;
  for (const auto& column : columns) text += (text.empty() ? "" : ",") + column;
  return text;
}

#ifndef _WIN32
unsigned permissions(const std::filesystem::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}
#endif

// The text of `"key": ` up to the next comma, newline or closing brace, after `from`.
std::string json_member(const std::string& text, const std::string& key, std::size_t from) {
  auto at = text.find("\"" + key + "\": ", from);
  if (at == std::string::npos) return "";
  at += key.size() + 4;
  auto end = text.find_first_of(",\n}", at);
  return text.substr(at, end - at);
}

}  // namespace

TEST_CASE("output folder: the SPEC's files in order", "[output_folder]") {
  std::vector<std::string> names;
  for (const auto& spec : output_files()) names.push_back(spec.name);
  CHECK(names == std::vector<std::string>{"sms.csv", "calls.csv", "handoff.csv", "delist.csv"});
}

TEST_CASE("output folder: OUT/DATE holds the four CSV files and the summary",
          "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  CHECK(entries(day_folder(dir)) == std::set<std::string>{"sms.csv", "calls.csv", "handoff.csv",
                                                          "delist.csv", "summary.json"});
}

TEST_CASE("output folder: each file starts with the SPEC's columns in order",
          "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  const std::vector<std::pair<std::string, std::string>> spec_columns = {
      {"sms.csv", "task_id,subject_kind,subject_id,rule,step,phone,text,segments,send_at"},
      {"calls.csv",
       "task_id,subject_kind,subject_id,rule,step,attempt,window,name,phone,other_phones,team,"
       "reason,context"},
      {"handoff.csv",
       "task_id,subject_kind,subject_id,rule,step,plate,status,days_in_status,sms_sent,"
       "calls_made,last_outcome"},
      {"delist.csv", "subject_id,plate,delisted_on,reason"},
  };
  for (const auto& [name, columns] : spec_columns) {
    INFO(name);
    auto header = first_line(read_text(day_folder(dir) / name));
    REQUIRE(header.size() >= kBom.size());
    header = header.substr(kBom.size());
    // More columns may follow the SPEC's.
    CHECK(header.substr(0, columns.size()) == columns);
    CHECK((header.size() == columns.size() || header[columns.size()] == ','));
  }
}

TEST_CASE("output folder: the header is the FileSpec's columns", "[output_folder]") {
  TempDir dir;
  write_sample(dir, false);
  for (const auto& spec : output_files()) {
    INFO(spec.name);
    CHECK(first_line(read_text(day_folder(dir) / spec.name)) == joined(spec.columns));
  }
}

TEST_CASE("output folder: CSV files start with a BOM by default", "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  for (const auto& spec : output_files()) {
    INFO(spec.name);
    CHECK(read_text(day_folder(dir) / spec.name).compare(0, 3, kBom) == 0);
  }
}

TEST_CASE("output folder: no BOM when turned off", "[output_folder]") {
  TempDir dir;
  write_sample(dir, false);
  for (const auto& spec : output_files()) {
    INFO(spec.name);
    CHECK(read_text(day_folder(dir) / spec.name).compare(0, 3, kBom) != 0);
  }
}

TEST_CASE("output folder: rows follow the header in the order given", "[output_folder]") {
  TempDir dir;
  write_sample(dir, false);
  auto sms = read_text(day_folder(dir) / "sms.csv");
  auto first = sms.find("\nT1,");
  auto second = sms.find("\nT2,");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
  CHECK(sms.find('\r') == std::string::npos);
  CHECK(sms.back() == '\n');
}

TEST_CASE("output folder: a cell a spreadsheet would run is neutralised", "[output_folder]") {
  TempDir dir;
  write_sample(dir, false);
  auto sms = read_text(day_folder(dir) / "sms.csv");
  CHECK(sms.find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
  auto calls = read_text(day_folder(dir) / "calls.csv");
  CHECK(calls.find(",'-张三,") != std::string::npos);
  // A plain number stays a number.
  CHECK(calls.find(",-12.5\n") != std::string::npos);
}

#ifndef _WIN32
TEST_CASE("output folder: files with phone numbers are owner-only", "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  CHECK(permissions(day_folder(dir) / "sms.csv") == 0600);
  CHECK(permissions(day_folder(dir) / "calls.csv") == 0600);
  CHECK(permissions(day_folder(dir) / "summary.json") == 0600);
}
#endif

TEST_CASE("output folder: the summary lists each file's rows and digest", "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  auto summary = read_text(day_folder(dir) / "summary.json");
  CHECK(summary.rfind("{\n  \"as_of\": \"2026-03-10\",\n", 0) == 0);
  auto files = summary.find("\"files\": {");
  REQUIRE(files != std::string::npos);
  const std::vector<std::pair<std::string, std::string>> expected_rows = {
      {"sms.csv", "2"}, {"calls.csv", "1"}, {"handoff.csv", "0"}, {"delist.csv", "1"}};
  for (const auto& [name, rows] : expected_rows) {
    INFO(name);
    auto at = summary.find("\"" + name + "\": {", files);
    REQUIRE(at != std::string::npos);
    CHECK(json_member(summary, "rows", at) == rows);
    auto digest = ownercare::sha256_hex(read_text(day_folder(dir) / name));
    CHECK(json_member(summary, "sha256", at) == "\"" + digest + "\"");
  }
  const std::string end = "    }\n  }\n}\n";  // files is the last member
  REQUIRE(summary.size() > end.size());
  CHECK(summary.substr(summary.size() - end.size()) == end);
}

TEST_CASE("output folder: write_output returns what it wrote", "[output_folder]") {
  TempDir dir;
  auto written = write_sample(dir);
  REQUIRE(written.size() == 4);
  CHECK(written[0].name == "sms.csv");
  CHECK(written[0].rows == 2);
  CHECK(written[2].rows == 0);
  CHECK(written[3].sha256 == ownercare::sha256_hex(read_text(day_folder(dir) / "delist.csv")));
}

TEST_CASE("output folder: summary_with_files puts files last", "[output_folder]") {
  auto text = ownercare::emit::summary_with_files(kSummary, {{"sms.csv", 3, "abc"}});
  CHECK(text ==
        "{\n"
        "  \"as_of\": \"2026-03-10\",\n"
        "  \"files\": {\n"
        "    \"sms.csv\": {\n"
        "      \"rows\": 3,\n"
        "      \"sha256\": \"abc\"\n"
        "    }\n"
        "  }\n"
        "}\n");
}

TEST_CASE("output folder: an earlier folder of the date is replaced whole", "[output_folder]") {
  TempDir dir;
  std::filesystem::create_directories(day_folder(dir));
  ownercare::test::write_text(day_folder(dir) / "stale.csv", "old");
  ownercare::test::write_text(day_folder(dir) / "sms.csv", "old");
  write_sample(dir);
  CHECK(entries(day_folder(dir)).count("stale.csv") == 0);
  CHECK(read_text(day_folder(dir) / "sms.csv") != "old");
  CHECK(entries(day_folder(dir)).size() == 5);
}

TEST_CASE("output folder: no temporary folder is left behind", "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  write_sample(dir);  // the second write replaces the first
  CHECK(entries(dir / "out") == std::set<std::string>{"2026-03-10"});
}

TEST_CASE("output folder: other dates are left alone", "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  write_output(dir / "out", kDay.plus_days(1), {}, kSummary, {});
  CHECK(entries(dir / "out") == std::set<std::string>{"2026-03-10", "2026-03-11"});
  CHECK(entries(day_folder(dir)).size() == 5);
}

TEST_CASE("output folder: the same rows give the same bytes", "[output_folder]") {
  TempDir first;
  TempDir second;
  write_sample(first);
  write_sample(second);
  for (const char* name : {"sms.csv", "calls.csv", "handoff.csv", "delist.csv", "summary.json"}) {
    INFO(name);
    CHECK(read_text(day_folder(first) / name) == read_text(day_folder(second) / name));
  }
}

// --- all or nothing, modes, leftovers of killed runs (issue 8, points 4 and 5) -------------

#ifndef _WIN32
namespace {

pid_t ended_process_id() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

}  // namespace

TEST_CASE("output folder: folders are 0755 and shared files 0644 under umask 000",
          "[output_folder]") {
  TempDir dir;
  mode_t old_mask = ::umask(0);
  write_sample(dir);
  ::umask(old_mask);
  CHECK(permissions(dir / "out") == 0755);
  CHECK(permissions(day_folder(dir)) == 0755);
  CHECK(permissions(day_folder(dir) / "handoff.csv") == 0644);
  CHECK(permissions(day_folder(dir) / "delist.csv") == 0644);
  CHECK(permissions(day_folder(dir) / "sms.csv") == 0600);
}

TEST_CASE("output folder: a dangling link at OUT/DATE is refused before anything is written",
          "[output_folder]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "out");
  std::filesystem::create_symlink("nowhere", day_folder(dir));
  CHECK_THROWS_MATCHES(
      ownercare::emit::prepare_output(dir / "out", kDay, sample_rows(), kSummary, {}),
      ownercare::UsageError,
      Catch::Message(day_folder(dir).string() +
                     " exists and is not a folder (a symbolic link or a file); "
                     "ownercare-evaluate replaces OUT/DATE whole: remove it or choose another "
                     "--out"));
  CHECK(entries(dir / "out") == std::set<std::string>{"2026-03-10"});
}

TEST_CASE("output folder: a file at OUT/DATE or at OUT is refused", "[output_folder]") {
  TempDir dir;
  ownercare::test::write_text(day_folder(dir), "a file");
  CHECK_THROWS_AS(ownercare::emit::check_output_folder(dir / "out", kDay), ownercare::UsageError);
  ownercare::test::write_text(dir / "file", "a file");
  CHECK_THROWS_MATCHES(ownercare::emit::check_output_folder(dir / "file", kDay),
                       ownercare::UsageError,
                       Catch::Message("--out " + (dir / "file").string() +
                                      " is a file, not a folder"));
}

TEST_CASE("output folder: a failed rename keeps the earlier folder and the prepared one",
          "[output_folder]") {
  TempDir dir;
  write_sample(dir);
  auto earlier = read_text(day_folder(dir) / "sms.csv");
  auto prepared = ownercare::emit::prepare_output(dir / "out", kDay, {}, kSummary,
                                                  ownercare::emit::OutputOptions{});
  // Something in the way of moving the earlier folder aside.
  ownercare::test::write_text(prepared.old_dir / "in-the-way", "x");
  CHECK_THROWS_AS(ownercare::emit::publish_output(prepared), ownercare::InternalError);
  CHECK(read_text(day_folder(dir) / "sms.csv") == earlier);
  CHECK(std::filesystem::is_directory(prepared.temp_dir));
}

TEST_CASE("output folder: the folders of ended runs are removed, others are kept",
          "[output_folder]") {
  TempDir dir;
  auto dead = std::to_string(ended_process_id());
  auto alive = std::to_string(::getpid());
  const std::vector<std::string> names = {
      ".2026-03-09.tmp-" + dead,       ".2026-03-08.old-" + dead, ".2026-03-09.tmp-" + alive,
      ".2026-03-09.tmp-" + dead + "x", ".2026-3-9.tmp-" + dead,   ".2026-03-09.new-" + dead,
      "2026-03-09"};
  for (const auto& name : names) {
    ownercare::test::write_text(dir / "out" / name / "sms.csv", "x");
  }
  ownercare::test::write_text(dir / "out" / (".2026-03-07.tmp-" + dead), "a file, not a folder");
  auto dates = ownercare::emit::remove_stale_output(dir / "out");
  CHECK(dates == std::vector<Date>{Date(2026, 3, 8), Date(2026, 3, 9)});
  CHECK(entries(dir / "out") ==
        std::set<std::string>{".2026-03-07.tmp-" + dead, ".2026-03-09.tmp-" + alive,
                              ".2026-03-09.tmp-" + dead + "x", ".2026-3-9.tmp-" + dead,
                              ".2026-03-09.new-" + dead, "2026-03-09"});
}

TEST_CASE("output folder: remove_stale_output of a missing folder does nothing",
          "[output_folder]") {
  TempDir dir;
  CHECK(ownercare::emit::remove_stale_output(dir / "missing").empty());
}
#endif
