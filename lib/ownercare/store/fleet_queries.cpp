#include "ownercare/store/fleet_queries.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/errors.hpp"

namespace ownercare::store {

namespace {

constexpr const char* kSubjectColumns =
    "v.vehicle_id, v.plate, v.owner_name, v.owner_phone, v.phone_kind, v.city, v.status, "
    "v.last_login, v.reject_rate, v.lost_income, v.mark, e.episode_id, e.started_on, "
    "v.delisted_on IS NOT NULL";

FleetSubject read_subject(SQLite::Statement& query) {
  FleetSubject subject;
  subject.vehicle_id = query.getColumn(0).getString();
  subject.plate = query.getColumn(1).getString();
  subject.owner_name = query.getColumn(2).getString();
  subject.owner_phone = query.getColumn(3).getString();
  subject.phone_kind = query.getColumn(4).getString();
  subject.city = query.getColumn(5).getString();
  subject.status = query.getColumn(6).getInt();
  if (!query.getColumn(7).isNull()) subject.last_login = Date::parse(query.getColumn(7).getText());
  if (!query.getColumn(8).isNull()) subject.reject_rate = query.getColumn(8).getDouble();
  if (!query.getColumn(9).isNull()) subject.lost_income = query.getColumn(9).getDouble();
  if (!query.getColumn(10).isNull()) subject.mark = query.getColumn(10).getString();
  subject.episode_id = query.getColumn(11).getInt64();
  subject.started_on = *Date::parse(query.getColumn(12).getText());
  subject.delisted = query.getColumn(13).getInt() != 0;
  return subject;
}

// Binds ?1..?4 to the statuses of a query's "status IN (?1, ?2, ?3, ?4)", NULL for the rest.
void bind_statuses(SQLite::Statement& query, const std::vector<int>& statuses) {
  for (std::size_t i = 0; i < 4; ++i) {
    if (i < statuses.size()) query.bind(static_cast<int>(i) + 1, statuses[i]);
    else query.bind(static_cast<int>(i) + 1);
  }
}

}  // namespace

struct FleetQueries::Statements {
  explicit Statements(SQLite::Database& db)
      : started_between(
            db, fmt::format("SELECT {} FROM status_episode e JOIN fleet_vehicle v "
                            "ON v.vehicle_id = e.vehicle_id "
                            "WHERE e.ended_on IS NULL AND e.status IN (?1, ?2, ?3, ?4) "
                            "AND e.started_on BETWEEN ?5 AND ?6 AND v.delisted_on IS NULL "
                            "AND v.gone_on IS NULL",
                            kSubjectColumns)),
        open_between(db,
                     "SELECT episode_id, vehicle_id, started_on FROM status_episode "
                     "INDEXED BY status_episode_open_by_start "
                     "WHERE ended_on IS NULL AND status IN (?1, ?2, ?3, ?4) "
                     "AND started_on BETWEEN ?5 AND ?6"),
        by_episode(db, fmt::format("SELECT {} FROM status_episode e JOIN fleet_vehicle v "
                                   "ON v.vehicle_id = e.vehicle_id WHERE e.episode_id = ?",
                                   kSubjectColumns)),
        episode_state(db,
                      "SELECT e.ended_on IS NULL, v.delisted_on IS NOT NULL "
                      "FROM status_episode e JOIN fleet_vehicle v ON v.vehicle_id = e.vehicle_id "
                      "WHERE e.episode_id = ?"),
        history(db,
                "SELECT t.step, t.channel, t.sent_on, t.state, o.attempt, o.result, "
                "o.disposition, coalesce(substr(o.at, 1, 10), o.recorded_on) "
                "FROM task t LEFT JOIN outcome o ON o.task_id = t.task_id "
                "WHERE t.subject_kind = 'fleet' AND t.subject_id = ?1 AND t.episode_id = ?2 "
                "AND t.sent_on >= ?3 "
                "ORDER BY t.sent_on, t.step, o.attempt") {}
  SQLite::Statement started_between, open_between, by_episode, episode_state, history;
};

FleetQueries::FleetQueries(Database& db)
    : db_(db), statements_(std::make_unique<Statements>(db.sql())) {}
FleetQueries::~FleetQueries() = default;

std::vector<FleetSubject> FleetQueries::episodes_started_between(const std::vector<int>& statuses,
                                                                 Date from, Date to) {
  auto& query = statements_->started_between;
  bind_statuses(query, statuses);
  query.bind(5, from.iso());
  query.bind(6, to.iso());
  std::vector<FleetSubject> subjects;
  while (query.executeStep()) subjects.push_back(read_subject(query));
  query.reset();
  return subjects;
}

std::optional<FleetQueries::VehicleRecord> FleetQueries::vehicle(const std::string& vehicle_id) {
  SQLite::Statement query(
      db_.sql(),
      "SELECT v.vehicle_id, v.plate, v.owner_name, v.owner_phone, v.phone_kind, v.city, v.status, "
      "v.last_login, v.reject_rate, v.lost_income, v.mark, e.episode_id, e.started_on, "
      "v.first_seen, v.gone_on, v.delisted_on, v.delist_reason "
      "FROM fleet_vehicle v LEFT JOIN status_episode e "
      "ON e.vehicle_id = v.vehicle_id AND e.ended_on IS NULL WHERE v.vehicle_id = ?");
  query.bind(1, vehicle_id);
  if (!query.executeStep()) return std::nullopt;
  VehicleRecord record;
  record.has_episode = !query.getColumn(11).isNull();
  if (record.has_episode) {
    record.subject = read_subject(query);
  } else {
    record.subject.vehicle_id = query.getColumn(0).getString();
    record.subject.plate = query.getColumn(1).getString();
    record.subject.owner_name = query.getColumn(2).getString();
    record.subject.owner_phone = query.getColumn(3).getString();
    record.subject.phone_kind = query.getColumn(4).getString();
    record.subject.city = query.getColumn(5).getString();
    record.subject.status = query.getColumn(6).getInt();
    if (!query.getColumn(10).isNull()) record.subject.mark = query.getColumn(10).getString();
  }
  record.first_seen = *Date::parse(query.getColumn(13).getText());
  if (!query.getColumn(14).isNull()) record.gone_on = Date::parse(query.getColumn(14).getText());
  if (!query.getColumn(15).isNull()) record.delisted_on = Date::parse(query.getColumn(15).getText());
  if (!query.getColumn(16).isNull()) record.delist_reason = query.getColumn(16).getString();
  return record;
}

std::vector<FleetQueries::EpisodeRef> FleetQueries::open_episodes_started_between(
    const std::vector<int>& statuses, Date from, Date to) {
  auto& query = statements_->open_between;
  bind_statuses(query, statuses);
  query.bind(5, from.iso());
  query.bind(6, to.iso());
  std::vector<EpisodeRef> episodes;
  while (query.executeStep()) {
    episodes.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                        *Date::parse(query.getColumn(2).getText())});
  }
  query.reset();
  return episodes;
}

