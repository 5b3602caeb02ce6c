// A many-night harness for the car-sharing fleet: a small fleet kept in memory, a script of
// what happens to it, and the nights run through the real library.
//
// Each simulated night D does what scripts/nightly does: apply the script's changes for D to
// the fleet (status, status_since, phone, presence), write the fleet snapshot of D as CSV and
// import it, write the outcomes the script gives for D as CSV and record them, evaluate D with
// the real rules of the checkout, and read back OUT/D/sms.csv, calls.csv, handoff.csv and
// delist.csv into one log of emitted rows. Tests then compare a vehicle's timeline (date,
// step, and for calls the try and its window) with a list written by hand from the rules.
//
// The script names tasks the way a call centre does: "the d4_call of V7". The harness finds
// the task id in the rows emitted before that night, so outcomes only ever refer to work the
// library actually handed out.
#pragma once

#include <compare>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/engine/evaluate.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/task_store.hpp"
#include "support/temp_dir.hpp"

namespace ownercare::sim {

// One vehicle of the platform as its nightly export shows it.
struct FleetVehicle {
  std::string id;
  std::string plate;
  std::string phone;
  int status = 1;
  std::string status_since;  // "" leaves the column empty: the start comes from the snapshots
  std::string lost_income;   // yuan, or ""
  bool present = true;       // in the snapshot at all
};

// One row of one of a night's output files.
struct EmittedRow {
  std::string date;     // the night that wrote it
  std::string file;     // sms | calls | handoff | delist
  std::string vehicle;  // subject_id
  std::string rule;     // "" for delist.csv
  std::string step;     // "delist" for delist.csv
  int attempt = 0;      // calls only
  std::string window;   // calls only
  std::string phone;    // sms and calls
  std::string task_id;  // "" for delist.csv
  std::map<std::string, std::string> columns;  // every cell of the row, by header name

  const std::string& column(const std::string& name) const;  // "" when absent
};

// What a test expects of one vehicle on one night: a step emitted, and for a call its try and
// window. SMS, hand-offs and delistings leave attempt 0 and window "".
struct TimelineEntry {
  // A constructor rather than an aggregate, so that {"2026-03-12", "d0_sms"} leaves the call
  // fields out without a missing-initializer warning.
  TimelineEntry(std::string night, std::string step_name, int try_number = 0,
                std::string call_window = "")
      : date(std::move(night)),
        step(std::move(step_name)),
        attempt(try_number),
        window(std::move(call_window)) {}

  std::string date;
  std::string step;
  int attempt = 0;
  std::string window;

  auto operator<=>(const TimelineEntry&) const = default;
};
using Timeline = std::vector<TimelineEntry>;

std::ostream& operator<<(std::ostream& out, const TimelineEntry& entry);

// For the harnesses: a script's date (throws std::invalid_argument when it is not one), and a
// CSV cell quoted when it must be (a name or a suggestion may hold a comma).
Date date_of(const std::string& text);
std::string cell(const std::string& text);
// "\n  message" per message, for an exception saying why a night failed.
std::string join_failures(const std::vector<std::string>& messages);

// Appends the rows of the night's output files `files` (sms, calls, ...) in `folder`.
void read_night_rows(const std::filesystem::path& folder, const std::string& night,
                     std::initializer_list<const char*> files, std::vector<EmittedRow>& rows);
// The rows of one subject (optionally of one rule) as a timeline, sorted.
Timeline timeline_of(const std::vector<EmittedRow>& rows, const std::string& subject_id,
                     const std::string& rule);
std::vector<EmittedRow> rows_of(const std::vector<EmittedRow>& rows,
                                const std::string& subject_id, const std::string& file);
// The last row of a subject's step emitted before a night: what an outcome of that night is
// about. Throws std::invalid_argument naming `shown` when there is none.
const EmittedRow& last_row_of(const std::vector<EmittedRow>& rows, const std::string& subject_id,
                              const std::string& step, const std::string& before_night,
                              const std::string& shown);
// A timeline in one order (date, step, attempt), so that a list written by hand in any order
// compares equal to what the library emitted.
Timeline sorted(Timeline timeline);

// An outcome the script records on a night for the task of `vehicle` and `step` that was last
// emitted before that night.
struct ScriptedOutcome {
  ScriptedOutcome(std::string vehicle_id, std::string step_name, std::string call_result,
                  std::string call_disposition = "", std::string call_back_on = "")
      : vehicle(std::move(vehicle_id)),
        step(std::move(step_name)),
        result(std::move(call_result)),
        disposition(std::move(call_disposition)),
        callback_date(std::move(call_back_on)) {}

  std::string vehicle;
  std::string step;
  std::string result;
  std::string disposition;
  std::string callback_date;
};

class FleetSimulation {
 public:
  // A fresh database in a temporary folder, with the rules of the checkout.
  FleetSimulation();

  void add_vehicle(FleetVehicle vehicle);

  // --- the script: what happens on a night, before that night's snapshot -------------------
  void change_status(const std::string& night, const std::string& vehicle, int status,
                     const std::string& since = "");
  // The vehicle shows up in the export for the first time (or again) on `night`.
  void appear(const std::string& night, const std::string& vehicle);
  void record(const std::string& night, ScriptedOutcome outcome);

  // Runs every night from `first` to `last` (inclusive) except those in `skipped`.
  void run_nights(const std::string& first, const std::string& last,
                  const std::set<std::string>& skipped = {});

  // --- what came out -----------------------------------------------------------------------
  const std::vector<EmittedRow>& rows() const { return rows_; }
  // Everything emitted for one vehicle, optionally of one rule (delist rows have no rule).
  Timeline timeline(const std::string& vehicle, const std::string& rule = "") const;
  std::vector<EmittedRow> rows_of(const std::string& vehicle, const std::string& file) const;
  const std::vector<std::string>& nights_run() const { return nights_run_; }
  std::filesystem::path night_folder(const std::string& night) const;
  std::string summary(const std::string& night) const;  // OUT/night/summary.json

  // The stored task of a step for a vehicle's episode (or holiday) starting on `anchor`.
  std::optional<store::TaskRow> task(const std::string& rule, const std::string& step,
                                     const std::string& vehicle, const std::string& anchor);

  // Evaluates a date again, writing to `out` instead of the simulation's output folder.
  engine::EvaluateReport evaluate_again(const std::string& night,
                                        const std::filesystem::path& out);
  store::Database& database() { return *db_; }
  const test::TempDir& folder() const { return dir_; }

 private:
  struct StatusChange {
    std::string vehicle;
    int status;
    std::string since;
  };

  void run_night(const std::string& night);
  void import_snapshot(const std::string& night);
  void record_outcomes(const std::string& night);
  FleetVehicle& vehicle(const std::string& id);

  test::TempDir dir_;
  std::optional<store::Database> db_;
  rules::RuleSet rules_;
  std::vector<FleetVehicle> fleet_;
  std::map<std::string, std::vector<StatusChange>> status_changes_;
  std::map<std::string, std::vector<std::string>> appearances_;
  std::map<std::string, std::vector<ScriptedOutcome>> outcomes_;
  std::vector<EmittedRow> rows_;
  std::vector<std::string> nights_run_;
};

}  // namespace ownercare::sim
