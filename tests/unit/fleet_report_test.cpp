// Unit tests of the report's fleet effectiveness and lift figures (SPEC 8, seed 000), from a
// database written row by row with plain SQL, as the imports, evaluate and record leave it.
//
// The week is 2026-03-02 (Monday) ... 2026-03-08, reported as of 2026-04-20 (long enough for
// every 30-day window) unless a test says otherwise. Episodes:
//   E1 V1 -1 杭州 03-02, back to rentable 03-05 (day 3); d0_sms sent 03-02, d3_sms sent 03-05
//      (the day the snapshot showed it back: not before the return)
//   E2 V2 -1 杭州 03-03, back 03-13 (day 10); d0 03-03, d3 03-06, d4_call 03-07 reached/relist
//      (recorded 03-07), d7_sms 03-10
//   E3 V3 -2 上海 03-04, back 04-14 (day 41); d4_call 03-08 closed unreached 03-12
//   E4 V4  0 上海 03-05, still open; d15_call sent 03-20, no outcome; d31 hand-off 04-05
//   E5 V5 -1 北京 03-06, still open, delisted 03-10: d4_call reached/never recorded 03-10
//   E6 V6 -1 北京 03-06, ended 03-08 in another status
//   E7 V7 -1 北京 03-01 (the Sunday before the week: not in it)
//   E8 V8 -2 北京 03-07 from a --baseline import (left out)
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/report/report_figures.hpp"
#include "ownercare/report/report_tables.hpp"
#include "ownercare/store/database.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::report::FleetCallFigures;
using ownercare::report::FleetGroupFigures;
using ownercare::report::FleetReturnStep;
using ownercare::report::gather_figures;
using ownercare::report::LiftFigures;
using ownercare::report::ReportFigures;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::store::ReportPeriod;
using ownercare::test::TempDir;

namespace {

const ReportPeriod kLate{Date(2026, 3, 2), Date(2026, 3, 8), Date(2026, 4, 20)};
const ReportPeriod kOnTime{Date(2026, 3, 2), Date(2026, 3, 8), Date(2026, 3, 8)};

struct Episode {
  int id = 0;
  std::string vehicle{};
  int status = -1;
  std::string city{};
  std::string started{};
  std::string ended{};  // "" = open
  std::string end_reason{};
  std::string source = "snapshot";
};

struct Task {
  std::string id{};
  std::string rule{};
  std::string step{};
  std::string channel{};
  std::string subject_kind = "fleet";
  std::string subject{};
  std::string anchor{};
  std::optional<int> episode{};
  std::string due{};
  std::string state = "sent";
  std::string state_on{};
  std::string sent{};  // "" = never emitted
};

class FleetDatabase {
 public:
  explicit FleetDatabase(const TempDir& dir)
      : db_(Database::open(dir / "ownercare.db", OpenMode::create)) {
    db_.sql().exec(
        "INSERT INTO import_log VALUES (1, 'fleet', '2026-03-01', 'fleet.csv', 0, 'utf-8', 0, 0,"
        " 0, 0, 0, 0, 0, 0, 0);"
        "INSERT INTO record_log (record_id, as_of, file_name, file_sha256, lines_read, applied,"
        " repeated, rejected) VALUES (1, '2026-03-01', 'outcomes.csv', 'digest', 0, 0, 0, 0)");
  }

  Database& db() { return db_; }

  void vehicle(const std::string& id, const std::string& city, int status,
               const std::string& delisted_on = "") {
    SQLite::Statement insert(db_.sql(),
                             "INSERT OR IGNORE INTO fleet_vehicle (vehicle_id, row_hash, plate,"
                             " phone_kind, city, status, first_seen, delisted_on)"
                             " VALUES (?, 0, '京N12345', 'mobile', ?, ?, '2026-01-01', ?)");
    insert.bind(1, id);
    insert.bind(2, city);
    insert.bind(3, status);
    if (delisted_on.empty())
      insert.bind(4);
    else
      insert.bind(4, delisted_on);
    insert.exec();
  }

