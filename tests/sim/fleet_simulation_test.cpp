// Many nights of a small car-sharing fleet through the real library: the exact day of every
// SMS, call and hand-off (SPEC 2.1, 5, 6; issue 2 point 11).
//
// Two fleets. "Spring 2026" runs every night from 2026-03-10 to 2026-05-10, across 清明
// (first day off 04-04, so the pre-holiday SMS is due 04-01 and may go until 04-03) and 劳动节
// (05-01: due 04-28, until 04-30). Each behaviour has vehicles of its own, with phones of
// their own unless the phone is the point. "Missed nights" runs 2026-03-10 to 2026-04-20 but
// skips 03-17/18 (two nights) and 04-06..09 (four nights).
//
// Every expected list below was worked out by hand from rules/fleet_status.toml and the
// semantics in SPEC 6, never from the code: day n = date - episode start; a step goes when
// the date is at most grace (2) days after it was due; of the steps of one rule due in one
// run only the latest day's go; at most one SMS per phone per day and three in any seven
// days, the status rules (priority 50) before pre_holiday (40), then the older due date; a
// held-back SMS is deferred to the next day while days are left and gives way when a later
// step of its own rule comes due. A call without an outcome is listed three nights; a miss
// recorded on night R lists the next try on R in the next window. The comments next to each
// list give the arithmetic.
//
// Assumptions where the SPEC leaves room:
// * two SMS of equal priority and due date for one phone go in vehicle id order;
// * a vehicle that stops being rentable after its pre-holiday SMS was due still gets it
//   within grace, like any late step (never on or after the holiday's first day);
// * a callback is a new try: attempt 2, window 14:00-16:30;
// * delist.csv's delisted_on is the day the owner said "never" (the outcome's `at`);
// * a vehicle whose phone is invalid still gets its d31 hand-off (it goes to a colleague,
//   not to the owner).
#include <catch2/catch.hpp>

#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"
#include "sim/simulation.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::sim::FleetSimulation;
using ownercare::sim::FleetVehicle;
using ownercare::sim::sorted;

