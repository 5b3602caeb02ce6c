// "Never a wrong, double or lost message", run for real over several nights: a row with a bad
// cell never restarts its vehicle's cadence, a gap in the snapshots never resends a step, nights
// missed are accounted for, a callback recorded late still happens, one phone gets one call a
// day, and a first install on an existing fleet tells no one about a change long past.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/dealer_support.hpp"

namespace ownercare::test {
namespace {

// Twenty rentable vehicles: one odd row among them stays under the 10% invalid limit and one
// missing vehicle under the 5% disappearance stop.
std::vector<std::string> rentable_rows() {
  std::vector<std::string> rows;
  for (int i = 1; i <= 20; ++i) {
    rows.push_back(fleet_row(fmt::format("R{:02}", i), fmt::format("京B{:05}", i),
                             fmt::format("车主{}", i), fmt::format("1371234{:04}", i), 1));
  }
  return rows;
}

// FC1, offline (-2) since its first snapshot, with the income it lost.
std::string fc1(std::string_view lost_income) {
  return fmt::format("FC1,京N12346,张伟,13812340001,北京,-2,,,0.9,{}", lost_income);
}

std::vector<std::string> with(std::vector<std::string> rows, const std::string& row) {
  rows.push_back(row);
  return rows;
}

// The rows of a night's file that name `subject`, as records (the header left out).
std::vector<std::vector<std::string>> rows_of(const Workspace& ws, const std::string& date,
                                              const std::string& file,
                                              const std::string& subject) {
  std::vector<std::vector<std::string>> found;
  auto records = read_csv(ws / ("out/" + date + "/" + file));
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() > 2 && records[i][2] == subject) found.push_back(records[i]);
  }
  return found;
}

void night(const Workspace& ws, const std::string& date, const std::vector<std::string>& rows,
           const std::vector<std::string>& extra = {}) {
  require_success(ws.import_fleet(date, fleet_csv(rows), extra));
  require_success(ws.evaluate(date));
}

}  // namespace

TEST_CASE("a row with a bad cell one night does not send its vehicle's day-0 SMS again",
          "[cli][promises]") {
  Workspace ws;
  night(ws, "2026-03-01", with(rentable_rows(), fc1("1280")));
  auto first = rows_of(ws, "2026-03-01", "sms.csv", "FC1");
  REQUIRE(first.size() == 1);
  CHECK(first[0][4] == "d0_sms");
  CHECK(first[0][6].find("1280") != std::string::npos);

  // The export writes the amount the way a person types it: the row is rejected, FC1 stays.
  auto bad = ws.import_fleet("2026-03-02", fleet_csv(with(rentable_rows(), fc1("1280元整"))));
  CHECK(bad.exit_code == 0);
  CHECK(bad.out ==
        "fleet-2026-03-02.csv: fleet 2026-03-02: 21 rows, 0 new, 0 changed, 20 unchanged, 0 "
        "gone, 0 back, 1 rejected (1 kept as stored); episodes 0 opened, 0 closed\n");
  require_success(ws.evaluate("2026-03-02"));

  require_success(ws.import_fleet("2026-03-03", fleet_csv(with(rentable_rows(), fc1("1280")))));
  require_success(ws.evaluate("2026-03-03"));
  CHECK(rows_of(ws, "2026-03-03", "sms.csv", "FC1").empty());
  // The cadence goes on from its first day: d3 on 03-04.
  require_success(ws.import_fleet("2026-03-04", fleet_csv(with(rentable_rows(), fc1("1280")))));
  require_success(ws.evaluate("2026-03-04"));
  auto d3 = rows_of(ws, "2026-03-04", "sms.csv", "FC1");
  REQUIRE(d3.size() == 1);
  CHECK(d3[0][4] == "d3_sms");
  CHECK(query_db(ws / Workspace::db, "SELECT count(*) FROM status_episode") == "1");
}