  void episode(const Episode& e) {
    vehicle(e.vehicle, e.city, e.status);
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO status_episode (episode_id, vehicle_id, status,"
                             " started_on, start_source, opened_by, ended_on, end_reason)"
                             " VALUES (?, ?, ?, ?, ?, 1, ?, ?)");
    insert.bind(1, e.id);
    insert.bind(2, e.vehicle);
    insert.bind(3, e.status);
    insert.bind(4, e.started);
    insert.bind(5, e.source);
    if (e.ended.empty()) {
      insert.bind(6);
      insert.bind(7);
    } else {
      insert.bind(6, e.ended);
      insert.bind(7, e.end_reason);
    }
    insert.exec();
  }

  void task(const Task& t) {
    SQLite::Statement insert(
        db_.sql(),
        "INSERT INTO task (task_id, rule, step, channel, subject_kind, subject_id, anchor_on,"
        " episode_id, due_on, created_on, priority, state, state_on, phone, sent_on)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 50, ?, ?, '13800000000', ?)");
    insert.bind(1, t.id);
    insert.bind(2, t.rule);
    insert.bind(3, t.step);
    insert.bind(4, t.channel);
    insert.bind(5, t.subject_kind);
    insert.bind(6, t.subject);
    insert.bind(7, t.anchor);
    if (t.episode)
      insert.bind(8, *t.episode);
    else
      insert.bind(8);
    insert.bind(9, t.due);
    insert.bind(10, t.due);
    insert.bind(11, t.state);
    insert.bind(12, t.state_on.empty() ? t.due : t.state_on);
    if (t.sent.empty())
      insert.bind(13);
    else
      insert.bind(13, t.sent);
    insert.exec();
  }

  // A task of a fleet episode, sent on its due date.
  void step(const std::string& id, const Episode& e, const std::string& rule,
            const std::string& step, const std::string& channel, const std::string& sent,
            const std::string& state = "sent", const std::string& state_on = "") {
    task({.id = id, .rule = rule, .step = step, .channel = channel, .subject = e.vehicle,
          .anchor = e.started, .episode = e.id, .due = sent, .state = state,
          .state_on = state_on, .sent = sent});
  }

  void outcome(const std::string& task, const std::string& result,
               const std::string& disposition, const std::string& recorded_on) {
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO outcome (task_id, attempt, result, disposition,"
                             " recorded_on, record_id, line) VALUES (?, 1, ?, ?, ?, 1, 2)");
    insert.bind(1, task);
    insert.bind(2, result);
    if (disposition.empty())
      insert.bind(3);
    else
      insert.bind(3, disposition);
    insert.bind(4, recorded_on);
    insert.exec();
  }

