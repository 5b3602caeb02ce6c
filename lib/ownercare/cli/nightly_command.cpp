#include "ownercare/cli/nightly_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <variant>
#include <vector>

#include "ownercare/cli/common.hpp"
#include "ownercare/cli/evaluate_command.hpp"
#include "ownercare/cli/import_command.hpp"
#include "ownercare/cli/record_command.hpp"
#include "ownercare/cli/report_command.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/progress.hpp"
#include "ownercare/nightly/expired_files.hpp"
#include "ownercare/nightly/inbox.hpp"
#include "ownercare/store/backup.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/retention.hpp"
#include "ownercare/store/task_store.hpp"
#include "ownercare/store/vacuum.hpp"

#ifndef _WIN32
#include <sys/stat.h>
#endif

namespace ownercare::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTool = "ownercare-nightly";

// The config's paths and settings a night needs, checked.
struct NightSettings {
  fs::path config;  // as given
  fs::path config_dir;
  fs::path db;
  fs::path rules;
  fs::path out;
  fs::path inbox;
  fs::path archive;
  fs::path log;
  std::optional<fs::path> reports;
  std::optional<std::string> timezone;
  Date night;
  int keep_backups = 7;
  int retain_days = store::kDefaultRetainDays;
};

NightSettings resolve_night(const NightlyFlags& flags) {
  if (flags.config.empty()) {
    throw UsageError("--config FILE is required (see ownercare-nightly --help)");
  }
  Config config = load_config(flags.config);
  NightSettings settings;
  settings.config = flags.config;
  settings.config_dir = fs::absolute(flags.config).parent_path();
  std::vector<std::string> missing;
  auto need = [&](const std::optional<fs::path>& value, const char* key) {
    if (!value) missing.push_back(key);
    return value.value_or(fs::path());
  };
  settings.db = need(config.db, "db");
  settings.rules = need(config.rules, "rules");
  settings.out = need(config.out, "out");
  settings.inbox = need(config.inbox, "inbox");
  if (!missing.empty()) {
    std::string list;
    for (const auto& key : missing) list += (list.empty() ? "" : ", ") + key;
    throw UsageError(fmt::format("{}: {} missing (ownercare-nightly needs db, rules, out and "
                                 "inbox)",
                                 flags.config, list));
  }
  settings.archive = config.archive.value_or(settings.inbox / "done");
  settings.log = config.log.value_or(settings.db.parent_path() / "nightly.log");
  settings.reports = config.reports;
  settings.timezone = config.timezone;
  settings.keep_backups = config.keep_backups.value_or(7);
  settings.retain_days = config.retain_days.value_or(store::kDefaultRetainDays);
  settings.night = flags.date.empty() ? today(config.timezone) : required_date(flags.date, "--date");
  // Refused here, before the backup and the imports: the steps would refuse it one by one,
  // after the first snapshots were stored.
  refuse_future_date(settings.night, config.timezone, flags.allow_future, "--date");
  std::error_code error;
  if (!fs::is_directory(settings.inbox, error)) {
    throw UsageError(
        fmt::format("{}: the inbox folder does not exist", settings.inbox.string()));
  }
  return settings;
}

// Appends text to a log file created owner-only (the logs quote messages that may name people).
void append_to(const fs::path& file, const std::string& text) {
  std::error_code error;
  if (!fs::exists(fs::symlink_status(file, error))) create_private_file(file);
  std::ofstream stream(file, std::ios::binary | std::ios::app);
  stream << text;
  stream.flush();
  if (!stream) throw InternalError(fmt::format("{}: cannot write the log", file.string()));
}

