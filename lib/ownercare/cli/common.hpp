// What every tool shares: the option groups (the same flag means the same thing everywhere),
// the --config file, and the wrapper that runs a tool and turns errors into exit codes.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/cli/config.hpp"
#include "ownercare/core/date.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/emit/column_names.hpp"
#include "ownercare/rules/rule_set.hpp"

namespace ownercare::cli {

// Flags every tool has.
struct CommonFlags {
  std::string db;
  std::string config;
  bool quiet = false;
  bool verbose = false;
};

// Adds --db, --config, --quiet, --verbose; sets the footer with the exit codes.
void add_common_flags(CLI::App& app, CommonFlags& flags, bool needs_db = true);
void add_as_of_flag(CLI::App& app, std::string& as_of, const char* what);
void add_rules_flag(CLI::App& app, std::string& rules);
void add_out_flag(CLI::App& app, std::string& out);
void add_encoding_flag(CLI::App& app, std::string& encoding);
void add_bom_flags(CLI::App& app, std::optional<bool>& bom);
// --headers en|zh: the header names of the CSV files people read (emit/column_names.hpp);
// `what` says which files.
void add_headers_flag(CLI::App& app, std::string& headers, const std::string& what);
// The --headers flag's value, else the config's `headers`, else English. A flag other than en
// or zh is a UsageError naming it (the config's value was checked when it was read).
emit::HeaderLanguage resolve_headers(const std::string& flag, const Config& config);
// Appends "Examples:" and `examples` (each a comment line "# ..." or a command line, indented
// two spaces) to the footer: --help ends with commands that run as they stand.
void add_examples(CLI::App& app, const std::vector<std::string>& examples);

// Loads the config named by --config (or none), for filling in flags not given.
Config load_config_flag(const CommonFlags& flags);

// The config's [holdout] shares, with the file they came from.
struct HoldoutOverrides {
  std::filesystem::path file;
  std::map<std::string, HoldoutShare> shares;
};
HoldoutOverrides holdout_overrides(const Config& config);

// Loads the rule folder and sets the holdout share of each rule the config's [holdout] names
// (the digest then names the shares too). A name that is no rule of the folder is a UsageError
// naming the config file, line and column. Throws what rules::load_rule_set throws.
rules::RuleSet load_rules(const std::filesystem::path& folder,
                          const HoldoutOverrides& overrides);

// The flag's value, else the config's, else a UsageError naming both.
std::filesystem::path required_path(const std::string& flag_value,
                                    const std::optional<std::filesystem::path>& config_value,
                                    const char* flag, const char* config_key);
Date required_date(const std::string& text, const char* flag);

// Today's date in a zone ("Asia/Shanghai" by default). Only tools call this, as the default
// of --as-of where the SPEC allows one and to refuse a date in the future; the library never
// reads the clock.
// An unknown zone is a UsageError.
Date today(const std::optional<std::string>& timezone);
// The time now in that zone as ISO 8601 with its offset: 2026-12-07T02:30:00+08:00.
std::string now_iso(const std::optional<std::string>& timezone);

// --allow-future, for the tools that store what a date did (import, record, evaluate).
void add_allow_future_flag(CLI::App& app, bool& allow_future);
// Refuses (UsageError) an --as-of more than one day after today in `timezone`, unless
// `allow_future`: a snapshot or night stored for a date in the future makes every real night
// before it be refused as backdated. Tomorrow is allowed (a file named for the coming day, a
// clock a little behind).
void refuse_future_date(Date as_of, const std::optional<std::string>& timezone,
                        bool allow_future, const char* flag = "--as-of");

// A file or folder a run reads, named for messages ("snapshot", "database", ...).
struct RunInput {
  std::filesystem::path path;
  std::string what;
};
// The database and the files SQLite keeps beside it (-wal, -shm, -journal).
std::vector<RunInput> database_inputs(const std::filesystem::path& db);
// Refuses (UsageError) an output file that is the same file as one of the run's inputs:
// "{what} {output} is the same file as the {input.what} {input.path}: it would be
// overwritten". Touches nothing.
void refuse_output_over_input(const std::filesystem::path& output, const std::string& what,
                              const std::vector<RunInput>& inputs);

// Parses argv with CLI11, then runs `body`. Maps every error to its exit code and prints it as
// "tool: error: message" (one line per message) on `err`. --help and --version print to `out`
// and return 0.
int run_tool(const std::string& tool, CLI::App& app, int argc, const char* const* argv,
             const std::function<int()>& body, std::ostream& err);
// Inside a catch block: prints the exception being handled as run_tool does ("tool: error:
// message", one line per message) and returns its exit code.
int report_current_exception(const std::string& tool, std::ostream& err);

// "1 row", "2 rows": a count with its noun in the right number.
std::string count_of(long long count, const char* singular, const char* plural);

// True when stderr is a terminal (so a long run may show progress).
bool stderr_is_terminal();
// True when `err` is std::cerr and stderr is a terminal: a tool may draw its progress line on
// it. A stream of a caller's (ownercare-nightly keeps each step's stderr for its log) never.
bool draws_progress_on(const std::ostream& err);

}  // namespace ownercare::cli