namespace {

const std::string call_morning = "09:00-11:30";
const std::string call_afternoon = "14:00-16:30";
const std::string call_evening = "16:30-19:00";

FleetVehicle car(const std::string& id, const std::string& phone) {
  // Plate 京N10 + the number: V101 is 京N10101, masked in SMS as 京N***1.
  FleetVehicle vehicle;
  vehicle.id = id;
  vehicle.plate = "京N10" + id.substr(1);
  vehicle.phone = phone;
  return vehicle;
}

// --- spring 2026 ---------------------------------------------------------------------------

std::unique_ptr<FleetSimulation> run_spring_2026() {
  auto sim = std::make_unique<FleetSimulation>();
  auto add = [&](const std::string& id, const std::string& phone) {
    sim->add_vehicle(car(id, phone));
  };
  add("V100", "13800000100");  // always rentable
  add("V101", "13800000101");  // -1 held
  FleetVehicle unrentable = car("V102", "13800000102");  // -2 held
  unrentable.lost_income = "1280";
  sim->add_vehicle(unrentable);
  add("V103", "13800000103");  // 0 held
  add("V104", "13800000104");  // back to rentable on day 5, -1 again later
  add("V105", "13800000105");  // -1, then 0 on day 10
  add("V106", "13800000106");  // never
  add("V107", "13800000107");  // three misses
  add("V108", "13800000108");  // calls without outcome
  add("V109", "13900000109");  // V109 and V110 share a phone
  add("V110", "13900000109");
  add("V113", "13900000113");  // V113, V114 and V115 share a phone
  add("V114", "13900000113");
  add("V115", "13900000113");
  FleetVehicle first_seen_late = car("V116", "13800000116");
  first_seen_late.status = -1;
  first_seen_late.status_since = "2026-03-12";
  first_seen_late.present = false;
  sim->add_vehicle(first_seen_late);
  add("V117", "010-65123456");  // landline
  add("V118", "12345");         // invalid
  add("V119", "13800000119");   // callback
  add("V120", "13800000120");   // do_not_call
  add("V121", "13800000121");   // -1 from the last day the 清明 SMS may go
  add("V122", "13800000122");   // -1 from the day after the 清明 SMS was due

  sim->change_status("2026-03-12", "V101", -1, "2026-03-12");
  sim->record("2026-03-17", {"V101", "d4_call", "reached", "wait"});
  sim->record("2026-04-13", {"V101", "d31_handoff", "done"});

  // No status_since: the episode starts with the first snapshot showing -2.
  sim->change_status("2026-03-29", "V102", -2);

  sim->change_status("2026-03-20", "V103", 0, "2026-03-20");
  sim->record("2026-04-20", {"V103", "d30_call", "reached", "relist"});

  sim->change_status("2026-03-14", "V104", -1, "2026-03-14");
  sim->change_status("2026-03-19", "V104", 1, "2026-03-19");
  sim->change_status("2026-04-20", "V104", -1, "2026-04-20");
  sim->record("2026-04-25", {"V104", "d4_call", "reached", "relist"});

  sim->change_status("2026-03-16", "V105", -1, "2026-03-16");
  sim->record("2026-03-21", {"V105", "d4_call", "reached", "wait"});
  sim->change_status("2026-03-26", "V105", 0);

  sim->change_status("2026-03-18", "V106", -1, "2026-03-18");
  sim->record("2026-03-23", {"V106", "d4_call", "reached", "never"});

  sim->change_status("2026-03-20", "V107", -2, "2026-03-20");
  sim->record("2026-03-25", {"V107", "d4_call", "no_answer"});
  sim->record("2026-03-26", {"V107", "d4_call", "no_answer"});
  sim->record("2026-03-27", {"V107", "d4_call", "no_answer"});

  sim->change_status("2026-03-11", "V108", 0, "2026-03-11");

  sim->change_status("2026-04-06", "V109", -1, "2026-04-06");
  sim->change_status("2026-04-06", "V110", -1, "2026-04-06");
  sim->record("2026-04-11", {"V109", "d4_call", "reached", "wait"});
  sim->record("2026-04-12", {"V110", "d4_call", "reached", "wait"});

  sim->change_status("2026-03-11", "V113", -1, "2026-03-11");
  sim->change_status("2026-03-11", "V114", -1, "2026-03-11");
  sim->change_status("2026-03-12", "V115", -1, "2026-03-12");
  sim->record("2026-03-16", {"V113", "d4_call", "reached", "wait"});
  sim->record("2026-03-17", {"V114", "d4_call", "reached", "wait"});
  sim->record("2026-03-18", {"V115", "d4_call", "reached", "wait"});
  for (const char* id : {"V113", "V114", "V115"}) {
    sim->change_status("2026-03-25", id, 1, "2026-03-25");
  }

  sim->appear("2026-03-20", "V116");

  sim->change_status("2026-03-13", "V117", -1, "2026-03-13");
  sim->record("2026-03-18", {"V117", "d4_call", "reached", "wait"});

  sim->change_status("2026-03-13", "V118", -2, "2026-03-13");

  sim->change_status("2026-03-15", "V119", -1, "2026-03-15");
  sim->record("2026-03-20", {"V119", "d4_call", "reached", "callback", "2026-03-23"});
  sim->record("2026-03-24", {"V119", "d4_call", "reached", "wait"});

  sim->change_status("2026-03-14", "V120", 0, "2026-03-14");
  sim->record("2026-03-30", {"V120", "d15_call", "reached", "do_not_call"});

  sim->change_status("2026-04-03", "V121", -1, "2026-04-03");
  sim->record("2026-04-08", {"V121", "d4_call", "reached", "wait"});

  sim->change_status("2026-04-02", "V122", -1, "2026-04-02");
  sim->record("2026-04-07", {"V122", "d4_call", "reached", "wait"});

  sim->run_nights("2026-03-10", "2026-05-10");
  return sim;
}

// Run once, on first use, for all the spring test cases.
FleetSimulation& spring_2026() {
  static std::unique_ptr<FleetSimulation> sim = run_spring_2026();
  return *sim;
}

// The part of a summary.json that lists unreachable subjects.
std::string unreachable_section(const std::string& summary) {
  auto begin = summary.find("\"unreachable\"");
  auto end = summary.find("\"warnings\"", begin);
  if (begin == std::string::npos) return "";
  return summary.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

TEST_CASE("sim: the spring run covers 62 consecutive nights", "[sim]") {
  auto& sim = spring_2026();
  REQUIRE(sim.nights_run().size() == 62);
  CHECK(sim.nights_run().front() == "2026-03-10");
  CHECK(sim.nights_run().back() == "2026-05-10");
}

TEST_CASE("sim: status -1 held 59 days gets every step on its day and nothing after d31",
          "[sim]") {
  // -1 since 03-12 (d0). d3 03-15, d4 03-16 (reached/wait on 03-17: listed once), d7 03-19,
  // d15 03-27, d30 04-11, d31 04-12. Pre-holiday on its due dates 04-01 (d20) and 04-28
  // (d47): no cadence SMS those days, and at most one SMS in the six days before each.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V101") == sorted({
                                    {"2026-03-12", "d0_sms"},
                                    {"2026-03-15", "d3_sms"},
                                    {"2026-03-16", "d4_call", 1, call_morning},
                                    {"2026-03-19", "d7_sms"},
                                    {"2026-03-27", "d15_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-11", "d30_sms"},
                                    {"2026-04-12", "d31_handoff"},
                                    {"2026-04-28", "lead_sms"},
                                }));
  CHECK(sim.timeline("V101", "pre_holiday").size() == 2);
  CHECK(sim.timeline("V101", "offline_no_login").size() == 7);
}

TEST_CASE("sim: the d31 hand-off row says the status and 31 days in it", "[sim]") {
  auto rows = spring_2026().rows_of("V101", "handoff");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].column("plate") == "京N10101");
  CHECK(rows[0].column("status") == "-1");
  CHECK(rows[0].column("days_in_status") == "31");
}

