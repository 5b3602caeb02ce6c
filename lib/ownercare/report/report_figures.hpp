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
#pragma once

#include <array>
#include <optional>
#include <string>
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
};

// Reads every figure in one read transaction. `period.from <= period.to <= period.as_of` is
// the caller's to check. Throws SQLite::Exception on a database failure.
ReportFigures gather_figures(store::Database& db, const store::ReportPeriod& period);

}  // namespace ownercare::report
