// Many nights of a dealer network and a car-wash chain through the real library: the exact
// day, try and window of every call and SMS of the dealer and car-wash rules (SPEC 2.2, 2.3,
// 3.3-3.6, 5, 6).
//
// Three runs, each night importing sales, members and service, recording outcomes and
// evaluating with rules/dealer_care.toml, warranty.toml and carwash.toml:
// * "Autumn 2026", 2026-10-08 to 2026-12-20, every night: each behaviour has a vehicle (or an
//   order, or a member) of its own, with a phone of its own. No public holiday starts between
//   10-09 and 12-20, and the greeting for 元旦 2027 (estimated, first day off 01-01) is due
//   12-31, after the run, so no holiday greeting goes in this run.
// * "National day 2026", 2026-09-20 to 2026-10-03: the holiday greetings before 中秋节 (first
//   day off 09-25) and 国庆节 (10-01), which the calendar has.
// * "Winter 2027", 2027-02-20 to 2027-03-03: a 29 February birthday in a common year.
//
// Every expected list below was worked out by hand from the rule files and the semantics of
// the engine, never from the code:
// * step due = anchor + day; sent when the night is at most grace (2) days after it; a step
//   with a negative day never on or after its anchor.
// * anchors: sale date (new_car_call d7), the day an order closed (service_callback for
//   repair/maintenance/first_maintenance/warranty, wash_callback for wash: d1), the first
//   service due (d14 SMS, d7 call), the next service due (d7 SMS, d3 call), the next
//   inspection (d30 SMS), the birthday (d0 SMS), the last visit + 12 months (lost_customer
//   d0 call), the warranty end (d30 call), the card expiry (d15, d3 SMS at 10:00), the night a
//   balance first shows below 50 yuan (d0 SMS at 10:00).
// * due dates (engine/due_dates.hpp): the warranty ends 3 years after the sale less a day, or
//   when the projected odometer reaches 100,000 km, whichever first; the first service is due
//   6 months after the sale or at 5,000 km, a periodic one 12 months or 10,000 km after the
//   last maintenance; the projection is a line through the newest reading with the daily
//   average since the sale (40 km a day without readings 30 days apart); a passenger car is
//   inspected every 24 months from its registration until it is 10, a commercial vehicle
//   yearly until 5.
// * calls: try 1 in 09:00-11:30, try 2 in 14:00-16:30, try 3 in 16:30-19:00; a try without
//   outcome is listed each night until it has been listed expire_days nights (dealer 3, car
//   wash 2), then it expired; a miss recorded on night R lists the next try on R; after
//   max_attempts misses (dealer 3, car wash 2), or at once on refused, the call is
//   unreached; an unreached, expired or suppressed call with an `after` SMS (sms_callback)
//   sends that SMS the night the call ended.
// * phones: calls go to the first callable of mobile, home, office (office only on working
//   days and in a window inside 09:00-11:30 or 14:00-17:30); other_phones lists the other
//   callable ones, joined by ';'; SMS only to a mobile.
// * at most one SMS per phone per day and three in any seven days: higher priority first
//   (service_callback 60, warranty 55, most 50, birthday 40, holiday 30), then older due
//   date; the loser is deferred to the next day within its grace, else skipped.
// The comments next to each list give the arithmetic. Weekdays: 2026-10-31 and 11-01 are a
// Saturday and a Sunday; 10-19, 10-26, 11-02, 11-16 are Mondays.
//
// Assumptions where the semantics leave room (each is asserted, so a different reading of
// the library shows up as a failure to discuss, not as a silent change):
// * a callback, and a retry after `driving`, is a new try: attempt + 1, the next window;
// * an office-only call on a weekend waits as one task and is listed on Monday as try 1;
// * the third try to an office phone, whose own window 16:30-19:00 lies outside office hours,
//   takes the first window inside them: 09:00-11:30;
// * the team of a car-wash call names the franchise (with the region).
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"
#include "sim/dealer_simulation.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::sim::DealerOutcome;
using ownercare::sim::DealerSimulation;
using ownercare::sim::ServiceLine;
using ownercare::sim::SoldVehicle;
using ownercare::sim::sorted;
using ownercare::sim::WashMember;