TEST_CASE("sim: status -2 held: a pre-holiday SMS due with a cadence SMS waits one day",
          "[sim]") {
  // -2 from the snapshot of 03-29 (no status_since). d3 falls on 04-01 with the 清明 SMS:
  // the status rule wins, the holiday SMS goes 04-02 (before 04-04; 03-29 and 04-01 make it
  // the 3rd in seven days). The d4 call (04-02) has no outcome: 04-02, 04-03, 04-04. d7 04-05
  // (04-01, 04-02 before it: 3rd), d15 04-13, d30 on 04-28 with the 劳动节 SMS, which goes
  // 04-29 beside the d31 hand-off.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V102") == sorted({
                                    {"2026-03-29", "d0_sms"},
                                    {"2026-04-01", "d3_sms"},
                                    {"2026-04-02", "lead_sms"},
                                    {"2026-04-02", "d4_call", 1, call_morning},
                                    {"2026-04-03", "d4_call", 1, call_morning},
                                    {"2026-04-04", "d4_call", 1, call_morning},
                                    {"2026-04-05", "d7_sms"},
                                    {"2026-04-13", "d15_sms"},
                                    {"2026-04-28", "d30_sms"},
                                    {"2026-04-29", "lead_sms"},
                                    {"2026-04-29", "d31_handoff"},
                                }));
  CHECK(sim.timeline("V102", "auto_unrentable").size() == 9);
  // The -2 d0 SMS states the income lost.
  auto sms = sim.rows_of("V102", "sms");
  REQUIRE_FALSE(sms.empty());
  CHECK(sms[0].step == "d0_sms");
  CHECK(sms[0].column("text").find("1280") != std::string::npos);
}

TEST_CASE("sim: status 0 held gets d5, d10, d15 SMS and call, d30 SMS and call, d31 hand-off",
          "[sim]") {
  // 0 since 03-20. d5 03-25, d10 03-30, 清明 SMS 04-01 (d12), d15 04-04 SMS + call (no
  // outcome: 04-04..04-06), d30 04-19 SMS + call (reached/relist on 04-20: listed once),
  // d31 04-20, 劳动节 SMS 04-28.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V103") == sorted({
                                    {"2026-03-25", "d5_sms"},
                                    {"2026-03-30", "d10_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-04", "d15_sms"},
                                    {"2026-04-04", "d15_call", 1, call_morning},
                                    {"2026-04-05", "d15_call", 1, call_morning},
                                    {"2026-04-06", "d15_call", 1, call_morning},
                                    {"2026-04-19", "d30_sms"},
                                    {"2026-04-19", "d30_call", 1, call_morning},
                                    {"2026-04-20", "d31_handoff"},
                                    {"2026-04-28", "lead_sms"},
                                }));
}

TEST_CASE("sim: a vehicle rentable all along gets nothing, not even a pre-holiday SMS", "[sim]") {
  CHECK(spring_2026().timeline("V100").empty());
}

TEST_CASE("sim: back to rentable on day 5: the listed call is dropped and nothing more goes",
          "[sim]") {
  // -1 since 03-14: d0 03-14, d3 03-17, d4 call 03-18 (no outcome). Rentable from 03-19
  // (day 5): the call is not listed again, no d7, and no 清明 SMS on 04-01. -1 again from
  // 04-20 is a new episode from d0: d3 04-23, d4 04-24 (relist on 04-25), d7 04-27, 劳动节
  // SMS 04-28 (3rd in seven days after 04-23, 04-27), d15 05-05.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V104") == sorted({
                                    {"2026-03-14", "d0_sms"},
                                    {"2026-03-17", "d3_sms"},
                                    {"2026-03-18", "d4_call", 1, call_morning},
                                    {"2026-04-20", "d0_sms"},
                                    {"2026-04-23", "d3_sms"},
                                    {"2026-04-24", "d4_call", 1, call_morning},
                                    {"2026-04-27", "d7_sms"},
                                    {"2026-04-28", "lead_sms"},
                                    {"2026-05-05", "d15_sms"},
                                }));
  auto first_call = sim.task("offline_no_login", "d4_call", "V104", "2026-03-14");
  REQUIRE(first_call);
  CHECK(first_call->state == "cancelled");
}