 private:
  Database db_;
};

const Episode kE1{1, "V1", -1, "杭州", "2026-03-02", "2026-03-05", "rentable"};
const Episode kE2{2, "V2", -1, "杭州", "2026-03-03", "2026-03-13", "rentable"};
const Episode kE3{3, "V3", -2, "上海", "2026-03-04", "2026-04-14", "rentable"};
const Episode kE4{4, "V4", 0, "上海", "2026-03-05"};
const Episode kE5{5, "V5", -1, "北京", "2026-03-06"};
const Episode kE6{6, "V6", -1, "北京", "2026-03-06", "2026-03-08", "status_change"};
const Episode kE7{7, "V7", -1, "北京", "2026-03-01"};
const Episode kE8{8, "V8", -2, "北京", "2026-03-07", "", "", "baseline"};

void fill_week(FleetDatabase& db) {
  for (const auto& e : {kE1, kE2, kE3, kE4, kE5, kE6, kE7, kE8}) db.episode(e);
  db.step("T1a", kE1, "offline_no_login", "d0_sms", "sms", "2026-03-02");
  db.step("T1b", kE1, "offline_no_login", "d3_sms", "sms", "2026-03-05");
  db.step("T2a", kE2, "offline_no_login", "d0_sms", "sms", "2026-03-03");
  db.step("T2b", kE2, "offline_no_login", "d3_sms", "sms", "2026-03-06");
  db.step("T2c", kE2, "offline_no_login", "d4_call", "call", "2026-03-07", "done", "2026-03-07");
  db.outcome("T2c", "reached", "relist", "2026-03-07");
  db.step("T2d", kE2, "offline_no_login", "d7_sms", "sms", "2026-03-10");
  db.step("T3a", kE3, "unrentable_rejects", "d4_call", "call", "2026-03-08", "unreached",
          "2026-03-12");
  db.outcome("T3a", "no_answer", "", "2026-03-09");
  db.step("T4a", kE4, "paused_by_owner", "d15_call", "call", "2026-03-20", "listed");
  db.step("T4b", kE4, "paused_by_owner", "d31_handoff", "handoff", "2026-04-05", "listed");
  db.step("T5a", kE5, "offline_no_login", "d4_call", "call", "2026-03-10", "done", "2026-03-10");
  db.outcome("T5a", "reached", "never", "2026-03-10");
  db.db().sql().exec("UPDATE fleet_vehicle SET delisted_on = '2026-03-10' WHERE vehicle_id = 'V5'");
}

const FleetGroupFigures* group(const std::vector<FleetGroupFigures>& rows,
                               const std::string& name) {
  for (const auto& row : rows)
    if (row.group == name) return &row;
  return nullptr;
}

const ownercare::report::FleetCurve* curve(const ReportFigures& figures, int status) {
  for (const auto& row : figures.fleet_curves)
    if (row.status == status) return &row;
  return nullptr;
}

const FleetCallFigures* call_step(const ReportFigures& figures, const std::string& step,
                                  int status) {
  for (const auto& row : figures.fleet_calls)
    if (row.step == step && row.status == status) return &row;
  return nullptr;
}

const LiftFigures* lift_of(const ReportFigures& figures, const std::string& rule) {
  for (const auto& row : figures.lift)
    if (row.rule == rule) return &row;
  return nullptr;
}

}  // namespace

TEST_CASE("fleet episodes opened in the week are counted per status", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);

  REQUIRE(figures.fleet_by_status.size() == 3);
  CHECK(figures.fleet_by_status[0].group == "-1");
  CHECK(figures.fleet_by_status[1].group == "-2");
  CHECK(figures.fleet_by_status[2].group == "0");
  const auto& offline = figures.fleet_by_status[0];
  CHECK(offline.opened == 4);  // E1, E2, E5, E6: not E7 (before the week)
  CHECK(offline.back_7 == 1);
  CHECK(offline.back_15 == 2);
  CHECK(offline.back_30 == 2);
  CHECK(offline.back_later == 0);
  CHECK(offline.delisted == 1);
  CHECK(offline.handed_off == 0);
  CHECK(offline.still_open == 1);
  CHECK(offline.ended_other == 1);
  const auto& rejects = figures.fleet_by_status[1];
  CHECK(rejects.opened == 1);  // E3; E8 came from a baseline import
  CHECK(rejects.back_30 == 0);
  CHECK(rejects.back_later == 1);
  const auto& paused = figures.fleet_by_status[2];
  CHECK(paused.opened == 1);
  CHECK(paused.handed_off == 1);
  CHECK(paused.still_open == 1);
}

TEST_CASE("fleet episodes are counted per city", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);
  REQUIRE(figures.fleet_by_city.size() == 3);
  CHECK(figures.fleet_by_city[0].group == "上海");
  CHECK(figures.fleet_by_city[1].group == "北京");
  CHECK(figures.fleet_by_city[2].group == "杭州");
  auto hangzhou = group(figures.fleet_by_city, "杭州");
  REQUIRE(hangzhou);
  CHECK(hangzhou->opened == 2);
  CHECK(hangzhou->back_7 == 1);
  CHECK(hangzhou->back_15 == 2);
  auto beijing = group(figures.fleet_by_city, "北京");
  REQUIRE(beijing);
  CHECK(beijing->opened == 2);
  CHECK(beijing->delisted == 1);
  CHECK(beijing->ended_other == 1);
}