std::vector<FleetQueries::ResumedEpisode> FleetQueries::episodes_resumed_between(Date from,
                                                                                 Date to) {
  SQLite::Statement query(db_.sql(),
                          "SELECT episode_id, vehicle_id, started_on, status FROM status_episode "
                          "INDEXED BY status_episode_resumed "
                          "WHERE resumed_on BETWEEN ? AND ? AND ended_on IS NULL "
                          "ORDER BY episode_id");
  query.bind(1, from.iso());
  query.bind(2, to.iso());
  std::vector<ResumedEpisode> list;
  while (query.executeStep()) {
    list.push_back({{query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                     *Date::parse(query.getColumn(2).getText())},
                    query.getColumn(3).getInt()});
  }
  return list;
}

std::set<std::string> FleetQueries::paused_vehicles() {
  SQLite::Statement query(db_.sql(),
                          "SELECT vehicle_id FROM fleet_vehicle INDEXED BY fleet_vehicle_gone "
                          "WHERE gone_on IS NOT NULL AND episode_id IS NOT NULL");
  std::set<std::string> ids;
  while (query.executeStep()) ids.insert(query.getColumn(0).getString());
  return ids;
}

std::set<std::int64_t> FleetQueries::baseline_episodes() {
  SQLite::Statement query(db_.sql(),
                          "SELECT episode_id FROM status_episode "
                          "INDEXED BY status_episode_baseline "
                          "WHERE start_source = 'baseline' AND ended_on IS NULL");
  std::set<std::int64_t> ids;
  while (query.executeStep()) ids.insert(query.getColumn(0).getInt64());
  return ids;
}

std::optional<FleetSubject> FleetQueries::by_episode(std::int64_t episode_id) {
  auto& query = statements_->by_episode;
  query.bind(1, episode_id);
  std::optional<FleetSubject> subject;
  if (query.executeStep()) subject = read_subject(query);
  query.reset();
  return subject;
}

