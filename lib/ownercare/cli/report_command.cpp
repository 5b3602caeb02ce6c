#include "ownercare/cli/report_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <map>
#include <string_view>

#include "ownercare/core/files.hpp"
#include "ownercare/emit/xlsx_workbook.hpp"
#include "ownercare/report/csv_report.hpp"
#include "ownercare/report/html_report.hpp"
#include "ownercare/report/report_figures.hpp"
#include "ownercare/report/report_tables.hpp"
#include "ownercare/report/text_report.hpp"
#include "ownercare/report/xlsx_report.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::cli {

namespace {

std::string table_names() {
  std::string names;
  for (const auto& name : report::report_table_names()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

// --format html and xlsx, and --html, write one file: a `flag` (--out, --html) that names a
// folder is a usage error, its message ending in `what_instead`.
void refuse_folder_as_file(std::string_view flag, const std::filesystem::path& file,
                           std::string_view what_instead) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) {
    throw UsageError(fmt::format("{} {} is a folder{}", flag, file.string(), what_instead));
  }
}

}  // namespace

void define_report(CLI::App& app, ReportFlags& flags) {
  app.description(
      "Reports a period (default: the 7 days ending on --as-of): the fleet's status episodes\n"
      "(back to rentable within 7/15/30 days per status, city and week, the step before each\n"
      "return, the calls' endings), the lift of every rule with a control group (95% interval),\n"
      "per dealer the post-service\n"
      "callback coverage and success rate against the 80% target, unreachable reasons,\n"
      "satisfaction and complaints, appointments from reminders; the weekly dealer-meeting\n"
      "list; car-wash callbacks and daily, monthly and per-franchise counts. Reads only: safe\n"
      "while a night runs. --format html writes one self-contained page with charts.\nTables: " +
      table_names());
  add_common_flags(app, flags.common);
  add_as_of_flag(app, flags.as_of,
                 "the report's date (YYYY-MM-DD), required: nothing emitted or recorded later "
                 "counts");
  app.add_option("--from", flags.from, "first day of the period (default: 6 days before --to)");
  app.add_option("--to", flags.to, "last day of the period (default: --as-of)");
  app.add_option("--format", flags.format,
                 "text (default, to stdout), csv, html or xlsx (one workbook, a sheet per table)");
  app.add_option("--out", flags.out,
                 "the folder for the CSV files, NAME.csv per table (--format csv; created), or "
                 "the HTML file (--format html, owner-only; default stdout), or the workbook "
                 "file (--format xlsx, owner-only; required)");
  app.add_option("--table", flags.table,
                 "only this table (with --format csv and no --out: "
                 "to stdout)");
  add_bom_flags(app, flags.bom);
  add_rules_flag(app, flags.rules);
  add_headers_flag(app, flags.headers,
                   "the CSV tables' header rows (the text report shows both)");
  app.add_option("--html", flags.html,
                 "with --format csv --out DIR: also write the HTML page (as --format html would, "
                 "owner-only) to this file, from the same figures: the period is read once");
  add_examples(app, {"# the 7 days ending 2026-09-26, as text",
                     "ownercare-report --config ownercare.toml --as-of 2026-09-26",
                     "# every table as CSV with Chinese headers, and the page of charts beside",
                     "ownercare-report --config ownercare.toml --as-of 2026-09-26 --format csv "
                     "--out reports/week --headers zh --html reports/week/report.html",
                     "# one table on stdout, for a script",
                     "ownercare-report --config ownercare.toml --as-of 2026-09-26 --format csv "
                     "--table callbacks"});
}

