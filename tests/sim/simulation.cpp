// The fleet simulation harness (see simulation.hpp): the script applied night by night, the
// snapshot and outcome files written as the platform and the call centre would, and the
// night's output files read back into the log tests compare against.
#include "sim/simulation.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "ownercare/csv/reader.hpp"
#include "ownercare/engine/task_id.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/outcomes/record.hpp"

namespace ownercare::sim {

Date date_of(const std::string& text) {
  auto date = Date::parse(text);
  if (!date) throw std::invalid_argument("simulation script: \"" + text + "\" is not a date");
  return *date;
}

// A CSV cell, quoted when it must be (the script's values hold no quotes or line breaks, but
// a test may well put a comma in a name).
std::string cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string join_failures(const std::vector<std::string>& messages) {
  std::string text;
  for (const auto& message : messages) text += "\n  " + message;
  return text;
}

void read_night_rows(const std::filesystem::path& folder, const std::string& night,
                     std::initializer_list<const char*> files, std::vector<EmittedRow>& rows) {
  for (const char* file : files) {
    csv::ReaderOptions options;
    options.fold_full_width = false;  // the outputs as written, full-width commas and all
    auto reader = csv::Reader::open(folder / (std::string(file) + ".csv"), options);
    csv::Record record;
    if (!reader.next(record)) throw std::runtime_error("simulation: an empty " + std::string(file));
    std::vector<std::string> header(record.fields.begin(), record.fields.end());
    while (reader.next(record)) {
      EmittedRow row;
      row.date = night;
      row.file = file;
      for (std::size_t i = 0; i < header.size() && i < record.fields.size(); ++i) {
        row.columns[header[i]] = std::string(record.fields[i]);
      }
      row.vehicle = row.column("subject_id");
      row.rule = row.column("rule");
      row.step = row.file == "delist" ? "delist" : row.column("step");
      row.window = row.column("window");
      row.phone = row.column("phone");
      row.task_id = row.column("task_id");
      if (!row.column("attempt").empty()) row.attempt = std::stoi(row.column("attempt"));
      rows.push_back(std::move(row));
    }
  }
}

Timeline timeline_of(const std::vector<EmittedRow>& rows, const std::string& subject_id,
                     const std::string& rule) {
  Timeline timeline;
  for (const auto& row : rows) {
    if (row.vehicle != subject_id || (!rule.empty() && row.rule != rule)) continue;
    timeline.push_back({row.date, row.step, row.attempt, row.window});
  }
  return sorted(std::move(timeline));
}

std::vector<EmittedRow> rows_of(const std::vector<EmittedRow>& rows,
                                const std::string& subject_id, const std::string& file) {
  std::vector<EmittedRow> found;
  for (const auto& row : rows) {
    if (row.vehicle == subject_id && row.file == file) found.push_back(row);
  }
  return found;
}

const EmittedRow& last_row_of(const std::vector<EmittedRow>& rows, const std::string& subject_id,
                              const std::string& step, const std::string& before_night,
                              const std::string& shown) {
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (row->vehicle == subject_id && row->step == step && row->date < before_night) return *row;
  }
  throw std::invalid_argument("simulation script: an outcome on " + before_night + " for " +
                              step + " of " + shown + ", which was never emitted");
}

const std::string& EmittedRow::column(const std::string& name) const {
  static const std::string empty;
  auto found = columns.find(name);
  return found == columns.end() ? empty : found->second;
}

std::ostream& operator<<(std::ostream& out, const TimelineEntry& entry) {
  out << "{\"" << entry.date << "\", \"" << entry.step << "\"";
  if (entry.attempt != 0 || !entry.window.empty()) {
    out << ", " << entry.attempt << ", \"" << entry.window << "\"";
  }
  return out << "}";
}

Timeline sorted(Timeline timeline) {
  std::sort(timeline.begin(), timeline.end());
  return timeline;
}

FleetSimulation::FleetSimulation()
    : rules_(rules::load_rule_set(test::source_dir() / "rules")) {
  db_.emplace(store::Database::open(dir_ / "ownercare.db", store::OpenMode::create));
}

void FleetSimulation::add_vehicle(FleetVehicle vehicle) {
  fleet_.push_back(std::move(vehicle));
}

void FleetSimulation::change_status(const std::string& night, const std::string& vehicle,
                                    int status, const std::string& since) {
  status_changes_[date_of(night).iso()].push_back({vehicle, status, since});
}

void FleetSimulation::appear(const std::string& night, const std::string& vehicle) {
  appearances_[date_of(night).iso()].push_back(vehicle);
}

void FleetSimulation::record(const std::string& night, ScriptedOutcome outcome) {
  outcomes_[date_of(night).iso()].push_back(std::move(outcome));
}

