// The dealer and car-wash simulation harness (see dealer_simulation.hpp): the script applied
// night by night, the sales, members and service files written as a DMS and a car-wash
// back office would export them, the outcomes as the call centre would return them, and the
// night's SMS and call lists read back into the log tests compare against.
#include "sim/dealer_simulation.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "ownercare/csv/reader.hpp"
#include "ownercare/engine/task_id.hpp"
#include "ownercare/ingest/dealer_import.hpp"
#include "ownercare/outcomes/record.hpp"

namespace ownercare::sim {

namespace {

std::string csv_line(std::initializer_list<std::string> cells) {
  std::string line;
  for (const auto& text : cells) line += (line.empty() ? "" : ",") + cell(text);
  return line + "\n";
}

// Listed from `listed_from` on (every night when empty).
bool listed_on(const std::string& listed_from, const std::string& night) {
  return listed_from.empty() || date_of(listed_from) <= date_of(night);
}

// ISO 3779 transliteration of a VIN character (digits as themselves, letters by the table).
int vin_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  static const std::string letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  static const int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  auto at = letters.find(c);
  if (at == std::string::npos) throw std::invalid_argument("not a VIN character");
  return values[at];
}

}  // namespace

std::string test_vin(int serial) {
  if (serial < 0 || serial > 999999) throw std::invalid_argument("test_vin: serial out of range");
  std::string digits = std::to_string(serial);
  std::string vin = "LFV3A23C0M5" + std::string(6 - digits.size(), '0') + digits;
  static const int weights[] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < vin.size(); ++i) sum += vin_value(vin[i]) * weights[i];
  int remainder = sum % 11;
  vin[8] = remainder == 10 ? 'X' : static_cast<char>('0' + remainder);
  return vin;
}

DealerSimulation::DealerSimulation() {
  auto rules = dir_ / "rules";
  std::filesystem::create_directories(rules);
  for (const char* file :
       {"dealer_care.toml", "warranty.toml", "carwash.toml", "policy.toml", "holidays.toml"}) {
    std::filesystem::copy_file(test::source_dir() / "rules" / file, rules / file);
  }
  rules_ = rules::load_rule_set(rules);
  db_.emplace(store::Database::open(dir_ / "ownercare.db", store::OpenMode::create));
}

void DealerSimulation::add_vehicle(SoldVehicle vehicle) { vehicles_.push_back(std::move(vehicle)); }

void DealerSimulation::add_member(WashMember member) { members_.push_back(std::move(member)); }

void DealerSimulation::add_order(const std::string& night, ServiceLine order) {
  orders_[date_of(night).iso()].push_back(std::move(order));
}

void DealerSimulation::change_vehicle(const std::string& night, const std::string& key,
                                      std::function<void(SoldVehicle&)> change) {
  vehicle_changes_[date_of(night).iso()].emplace_back(key, std::move(change));
}

void DealerSimulation::change_member(const std::string& night, const std::string& member_id,
                                     std::function<void(WashMember&)> change) {
  member_changes_[date_of(night).iso()].emplace_back(member_id, std::move(change));
}

void DealerSimulation::record(const std::string& night, DealerOutcome outcome) {
  outcomes_[date_of(night).iso()].push_back(std::move(outcome));
}

void DealerSimulation::run_nights(const std::string& first, const std::string& last) {
  for (Date night = date_of(first); night <= date_of(last); night = night.plus_days(1)) {
    for (auto& [key, change] : vehicle_changes_[night.iso()]) change(vehicle(key));
    for (auto& [id, change] : member_changes_[night.iso()]) {
      auto found = std::find_if(members_.begin(), members_.end(),
                                [&](const WashMember& m) { return m.member_id == id; });
      if (found == members_.end()) throw std::invalid_argument("simulation script: no member " + id);
      change(*found);
    }
    run_night(night.iso());
  }
}

void DealerSimulation::run_night(const std::string& night) {
  import_sales(night);
  import_members(night);
  import_service(night);
  record_outcomes(night);
  engine::EvaluateOptions options;
  options.as_of = date_of(night);
  options.out = dir_ / "out";
  // Every night is kept for re-runs: the last test evaluates a night of months ago again.
  options.rerun_days = 3650;
  engine::evaluate(*db_, rules_, options);
  read_night_rows(night_folder(night), night, {"sms", "calls"}, rows_);
  nights_run_.push_back(night);
}

namespace {

// Imports one file with the real importer; a rejected row means the script is wrong (or the
// importer is), so the run stops with the importer's messages.
template <class Import>
void import_file(store::Database& db, const std::filesystem::path& file, const std::string& night,
                 Import import) {
  ingest::ImportOptions options;
  options.file = file;
  options.as_of = date_of(night);
  auto report = import(db, options);
  if (report.rows_rejected != 0) {
    throw std::runtime_error("simulation: " + file.filename().string() + " had rejected rows:" +
                             join_failures(report.reject_messages));
  }
}

}  // namespace

void DealerSimulation::import_sales(const std::string& night) {
  std::string csv =
      "vin,plate,brand,model,category,dealer_code,customer_name,mobile,home_phone,office_phone,"
      "birthday,sale_date,registration_date,warranty_start,warranty_end,warranty_km,odometer_km,"
      "odometer_date\n";
  for (const auto& car : vehicles_) {
    if (!listed_on(car.listed_from, night)) continue;
    csv += csv_line({test_vin(car.serial), car.plate, car.brand, car.model, car.category,
                     car.dealer_code, car.customer_name, car.mobile, car.home_phone,
                     car.office_phone, car.birthday, car.sale_date, car.registration_date,
                     car.warranty_start, car.warranty_end, car.warranty_km, car.odometer_km,
                     car.odometer_date});
  }
  auto file = dir_ / "inbox" / ("sales-" + night + ".csv");
  test::write_text(file, csv);
  import_file(*db_, file, night, ingest::import_sales);
}

