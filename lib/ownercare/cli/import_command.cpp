#include "ownercare/cli/import_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "ownercare/core/progress.hpp"
#include "ownercare/ingest/column_map.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::cli {

void define_import(CLI::App& app, ImportFlags& flags) {
  app.description(
      "Imports a snapshot into the database: only what changed is written, in one "
      "transaction.\nInvalid rows go to a rejects file (NAME.rejects.csv beside FILE) with their "
      "line, column\nand reason. --kind optouts reads a do-not-contact list (or the SMS "
      "platform's 退订/T/TD\nreplies): its phones are suppressed from each row's date; only an "
      "`action = lift` row\nlifts one.");
  add_common_flags(app, flags.common);
  add_examples(app, {"# tonight's fleet snapshot, into the database the config names (db)",
                     "ownercare-import --config ownercare.toml --kind fleet --as-of 2026-09-27 "
                     "inbox/fleet-2026-09-27.csv",
                     "# a dealer's sold vehicles, invalid rows to a rejects file of your choosing",
                     "ownercare-import --config ownercare.toml --kind sales --as-of 2026-09-27 "
                     "--rejects sales.rejects.csv inbox/sales-2026-09-27.csv"});
  app.add_option("--kind", flags.kind,
                 "what the file holds: fleet, sales (sold vehicles), service (service orders), "
                 "members (car-wash members) or optouts (a do-not-contact list)");
  add_as_of_flag(app, flags.as_of,
                 "the snapshot's date (YYYY-MM-DD), required; for optouts the list's date "
                 "(default: today), which rows without a date take");
  add_encoding_flag(app, flags.encoding);
  app.add_option("--rejects", flags.rejects,
                 "where to write invalid rows (default: NAME.rejects.csv beside FILE; for "
                 "stdin, KIND-DATE.rejects.csv here)");
  app.add_option("--columns", flags.columns,
                 "a column map (TOML, [columns] \"header in file\" = \"column\") for headers "
                 "the built-in names do not know");
  app.add_flag("--force", flags.force,
               "import even if more vehicles or members disappear than max_disappear_share "
               "allows, or a first fleet import would start day 0 for more than "
               "max_first_night_share of its vehicles");
  app.add_flag("--baseline", flags.baseline,
               "fleet, first install: vehicles not rentable without status_since have been so "
               "since an unknown day; their status messages are recorded, not sent");
  add_allow_future_flag(app, flags.allow_future);
  add_bom_flags(app, flags.bom);
  app.add_option("file", flags.file, "the snapshot CSV, or - for stdin");  // checked in resolve, so an unknown flag is reported first
}

std::string import_summary(const std::string& kind, Date as_of,
                           const ingest::DealerImportReport& report) {
  std::string head = fmt::format("{}: {} {}: ", report.file_name, kind, as_of.iso());
  if (report.unchanged_repeat) return head + "already imported, nothing changed";
  head += fmt::format("{}, {} new, {} changed, {} unchanged",
                      count_of(report.rows_read, "row", "rows"), report.added, report.changed,
                      report.unchanged);
  if (kind != "service") head += fmt::format(", {} gone, {} back", report.gone, report.returned);
  head += fmt::format(", {} rejected", report.rows_rejected);
  if (report.held > 0) head += fmt::format(" ({} kept as stored)", report.held);
  if (kind == "fleet") {
    head += fmt::format("; episodes {} opened, {} closed", report.episodes_opened,
                        report.episodes_closed);
    if (report.baseline_episodes > 0) {
      head += fmt::format(" ({} as baseline)", report.baseline_episodes);
    }
    return head;
  }
  if (kind == "sales") {
    return head + fmt::format("; {}, {}", count_of(report.new_owners, "new owner", "new owners"),
                              count_of(report.odometer_readings, "odometer reading",
                                       "odometer readings"));
  }
  if (kind == "service") {
    return head + fmt::format("; {}, {} for unknown vehicles, {} for unknown members",
                              count_of(report.odometer_readings, "odometer reading",
                                       "odometer readings"),
                              report.unknown_vehicle_orders, report.unknown_member_orders);
  }
  return head + fmt::format("; {} changed",
                            count_of(report.balances_changed, "balance", "balances"));
}

