// The figures of ownercare-report (SPEC 8), gathered from the store for one period: per dealer
// the callback coverage and success rate against the 80% target (seed 001), the reasons calls
// did not reach anyone, satisfaction and complaints, appointments from reminders; the weekly
// dealer-meeting list; car-wash callbacks per franchise and the daily and monthly counts.
//
// What each figure counts (README "Reports" says the same for users):
// * Period: orders closed, outcomes recorded, members joined, cards renewed and washes closed
//   on a day from `from` to `to`, inclusive. Nothing emitted or recorded after `as_of` counts.
// * Dealer figures (callbacks, unreachable, satisfaction) are about dealer orders (repair,
//   maintenance, first_maintenance, warranty) closed in the period, per service_order.dealer_code;
//   every dealer with such an order has a row in each of the three tables, zeros included.
//   - coverage = orders with a call or SMS callback task emitted / orders;
//   - success = orders with a 'reached' outcome on one of their call tasks / orders; a dealer
//     is below target when success < 80% (exactly 80% is not below);
//   - by SMS = orders with an SMS callback task emitted (the fallback, or an SMS-only customer);
//   - unreachable = outcomes of their call tasks other than 'reached', per result, every
//     attempt counted;
//   - satisfaction = outcomes of their callback tasks carrying a satisfaction 1-5 ("answers"),
//     their mean; complaints = outcomes with disposition 'complaint'; complaint orders = orders
//     whose complaint column is not blank (the DMS's own record, counted separately);
//     unsatisfied = outcomes with disposition 'unsatisfied'.
// * Appointments: outcomes recorded in the period on tasks about sold vehicles, per dealer and
//   rule (every vehicle rule: warranty and maintenance reminders, and any other that books
//   appointments); the base is the 'reached' outcomes of the same dealer and rule.
// * Meeting list: outcomes recorded in the period with disposition 'unsatisfied' or
//   'complaint', any subject kind. A list per week run back to back shows each exactly once.
// * Car wash: callbacks as for dealers, per franchise, without a target. Daily counts for every
//   day of the period (zeros included); monthly counts for every calendar month the period
//   touches, from its first day to its last or to as_of, whichever is earlier (month to date);
//   per region and franchise over the period. Cards sold = new members + renewals.
// * Fleet (seed 000): status episodes opened (started_on) in the period, episodes of a
//   `--baseline` import left out (nothing of their cadence is sent). An episode is back to
//   rentable on day N when it ended with the vehicle rentable (end_reason 'rentable') on
//   started_on + N, by as_of. Per status, per city (the vehicle's current city) and per week:
//   opened, back within 7, 15 and 30 days (cumulative: within 15 includes within 7) and later,
//   delisted (the owner said never, by as_of), handed off (a hand-off emitted by as_of), still
//   open on as_of, ended otherwise (another status, or gone from the snapshots). Episodes opened
//   lately have had less time to come back: their figures still grow.
//   - The step before the return: the last task of the vehicle emitted (sent_on) from the
//     episode's start to the day before the snapshot that showed it rentable again; the latest
//     sent_on wins, then the later due date. Returns with nothing sent count under "".
//   - Calls: every call task of those episodes emitted by as_of, by its final outcome as of
//     as_of: reached with relist / wait / never / callback / another disposition, unreached
//     (closed without reaching anyone), or pending.
//   - Weekly trend: the same counts for the kTrendWeeks weeks (Monday to Sunday) up to the week
//     of `to`, whatever `from` is.
// * Lift (SPEC 6.7): for every rule with held subjects (or a holdout share in the rules, when
//   the report is given them), the cases (rule, subject, anchor) whose anchor lies in the
//   period: held when their tasks are 'held', treated otherwise (assigned, whether or not a
//   message went out). The outcome, judged as of as_of within kLiftHorizonDays:
//   fleet: the episode back to rentable within 30 days of its start; sold vehicles: a service
//   order closed, or an 'appointment' outcome, from the case's first due date to 30 days after
//   its anchor (the due date); members: the card renewed (its expiry moved later) in that span;
//   orders: no outcome is defined (rates left blank). Lift = treated rate - held rate, with a
//   95% confidence interval (two-proportion, normal approximation); below
//   kLiftMinimumPerGroup subjects in either group the difference is not judged.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/store/report_queries.hpp"

