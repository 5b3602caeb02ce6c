#include "ownercare/cli/evaluate_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "ownercare/core/files.hpp"
#include "ownercare/core/progress.hpp"
#include "ownercare/emit/output_folder.hpp"
#include "ownercare/emit/xlsx_workbook.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::cli {

void define_evaluate(CLI::App& app, EvaluateFlags& flags) {
  app.description(
      "Evaluates the rules for one date and writes the day's work to OUT/DATE/: sms.csv, "
      "calls.csv,\nhandoff.csv, delist.csv and summary.json (with --xlsx also calls.xlsx and "
      "handoff.xlsx,\nfor people). Evaluating a date again creates nothing and rewrites the "
      "same files,\nfor nights up to --rerun-days (35) before the newest: each new night "
      "deletes the rows\nolder nights' files were made of, and re-running those is refused "
      "(exit 3).");
  add_common_flags(app, flags.common);
  add_rules_flag(app, flags.rules);
  add_as_of_flag(app, flags.as_of, "the date to evaluate (YYYY-MM-DD), required");
  add_out_flag(app, flags.out);
  app.add_flag("-n,--dry-run", flags.dry_run,
               "show what would be emitted; write and store nothing");
  add_allow_future_flag(app, flags.allow_future);
  add_bom_flags(app, flags.bom);
  add_headers_flag(app, flags.headers,
                   "calls.csv, handoff.csv and delist.csv (sms.csv always keeps the contract's)");
  app.add_flag_callback("--xlsx", [&flags] { flags.xlsx = true; },
                        "also write calls.xlsx and handoff.xlsx (phones as text, Chinese "
                        "headers; config: xlsx = true)");
  app.add_flag_callback("--no-xlsx", [&flags] { flags.xlsx = false; },
                        "write no XLSX files, whatever the config says");
  app.add_option("--rerun-days", flags.rerun_days,
                 "keep what re-runs need for this many nights; older nights' stored rows are "
                 "deleted and re-running them is refused (config: rerun_days; default 35)")
      ->check(CLI::Range(1, 36500));
  add_examples(app, {"# look first: what 2026-09-27 would bring, storing nothing",
                     "ownercare-evaluate --config ownercare.toml --as-of 2026-09-27 --dry-run",
                     "# the night: out/2026-09-27/ (sms.csv, calls.csv, handoff.csv, delist.csv, "
                     "summary.json)",
                     "ownercare-evaluate --config ownercare.toml --as-of 2026-09-27",
                     "# a stored night's files written again, the call lists with Chinese headers",
                     "ownercare-evaluate --config ownercare.toml --as-of 2026-09-26 --headers zh"});
}

EvaluateSettings resolve_evaluate(const EvaluateFlags& flags) {
  auto config = load_config_flag(flags.common);
  EvaluateSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");
  settings.rules = required_path(flags.rules, config.rules, "--rules", "rules");
  settings.holdout = holdout_overrides(config);
  settings.options.as_of = required_date(flags.as_of, "--as-of");
  settings.options.dry_run = flags.dry_run;
  // A dry run stores nothing, so it may look at any date.
  if (!flags.dry_run) {
    refuse_future_date(settings.options.as_of, config.timezone, flags.allow_future);
    settings.options.out = required_path(flags.out, config.out, "--out", "out");
  }
  if (!flags.common.config.empty()) settings.config = flags.common.config;
  settings.options.bom = flags.bom.value_or(config.bom.value_or(true));
  settings.options.headers = resolve_headers(flags.headers, config);
  settings.options.xlsx = flags.xlsx.value_or(config.xlsx.value_or(false));
  if (settings.options.xlsx && !emit::xlsx_supported()) {
    throw UsageError(fmt::format("{} (--xlsx, or xlsx = true in the config)",
                                 emit::kNoXlsxSupport));
  }
  if (config.stale_days) settings.options.stale_days = *config.stale_days;
  settings.options.rerun_days =
      flags.rerun_days.value_or(config.rerun_days.value_or(engine::kDefaultRerunDays));
  if (config.expect) settings.options.expected_kinds = *config.expect;
  settings.quiet = flags.common.quiet;
  settings.verbose = flags.common.verbose;
  return settings;
}

namespace {

// Refuses, before the database is opened, an OUT/DATE the evaluation could not replace (see
// emit::check_output_folder) or that holds one of the run's inputs: the folder is replaced
// whole, and the database or rules inside it would go with it.
void check_output(const EvaluateSettings& settings) {
  const auto& options = settings.options;
  emit::check_output_folder(options.out, options.as_of);
  auto day_folder = options.out / options.as_of.iso();
  auto inputs = database_inputs(settings.db);
  inputs.push_back({settings.rules, "rules folder"});
  if (settings.config) inputs.push_back({*settings.config, "config file"});
  for (const auto& input : inputs) {
    std::error_code error;
    if (!std::filesystem::exists(input.path, error) || !within(input.path, day_folder)) continue;
    throw UsageError(fmt::format("the output folder {} holds the {} {}; ownercare-evaluate "
                                 "replaces that folder whole: choose another --out",
                                 day_folder.string(), input.what, input.path.string()));
  }
}

}  // namespace

int run_evaluate(const EvaluateSettings& settings, std::ostream& out, std::ostream& err,
                 engine::EvaluateReport* report_out) {
  auto rules = load_rules(settings.rules, settings.holdout);
  if (!settings.options.dry_run) check_output(settings);
  auto db = store::Database::open(settings.db, store::OpenMode::read_write);
  auto options = settings.options;
  // One line of progress on a terminal; nothing at all under cron, in a pipe or with --quiet.
  // A caller that draws its own (ownercare-nightly) passes it in options.progress.
  std::optional<TerminalProgress> progress;
  if (!options.progress && !settings.quiet && draws_progress_on(err)) {
    progress.emplace(err, "ownercare-evaluate: " + options.as_of.iso());
    options.progress = &*progress;
  }
  auto report = engine::evaluate(db, rules, options);
  progress.reset();  // erased before the warnings (and, on an error, before its message)
  if (report_out) *report_out = report;
  for (const auto& warning : report.warnings) err << "ownercare-evaluate: warning: " << warning << '\n';
  if (settings.options.dry_run) {
    out << report.summary;
    return 0;
  }
  if (!settings.quiet) {
    auto n = [](std::size_t count) { return static_cast<long long>(count); };
    out << fmt::format("{}: {} sms, {}, {}, {}{} -> {}\n", report.as_of.iso(), report.sms,
                       count_of(n(report.calls), "call", "calls"),
                       count_of(n(report.handoffs), "hand-off", "hand-offs"),
                       count_of(n(report.delistings), "delisting", "delistings"),
                       report.rerun ? " (written again from the first run)" : "",
                       report.folder.string());
  }
  return 0;
}

int evaluate_main(int argc, const char* const* argv) {
  CLI::App app{"ownercare-evaluate: the day's SMS, calls, hand-offs and delistings",
               "ownercare-evaluate"};
  EvaluateFlags flags;
  define_evaluate(app, flags);
  return run_tool("ownercare-evaluate", app, argc, argv,
                  [&] { return run_evaluate(resolve_evaluate(flags), std::cout, std::cerr); },
                  std::cerr);
}

}  // namespace ownercare::cli