TEST_CASE("four bad rows of sixty-one are rejected, not a mass disappearance",
          "[cli][promises]") {
  Workspace ws;
  std::vector<std::string> rows;
  for (int i = 1; i <= 61; ++i) {
    rows.push_back(fleet_row(fmt::format("V{:02}", i), fmt::format("京C{:05}", i), "车主",
                             fmt::format("1391234{:04}", i), 1));
  }
  require_success(ws.import_fleet("2026-03-01", fleet_csv(rows)));
  for (int i = 0; i < 4; ++i) rows[static_cast<std::size_t>(i)] += "x";  // lost_income "x"
  auto result = ws.import_fleet("2026-03-02", fleet_csv(rows));
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("0 gone, 0 back, 4 rejected (4 kept as stored)") != std::string::npos);
}

TEST_CASE("an unquoted thousands separator is a rejected row, never an SMS saying 1 yuan",
          "[cli][promises]") {
  Workspace ws;
  night(ws, "2026-03-01", with(rentable_rows(), fc1("500")));
  night(ws, "2026-03-02", with(rentable_rows(), fc1("500")));
  // 03-04: the d3 SMS states the income lost; the export has 1,280 unquoted.
  night(ws, "2026-03-03", with(rentable_rows(), fc1("500")));
  auto result = ws.import_fleet("2026-03-04", fleet_csv(with(rentable_rows(), fc1("1,280"))));
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("fleet-2026-03-04.csv:22:11: the row has 11 fields, the header 10") !=
        std::string::npos);
  CHECK(query_db(ws / Workspace::db, "SELECT lost_income FROM fleet_vehicle WHERE vehicle_id = "
                                     "'FC1'") == "500.0");
}

TEST_CASE("a vehicle missing from one snapshot continues its cadence when it comes back",
          "[cli][promises]") {
  Workspace ws;
  night(ws, "2026-03-01", with(rentable_rows(), fc1("500")));
  REQUIRE(rows_of(ws, "2026-03-01", "sms.csv", "FC1").size() == 1);
  night(ws, "2026-03-02", rentable_rows());  // the export lost FC1 for a night
  auto explain = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules",
                                            (source_dir() / "rules").string(), "--as-of",
                                            "2026-03-02", "FC1"});
  CHECK(explain.out.find("missing from the snapshots since 2026-03-02: no rule applies (its "
                         "episode is paused") != std::string::npos);
  night(ws, "2026-03-03", with(rentable_rows(), fc1("500")));
  CHECK(rows_of(ws, "2026-03-03", "sms.csv", "FC1").empty());
  night(ws, "2026-03-04", with(rentable_rows(), fc1("500")));
  auto d3 = rows_of(ws, "2026-03-04", "sms.csv", "FC1");
  REQUIRE(d3.size() == 1);
  CHECK(d3[0][4] == "d3_sms");
}

TEST_CASE("steps due while a vehicle was missing follow the missed-night rules",
          "[cli][promises]") {
  Workspace ws;
  night(ws, "2026-03-01", with(rentable_rows(), fc1("500")));
  night(ws, "2026-03-02", with(rentable_rows(), fc1("500")));
  night(ws, "2026-03-03", rentable_rows());
  night(ws, "2026-03-04", rentable_rows());  // d3 due
  CHECK(rows_of(ws, "2026-03-04", "sms.csv", "FC1").empty());
  night(ws, "2026-03-05", rentable_rows());  // d4 call due
  CHECK(rows_of(ws, "2026-03-05", "calls.csv", "FC1").empty());
  night(ws, "2026-03-06", with(rentable_rows(), fc1("500")));
  // Back on 03-06: the d4 call (1 day late) goes; the d3 SMS before it gives way.
  CHECK(rows_of(ws, "2026-03-06", "sms.csv", "FC1").empty());
  auto calls = rows_of(ws, "2026-03-06", "calls.csv", "FC1");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0][4] == "d4_call");
  auto tasks = ws.export_table("tasks", {"--subject", "FC1"});
  CHECK(tasks.out.find("d3_sms") != std::string::npos);
  CHECK(tasks.out.find("superseded") != std::string::npos);
}