namespace ownercare::report {

// Seed 001: at least 80% of the post-service callbacks must reach the customer.
inline constexpr int kCallbackSuccessTargetPercent = 80;

// True when the share of orders reached is under the target (integer arithmetic: 4 of 5 is
// exactly 80% and not below).
bool below_target(const store::CallbackCounts& counts);

// The call results that are not 'reached' (SPEC 3.6), in the order the report shows them.
const std::vector<std::string>& unreachable_results();

struct UnreachableFigures {
  std::string dealer;
  std::vector<long long> per_result;  // parallel to unreachable_results()
  long long other = 0;                // any result not in that list
  long long total() const;
};

struct SatisfactionFigures {
  std::string dealer;
  std::array<long long, 5> levels{};
  long long complaints = 0;
  long long complaint_orders = 0;
  long long unsatisfied = 0;
  long long answers() const;
  std::optional<double> average() const;  // nullopt without answers
};

struct WashMonthFigures {
  int year = 0;
  unsigned month = 0;
  Date first;  // the month's first day
  Date last;   // its last day, or as_of when earlier
  long long new_members = 0;
  long long renewals = 0;
  long long services = 0;
  double amount = 0;
};

// How many days after an episode's start the return curves follow.
inline constexpr int kCurveDays = 30;
// Weeks in the fleet's weekly trend.
inline constexpr int kTrendWeeks = 8;
// Lift: the outcome window, and the fewest subjects per group for a confidence interval.
inline constexpr int kLiftHorizonDays = 30;
inline constexpr long long kLiftMinimumPerGroup = 30;

// Fleet episodes of one group: a status ("-1"), a city or a week (its Monday, YYYY-MM-DD).
struct FleetGroupFigures {
  std::string group;
  long long opened = 0;
  long long back_7 = 0;   // back to rentable on day 0 ... 7
  long long back_15 = 0;  // on day 0 ... 15 (includes back_7)
  long long back_30 = 0;  // on day 0 ... 30
  long long back_later = 0;  // after day 30
  long long delisted = 0;
  long long handed_off = 0;
  long long still_open = 0;
  long long ended_other = 0;  // another status, or gone
};

// One status's return curve: back_by_day[N] = episodes back to rentable on day 0 ... N.
struct FleetCurve {
  int status = 0;
  long long opened = 0;
  std::array<long long, kCurveDays + 1> back_by_day{};
};

// Returns to rentable per status and the last step emitted before them ("" rule: none).
struct FleetReturnStep {
  int status = 0;
  std::string rule;
  std::string step;
  std::string channel;
  long long returned = 0;
};

// Call steps of the fleet rules and how they ended, as of as_of.
struct FleetCallFigures {
  int status = 0;
  std::string rule;
  std::string step;
  long long calls = 0;
  long long relist = 0;
  long long wait = 0;
  long long never = 0;
  long long callback = 0;
  long long other_reached = 0;
  long long unreached = 0;
  long long cancelled = 0;  // its episode closed before anyone answered
  long long pending = 0;
};

// One rule's treated and held subjects.
struct LiftFigures {
  std::string rule;
  std::string subject_kind;
  std::optional<double> holdout_share;  // from the rules, when the report was given them
  std::string outcome;                  // what counts as success, in words (Chinese)
  long long treated = 0;
  long long treated_success = 0;
  long long held = 0;
  long long held_success = 0;
  bool outcome_defined = true;  // false for order rules: nothing to measure
  std::optional<double> treated_rate() const;  // 0..1; nullopt without subjects / outcome
  std::optional<double> held_rate() const;
  bool enough() const;  // both groups have kLiftMinimumPerGroup subjects
  // treated rate - held rate and its 95% interval, in rate units (0.05 = 5 points); nullopt
  // unless enough() and the outcome is defined.
  std::optional<double> lift() const;
  std::optional<std::pair<double, double>> interval() const;
};

struct ReportFigures {
  store::ReportPeriod period;
  std::vector<store::CallbackCounts> dealer_callbacks;  // sorted by dealer
  std::vector<UnreachableFigures> unreachable;          // one per dealer of dealer_callbacks
  std::vector<SatisfactionFigures> satisfaction;        // one per dealer of dealer_callbacks
  std::vector<store::AppointmentCounts> appointments;
  std::vector<store::MeetingEntry> meeting;
  std::vector<store::CallbackCounts> wash_callbacks;  // per franchise
  std::vector<store::WashDayCounts> wash_days;        // every day of the period
  std::vector<WashMonthFigures> wash_months;
  std::vector<store::WashFranchiseCounts> wash_franchises;
  std::vector<FleetGroupFigures> fleet_by_status;  // "-1", "-2", "0": every status, zeros too
  std::vector<FleetGroupFigures> fleet_by_city;    // cities with an episode, sorted
  std::vector<FleetGroupFigures> fleet_weeks;      // kTrendWeeks weeks, oldest first
  std::vector<FleetCurve> fleet_curves;            // statuses -1, -2, 0
  std::vector<FleetReturnStep> fleet_return_steps;  // by status, then most returns first
  std::vector<FleetCallFigures> fleet_calls;        // by status, rule, step
  std::vector<LiftFigures> lift;                    // by rule
};

// Reads every figure in one read transaction. `period.from <= period.to <= period.as_of` is
// the caller's to check. `holdout_rules` (rule name -> its share and subject kind, from the
// rules when the caller has them) adds a lift row for every rule with a share, held subjects or
// not. Throws SQLite::Exception on a database failure.
struct RuleHoldout {
  double share = 0;
  std::string subject_kind;  // fleet | vehicle | order | member
};
ReportFigures gather_figures(store::Database& db, const store::ReportPeriod& period,
                             const std::map<std::string, RuleHoldout>& holdout_rules = {});

}  // namespace ownercare::report
