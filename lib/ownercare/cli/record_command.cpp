#include "ownercare/cli/record_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "ownercare/ingest/column_map.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/outcomes/value_map.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::cli {

void define_record(CLI::App& app, RecordFlags& flags) {
  app.description(
      "Records what happened to the tasks of earlier nights (columns task_id, result, "
      "disposition,\nat, appointment_date, callback_date, satisfaction, new_phone, note, "
      "attempt), so that\ntonight's evaluation retries, stops or delists accordingly. Bad lines "
      "are reported with\ntheir line number and written to a rejects file; the rest is "
      "applied.\nChinese words (无人接听, 已接通, 满意, ...) are read as results and dispositions; "
      "a value map\n(--values) teaches a call centre's own codes.");
  add_common_flags(app, flags.common);
  add_examples(app, {"# the outcomes of the earlier nights' calls, SMS and hand-offs",
                     "ownercare-record --config ownercare.toml --as-of 2026-09-27 "
                     "inbox/outcomes-2026-09-27.csv",
                     "# a file known to be UTF-8, bad lines to outcomes.rejects.csv (recording "
                     "it again changes nothing)",
                     "ownercare-record --config ownercare.toml --as-of 2026-09-27 --encoding "
                     "utf-8 --rejects outcomes.rejects.csv inbox/outcomes-2026-09-27.csv"});
  add_as_of_flag(app, flags.as_of, "the night the outcomes are recorded (default: today)");
  add_encoding_flag(app, flags.encoding);
  app.add_option("--rejects", flags.rejects,
                 "where to write invalid lines (default: NAME.rejects.csv beside FILE; for "
                 "stdin, outcomes-DATE.rejects.csv here)");
  app.add_option("--columns", flags.columns,
                 "a column map (TOML, [columns] \"header in file\" = \"column\") for headers "
                 "the built-in names do not know");
  app.add_option("--values", flags.values,
                 "a value map (TOML, [values] \"CODE\" = \"result or disposition\") for a call "
                 "centre's own codes, e.g. examples/vicidial-values.toml");
  add_allow_future_flag(app, flags.allow_future);
  add_bom_flags(app, flags.bom);
  app.add_option("file", flags.file, "the outcomes CSV, or - for stdin");  // checked in resolve, so an unknown flag is reported first
}

RecordSettings resolve_record(const RecordFlags& flags) {
  auto config = load_config_flag(flags.common);
  if (flags.file.empty()) throw UsageError("FILE is required: the outcomes CSV, or - for stdin");
  RecordSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");
  auto& options = settings.options;
  options.file = flags.file;
  options.as_of = flags.as_of.empty() ? today(config.timezone)
                                      : required_date(flags.as_of, "--as-of");
  refuse_future_date(options.as_of, config.timezone, flags.allow_future);
  options.encoding = csv::parse_encoding(
      !flags.encoding.empty() ? flags.encoding : config.encoding.value_or("auto"));
  if (!flags.rejects.empty()) options.rejects_file = flags.rejects;
  options.bom = flags.bom.value_or(config.bom.value_or(true));
  if (config.max_invalid_share) options.max_invalid_share = *config.max_invalid_share;
  if (!flags.columns.empty()) options.column_map = ingest::load_column_map(flags.columns);
  else if (config.columns) options.column_map = ingest::load_column_map(*config.columns);
  if (!flags.values.empty()) options.value_map = outcomes::load_value_map(flags.values);
  else if (config.outcome_values) {
    options.value_map = outcomes::load_value_map(*config.outcome_values);
  }
  settings.quiet = flags.common.quiet;
  return settings;
}

int run_record(const RecordSettings& settings, std::ostream& out, std::ostream& err,
               outcomes::RecordReport* report_out) {
  // A missing input, or a rejects file that would overwrite an input, is refused before the
  // database is touched.
  if (settings.options.file != "-" && !std::filesystem::exists(settings.options.file)) {
    throw InputError(fmt::format("{}: cannot read: No such file or directory",
                                 settings.options.file.string()));
  }
  auto inputs = database_inputs(settings.db);
  inputs.push_back({settings.options.file, "outcomes file"});
  refuse_output_over_input(settings.options.rejects_file.value_or(ingest::default_rejects_path(
                               settings.options.file, "outcomes", settings.options.as_of.iso())),
                           "the rejects file", inputs);
  auto db = store::Database::open(settings.db, store::OpenMode::read_write);
  auto report = outcomes::record_outcomes(db, settings.options);
  if (report_out) *report_out = report;
  for (const auto& warning : report.warnings) err << "ownercare-record: " << warning << '\n';
  for (const auto& message : report.reject_messages) {
    err << "ownercare-record: rejected: " << message << '\n';
  }
  if (report.rejects_file) {
    err << fmt::format("ownercare-record: {} written to {}\n",
                       count_of(report.rejected, "rejected line", "rejected lines"),
                       report.rejects_file->string());
  }
  if (!settings.quiet) {
    if (report.same_file_again) {
      out << fmt::format("{}: recorded before, nothing changed\n", report.file_name);
    } else {
      out << fmt::format("{}: {}, {} applied, {} repeated, {} rejected; {}, {} delisted, {} "
                         "do-not-call\n",
                         report.file_name, count_of(report.lines_read, "line", "lines"),
                         report.applied, report.repeated, report.rejected,
                         count_of(report.retries, "retry", "retries"), report.delisted,
                         report.do_not_call);
    }
  }
  return 0;
}

int record_main(int argc, const char* const* argv) {
  CLI::App app{"ownercare-record: record the outcomes of SMS, calls and hand-offs",
               "ownercare-record"};
  RecordFlags flags;
  define_record(app, flags);
  return run_tool("ownercare-record", app, argc, argv,
                  [&] { return run_record(resolve_record(flags), std::cout, std::cerr); },
                  std::cerr);
}

}  // namespace ownercare::cli