namespace {

const std::string call_morning = "09:00-11:30";
const std::string call_afternoon = "14:00-16:30";
const std::string call_evening = "16:30-19:00";

// A vehicle of its own: serial 1NN gives plate 浙A101NN (masked 浙A***N in SMS) and mobile
// 138000011NN; no birthday, no registration date, no odometer unless the test sets one.
SoldVehicle car(const std::string& key, int serial, const std::string& sale_date) {
  SoldVehicle vehicle;
  vehicle.key = key;
  vehicle.serial = serial;
  vehicle.plate = "浙A" + std::to_string(10000 + serial);
  vehicle.customer_name = "车主" + key;
  vehicle.mobile = "13800001" + std::to_string(serial);
  vehicle.sale_date = sale_date;
  return vehicle;
}

WashMember member(const std::string& id, const std::string& mobile, const std::string& balance,
                  const std::string& expires) {
  WashMember wash;
  wash.member_id = id;
  wash.name = "会员" + id;
  wash.mobile = mobile;
  wash.balance = balance;
  wash.expires = expires;
  wash.joined = "2025-06-01";
  return wash;
}

DealerOutcome reached(const std::string& subject, const std::string& step,
                      const std::string& disposition) {
  return {.subject = subject, .step = step, .result = "reached", .disposition = disposition};
}

DealerOutcome missed(const std::string& subject, const std::string& step,
                     const std::string& result) {
  return {.subject = subject, .step = step, .result = result};
}

DealerOutcome appointment(const std::string& subject, const std::string& step,
                          const std::string& day) {
  return {.subject = subject,
          .step = step,
          .result = "reached",
          .disposition = "appointment",
          .appointment_date = day};
}

// --- autumn 2026 -----------------------------------------------------------------------------

std::unique_ptr<DealerSimulation> run_autumn_2026() {
  auto sim = std::make_unique<DealerSimulation>();

  // N1: a new car, sold (and first exported) on 10-12.
  auto n1 = car("N1", 101, "2026-10-12");
  n1.listed_from = "2026-10-12";
  sim->add_vehicle(n1);
  sim->record("2026-10-20", {.subject = "N1",
                             .step = "d7_call",
                             .result = "reached",
                             .disposition = "callback",
                             .callback_date = "2026-10-22"});
  sim->record("2026-10-23", reached("N1", "d7_call", "satisfied"));

  // RC: a repair with an open suggestion, reached on the second try.
  sim->add_vehicle(car("RC", 102, "2024-05-06"));
  sim->add_order("2026-10-14", {.order_id = "SO-1001",
                                .vin = "RC",
                                .type = "repair",
                                .opened = "2026-10-13",
                                .closed = "2026-10-14",
                                .mileage_km = "38000",
                                .advisor = "王工",
                                .suggestion = "左前刹车片剩余3mm，建议下次更换",
                                .amount = "1260"});
  sim->record("2026-10-16", missed("SO-1001", "d1_call", "no_answer"));
  sim->record("2026-10-17", reached("SO-1001", "d1_call", "satisfied"));

  // TM: a repair whose callback misses three times.
  sim->add_vehicle(car("TM", 103, "2024-07-15"));
  sim->add_order("2026-10-20",
                 {.order_id = "SO-1002", .vin = "TM", .type = "repair", .closed = "2026-10-20"});
  sim->record("2026-10-22", missed("SO-1002", "d1_call", "no_answer"));
  sim->record("2026-10-23", missed("SO-1002", "d1_call", "busy"));
  sim->record("2026-10-24", missed("SO-1002", "d1_call", "voicemail"));

  // IV: mobile, home and office phones; the mobile turns out to be invalid.
  auto iv = car("IV", 104, "2024-08-20");
  iv.home_phone = "057187001104";
  iv.office_phone = "057188001104";
  iv.birthday = "1982-11-20";
  sim->add_vehicle(iv);
  sim->add_order("2026-10-26",
                 {.order_id = "SO-1003", .vin = "IV", .type = "repair", .closed = "2026-10-26"});
  sim->record("2026-10-28", missed("SO-1003", "d1_call", "invalid_number"));
  sim->record("2026-10-29", reached("SO-1003", "d1_call", "satisfied"));

  // OF: a company car with an office phone only.
  auto of = car("OF", 105, "2024-09-03");
  of.customer_name = "赵总";
  of.mobile = "";
  of.office_phone = "057188001105";
  sim->add_vehicle(of);
  sim->add_order("2026-10-30",
                 {.order_id = "SO-1004", .vin = "OF", .type = "repair", .closed = "2026-10-30"});
  sim->record("2026-11-03", missed("SO-1004", "d1_call", "no_answer"));
  sim->record("2026-11-04", missed("SO-1004", "d1_call", "no_answer"));
  sim->record("2026-11-05", reached("SO-1004", "d1_call", "satisfied"));

  // DN: asks not to be called on the new-car call; a later repair gets the SMS callback.
  auto dn = car("DN", 106, "2026-10-05");
  dn.home_phone = "057187001106";
  sim->add_vehicle(dn);
  sim->record("2026-10-13", reached("DN", "d7_call", "do_not_call"));
  sim->add_order("2026-11-10",
                 {.order_id = "SO-1005", .vin = "DN", .type = "repair", .closed = "2026-11-10"});

  // WI: the snapshot's mobile is wrong; the new-car call learns the right one.
  auto wi = car("WI", 107, "2026-10-09");
  wi.listed_from = "2026-10-09";
  wi.birthday = "1985-11-03";
  sim->add_vehicle(wi);
  sim->record("2026-10-17", {.subject = "WI",
                             .step = "d7_call",
                             .result = "reached",
                             .disposition = "wrong_info",
                             .new_phone = "13900001107"});
  sim->add_order("2026-11-24",
                 {.order_id = "SO-1010", .vin = "WI", .type = "repair", .closed = "2026-11-24"});
  sim->record("2026-11-26", reached("SO-1010", "d1_call", "satisfied"));

  // SV: the owner says on the repair's callback that he sold the car (the warranty call due the
  // same day gave way to that callback: one call per phone a day); a new owner appears in the
  // snapshot of 12-01.
  auto sv = car("SV", 108, "2023-11-21");
  sv.customer_name = "钱七";
  sv.birthday = "1970-11-15";
  sim->add_vehicle(sv);
  sim->add_order("2026-10-19",
                 {.order_id = "SO-1006", .vin = "SV", .type = "repair", .closed = "2026-10-19"});
  sim->record("2026-10-22", reached("SO-1006", "d1_call", "sold_vehicle"));
  // The buyer brings the car in before the dealer's system knows the new owner.
  sim->add_order("2026-11-10",
                 {.order_id = "SO-1011", .vin = "SV", .type = "repair", .closed = "2026-11-10"});
  sim->change_vehicle("2026-12-01", "SV", [](SoldVehicle& v) {
    v.customer_name = "孙八";
    v.mobile = "13600001108";
    v.birthday = "1992-12-10";
  });

  // WT: warranty ending by time, low mileage.
  auto wt = car("WT", 109, "2023-11-25");
  wt.odometer_km = "20000";
  wt.odometer_date = "2026-09-25";
  sim->add_vehicle(wt);
  sim->record("2026-10-26", appointment("WT", "d30_call", "2026-11-02"));

  // WK: warranty ending by km, 100 km a day.
  auto wk = car("WK", 110, "2024-03-01");
  wk.odometer_km = "73000";
  wk.odometer_date = "2026-03-01";
  sim->add_vehicle(wk);
  sim->record("2026-10-28", missed("WK", "d30_call", "no_answer"));
  sim->record("2026-10-29", appointment("WK", "d30_call", "2026-11-05"));

  // MK: first service due by km; the first maintenance is done on 11-08.
  auto mk = car("MK", 111, "2026-08-01");
  mk.odometer_km = "3000";
  mk.odometer_date = "2026-09-30";
  sim->add_vehicle(mk);
  sim->record("2026-11-03", appointment("MK", "d7_call", "2026-11-08"));
  sim->add_order("2026-11-08", {.order_id = "SO-1007",
                                .vin = "MK",
                                .type = "first_maintenance",
                                .closed = "2026-11-08",
                                .mileage_km = "4900"});
  sim->record("2026-11-10", reached("SO-1007", "d1_call", "satisfied"));

  // MM: first service due by months, low mileage; the customer is driving on the first try.
  auto mm = car("MM", 112, "2026-05-25");
  mm.odometer_km = "1000";
  mm.odometer_date = "2026-09-25";
  sim->add_vehicle(mm);
  sim->record("2026-11-19", reached("MM", "d7_call", "driving"));
  sim->record("2026-11-20", appointment("MM", "d7_call", "2026-11-24"));

  // MP: periodic maintenance due by months after a maintenance order; the next maintenance
  // (12-05) gets a callback nobody works.
  sim->add_vehicle(car("MP", 113, "2024-12-01"));
  sim->add_order("2026-10-08", {.order_id = "SO-0913",
                                .vin = "MP",
                                .type = "maintenance",
                                .closed = "2025-12-01",
                                .mileage_km = "8000"});
  sim->add_order("2026-10-08",
                 {.order_id = "SO-0914", .vin = "MP", .type = "repair", .closed = "2026-03-15"});
  sim->record("2026-11-29", appointment("MP", "d3_call", "2026-12-05"));
  sim->add_order("2026-12-05", {.order_id = "SO-1008",
                                .vin = "MP",
                                .type = "maintenance",
                                .closed = "2026-12-05",
                                .mileage_km = "14000"});

  // MPK: periodic maintenance due by km, 50 km a day.
  sim->add_vehicle(car("MPK", 114, "2025-06-01"));
  sim->add_order("2026-10-08", {.order_id = "SO-0915",
                                .vin = "MPK",
                                .type = "maintenance",
                                .closed = "2026-05-27",
                                .mileage_km = "18000"});
  sim->record("2026-12-11", reached("MPK", "d3_call", "satisfied"));

  // IP, IP2: passenger cars (24-month inspections); IC: a commercial vehicle (yearly).
  auto ip = car("IP", 115, "2024-11-15");
  ip.registration_date = "2024-11-20";
  sim->add_vehicle(ip);
  auto ip2 = car("IP2", 116, "2025-11-22");
  ip2.registration_date = "2025-11-22";
  sim->add_vehicle(ip2);
  sim->add_order("2026-10-08",
                 {.order_id = "SO-0916", .vin = "IP2", .type = "repair", .closed = "2026-06-01"});
  auto ic = car("IC", 117, "2025-11-25");
  ic.registration_date = "2025-11-25";
  ic.category = "commercial";
  sim->add_vehicle(ic);
  sim->add_order("2026-10-08",
                 {.order_id = "SO-0917", .vin = "IC", .type = "repair", .closed = "2026-04-01"});

  // LC: last seen in the workshop on 2025-11-16.
  sim->add_vehicle(car("LC", 118, "2025-06-10"));
  sim->add_order("2026-10-08",
                 {.order_id = "SO-0918", .vin = "LC", .type = "repair", .closed = "2025-11-16"});
  sim->record("2026-11-17", appointment("LC", "d0_call", "2026-11-21"));

  // RF: refuses the post-service callback.
  sim->add_vehicle(car("RF", 119, "2024-04-18"));
  sim->add_order("2026-11-17",
                 {.order_id = "SO-1009", .vin = "RF", .type = "repair", .closed = "2026-11-17"});
  sim->record("2026-11-19", missed("SO-1009", "d1_call", "refused"));

  // CP: the inspection notice and the birthday fall on the same day.
  auto cp = car("CP", 120, "2024-12-03");
  cp.registration_date = "2024-12-05";
  cp.birthday = "1979-11-05";
  sim->add_vehicle(cp);

  // QW and member M2006 share a phone: four SMS fall within seven days.
  auto qw = car("QW", 121, "2024-11-25");
  qw.registration_date = "2024-11-28";
  qw.birthday = "1975-10-30";
  sim->add_vehicle(qw);
  auto shared = member("M2006", "13800001121", "150", "2026-11-15");
  sim->add_member(shared);
  sim->change_member("2026-11-04", "M2006", [](WashMember& m) { m.balance = "20"; });

  // The car-wash chain.
  sim->add_member(member("M2001", "13800002001", "300", "2027-06-30"));
  sim->add_order("2026-10-20", {.order_id = "SW-2001",
                                .member_id = "M2001",
                                .dealer_code = "F01",
                                .type = "wash",
                                .closed = "2026-10-20",
                                .amount = "45"});
  sim->record("2026-10-22", missed("SW-2001", "d1_call", "no_answer"));
  sim->record("2026-10-23", missed("SW-2001", "d1_call", "no_answer"));

  sim->add_member(member("M2002", "13800002002", "260", "2027-06-30"));
  sim->add_order("2026-11-02", {.order_id = "SW-2002",
                                .member_id = "M2002",
                                .dealer_code = "F01",
                                .type = "wash",
                                .closed = "2026-11-02"});

  sim->add_member(member("M2003", "13800002003", "500", "2026-11-30"));

  sim->add_member(member("M2004", "13800002004", "120", "2027-03-31"));
  sim->change_member("2026-11-10", "M2004", [](WashMember& m) { m.balance = "30"; });
  sim->change_member("2026-11-20", "M2004", [](WashMember& m) { m.balance = "20"; });
  sim->change_member("2026-12-01", "M2004", [](WashMember& m) { m.balance = "200"; });
  sim->change_member("2026-12-08", "M2004", [](WashMember& m) { m.balance = "40"; });

  sim->add_member(member("M2007", "13800002007", "180", "2027-06-30"));
  sim->add_order("2026-11-23", {.order_id = "SW-2003",
                                .member_id = "M2007",
                                .dealer_code = "F01",
                                .type = "wash",
                                .closed = "2026-11-23"});
  sim->record("2026-11-25", missed("SW-2003", "d1_call", "invalid_number"));

  auto newcomer = member("M2005", "13800002005", "10", "2027-10-19");
  newcomer.joined = "2026-10-20";
  newcomer.listed_from = "2026-10-20";
  sim->add_member(newcomer);

  sim->run_nights("2026-10-08", "2026-12-20");
  return sim;
}

// Run once, on first use, for all the autumn test cases.
DealerSimulation& autumn_2026() {
  static std::unique_ptr<DealerSimulation> sim = run_autumn_2026();
  return *sim;
}

}  // namespace