TEST_CASE("sim: -1 then 0 on day 10: the -1 cadence stops, the 0 cadence starts at its day 0",
          "[sim]") {
  // -1 since 03-16: d0 03-16, d3 03-19, d4 03-20 (wait on 03-21), d7 03-23. 0 from the
  // snapshot of 03-26 (its day 0): d5 03-31, 清明 SMS 04-01, d10 04-05 (3rd in seven days),
  // d15 04-10 SMS + call (no outcome: 04-10..04-12), d30 04-25 SMS + call (04-25..04-27),
  // d31 04-26, 劳动节 SMS 04-28. The -1 d15 (03-31) never comes.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V105", "offline_no_login") == sorted({
                                                        {"2026-03-16", "d0_sms"},
                                                        {"2026-03-19", "d3_sms"},
                                                        {"2026-03-20", "d4_call", 1, call_morning},
                                                        {"2026-03-23", "d7_sms"},
                                                    }));
  CHECK(sim.timeline("V105", "owner_paused") == sorted({
                                                    {"2026-03-31", "d5_sms"},
                                                    {"2026-04-05", "d10_sms"},
                                                    {"2026-04-10", "d15_sms"},
                                                    {"2026-04-10", "d15_call", 1, call_morning},
                                                    {"2026-04-11", "d15_call", 1, call_morning},
                                                    {"2026-04-12", "d15_call", 1, call_morning},
                                                    {"2026-04-25", "d30_sms"},
                                                    {"2026-04-25", "d30_call", 1, call_morning},
                                                    {"2026-04-26", "d30_call", 1, call_morning},
                                                    {"2026-04-26", "d31_handoff"},
                                                    {"2026-04-27", "d30_call", 1, call_morning},
                                                }));
  CHECK(sim.timeline("V105", "pre_holiday") == sorted({
                                                   {"2026-04-01", "lead_sms"},
                                                   {"2026-04-28", "lead_sms"},
                                               }));
}

TEST_CASE("sim: never on the d4 call: delisted on the next night once, then nothing", "[sim]") {
  // -1 since 03-18: d0, d3 03-21, d4 03-22; reached/never recorded 03-23. The vehicle stays
  // -1 in every snapshot, yet gets no d7, no pre-holiday SMS, nothing.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V106") == sorted({
                                    {"2026-03-18", "d0_sms"},
                                    {"2026-03-21", "d3_sms"},
                                    {"2026-03-22", "d4_call", 1, call_morning},
                                    {"2026-03-23", "delist"},
                                }));
  auto delisted = sim.rows_of("V106", "delist");
  REQUIRE(delisted.size() == 1);
  CHECK(delisted[0].column("plate") == "京N10106");
  CHECK(delisted[0].column("delisted_on") == "2026-03-22");
}

TEST_CASE("sim: three unanswered calls: tries 1, 2, 3 in the three windows, then no more",
          "[sim]") {
  // -2 since 03-20: d4 call 03-24; no_answer recorded 03-25, 03-26, 03-27: try 2 on 03-25
  // (afternoon), try 3 on 03-26 (evening), the third miss closes it. The cadence goes on:
  // d7 03-27, 清明 04-01, d15 04-04, d30 04-19, d31 04-20, 劳动节 04-28.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V107") == sorted({
                                    {"2026-03-20", "d0_sms"},
                                    {"2026-03-23", "d3_sms"},
                                    {"2026-03-24", "d4_call", 1, call_morning},
                                    {"2026-03-25", "d4_call", 2, call_afternoon},
                                    {"2026-03-26", "d4_call", 3, call_evening},
                                    {"2026-03-27", "d7_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-04", "d15_sms"},
                                    {"2026-04-19", "d30_sms"},
                                    {"2026-04-20", "d31_handoff"},
                                    {"2026-04-28", "lead_sms"},
                                }));
  auto call = sim.task("auto_unrentable", "d4_call", "V107", "2026-03-20");
  REQUIRE(call);
  CHECK(call->state == "unreached");
}

TEST_CASE("sim: a call without an outcome is listed on three nights, then not again", "[sim]") {
  // 0 since 03-11: d15 call 03-26 listed 03-26, 03-27, 03-28; d30 call 04-10 listed
  // 04-10, 04-11, 04-12. Both end expired.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V108") == sorted({
                                    {"2026-03-16", "d5_sms"},
                                    {"2026-03-21", "d10_sms"},
                                    {"2026-03-26", "d15_sms"},
                                    {"2026-03-26", "d15_call", 1, call_morning},
                                    {"2026-03-27", "d15_call", 1, call_morning},
                                    {"2026-03-28", "d15_call", 1, call_morning},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-10", "d30_sms"},
                                    {"2026-04-10", "d30_call", 1, call_morning},
                                    {"2026-04-11", "d30_call", 1, call_morning},
                                    {"2026-04-11", "d31_handoff"},
                                    {"2026-04-12", "d30_call", 1, call_morning},
                                    {"2026-04-28", "lead_sms"},
                                }));
  auto call = sim.task("owner_paused", "d15_call", "V108", "2026-03-11");
  REQUIRE(call);
  CHECK(call->state == "expired");
}

