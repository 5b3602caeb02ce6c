// The SQL of the report's fleet and lift figures. As in report_queries.cpp, ?1 is the first day,
// ?2 the day after the last and ?3 the day after as_of: what happened later is not known yet.
#include "ownercare/store/fleet_report_queries.hpp"

#include <map>
#include <utility>

#include "ownercare/store/columns.hpp"

namespace ownercare::store {

namespace {

// Episodes started in the range; a baseline import's episodes sent nothing and are left out.
#define EPISODES_IN_RANGE \
  " e.started_on >= ?1 AND e.started_on < ?2 AND e.start_source <> 'baseline'"

// A task of the episode's vehicle (index task_by_subject_sent: subject, then sent_on).
#define VEHICLE_TASK "t.subject_kind = 'fleet' AND t.subject_id = e.vehicle_id"

constexpr const char* kEpisodes =
    "SELECT e.episode_id, e.status, coalesce(v.city, ''), e.started_on,"
    " CASE WHEN e.ended_on < ?3 THEN e.ended_on END,"
    " CASE WHEN e.ended_on < ?3 THEN e.end_reason END,"
    " v.delisted_on IS NOT NULL AND v.delisted_on >= e.started_on AND v.delisted_on < ?3"
    "   AND (e.ended_on IS NULL OR v.delisted_on <= e.ended_on),"
    // Through index task_handoff_by_subject: the rows of hand-offs only.
    " EXISTS (SELECT 1 FROM task t WHERE " VEHICLE_TASK
    "   AND t.channel = 'handoff' AND t.sent_on >= e.started_on AND t.sent_on < ?3"
    "   AND (e.ended_on IS NULL OR t.sent_on <= e.ended_on)),"
    " CASE WHEN e.end_reason = 'rentable' AND e.ended_on < ?3 THEN"
    "  (SELECT t.rule || char(31) || t.step || char(31) || t.channel FROM task t"
    "    WHERE " VEHICLE_TASK " AND t.sent_on >= e.started_on AND t.sent_on < e.ended_on"
    "    ORDER BY t.sent_on DESC, t.due_on DESC, t.step DESC LIMIT 1) END"
    " FROM status_episode e JOIN fleet_vehicle v ON v.vehicle_id = e.vehicle_id"
    " WHERE" EPISODES_IN_RANGE " ORDER BY e.episode_id";

// CROSS JOIN keeps SQLite's planner from driving the join from task (it did: every fleet task
// ever listed was read, so the report's time grew with the nights); from the period's episodes
// it reads the tasks of their vehicles only, and of those (task_by_subject_sent) the ones sent
// since the episode began: no task of an episode is sent before its first day.
constexpr const char* kCalls =
    "SELECT e.status, t.rule, t.step, t.state, t.state_on < ?3,"
    " EXISTS (SELECT 1 FROM outcome o WHERE o.task_id = t.task_id AND o.result = 'reached'"
    "   AND o.recorded_on < ?3),"
    " (SELECT o.disposition FROM outcome o WHERE o.task_id = t.task_id"
    "   AND o.result = 'reached' AND o.recorded_on < ?3 ORDER BY o.attempt DESC LIMIT 1)"
    " FROM status_episode e CROSS JOIN task t ON " VEHICLE_TASK " AND t.episode_id = e.episode_id"
    " WHERE" EPISODES_IN_RANGE " AND t.channel = 'call'"
    "   AND t.sent_on >= e.started_on AND t.sent_on < ?3"
    " ORDER BY e.status, t.rule, t.step";

// Rules with a holdout group (partial index task_held).
constexpr const char* kHeldRules =
    "SELECT DISTINCT rule FROM task WHERE state = 'held' ORDER BY rule";

// One row per case (subject and anchor) of rule ?4 anchored in the period, its group and
// whether the outcome came within ?5 days (see report_figures.hpp).
constexpr const char* kHoldoutCases =
    "SELECT c.subject_kind, c.held,"
    " CASE c.subject_kind"
    "  WHEN 'fleet' THEN EXISTS (SELECT 1 FROM status_episode e"
    "    WHERE e.episode_id = c.episode_id AND e.end_reason = 'rentable' AND e.ended_on < ?3"
    "      AND e.ended_on <= date(e.started_on, '+' || ?5 || ' days'))"
    "  WHEN 'vehicle' THEN EXISTS (SELECT 1 FROM service_order s"
    "    WHERE s.vin = c.subject_id AND s.closed >= c.first_due AND s.closed < ?3"
    "      AND s.closed <= date(c.anchor_on, '+' || ?5 || ' days'))"
    "   OR EXISTS (SELECT 1 FROM task t JOIN outcome o ON o.task_id = t.task_id"
    "    WHERE t.rule = ?4 AND t.subject_kind = 'vehicle' AND t.subject_id = c.subject_id"
    "      AND t.anchor_on = c.anchor_on AND o.disposition = 'appointment'"
    "      AND o.recorded_on < ?3 AND o.recorded_on <= date(c.anchor_on, '+' || ?5 || ' days'))"
    "  WHEN 'member' THEN EXISTS (SELECT 1 FROM subject_change x"
    "    WHERE x.subject_kind = 'member' AND x.subject_id = c.subject_id AND x.what = 'expires'"
    "      AND x.new_value > coalesce(x.old_value, '') AND x.changed_on >= c.first_due"
    "      AND x.changed_on < ?3 AND x.changed_on <= date(c.anchor_on, '+' || ?5 || ' days'))"
    " END"
    " FROM (SELECT subject_kind, subject_id, anchor_on, max(state = 'held') AS held,"
    "   min(due_on) AS first_due, max(episode_id) AS episode_id"
    "   FROM task WHERE rule = ?4 AND anchor_on >= ?1 AND anchor_on < ?2"
    "   GROUP BY subject_kind, subject_id, anchor_on HAVING min(created_on) < ?3) c";

#undef VEHICLE_TASK
#undef EPISODES_IN_RANGE

}  // namespace

const char* fleet_episodes_sql() { return kEpisodes; }

std::vector<FleetEpisodeFacts> fleet_episodes(Database& db, Date first, Date last, Date as_of) {
  SQLite::Statement query(db.sql(), kEpisodes);
  bind_period(query, {first, last, as_of});
  std::vector<FleetEpisodeFacts> episodes;
  while (query.executeStep()) {
    FleetEpisodeFacts episode;
    episode.episode_id = query.getColumn(0).getInt64();
    episode.status = query.getColumn(1).getInt();
    episode.city = column_text(query.getColumn(2));
    episode.started_on = column_date(query.getColumn(3)).value_or(Date());
    episode.ended_on = column_date(query.getColumn(4));
    episode.end_reason = column_text(query.getColumn(5));
    episode.delisted = query.getColumn(6).getInt() != 0;
    episode.handed_off = query.getColumn(7).getInt() != 0;
    auto last_step = column_text(query.getColumn(8));
    if (!last_step.empty()) {
      auto first_cut = last_step.find('\x1f');
      auto second_cut = last_step.find('\x1f', first_cut + 1);
      episode.last_rule = last_step.substr(0, first_cut);
      episode.last_step = last_step.substr(first_cut + 1, second_cut - first_cut - 1);
      episode.last_channel = last_step.substr(second_cut + 1);
    }
    episodes.push_back(std::move(episode));
  }
  return episodes;
}

std::vector<FleetCallFacts> fleet_calls(Database& db, const ReportPeriod& period) {
  SQLite::Statement query(db.sql(), kCalls);
  bind_period(query, period);
  std::vector<FleetCallFacts> calls;
  while (query.executeStep()) {
    FleetCallFacts call;
    call.status = query.getColumn(0).getInt();
    call.rule = column_text(query.getColumn(1));
    call.step = column_text(query.getColumn(2));
    auto state = column_text(query.getColumn(3));
    bool state_known = query.getColumn(4).getInt() != 0;
    bool reached = query.getColumn(5).getInt() != 0;
    auto disposition = column_text(query.getColumn(6));
    if (reached) {
      bool named = disposition == "relist" || disposition == "wait" || disposition == "never" ||
                   disposition == "callback";
      call.ending = named ? disposition : "reached";
    } else if (state_known && (state == "unreached" || state == "expired")) {
      call.ending = "unreached";
    } else if (state_known && state == "cancelled") {
      call.ending = "cancelled";
    } else {
      call.ending = "pending";
    }
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<std::string> rules_with_held_tasks(Database& db) {
  SQLite::Statement query(db.sql(), kHeldRules);
  std::vector<std::string> rules;
  while (query.executeStep()) rules.push_back(column_text(query.getColumn(0)));
  return rules;
}

HoldoutCounts holdout_counts(Database& db, const ReportPeriod& period, const std::string& rule,
                             int horizon_days) {
  SQLite::Statement query(db.sql(), kHoldoutCases);
  bind_period(query, period);
  query.bind(4, rule);
  query.bind(5, horizon_days);
  HoldoutCounts counts;
  std::map<std::string, long long> kinds;
  while (query.executeStep()) {
    ++kinds[column_text(query.getColumn(0))];
    bool held = query.getColumn(1).getInt() != 0;
    bool success = !query.getColumn(2).isNull() && query.getColumn(2).getInt() != 0;
    (held ? counts.held : counts.treated) += 1;
    if (success) (held ? counts.held_success : counts.treated_success) += 1;
  }
  long long most = 0;
  for (const auto& [kind, cases] : kinds) {
    if (cases > most) {
      most = cases;
      counts.subject_kind = kind;
    }
  }
  return counts;
}

}  // namespace ownercare::store