TEST_CASE("a vehicle missing longer than resume_days starts again when it comes back",
          "[cli][promises]") {
  Workspace ws;
  night(ws, "2026-03-01", with(rentable_rows(), fc1("500")));
  night(ws, "2026-03-02", rentable_rows());
  night(ws, "2026-03-10", with(rentable_rows(), fc1("500")));  // 8 days after it went
  auto sms = rows_of(ws, "2026-03-10", "sms.csv", "FC1");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0][4] == "d0_sms");
}

TEST_CASE("resume_days is read from the config", "[cli][promises]") {
  Workspace ws;
  ws.write("ownercare.toml", "resume_days = 10\n");
  night(ws, "2026-03-01", with(rentable_rows(), fc1("500")), {"--config", "ownercare.toml"});
  night(ws, "2026-03-02", rentable_rows(), {"--config", "ownercare.toml"});
  require_success(ws.import_fleet("2026-03-10", fleet_csv(with(rentable_rows(), fc1("500"))),
                                  {"--config", "ownercare.toml"}));
  CHECK(query_db(ws / Workspace::db, "SELECT count(*) FROM status_episode") == "1");
}

// --- missed nights ----------------------------------------------------------------------------

TEST_CASE("a fleet step due on a missed night past its grace is recorded as skipped",
          "[cli][promises]") {
  // Status 0 since 03-01: d5 SMS due 03-06. Nights 03-02 to 03-09 are missed; on 03-10 the d5
  // step is 4 days late and the d10 step is not due yet: nothing is in grace, yet d5 must be
  // accounted for.
  Workspace ws;
  auto paused = fleet_row("FC2", "京N12347", "李娜", "13812340002", 0);
  night(ws, "2026-03-01", with(rentable_rows(), paused));
  night(ws, "2026-03-10", with(rentable_rows(), paused));
  auto summary = ws.read("out/2026-03-10/summary.json");
  CHECK(summary.find("\"missed\": 1") != std::string::npos);
  auto tasks = ws.export_table("tasks", {"--subject", "FC2"});
  CHECK(tasks.out.find("missed: due 2026-03-06, more than 2 days late") != std::string::npos);
}

TEST_CASE("a dealer step due on a missed night past its grace is recorded as skipped",
          "[cli][promises]") {
  // Sold 03-01: the new-car call is due 03-08. The nights from 03-08 to 03-11 are missed.
  Workspace ws;
  ws.copy_dealer_rules();
  SaleLine sale;
  sale.vin = test_vin(1);
  sale.sale_date = "2026-03-01";
  auto import_sales = [&](const std::string& date) {
    ws.write("sales.csv", sales_csv({sale}));
    require_success(ws.run("ownercare-import", {"--db", Workspace::db, "--kind", "sales",
                                                "--as-of", date, "sales.csv"}));
    require_success(ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", "rules",
                                                  "--as-of", date, "--out", Workspace::out}));
  };
  import_sales("2026-03-07");
  import_sales("2026-03-12");
  auto summary = ws.read("out/2026-03-12/summary.json");
  CHECK(summary.find("\"missed\": 1") != std::string::npos);
  CHECK(query_db(ws / Workspace::db,
                 "SELECT step, state, reason FROM task WHERE rule = 'new_car_call'") ==
        "d7_call|skipped|missed: due 2026-03-08, more than 2 days late");
}

