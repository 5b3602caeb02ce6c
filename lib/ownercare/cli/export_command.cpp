#include "ownercare/cli/export_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <iostream>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#include "ownercare/core/files.hpp"
#include "ownercare/csv/writer.hpp"
#include "ownercare/engine/vehicle_due.hpp"
#include "ownercare/report/display_width.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/dealer_queries.hpp"
#include "ownercare/store/export_queries.hpp"
#include "ownercare/store/history.hpp"

namespace ownercare::cli {

namespace {

bool stdout_is_terminal() {
#ifdef _WIN32
  return _isatty(_fileno(stdout)) != 0;
#else
  return isatty(STDOUT_FILENO) != 0;
#endif
}

bool known_table(const std::string& name) {
  if (name == "history") return true;
  for (const auto& table : store::export_tables()) {
    if (table.name == name) return true;
  }
  return false;
}

std::string table_names() {
  std::string names;
  for (const auto& table : store::export_tables()) names += (names.empty() ? "" : ", ") + table.name;
  return names + ", history";
}

const std::vector<std::string> kHistoryHeader = {"subject_kind", "subject_id", "subject",
                                                 "matched_by",   "date",       "event",
                                                 "detail"};

std::string found_count(std::size_t count, const std::string& text) {
  return fmt::format("{} found for \"{}\"",
                     count_of(static_cast<long long>(count), "subject", "subjects"), text);
}

// The history as aligned text: a line per subject, then its events under it.
std::string history_text(const std::string& text,
                         const std::vector<std::pair<store::FoundSubject,
                                                     std::vector<store::HistoryEvent>>>& found) {
  std::string page = found_count(found.size(), text) + "\n";
  for (const auto& [subject, events] : found) {
    page += fmt::format("\n{} (matched by {})\n", report::single_line(subject.label),
                        subject.matched_by);
    std::size_t width = 0;
    for (const auto& event : events) width = std::max(width, report::display_width(event.event));
    if (events.empty()) page += "  nothing stored happened to it yet\n";
    for (const auto& event : events) {
      page += fmt::format("  {}  {}{}  {}\n", event.date, event.event,
                          std::string(width - report::display_width(event.event), ' '),
                          report::single_line(event.detail));
    }
  }
  return page;
}

int run_history(const ExportSettings& settings, store::Database& db, std::ostream& out,
                std::ostream& err) {
  const std::string& text = *settings.find;
  auto subjects = store::find_subjects(db, text);
  std::vector<std::pair<store::FoundSubject, std::vector<store::HistoryEvent>>> found;
  for (auto& subject : subjects) {
    auto events = store::subject_history(db, subject);
    found.emplace_back(std::move(subject), std::move(events));
  }
  if (found.empty()) {
    // Not an error: an agent looked someone up who is not (yet) in the database.
    err << fmt::format("ownercare-export: nothing found for \"{}\" (no vehicle id, VIN, "
                       "order id, member id, phone, plate or name matches)\n",
                       text);
  } else if (!settings.text && !settings.quiet) {
    err << "ownercare-export: " << found_count(found.size(), text) << '\n';
  }
  std::string page;
  if (settings.text) {
    if (!found.empty()) page = history_text(text, found);
  } else {
    csv::Writer writer(csv::WriterOptions{settings.bom});
    writer.row(kHistoryHeader);
    for (const auto& [subject, events] : found) {
      for (const auto& event : events) {
        writer.row(std::vector<std::string>{subject.kind, subject.id, subject.label,
                                            subject.matched_by, event.date, event.event,
                                            event.detail});
      }
    }
    page = writer.take();
  }
  if (settings.out) {
    write_file_atomically(*settings.out, page, FileAccess::owner_only);
  } else {
    out << page;
    out.flush();
  }
  return 0;
}

// The due-date columns of `sold`, recomputed as explain does (passed dates included) when the
// rules are known, and a last column naming those before the date.
const char* const kDueColumns[] = {"warranty_end_on", "first_service_on", "next_service_on",
                                   "inspection_on", "birthday_on"};

}  // namespace

void define_export(CLI::App& app, ExportFlags& flags) {
  std::string tables;
  for (const auto& table : store::export_tables()) {
    tables += fmt::format("\n  {:<13} {}", table.name, table.description);
  }
  app.description("Writes one table of the database as CSV (to stdout unless --out). Reads "
                  "only: safe while a night runs." +
                  std::string("\nTables:") + tables +
                  "\n  history       one customer's timeline (--find an id, phone, plate or name)");
  add_common_flags(app, flags.common);
  app.add_option("--subject", flags.subject, "only this vehicle id");
  app.add_option("-o,--out", flags.out,
                 "write to this file (created readable by its owner only) instead of stdout");
  add_bom_flags(app, flags.bom);
  app.add_option("--find", flags.find,
                 "history: a vehicle id, VIN, order id, member id, phone, plate or name (or the "
                 "start of one)");
  app.add_option("--format", flags.format,
                 "history: text or csv (default: text on a terminal, CSV otherwise)")
      ->check(CLI::IsMember({"text", "csv"}));
  add_rules_flag(app, flags.rules);
  add_as_of_flag(app, flags.as_of, "sold: due dates before this date are marked passed (default today)");
  add_examples(app, {"# every task with its state, as CSV on stdout",
                     "ownercare-export --config ownercare.toml tasks",
                     "# one vehicle's status episodes, into an owner-only file",
                     "ownercare-export --config ownercare.toml --subject FC1001 --out "
                     "FC1001-episodes.csv episodes",
                     "# one customer's whole timeline, found by a phone number",
                     "ownercare-export --config ownercare.toml --find 13812340001 history"});
  app.add_option("table", flags.table, "what to export");  // checked in resolve, so an unknown flag is reported first
}

ExportSettings resolve_export(const ExportFlags& flags) {
  auto config = load_config_flag(flags.common);
  ExportSettings settings;
  settings.db = required_path(flags.common.db, config.db, "--db", "db");
  if (flags.table.empty()) {
    throw UsageError(fmt::format("TABLE is required ({})", table_names()));
  }
  if (!known_table(flags.table)) {
    throw UsageError(
        fmt::format("cannot export \"{}\" (choose one of {})", flags.table, table_names()));
  }
  settings.table = flags.table;
  if (flags.table == "history") {
    if (flags.find.empty()) throw UsageError("history needs --find TEXT (an id, phone, plate or name)");
    if (!flags.subject.empty()) throw UsageError("history takes --find, not --subject");
    settings.find = flags.find;
  } else if (!flags.find.empty()) {
    throw UsageError(fmt::format("--find applies to history only, not {}", flags.table));
  }
  settings.quiet = flags.common.quiet;
  if (flags.table == "sold") {
    if (!flags.rules.empty()) {
      settings.rules = flags.rules;
    } else if (config.rules) {
      settings.rules = config.rules;
    }
    settings.as_of =
        flags.as_of.empty() ? today(config.timezone) : required_date(flags.as_of, "--as-of");
  }
  if (!flags.subject.empty()) settings.subject = flags.subject;
  if (!flags.out.empty()) settings.out = flags.out;
  // A BOM helps Excel; on a pipe into other tools it is noise, so stdout defaults to none.
  settings.bom = flags.bom.value_or(settings.out ? config.bom.value_or(true) : false);
  settings.text = !settings.out && (flags.format.empty() ? stdout_is_terminal() : flags.format == "text");
  return settings;
}

int run_export(const ExportSettings& settings, std::ostream& out, std::ostream& err) {
  if (settings.out) refuse_output_over_input(*settings.out, "--out", database_inputs(settings.db));
  auto db = store::Database::open(settings.db, store::OpenMode::read_only);
  if (settings.find) return run_history(settings, db, out, err);
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
  // sold: where each due column is, the dates recomputed with the rules' tables (vehicle_due
  // keeps no date its rules can no longer act on), and a last column naming the passed ones.
  const bool sold = settings.table == "sold";
  std::optional<rules::RuleSet> rule_set;
  std::optional<store::DealerQueries> dealer;
  if (sold && settings.rules) {
    rule_set = rules::load_rule_set(*settings.rules);
    dealer.emplace(db);
  } else if (sold && !settings.quiet) {
    err << "ownercare-export: note: without --rules (or the config's rules) the due dates are "
           "those the last evaluation stored, which leaves out most that have passed\n";
  }
  std::vector<int> due_at;  // the column of each of kDueColumns, -1 when absent
  int vin_at = -1;
  std::vector<std::string> row_cells;
  try {
    store::run_export(
        db, settings.table, settings.subject,
        [&](const std::vector<std::string>& header) {
          if (!sold) return writer.row(header);
          for (const char* name : kDueColumns) {
            auto it = std::find(header.begin(), header.end(), name);
            due_at.push_back(it == header.end() ? -1 : static_cast<int>(it - header.begin()));
          }
          auto vin = std::find(header.begin(), header.end(), "vin");
          vin_at = vin == header.end() ? -1 : static_cast<int>(vin - header.begin());
          auto names = header;
          names.emplace_back("passed");
          writer.row(names);
        },
        [&](const std::vector<std::string>& cells) {
          if (sold) {
            row_cells = cells;
            if (dealer && vin_at >= 0) {
              const auto& vin = cells[static_cast<std::size_t>(vin_at)];
              if (auto vehicle = dealer->vehicle(vin)) {
                auto due = engine::compute_vehicle_due(*vehicle, dealer->readings(vin),
                                                       dealer->services(vin), rule_set->terms,
                                                       settings.as_of, settings.as_of);
                const std::optional<Date>* dates[] = {&due.warranty_end_on, &due.first_service_on,
                                                      &due.next_service_on, &due.inspection_on,
                                                      &due.birthday_on};
                for (std::size_t i = 0; i < due_at.size(); ++i) {
                  if (due_at[i] < 0) continue;
                  row_cells[static_cast<std::size_t>(due_at[i])] =
                      *dates[i] ? (*dates[i])->iso() : std::string();
                }
              }
            }
            std::string passed;
            for (std::size_t i = 0; i < due_at.size(); ++i) {
              if (due_at[i] < 0) continue;
              auto date = Date::parse(row_cells[static_cast<std::size_t>(due_at[i])]);
              if (date && *date < settings.as_of) {
                passed += (passed.empty() ? "" : ";") + std::string(kDueColumns[i]);
              }
            }
            row_cells.push_back(passed);
            writer.row(row_cells);
          } else {
            writer.row(cells);
          }
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