TEST_CASE("sim: two vehicles of one phone going -1 the same day share one SMS a day",
          "[sim]") {
  // Both -1 since 04-06, one phone P.
  // 04-06 d0 x2: V109 goes, V110 deferred -> 04-07 (P had 1 in the week).
  // 04-09 d3 x2: P had 04-06, 04-07: one more: V109; V110 deferred, and on 04-10 its own d4
  //   call is due: the d3 SMS gives way (never sent).
  // 04-10 both d4 calls are due, one call a day to P: V109's goes (wait on 04-11), V110's
  //   waits for 04-11 (wait on 04-12).
  // 04-13 d7 x2: P had 04-07, 04-09: V109; V110 -> 04-14 (04-09, 04-13 before it).
  // 04-21 d15 x2: V109; V110 -> 04-22.
  // 04-28 劳动节 x2 (d22): V109; V110 -> 04-29 (before 05-01).
  // 05-06 d30 x2: V109; V110 deferred, and on 05-07 its own d31 is due: the SMS gives way.
  // 05-07 both hand-offs.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V109") == sorted({
                                    {"2026-04-06", "d0_sms"},
                                    {"2026-04-09", "d3_sms"},
                                    {"2026-04-10", "d4_call", 1, call_morning},
                                    {"2026-04-13", "d7_sms"},
                                    {"2026-04-21", "d15_sms"},
                                    {"2026-04-28", "lead_sms"},
                                    {"2026-05-06", "d30_sms"},
                                    {"2026-05-07", "d31_handoff"},
                                }));
  CHECK(sim.timeline("V110") == sorted({
                                    {"2026-04-07", "d0_sms"},
                                    {"2026-04-11", "d4_call", 1, call_morning},
                                    {"2026-04-14", "d7_sms"},
                                    {"2026-04-22", "d15_sms"},
                                    {"2026-04-29", "lead_sms"},
                                    {"2026-05-07", "d31_handoff"},
                                }));
  auto d3 = sim.task("offline_no_login", "d3_sms", "V110", "2026-04-06");
  REQUIRE(d3);
  CHECK(d3->state == "skipped");
  auto d30 = sim.task("offline_no_login", "d30_sms", "V110", "2026-04-06");
  REQUIRE(d30);
  CHECK(d30->state == "skipped");
}

TEST_CASE("sim: on a shared phone a deferred SMS goes before a newer one, and the week limit "
          "holds",
          "[sim]") {
  // One phone P: V113 and V114 -1 since 03-11, V115 since 03-12; all rentable from 03-25.
  // 03-11 d0 x2: V113; V114 deferred.
  // 03-12 V114's deferred d0 (due 03-11) and V115's new d0 (due 03-12): the older goes,
  //   V115 deferred. 03-13 V115's d0 goes: P has had 3 SMS in 03-11..03-13.
  // 03-14 V113, V114 d3: 3 in the last six days: both deferred; 03-15 their d4 calls are
  //   due, so they give way. V115's d3 (03-15) deferred likewise, gives way to its d4 call
  //   on 03-16.
  // Calls: one a day to P. 03-15 V113's d4 goes, V114's waits; 03-16 V114's (due 03-15) goes
  //   before V115's (due 03-16), which goes 03-17, within its grace.
  // 03-18 d7 of V113 and V114: P had 03-12, 03-13: V113 goes, V114 deferred.
  // 03-19 V114's d7 (due 03-18) beats V115's new d7 (due 03-19) and is the 3rd in seven
  //   days (03-13, 03-18); V115 deferred, goes 03-20 (03-18, 03-19 before it).
  auto& sim = spring_2026();
  CHECK(sim.timeline("V113") == sorted({
                                    {"2026-03-11", "d0_sms"},
                                    {"2026-03-15", "d4_call", 1, call_morning},
                                    {"2026-03-18", "d7_sms"},
                                }));
  CHECK(sim.timeline("V114") == sorted({
                                    {"2026-03-12", "d0_sms"},
                                    {"2026-03-16", "d4_call", 1, call_morning},
                                    {"2026-03-19", "d7_sms"},
                                }));
  CHECK(sim.timeline("V115") == sorted({
                                    {"2026-03-13", "d0_sms"},
                                    {"2026-03-17", "d4_call", 1, call_morning},
                                    {"2026-03-20", "d7_sms"},
                                }));
}

TEST_CASE("sim: a vehicle first seen on day 8 gets d7 and later steps only", "[sim]") {
  // First snapshot 03-20 says -1 since 03-12. d0 (8 days late), d3 (5), d4 (4) are past
  // grace: recorded skipped. d7 (03-19, 1 day late) goes 03-20. Then d15 03-27, 清明 04-01,
  // d30 04-11, d31 04-12, 劳动节 04-28.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V116") == sorted({
                                    {"2026-03-20", "d7_sms"},
                                    {"2026-03-27", "d15_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-11", "d30_sms"},
                                    {"2026-04-12", "d31_handoff"},
                                    {"2026-04-28", "lead_sms"},
                                }));
  for (const char* step : {"d0_sms", "d3_sms", "d4_call"}) {
    INFO(step);
    auto task = sim.task("offline_no_login", step, "V116", "2026-03-12");
    REQUIRE(task);
    CHECK(task->state == "skipped");
    CHECK(task->reason.rfind("missed", 0) == 0);
    CHECK_FALSE(task->sent_on);
  }
}