TEST_CASE("warranty and car-wash steps due on missed nights are recorded as skipped",
          "[cli][promises]") {
  // The warranty of 周先生's car ends 2026-04-05 (its d30 call is due 03-06); 陈静's card
  // expires 03-20 (its d15 SMS is due 03-05). Evaluated 03-03, then not until 03-10.
  Workspace ws;
  ws.copy_dealer_rules();
  SaleLine sale;
  sale.vin = test_vin(1);
  sale.warranty_end = "2026-04-05";
  ws.write("sales.csv", sales_csv({sale}));
  MemberLine member;
  member.member_id = "M001";
  member.expires = "2026-03-20";
  ws.write("members.csv", members_csv({member}));
  for (const char* date : {"2026-03-03", "2026-03-10"}) {
    for (const char* kind : {"sales", "members"}) {
      require_success(ws.run("ownercare-import", {"--db", Workspace::db, "--kind", kind,
                                                  "--as-of", date, std::string(kind) + ".csv"}));
    }
    require_success(ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", "rules",
                                                  "--as-of", date, "--out", Workspace::out}));
  }
  CHECK(query_db(ws / Workspace::db,
                 "SELECT state, reason FROM task WHERE rule = 'warranty_expiry'") ==
        "skipped|missed: due 2026-03-06, more than 2 days late");
  CHECK(query_db(ws / Workspace::db,
                 "SELECT step, state, reason FROM task WHERE rule = 'card_expiry'") ==
        "d15_sms|skipped|missed: due 2026-03-05, more than 2 days late");
}

TEST_CASE("an SMS callback after a call that ended on a missed night is recorded as skipped",
          "[cli][promises]") {
  // A repair left on 03-01; its callback is listed on 03-02 and refused on 03-03 (recorded that
  // night); the evaluations of 03-03 to 03-06 are missed. On 03-07 the SMS callback that
  // should have followed on 03-03 is 4 days late.
  Workspace ws;
  ws.copy_dealer_rules();
  SaleLine sale;
  sale.vin = test_vin(1);
  ws.write("sales.csv", sales_csv({sale}));
  ws.write("service.csv", service_csv({[] {
             OrderLine order = vehicle_order("SO-1", test_vin(1));
             order.type = "维修";
             order.closed = "2026-03-01";
             return order;
           }()}));
  for (const auto& [kind, file] : std::vector<std::pair<std::string, std::string>>{
           {"sales", "sales.csv"}, {"service", "service.csv"}}) {
    require_success(ws.run("ownercare-import", {"--db", Workspace::db, "--kind", kind,
                                                "--as-of", "2026-03-01", file}));
  }
  auto evaluate = [&](const std::string& date) {
    require_success(ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", "rules",
                                                  "--as-of", date, "--out", Workspace::out}));
  };
  evaluate("2026-03-02");
  auto calls = read_csv(ws / "out/2026-03-02/calls.csv");
  REQUIRE(calls.size() == 2);
  require_success(ws.record("2026-03-03", "outcomes.csv",
                            "task_id,result\n" + calls[1][0] + ",refused\n"));
  evaluate("2026-03-07");
  CHECK(query_db(ws / Workspace::db,
                 "SELECT state, reason FROM task WHERE step = 'sms_callback'") ==
        "skipped|missed: due 2026-03-03, more than 2 days late");
}

// --- first install ----------------------------------------------------------------------------

namespace {

// A fleet of 1,000 vehicles of which `offline` have been offline (-1) since a day the export
// does not say.
std::string existing_fleet(int offline) {
  std::vector<std::string> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back(fleet_row(fmt::format("V{:04}", i), fmt::format("京D{:05}", i), "车主",
                             fmt::format("1381234{:04}", i), i < offline ? -1 : 1));
  }
  return fleet_csv(rows);
}

}  // namespace

TEST_CASE("a first import that would start day 0 for many vehicles stops and names --baseline",
          "[cli][promises]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01", existing_fleet(60));  // 6%
  CHECK(result.exit_code == 4);
  CHECK(result.err.find("safety stop: this first import would start day 0 of a status tonight "
                        "for 60 of its 1000 vehicles (6.0%, more than 5%)") != std::string::npos);
  CHECK(result.err.find("--baseline") != std::string::npos);
  CHECK_FALSE(ws.exists(Workspace::db));  // a refused first import leaves no database
}

TEST_CASE("a first import under max_first_night_share, or of a small fleet, goes ahead",
          "[cli][promises]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", existing_fleet(50)));  // 5%: not more
  Workspace small;
  std::vector<std::string> rows;
  for (int i = 0; i < 999; ++i) {
    rows.push_back(fleet_row(fmt::format("V{:04}", i), "京D00001", "车主", "13812340000", -1));
  }
  require_success(small.import_fleet("2026-03-01", fleet_csv(rows)));
}