TEST_CASE("dealer sim: the autumn run covers 74 consecutive nights", "[sim][dealer]") {
  auto& sim = autumn_2026();
  REQUIRE(sim.nights_run().size() == 74);
  CHECK(sim.nights_run().front() == "2026-10-08");
  CHECK(sim.nights_run().back() == "2026-12-20");
}

TEST_CASE("dealer sim: the new-car call on day 7, and a callback on its date as try 2",
          "[sim][dealer]") {
  // Sold 10-12: d7 = 10-19 (try 1). Reached on it, "call me on 10-22", recorded 10-20: not
  // listed 10-20 or 10-21; listed 10-22 as try 2 in the afternoon; satisfied recorded 10-23.
  // The first service (10-12 + 125 days at 40 km a day = 2027-02-14) is past the run.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("N1") == sorted({
                                  {"2026-10-19", "d7_call", 1, call_morning},
                                  {"2026-10-22", "d7_call", 2, call_afternoon},
                              }));
  auto calls = sim.rows_of("N1", "calls");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].column("team") == "D0571");
  CHECK(calls[0].column("name") == "车主N1");
  CHECK(calls[0].phone == "13800001101");
}

TEST_CASE("dealer sim: a post-service callback reached on the second try", "[sim][dealer]") {
  // SO-1001 closed 10-14: d1 = 10-15 (try 1, morning); no_answer recorded 10-16 lists try 2
  // the same night in the afternoon; satisfied recorded 10-17 ends it. The vehicle itself
  // has nothing due (sold 2024-05-06: warranty to 2027-05-05, inspections 2026-05-06 and
  // 2028-05-06, last visit now 10-14).
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SO-1001") == sorted({
                                       {"2026-10-15", "d1_call", 1, call_morning},
                                       {"2026-10-16", "d1_call", 2, call_afternoon},
                                   }));
  CHECK(sim.timeline("RC").empty());
  auto task = sim.task("service_callback", "d1_call", "order", "SO-1001", "2026-10-14");
  REQUIRE(task);
  CHECK(task->state == "done");
}