// A command-line word as a POSIX shell would need it, for the detail log.
std::string shell_word(const std::string& word) {
  if (!word.empty() && word.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") == std::string::npos) {
    return word;
  }
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string strip_warning_prefix(const std::string& text) {
  const std::string prefix = "warning: ";
  return text.compare(0, prefix.size(), prefix) == 0 ? text.substr(prefix.size()) : text;
}

class Night {
 public:
  Night(NightSettings settings, const NightlyFlags& flags, std::ostream& out, std::ostream& err)
      : s_(std::move(settings)), flags_(flags), out_(out), err_(err) {
    detail_ = s_.log.parent_path() / fmt::format("nightly-{}.log", s_.night.iso());
  }

  int run();
  // --restore LABEL: puts that copy back under the night's lock, and stops.
  int restore(const std::string& label);
  // --retention-report: what the night's erasure would erase and remove, on stdout; changes
  // nothing.
  int retention_report();

 private:
  // Takes the night's lock; false when another run holds it.
  bool lock();
  // Runs one step with its output captured into the detail log; returns its exit code and
  // keeps a failing step's error lines for stderr.
  template <class Body>
  int step(const std::vector<std::string>& command, Body&& body);
  // A step's command line for the detail log, with --allow-future after its --as-of DATE
  // when the night was given it (the step's flags carry it too).
  std::vector<std::string> allowing_future(std::vector<std::string> command) const;
  int finish(int code, const std::string& text);
  void warn(const std::string& text) { warnings_.push_back(text); }
  void show_step(const std::string& what);
  std::string shown(const fs::path& path) const;
  // Moves a processed file and its rejects file into the archive; the archived rejects path.
  std::optional<fs::path> archive(const fs::path& file);
  // After a step stored `file` ("imported", "recorded"): its warnings, the file moved to the
  // archive, and one warning for its rejected `item`s ("row", "line"). The night's exit code
  // when the file cannot be moved.
  std::optional<int> file_away(const fs::path& file, const char* verb, const char* item,
                               const std::vector<std::string>& warnings, std::int64_t rejected,
                               const std::optional<fs::path>& rejects_file);
  void missed_nights_warning();
  // The copy of the database as it was before the night, unless the night already began on
  // this database (then the first run's copy is kept); the night's exit code on failure.
  std::optional<int> back_up();
  // Notes in the database that the night began (store::note_night_started), once, as soon as
  // there is a database: after the backup, or before the step after the one that created it.
  // The night's exit code when the note cannot be written.
  std::optional<int> note_started();
  // Erases the names and phones older than retain_days, in the database and in the files the
  // nights made; returns the text for the summary line ("" when nothing was erased), or the
  // night's exit code when the erasure failed.
  std::variant<std::string, int> erase_expired();
  // Gives the database's free pages back when they pass store::kVacuumFreeShare; a failure is
  // a warning (the night is stored).
  void vacuum();
  std::string imported_so_far() const;

  NightSettings s_;
  const NightlyFlags& flags_;
  std::ostream& out_;
  std::ostream& err_;
  fs::path detail_;
  std::vector<std::string> warnings_;
  std::string failed_errors_;
  std::vector<std::string> imported_;
  int recorded_ = 0;
  bool noted_ = false;
  std::size_t step_number_ = 0;
  std::size_t step_count_ = 0;
  // On a terminal only: "ownercare-nightly 2026-12-06 [2/5] import sales-….csv: compare 40%".
  std::optional<TerminalProgress> progress_;
  std::optional<FileLock> lock_;
};

std::string Night::shown(const fs::path& path) const {
  auto absolute = fs::absolute(path).lexically_normal();
  auto relative = absolute.lexically_relative(s_.config_dir);
  if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return path.string();
}

void Night::show_step(const std::string& what) {
  ++step_number_;
  if (!progress_) return;
  progress_->step(fmt::format("{} {} [{}/{}] {}", kTool, s_.night.iso(), step_number_,
                              step_count_, what));
}

template <class Body>
int Night::step(const std::vector<std::string>& command, Body&& body) {
  std::string line;
  for (const auto& word : command) line += (line.empty() ? "" : " ") + shell_word(word);
  append_to(detail_, fmt::format("{} $ {}\n", now_iso(s_.timezone), line));
  std::ostringstream out;
  std::ostringstream err;
  int code = 0;
  auto started = std::chrono::steady_clock::now();
  try {
    code = body(out, err);
  } catch (...) {
    code = report_current_exception(command.front(), err);
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::string text = out.str() + err.str();
  if (code != 0) text += fmt::format("(exit {})\n", code);
  // For people finding what makes a night slow (and scripts/bench-year, which sums them).
  text += fmt::format("(took {:.3f} s)\n", took.count());
  append_to(detail_, text);
  if (code != 0) failed_errors_ = err.str();
  return code;
}

std::vector<std::string> Night::allowing_future(std::vector<std::string> command) const {
  if (!flags_.allow_future) return command;
  auto as_of = std::find(command.begin(), command.end(), "--as-of");
  if (as_of != command.end() && as_of + 1 != command.end()) {
    command.insert(as_of + 2, "--allow-future");
  }
  return command;
}

std::optional<fs::path> Night::archive(const fs::path& file) {
  auto rejects = file.parent_path() / (file.stem().string() + ".rejects.csv");
  std::optional<fs::path> archived_rejects;
  fs::rename(file, s_.archive / file.filename());
  std::error_code error;
  if (fs::exists(rejects, error)) {
    archived_rejects = s_.archive / rejects.filename();
    fs::rename(rejects, *archived_rejects);
  }
  return archived_rejects;
}

std::optional<int> Night::file_away(const fs::path& file, const char* verb, const char* item,
                                    const std::vector<std::string>& warnings,
                                    std::int64_t rejected,
                                    const std::optional<fs::path>& rejects_file) {
  std::string name = file.filename().string();
  for (const auto& warning : warnings) warn(strip_warning_prefix(warning));
  std::optional<fs::path> rejects;
  try {
    rejects = archive(file);
  } catch (const fs::filesystem_error& failure) {
    failed_errors_ = std::string(failure.what()) + "\n";
    return finish(static_cast<int>(ExitCode::failure),
                  fmt::format("{} {} but cannot move it to {}; not evaluated", verb, name,
                              shown(s_.archive)));
  }
  if (rejected > 0) {
    std::string one = fmt::format("{} rejected and", item);
    std::string many = fmt::format("{}s rejected and", item);
    warn(fmt::format("{}: {} not {}: see {}", name, count_of(rejected, one.c_str(), many.c_str()),
                     verb, shown(rejects.value_or(rejects_file.value_or(fs::path())))));
  }
  return std::nullopt;
}

void Night::missed_nights_warning() {
  std::error_code error;
  if (!fs::exists(s_.db, error)) return;
  // Also from a database of an older schema version, which the night migrates after its
  // backup: the first night after an upgrade runs as any other.
  std::optional<Date> last = store::last_evaluated_night(s_.db);
  if (!last || s_.night <= last->plus_days(1)) return;
  long long missed = s_.night.days_since(*last) - 1;
  std::string which = missed == 1 ? last->plus_days(1).iso()
                                  : fmt::format("{} to {}", last->plus_days(1).iso(),
                                                s_.night.plus_days(-1).iso());
  warn(fmt::format("{} missed ({}; the last night run was {}): this night imports every "
                   "snapshot waiting in the inbox in date order, and the steps those nights "
                   "would have taken are sent now or recorded as missed past their grace",
                   count_of(missed, "night", "nights"), which, last->iso()));
}

std::optional<int> Night::back_up() {
  if (s_.keep_backups <= 0) return std::nullopt;
  if (progress_) progress_->step(fmt::format("{} {} backup", kTool, s_.night.iso()));
  try {
    // A night run again (a step refused a file, since mended; its files wanted once more)
    // keeps the copy its first run took: a new one would hold what that run stored.
    if (store::night_started(s_.db, s_.night)) {
      std::optional<fs::path> kept;
      for (const auto& entry : store::list_backups(s_.db)) {
        if (entry.kind == store::BackupEntry::Kind::night && entry.label == s_.night.iso()) {
          kept = entry.path;
        }
      }
      append_to(detail_, kept ? fmt::format("backup: kept {}, taken before this night first "
                                            "ran on this database\n",
                                            kept->string())
                              : std::string("backup: none: this night already ran on this "
                                            "database, and no copy from before it is left\n"));
      return std::nullopt;
    }
    // A copy of the database as it was before the night: --restore DATE puts it back.
    auto started = std::chrono::steady_clock::now();
    auto copy = store::backup_database(s_.db, s_.night, s_.keep_backups);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    if (copy) {
      append_to(detail_,
                fmt::format("backup: {} (took {:.3f} s)\n", copy->string(), took.count()));
    }
  } catch (...) {
    std::ostringstream errors;
    int code = report_current_exception(kTool, errors);
    failed_errors_ = errors.str();
    return finish(code, "the backup of the database failed; nothing done");
  }
  return std::nullopt;
}

std::optional<int> Night::note_started() {
  if (noted_) return std::nullopt;
  std::error_code error;
  if (!fs::exists(s_.db, error)) return std::nullopt;
  try {
    store::note_night_started(s_.db, s_.night);
  } catch (...) {
    std::ostringstream errors;
    int code = report_current_exception(kTool, errors);
    failed_errors_ = errors.str();
    return finish(code, fmt::format("{}, cannot note in the database that the night began; "
                                    "not evaluated",
                                    imported_so_far()));
  }
  noted_ = true;
  return std::nullopt;
}

std::variant<std::string, int> Night::erase_expired() {
  show_step("erase");
  Date before = s_.night.plus_days(-s_.retain_days);
  store::ErasureCounts counts;
  try {
    auto db = store::Database::open(s_.db, store::OpenMode::read_write);
    counts = store::erase_expired(db, s_.night, s_.retain_days);
  } catch (...) {
    std::ostringstream errors;
    int code = report_current_exception(kTool, errors);
    failed_errors_ = errors.str();
    append_to(detail_, errors.str());
    return finish(code, "the night is stored, but erasing the personal data older than "
                        "retain_days failed; nothing was erased");
  }
  auto files = nightly::remove_expired_files(
      {s_.out, s_.reports, s_.archive, s_.log.parent_path()}, before);
  for (const auto& problem : files.problems) warn(problem);
  std::string text;
  if (counts.any()) {
    std::string what;
    if (counts.subjects() > 0) what = count_of(counts.subjects(), "subject", "subjects");
    if (counts.records() > 0) {
      what += (what.empty() ? "" : ", ") + count_of(counts.records(), "record", "records");
    }
    text = fmt::format(", erased names and phones older than {} days: {}", s_.retain_days, what);
    append_to(detail_,
              fmt::format("erased (retain_days {}, before {}): fleet vehicles {}, sold "
                          "vehicles {}, members {}; tasks {}, outcomes {}, history rows {}, "
                          "service orders {}, emitted rows {}, summaries {}\n",
                          s_.retain_days, before.iso(), counts.fleet_vehicles,
                          counts.dealer_vehicles, counts.members, counts.tasks, counts.outcomes,
                          counts.subject_changes, counts.service_orders, counts.emitted_rows,
                          counts.evaluations));
  }
  if (!files.removed.empty()) {
    text += fmt::format(", removed {} older than {} days",
                        count_of(static_cast<long long>(files.removed.size()),
                                 "dated file or folder", "dated files and folders"),
                        s_.retain_days);
    std::string listed;
    for (const auto& path : files.removed) listed += "removed: " + shown(path) + "\n";
    append_to(detail_, listed);
  }
  return text;
}

void Night::vacuum() {
  auto started = std::chrono::steady_clock::now();
  try {
    auto db = store::Database::open(s_.db, store::OpenMode::read_write);
    auto report = store::give_back_free_pages(db);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    append_to(detail_,
              fmt::format("vacuum: {} of {} pages free{} (took {:.3f} s)\n", report.free_before,
                          report.pages_before,
                          !report.vacuumed   ? ", kept for the next nights"
                          : report.converted ? fmt::format(", VACUUM (once: the database now "
                                                           "gives free pages back) -> {} pages",
                                                           report.pages_after)
                                             : fmt::format(", given back -> {} pages",
                                                           report.pages_after),
                          took.count()));
  } catch (const std::exception& error) {
    warn(fmt::format("the night is stored, but giving the database's free pages back failed: "
                     "{}",
                     error.what()));
  }
}

std::string Night::imported_so_far() const {
  std::string names;
  for (const auto& name : imported_) names += (names.empty() ? "" : ", ") + name;
  std::string text = fmt::format("imported {}", imported_.size());
  if (!names.empty()) text += " (" + names + ")";
  return text;
}

int Night::finish(int code, const std::string& text) {
  progress_.reset();  // erases the line before anything is printed
  if (code == 0 && !warnings_.empty()) {
    if (flags_.strict) code = kWarningsExitCode;
  }
  std::string line = fmt::format("{} night {} exit {}: {}", now_iso(s_.timezone), s_.night.iso(),
                                 code, text);
  if (!warnings_.empty()) {
    line += fmt::format("; {}", count_of(static_cast<long long>(warnings_.size()), "warning",
                                         "warnings"));
  }
  for (const auto& warning : warnings_) err_ << kTool << ": warning: " << warning << '\n';
  try {
    append_to(s_.log, line + "\n");
    if (!warnings_.empty()) {
      std::string listed;
      for (const auto& warning : warnings_) listed += "warning: " + warning + "\n";
      append_to(detail_, listed);
    }
  } catch (const Error& error) {
    err_ << kTool << ": error: " << error.what() << '\n';
    if (code == 0) code = static_cast<int>(ExitCode::failure);
  }
  if (code != 0) {
    err_ << line << '\n' << failed_errors_;
  } else if (flags_.verbose) {
    out_ << line << '\n';
  }
  return code;
}

bool Night::lock() {
  create_folders(s_.log.parent_path());
  // Folders only their owner may enter when this creates them: the database's, and the
  // archive, which keeps every name and phone of every snapshot.
  create_folders(s_.db.parent_path(), FileAccess::owner_only);
  // Owner-only from the start (an existing log keeps its mode).
  append_to(s_.log, "");
  auto lock_path = s_.db;
  lock_path += ".nightly.lock";
  try {
    lock_.emplace(lock_path);
  } catch (const LockError&) {
    return false;
  }
  return true;
}

int Night::restore(const std::string& label) {
  if (!lock()) {
    return finish(static_cast<int>(ExitCode::locked),
                  fmt::format("another nightly run holds {}.nightly.lock; nothing restored",
                              s_.db.string()));
  }
  store::RestoreReport report;
  try {
    report = store::restore_backup(s_.db, label);
  } catch (...) {
    std::ostringstream errors;
    int code = report_current_exception(kTool, errors);
    failed_errors_ = errors.str();
    return finish(code, fmt::format("restoring the backup {} failed; nothing changed", label));
  }
  std::string text = fmt::format("restored {} over {}", shown(report.restored.path),
                                 shown(s_.db));
  if (report.kept) text += fmt::format("; the database it replaced is {}", shown(report.kept->path));
  if (!flags_.quiet) out_ << text << '\n';
  return finish(0, text);
}

int Night::retention_report() {
  if (!lock()) {
    err_ << kTool << ": error: another nightly run holds " << s_.db.string()
         << ".nightly.lock\n";
    return static_cast<int>(ExitCode::locked);
  }
  Date before = s_.night.plus_days(-s_.retain_days);
  store::ErasureCounts counts;
  try {
    auto db = store::Database::open(s_.db, store::OpenMode::read_write);
    counts = store::erase_expired(db, s_.night, s_.retain_days, true);
  } catch (...) {
    return report_current_exception(kTool, err_);
  }
  auto files = nightly::remove_expired_files(
      {s_.out, s_.reports, s_.archive, s_.log.parent_path()}, before, true);
  out_ << fmt::format("the night of {} (retain_days {}) would erase the names and phones of "
                      "what ended or is dated before {}:\n",
                      s_.night.iso(), s_.retain_days, before.iso());
  out_ << fmt::format("  fleet vehicles {}, sold vehicles {}, members {}; tasks {}, outcomes {}, "
                      "history rows {}, service orders {}, emitted rows {}, summaries {}\n",
                      counts.fleet_vehicles, counts.dealer_vehicles, counts.members, counts.tasks,
                      counts.outcomes, counts.subject_changes, counts.service_orders,
                      counts.emitted_rows, counts.evaluations);
  out_ << fmt::format("and remove {}{}\n",
                      count_of(static_cast<long long>(files.removed.size()),
                               "dated file or folder", "dated files and folders"),
                      files.removed.empty() ? "" : ":");
  for (const auto& path : files.removed) out_ << "  " << shown(path) << '\n';
  for (const auto& problem : files.problems) err_ << kTool << ": warning: " << problem << '\n';
  return 0;
}

int Night::run() {
  if (!lock()) {
    return finish(static_cast<int>(ExitCode::locked),
                  fmt::format("another nightly run holds {}.nightly.lock; nothing done",
                              s_.db.string()));
  }
  create_folders(s_.archive, FileAccess::owner_only);

  std::error_code error;
  if (fs::exists(detail_, error) && fs::file_size(detail_, error) > 0) append_to(detail_, "\n");
  append_to(detail_, fmt::format("{} night {}, config {}\n", now_iso(s_.timezone),
                                 s_.night.iso(), s_.config.string()));

  auto inbox = nightly::scan_inbox(s_.inbox, s_.night);
  step_count_ = inbox.snapshots.size() + inbox.outcomes.size() + 2 + (s_.reports ? 1 : 0);
  if (!flags_.quiet && draws_progress_on(err_)) progress_.emplace(err_);
  missed_nights_warning();

  if (auto failed = back_up()) return *failed;
  if (auto failed = note_started()) return *failed;

  std::string config = s_.config.string();
  std::string db = s_.db.string();
  for (const auto& file : inbox.snapshots) {
    if (auto failed = note_started()) return *failed;
    std::string name = file.path.filename().string();
    show_step("import " + name);
    ImportFlags import;
    import.common.config = config;
    import.common.db = db;
    import.kind = file.kind;
    import.as_of = file.date.iso();
    import.file = file.path.string();
    ingest::DealerImportReport report;
    import.allow_future = flags_.allow_future;
    int code = step(allowing_future({"ownercare-import", "--config", config, "--db", db,
                                     "--kind", file.kind, "--as-of", import.as_of, import.file}),
                    [&](std::ostream& out, std::ostream& err) {
                      auto settings = resolve_import(import);
                      if (progress_) settings.options.progress = &*progress_;
                      return run_import(settings, out, err, &report);
                    });
    if (code != 0) {
      return finish(code, fmt::format("{}, import of {} failed (exit {}; the file stays in the "
                                      "inbox); not evaluated",
                                      imported_so_far(), name, code));
    }
    if (auto failed = file_away(file.path, "imported", "row", report.warnings,
                                report.rows_rejected, report.rejects_file)) {
      return *failed;
    }
    imported_.push_back(name);
  }

  for (const auto& file : inbox.outcomes) {
    if (auto failed = note_started()) return *failed;
    std::string name = file.path.filename().string();
    show_step("record " + name);
    RecordFlags record;
    record.common.config = config;
    record.common.db = db;
    record.as_of = s_.night.iso();
    record.file = file.path.string();
    outcomes::RecordReport report;
    record.allow_future = flags_.allow_future;
    int code = step(allowing_future({"ownercare-record", "--config", config, "--db", db,
                                     "--as-of", record.as_of, record.file}),
                    [&](std::ostream& out, std::ostream& err) {
                      return run_record(resolve_record(record), out, err, &report);
                    });
    if (code != 0) {
      return finish(code, fmt::format("{}, recorded {}, recording {} failed (exit {}; the file "
                                      "stays in the inbox); not evaluated",
                                      imported_so_far(), recorded_, name, code));
    }
    if (auto failed = file_away(file.path, "recorded", "line", report.warnings, report.rejected,
                                report.rejects_file)) {
      return *failed;
    }
    ++recorded_;
  }

  if (auto failed = note_started()) return *failed;
  std::string done = fmt::format("{}, recorded {}", imported_so_far(), recorded_);
  show_step("evaluate");
  EvaluateFlags evaluate;
  evaluate.common.config = config;
  evaluate.common.db = db;
  evaluate.rules = s_.rules.string();
  evaluate.as_of = s_.night.iso();
  evaluate.out = s_.out.string();
  engine::EvaluateReport night;
  evaluate.allow_future = flags_.allow_future;
  int code = step(allowing_future({"ownercare-evaluate", "--config", config, "--db", db,
                                   "--rules", evaluate.rules, "--as-of", evaluate.as_of, "--out",
                                   evaluate.out}),
                  [&](std::ostream& out, std::ostream& err) {
                    auto settings = resolve_evaluate(evaluate);
                    if (progress_) settings.options.progress = &*progress_;
                    return run_evaluate(settings, out, err, &night);
                  });
  if (code != 0) return finish(code, done + ", evaluation failed (exit " + std::to_string(code) + ")");
  for (const auto& warning : night.warnings) warn(warning);
  auto n = [](std::size_t count) { return static_cast<long long>(count); };
  done += fmt::format(", evaluated: {} sms, {}, {}, {} -> {}", night.sms,
                      count_of(n(night.calls), "call", "calls"),
                      count_of(n(night.handoffs), "hand-off", "hand-offs"),
                      count_of(n(night.delistings), "delisting", "delistings"),
                      shown(night.folder));

  // Personal data past retain_days, once the night's own work is stored.
  auto erased = erase_expired();
  if (const int* failed = std::get_if<int>(&erased)) return *failed;
  done += std::get<std::string>(erased);

  // The report of the 7 days ending tonight. The night's work is already out: a failed report
  // is reported, and the night's exit code is the report's, but nothing is undone.
  if (s_.reports) {
    show_step("report");
    ReportFlags report;
    report.common.config = config;
    report.common.db = db;
    report.as_of = s_.night.iso();
    report.format = "csv";
    report.out = (*s_.reports / s_.night.iso()).string();
    // Beside the tables, the same week as one page for people (charts, then the tables), from
    // the same reading of the database: a report's time grows with its period's history.
    report.html = (*s_.reports / s_.night.iso() / "report.html").string();
    code = step({"ownercare-report", "--config", config, "--db", db, "--as-of", report.as_of,
                 "--format", "csv", "--out", report.out, "--html", report.html},
                [&](std::ostream& out, std::ostream& err) {
                  return run_report(resolve_report(report), out, err);
                });
    if (code != 0) return finish(code, done + ", report failed (exit " + std::to_string(code) + ")");
    done += ", report -> " + shown(report.out);
  }
  vacuum();
  return finish(0, done);
}

}  // namespace

int run_nightly(const NightlyFlags& flags, std::ostream& out, std::ostream& err) {
#ifndef _WIN32
  // Nothing this run creates is writable by others, whatever cron's umask.
  ::umask(::umask(0) | 022);
#endif
  auto settings = resolve_night(flags);
  Night night(std::move(settings), flags, out, err);
  if (!flags.restore.empty()) return night.restore(flags.restore);
  if (flags.retention_report) return night.retention_report();
  return night.run();
}

int nightly_main(int argc, const char* const* argv) {
  CLI::App app{"ownercare-nightly: one night from a config file: import the inbox, record the "
               "outcomes, evaluate, report",
               "ownercare-nightly"};
  NightlyFlags flags;
  app.description(
      "Runs one ownercare night: backs up the database, imports the inbox's snapshots\n"
      "(fleet-, sales-, service-, members- and optouts-YYYY-MM-DD.csv dated on or before the\n"
      "night, in date order), records its outcome files (outcomes-YYYY-MM-DD.csv), evaluates\n"
      "the night into OUT/DATE/, erases the names and phones older than retain_days (730) with\n"
      "its own dated folders and files, and, when the config names `reports`, writes the week's\n"
      "report (CSV tables and report.html) into REPORTS/DATE/. Last, when more than a tenth of\n"
      "the database's pages are free (rows deleted past rerun_days), it gives them back to the\n"
      "disk.\n"
      "Stops at the first failure. Processed files move to the archive; a file that failed\n"
      "stays in the inbox. Quiet when all went well; one warning line on stderr for each thing\n"
      "a person must look at.");
  app.add_option("--config", flags.config,
                 "the ownercare config (TOML): db, rules, out, inbox are required; archive, "
                 "log, reports, timezone, expect, stale_days, keep_backups, retain_days, headers "
                 "are optional");
  app.add_option("--date", flags.date,
                 "the night to run (default: today in the config's timezone)");
  app.add_option("--restore", flags.restore,
                 "put back the backup taken before the night DATE (see backups/), and stop");
  app.add_flag("--retention-report", flags.retention_report,
               "print what the night's erasure (retain_days) would erase and remove, change "
               "nothing, and stop");
  app.add_flag("--allow-future", flags.allow_future,
               "accept a --date more than one day after today (in the config's timezone), and "
               "give the steps --allow-future");
  app.add_flag("--strict", flags.strict, "exit 6 when the night ran but warned");
  app.add_flag("-q,--quiet", flags.quiet, "no progress on a terminal");
  app.add_flag("-v,--verbose", flags.verbose,
               "also print the summary line on stdout when all went well");
  app.footer(std::string(exit_code_help()) +
             "  6  the night ran, with warnings (--strict only)\n");
  add_examples(app, {"# the night of 2026-09-27 (without --date: tonight, in the config's "
                     "timezone)",
                     "ownercare-nightly --config ownercare.toml --date 2026-09-27",
                     "# put the database back as it was before that night, and stop",
                     "ownercare-nightly --config ownercare.toml --restore 2026-09-27"});
  return run_tool(kTool, app, argc, argv, [&] { return run_nightly(flags, std::cout, std::cerr); },
                  std::cerr);
}

}  // namespace ownercare::cli
