#include "ownercare/cli/import_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "ownercare/store/database.hpp"

namespace ownercare::cli {

void define_import(CLI::App& app, ImportFlags& flags) {
  app.description(
      "Imports a snapshot into the database: only what changed is written, in one "
      "transaction.\nInvalid rows go to a rejects file (NAME.rejects.csv beside FILE) with their "
      "line, column\nand reason.");
  add_common_flags(app, flags.common);
  app.add_option("--kind", flags.kind, "what the file holds: fleet");
  add_as_of_flag(app, flags.as_of, "the snapshot's date (YYYY-MM-DD), required");
  add_encoding_flag(app, flags.encoding);
  app.add_option("--rejects", flags.rejects,
                 "where to write invalid rows (default: NAME.rejects.csv beside FILE; for "
                 "stdin, fleet-DATE.rejects.csv here)");
  app.add_flag("--force", flags.force,
               "import even if more vehicles disappear than max_disappear_share allows");
  add_bom_flags(app, flags.bom);
  app.add_option("file", flags.file, "the snapshot CSV, or - for stdin");  // checked in resolve, so an unknown flag is reported first
}

ImportSettings resolve_import(const ImportFlags& flags) {
  auto config = load_config_flag(flags.common);
  if (flags.file.empty()) throw UsageError("FILE is required: the snapshot CSV, or - for stdin");
  ImportSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");
  if (flags.kind.empty()) throw UsageError("--kind is required (fleet)");
  if (flags.kind == "sales" || flags.kind == "service" || flags.kind == "members") {
    throw UsageError(fmt::format("--kind {} is not supported yet; this ownercare imports fleet "
                                 "snapshots",
                                 flags.kind));
  }
  if (flags.kind != "fleet") {
    throw UsageError(fmt::format("--kind \"{}\" is not one of fleet, sales, service, members",
                                 flags.kind));
  }
  settings.kind = flags.kind;
  auto& options = settings.options;
  options.file = flags.file;
  options.as_of = required_date(flags.as_of, "--as-of");
  options.encoding = csv::parse_encoding(
      !flags.encoding.empty() ? flags.encoding : config.encoding.value_or("auto"));
  if (!flags.rejects.empty()) options.rejects_file = flags.rejects;
  options.force = flags.force;
  options.bom = flags.bom.value_or(config.bom.value_or(true));
  if (config.max_disappear_share) options.max_disappear_share = *config.max_disappear_share;
  if (config.max_invalid_share) options.max_invalid_share = *config.max_invalid_share;
  settings.quiet = flags.common.quiet;
  settings.verbose = flags.common.verbose;
  return settings;
}

int run_import(const ImportSettings& settings, std::ostream& out, std::ostream& err) {
  // A missing input is refused before the database is touched (or created).
  if (settings.options.file != "-" && !std::filesystem::exists(settings.options.file)) {
    throw InputError(fmt::format("{}: cannot open (No such file or directory)",
                                 settings.options.file.string()));
  }
  auto db = store::Database::open(settings.db, store::OpenMode::create);
  auto options = settings.options;
  bool show_progress = !settings.quiet && stderr_is_terminal() && options.file != "-";
  std::uintmax_t total = 0;
  if (show_progress) {
    std::error_code ignored;
    total = std::filesystem::file_size(options.file, ignored);
    if (total == 0) show_progress = false;
  }
  if (show_progress) {
    options.progress = [&err, total](std::uint64_t bytes) {
      err << fmt::format("\rownercare-import: reading {:3.0f}%",
                         100.0 * static_cast<double>(bytes) / static_cast<double>(total))
          << std::flush;
    };
  }
  ingest::ImportReport report;
  try {
    report = ingest::import_fleet(db, options);
  } catch (...) {
    if (show_progress) err << "\r\033[K" << std::flush;
    throw;
  }
  if (show_progress) err << "\r\033[K" << std::flush;
  for (const auto& warning : report.warnings) err << "ownercare-import: " << warning << '\n';
  for (const auto& message : report.reject_messages) {
    err << "ownercare-import: rejected: " << message << '\n';
  }
  if (report.rejects_file) {
    err << fmt::format("ownercare-import: {} written to {}\n",
                       count_of(report.rows_rejected, "rejected row", "rejected rows"),
                       report.rejects_file->string());
  }
  if (!settings.quiet) {
    if (report.unchanged_repeat) {
      out << fmt::format("{}: fleet {}: already imported, nothing changed\n", report.file_name,
                         options.as_of.iso());
    } else {
      out << fmt::format(
          "{}: fleet {}: {}, {} new, {} changed, {} unchanged, {} gone, {} back, {} "
          "rejected; episodes {} opened, {} closed\n",
          report.file_name, options.as_of.iso(), count_of(report.rows_read, "row", "rows"),
          report.added, report.changed, report.unchanged, report.gone, report.returned,
          report.rows_rejected, report.episodes_opened, report.episodes_closed);
    }
  }
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
