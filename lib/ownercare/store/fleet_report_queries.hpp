// The fixed queries behind the report's fleet effectiveness and lift figures (SPEC 8): one row
// per fleet episode, per call step of those episodes, and per holdout case, read as of a date.
// The report module (report/report_figures.hpp) groups and counts them; the conventions of what
// counts are written there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/report_queries.hpp"

namespace ownercare::store {

// A status episode started on a day first ... last (baseline episodes left out), as of as_of.
struct FleetEpisodeFacts {
  std::int64_t episode_id = 0;
  int status = 0;
  std::string city;  // the vehicle's current city
  Date started_on;
  std::optional<Date> ended_on;  // only when it ended by as_of
  std::string end_reason;        // rentable | status_change | restarted | gone; "" while open
  bool delisted = false;         // the vehicle was delisted during it, by as_of
  bool handed_off = false;       // a hand-off task of it was emitted by as_of
  // For a return to rentable by as_of: the last task of the vehicle emitted from started_on to
  // the day before ended_on (latest sent_on, then due date, then step); "" when none.
  std::string last_rule;
  std::string last_step;
  std::string last_channel;
};
std::vector<FleetEpisodeFacts> fleet_episodes(Database& db, Date first, Date last, Date as_of);
// Its SQL (?1 first, ?2 the day after last, ?3 the day after as_of), for tests of its plan.
const char* fleet_episodes_sql();

// A call task of an episode started in the period and emitted by as_of, and how it ended as of
// as_of: "relist", "wait", "never", "callback", "reached" (another disposition), "unreached"
// (closed without reaching anyone), "cancelled" (its episode closed first) or "pending".
struct FleetCallFacts {
  int status = 0;
  std::string rule;
  std::string step;
  std::string ending;
};
std::vector<FleetCallFacts> fleet_calls(Database& db, const ReportPeriod& period);

// Rules with at least one held task (the holdout group; SPEC 6.7), by name.
std::vector<std::string> rules_with_held_tasks(Database& db);

// The cases of a rule whose anchor lies in the period and whose first task was created by
// as_of, counted by group and outcome (see report_figures.hpp for what a success is per kind).
struct HoldoutCounts {
  std::string subject_kind;  // of the rule's cases; the most common when mixed
  long long treated = 0;
  long long treated_success = 0;
  long long held = 0;
  long long held_success = 0;
};
HoldoutCounts holdout_counts(Database& db, const ReportPeriod& period, const std::string& rule,
                             int horizon_days);

}  // namespace ownercare::store
