// The fixed queries behind ownercare-report: raw counts per dealer, franchise and day, read
// from the store as of a date. The report module (report/report_figures.hpp) turns them into
// rates, averages and zero-filled calendars; nothing here formats or rounds.
//
// Which rows count (the conventions of dealer tasks, see README "Reports"):
// * A callback is a task with subject_kind 'order' and subject_id = service_order.order_id,
//   channel 'call', or 'sms' for its SMS fallback. Its dealer is service_order.dealer_code.
// * Dealer orders are those of type repair, maintenance, first_maintenance or warranty; car-wash
//   orders are type 'wash' with a member_id, and their team is the franchise
//   (service_order.dealer_code, else member.franchise).
// * A task on a sold vehicle has subject_kind 'vehicle' and subject_id = VIN; its dealer is
//   dealer_vehicle.dealer_code.
// * Nothing later than `as_of` counts: a task counts as emitted when sent_on <= as_of, an
//   outcome when recorded_on <= as_of, so a report as of a date reads the same whenever it is
//   run again.
// Dates are compared as text against half-open ranges [first, day after last), which holds for
// 'YYYY-MM-DD' and for 'YYYY-MM-DD HH:MM' alike.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

struct ReportPeriod {
  Date from;   // first day, inclusive
  Date to;     // last day, inclusive; never after as_of
  Date as_of;  // tasks emitted and outcomes recorded after this day are not known yet
};

// Binds a report query's ?1 (the first day), ?2 (the day after the last) and, when the
// statement has it, ?3 (the day after as_of): the half-open ranges every report query uses.
void bind_period(SQLite::Statement& query, const ReportPeriod& period);

// Which service orders a callback figure is about.
enum class OrderClass {
  dealer_service,  // repair, maintenance, first_maintenance, warranty: per dealer_code
  car_wash,        // wash with a member: per franchise
};

// Orders closed in the period, per team (dealer or franchise), and how their callbacks went.
struct CallbackCounts {
  std::string team;
  long long orders = 0;   // closed in the period
  long long emitted = 0;  // of them: with a call or SMS callback task emitted by as_of
  long long reached = 0;  // of them: an outcome 'reached' on one of their call tasks
  long long by_sms = 0;   // of them: with an SMS callback task emitted by as_of
};
std::vector<CallbackCounts> callback_counts(Database& db, const ReportPeriod& period,
                                            OrderClass orders);

// Outcomes other than 'reached' of the call tasks of dealer orders closed in the period, per
// dealer and result (every attempt counts).
struct UnreachableCount {
  std::string dealer;
  std::string result;
  long long outcomes = 0;
};
std::vector<UnreachableCount> unreachable_counts(Database& db, const ReportPeriod& period);

// Answers on the callbacks (any channel) of dealer orders closed in the period, per dealer.
struct SatisfactionCounts {
  std::string dealer;
  std::array<long long, 5> levels{};  // outcomes with satisfaction 1 ... 5
  long long complaints = 0;           // outcomes with disposition 'complaint'
  long long unsatisfied = 0;          // outcomes with disposition 'unsatisfied'
};
std::vector<SatisfactionCounts> satisfaction_counts(Database& db, const ReportPeriod& period);

// Dealer orders closed in the period whose complaint column is not blank, per dealer.
struct ComplaintOrderCount {
  std::string dealer;
  long long orders = 0;
};
std::vector<ComplaintOrderCount> complaint_order_counts(Database& db, const ReportPeriod& period);

// Outcomes recorded in the period on tasks about sold vehicles, per dealer and rule: those
// 'reached' and those with disposition 'appointment'. Rules with neither are left out.
struct AppointmentCounts {
  std::string dealer;  // "" when the VIN is not among the dealer's vehicles
  std::string rule;
  long long reached = 0;
  long long appointments = 0;
};
std::vector<AppointmentCounts> appointment_counts(Database& db, const ReportPeriod& period);

// One line of the weekly dealer-meeting list: an outcome recorded in the period with
// disposition 'unsatisfied' or 'complaint', any subject kind.
struct MeetingEntry {
  std::string dealer;  // order: its dealer_code (wash: else the member's franchise);
                       // vehicle: its dealer; member: its franchise; fleet: ""
  Date date;           // the day of `at` when given, else recorded_on
  std::string subject_kind;
  std::string subject_id;  // order id, VIN, member id or fleet vehicle id
  std::string customer;    // the vehicle's customer, the member's or the fleet owner's name
  std::string phone;       // the phone the task used
  std::string advisor;     // orders only
  std::string disposition;
  std::optional<int> satisfaction;
  std::string note;
  std::string complaint;  // the order's complaint column (orders only)
};
// Sorted by dealer, date, subject id and task.
std::vector<MeetingEntry> meeting_entries(Database& db, const ReportPeriod& period);

// Car-wash activity of one day. Days without any are not returned.
struct WashDayCounts {
  Date day;
  long long new_members = 0;  // member.joined on the day
  long long renewals = 0;     // member 'expires' changes to a later date, changed_on the day
  long long services = 0;     // wash orders closed on the day
  double amount = 0;          // their amounts (yuan); a missing amount counts 0
};
// Days first ... last, ascending.
std::vector<WashDayCounts> wash_day_counts(Database& db, Date first, Date last);

// The same counts over days first ... last, per region and franchise (a member's region and
// franchise; a wash order's franchise is its dealer_code, else its member's franchise).
struct WashFranchiseCounts {
  std::string region;
  std::string franchise;
  long long new_members = 0;
  long long renewals = 0;
  long long services = 0;
  double amount = 0;
};
// Sorted by region, then franchise.
std::vector<WashFranchiseCounts> wash_franchise_counts(Database& db, Date first, Date last);

// Holds one read transaction open, so that every query of a report sees the same state of the
// database even while a night commits beside it (WAL). Ends it when destroyed.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  SQLite::Database& db_;
};

}  // namespace ownercare::store
