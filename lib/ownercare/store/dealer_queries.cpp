#include "ownercare/store/dealer_queries.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

#include "ownercare/core/errors.hpp"
#include "ownercare/store/columns.hpp"

namespace ownercare::store {

namespace {

constexpr const char* kVehicleColumns =
    "vin, plate, brand, model, category, dealer_code, customer_name, mobile, mobile_kind, "
    "home_phone, home_kind, office_phone, office_kind, birthday, sale_date, registration_date, "
    "warranty_start, warranty_end, warranty_km, odometer_km, odometer_date, last_visit_on, "
    "owner_since, gone_on, sold_on, other_phones";

std::optional<long long> column_integer(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

std::optional<double> column_real(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getDouble();
}

DealerVehicle read_vehicle(SQLite::Statement& query) {
  DealerVehicle v;
  v.vin = query.getColumn(0).getString();
  v.plate = column_text(query.getColumn(1));
  v.brand = column_text(query.getColumn(2));
  v.model = column_text(query.getColumn(3));
  v.category = column_text(query.getColumn(4));
  v.dealer_code = column_text(query.getColumn(5));
  v.customer_name = column_text(query.getColumn(6));
  v.mobile = column_text(query.getColumn(7));
  v.mobile_kind = column_text(query.getColumn(8));
  v.home_phone = column_text(query.getColumn(9));
  v.home_kind = column_text(query.getColumn(10));
  v.office_phone = column_text(query.getColumn(11));
  v.office_kind = column_text(query.getColumn(12));
  v.birthday = column_date(query.getColumn(13));
  v.sale_date = column_date(query.getColumn(14)).value_or(Date{});
  v.registration_date = column_date(query.getColumn(15));
  v.warranty_start = column_date(query.getColumn(16));
  v.warranty_end = column_date(query.getColumn(17));
  v.warranty_km = column_integer(query.getColumn(18));
  v.odometer_km = column_integer(query.getColumn(19));
  v.odometer_date = column_date(query.getColumn(20));
  v.last_visit_on = column_date(query.getColumn(21)).value_or(v.sale_date);
  v.owner_since = column_date(query.getColumn(22)).value_or(v.sale_date);
  v.gone_on = column_date(query.getColumn(23));
  v.sold_on = column_date(query.getColumn(24));
  v.other_phones = column_text(query.getColumn(25));
  return v;
}

constexpr const char* kOrderColumns =
    "order_id, vin, member_id, dealer_code, type, opened, closed, mileage_km, advisor, "
    "suggestion, complaint, amount";

ServiceOrder read_order(SQLite::Statement& query) {
  ServiceOrder o;
  o.order_id = query.getColumn(0).getString();
  o.vin = column_text(query.getColumn(1));
  o.member_id = column_text(query.getColumn(2));
  o.dealer_code = column_text(query.getColumn(3));
  o.type = column_text(query.getColumn(4));
  o.opened = column_date(query.getColumn(5));
  o.closed = column_date(query.getColumn(6)).value_or(Date{});
  o.mileage_km = column_integer(query.getColumn(7));
  o.advisor = column_text(query.getColumn(8));
  o.suggestion = column_text(query.getColumn(9));
  o.complaint = column_text(query.getColumn(10));
  o.amount = column_real(query.getColumn(11));
  return o;
}

const char* due_column_name(DueColumn column) {
  switch (column) {
    case DueColumn::warranty_end: return "warranty_end_on";
    case DueColumn::first_service: return "first_service_on";
    case DueColumn::next_service: return "next_service_on";
    case DueColumn::inspection: return "inspection_on";
    case DueColumn::birthday: return "birthday_on";
  }
  return "warranty_end_on";
}

}  // namespace

// Statements are prepared once per text and reset before each use: a night asks the same few
// questions for every candidate (hundreds of thousands of times), so finding one is a hash of
// its text, and the hot texts are formatted once (static), not per call.
struct DealerQueries::Statements {
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  explicit Statements(SQLite::Database& database) : db(database) {}
  SQLite::Statement& get(std::string_view sql) {
    auto found = cache.find(sql);
    if (found == cache.end()) {
      std::string text(sql);
      auto statement = std::make_unique<SQLite::Statement>(db, text);
      return *cache.emplace(std::move(text), std::move(statement)).first->second;
    }
    found->second->reset();
    found->second->clearBindings();
    return *found->second;
  }
  SQLite::Database& db;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, TextHash, std::equal_to<>>
      cache;
};

DealerQueries::DealerQueries(Database& db)
    : db_(db), statements_(std::make_unique<Statements>(db.sql())) {}
DealerQueries::~DealerQueries() = default;

std::optional<DealerVehicle> DealerQueries::vehicle(const std::string& vin) {
  static const std::string sql =
      fmt::format("SELECT {} FROM dealer_vehicle WHERE vin = ?", kVehicleColumns);
  auto& query = statements_->get(sql);
  query.bind(1, vin);
  if (!query.executeStep()) return std::nullopt;
  return read_vehicle(query);
}

std::optional<ServiceOrder> DealerQueries::order(const std::string& order_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM service_order WHERE order_id = ?", kOrderColumns);
  auto& query = statements_->get(sql);
  query.bind(1, order_id);
  if (!query.executeStep()) return std::nullopt;
  return read_order(query);
}

std::optional<Member> DealerQueries::member(const std::string& member_id) {
  auto& query = statements_->get(
      "SELECT member_id, name, mobile, mobile_kind, region, franchise, card_type, balance, "
      "balance_before, balance_changed_on, expires, joined, gone_on, other_phones FROM member "
      "WHERE member_id = ?");
  query.bind(1, member_id);
  if (!query.executeStep()) return std::nullopt;
  Member m;
  m.member_id = query.getColumn(0).getString();
  m.name = column_text(query.getColumn(1));
  m.mobile = column_text(query.getColumn(2));
  m.mobile_kind = column_text(query.getColumn(3));
  m.region = column_text(query.getColumn(4));
  m.franchise = column_text(query.getColumn(5));
  m.card_type = column_text(query.getColumn(6));
  m.balance = column_real(query.getColumn(7));
  m.balance_before = column_real(query.getColumn(8));
  m.balance_changed_on = column_date(query.getColumn(9));
  m.expires = column_date(query.getColumn(10));
  m.joined = column_date(query.getColumn(11));
  m.gone_on = column_date(query.getColumn(12));
  m.other_phones = column_text(query.getColumn(13));
  return m;
}

namespace {

std::vector<Candidate> candidates(SQLite::Statement& query, Date from, Date to) {
  query.bind(1, from.iso());
  query.bind(2, to.iso());
  std::vector<Candidate> list;
  while (query.executeStep()) {
    list.push_back({query.getColumn(0).getString(), *Date::parse(query.getColumn(1).getText())});
  }
  return list;
}

std::vector<std::string> ids(SQLite::Statement& query) {
  std::vector<std::string> list;
  while (query.executeStep()) list.push_back(query.getColumn(0).getString());
  return list;
}

}  // namespace

std::vector<Candidate> DealerQueries::vehicles_sold_between(Date from, Date to) {
  return candidates(statements_->get("SELECT vin, sale_date FROM dealer_vehicle "
                                     "WHERE sale_date BETWEEN ?1 AND ?2 AND gone_on IS NULL "
                                     "AND sold_on IS NULL ORDER BY vin"),
                    from, to);
}

std::vector<Candidate> DealerQueries::vehicles_last_visit_between(Date from, Date to) {
  return candidates(statements_->get("SELECT vin, last_visit_on FROM dealer_vehicle "
                                     "WHERE last_visit_on BETWEEN ?1 AND ?2 AND gone_on IS NULL "
                                     "AND sold_on IS NULL ORDER BY vin"),
                    from, to);
}

std::vector<Candidate> DealerQueries::vehicles_due_between(DueColumn column, Date from, Date to) {
  const char* name = due_column_name(column);
  return candidates(
      statements_->get(fmt::format(
          "SELECT d.vin, d.{0} FROM vehicle_due d JOIN dealer_vehicle v ON v.vin = d.vin "
          "WHERE d.{0} BETWEEN ?1 AND ?2 AND v.gone_on IS NULL AND v.sold_on IS NULL "
          "ORDER BY d.vin",
          name)),
      from, to);
}

std::vector<std::string> DealerQueries::active_vehicles() {
  return ids(statements_->get(
      "SELECT vin FROM dealer_vehicle WHERE gone_on IS NULL AND sold_on IS NULL ORDER BY vin"));
}

std::vector<Candidate> DealerQueries::orders_closed_between(Date from, Date to) {
  return candidates(statements_->get("SELECT order_id, closed FROM service_order "
                                     "WHERE closed BETWEEN ?1 AND ?2 ORDER BY order_id"),
                    from, to);
}

std::vector<Candidate> DealerQueries::members_expiring_between(Date from, Date to) {
  return candidates(statements_->get("SELECT member_id, expires FROM member "
                                     "WHERE expires BETWEEN ?1 AND ?2 AND gone_on IS NULL "
                                     "ORDER BY member_id"),
                    from, to);
}

std::vector<Candidate> DealerQueries::members_balance_changed_between(Date from, Date to) {
  return candidates(statements_->get("SELECT member_id, balance_changed_on FROM member "
                                     "WHERE balance_changed_on BETWEEN ?1 AND ?2 "
                                     "AND gone_on IS NULL ORDER BY member_id"),
                    from, to);
}

std::vector<std::string> DealerQueries::active_members() {
  return ids(statements_->get(
      "SELECT member_id FROM member WHERE gone_on IS NULL ORDER BY member_id"));
}

std::vector<ServiceOrder> DealerQueries::orders_of_vehicle(const std::string& vin, int limit) {
  return newest_orders("vin", vin, limit);
}

std::vector<ServiceOrder> DealerQueries::orders_of_member(const std::string& member_id,
                                                          int limit) {
  return newest_orders("member_id", member_id, limit);
}

std::vector<ServiceOrder> DealerQueries::newest_orders(const char* column, const std::string& id,
                                                       int limit) {
  auto text = [](const char* key) {
    return fmt::format("SELECT {} FROM service_order WHERE {} = ?1 "
                       "ORDER BY closed DESC, order_id DESC LIMIT ?2",
                       kOrderColumns, key);
  };
  static const std::string by_vin = text("vin"), by_member = text("member_id");
  const bool vin = std::string_view(column) == "vin";
  if (!vin && std::string_view(column) != "member_id") {
    throw InternalError(fmt::format("no orders by {}", column));
  }
  auto& query = statements_->get(vin ? by_vin : by_member);
  query.bind(1, id);
  query.bind(2, limit);
  std::vector<ServiceOrder> list;
  while (query.executeStep()) list.push_back(read_order(query));
  return list;
}

std::vector<std::string> DealerQueries::complaint_outcomes(const std::string& subject_kind,
                                                           const std::string& subject_id,
                                                           int limit) {
  // Few subjects ever complained: they are read once, and only theirs are looked up.
  if (!complained_) {
    complained_.emplace();
    SQLite::Statement all(db_.sql(),
                          "SELECT DISTINCT t.subject_kind, t.subject_id FROM outcome o "
                          "INDEXED BY outcome_complaints JOIN task t ON t.task_id = o.task_id "
                          "WHERE o.disposition IN ('complaint', 'unsatisfied')");
    while (all.executeStep()) {
      complained_->insert(all.getColumn(0).getString() + '\x1f' + all.getColumn(1).getString());
    }
  }
  if (!complained_->count(subject_kind + '\x1f' + subject_id)) return {};
  auto& query = statements_->get(
      "SELECT o.recorded_on, o.disposition, COALESCE(o.note, '') FROM task t "
      "JOIN outcome o ON o.task_id = t.task_id "
      "WHERE t.subject_kind = ?1 AND t.subject_id = ?2 "
      "AND o.disposition IN ('complaint', 'unsatisfied') "
      "ORDER BY o.recorded_on DESC LIMIT ?3");
  query.bind(1, subject_kind);
  query.bind(2, subject_id);
  query.bind(3, limit);
  std::vector<std::string> list;
  while (query.executeStep()) {
    std::string note = query.getColumn(2).getString();
    list.push_back(fmt::format("{} {}{}{}", query.getColumn(0).getText(),
                               query.getColumn(1).getText(), note.empty() ? "" : ": ", note));
  }
  return list;
}

std::optional<DealerQueries::DueState> DealerQueries::due_state() {
  auto& query = statements_->get(
      "SELECT digest, computed_on, import_id FROM vehicle_due_state WHERE id = 1");
  if (!query.executeStep()) return std::nullopt;
  return DueState{query.getColumn(0).getString(), *Date::parse(query.getColumn(1).getText()),
                  query.getColumn(2).getInt64()};
}

void DealerQueries::set_due_state(const std::string& digest, Date computed_on,
                                  std::int64_t import_id) {
  auto& query = statements_->get(
      "INSERT INTO vehicle_due_state (id, digest, computed_on, import_id) VALUES (1, ?1, ?2, ?3) "
      "ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, "
      "computed_on = excluded.computed_on, import_id = excluded.import_id");
  query.bind(1, digest);
  query.bind(2, computed_on.iso());
  query.bind(3, static_cast<std::int64_t>(import_id));
  query.exec();
}

std::int64_t DealerQueries::newest_dealer_import() {
  auto& query = statements_->get(
      "SELECT COALESCE(MAX(import_id), 0) FROM import_log WHERE kind IN ('sales', 'service')");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

void DealerQueries::rebuild_due(const std::function<void()>& fill) {
  // The index definitions are read back from the schema, so they live in sql/ only.
  std::vector<std::pair<std::string, std::string>> indexes;
  {
    SQLite::Statement query(db_.sql(),
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                            "AND tbl_name = 'vehicle_due' AND sql IS NOT NULL ORDER BY name");
    while (query.executeStep()) {
      indexes.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getString());
    }
  }
  statements_->cache.clear();  // prepared statements may name the indexes
  for (const auto& [name, sql] : indexes) db_.sql().exec("DROP INDEX " + name);
  db_.sql().exec("DELETE FROM vehicle_due");
  fill();
  statements_->cache.clear();
  for (const auto& [name, sql] : indexes) db_.sql().exec(sql);
}

std::vector<std::string> DealerQueries::vehicles_changed_after(std::int64_t import_id) {
  auto& query = statements_->get(
      "SELECT vin FROM vehicle_changed WHERE import_id > ?1");
  query.bind(1, static_cast<std::int64_t>(import_id));
  return ids(query);
}

void DealerQueries::forget_vehicle_changes(std::int64_t up_to_import_id) {
  auto& statement = statements_->get("DELETE FROM vehicle_changed WHERE import_id <= ?1");
  statement.bind(1, static_cast<std::int64_t>(up_to_import_id));
  statement.exec();
}

std::vector<std::string> DealerQueries::vehicles_due_before(DueColumn column, Date before) {
  auto& query = statements_->get(fmt::format(
      "SELECT vin FROM vehicle_due WHERE {0} < ?1", due_column_name(column)));
  query.bind(1, before.iso());
  return ids(query);
}

std::vector<std::pair<Date, long long>> DealerQueries::readings(const std::string& vin) {
  auto& query = statements_->get(
      "SELECT read_on, km FROM odometer_reading WHERE vin = ?1 ORDER BY read_on, km");
  query.bind(1, vin);
  std::vector<std::pair<Date, long long>> list;
  while (query.executeStep()) {
    list.emplace_back(*Date::parse(query.getColumn(0).getText()), query.getColumn(1).getInt64());
  }
  return list;
}

std::vector<DealerQueries::Service> DealerQueries::services(const std::string& vin) {
  auto& query = statements_->get(
      "SELECT closed, mileage_km, type FROM service_order WHERE vin = ?1 "
      "AND type IN ('maintenance', 'first_maintenance') ORDER BY closed");
  query.bind(1, vin);
  std::vector<Service> list;
  while (query.executeStep()) {
    list.push_back({*Date::parse(query.getColumn(0).getText()),
                    column_integer(query.getColumn(1)),
                    query.getColumn(2).getString() == "first_maintenance"});
  }
  return list;
}

void DealerQueries::save_due(const VehicleDue& due, Date computed_on, bool fresh) {
  static const char* kColumns[] = {"warranty_end_on", "first_service_on", "next_service_on",
                                   "inspection_on", "birthday_on"};
  const std::optional<Date>* dates[] = {&due.warranty_end_on, &due.first_service_on,
                                        &due.next_service_on, &due.inspection_on,
                                        &due.birthday_on};
  unsigned changed = 0;
  bool exists = false;
  if (!fresh) {
    auto& current = statements_->get(
        "SELECT warranty_end_on, first_service_on, next_service_on, inspection_on, birthday_on "
        "FROM vehicle_due WHERE vin = ?1");
    current.bind(1, due.vin);
    if (current.executeStep()) {
      exists = true;
      for (int i = 0; i < 5; ++i) {
        if (column_date(current.getColumn(i)) != *dates[i]) changed |= 1u << i;
      }
    }
    current.reset();
    // Each date has an index: a row whose dates did not change is not written at all, and
    // one that changed writes only its changed dates, so only their indexes move.
    if (exists && changed == 0) return;
  }
  if (!exists) {
    auto& insert = statements_->get(
        "INSERT INTO vehicle_due (vin, warranty_end_on, first_service_on, next_service_on, "
        "inspection_on, birthday_on, computed_on) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    insert.bind(1, due.vin);
    for (int i = 0; i < 5; ++i) bind_date(insert, i + 2, *dates[i]);
    insert.bind(7, computed_on.iso());
    insert.exec();
    return;
  }
  std::string sql = "UPDATE vehicle_due SET computed_on = ?1";
  for (int i = 0; i < 5; ++i) {
    if (changed & (1u << i)) sql += fmt::format(", {} = ?{}", kColumns[i], i + 3);
  }
  sql += " WHERE vin = ?2";
  auto& update = statements_->get(sql);
  update.bind(1, computed_on.iso());
  update.bind(2, due.vin);
  for (int i = 0; i < 5; ++i) {
    if (changed & (1u << i)) bind_date(update, i + 3, *dates[i]);
  }
  update.exec();
}

void DealerQueries::for_each_vehicle(
    const std::function<void(const DealerVehicle&, const std::vector<std::pair<Date, long long>>&,
                             const std::vector<Service>&)>& visit) {
  // Three scans in VIN order, merged: one pass over each table instead of two lookups for
  // every vehicle.
  SQLite::Statement vehicles(
      db_.sql(), fmt::format("SELECT {} FROM dealer_vehicle WHERE gone_on IS NULL ORDER BY vin",
                             kVehicleColumns));
  SQLite::Statement readings(db_.sql(),
                             "SELECT vin, read_on, km FROM odometer_reading ORDER BY vin, read_on, km");
  SQLite::Statement services(
      db_.sql(),
      "SELECT vin, closed, mileage_km, type FROM service_order INDEXED BY service_order_by_vin "
      "WHERE vin IS NOT NULL AND type IN ('maintenance', 'first_maintenance') "
      "ORDER BY vin, closed");
  bool more_readings = readings.executeStep();
  bool more_services = services.executeStep();
  std::vector<std::pair<Date, long long>> vehicle_readings;
  std::vector<Service> vehicle_services;
  while (vehicles.executeStep()) {
    DealerVehicle vehicle = read_vehicle(vehicles);
    vehicle_readings.clear();
    vehicle_services.clear();
    while (more_readings && readings.getColumn(0).getString() < vehicle.vin) {
      more_readings = readings.executeStep();
    }
    while (more_readings && readings.getColumn(0).getString() == vehicle.vin) {
      vehicle_readings.emplace_back(*Date::parse(readings.getColumn(1).getText()),
                                    readings.getColumn(2).getInt64());
      more_readings = readings.executeStep();
    }
    while (more_services && services.getColumn(0).getString() < vehicle.vin) {
      more_services = services.executeStep();
    }
    while (more_services && services.getColumn(0).getString() == vehicle.vin) {
      vehicle_services.push_back({*Date::parse(services.getColumn(1).getText()),
                                  column_integer(services.getColumn(2)),
                                  services.getColumn(3).getString() == "first_maintenance"});
      more_services = services.executeStep();
    }
    visit(vehicle, vehicle_readings, vehicle_services);
  }
}

void DealerQueries::correct_mobile(const std::string& subject_kind, const std::string& subject_id,
                                   const std::string& phone, const std::string& kind, Date on,
                                   const std::string& task_id) {
  const bool is_member = subject_kind == "member";
  const char* table = is_member ? "member" : "dealer_vehicle";
  const char* key = is_member ? "member_id" : "vin";
  auto& current =
      statements_->get(fmt::format("SELECT mobile FROM {} WHERE {} = ?1", table, key));
  current.bind(1, subject_id);
  if (!current.executeStep()) return;
  std::string old = current.getColumn(0).getString();
  current.reset();
  if (old == phone) return;
  auto& update = statements_->get(fmt::format(
      "UPDATE {} SET mobile = ?2, mobile_kind = ?3, "
      "mobile_corrected_from = COALESCE(mobile_corrected_from, ?4) WHERE {} = ?1",
      table, key));
  update.bind(1, subject_id);
  update.bind(2, phone);
  update.bind(3, kind);
  update.bind(4, old);
  update.exec();
  auto& log = statements_->get(
      "INSERT INTO subject_change (subject_kind, subject_id, changed_on, what, old_value, "
      "new_value, source) VALUES (?1, ?2, ?3, 'mobile', ?4, ?5, ?6)");
  log.bind(1, is_member ? "member" : "vehicle");
  log.bind(2, subject_id);
  log.bind(3, on.iso());
  log.bind(4, old);
  log.bind(5, phone);
  log.bind(6, "task:" + task_id);
  log.exec();
}

void DealerQueries::mark_sold(const std::string& vin, Date on, const std::string& task_id) {
  auto& update = statements_->get(
      "UPDATE dealer_vehicle SET sold_on = ?2, sold_task = ?3 WHERE vin = ?1 AND sold_on IS NULL");
  update.bind(1, vin);
  update.bind(2, on.iso());
  update.bind(3, task_id);
  update.exec();
}

}  // namespace ownercare::store