TEST_CASE("the fleet figures know nothing after the as-of date", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kOnTime);
  const auto& offline = figures.fleet_by_status[0];
  CHECK(offline.opened == 4);
  CHECK(offline.back_7 == 1);      // E1 on 03-05
  CHECK(offline.back_15 == 1);     // E2 came back on 03-13, after as_of
  CHECK(offline.delisted == 0);    // E5 delisted on 03-10
  CHECK(offline.still_open == 2);  // E2, E5
  CHECK(offline.ended_other == 1);
  CHECK(figures.fleet_by_status[2].handed_off == 0);  // the hand-off went on 04-05
  auto call = call_step(figures, "d4_call", -1);
  REQUIRE(call);
  CHECK(call->calls == 1);  // E5's call went on 03-10
  CHECK(call->relist == 1);
  CHECK(call->never == 0);
}

TEST_CASE("return curves count episodes back to rentable by each day", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);
  REQUIRE(figures.fleet_curves.size() == 3);
  auto offline = curve(figures, -1);
  REQUIRE(offline);
  CHECK(offline->opened == 4);
  CHECK(offline->back_by_day[2] == 0);
  CHECK(offline->back_by_day[3] == 1);
  CHECK(offline->back_by_day[9] == 1);
  CHECK(offline->back_by_day[10] == 2);
  CHECK(offline->back_by_day[30] == 2);
  auto rejects = curve(figures, -2);
  REQUIRE(rejects);
  CHECK(rejects->back_by_day[30] == 0);  // E3 came back on day 41
}

TEST_CASE("a return is credited to the last step sent before it", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);
  auto returned = [&](int status, const std::string& step) -> long long {
    for (const auto& row : figures.fleet_return_steps)
      if (row.status == status && row.step == step) return row.returned;
    return 0;
  };
  CHECK(returned(-1, "d0_sms") == 1);  // E1: its d3_sms went the day it was back
  CHECK(returned(-1, "d3_sms") == 0);
  CHECK(returned(-1, "d7_sms") == 1);  // E2
  CHECK(returned(-2, "d4_call") == 1);  // E3
  long long total = 0;
  for (const auto& row : figures.fleet_return_steps) total += row.returned;
  CHECK(total == 3);
}

TEST_CASE("fleet calls are counted by how they ended", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);
  auto offline = call_step(figures, "d4_call", -1);
  REQUIRE(offline);
  CHECK(offline->rule == "offline_no_login");
  CHECK(offline->calls == 2);
  CHECK(offline->relist == 1);
  CHECK(offline->never == 1);
  CHECK(offline->unreached == 0);
  auto rejects = call_step(figures, "d4_call", -2);
  REQUIRE(rejects);
  CHECK(rejects->calls == 1);
  CHECK(rejects->unreached == 1);
  auto paused = call_step(figures, "d15_call", 0);
  REQUIRE(paused);
  CHECK(paused->pending == 1);
}

TEST_CASE("the weekly trend covers eight weeks up to the week of the period's end",
          "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);
  REQUIRE(figures.fleet_weeks.size() == 8);
  CHECK(figures.fleet_weeks.front().group == "2026-01-12");
  CHECK(figures.fleet_weeks.back().group == "2026-03-02");
  CHECK(figures.fleet_weeks.back().opened == 6);
  CHECK(figures.fleet_weeks.back().back_15 == 2);
  CHECK(figures.fleet_weeks[6].group == "2026-02-23");
  CHECK(figures.fleet_weeks[6].opened == 1);  // E7, on Sunday 03-01
  CHECK(figures.fleet_weeks[0].opened == 0);
}

