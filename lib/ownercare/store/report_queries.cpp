// The SQL of ownercare-report. Every query binds the period as ?1 = first day, ?2 = the day
// after the last (half-open, so a date-time on the last day still counts) and, where outcomes
// or emissions count, ?3 = the day after as_of.
#include "ownercare/store/report_queries.hpp"

#include <map>
#include <utility>

#include "ownercare/store/columns.hpp"

namespace ownercare::store {

namespace {

// The order types whose callbacks the dealer programme promises (seed 001: every repair and
// maintenance order).
#define DEALER_ORDER_TYPES "('repair', 'maintenance', 'first_maintenance', 'warranty')"

void bind_days(SQLite::Statement& query, Date first, Date last) {
  query.bind(1, first.iso());
  query.bind(2, last.plus_days(1).iso());
}

// The tasks of an order: a correlated subquery over the index task_by_subject_sent.
#define ORDER_TASK "t.subject_kind = 'order' AND t.subject_id = s.order_id"

constexpr const char* kDealerCallbacks =
    "SELECT s.dealer_code AS team, count(*),"
    " sum(EXISTS (SELECT 1 FROM task t WHERE " ORDER_TASK
    "   AND t.channel IN ('call', 'sms') AND t.sent_on < ?3)),"
    " sum(EXISTS (SELECT 1 FROM task t JOIN outcome o ON o.task_id = t.task_id WHERE " ORDER_TASK
    "   AND t.channel = 'call' AND o.result = 'reached' AND o.recorded_on < ?3)),"
    " sum(EXISTS (SELECT 1 FROM task t WHERE " ORDER_TASK
    "   AND t.channel = 'sms' AND t.sent_on < ?3))"
    " FROM service_order s"
    " WHERE s.closed >= ?1 AND s.closed < ?2 AND s.type IN " DEALER_ORDER_TYPES
    " GROUP BY team ORDER BY team";

constexpr const char* kWashCallbacks =
    "SELECT coalesce(nullif(s.dealer_code, ''), m.franchise, '') AS team, count(*),"
    " sum(EXISTS (SELECT 1 FROM task t WHERE " ORDER_TASK
    "   AND t.channel IN ('call', 'sms') AND t.sent_on < ?3)),"
    " sum(EXISTS (SELECT 1 FROM task t JOIN outcome o ON o.task_id = t.task_id WHERE " ORDER_TASK
    "   AND t.channel = 'call' AND o.result = 'reached' AND o.recorded_on < ?3)),"
    " sum(EXISTS (SELECT 1 FROM task t WHERE " ORDER_TASK
    "   AND t.channel = 'sms' AND t.sent_on < ?3))"
    " FROM service_order s LEFT JOIN member m ON m.member_id = s.member_id"
    " WHERE s.closed >= ?1 AND s.closed < ?2 AND s.type = 'wash'"
    "   AND coalesce(s.member_id, '') <> ''"
    " GROUP BY team ORDER BY team";

constexpr const char* kUnreachable =
    "SELECT s.dealer_code, o.result, count(*)"
    " FROM service_order s"
    " JOIN task t ON " ORDER_TASK
    " AND t.channel = 'call'"
    " JOIN outcome o ON o.task_id = t.task_id"
    " WHERE s.closed >= ?1 AND s.closed < ?2 AND s.type IN " DEALER_ORDER_TYPES
    "   AND o.result <> 'reached' AND o.recorded_on < ?3"
    " GROUP BY 1, 2 ORDER BY 1, 2";

constexpr const char* kSatisfaction =
    "SELECT s.dealer_code,"
    " sum(o.satisfaction = 1), sum(o.satisfaction = 2), sum(o.satisfaction = 3),"
    " sum(o.satisfaction = 4), sum(o.satisfaction = 5),"
    " sum(o.disposition = 'complaint'), sum(o.disposition = 'unsatisfied')"
    " FROM service_order s"
    " JOIN task t ON " ORDER_TASK
    " JOIN outcome o ON o.task_id = t.task_id"
    " WHERE s.closed >= ?1 AND s.closed < ?2 AND s.type IN " DEALER_ORDER_TYPES
    "   AND o.recorded_on < ?3"
    " GROUP BY 1 ORDER BY 1";

constexpr const char* kComplaintOrders =
    "SELECT s.dealer_code, count(*) FROM service_order s"
    " WHERE s.closed >= ?1 AND s.closed < ?2 AND s.type IN " DEALER_ORDER_TYPES
    "   AND trim(s.complaint) <> ''"
    " GROUP BY 1 ORDER BY 1";

constexpr const char* kAppointments =
    "SELECT coalesce(v.dealer_code, '') AS dealer, t.rule,"
    " sum(o.result = 'reached'), sum(o.disposition = 'appointment')"
    " FROM outcome o JOIN task t ON t.task_id = o.task_id"
    " LEFT JOIN dealer_vehicle v ON v.vin = t.subject_id"
    " WHERE t.subject_kind = 'vehicle' AND o.recorded_on >= ?1 AND o.recorded_on < ?2"
    " GROUP BY 1, 2"
    " HAVING sum(o.result = 'reached') > 0 OR sum(o.disposition = 'appointment') > 0"
    " ORDER BY 1, 2";

// The customer of an order is the owner of its vehicle, or its member.
constexpr const char* kMeeting =
    "SELECT"
    " CASE t.subject_kind"
    "   WHEN 'order' THEN coalesce(nullif(s.dealer_code, ''), m.franchise, '')"
    "   WHEN 'vehicle' THEN coalesce(v.dealer_code, '')"
    "   WHEN 'member' THEN coalesce(m.franchise, '')"
    "   ELSE '' END AS dealer,"
    " coalesce(nullif(substr(o.at, 1, 10), ''), o.recorded_on) AS day,"
    " t.subject_kind, t.subject_id,"
    " coalesce(v.customer_name, m.name, f.owner_name, ''),"
    " coalesce(t.phone, ''), coalesce(s.advisor, ''), o.disposition, o.satisfaction,"
    " coalesce(o.note, ''), coalesce(s.complaint, '')"
    " FROM outcome o JOIN task t ON t.task_id = o.task_id"
    " LEFT JOIN service_order s ON t.subject_kind = 'order' AND s.order_id = t.subject_id"
    " LEFT JOIN dealer_vehicle v ON v.vin = CASE t.subject_kind"
    "   WHEN 'vehicle' THEN t.subject_id WHEN 'order' THEN s.vin END"
    " LEFT JOIN member m ON m.member_id = CASE t.subject_kind"
    "   WHEN 'member' THEN t.subject_id WHEN 'order' THEN s.member_id END"
    " LEFT JOIN fleet_vehicle f ON t.subject_kind = 'fleet' AND f.vehicle_id = t.subject_id"
    " WHERE o.disposition IN ('unsatisfied', 'complaint')"
    "   AND o.recorded_on >= ?1 AND o.recorded_on < ?2"
    " ORDER BY dealer, day, t.subject_id, o.task_id, o.attempt";

constexpr const char* kWashNewMembersByDay =
    "SELECT substr(joined, 1, 10), count(*) FROM member"
    " WHERE joined >= ?1 AND joined < ?2 GROUP BY 1";

// A renewal moves a member's expiry date later; a first expiry date (old value blank) is the
// card of a new member, counted by `joined`.
#define RENEWAL                                                                          \
  "c.subject_kind = 'member' AND c.what = 'expires' AND coalesce(c.old_value, '') <> ''" \
  " AND c.new_value > c.old_value AND c.changed_on >= ?1 AND c.changed_on < ?2"

constexpr const char* kWashRenewalsByDay =
    "SELECT substr(c.changed_on, 1, 10), count(*) FROM subject_change c WHERE " RENEWAL
    " GROUP BY 1";

constexpr const char* kWashServicesByDay =
    "SELECT substr(closed, 1, 10), count(*), total(amount) FROM service_order"
    " WHERE type = 'wash' AND closed >= ?1 AND closed < ?2 GROUP BY 1";

constexpr const char* kWashNewMembersByFranchise =
    "SELECT region, franchise, count(*) FROM member"
    " WHERE joined >= ?1 AND joined < ?2 GROUP BY 1, 2";

constexpr const char* kWashRenewalsByFranchise =
    "SELECT coalesce(m.region, ''), coalesce(m.franchise, ''), count(*)"
    " FROM subject_change c LEFT JOIN member m ON m.member_id = c.subject_id"
    " WHERE " RENEWAL " GROUP BY 1, 2";

constexpr const char* kWashServicesByFranchise =
    "SELECT coalesce(m.region, ''), coalesce(nullif(s.dealer_code, ''), m.franchise, ''),"
    " count(*), total(s.amount)"
    " FROM service_order s LEFT JOIN member m ON m.member_id = s.member_id"
    " WHERE s.type = 'wash' AND s.closed >= ?1 AND s.closed < ?2 GROUP BY 1, 2";

#undef RENEWAL
#undef ORDER_TASK
#undef DEALER_ORDER_TYPES

}  // namespace

void bind_period(SQLite::Statement& query, const ReportPeriod& period) {
  query.bind(1, period.from.iso());
  query.bind(2, period.to.plus_days(1).iso());
  if (query.getBindParameterCount() >= 3) query.bind(3, period.as_of.plus_days(1).iso());
}

std::vector<CallbackCounts> callback_counts(Database& db, const ReportPeriod& period,
                                            OrderClass orders) {
  SQLite::Statement query(db.sql(),
                          orders == OrderClass::dealer_service ? kDealerCallbacks : kWashCallbacks);
  bind_period(query, period);
  std::vector<CallbackCounts> counts;
  while (query.executeStep()) {
    counts.push_back({column_text(query.getColumn(0)), query.getColumn(1).getInt64(),
                      query.getColumn(2).getInt64(), query.getColumn(3).getInt64(),
                      query.getColumn(4).getInt64()});
  }
  return counts;
}

std::vector<UnreachableCount> unreachable_counts(Database& db, const ReportPeriod& period) {
  SQLite::Statement query(db.sql(), kUnreachable);
  bind_period(query, period);
  std::vector<UnreachableCount> counts;
  while (query.executeStep()) {
    counts.push_back({column_text(query.getColumn(0)), column_text(query.getColumn(1)),
                      query.getColumn(2).getInt64()});
  }
  return counts;
}

std::vector<SatisfactionCounts> satisfaction_counts(Database& db, const ReportPeriod& period) {
  SQLite::Statement query(db.sql(), kSatisfaction);
  bind_period(query, period);
  std::vector<SatisfactionCounts> counts;
  while (query.executeStep()) {
    SatisfactionCounts dealer;
    dealer.dealer = column_text(query.getColumn(0));
    for (int level = 0; level < 5; ++level) {
      dealer.levels[static_cast<std::size_t>(level)] = query.getColumn(1 + level).getInt64();
    }
    dealer.complaints = query.getColumn(6).getInt64();
    dealer.unsatisfied = query.getColumn(7).getInt64();
    counts.push_back(std::move(dealer));
  }
  return counts;
}

std::vector<ComplaintOrderCount> complaint_order_counts(Database& db, const ReportPeriod& period) {
  SQLite::Statement query(db.sql(), kComplaintOrders);
  bind_period(query, period);
  std::vector<ComplaintOrderCount> counts;
  while (query.executeStep()) {
    counts.push_back({column_text(query.getColumn(0)), query.getColumn(1).getInt64()});
  }
  return counts;
}

std::vector<AppointmentCounts> appointment_counts(Database& db, const ReportPeriod& period) {
  SQLite::Statement query(db.sql(), kAppointments);
  bind_period(query, period);
  std::vector<AppointmentCounts> counts;
  while (query.executeStep()) {
    counts.push_back({column_text(query.getColumn(0)), column_text(query.getColumn(1)),
                      query.getColumn(2).getInt64(), query.getColumn(3).getInt64()});
  }
  return counts;
}

std::vector<MeetingEntry> meeting_entries(Database& db, const ReportPeriod& period) {
  SQLite::Statement query(db.sql(), kMeeting);
  bind_period(query, period);
  std::vector<MeetingEntry> entries;
  while (query.executeStep()) {
    MeetingEntry entry;
    entry.dealer = column_text(query.getColumn(0));
    // recorded_on is a date the store wrote, so the fallback always parses.
    entry.date = column_date(query.getColumn(1)).value_or(period.from);
    entry.subject_kind = column_text(query.getColumn(2));
    entry.subject_id = column_text(query.getColumn(3));
    entry.customer = column_text(query.getColumn(4));
    entry.phone = column_text(query.getColumn(5));
    entry.advisor = column_text(query.getColumn(6));
    entry.disposition = column_text(query.getColumn(7));
    if (!query.getColumn(8).isNull()) entry.satisfaction = query.getColumn(8).getInt();
    entry.note = column_text(query.getColumn(9));
    entry.complaint = column_text(query.getColumn(10));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<WashDayCounts> wash_day_counts(Database& db, Date first, Date last) {
  std::map<Date, WashDayCounts> days;
  auto day_of = [&](const SQLite::Column& column) -> WashDayCounts* {
    auto day = column_date(column);
    if (!day) return nullptr;  // a stored date the store cannot read: no day to count it on
    auto& counts = days[*day];
    counts.day = *day;
    return &counts;
  };
  SQLite::Statement members(db.sql(), kWashNewMembersByDay);
  bind_days(members, first, last);
  while (members.executeStep()) {
    if (auto* counts = day_of(members.getColumn(0)))
      counts->new_members += members.getColumn(1).getInt64();
  }
  SQLite::Statement renewals(db.sql(), kWashRenewalsByDay);
  bind_days(renewals, first, last);
  while (renewals.executeStep()) {
    if (auto* counts = day_of(renewals.getColumn(0)))
      counts->renewals += renewals.getColumn(1).getInt64();
  }
  SQLite::Statement services(db.sql(), kWashServicesByDay);
  bind_days(services, first, last);
  while (services.executeStep()) {
    if (auto* counts = day_of(services.getColumn(0))) {
      counts->services += services.getColumn(1).getInt64();
      counts->amount += services.getColumn(2).getDouble();
    }
  }
  std::vector<WashDayCounts> result;
  for (auto& [day, counts] : days) result.push_back(counts);
  return result;
}

std::vector<WashFranchiseCounts> wash_franchise_counts(Database& db, Date first, Date last) {
  std::map<std::pair<std::string, std::string>, WashFranchiseCounts> teams;
  auto team_of = [&](SQLite::Statement& query) -> WashFranchiseCounts& {
    auto region = column_text(query.getColumn(0));
    auto franchise = column_text(query.getColumn(1));
    auto& counts = teams[{region, franchise}];
    counts.region = region;
    counts.franchise = franchise;
    return counts;
  };
  SQLite::Statement members(db.sql(), kWashNewMembersByFranchise);
  bind_days(members, first, last);
  while (members.executeStep()) team_of(members).new_members += members.getColumn(2).getInt64();
  SQLite::Statement renewals(db.sql(), kWashRenewalsByFranchise);
  bind_days(renewals, first, last);
  while (renewals.executeStep()) team_of(renewals).renewals += renewals.getColumn(2).getInt64();
  SQLite::Statement services(db.sql(), kWashServicesByFranchise);
  bind_days(services, first, last);
  while (services.executeStep()) {
    auto& counts = team_of(services);
    counts.services += services.getColumn(2).getInt64();
    counts.amount += services.getColumn(3).getDouble();
  }
  std::vector<WashFranchiseCounts> result;
  for (auto& [key, counts] : teams) result.push_back(counts);
  return result;
}

ReadSnapshot::ReadSnapshot(Database& db) : db_(db.sql()) { db_.exec("BEGIN"); }

ReadSnapshot::~ReadSnapshot() {
  try {
    db_.exec("COMMIT");
  } catch (...) {
    // A read transaction has nothing to keep: SQLite ends it when the connection closes.
  }
}

}  // namespace ownercare::store
