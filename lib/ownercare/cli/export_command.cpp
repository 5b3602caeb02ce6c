#include "ownercare/cli/export_command.hpp"

#include <fmt/format.h>

#include <csignal>
#include <iostream>

#include "ownercare/core/files.hpp"
#include "ownercare/csv/writer.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/export_queries.hpp"

namespace ownercare::cli {

void define_export(CLI::App& app, ExportFlags& flags) {
  std::string tables;
  for (const auto& table : store::export_tables()) {
    tables += fmt::format("\n  {:<13} {}", table.name, table.description);
  }
  app.description("Writes one table of the database as CSV (to stdout unless --out). Reads "
                  "only: safe while a night runs." +
                  std::string("\nTables:") + tables);
  add_common_flags(app, flags.common);
  app.add_option("--subject", flags.subject, "only this vehicle id");
  app.add_option("-o,--out", flags.out,
                 "write to this file (created readable by its owner only) instead of stdout");
  add_bom_flags(app, flags.bom);
  app.add_option("table", flags.table, "what to export");  // checked in resolve, so an unknown flag is reported first
}

ExportSettings resolve_export(const ExportFlags& flags) {
  auto config = load_config_flag(flags.common);
  ExportSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");
  if (flags.table.empty()) {
    std::string names;
    for (const auto& table : store::export_tables()) names += (names.empty() ? "" : ", ") + table.name;
    throw UsageError(fmt::format("TABLE is required ({})", names));
  }
  bool known = false;
  for (const auto& table : store::export_tables()) known = known || table.name == flags.table;
  if (!known) {
    std::string names;
    for (const auto& table : store::export_tables()) names += (names.empty() ? "" : ", ") + table.name;
    throw UsageError(fmt::format("cannot export \"{}\" (choose one of {})", flags.table, names));
  }
  settings.table = flags.table;
  if (!flags.subject.empty()) settings.subject = flags.subject;
  if (!flags.out.empty()) settings.out = flags.out;
  // A BOM helps Excel; on a pipe into other tools it is noise, so stdout defaults to none.
  settings.bom = flags.bom.value_or(settings.out ? config.bom.value_or(true) : false);
  return settings;
}

int run_export(const ExportSettings& settings, std::ostream& out, std::ostream& err) {
  (void)err;
  if (settings.out) refuse_output_over_input(*settings.out, "--out", database_inputs(settings.db));
  auto db = store::Database::open(settings.db, store::OpenMode::read_only);
  csv::Writer writer(csv::WriterOptions{settings.bom});
  std::string file_text;
  bool to_file = settings.out.has_value();
  auto flush = [&](bool final) {
    if (!to_file) {
      out << writer.take();
      if (final) out.flush();
      return;
    }
    file_text += writer.take();
  };
  // A reader that has gone away (`| head`) ends the export quietly: no more rows are read.
  struct ReaderGone {};
  std::size_t rows = 0;
  try {
    store::run_export(
        db, settings.table, settings.subject,
        [&](const std::vector<std::string>& header) { writer.row(header); },
        [&](const std::vector<std::string>& cells) {
          writer.row(cells);
          if (++rows % 10000 == 0) {
            flush(false);
            if (!to_file && !out) throw ReaderGone{};
          }
        });
    flush(true);
  } catch (const ReaderGone&) {
    return 0;
  }
  if (to_file) write_file_atomically(*settings.out, file_text, FileAccess::owner_only);
  return 0;
}

int export_main(int argc, const char* const* argv) {
#ifdef SIGPIPE
  // A reader that stops early (`| head`) is not an error: end quietly.
  std::signal(SIGPIPE, SIG_IGN);
#endif
  CLI::App app{"ownercare-export: a table of the ownercare database as CSV", "ownercare-export"};
  ExportFlags flags;
  define_export(app, flags);
  int code = run_tool("ownercare-export", app, argc, argv,
                      [&] { return run_export(resolve_export(flags), std::cout, std::cerr); },
                      std::cerr);
  return code;
}

}  // namespace ownercare::cli