TEST_CASE("fleet tables show shares of the episodes opened", "[report][fleet]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto tables = ownercare::report::report_tables(gather_figures(db.db(), kLate));
  const ownercare::report::ReportTable* status = nullptr;
  for (const auto& table : tables)
    if (table.name == "fleet_status") status = &table;
  REQUIRE(status);
  REQUIRE(status->rows.size() == 3);
  std::vector<std::string> names;
  for (const auto& column : status->columns) names.push_back(column.name);
  auto cell = [&](std::size_t row, const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return status->rows[row][i];
    return std::string("(no column)");
  };
  CHECK(cell(0, "status") == "-1");
  CHECK(cell(0, "opened") == "4");
  CHECK(cell(0, "back_7_pct") == "25.0");
  CHECK(cell(0, "back_15_pct") == "50.0");
  CHECK(cell(1, "back_later") == "1");
}

namespace {

// n cases of a fleet rule, `success` of them back to rentable within 30 days; held or not.
void fleet_cases(FleetDatabase& db, int first_id, int n, int success, bool held) {
  for (int i = 0; i < n; ++i) {
    int id = first_id + i;
    Episode e{id, "L" + std::to_string(id), -1, "杭州", "2026-03-03"};
    if (i < success) {
      e.ended = "2026-03-20";
      e.end_reason = "rentable";
    }
    db.episode(e);
    db.task({.id = "L" + std::to_string(id), .rule = "offline_no_login", .step = "d0_sms",
             .channel = "sms", .subject = e.vehicle, .anchor = e.started, .episode = id,
             .due = e.started, .state = held ? "held" : "sent",
             .sent = held ? "" : e.started});
  }
}

}  // namespace

TEST_CASE("lift compares treated and held subjects with a 95% interval", "[report][lift]") {
  TempDir dir;
  FleetDatabase db(dir);
  fleet_cases(db, 100, 40, 20, false);
  fleet_cases(db, 200, 40, 10, true);
  auto figures = gather_figures(db.db(), kLate);
  auto lift = lift_of(figures, "offline_no_login");
  REQUIRE(lift);
  CHECK(lift->subject_kind == "fleet");
  CHECK(lift->treated == 40);
  CHECK(lift->treated_success == 20);
  CHECK(lift->held == 40);
  CHECK(lift->held_success == 10);
  REQUIRE(lift->enough());
  CHECK(*lift->lift() == Approx(0.25));
  auto interval = lift->interval();
  REQUIRE(interval);
  CHECK(interval->first == Approx(0.25 - 1.959964 * 0.1045825).epsilon(1e-5));
  CHECK(interval->second == Approx(0.25 + 1.959964 * 0.1045825).epsilon(1e-5));
}

TEST_CASE("lift says not enough below the minimum group size", "[report][lift]") {
  TempDir dir;
  FleetDatabase db(dir);
  fleet_cases(db, 100, 40, 20, false);
  fleet_cases(db, 200, 29, 10, true);
  auto figures = gather_figures(db.db(), kLate);
  auto lift = lift_of(figures, "offline_no_login");
  REQUIRE(lift);
  CHECK(lift->held == 29);
  CHECK_FALSE(lift->enough());
  CHECK_FALSE(lift->lift());
  CHECK(lift->held_rate());
  auto tables = ownercare::report::report_tables(figures);
  bool said = false;
  for (const auto& table : tables) {
    if (table.name != "lift") continue;
    REQUIRE(table.rows.size() == 1);
    for (const auto& cell : table.rows[0])
      if (cell.find("not enough") != std::string::npos) said = true;
  }
  CHECK(said);
}

TEST_CASE("a rule without held subjects has no lift row", "[report][lift]") {
  TempDir dir;
  FleetDatabase db(dir);
  fill_week(db);
  auto figures = gather_figures(db.db(), kLate);
  CHECK(figures.lift.empty());
}