TEST_CASE("sim: a landline owner is called but never sent an SMS", "[sim]") {
  // -1 since 03-13: d4 call 03-17 (wait on 03-18), d31 03-13 + 31 = 04-13. No SMS, no
  // pre-holiday SMS.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V117") == sorted({
                                    {"2026-03-17", "d4_call", 1, call_morning},
                                    {"2026-04-13", "d31_handoff"},
                                }));
  auto calls = sim.rows_of("V117", "calls");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].phone == "01065123456");
  auto d0 = sim.task("offline_no_login", "d0_sms", "V117", "2026-03-13");
  REQUIRE(d0);
  CHECK(d0->state == "suppressed");
  for (const auto& night : sim.nights_run()) {
    INFO(night);
    CHECK(unreachable_section(sim.summary(night)).find("\"V117\"") == std::string::npos);
  }
}

TEST_CASE("sim: an invalid phone gets nothing sent and is listed unreachable", "[sim]") {
  // -2 since 03-13: every SMS and the d4 call are suppressed; the d31 hand-off (04-13) is
  // for a colleague and still goes.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V118") == sorted({
                                    {"2026-04-13", "d31_handoff"},
                                }));
  for (const char* night : {"2026-03-13", "2026-03-16", "2026-03-17", "2026-04-01"}) {
    INFO(night);
    CHECK(unreachable_section(sim.summary(night)).find("\"V118\"") != std::string::npos);
  }
  CHECK(unreachable_section(sim.summary("2026-03-14")).find("\"V118\"") == std::string::npos);
}

TEST_CASE("sim: a callback is listed again exactly on its date", "[sim]") {
  // -1 since 03-15: d4 call 03-19; reached/callback for 03-23 recorded 03-20: not listed
  // 03-20..03-22, listed 03-23 as a new try (wait recorded 03-24). d7 03-22, d15 03-30,
  // 清明 04-01, d30 04-14, d31 04-15, 劳动节 04-28.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V119") == sorted({
                                    {"2026-03-15", "d0_sms"},
                                    {"2026-03-18", "d3_sms"},
                                    {"2026-03-19", "d4_call", 1, call_morning},
                                    {"2026-03-22", "d7_sms"},
                                    {"2026-03-23", "d4_call", 2, call_afternoon},
                                    {"2026-03-30", "d15_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-14", "d30_sms"},
                                    {"2026-04-15", "d31_handoff"},
                                    {"2026-04-28", "lead_sms"},
                                }));
}

TEST_CASE("sim: do_not_call on the d15 call: no d30 call, the d30 SMS still goes", "[sim]") {
  // 0 since 03-14: d5 03-19, d10 03-24, d15 03-29 SMS + call; do_not_call recorded 03-30.
  // 清明 04-01, d30 04-13 SMS only, d31 04-14, 劳动节 04-28.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V120") == sorted({
                                    {"2026-03-19", "d5_sms"},
                                    {"2026-03-24", "d10_sms"},
                                    {"2026-03-29", "d15_sms"},
                                    {"2026-03-29", "d15_call", 1, call_morning},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-13", "d30_sms"},
                                    {"2026-04-14", "d31_handoff"},
                                    {"2026-04-28", "lead_sms"},
                                }));
  auto d30_call = sim.task("owner_paused", "d30_call", "V120", "2026-03-14");
  REQUIRE(d30_call);
  CHECK(d30_call->state == "suppressed");
}

TEST_CASE("sim: the pre-holiday SMS goes late within its grace but never on the holiday",
          "[sim]") {
  // 清明 SMS due 04-01, last day 04-03.
  // V122 -1 from 04-02: d0 04-02 wins the day, the 清明 SMS goes 04-03. d3 04-05 (3rd in
  //   seven days), d4 04-06 (wait 04-07), d7 04-09, d15 04-17, 劳动节 04-28, d30 05-02,
  //   d31 05-03.
  // V121 -1 from 04-03: d0 04-03 wins the last day: the 清明 SMS is skipped. d3 04-06,
  //   d4 04-07 (wait 04-08), d7 04-10, d15 04-18, 劳动节 04-28, d30 05-03, d31 05-04.
  auto& sim = spring_2026();
  CHECK(sim.timeline("V122") == sorted({
                                    {"2026-04-02", "d0_sms"},
                                    {"2026-04-03", "lead_sms"},
                                    {"2026-04-05", "d3_sms"},
                                    {"2026-04-06", "d4_call", 1, call_morning},
                                    {"2026-04-09", "d7_sms"},
                                    {"2026-04-17", "d15_sms"},
                                    {"2026-04-28", "lead_sms"},
                                    {"2026-05-02", "d30_sms"},
                                    {"2026-05-03", "d31_handoff"},
                                }));
  CHECK(sim.timeline("V121") == sorted({
                                    {"2026-04-03", "d0_sms"},
                                    {"2026-04-06", "d3_sms"},
                                    {"2026-04-07", "d4_call", 1, call_morning},
                                    {"2026-04-10", "d7_sms"},
                                    {"2026-04-18", "d15_sms"},
                                    {"2026-04-28", "lead_sms"},
                                    {"2026-05-03", "d30_sms"},
                                    {"2026-05-04", "d31_handoff"},
                                }));
  auto lead = sim.task("pre_holiday", "lead_sms", "V121", "2026-04-04");
  REQUIRE(lead);
  CHECK(lead->state == "skipped");
}

