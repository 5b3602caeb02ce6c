#include "ownercare/store/export_queries.hpp"

#include <fmt/format.h>

#include "ownercare/core/errors.hpp"

namespace ownercare::store {

namespace {

struct Query {
  const char* name;
  const char* description;
  const char* all;
  const char* one;  // with ?1 = the subject id
};

// Each query lists newest-relevant order where it helps a reader, and is indexed by subject.
const Query kQueries[] = {
    {"vehicles", "every fleet vehicle with its phone, status, episode start, mark and delisting",
     "SELECT * FROM fleet_overview ORDER BY vehicle_id",
     "SELECT * FROM fleet_overview WHERE vehicle_id = ?1"},
    {"episodes", "status episodes: vehicle, status, start, end and why it ended",
     "SELECT e.episode_id, e.vehicle_id, v.plate, e.status, e.started_on, e.start_source, "
     "e.ended_on, e.end_reason FROM status_episode e JOIN fleet_vehicle v USING (vehicle_id) "
     "ORDER BY e.vehicle_id, e.started_on",
     "SELECT e.episode_id, e.vehicle_id, v.plate, e.status, e.started_on, e.start_source, "
     "e.ended_on, e.end_reason FROM status_episode e JOIN fleet_vehicle v USING (vehicle_id) "
     "WHERE e.vehicle_id = ?1 ORDER BY e.started_on"},
    {"tasks", "every task: step, due date, state and why, phone, tries, last result",
     "SELECT * FROM task_log ORDER BY subject_id, due_on, rule, step",
     "SELECT * FROM task_log WHERE subject_id = ?1 ORDER BY due_on, rule, step"},
    {"outcomes", "recorded outcomes with the task's rule and step",
     "SELECT o.task_id, t.subject_kind, t.subject_id, t.rule, t.step, o.attempt, o.result, "
     "o.disposition, o.at, o.appointment_date, o.satisfaction, o.new_phone, o.note, "
     "o.recorded_on FROM outcome o JOIN task t USING (task_id) "
     "ORDER BY o.recorded_on, t.subject_id, o.task_id, o.attempt",
     "SELECT o.task_id, t.subject_kind, t.subject_id, t.rule, t.step, o.attempt, o.result, "
     "o.disposition, o.at, o.appointment_date, o.satisfaction, o.new_phone, o.note, "
     "o.recorded_on FROM outcome o JOIN task t USING (task_id) WHERE t.subject_id = ?1 "
     "ORDER BY o.recorded_on, o.task_id, o.attempt"},
    {"suppressions", "do-not-call, SMS opt-out and invalid numbers",
     "SELECT phone, channel, since, reason, task_id FROM suppression ORDER BY phone, channel",
     "SELECT s.phone, s.channel, s.since, s.reason, s.task_id FROM suppression s "
     "WHERE s.phone = (SELECT owner_phone FROM fleet_vehicle WHERE vehicle_id = ?1) "
     "ORDER BY s.channel"},
    {"optouts", "the do-not-contact lists' rows: phone, channel, from when, add or lift, file",
     "SELECT o.phone, o.channel, o.on_date, o.action, o.reason, l.file_name, o.line "
     "FROM optout o JOIN import_log l USING (import_id) "
     "ORDER BY o.phone, o.channel, o.on_date, o.seq",
     "SELECT o.phone, o.channel, o.on_date, o.action, o.reason, l.file_name, o.line "
     "FROM optout o JOIN import_log l USING (import_id) "
     "WHERE o.phone = ?1 OR o.phone = (SELECT owner_phone FROM fleet_vehicle WHERE vehicle_id = ?1) "
     "ORDER BY o.channel, o.on_date, o.seq"},
    {"delistings", "vehicles delisted at the owner's request, and when they were emitted",
     "SELECT vehicle_id, plate, delisted_on, delist_reason, delist_task, delist_emitted_on "
     "FROM fleet_vehicle WHERE delisted_on IS NOT NULL ORDER BY delisted_on, vehicle_id",
     "SELECT vehicle_id, plate, delisted_on, delist_reason, delist_task, delist_emitted_on "
     "FROM fleet_vehicle WHERE delisted_on IS NOT NULL AND vehicle_id = ?1"},
    {"sold", "every sold vehicle with its owner, phones, odometer and due dates",
     "SELECT * FROM dealer_overview ORDER BY vin",
     "SELECT * FROM dealer_overview WHERE vin = ?1"},
    {"orders", "service orders: vehicle or member, dealer, type, dates, mileage, notes",
     "SELECT order_id, vin, member_id, dealer_code, type, opened, closed, mileage_km, advisor, "
     "suggestion, complaint, amount FROM service_order ORDER BY closed, order_id",
     "SELECT order_id, vin, member_id, dealer_code, type, opened, closed, mileage_km, advisor, "
     "suggestion, complaint, amount FROM service_order WHERE order_id = ?1 OR vin = ?1 "
     "OR member_id = ?1 ORDER BY closed, order_id"},
    {"members", "car-wash members with their card, balance and expiry",
     "SELECT member_id, name, mobile, mobile_kind, region, franchise, card_type, balance, "
     "expires, joined, gone_on FROM member ORDER BY member_id",
     "SELECT member_id, name, mobile, mobile_kind, region, franchise, card_type, balance, "
     "expires, joined, gone_on FROM member WHERE member_id = ?1"},
    {"changes", "changes of owners, phones, dealers and cards, from imports and calls",
     "SELECT subject_kind, subject_id, changed_on, what, old_value, new_value, source "
     "FROM subject_change ORDER BY changed_on, subject_kind, subject_id",
     "SELECT subject_kind, subject_id, changed_on, what, old_value, new_value, source "
     "FROM subject_change WHERE subject_id = ?1 ORDER BY changed_on"},
    {"imports", "the import log: one line per snapshot that changed something",
     "SELECT * FROM import_log ORDER BY import_id", nullptr},
    {"records", "the log of outcome files recorded",
     "SELECT * FROM record_log ORDER BY record_id", nullptr},
};

}  // namespace

const std::vector<ExportTable>& export_tables() {
  static const std::vector<ExportTable> tables = [] {
    std::vector<ExportTable> list;
    for (const auto& query : kQueries) list.push_back({query.name, query.description});
    return list;
  }();
  return tables;
}

void run_export(Database& db, const std::string& table, const std::optional<std::string>& subject,
                const std::function<void(const std::vector<std::string>&)>& header,
                const std::function<void(const std::vector<std::string>&)>& row) {
  const Query* found = nullptr;
  for (const auto& query : kQueries) {
    if (table == query.name) found = &query;
  }
  if (!found) {
    std::string names;
    for (const auto& query : kQueries) names += (names.empty() ? "" : ", ") + std::string(query.name);
    throw UsageError(fmt::format("cannot export \"{}\" (choose one of {})", table, names));
  }
  if (subject && !found->one) {
    throw UsageError(fmt::format("--subject does not apply to {}", table));
  }
  SQLite::Statement query(db.sql(), subject ? found->one : found->all);
  if (subject) query.bind(1, *subject);
  std::vector<std::string> names;
  for (int i = 0; i < query.getColumnCount(); ++i) names.emplace_back(query.getColumnName(i));
  header(names);
  std::vector<std::string> cells(names.size());
  while (query.executeStep()) {
    for (int i = 0; i < query.getColumnCount(); ++i) {
      auto column = query.getColumn(i);
      cells[static_cast<std::size_t>(i)] = column.isNull() ? std::string() : column.getString();
    }
    row(cells);
  }
}

}  // namespace ownercare::store
