// ownercare-evaluate's entry point: the checks before a night (a date refused, a re-run, the
// output folder), the night itself (engine/night.hpp), and storing it with its files, all or
// nothing.
#include "ownercare/engine/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <thread>

#include "ownercare/core/errors.hpp"
#include "ownercare/emit/output_folder.hpp"
#include "ownercare/engine/night.hpp"
#include "ownercare/store/fleet_store.hpp"
#include "ownercare/store/record_log.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::engine {

namespace {

// The inputs the rule set reads: fleet rules the fleet snapshot, vehicle rules the sales
// snapshot, order rules the service orders, member rules the members.
std::vector<const char*> input_kinds(const rules::RuleSet& rules) {
  std::vector<const char*> kinds;
  auto add = [&](const char* kind) {
    if (std::find_if(kinds.begin(), kinds.end(), [&](const char* k) {
          return std::string_view(k) == kind;
        }) == kinds.end()) {
      kinds.push_back(kind);
    }
  };
  for (const auto& rule : rules.rules) {
    switch (rule.subject) {
      case rules::SubjectKind::fleet: add("fleet"); break;
      case rules::SubjectKind::vehicle: add("sales"); break;
      case rules::SubjectKind::order: add("service"); break;
      case rules::SubjectKind::member: add("members"); break;
    }
  }
  return kinds;
}

// The newest date of an input kind: a snapshot's date, or the night an outcome file was
// recorded for.
std::optional<Date> newest_input(store::Database& db, const std::string& kind) {
  return kind == "outcomes" ? store::newest_record(db) : store::newest_import(db, kind);
}

std::vector<std::string> calendar_warnings(const rules::RuleSet& rules, Date as_of) {
  std::vector<std::string> warnings;
  int ahead = rules.look_ahead_days();
  // Only a rule set with pre-holiday rules reads the calendar.
  if (ahead <= 0 || rules.calendar.empty()) return warnings;
  Date until = as_of.plus_days(std::max(ahead, kCalendarWarningDays));
  if (as_of.plus_days(ahead) > rules.calendar.covered_until()) {
    warnings.push_back(fmt::format(
        "the holiday calendar ends on {}; holidays up to {} are unknown, so pre-holiday "
        "messages for them will not be sent (update holidays.toml)",
        rules.calendar.covered_until().iso(), as_of.plus_days(ahead).iso()));
  } else if (until > rules.calendar.covered_until()) {
    warnings.push_back(fmt::format(
        "the holiday calendar ends on {}, within {} days: update holidays.toml "
        "(scripts/update-holidays) before pre-holiday messages stop",
        rules.calendar.covered_until().iso(), kCalendarWarningDays));
  }
  for (const auto& holiday : rules.calendar.estimated_holidays_touching(as_of, until)) {
    warnings.push_back(fmt::format(
        "the holiday {} on {} is estimated from the statutory rules, not yet from the official "
        "calendar: update holidays.toml once it is published (scripts/update-holidays)",
        holiday.name, holiday.first_off.iso()));
  }
  return warnings;
}

std::vector<std::string> night_warnings(store::Database& db, const rules::RuleSet& rules,
                                        const EvaluateOptions& options) {
  Date as_of = options.as_of;
  std::vector<std::string> warnings = rules.warnings;
  for (auto& warning : calendar_warnings(rules, as_of)) warnings.push_back(std::move(warning));
  // A kind never imported is a business this database does not run (the shipped rules/ holds
  // the rules of all three): its rules find nothing, and that is not worth a nightly warning,
  // unless the config expects it. A kind that was imported but not for stale_days is: its
  // rules work on old facts.
  std::vector<std::string> kinds = options.expected_kinds;
  for (const char* kind : input_kinds(rules)) {
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.emplace_back(kind);
  }
  for (const auto& kind : kinds) {
    bool expected = std::find(options.expected_kinds.begin(), options.expected_kinds.end(),
                              kind) != options.expected_kinds.end();
    auto newest = newest_input(db, kind);
    const char* what = kind == "outcomes" ? "outcome file" : "snapshot";
    if (!newest) {
      if (expected) {
        warnings.push_back(fmt::format("no {} {} has been {} yet, and the config expects one "
                                       "every night (expect)",
                                       kind, what, kind == "outcomes" ? "recorded" : "imported"));
      }
      continue;
    }
    long long days = as_of.days_since(*newest);
    if (days >= options.stale_days) {
      warnings.push_back(fmt::format("the newest {} {} is from {}, {} day{} before {}", kind,
                                     what, newest->iso(), days, days == 1 ? "" : "s",
                                     as_of.iso()));
    }
  }
  return warnings;
}

EvaluateReport report_from(const std::vector<store::EmittedRow>& rows, Date as_of) {
  EvaluateReport report;
  report.as_of = as_of;
  for (const auto& row : rows) {
    if (row.file == "sms") ++report.sms;
    else if (row.file == "calls") ++report.calls;
    else if (row.file == "handoff") ++report.handoffs;
    else if (row.file == "delist") ++report.delistings;
  }
  return report;
}

// Removes the folders killed runs left in OUT, and warns of each stored night whose OUT/DATE
// is missing: a run killed between its commit and its rename (tonight's own date excepted,
// this run writes it).
std::vector<std::string> stale_output_warnings(store::TaskStore& tasks,
                                               const EvaluateOptions& options) {
  std::vector<std::string> warnings;
  for (Date date : emit::remove_stale_output(options.out)) {
    auto folder = options.out / date.iso();
    if (date == options.as_of || std::filesystem::exists(std::filesystem::symlink_status(folder)) ||
        !tasks.evaluation_summary(date)) {
      continue;
    }
    warnings.push_back(fmt::format(
        "{} is missing although {} was evaluated (a run stopped between storing the night and "
        "putting its folder in place): run ownercare-evaluate --as-of {} again to write its "
        "files",
        folder.string(), date.iso(), date.iso()));
  }
  return warnings;
}

}  // namespace