TEST_CASE("dealer sim: the callback's call list shows the order, the team and the suggestion",
          "[sim][dealer]") {
  auto calls = autumn_2026().rows_of("SO-1001", "calls");
  REQUIRE_FALSE(calls.empty());
  const auto& row = calls[0];
  CHECK(row.column("subject_kind") == "order");
  CHECK(row.column("team") == "D0571");
  CHECK(row.column("phone") == "13800001102");
  CHECK(row.column("other_phones").empty());
  CHECK(row.column("context").find("左前刹车片剩余3mm") != std::string::npos);
  CHECK(row.column("context").find("SO-1001") != std::string::npos);
}

TEST_CASE("dealer sim: three misses in three windows on days 1-3, then the SMS callback",
          "[sim][dealer]") {
  // SO-1002 closed 10-20: try 1 10-21 morning; no_answer recorded 10-22 -> try 2 10-22
  // afternoon; busy recorded 10-23 -> try 3 10-23 evening; voicemail recorded 10-24: three
  // misses, unreached, and the sms_callback goes that night.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SO-1002") == sorted({
                                       {"2026-10-21", "d1_call", 1, call_morning},
                                       {"2026-10-22", "d1_call", 2, call_afternoon},
                                       {"2026-10-23", "d1_call", 3, call_evening},
                                       {"2026-10-24", "sms_callback"},
                                   }));
  auto call = sim.task("service_callback", "d1_call", "order", "SO-1002", "2026-10-20");
  REQUIRE(call);
  CHECK(call->state == "unreached");
  auto sms = sim.rows_of("SO-1002", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].phone == "13800001103");
  CHECK(sms[0].column("text").rfind("【爱车服务中心】", 0) == 0);
  CHECK(sms[0].column("text").find("10月20日到店维修") != std::string::npos);
}

TEST_CASE("dealer sim: invalid_number moves the next try to the home phone without a miss",
          "[sim][dealer]") {
  // SO-1003 closed 10-26 (Mon): try 1 10-27 (Tue, a working day) to the mobile, the home and
  // office phones beside it. invalid_number recorded 10-28: try 2 that night, afternoon, to
  // the home phone, only the office left beside it; satisfied recorded 10-29.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SO-1003") == sorted({
                                       {"2026-10-27", "d1_call", 1, call_morning},
                                       {"2026-10-28", "d1_call", 2, call_afternoon},
                                   }));
  auto calls = sim.rows_of("SO-1003", "calls");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].phone == "13800001104");
  CHECK(calls[0].column("other_phones") == "057187001104;057188001104");
  CHECK(calls[1].phone == "057187001104");
  CHECK(calls[1].column("other_phones") == "057188001104");
  auto call = sim.task("service_callback", "d1_call", "order", "SO-1003", "2026-10-26");
  REQUIRE(call);
  CHECK(call->state == "done");
  CHECK(call->misses == 0);
}

TEST_CASE("dealer sim: a mobile marked invalid gets no birthday SMS", "[sim][dealer]") {
  // IV's birthday 11-20: the only mobile was marked invalid on 10-28 and landlines get no
  // SMS, so the greeting is suppressed and nothing is emitted for the vehicle.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("IV").empty());
  auto greeting = sim.task("birthday_greeting", "d0_sms", "vehicle", "IV", "2026-11-20");
  REQUIRE(greeting);
  CHECK(greeting->state == "suppressed");
  // summary.json of that night lists the vehicle as unreachable.
  auto summary = sim.summary("2026-11-20");
  auto unreachable = summary.substr(summary.find("\"unreachable\""));
  CHECK(unreachable.find(sim.subject_id("IV")) != std::string::npos);
}

TEST_CASE("dealer sim: an office-only customer is not called on a weekend", "[sim][dealer]") {
  // SO-1004 closed Friday 10-30: d1 falls on Saturday 10-31; the only phone is an office
  // phone, so the call waits over the weekend and is listed Monday 11-02 as try 1 (morning).
  // no_answer 11-03 -> try 2 in the afternoon (inside office hours 14:00-17:30); no_answer
  // 11-04 -> try 3, whose window 16:30-19:00 ends after office hours: the first window inside
  // them, 09:00-11:30. satisfied recorded 11-05.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SO-1004") == sorted({
                                       {"2026-11-02", "d1_call", 1, call_morning},
                                       {"2026-11-03", "d1_call", 2, call_afternoon},
                                       {"2026-11-04", "d1_call", 3, call_morning},
                                   }));
  for (const auto& row : sim.rows_of("SO-1004", "calls")) {
    INFO(row.date);
    CHECK(row.phone == "057188001105");
    CHECK(row.column("name") == "赵总");
  }
}

TEST_CASE("dealer sim: do_not_call stops calls; the next service callback becomes an SMS",
          "[sim][dealer]") {
  // Sold 10-05: d7 = 10-12 (Mon); do_not_call recorded 10-13 covers the mobile and the home
  // phone. SO-1005 closed 11-10: its d1 call (11-11) is suppressed, so the sms_callback goes
  // on 11-11 to the mobile.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("DN") == sorted({
                                  {"2026-10-12", "d7_call", 1, call_morning},
                              }));
  CHECK(sim.timeline("SO-1005") == sorted({
                                       {"2026-11-11", "sms_callback"},
                                   }));
  auto call = sim.task("service_callback", "d1_call", "order", "SO-1005", "2026-11-10");
  REQUIRE(call);
  CHECK(call->state == "suppressed");
  auto sms = sim.rows_of("SO-1005", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].phone == "13800001106");
}

TEST_CASE("dealer sim: wrong_info replaces the mobile, and old snapshots do not undo it",
          "[sim][dealer]") {
  // First exported 10-09, sold 10-09: d7 = 10-16 to 13800001107; wrong_info with 13900001107
  // recorded 10-17. Every later snapshot still shows 13800001107. The birthday (11-03) goes
  // to the corrected number, and so does the callback of a later repair.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("WI") == sorted({
                                  {"2026-10-16", "d7_call", 1, call_morning},
                                  {"2026-11-03", "d0_sms"},
                              }));
  auto calls = sim.rows_of("WI", "calls");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].phone == "13800001107");
  auto sms = sim.rows_of("WI", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].phone == "13900001107");
  CHECK(sms[0].column("text").find("车主WI，祝您生日快乐") != std::string::npos);
  // A later repair (SO-1010, closed 11-24) is called back on 11-25 on the corrected number.
  CHECK(sim.timeline("SO-1010") == sorted({
                                       {"2026-11-25", "d1_call", 1, call_morning},
                                   }));
  auto callback = sim.rows_of("SO-1010", "calls");
  REQUIRE(callback.size() == 1);
  CHECK(callback[0].phone == "13900001107");
}