TEST_CASE("--baseline records the cadence of vehicles offline since before the install",
          "[cli][promises]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01", existing_fleet(100), {"--baseline"});
  require_success(result);
  CHECK(result.out.find("episodes 100 opened, 0 closed (100 as baseline)") != std::string::npos);
  require_success(ws.evaluate("2026-03-01"));
  CHECK(read_csv(ws / "out/2026-03-01/sms.csv").size() == 1);  // the header only
  CHECK(ws.read("out/2026-03-01/summary.json").find("\"baseline\": 100") != std::string::npos);
  // Nothing of their cadence goes on later nights either, the hand-off included; the
  // pre-holiday SMS (清明, 04-04) does, since it tells of no change.
  for (const char* date : {"2026-03-04", "2026-03-05", "2026-04-01"}) {
    require_success(ws.import_fleet(date, existing_fleet(100)));
    require_success(ws.evaluate(date));
    INFO(date);
    auto sms = read_csv(ws / fmt::format("out/{}/sms.csv", date));
    for (std::size_t i = 1; i < sms.size(); ++i) CHECK(sms[i][4] == "lead_sms");
    CHECK(sms.size() == (std::string(date) == "2026-04-01" ? 101u : 1u));
    CHECK(read_csv(ws / fmt::format("out/{}/calls.csv", date)).size() == 1);
    CHECK(read_csv(ws / fmt::format("out/{}/handoff.csv", date)).size() == 1);
  }
  // A change after the install is news: V0000 goes rentable, then offline again.
  auto rows = existing_fleet(100);
  auto changed = rows;
  changed.replace(changed.find("V0000,京D00000,车主,13812340000,北京,-1"),
                  std::string("V0000,京D00000,车主,13812340000,北京,-1").size(),
                  "V0000,京D00000,车主,13812340000,北京,1");
  require_success(ws.import_fleet("2026-04-02", changed));
  require_success(ws.evaluate("2026-04-02"));
  require_success(ws.import_fleet("2026-04-03", rows));
  require_success(ws.evaluate("2026-04-03"));
  auto sms = rows_of(ws, "2026-04-03", "sms.csv", "V0000");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0][4] == "d0_sms");
}

TEST_CASE("--baseline is for the fleet only", "[cli][promises]") {
  Workspace ws;
  ws.write("sales.csv", sales_csv({}));
  auto result = ws.run("ownercare-import", {"--db", Workspace::db, "--kind", "sales", "--as-of",
                                            "2026-03-01", "--baseline", "sales.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "ownercare-import: error: --baseline applies to --kind fleet only (the "
                      "statuses of a car-sharing fleet)\n");
}

// --- one call per phone per day ---------------------------------------------------------------

namespace {

// 周先生's car, sold 2026-03-01 (the new-car call is due 03-08), repaired on 03-07 (the
// callback is due 03-08 too, and its priority, 60, is above the new-car call's 50): one phone,
// two calls due the same day.
struct TwoCallsOnePhone {
  Workspace ws;
  TwoCallsOnePhone() {
    ws.copy_dealer_rules();
    SaleLine sale;
    sale.vin = test_vin(1);
    sale.customer_name = "周先生";
    sale.mobile = "13812340101";
    sale.sale_date = "2026-03-01";
    ws.write("sales.csv", sales_csv({sale}));
    OrderLine order = vehicle_order("SO-1", test_vin(1));
    order.type = "维修";
    order.closed = "2026-03-07";
    ws.write("service.csv", service_csv({order}));
    import("service", "2026-03-07", "service.csv");
  }
  void import(const std::string& kind, const std::string& date, const std::string& file) {
    require_success(ws.run("ownercare-import", {"--db", Workspace::db, "--kind", kind,
                                                "--as-of", date, file}));
  }
  // A night: the sales snapshot (unchanged), then the evaluation.
  void night(const std::string& date) {
    import("sales", date, "sales.csv");
    require_success(ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", "rules",
                                                  "--as-of", date, "--out", Workspace::out}));
  }
};

}  // namespace

