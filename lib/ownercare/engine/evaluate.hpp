// ownercare-evaluate: the rule set against the database for one date, giving the day's work.
//
// One evaluation per date. The first run of a date creates the tasks that are due (each once:
// task ids are derived from rule, step, subject and anchor), lists again the calls still
// waiting for an outcome, tries again what the contact policy held back, and stores every row
// it emits. Running the same date again creates nothing and rewrites byte-identical files
// from what was stored. A date before the last evaluated one, or before the newest snapshot,
// is refused: the state it would need is gone.
//
// The rows kept for those re-runs are kept for `rerun_days` only: each new night deletes the
// emitted rows of the nights more than rerun_days before it, so the database does not grow
// with every night's files. Re-running such a night is refused (InputError, naming the date
// and rerun_days): its files cannot be rebuilt byte for byte, and nothing is created for it
// again either way.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/core/progress.hpp"
#include "ownercare/emit/column_names.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::engine {

inline constexpr int kDefaultRerunDays = 35;

struct EvaluateOptions {
  Date as_of;
  std::filesystem::path out;  // OUT: the files go to OUT/DATE/
  bool dry_run = false;       // compute and report, write nothing
  bool bom = true;
  // The header names of the files people read (a rendering choice: a re-run of a stored date
  // writes the same rows under the headers asked for now).
  emit::HeaderLanguage headers = emit::HeaderLanguage::english;
  bool xlsx = false;  // also calls.xlsx and handoff.xlsx (emit::OutputOptions), reruns too
  // A kind whose newest input is this many days before as_of is warned of (config stale_days).
  int stale_days = 2;
  // Kinds warned of also when never imported (config expect): fleet, sales, service,
  // members, optouts, outcomes.
  std::vector<std::string> expected_kinds;
  // A new night deletes the emitted rows of the nights more than this many days before it
  // (config rerun_days, --rerun-days); those nights can no longer be re-run.
  int rerun_days = kDefaultRerunDays;
  // Told of the phases when not null: evaluate (one unit per rule, and one for the passes
  // before and after the rules), then write (the night stored and its files written).
  Progress* progress = nullptr;
};

// How far ahead the calendar must reach, and its estimated holidays are warned of.
inline constexpr int kCalendarWarningDays = 30;

struct EvaluateReport {
  Date as_of;
  bool rerun = false;  // the date was evaluated before: files rewritten from what was stored
  bool dry_run = false;
  std::size_t sms = 0;
  std::size_t calls = 0;
  std::size_t handoffs = 0;
  std::size_t delistings = 0;
  std::filesystem::path folder;       // OUT/DATE (not written on a dry run)
  std::vector<std::string> warnings;  // also in summary.json
  std::string summary;                // summary.json as written
};

// Throws InputError when the date is refused, InternalError on I/O or database failure;
// on any failure nothing is stored and no folder appears.
EvaluateReport evaluate(store::Database& db, const rules::RuleSet& rules,
                        const EvaluateOptions& options);

}  // namespace ownercare::engine