TEST_CASE("reminder lift counts an order or appointment near the due date", "[report][lift]") {
  TempDir dir;
  FleetDatabase db(dir);
  // V-T1 treated: appointment outcome; V-T2 treated: nothing; V-H1 held: an order 10 days
  // after its due date; V-H2 held: an order 40 days after (too late).
  auto reminder = [&](const std::string& vin, bool held) {
    db.task({.id = "R-" + vin, .rule = "service_reminder", .step = "d7_sms", .channel = "sms",
             .subject_kind = "vehicle", .subject = vin, .anchor = "2026-03-05",
             .due = "2026-02-26", .state = held ? "held" : "sent",
             .sent = held ? "" : "2026-02-26"});
  };
  reminder("VT1", false);
  reminder("VT2", false);
  reminder("VH1", true);
  reminder("VH2", true);
  db.outcome("R-VT1", "reached", "appointment", "2026-02-27");
  auto order = [&](const std::string& id, const std::string& vin, const std::string& closed) {
    SQLite::Statement insert(db.db().sql(),
                             "INSERT INTO service_order (order_id, row_hash, vin, dealer_code,"
                             " type, closed, first_seen, changed_on)"
                             " VALUES (?, 0, ?, 'D1', 'maintenance', ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, vin);
    insert.bind(3, closed);
    insert.bind(4, closed);
    insert.bind(5, closed);
    insert.exec();
  };
  order("O1", "VH1", "2026-03-15");
  order("O2", "VH2", "2026-04-14");
  auto figures = gather_figures(db.db(), kLate);
  auto lift = lift_of(figures, "service_reminder");
  REQUIRE(lift);
  CHECK(lift->subject_kind == "vehicle");
  CHECK(lift->treated == 2);
  CHECK(lift->treated_success == 1);
  CHECK(lift->held == 2);
  CHECK(lift->held_success == 1);
}

TEST_CASE("card lift counts a renewal around the expiry", "[report][lift]") {
  TempDir dir;
  FleetDatabase db(dir);
  auto expiry = [&](const std::string& member, bool held) {
    db.task({.id = "C-" + member, .rule = "card_expiry", .step = "d15_sms", .channel = "sms",
             .subject_kind = "member", .subject = member, .anchor = "2026-03-04",
             .due = "2026-02-17", .state = held ? "held" : "sent",
             .sent = held ? "" : "2026-02-17"});
  };
  expiry("M1", false);
  expiry("M2", true);
  expiry("M3", true);
  db.db().sql().exec(
      "INSERT INTO subject_change (subject_kind, subject_id, changed_on, what, old_value,"
      " new_value, source) VALUES"
      " ('member', 'M1', '2026-03-01', 'expires', '2026-03-04', '2027-03-04', 'import:1'),"
      " ('member', 'M2', '2026-03-02', 'expires', '2026-03-04', '2026-01-04', 'import:1')");
  auto figures = gather_figures(db.db(), kLate);
  auto lift = lift_of(figures, "card_expiry");
  REQUIRE(lift);
  CHECK(lift->treated == 1);
  CHECK(lift->treated_success == 1);
  CHECK(lift->held == 2);
  CHECK(lift->held_success == 0);  // M2's expiry moved earlier: not a renewal
}

TEST_CASE("a rule with a holdout share but no case in the period still has its lift row",
          "[report][lift]") {
  TempDir dir;
  FleetDatabase db(dir);
  auto figures = gather_figures(db.db(), kLate, {{"owner_paused", {0.1, "fleet"}}});
  auto lift = lift_of(figures, "owner_paused");
  REQUIRE(lift);
  CHECK(lift->subject_kind == "fleet");
  REQUIRE(lift->holdout_share);
  CHECK(*lift->holdout_share == Approx(0.1));
  CHECK(lift->outcome.find("30天内恢复可租") == 0);
  CHECK(lift->treated == 0);
  CHECK_FALSE(lift->enough());
}