TEST_CASE("one phone gets one call a day: the more important goes and names the other",
          "[cli][promises]") {
  TwoCallsOnePhone world;
  auto& ws = world.ws;
  world.night("2026-03-07");
  world.night("2026-03-08");
  auto calls = read_csv(ws / "out/2026-03-08/calls.csv");
  REQUIRE(calls.size() == 2);
  CHECK(calls[1][3] == "service_callback");
  CHECK(calls[1][12].rfind("同日待办 also due: 新车七日电访 2026-03-08 | ", 0) == 0);
  auto summary = ws.read("out/2026-03-08/summary.json");
  CHECK(summary.find("\"deferred\": 1") != std::string::npos);
  // Reached on 03-08: the next night the new-car call goes, as its first try.
  ws.write("outcomes.csv", "task_id,result,disposition,satisfaction\n" + calls[1][0] +
                               ",reached,satisfied,5\n");
  require_success(ws.run("ownercare-record",
                         {"--db", Workspace::db, "--as-of", "2026-03-09", "outcomes.csv"}));
  world.night("2026-03-09");
  auto next = read_csv(ws / "out/2026-03-09/calls.csv");
  REQUIRE(next.size() == 2);
  CHECK(next[1][3] == "new_car_call");
  CHECK(next[1][5] == "1");
}

TEST_CASE("a call that gives way each day of its grace is skipped with its reason",
          "[cli][promises]") {
  // The callback gets no outcome: it is listed on 03-08, 03-09 and 03-10, and the new-car call
  // (grace to 03-10) never gets the phone.
  TwoCallsOnePhone world;
  for (const char* date : {"2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10",
                           "2026-03-11"}) {
    world.night(date);
  }
  CHECK(query_db(world.ws / Workspace::db,
                 "SELECT state, state_on, reason FROM task WHERE rule = 'new_car_call'") ==
        "skipped|2026-03-10|call limit: the phone had a more important call each day within "
        "grace");
}

// --- outcomes recorded after missed nights ----------------------------------------------------

TEST_CASE("a callback date already past when recorded is accepted and due at once",
          "[cli][promises]") {
  Workspace ws;
  auto offline = fleet_row("FC3", "京N12348", "王强", "13812340003", -1, "2026-02-25");
  night(ws, "2026-03-01", with(rentable_rows(), offline));  // d4 call
  auto calls = rows_of(ws, "2026-03-01", "calls.csv", "FC3");
  REQUIRE(calls.size() == 1);
  // The nights of 03-02 to 03-05 were missed; the call centre's file of 03-01 says "call again
  // on 03-03" and is recorded on 03-06.
  auto result = ws.record("2026-03-06", "outcomes.csv",
                          "task_id,result,disposition,at,callback_date\n" + calls[0][0] +
                              ",reached,callback,2026-03-01 10:00,2026-03-03\n");
  require_success(result);
  night(ws, "2026-03-06", with(rentable_rows(), offline));
  auto again = rows_of(ws, "2026-03-06", "calls.csv", "FC3");
  REQUIRE(again.size() == 1);
  CHECK(again[0][0] == calls[0][0]);
  CHECK(again[0][5] == "2");
}

TEST_CASE("a callback date before the call itself is still refused", "[cli][promises]") {
  Workspace ws;
  auto offline = fleet_row("FC3", "京N12348", "王强", "13812340003", -1, "2026-02-25");
  std::vector<std::string> rows = with(rentable_rows(), offline);
  night(ws, "2026-03-01", rows);
  auto calls = rows_of(ws, "2026-03-01", "calls.csv", "FC3");
  REQUIRE(calls.size() == 1);
  auto result = ws.record("2026-03-02", "outcomes.csv",
                          "task_id,result,disposition,at,callback_date\n" + calls[0][0] +
                              ",reached,callback,2026-03-01 10:00,2026-02-27\n");
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("outcomes.csv:2:3: disposition: the callback date 2026-02-27 is before "
                        "the call (2026-03-01)") != std::string::npos);
}

}  // namespace ownercare::test