TEST_CASE("sim: every SMS goes at 09:00, signed, with the masked plate", "[sim]") {
  for (const auto& row : spring_2026().rows()) {
    if (row.file != "sms") continue;
    INFO(row.date << " " << row.vehicle << " " << row.step);
    CHECK(row.column("send_at") == row.date + " 09:00");
    CHECK(row.column("text").rfind("【享车管家】", 0) == 0);
    CHECK(row.column("text").find("京N***" + row.vehicle.substr(row.vehicle.size() - 1)) !=
          std::string::npos);
  }
}

TEST_CASE("sim: no phone ever gets two SMS a day or four in seven days", "[sim]") {
  std::map<std::string, std::set<Date>> days_by_phone;
  for (const auto& row : spring_2026().rows()) {
    if (row.file != "sms") continue;
    INFO(row.date << " " << row.phone);
    CHECK(days_by_phone[row.phone].insert(*Date::parse(row.date)).second);
  }
  for (const auto& [phone, days] : days_by_phone) {
    for (Date day : days) {
      auto in_week = std::distance(days.lower_bound(day.plus_days(-6)), days.upper_bound(day));
      INFO(phone << " " << day.iso());
      CHECK(in_week <= 3);
    }
  }
}

namespace {

// Every column of every task, in task id order: what a re-run must not change.
std::string all_tasks(ownercare::store::Database& db) {
  SQLite::Statement query(db.sql(), "SELECT * FROM task ORDER BY task_id");
  std::string text;
  while (query.executeStep()) {
    for (int i = 0; i < query.getColumnCount(); ++i) {
      text += query.getColumn(i).getString() + "\x1f";
    }
    text += "\n";
  }
  return text;
}

}  // namespace

// Declared last: it evaluates a night of the shared run again, which must change nothing.
TEST_CASE("sim: evaluating a past night again rewrites identical files and creates no task",
          "[sim]") {
  auto& sim = spring_2026();
  const std::string night = "2026-04-02";
  const char* files[] = {"sms.csv", "calls.csv", "handoff.csv", "delist.csv", "summary.json"};
  std::map<std::string, std::string> before;
  for (const char* file : files) {
    before[file] = ownercare::test::read_text(sim.night_folder(night) / file);
  }
  auto tasks_before = all_tasks(sim.database());
  auto count_before =
      ownercare::store::scalar_text(sim.database().sql(), "SELECT count(*) FROM task");

  auto report = sim.evaluate_again(night, sim.folder() / "out");
  CHECK(report.rerun);
  for (const char* file : files) {
    INFO(file);
    CHECK(ownercare::test::read_text(sim.night_folder(night) / file) == before[file]);
  }
  CHECK(ownercare::store::scalar_text(sim.database().sql(), "SELECT count(*) FROM task") ==
        count_before);
  CHECK(all_tasks(sim.database()) == tasks_before);
  // 04-02 is a busy night (a deferred pre-holiday SMS sent, another deferred, a new call): a
  // re-run of an empty night would prove little.
  CHECK(before["sms.csv"].find("lead_sms") != std::string::npos);
  CHECK(before["calls.csv"].find("d4_call") != std::string::npos);
}

// --- missed nights -----------------------------------------------------------------------

namespace {

std::unique_ptr<FleetSimulation> run_missed_nights() {
  auto sim = std::make_unique<FleetSimulation>();
  for (int n = 201; n <= 206; ++n) {
    sim->add_vehicle(car("V" + std::to_string(n), "13800000" + std::to_string(n)));
  }
  sim->change_status("2026-03-10", "V201", -1, "2026-03-10");
  sim->record("2026-03-15", {"V201", "d4_call", "reached", "wait"});
  sim->change_status("2026-03-12", "V202", 0, "2026-03-12");
  sim->record("2026-03-28", {"V202", "d15_call", "reached", "wait"});
  sim->record("2026-04-12", {"V202", "d30_call", "reached", "wait"});
  sim->change_status("2026-03-14", "V203", -1, "2026-03-14");
  sim->change_status("2026-04-02", "V204", -1, "2026-04-02");
  sim->change_status("2026-04-01", "V205", -2, "2026-04-01");
  sim->change_status("2026-04-04", "V206", -1, "2026-04-04");
  sim->run_nights("2026-03-10", "2026-04-20",
                  {"2026-03-17", "2026-03-18", "2026-04-06", "2026-04-07", "2026-04-08",
                   "2026-04-09"});
  return sim;
}

FleetSimulation& missed_nights() {
  static std::unique_ptr<FleetSimulation> sim = run_missed_nights();
  return *sim;
}

}  // namespace