void DealerSimulation::import_members(const std::string& night) {
  std::string csv = "member_id,name,mobile,region,franchise,card_type,balance,expires,joined\n";
  for (const auto& member : members_) {
    if (!listed_on(member.listed_from, night)) continue;
    csv += csv_line({member.member_id, member.name, member.mobile, member.region,
                     member.franchise, member.card_type, member.balance, member.expires,
                     member.joined});
  }
  auto file = dir_ / "inbox" / ("members-" + night + ".csv");
  test::write_text(file, csv);
  import_file(*db_, file, night, ingest::import_members);
}

void DealerSimulation::import_service(const std::string& night) {
  // Written every night, empty on a night without orders, as a DMS export job would.
  std::string csv =
      "order_id,vin,member_id,dealer_code,type,opened,closed,mileage_km,advisor,suggestion,"
      "complaint,amount\n";
  for (const auto& order : orders_[night]) {
    std::string vin = order.vin.empty() ? "" : subject_id(order.vin);
    csv += csv_line({order.order_id, vin, order.member_id, order.dealer_code, order.type,
                     order.opened, order.closed, order.mileage_km, order.advisor,
                     order.suggestion, order.complaint, order.amount});
  }
  auto file = dir_ / "inbox" / ("service-" + night + ".csv");
  test::write_text(file, csv);
  import_file(*db_, file, night, ingest::import_service);
}

void DealerSimulation::record_outcomes(const std::string& night) {
  const auto& outcomes = outcomes_[night];
  if (outcomes.empty()) return;
  std::string csv =
      "task_id,result,disposition,at,appointment_date,callback_date,satisfaction,new_phone,"
      "note\n";
  for (const auto& outcome : outcomes) {
    const auto& row =
        last_row_of(rows_, subject_id(outcome.subject), outcome.step, night, outcome.subject);
    // `at` is when the call centre worked the row: the night it was listed, at the start of
    // its window (SMS: 09:00).
    std::string at = row.date + " " + (row.window.empty() ? "09:00" : row.window.substr(0, 5));
    csv += csv_line({row.task_id, outcome.result, outcome.disposition, at,
                     outcome.appointment_date, outcome.callback_date, outcome.satisfaction,
                     outcome.new_phone, outcome.note});
  }
  auto file = dir_ / "inbox" / ("outcomes-" + night + ".csv");
  test::write_text(file, csv);
  outcomes::RecordOptions options;
  options.file = file;
  options.as_of = date_of(night);
  auto report = outcomes::record_outcomes(*db_, options);
  if (report.rejected != 0 || report.same_file_again) {
    throw std::runtime_error("simulation: the outcomes of " + night + " were not all applied:" +
                             join_failures(report.reject_messages));
  }
}

SoldVehicle& DealerSimulation::vehicle(const std::string& key) {
  for (auto& car : vehicles_) {
    if (car.key == key) return car;
  }
  throw std::invalid_argument("simulation script: no vehicle " + key);
}

std::string DealerSimulation::subject_id(const std::string& name) const {
  for (const auto& car : vehicles_) {
    if (car.key == name) return test_vin(car.serial);
  }
  return name;
}

Timeline DealerSimulation::timeline(const std::string& subject, const std::string& rule) const {
  return timeline_of(rows_, subject_id(subject), rule);
}

std::vector<EmittedRow> DealerSimulation::rows_of(const std::string& subject,
                                                  const std::string& file) const {
  return sim::rows_of(rows_, subject_id(subject), file);
}

std::filesystem::path DealerSimulation::night_folder(const std::string& night) const {
  return dir_ / "out" / night;
}

std::string DealerSimulation::summary(const std::string& night) const {
  return test::read_text(night_folder(night) / "summary.json");
}

std::optional<store::TaskRow> DealerSimulation::task(const std::string& rule,
                                                     const std::string& step,
                                                     const std::string& subject_kind,
                                                     const std::string& subject,
                                                     const std::string& anchor) {
  store::TaskStore tasks(*db_);
  return tasks.find(engine::make_task_id(rule, step, subject_kind, subject_id(subject),
                                         date_of(anchor).iso()));
}

std::vector<store::TaskRow> DealerSimulation::tasks_of(const std::string& subject_kind,
                                                       const std::string& subject,
                                                       const std::string& rule) {
  store::TaskStore tasks(*db_);
  std::vector<store::TaskRow> found;
  for (auto& task : tasks.tasks_of(subject_kind, subject_id(subject))) {
    if (task.rule == rule) found.push_back(std::move(task));
  }
  return found;
}

std::string DealerSimulation::due_date(const std::string& key, const std::string& column) {
  static const std::set<std::string> columns = {"warranty_end_on", "first_service_on",
                                                "next_service_on", "inspection_on",
                                                "birthday_on"};
  if (!columns.count(column)) throw std::invalid_argument("no vehicle_due column " + column);
  SQLite::Statement query(db_->sql(), "SELECT " + column + " FROM vehicle_due WHERE vin = ?");
  query.bind(1, subject_id(key));
  if (!query.executeStep() || query.getColumn(0).isNull()) return "";
  return query.getColumn(0).getString();
}

engine::EvaluateReport DealerSimulation::evaluate_again(const std::string& night,
                                                        const std::filesystem::path& out) {
  engine::EvaluateOptions options;
  options.as_of = date_of(night);
  options.out = out;
  return engine::evaluate(*db_, rules_, options);
}

}  // namespace ownercare::sim