FleetQueries::EpisodeState FleetQueries::episode_state(std::int64_t episode_id) {
  auto& query = statements_->episode_state;
  query.bind(1, episode_id);
  EpisodeState state;
  if (query.executeStep()) {
    state.open = query.getColumn(0).getInt() != 0;
    state.delisted = query.getColumn(1).getInt() != 0;
  }
  query.reset();
  return state;
}

FleetQueries::History FleetQueries::history(const std::string& vehicle_id,
                                            std::int64_t episode_id, Date started_on) {
  auto& query = statements_->history;
  query.bind(1, vehicle_id);
  query.bind(2, episode_id);
  query.bind(3, started_on.iso());
  History history;
  std::string last_step;
  while (query.executeStep()) {
    std::string step = query.getColumn(0).getString();
    std::string channel = query.getColumn(1).getString();
    std::string sent_on = query.getColumn(2).getString();
    std::string state = query.getColumn(3).getString();
    bool has_outcome = !query.getColumn(4).isNull();
    std::string entry;
    if (channel == "sms") {
      ++history.sms_sent;
      entry = fmt::format("{} {} {}", step, sent_on, state);
    } else if (has_outcome) {
      std::string result = query.getColumn(5).getString();
      if (!query.getColumn(6).isNull()) result += "/" + query.getColumn(6).getString();
      if (channel == "call") ++history.calls_made;
      entry = fmt::format("{} #{} {}", step, query.getColumn(4).getInt(), result);
      history.last_outcome =
          fmt::format("{} {}", query.getColumn(7).getString(), result);
    } else {
      entry = fmt::format("{} {} {}", step, sent_on, state);
    }
    if (!history.lines.empty()) history.lines += "; ";
    history.lines += entry;
  }
  query.reset();
  return history;
}

std::vector<FleetQueries::Delisting> FleetQueries::delistings_to_emit() {
  SQLite::Statement query(db_.sql(),
                          "SELECT vehicle_id, plate, delisted_on, delist_reason FROM fleet_vehicle "
                          "INDEXED BY fleet_vehicle_delisted "
                          "WHERE delisted_on IS NOT NULL AND delist_emitted_on IS NULL");
  std::vector<Delisting> list;
  while (query.executeStep()) {
    list.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                    *Date::parse(query.getColumn(2).getText()),
                    query.getColumn(3).isNull() ? "" : query.getColumn(3).getString()});
  }
  std::sort(list.begin(), list.end(),
            [](const Delisting& a, const Delisting& b) { return a.vehicle_id < b.vehicle_id; });
  return list;
}

std::set<std::string> FleetQueries::delisted_vehicles() {
  SQLite::Statement query(db_.sql(),
                          "SELECT vehicle_id FROM fleet_vehicle INDEXED BY fleet_vehicle_delisted "
                          "WHERE delisted_on IS NOT NULL");
  std::set<std::string> ids;
  while (query.executeStep()) ids.insert(query.getColumn(0).getString());
  return ids;
}

void FleetQueries::mark_delisting_emitted(const std::string& vehicle_id, Date as_of) {
  SQLite::Statement statement(db_.sql(),
                              "UPDATE fleet_vehicle SET delist_emitted_on = ? WHERE vehicle_id = ?");
  statement.bind(1, as_of.iso());
  statement.bind(2, vehicle_id);
  statement.exec();
}

void FleetQueries::set_mark(const std::string& vehicle_id, const std::string& mark, Date on) {
  SQLite::Statement statement(db_.sql(),
                              "UPDATE fleet_vehicle SET mark = ?, mark_on = ? WHERE vehicle_id = ?");
  statement.bind(1, mark);
  statement.bind(2, on.iso());
  statement.bind(3, vehicle_id);
  statement.exec();
}

void FleetQueries::delist(const std::string& vehicle_id, Date on, const std::string& reason,
                          const std::string& task_id) {
  SQLite::Statement statement(db_.sql(),
                              "UPDATE fleet_vehicle SET delisted_on = ?, delist_reason = ?, "
                              "delist_task = ? WHERE vehicle_id = ? AND delisted_on IS NULL");
  statement.bind(1, on.iso());
  statement.bind(2, reason);
  statement.bind(3, task_id);
  statement.bind(4, vehicle_id);
  statement.exec();
}

}  // namespace ownercare::store