void FleetSimulation::run_nights(const std::string& first, const std::string& last,
                                 const std::set<std::string>& skipped) {
  for (Date night = date_of(first); night <= date_of(last); night = night.plus_days(1)) {
    // Script changes of a night that is not run still happen in the fleet: the platform
    // does not wait for ownercare.
    for (const auto& change : status_changes_[night.iso()]) {
      auto& car = vehicle(change.vehicle);
      car.status = change.status;
      car.status_since = change.since;
    }
    for (const auto& id : appearances_[night.iso()]) vehicle(id).present = true;
    if (skipped.count(night.iso())) {
      if (!outcomes_[night.iso()].empty()) {
        throw std::invalid_argument("simulation script: outcomes on " + night.iso() +
                                    ", a night that is not run");
      }
      continue;
    }
    run_night(night.iso());
  }
}

void FleetSimulation::run_night(const std::string& night) {
  import_snapshot(night);
  record_outcomes(night);
  engine::EvaluateOptions options;
  options.as_of = date_of(night);
  options.out = dir_ / "out";
  // Every night is kept for re-runs: the last test evaluates a night of months ago again.
  options.rerun_days = 3650;
  engine::evaluate(*db_, rules_, options);
  read_night_rows(night_folder(night), night, {"sms", "calls", "handoff", "delist"}, rows_);
  nights_run_.push_back(night);
}

void FleetSimulation::import_snapshot(const std::string& night) {
  std::ostringstream csv;
  csv << "vehicle_id,plate,owner_name,owner_phone,city,status,status_since,last_login,"
         "reject_rate,lost_income\n";
  for (const auto& car : fleet_) {
    if (!car.present) continue;
    csv << cell(car.id) << ',' << cell(car.plate) << ",车主" << cell(car.id) << ','
        << cell(car.phone) << ",北京," << car.status << ',' << car.status_since << ",,,"
        << car.lost_income << '\n';
  }
  auto file = dir_ / "inbox" / ("fleet-" + night + ".csv");
  test::write_text(file, csv.str());
  ingest::ImportOptions options;
  options.file = file;
  options.as_of = date_of(night);
  auto report = ingest::import_fleet(*db_, options);
  if (report.rows_rejected != 0) {
    throw std::runtime_error("simulation: the snapshot of " + night + " had rejected rows:" +
                             join_failures(report.reject_messages));
  }
}

void FleetSimulation::record_outcomes(const std::string& night) {
  const auto& outcomes = outcomes_[night];
  if (outcomes.empty()) return;
  std::ostringstream csv;
  csv << "task_id,result,disposition,at,callback_date\n";
  for (const auto& outcome : outcomes) {
    const auto& row = last_row_of(rows_, outcome.vehicle, outcome.step, night, outcome.vehicle);
    // `at` is when the call centre worked the row: the night it was listed, at the start
    // of its window. Without it, two nights' reports of the same miss would be one file.
    std::string at = row.date + " " + (row.window.empty() ? "09:00" : row.window.substr(0, 5));
    csv << row.task_id << ',' << outcome.result << ',' << outcome.disposition << ',' << at
        << ',' << outcome.callback_date << '\n';
  }
  auto file = dir_ / "inbox" / ("outcomes-" + night + ".csv");
  test::write_text(file, csv.str());
  outcomes::RecordOptions options;
  options.file = file;
  options.as_of = date_of(night);
  auto report = outcomes::record_outcomes(*db_, options);
  if (report.rejected != 0 || report.same_file_again) {
    throw std::runtime_error("simulation: the outcomes of " + night + " were not all applied:" +
                             join_failures(report.reject_messages));
  }
}

FleetVehicle& FleetSimulation::vehicle(const std::string& id) {
  for (auto& car : fleet_) {
    if (car.id == id) return car;
  }
  throw std::invalid_argument("simulation script: no vehicle " + id);
}

Timeline FleetSimulation::timeline(const std::string& vehicle, const std::string& rule) const {
  return timeline_of(rows_, vehicle, rule);
}

std::vector<EmittedRow> FleetSimulation::rows_of(const std::string& vehicle,
                                                 const std::string& file) const {
  return sim::rows_of(rows_, vehicle, file);
}

std::filesystem::path FleetSimulation::night_folder(const std::string& night) const {
  return dir_ / "out" / night;
}

std::string FleetSimulation::summary(const std::string& night) const {
  return test::read_text(night_folder(night) / "summary.json");
}

std::optional<store::TaskRow> FleetSimulation::task(const std::string& rule,
                                                    const std::string& step,
                                                    const std::string& vehicle,
                                                    const std::string& anchor) {
  store::TaskStore tasks(*db_);
  return tasks.find(engine::make_task_id(rule, step, "fleet", vehicle, date_of(anchor).iso()));
}

engine::EvaluateReport FleetSimulation::evaluate_again(const std::string& night,
                                                       const std::filesystem::path& out) {
  engine::EvaluateOptions options;
  options.as_of = date_of(night);
  options.out = out;
  return engine::evaluate(*db_, rules_, options);
}

}  // namespace ownercare::sim