TEST_CASE("sim: a step two days late after two missed nights still goes", "[sim][missed]") {
  // No runs on 03-17 and 03-18.
  // V201 -1 since 03-10: d7 due 03-17 goes 03-19. Later d30 is due 04-09 (a missed night)
  //   and d31 04-10: on 04-10 only the latest day's step goes, the hand-off.
  // V202 0 since 03-12: d5 due 03-17 goes 03-19.
  auto& sim = missed_nights();
  CHECK(sim.timeline("V201") == sorted({
                                    {"2026-03-10", "d0_sms"},
                                    {"2026-03-13", "d3_sms"},
                                    {"2026-03-14", "d4_call", 1, call_morning},
                                    {"2026-03-19", "d7_sms"},
                                    {"2026-03-25", "d15_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-10", "d31_handoff"},
                                }));
  auto d30 = sim.task("offline_no_login", "d30_sms", "V201", "2026-03-10");
  REQUIRE(d30);
  CHECK(d30->state == "skipped");
  CHECK(d30->reason.rfind("superseded", 0) == 0);
  CHECK(sim.timeline("V202") == sorted({
                                    {"2026-03-19", "d5_sms"},
                                    {"2026-03-22", "d10_sms"},
                                    {"2026-03-27", "d15_sms"},
                                    {"2026-03-27", "d15_call", 1, call_morning},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-11", "d30_sms"},
                                    {"2026-04-11", "d30_call", 1, call_morning},
                                    {"2026-04-12", "d31_handoff"},
                                }));
}

TEST_CASE("sim: a d3 two days late gives way to the d4 call one day late", "[sim][missed]") {
  // V203 -1 since 03-14: d3 (03-17) and d4 (03-18) both fall on missed nights. On 03-19 both
  // are within grace; only the latest day's step goes: the call, listed 03-19..03-21.
  auto& sim = missed_nights();
  CHECK(sim.timeline("V203") == sorted({
                                    {"2026-03-14", "d0_sms"},
                                    {"2026-03-19", "d4_call", 1, call_morning},
                                    {"2026-03-20", "d4_call", 1, call_morning},
                                    {"2026-03-21", "d4_call", 1, call_morning},
                                    {"2026-03-21", "d7_sms"},
                                    {"2026-03-29", "d15_sms"},
                                    {"2026-04-01", "lead_sms"},
                                    {"2026-04-13", "d30_sms"},
                                    {"2026-04-14", "d31_handoff"},
                                }));
  auto d3 = sim.task("offline_no_login", "d3_sms", "V203", "2026-03-14");
  REQUIRE(d3);
  CHECK(d3->state == "skipped");
  CHECK(d3->reason.rfind("superseded", 0) == 0);
}

TEST_CASE("sim: after four missed nights a step past grace is skipped, the latest goes",
          "[sim][missed]") {
  // No runs 04-06..04-09; the next is 04-10.
  // V204 -1 since 04-02: d0 04-02, 清明 04-03 (d0 had 04-02), d3 04-05; d4 (04-06) is 4 days
  //   late: skipped; d7 (04-09, 1 day late) goes 04-10; d15 04-17.
  // V206 -1 since 04-04: d3 (04-07) 3 days late: skipped; d4 (04-08) 2 days late: listed
  //   04-10..04-12; d7 04-11; d15 04-19. No 清明 SMS: it became -1 on the holiday.
  auto& sim = missed_nights();
  CHECK(sim.timeline("V204") == sorted({
                                    {"2026-04-02", "d0_sms"},
                                    {"2026-04-03", "lead_sms"},
                                    {"2026-04-05", "d3_sms"},
                                    {"2026-04-10", "d7_sms"},
                                    {"2026-04-17", "d15_sms"},
                                }));
  auto d4 = sim.task("offline_no_login", "d4_call", "V204", "2026-04-02");
  REQUIRE(d4);
  CHECK(d4->state == "skipped");
  CHECK(d4->reason.rfind("missed", 0) == 0);

  CHECK(sim.timeline("V206") == sorted({
                                    {"2026-04-04", "d0_sms"},
                                    {"2026-04-10", "d4_call", 1, call_morning},
                                    {"2026-04-11", "d4_call", 1, call_morning},
                                    {"2026-04-11", "d7_sms"},
                                    {"2026-04-12", "d4_call", 1, call_morning},
                                    {"2026-04-19", "d15_sms"},
                                }));
  auto d3 = sim.task("offline_no_login", "d3_sms", "V206", "2026-04-04");
  REQUIRE(d3);
  CHECK(d3->state == "skipped");
  CHECK(d3->reason.rfind("missed", 0) == 0);
}

TEST_CASE("sim: a call listed before four missed nights is not listed after them",
          "[sim][missed]") {
  // V205 -2 since 04-01: d0 04-01 (the 清明 SMS waits to 04-02), d3 04-04, d4 call 04-05
  // with no outcome; 04-06..04-09 not run, so by 04-10 its three nights have passed. d7
  // (04-08, 2 days late) goes 04-10, d15 04-16.
  auto& sim = missed_nights();
  CHECK(sim.timeline("V205") == sorted({
                                    {"2026-04-01", "d0_sms"},
                                    {"2026-04-02", "lead_sms"},
                                    {"2026-04-04", "d3_sms"},
                                    {"2026-04-05", "d4_call", 1, call_morning},
                                    {"2026-04-10", "d7_sms"},
                                    {"2026-04-16", "d15_sms"},
                                }));
}