TEST_CASE("dealer sim: sold_vehicle cancels the pending call and stops care until a new owner",
          "[sim][dealer]") {
  // Sold 2023-11-21: the warranty ends 2026-11-20 (no readings: 40 km a day would reach
  // 100,000 km only in 2030), d30 = 10-21. SO-1006 closed 10-19: d1 = 10-20, listed again
  // 10-21 without outcome; on 10-21 the warranty call gives way to it (one call per phone a
  // day, the callback's priority is higher) and waits for 10-22. sold_vehicle recorded 10-22 on
  // the callback: the waiting warranty call is cancelled, and the old owner's birthday (11-15)
  // is never created, nor the callback of a repair on 11-10. The snapshot of 12-01 names a new
  // owner (孙八, 13600001108, born 12-10): care resumes and the birthday goes on 12-10 to the
  // new mobile.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SV") == sorted({
                                  {"2026-12-10", "d0_sms"},
                              }));
  CHECK(sim.timeline("SO-1006") == sorted({
                                       {"2026-10-20", "d1_call", 1, call_morning},
                                       {"2026-10-21", "d1_call", 1, call_morning},
                                   }));
  auto calls = sim.rows_of("SO-1006", "calls");
  REQUIRE(calls.size() == 2);
  CHECK(calls[1].column("context").rfind("同日待办 also due: 保修到期提醒 2026-10-21 | ", 0) == 0);
  auto warranty_call = sim.task("warranty_expiry", "d30_call", "vehicle", "SV", "2026-11-20");
  REQUIRE(warranty_call);
  CHECK(warranty_call->state == "cancelled");
  CHECK(warranty_call->state_on == *Date::parse("2026-10-22"));
  CHECK(warranty_call->attempt == 0);
  CHECK_FALSE(sim.task("birthday_greeting", "d0_sms", "vehicle", "SV", "2026-11-15"));
  // A repair of the sold car (SO-1011, closed 11-10) gets no callback either.
  CHECK(sim.timeline("SO-1011").empty());
  CHECK_FALSE(sim.task("service_callback", "d1_call", "order", "SO-1011", "2026-11-10"));
  auto sms = sim.rows_of("SV", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].phone == "13600001108");
  CHECK(sms[0].column("text").find("孙八") != std::string::npos);
}

TEST_CASE("dealer sim: a warranty ending by time is called 30 days before", "[sim][dealer]") {
  // Sold 2023-11-25: three years end 2026-11-24. 20,000 km by 2026-09-25 (1,035 days, 19.3
  // km a day) reaches 100,000 km only in 2037. d30 = 10-25 (a Sunday; mobiles are called
  // every day); appointment recorded 10-26.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("WT") == sorted({
                                  {"2026-10-25", "d30_call", 1, call_morning},
                              }));
  auto calls = sim.rows_of("WT", "calls");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].column("context").find("2026-11-24") != std::string::npos);
  CHECK(sim.due_date("WT", "warranty_end_on") == "2026-11-24");
}

TEST_CASE("dealer sim: a warranty ending by km is called 30 days before the projected day",
          "[sim][dealer]") {
  // Sold 2024-03-01, 73,000 km on 2026-03-01 (730 days): 100 km a day. 27,000 km more take
  // 270 days: 2026-11-26, before the time limit 2027-02-28. d30 = 10-27; no_answer recorded
  // 10-28 -> try 2 that afternoon; appointment recorded 10-29.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("WK") == sorted({
                                  {"2026-10-27", "d30_call", 1, call_morning},
                                  {"2026-10-28", "d30_call", 2, call_afternoon},
                              }));
  auto calls = sim.rows_of("WK", "calls");
  REQUIRE_FALSE(calls.empty());
  CHECK(calls[0].column("context").find("2026-11-26") != std::string::npos);
  CHECK(sim.due_date("WK", "warranty_end_on") == "2026-11-26");
}

TEST_CASE("dealer sim: a first service due by km, then the periodic one after the order",
          "[sim][dealer]") {
  // Sold 2026-08-01, 3,000 km on 09-30 (60 days): 50 km a day; 2,000 km more take 40 days:
  // due 11-09, before six months (2027-02-01). d14 SMS 10-26, d7 call 11-02 (appointment
  // recorded 11-03). The first maintenance SO-1007 closes 11-08 at 4,900 km: its callback
  // goes 11-09 (satisfied 11-10), and from then on only the periodic service is due: 4,900
  // km in 99 days since the sale (49.49 a day), 14,900 km after 203 days: 2027-05-30, before
  // 12 months (2027-11-08).
  auto& sim = autumn_2026();
  CHECK(sim.timeline("MK") == sorted({
                                  {"2026-10-26", "d14_sms"},
                                  {"2026-11-02", "d7_call", 1, call_morning},
                              }));
  CHECK(sim.timeline("SO-1007") == sorted({
                                       {"2026-11-09", "d1_call", 1, call_morning},
                                   }));
  auto sms = sim.rows_of("MK", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("text").find("11月9日") != std::string::npos);
  CHECK(sms[0].column("text").find("浙A***1") != std::string::npos);
  CHECK(sim.due_date("MK", "first_service_on").empty());
  CHECK(sim.due_date("MK", "next_service_on") == "2027-05-30");
}

TEST_CASE("dealer sim: a first service due by months; driving is retried without a miss",
          "[sim][dealer]") {
  // Sold 2026-05-25, only 1,000 km by 09-25 (123 days, 8.1 km a day): six months come first,
  // 11-25. d14 SMS 11-11, d7 call 11-18; "driving" recorded 11-19 lists try 2 that night
  // (afternoon) and counts no miss; appointment recorded 11-20.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("MM") == sorted({
                                  {"2026-11-11", "d14_sms"},
                                  {"2026-11-18", "d7_call", 1, call_morning},
                                  {"2026-11-19", "d7_call", 2, call_afternoon},
                              }));
  auto sms = sim.rows_of("MM", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("text").find("11月25日") != std::string::npos);
  auto call = sim.task("first_service_reminder", "d7_call", "vehicle", "MM", "2026-11-25");
  REQUIRE(call);
  CHECK(call->state == "done");
  CHECK(call->misses == 0);
}

TEST_CASE("dealer sim: a periodic service due by months after the last maintenance",
          "[sim][dealer]") {
  // Last maintenance 2025-12-01 at 8,000 km (21.9 km a day since the sale 2024-12-01): 12
  // months (2026-12-01) come before 18,000 km (2027-03). d7 SMS 11-24, d3 call 11-28
  // (appointment recorded 11-29). Sold 2024-12-01 without a registration date: the first
  // inspection is 24 months later, 2026-12-01, d30 SMS 11-01. The last visit (the repair of
  // 2026-03-15) keeps lost_customer away.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("MP") == sorted({
                                  {"2026-11-01", "d30_sms"},
                                  {"2026-11-24", "d7_sms"},
                                  {"2026-11-28", "d3_call", 1, call_morning},
                              }));
  auto sms = sim.rows_of("MP", "sms");
  REQUIRE(sms.size() == 2);
  CHECK(sms[1].step == "d7_sms");
  CHECK(sms[1].column("text").find("12月1日") != std::string::npos);
}