ImportSettings resolve_import(const ImportFlags& flags) {
  auto config = load_config_flag(flags.common);
  if (flags.file.empty()) throw UsageError("FILE is required: the snapshot CSV, or - for stdin");
  ImportSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");
  if (flags.kind.empty()) {
    throw UsageError("--kind is required (fleet, sales, service, members, optouts)");
  }
  if (flags.kind != "fleet" && flags.kind != "sales" && flags.kind != "service" &&
      flags.kind != "members" && flags.kind != "optouts") {
    throw UsageError(fmt::format(
        "--kind \"{}\" is not one of fleet, sales, service, members, optouts", flags.kind));
  }
  settings.kind = flags.kind;
  auto& options = settings.options;
  options.file = flags.file;
  options.as_of = flags.kind == "optouts" && flags.as_of.empty()
                      ? today(config.timezone)
                      : required_date(flags.as_of, "--as-of");
  refuse_future_date(options.as_of, config.timezone, flags.allow_future);
  options.encoding = csv::parse_encoding(
      !flags.encoding.empty() ? flags.encoding : config.encoding.value_or("auto"));
  if (!flags.rejects.empty()) options.rejects_file = flags.rejects;
  options.force = flags.force;
  if (flags.baseline && flags.kind != "fleet") {
    throw UsageError("--baseline applies to --kind fleet only (the statuses of a car-sharing "
                     "fleet)");
  }
  options.baseline = flags.baseline;
  if (config.resume_days) options.resume_days = *config.resume_days;
  if (config.max_first_night_share) options.max_first_night_share = *config.max_first_night_share;
  if (config.max_field_bytes) options.max_field_bytes = *config.max_field_bytes;
  if (config.max_invalid_phone_share) {
    options.max_invalid_phone_share = *config.max_invalid_phone_share;
  }
  options.bom = flags.bom.value_or(config.bom.value_or(true));
  if (config.max_disappear_share) options.max_disappear_share = *config.max_disappear_share;
  if (config.max_invalid_share) options.max_invalid_share = *config.max_invalid_share;
  if (!flags.columns.empty()) options.column_map = ingest::load_column_map(flags.columns);
  else if (config.columns) options.column_map = ingest::load_column_map(*config.columns);
  settings.quiet = flags.common.quiet;
  settings.verbose = flags.common.verbose;
  return settings;
}

int run_import(const ImportSettings& settings, std::ostream& out, std::ostream& err,
               ingest::DealerImportReport* report_out) {
  // A missing input, or a rejects file that would overwrite an input, is refused before the
  // database is touched (or created).
  if (settings.options.file != "-" && !std::filesystem::exists(settings.options.file)) {
    throw InputError(fmt::format("{}: cannot open (No such file or directory)",
                                 settings.options.file.string()));
  }
  auto inputs = database_inputs(settings.db);
  inputs.push_back({settings.options.file, "snapshot"});
  refuse_output_over_input(
      settings.options.rejects_file.value_or(ingest::default_rejects_path(
          settings.options.file, settings.kind, settings.options.as_of.iso())),
      "the rejects file", inputs);
  auto db = store::Database::open(settings.db, store::OpenMode::create);
  auto options = settings.options;
  // One line of progress on a terminal; nothing at all under cron, in a pipe or with --quiet.
  // A caller that draws its own (ownercare-nightly: which step, which file) passes it in
  // options.progress.
  std::optional<TerminalProgress> progress;
  if (!options.progress && !settings.quiet && draws_progress_on(err)) {
    progress.emplace(err, fmt::format("ownercare-import: {}",
                                      options.file == "-" ? std::string("stdin")
                                                          : options.file.filename().string()));
    options.progress = &*progress;
  }
  ingest::DealerImportReport report;
  ingest::OptOutImportReport optouts;
  try {
    if (settings.kind == "optouts") {
      optouts = ingest::import_optouts(db, options);
      static_cast<ingest::ImportReport&>(report) = optouts;
    } else if (settings.kind == "fleet") {
      static_cast<ingest::ImportReport&>(report) = ingest::import_fleet(db, options);
    } else if (settings.kind == "sales") {
      report = ingest::import_sales(db, options);
    } else if (settings.kind == "service") {
      report = ingest::import_service(db, options);
    } else {
      report = ingest::import_members(db, options);
    }
  } catch (...) {
    progress.reset();  // erases the line before the error is printed
    // A first import that fails leaves no database behind: a later run must not find an
    // empty one and take it for one that was set up.
    if (db.created()) db.remove_created_files();
    throw;
  }
  progress.reset();
  if (report_out) *report_out = report;
  for (const auto& warning : report.warnings) err << "ownercare-import: " << warning << '\n';
  for (const auto& message : report.reject_messages) {
    err << "ownercare-import: rejected: " << message << '\n';
  }
  if (report.rejects_file) {
    err << fmt::format("ownercare-import: {} written to {}\n",
                       count_of(report.rows_rejected, "rejected row", "rejected rows"),
                       report.rejects_file->string());
  }
  if (settings.quiet) return 0;
  if (settings.kind == "optouts") out << ingest::optout_summary(optouts, options.as_of) << '\n';
  else out << import_summary(settings.kind, options.as_of, report) << '\n';
  return 0;
}

int import_main(int argc, const char* const* argv) {
  CLI::App app{"ownercare-import: import a snapshot into the ownercare database",
               "ownercare-import"};
  ImportFlags flags;
  define_import(app, flags);
  return run_tool("ownercare-import", app, argc, argv,
                  [&] { return run_import(resolve_import(flags), std::cout, std::cerr); },
                  std::cerr);
}

}  // namespace ownercare::cli
