#include "ownercare/cli/common.hpp"

#include <fmt/format.h>
#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "ownercare/core/files.hpp"
#include "ownercare/core/sha256.hpp"

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace ownercare::cli {

void add_common_flags(CLI::App& app, CommonFlags& flags, bool needs_db) {
  if (needs_db) {
    app.add_option("--db", flags.db, "the ownercare database (SQLite file)");
  }
  app.add_option("--config", flags.config,
                 "a TOML file of defaults for these flags (flags given here win)");
  app.add_flag("-q,--quiet", flags.quiet, "print nothing on success");
  app.add_flag("-v,--verbose", flags.verbose, "say more on stderr");
  app.footer(exit_code_help());
}

void add_as_of_flag(CLI::App& app, std::string& as_of, const char* what) {
  app.add_option("--as-of", as_of, what);
}

void add_rules_flag(CLI::App& app, std::string& rules) {
  app.add_option("--rules", rules, "the rules folder (rule files, policy.toml, holidays.toml)");
}

void add_out_flag(CLI::App& app, std::string& out) {
  app.add_option("--out", out, "the output folder; the day's files go to OUT/DATE/");
}

void add_encoding_flag(CLI::App& app, std::string& encoding) {
  app.add_option("--encoding", encoding, "input encoding: auto (default), utf-8 or gb18030");
}

void add_bom_flags(CLI::App& app, std::optional<bool>& bom) {
  app.add_flag_callback("--bom", [&bom] { bom = true; },
                        "start CSV files with a UTF-8 BOM (the default; Excel needs it)");
  app.add_flag_callback("--no-bom", [&bom] { bom = false; }, "write CSV files without a BOM");
}

void add_headers_flag(CLI::App& app, std::string& headers, const std::string& what) {
  app.add_option("--headers", headers,
                 "en (default: the contract's column names) or zh (Chinese names) for " + what)
      ->type_name("en|zh");
}

emit::HeaderLanguage resolve_headers(const std::string& flag, const Config& config) {
  if (!flag.empty()) {
    if (auto language = emit::parse_header_language(flag)) return *language;
    throw UsageError(fmt::format(
        "--headers \"{}\" is not one of en (the contract's names), zh (Chinese names)", flag));
  }
  if (config.headers) return emit::parse_header_language(*config.headers).value();
  return emit::HeaderLanguage::english;
}

void add_examples(CLI::App& app, const std::vector<std::string>& examples) {
  std::string text = app.get_footer();
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += (text.empty() ? "" : "\n") + std::string("Examples:\n");
  for (const auto& example : examples) text += "  " + example + "\n";
  app.footer(text);
}

Config load_config_flag(const CommonFlags& flags) {
  if (flags.config.empty()) return {};
  return load_config(flags.config);
}

HoldoutOverrides holdout_overrides(const Config& config) { return {config.file, config.holdout}; }

rules::RuleSet load_rules(const std::filesystem::path& folder,
                          const HoldoutOverrides& overrides) {
  auto set = rules::load_rule_set(folder);
  if (overrides.shares.empty()) return set;
  Sha256 digest;
  digest.update(set.digest);
  for (const auto& [name, share] : overrides.shares) {
    auto rule = std::find_if(set.rules.begin(), set.rules.end(),
                             [&](const rules::Rule& r) { return r.name == name; });
    if (rule == set.rules.end()) {
      throw UsageError(fmt::format("{}:{}:{}: [holdout] names \"{}\", which is no rule in {}",
                                   overrides.file.string(), share.line, share.column, name,
                                   folder.string()));
    }
    rule->holdout = share.share;
    digest.update(fmt::format("\nholdout {} {}", name, share.share));
  }
  set.digest = digest.hex_digest();
  return set;
}

std::filesystem::path required_path(const std::string& flag_value,
                                    const std::optional<std::filesystem::path>& config_value,
                                    const char* flag, const char* config_key) {
  if (!flag_value.empty()) return flag_value;
  if (config_value) return *config_value;
  throw UsageError(fmt::format("{} is required (or {} in the --config file)", flag, config_key));
}

Date required_date(const std::string& text, const char* flag) {
  if (text.empty()) throw UsageError(fmt::format("{} DATE is required", flag));
  auto date = Date::parse(text);
  if (!date) throw UsageError(fmt::format("{} \"{}\" is not a date (YYYY-MM-DD)", flag, text));
  return *date;
}

namespace {

// The local time in `zone` now, with its offset from UTC in seconds. An unknown zone is a
// usage error rather than a silent UTC: the night's date would be wrong for eight hours a day.
std::tm local_now(const std::optional<std::string>& timezone, long& offset) {
  std::string zone = timezone.value_or("Asia/Shanghai");
  std::time_t now = std::time(nullptr);
  std::tm local{};
#ifdef _WIN32
  // Windows has no IANA zone names: the zones ownercare knows there are fixed offsets.
  if (zone == "Asia/Shanghai" || zone == "Asia/Chongqing" || zone == "PRC") offset = 8 * 3600;
  else if (zone == "UTC" || zone == "Etc/UTC") offset = 0;
  else {
    throw UsageError(fmt::format("timezone \"{}\" is not known on Windows (Asia/Shanghai or "
                                 "UTC)",
                                 zone));
  }
  std::time_t shifted = now + offset;
  gmtime_s(&local, &shifted);
#else
  std::string rule = zone;
  if (zone != "UTC" && !std::filesystem::exists("/usr/share/zoneinfo/" + zone)) {
    // Without tzdata, TZ=Asia/Shanghai would silently mean UTC; China keeps UTC+8 all year.
    if (zone == "Asia/Shanghai" || zone == "PRC") rule = "CST-8";
    else {
      throw UsageError(fmt::format("timezone \"{}\" is not known (no /usr/share/zoneinfo/{}; "
                                   "install tzdata or name a zone such as Asia/Shanghai)",
                                   zone, zone));
    }
  }
  std::string previous = std::getenv("TZ") ? std::getenv("TZ") : "";
  bool had_tz = std::getenv("TZ") != nullptr;
  setenv("TZ", rule.c_str(), 1);
  tzset();
  localtime_r(&now, &local);
  offset = local.tm_gmtoff;
  if (had_tz) setenv("TZ", previous.c_str(), 1);
  else unsetenv("TZ");
  tzset();
#endif
  return local;
}

}  // namespace

Date today(const std::optional<std::string>& timezone) {
  long offset = 0;
  std::tm local = local_now(timezone, offset);
  return Date(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
              static_cast<unsigned>(local.tm_mday));
}

std::string now_iso(const std::optional<std::string>& timezone) {
  long offset = 0;
  std::tm local = local_now(timezone, offset);
  long minutes = (offset < 0 ? -offset : offset) / 60;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", local.tm_year + 1900,
                     local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                     offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

void add_allow_future_flag(CLI::App& app, bool& allow_future) {
  app.add_flag("--allow-future", allow_future,
               "accept an --as-of more than one day after today (in the config's timezone)");
}

void refuse_future_date(Date as_of, const std::optional<std::string>& timezone,
                        bool allow_future, const char* flag) {
  if (allow_future) return;
  Date now = today(timezone);
  if (as_of <= now.plus_days(1)) return;
  throw UsageError(fmt::format(
      "{} {} is more than one day after today ({} in {}): a night stored for it would "
      "make every real night before it be refused; give --allow-future if that date is meant",
      flag, as_of.iso(), now.iso(), timezone.value_or("Asia/Shanghai")));
}

std::vector<RunInput> database_inputs(const std::filesystem::path& db) {
  std::vector<RunInput> inputs = {{db, "database"}};
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    auto file = db;
    file += suffix;
    inputs.push_back({file, "database"});
  }
  return inputs;
}

void refuse_output_over_input(const std::filesystem::path& output, const std::string& what,
                              const std::vector<RunInput>& inputs) {
  for (const auto& input : inputs) {
    if (input.path.empty() || input.path == "-") continue;
    if (same_file(output, input.path)) {
      throw UsageError(fmt::format("{} {} is the same file as the {} {}: it would be overwritten",
                                   what, output.string(), input.what, input.path.string()));
    }
  }
}

std::string count_of(long long count, const char* singular, const char* plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

bool stderr_is_terminal() {
#ifdef _WIN32
  return _isatty(_fileno(stderr)) != 0;
#else
  return isatty(STDERR_FILENO) != 0;
#endif
}

bool draws_progress_on(const std::ostream& err) {
  return &err == &std::cerr && stderr_is_terminal();
}

int run_tool(const std::string& tool, CLI::App& app, int argc, const char* const* argv,
             const std::function<int()>& body, std::ostream& err) {
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      std::cout << app.help();
      return 0;
    } catch (const CLI::CallForAllHelp&) {
      std::cout << app.help("", CLI::AppFormatMode::All);
      return 0;
    } catch (const CLI::CallForVersion&) {
      std::cout << tool << " " << "0.1.0\n";
      return 0;
    } catch (const CLI::ParseError& error) {
      throw UsageError(fmt::format("{} (see {} --help)", error.what(), tool));
    }
    return body();
  } catch (...) {
    return report_current_exception(tool, err);
  }
}

int report_current_exception(const std::string& tool, std::ostream& err) {
  auto print = [&](const std::vector<std::string>& messages) {
    for (const auto& message : messages) err << tool << ": error: " << message << '\n';
  };
  try {
    throw;
  } catch (const Error& error) {
    print(error.messages());
    return static_cast<int>(error.code());
  } catch (const SQLite::Exception& error) {
    print({fmt::format("database: {}", error.what())});
    return static_cast<int>(ExitCode::failure);
  } catch (const std::filesystem::filesystem_error& error) {
    print({error.what()});
    return static_cast<int>(ExitCode::failure);
  } catch (const std::exception& error) {
    print({fmt::format("unexpected failure: {}", error.what())});
    return static_cast<int>(ExitCode::failure);
  }
}

}  // namespace ownercare::cli