TEST_CASE("dealer sim: a maintenance callback nobody works expires after 3 nights, then SMS",
          "[sim][dealer]") {
  // SO-1008 (MP's maintenance) closed 12-05: d1 = 12-06, listed 12-06, 12-07, 12-08 without
  // an outcome; on 12-09 it expired and the sms_callback goes.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SO-1008") == sorted({
                                       {"2026-12-06", "d1_call", 1, call_morning},
                                       {"2026-12-07", "d1_call", 1, call_morning},
                                       {"2026-12-08", "d1_call", 1, call_morning},
                                       {"2026-12-09", "sms_callback"},
                                   }));
  auto call = sim.task("service_callback", "d1_call", "order", "SO-1008", "2026-12-05");
  REQUIRE(call);
  CHECK(call->state == "expired");
  auto sms = sim.rows_of("SO-1008", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("text").find("12月5日到店保养") != std::string::npos);
}

TEST_CASE("dealer sim: a periodic service due by km", "[sim][dealer]") {
  // Maintenance 2026-05-27 at 18,000 km, 360 days after the sale: 50 km a day. 28,000 km
  // after 200 more days: 12-13, before 12 months (2027-05-27). d7 SMS 12-06, d3 call 12-10
  // (satisfied recorded 12-11).
  auto& sim = autumn_2026();
  CHECK(sim.timeline("MPK") == sorted({
                                   {"2026-12-06", "d7_sms"},
                                   {"2026-12-10", "d3_call", 1, call_morning},
                               }));
  auto sms = sim.rows_of("MPK", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("text").find("12月13日") != std::string::npos);
}

TEST_CASE("dealer sim: a passenger car is inspected 24 months after registration",
          "[sim][dealer]") {
  // IP registered 2024-11-20: inspection 2026-11-20, d30 SMS 10-21; the next is 2028-11-20.
  // IP2 registered 2025-11-22: the first inspection is 2027-11-22, so nothing this autumn (a
  // yearly schedule would have sent one on 10-23).
  auto& sim = autumn_2026();
  CHECK(sim.timeline("IP") == sorted({
                                  {"2026-10-21", "d30_sms"},
                              }));
  auto sms = sim.rows_of("IP", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("text").find("11月20日") != std::string::npos);
  CHECK(sim.due_date("IP", "inspection_on") == "2028-11-20");
  CHECK(sim.timeline("IP2").empty());
  CHECK(sim.due_date("IP2", "inspection_on") == "2027-11-22");
}

TEST_CASE("dealer sim: a commercial vehicle is inspected every year", "[sim][dealer]") {
  // Registered 2025-11-25 (commercial, under 5 years): inspection 2026-11-25, d30 SMS 10-26;
  // the next 2027-11-25.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("IC") == sorted({
                                  {"2026-10-26", "d30_sms"},
                              }));
  auto sms = sim.rows_of("IC", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("text").find("11月25日") != std::string::npos);
  CHECK(sim.due_date("IC", "inspection_on") == "2027-11-25");
}

TEST_CASE("dealer sim: a customer not seen for 12 months is called", "[sim][dealer]") {
  // Last order closed 2025-11-16: the anchor is 2026-11-16 (Mon), d0 call; appointment
  // recorded 11-17.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("LC") == sorted({
                                  {"2026-11-16", "d0_call", 1, call_morning},
                              }));
  auto calls = sim.rows_of("LC", "calls");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].rule == "lost_customer");
}

TEST_CASE("dealer sim: refused ends the callback at once and sends the SMS", "[sim][dealer]") {
  // SO-1009 closed 11-17: d1 11-18; refused recorded 11-19: unreached, sms_callback 11-19.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SO-1009") == sorted({
                                       {"2026-11-18", "d1_call", 1, call_morning},
                                       {"2026-11-19", "sms_callback"},
                                   }));
  CHECK(sim.timeline("RF").empty());
}

TEST_CASE("dealer sim: the inspection notice beats the birthday; the birthday goes a day late",
          "[sim][dealer]") {
  // Registered 2024-12-05: inspection 2026-12-05, d30 SMS 11-05 (priority 50). The birthday
  // is 11-05 too (priority 40): one SMS a day, so it is deferred to 11-06, within its grace.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("CP") == sorted({
                                  {"2026-11-05", "d30_sms"},
                                  {"2026-11-06", "d0_sms"},
                              }));
}

TEST_CASE("dealer sim: a fourth SMS in seven days to one phone waits for a free day",
          "[sim][dealer][policy]") {
  // One phone, 13800001121, for the car QW and the car-wash member M2006. QW's inspection
  // (registered 2024-11-28: 2026-11-28) has its d30 SMS on 10-29, its owner's birthday is
  // 10-30; M2006's card expires 11-15: d15 SMS 10-31, d3 SMS 11-12. The balance falls to 20
  // on 11-04: that SMS would be the fourth in 10-29..11-04, so it is deferred; on 11-05 the
  // seven days 10-30..11-05 hold two, and it goes (its grace runs to 11-06).
  auto& sim = autumn_2026();
  CHECK(sim.timeline("QW") == sorted({
                                  {"2026-10-29", "d30_sms"},
                                  {"2026-10-30", "d0_sms"},
                              }));
  CHECK(sim.timeline("M2006") == sorted({
                                     {"2026-10-31", "d15_sms"},
                                     {"2026-11-05", "d0_sms"},
                                     {"2026-11-12", "d3_sms"},
                                 }));
  auto low = sim.task("low_balance", "d0_sms", "member", "M2006", "2026-11-04");
  REQUIRE(low);
  CHECK(low->state == "sent");
  CHECK(low->sent_on == *Date::parse("2026-11-05"));
}

TEST_CASE("dealer sim: a birthday moves to next year once its grace has passed",
          "[sim][dealer][birthday]") {
  // WI's birthday 11-03 was greeted; by the end of the run (12-20) the next one is 2027-11-03.
  // CP's (11-05, greeted 11-06) likewise moves to 2027-11-05.
  auto& sim = autumn_2026();
  CHECK(sim.due_date("WI", "birthday_on") == "2027-11-03");
  CHECK(sim.due_date("CP", "birthday_on") == "2027-11-05");
}