ReportSettings resolve_report(const ReportFlags& flags) {
  auto config = load_config_flag(flags.common);
  ReportSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");

  auto& period = settings.period;
  period.as_of = required_date(flags.as_of, "--as-of");
  period.to = flags.to.empty() ? period.as_of : required_date(flags.to, "--to");
  period.from = flags.from.empty() ? period.to.plus_days(-6) : required_date(flags.from, "--from");
  if (period.to > period.as_of) {
    throw UsageError(fmt::format("--to {} is after --as-of {}: the report knows nothing later",
                                 period.to.iso(), period.as_of.iso()));
  }
  if (period.from > period.to) {
    throw UsageError(fmt::format("--from {} is after --to {}", period.from.iso(), period.to.iso()));
  }

  if (flags.format.empty() || flags.format == "text") {
    settings.format = ReportFormat::text;
  } else if (flags.format == "csv") {
    settings.format = ReportFormat::csv;
  } else if (flags.format == "html") {
    settings.format = ReportFormat::html;
  } else if (flags.format == "xlsx") {
    settings.format = ReportFormat::xlsx;
    if (!emit::xlsx_supported()) throw UsageError(emit::kNoXlsxSupport);
  } else {
    throw UsageError(
        fmt::format("--format \"{}\" is not one of text, csv, html, xlsx", flags.format));
  }

  if (!flags.table.empty()) {
    const auto& names = report::report_table_names();
    if (std::find(names.begin(), names.end(), flags.table) == names.end()) {
      throw UsageError(fmt::format("--table \"{}\" is not a table (choose one of {})", flags.table,
                                   table_names()));
    }
    if (settings.format == ReportFormat::html) {
      throw UsageError("--table is for --format text or csv; the HTML page shows every table");
    }
    settings.table = flags.table;
  }
  if (settings.format == ReportFormat::xlsx && flags.out.empty()) {
    throw UsageError("--format xlsx writes one file: give --out FILE.xlsx");
  }
  if (!flags.out.empty()) {
    if (settings.format == ReportFormat::text) {
      throw UsageError("--out is for --format csv, html or xlsx; the text report goes to stdout");
    }
    settings.out = flags.out;
  } else if (settings.format == ReportFormat::csv && !settings.table) {
    throw UsageError(
        "--format csv writes a file per table: give --out DIR (or --table NAME "
        "for one table on stdout)");
  }
  if (!flags.html.empty()) {
    if (settings.format != ReportFormat::csv || !settings.out || settings.table) {
      throw UsageError(
          "--html is for --format csv --out DIR (every table): it writes the page beside them; "
          "for the page alone use --format html");
    }
    settings.html = flags.html;
  }
  if (!flags.rules.empty()) {
    settings.rules = flags.rules;
  } else if (config.rules) {
    settings.rules = config.rules;
  }
  settings.holdout = holdout_overrides(config);
  // A BOM helps Excel; on a pipe into other tools it is noise, so stdout defaults to none.
  settings.bom = flags.bom.value_or(settings.out ? config.bom.value_or(true) : false);
  settings.headers = resolve_headers(flags.headers, config);
  return settings;
}

int run_report(const ReportSettings& settings, std::ostream& out, std::ostream& err) {
  (void)err;
  if (settings.out) {
    auto inputs = database_inputs(settings.db);
    refuse_output_over_input(*settings.out, "--out", inputs);
    if (settings.format == ReportFormat::csv) {
      for (const auto& name : report::report_table_names()) {
        refuse_output_over_input(*settings.out / (name + ".csv"), "the report file", inputs);
      }
    } else if (settings.format == ReportFormat::xlsx) {
      refuse_folder_as_file("--out", *settings.out,
                            "; --format xlsx writes one file: give --out FILE.xlsx");
    } else {
      refuse_folder_as_file("--out", *settings.out, ": --format html writes one file");
    }
  }
  if (settings.html) {
    refuse_output_over_input(*settings.html, "--html", database_inputs(settings.db));
    refuse_folder_as_file("--html", *settings.html, ": --html names the page's file");
  }
  auto db = store::Database::open(settings.db, store::OpenMode::read_only);
  std::map<std::string, report::RuleHoldout> holdout_rules;
  if (settings.rules) {
    for (const auto& rule : load_rules(*settings.rules, settings.holdout).rules) {
      if (rule.holdout > 0) {
        holdout_rules[rule.name] = {rule.holdout, rules::subject_kind_name(rule.subject)};
      }
    }
  }
  auto figures = report::gather_figures(db, settings.period, holdout_rules);
  auto tables = report::report_tables(figures);
  if (settings.table) {
    std::erase_if(tables,
                  [&](const report::ReportTable& table) { return table.name != *settings.table; });
  }
  if (settings.format == ReportFormat::text) {
    out << (settings.table ? report::render_text_table(tables.front())
                           : report::render_text_report(settings.period, tables));
  } else if (settings.format == ReportFormat::html) {
    // The meeting table holds names and phones: the file is its owner's only (SPEC 5).
    auto page = report::render_html_report(figures, tables);
    if (settings.out) {
      write_file_atomically(*settings.out, page, FileAccess::owner_only);
    } else {
      out << page;
    }
  } else if (settings.format == ReportFormat::xlsx) {
    report::write_xlsx_report(*settings.out, settings.period, tables);
  } else if (settings.out) {
    report::write_csv_tables(*settings.out, tables, settings.bom, settings.headers);
    if (settings.html) {
      write_file_atomically(*settings.html, report::render_html_report(figures, tables),
                            FileAccess::owner_only);
    }
  } else {
    out << report::render_csv_table(tables.front(), settings.bom, settings.headers);
  }
  out.flush();
  return 0;
}

int report_main(int argc, const char* const* argv) {
#ifdef SIGPIPE
  // A reader that stops early (`| head`) is not an error: end quietly.
  std::signal(SIGPIPE, SIG_IGN);
#endif
  CLI::App app{"ownercare-report: fleet, lift, dealer and car-wash figures of a period",
               "ownercare-report"};
  ReportFlags flags;
  define_report(app, flags);
  return run_tool(
      "ownercare-report", app, argc, argv,
      [&] { return run_report(resolve_report(flags), std::cout, std::cerr); }, std::cerr);
}

}  // namespace ownercare::cli