EvaluateReport evaluate(store::Database& db, const rules::RuleSet& rules,
                        const EvaluateOptions& options) {
  store::TaskStore tasks(db);
  emit::OutputOptions output{options.bom, options.headers, options.xlsx};
  std::vector<std::string> stale;
  if (!options.dry_run) {
    emit::check_output_folder(options.out, options.as_of);
    stale = stale_output_warnings(tasks, options);
  }

  if (auto stored = tasks.evaluation_summary(options.as_of)) {
    if (auto pruned = tasks.rows_pruned_on(options.as_of)) {
      throw InputError(fmt::format(
          "refused: {} was evaluated, but its files cannot be written again: the night of {} "
          "deleted the rows they were made of, as every night keeps rerun_days ({}) days of "
          "nights; nothing is created again for {}, and the folder written then is the only "
          "copy of its files",
          options.as_of.iso(), pruned->iso(), options.rerun_days, options.as_of.iso()));
    }
    auto rows = tasks.emitted_rows(options.as_of);
    EvaluateReport report = report_from(rows, options.as_of);
    report.rerun = true;
    report.dry_run = options.dry_run;
    report.folder = options.out / options.as_of.iso();
    report.summary = *stored;
    report.warnings = stale;
    if (!options.dry_run) {
      auto files = emit::write_output(options.out, options.as_of, rows, *stored, output);
      report.summary = emit::summary_with_files(*stored, files);
    }
    return report;
  }
  if (auto last = tasks.last_evaluation(); last && options.as_of < *last) {
    throw InputError(fmt::format("refused: {} was never evaluated and {} already was; dates are "
                                 "evaluated in order",
                                 options.as_of.iso(), last->iso()));
  }
  for (const char* kind : {"fleet", "sales", "service", "members"}) {
    if (auto newest = store::newest_import(db, kind); newest && options.as_of < *newest) {
      throw InputError(fmt::format("refused: the database already holds the {} snapshot of {}, "
                                   "so it cannot say what was due on {}",
                                   kind, newest->iso(), options.as_of.iso()));
    }
  }

  auto warnings = night_warnings(db, rules, options);
  warnings.insert(warnings.end(), stale.begin(), stale.end());
  store::Transaction transaction(db);
  night::Night night(db, rules, options.as_of, options.progress);
  night.run();
  if (options.progress) options.progress->begin("write", std::nullopt, ProgressUnit::rows);
  auto rows = night.rows();
  auto summary = night.summary(warnings);
  EvaluateReport report = report_from(rows, options.as_of);
  report.dry_run = options.dry_run;
  report.warnings = warnings;
  report.folder = options.out / options.as_of.iso();
  report.summary = summary;
  if (options.dry_run) return report;  // the transaction rolls back

  // All or nothing: the files are written and synced (on a second thread, while the night is
  // saved) before the commit, and a failure of either rolls the night back. Only the rename
  // comes after the commit; if it fails, the night is stored and running the same date again
  // writes the files from the stored rows, creating nothing new.
  std::optional<emit::PreparedOutput> prepared;
  std::exception_ptr output_error;
  std::thread writer([&] {
    try {
      prepared = emit::prepare_output(options.out, options.as_of, rows, summary, output);
    } catch (...) {
      output_error = std::current_exception();
    }
  });
  try {
    tasks.save_evaluation(options.as_of, rules.digest, summary, rows);
    tasks.prune_emitted_rows(options.as_of.plus_days(-options.rerun_days), options.as_of);
  } catch (...) {
    writer.join();
    if (prepared) emit::discard_output(*prepared);
    throw;
  }
  writer.join();
  if (output_error) std::rethrow_exception(output_error);  // the transaction rolls back
  try {
    transaction.commit();
  } catch (...) {
    emit::discard_output(*prepared);
    throw;
  }
  try {
    emit::publish_output(*prepared);
  } catch (const Error& error) {
    throw InternalError(fmt::format(
        "{}; the night of {} is stored: run ownercare-evaluate --as-of {} again to write its "
        "files from what was stored",
        error.what(), options.as_of.iso(), options.as_of.iso()));
  }
  report.summary = prepared->summary;
  return report;
}

}  // namespace ownercare::engine