TEST_CASE("dealer sim: a wash callback missed twice falls back to the SMS at 10:00",
          "[sim][dealer][carwash]") {
  // SW-2001 closed 10-20: d1 10-21 (try 1); no_answer 10-22 -> try 2 that afternoon;
  // no_answer 10-23: two misses are the car wash's maximum, so the sms_callback goes 10-23.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SW-2001") == sorted({
                                       {"2026-10-21", "d1_call", 1, call_morning},
                                       {"2026-10-22", "d1_call", 2, call_afternoon},
                                       {"2026-10-23", "sms_callback"},
                                   }));
  auto calls = sim.rows_of("SW-2001", "calls");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].phone == "13800002001");
  CHECK(calls[0].column("team").find("F01") != std::string::npos);
  auto sms = sim.rows_of("SW-2001", "sms");
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].column("send_at") == "2026-10-23 10:00");
  CHECK(sms[0].column("text").rfind("【洁车会员中心】", 0) == 0);
  CHECK(sms[0].column("text").find("10月20日") != std::string::npos);
}

TEST_CASE("dealer sim: a wash callback nobody works expires after 2 nights, then SMS",
          "[sim][dealer][carwash]") {
  // SW-2002 closed 11-02: listed 11-03 and 11-04 (expire_days 2), expired 11-05: SMS 11-05.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SW-2002") == sorted({
                                       {"2026-11-03", "d1_call", 1, call_morning},
                                       {"2026-11-04", "d1_call", 1, call_morning},
                                       {"2026-11-05", "sms_callback"},
                                   }));
}

TEST_CASE("dealer sim: invalid_number on a member's only phone ends the call; no SMS to it",
          "[sim][dealer][carwash]") {
  // SW-2003 closed 11-23: d1 11-24; invalid_number recorded 11-25 with no other phone: the
  // call is unreached, and its sms_callback, due that night, is suppressed: the one mobile
  // is now marked invalid.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("SW-2003") == sorted({
                                       {"2026-11-24", "d1_call", 1, call_morning},
                                   }));
  auto call = sim.task("wash_callback", "d1_call", "order", "SW-2003", "2026-11-23");
  REQUIRE(call);
  CHECK(call->state == "unreached");
  auto sms = sim.task("wash_callback", "sms_callback", "order", "SW-2003", "2026-11-23");
  REQUIRE(sms);
  CHECK(sms->state == "suppressed");
}

TEST_CASE("dealer sim: a card expiring 11-30 gets SMS 15 and 3 days before, at 10:00",
          "[sim][dealer][carwash]") {
  auto& sim = autumn_2026();
  CHECK(sim.timeline("M2003") == sorted({
                                     {"2026-11-15", "d15_sms"},
                                     {"2026-11-27", "d3_sms"},
                                 }));
  for (const auto& row : sim.rows_of("M2003", "sms")) {
    INFO(row.step);
    CHECK(row.column("send_at") == row.date + " 10:00");
    CHECK(row.column("text").find("11月30日") != std::string::npos);
  }
}

TEST_CASE("dealer sim: a low balance is told once per fall below 50 yuan",
          "[sim][dealer][carwash]") {
  // M2004: 120 until 11-09; 30 on 11-10 (SMS); 20 on 11-20 (still low: nothing); 200 on
  // 12-01; 40 on 12-08 (below again: SMS). M2005 joins on 10-20 with 10 yuan: SMS 10-20.
  auto& sim = autumn_2026();
  CHECK(sim.timeline("M2004") == sorted({
                                     {"2026-11-10", "d0_sms"},
                                     {"2026-12-08", "d0_sms"},
                                 }));
  auto sms = sim.rows_of("M2004", "sms");
  REQUIRE(sms.size() == 2);
  CHECK(sms[0].column("text").find("余额为30元") != std::string::npos);
  CHECK(sms[1].column("text").find("余额为40元") != std::string::npos);
  CHECK(sim.timeline("M2005") == sorted({
                                     {"2026-10-20", "d0_sms"},
                                 }));
  auto newcomer = sim.rows_of("M2005", "sms");
  REQUIRE(newcomer.size() == 1);
  CHECK(newcomer[0].column("text").find("余额为10元") != std::string::npos);
}

TEST_CASE("dealer sim: members with nothing due get nothing", "[sim][dealer][carwash]") {
  // M2001, M2002 and M2007 only had their washes' callbacks (orders SW-2001 to SW-2003).
  auto& sim = autumn_2026();
  CHECK(sim.timeline("M2001").empty());
  CHECK(sim.timeline("M2002").empty());
  CHECK(sim.timeline("M2007").empty());
}

TEST_CASE("dealer sim: every dealer SMS is signed and goes at 09:00, every wash SMS at 10:00",
          "[sim][dealer]") {
  for (const auto& row : autumn_2026().rows()) {
    if (row.file != "sms") continue;
    INFO(row.date << " " << row.vehicle << " " << row.rule << " " << row.step);
    bool wash = row.rule == "wash_callback" || row.rule == "card_expiry" ||
                row.rule == "low_balance";
    CHECK(row.column("send_at") == row.date + (wash ? " 10:00" : " 09:00"));
    CHECK(row.column("text").rfind(wash ? "【洁车会员中心】" : "【爱车服务中心】", 0) == 0);
  }
}

