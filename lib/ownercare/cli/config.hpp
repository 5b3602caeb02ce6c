// The --config file every tool takes: a TOML file of defaults for the flags, so a scheduler
// line stays short. Flags given on the command line win over the file.
//
//   db = "/var/lib/ownercare/ownercare.db"   # paths are relative to the config file's folder
//   rules = "rules"
//   out = "out"
//   inbox = "inbox"           # ownercare-nightly only
//   archive = "archive"       # ownercare-nightly only
//   log = "nightly.log"       # ownercare-nightly only
//   reports = "reports"       # ownercare-nightly only: the report's CSV tables and
//                             # report.html, REPORTS/DATE/
//   timezone = "Asia/Shanghai"
//   encoding = "auto"
//   bom = true
//   xlsx = false              # ownercare-evaluate: also calls.xlsx and handoff.xlsx
//   max_disappear_share = 0.05
//   max_invalid_share = 0.10
//   columns = "columns.toml"  # ownercare-import, -record: the column map (ingest/column_map.hpp)
//   outcome_values = "values.toml"  # ownercare-record: the value map (outcomes/value_map.hpp)
//   resume_days = 7           # ownercare-import: a fleet gap shorter than this keeps the episode
//   max_first_night_share = 0.05  # ownercare-import: a first fleet import's day-0 share
//   max_field_bytes = 1048576 # ownercare-import, -record: a longer CSV field refuses the file
//   expect = ["fleet", "outcomes"]  # the input kinds every night needs (warned when missing)
//   stale_days = 2            # a kind's newest input this many days old is warned of
//   keep_backups = 7          # ownercare-nightly: copies of the database kept in backups/
//   retain_days = 730         # ownercare-nightly: names and phones of subjects ended longer
//                             # ago, and of records older, are erased (store/retention.hpp)
//   rerun_days = 35           # ownercare-evaluate: nights older than this cannot be re-run
//                             # (their emitted rows are deleted; engine/evaluate.hpp)
//   max_invalid_phone_share = 0.10  # ownercare-import: more invalid phones than this warns
//   headers = "en"            # ownercare-evaluate, -report: "zh" gives the CSV files people
//                             # read Chinese header names (emit/column_names.hpp); sms.csv never
//   [holdout]                 # a rule's holdout share (0 ... 0.5), over its rule file's
//   offline_no_login = 0.1    #   (evaluate, nightly, report, rules)
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ownercare::cli {

// A share of the [holdout] table, with where it was written, for a message naming an unknown
// rule.
struct HoldoutShare {
  double share = 0;
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Config {
  std::filesystem::path file;  // the config file read; empty without one
  std::optional<std::filesystem::path> db;
  std::optional<std::filesystem::path> rules;
  std::optional<std::filesystem::path> out;
  std::optional<std::filesystem::path> inbox;
  std::optional<std::filesystem::path> archive;
  std::optional<std::filesystem::path> log;
  std::optional<std::filesystem::path> reports;
  std::optional<std::string> timezone;
  std::optional<std::string> encoding;
  std::optional<bool> bom;
  std::optional<bool> xlsx;
  std::optional<double> max_disappear_share;
  std::optional<double> max_invalid_share;
  std::optional<std::filesystem::path> columns;
  std::optional<std::filesystem::path> outcome_values;
  std::optional<int> resume_days;
  std::optional<double> max_first_night_share;
  std::optional<std::size_t> max_field_bytes;
  std::optional<std::vector<std::string>> expect;
  std::optional<int> stale_days;
  std::optional<int> keep_backups;
  std::optional<int> retain_days;
  std::optional<int> rerun_days;
  std::optional<double> max_invalid_phone_share;
  std::optional<std::string> headers;  // "en" or "zh", checked when read
  std::map<std::string, HoldoutShare> holdout;  // rule name -> share
};

// Reads a config file; throws UsageError ("file:line:column: ...") on an unknown key, a wrong
// type or a syntax error, and when the file cannot be read.
Config load_config(const std::filesystem::path& file);

}  // namespace ownercare::cli