TEST_CASE("dealer sim: no phone ever gets two SMS a day or four in seven days",
          "[sim][dealer]") {
  std::map<std::string, std::set<Date>> days_by_phone;
  for (const auto& row : autumn_2026().rows()) {
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

TEST_CASE("dealer sim: the run emits exactly the rows the scenarios expect", "[sim][dealer]") {
  // The sum of the timelines above: 36 call rows and 27 SMS. Anything more is a step nobody
  // planned (a reminder for a far-off date, a greeting without a holiday).
  auto& sim = autumn_2026();
  int sms = 0;
  int calls = 0;
  for (const auto& row : sim.rows()) (row.file == "sms" ? sms : calls) += 1;
  CHECK(calls == 36);
  CHECK(sms == 27);
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

// Declared after the other autumn cases: it evaluates a night of the shared run again, which
// must change nothing.
TEST_CASE("dealer sim: evaluating a past night again rewrites identical files, no new task",
          "[sim][dealer]") {
  auto& sim = autumn_2026();
  const std::string night = "2026-10-21";
  const char* files[] = {"sms.csv", "calls.csv", "handoff.csv", "delist.csv", "summary.json"};
  std::map<std::string, std::string> before;
  for (const char* file : files) {
    before[file] = ownercare::test::read_text(sim.night_folder(night) / file);
  }
  auto tasks_before = all_tasks(sim.database());

  auto report = sim.evaluate_again(night, sim.folder() / "out");
  CHECK(report.rerun);
  for (const char* file : files) {
    INFO(file);
    CHECK(ownercare::test::read_text(sim.night_folder(night) / file) == before[file]);
  }
  CHECK(all_tasks(sim.database()) == tasks_before);
  // 10-21 is a busy night (an inspection SMS, three callbacks, one of them listed a second
  // time and telling of a warranty call that gave way to it): a re-run of an empty night would
  // prove little.
  CHECK(before["sms.csv"].find("d30_sms") != std::string::npos);
  CHECK(before["calls.csv"].find("also due: 保修到期提醒") != std::string::npos);
  CHECK(before["calls.csv"].find("SW-2001") != std::string::npos);
}

// --- national day 2026 -----------------------------------------------------------------------

namespace {

std::unique_ptr<DealerSimulation> run_national_day_2026() {
  auto sim = std::make_unique<DealerSimulation>();
  sim->add_vehicle(car("H1", 101, "2024-02-10"));
  auto birthday = car("H2", 102, "2024-02-12");
  birthday.birthday = "1990-09-30";
  sim->add_vehicle(birthday);
  auto landline = car("H3", 103, "2024-02-14");
  landline.mobile = "";
  landline.home_phone = "057187003103";
  sim->add_vehicle(landline);
  sim->run_nights("2026-09-20", "2026-10-03");
  return sim;
}

DealerSimulation& national_day_2026() {
  static std::unique_ptr<DealerSimulation> sim = run_national_day_2026();
  return *sim;
}

}  // namespace

TEST_CASE("dealer sim: holiday greetings go the day before 中秋节 and 国庆节",
          "[sim][dealer][holiday]") {
  // 中秋节's first day off is 09-25 (greeting 09-24), 国庆节's 10-01 (greeting 09-30). H1
  // (sold 2024-02-10) has nothing else due: inspections 2026-02-10 and 2028-02-10, warranty
  // to 2027-02-09.
  auto& sim = national_day_2026();
  CHECK(sim.timeline("H1") == sorted({
                                  {"2026-09-24", "d1_sms"},
                                  {"2026-09-30", "d1_sms"},
                              }));
  auto sms = sim.rows_of("H1", "sms");
  REQUIRE(sms.size() == 2);
  CHECK(sms[0].column("text").find("中秋节将至") != std::string::npos);
  CHECK(sms[1].column("text").find("国庆节将至") != std::string::npos);
  CHECK(sms[1].column("send_at") == "2026-09-30 09:00");
}

TEST_CASE("dealer sim: a birthday on the eve of 国庆节 wins; the greeting has no other day",
          "[sim][dealer][holiday]") {
  // H2's birthday is 09-30 (priority 40) and 国庆节's greeting is due that day (30): one SMS a
  // day, and a greeting may not go on or after 10-01, so it is skipped.
  auto& sim = national_day_2026();
  CHECK(sim.timeline("H2") == sorted({
                                  {"2026-09-24", "d1_sms"},
                                  {"2026-09-30", "d0_sms"},
                              }));
  auto greeting = sim.task("holiday_greeting", "d1_sms", "vehicle", "H2", "2026-10-01");
  REQUIRE(greeting);
  CHECK(greeting->state == "skipped");
}

TEST_CASE("dealer sim: a customer with a landline only gets no greeting", "[sim][dealer][holiday]") {
  auto& sim = national_day_2026();
  CHECK(sim.timeline("H3").empty());
  auto greeting = sim.task("holiday_greeting", "d1_sms", "vehicle", "H3", "2026-10-01");
  REQUIRE(greeting);
  CHECK(greeting->state == "suppressed");
}

// --- two callbacks to one phone -------------------------------------------------------------

namespace {

// TW had two repairs closed on 11-01 (a car in twice the same day). Both callbacks miss three
// times on 11-02, -03, -04 (misses recorded on 11-03, -04, -05): both end unreached on 11-05,
// and both SMS callbacks are due that night for one phone.
std::unique_ptr<DealerSimulation> run_two_callbacks() {
  auto sim = std::make_unique<DealerSimulation>();
  // Two calls a day to one phone are allowed here: the SMS limit is what this is about.
  sim->policy().calls_per_phone_per_day = 2;
  sim->add_vehicle(car("TW", 151, "2024-05-06"));
  for (const char* id : {"SO-2001", "SO-2002"}) {
    sim->add_order("2026-11-01",
                   {.order_id = id, .vin = "TW", .type = "repair", .closed = "2026-11-01"});
    sim->record("2026-11-03", missed(id, "d1_call", "no_answer"));
    sim->record("2026-11-04", missed(id, "d1_call", "no_answer"));
    sim->record("2026-11-05", missed(id, "d1_call", "no_answer"));
  }
  sim->run_nights("2026-11-01", "2026-11-09");
  return sim;
}

}  // namespace

TEST_CASE("dealer sim: an SMS callback held back by the phone's limit goes the next day",
          "[sim][dealer]") {
  // One SMS per phone per day: SO-2001's goes on 11-05 (equal priority and due date: order id
  // order), SO-2002's is deferred. Its grace counts from the night its call ended (11-05 + 2),
  // not from the repair (11-01 + 1 + 2 = 11-04, already past), so it goes on 11-06.
  auto sim = run_two_callbacks();
  CHECK(sim->timeline("SO-2001") == sorted({
                                        {"2026-11-02", "d1_call", 1, call_morning},
                                        {"2026-11-03", "d1_call", 2, call_afternoon},
                                        {"2026-11-04", "d1_call", 3, call_evening},
                                        {"2026-11-05", "sms_callback"},
                                    }));
  CHECK(sim->timeline("SO-2002") == sorted({
                                        {"2026-11-02", "d1_call", 1, call_morning},
                                        {"2026-11-03", "d1_call", 2, call_afternoon},
                                        {"2026-11-04", "d1_call", 3, call_evening},
                                        {"2026-11-06", "sms_callback"},
                                    }));
}

// --- winter 2027 -----------------------------------------------------------------------------

namespace {

std::unique_ptr<DealerSimulation> run_winter_2027() {
  auto sim = std::make_unique<DealerSimulation>();
  auto leap = car("BL", 101, "2024-06-20");
  leap.birthday = "1988-02-29";
  sim->add_vehicle(leap);
  auto march = car("BM", 102, "2024-06-21");
  march.birthday = "1990-03-01";
  sim->add_vehicle(march);
  sim->run_nights("2027-02-20", "2027-03-03");
  return sim;
}

DealerSimulation& winter_2027() {
  static std::unique_ptr<DealerSimulation> sim = run_winter_2027();
  return *sim;
}

}  // namespace

TEST_CASE("dealer sim: a 29 February birthday is greeted on 28 February 2027",
          "[sim][dealer][birthday]") {
  // 2027 is a common year: 02-29 -> 02-28, not 03-01. BM, born 03-01, keeps 03-01. Nothing
  // else is due (sold June 2024: inspections 2026-06-20 and 2028-06-20, warranty to June
  // 2027, d30 in May).
  auto& sim = winter_2027();
  CHECK(sim.timeline("BL") == sorted({
                                  {"2027-02-28", "d0_sms"},
                              }));
  CHECK(sim.timeline("BM") == sorted({
                                  {"2027-03-01", "d0_sms"},
                              }));
}
