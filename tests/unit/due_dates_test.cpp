// Unit tests of a sold vehicle's due dates (SPEC 2.2, engine/due_dates.hpp): the mileage
// projection from odometer readings, the most specific dealer term, warranty end and
// maintenance due ("whichever first"), the inspection schedule by category and age, and the
// next birthday. Every expected date is worked out by hand in the comment beside it.
#include "ownercare/engine/due_dates.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

using ownercare::Date;
using ownercare::engine::date_reaching;
using ownercare::engine::first_service_due;
using ownercare::engine::km_on;
using ownercare::engine::maintenance_term;
using ownercare::engine::MaintenanceOrder;
using ownercare::engine::Mileage;
using ownercare::engine::next_birthday;
using ownercare::engine::next_inspection;
using ownercare::engine::next_service_due;
using ownercare::engine::OdometerReading;
using ownercare::engine::project_mileage;
using ownercare::engine::VehicleFacts;
using ownercare::engine::warranty_end;
using ownercare::engine::warranty_term;
using ownercare::rules::DealerTerms;
using ownercare::rules::InspectionTerm;
using ownercare::rules::MaintenanceTerm;
using ownercare::rules::ProjectionTerms;
using ownercare::rules::WarrantyTerm;

namespace {

// The seed's defaults (3 years or 100,000 km; first service 5,000 km or 6 months, then every
// 10,000 km or 12 months; 30 days for a daily average, 40 km a day otherwise) and an
// inspection schedule: passenger cars every 24 months until 10 years old, every 12 until 15,
// then every 6; commercial ones every 12 until 5, then every 6; anything else every 12.
DealerTerms seed_terms() {
  DealerTerms terms;
  terms.warranty = {WarrantyTerm{"*", "*", 3, 100000, 1}};
  terms.maintenance = {MaintenanceTerm{"*", "*", 5000, 6, 10000, 12, 1}};
  terms.inspection = {
      InspectionTerm{"passenger", 10, 24, 1},  InspectionTerm{"passenger", 15, 12, 2},
      InspectionTerm{"passenger", 100, 6, 3},  InspectionTerm{"commercial", 5, 12, 4},
      InspectionTerm{"commercial", 100, 6, 5}, InspectionTerm{"*", 100, 12, 6},
  };
  terms.projection = ProjectionTerms{30, 40};
  return terms;
}

VehicleFacts sold_on(Date sale_date) {
  VehicleFacts vehicle;
  vehicle.brand = "Geely";
  vehicle.model = "Emgrand";
  vehicle.category = "passenger";
  vehicle.sale_date = sale_date;
  return vehicle;
}

VehicleFacts registered_on(Date registration, const std::string& category) {
  VehicleFacts vehicle = sold_on(registration.plus_days(5));
  vehicle.registration_date = registration;
  vehicle.category = category;
  return vehicle;
}

std::string iso(std::optional<Date> date) { return date ? date->iso() : "none"; }

}  // namespace

// --- Mileage projection ---

TEST_CASE("due dates: no readings project the default rate from the sale", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2025, 1, 15));
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK_FALSE(mileage.from_history);
  CHECK(mileage.daily_km == 40);
  CHECK(mileage.anchor.on == Date(2025, 1, 15));
  CHECK(mileage.anchor.km == 0);
  // 10 days after the sale at 40 km a day.
  CHECK(km_on(mileage, Date(2025, 1, 25)) == 400);
  // 5,000 km / 40 = 125 days: 2025-01-15 + 125 = 2025-05-20.
  CHECK(iso(date_reaching(mileage, 5000)) == "2025-05-20");
}

TEST_CASE("due dates: the daily average runs from the sale to the newest reading", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // Given out of order: 2024-01-01 -> 2024-07-19 is 200 days, 10,000 km: 50 km a day.
  vehicle.readings = {{Date(2024, 7, 19), 10000}, {Date(2024, 4, 1), 4000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.from_history);
  CHECK(mileage.daily_km == 50);
  CHECK(mileage.history_start.on == Date(2024, 1, 1));
  CHECK(mileage.anchor.on == Date(2024, 7, 19));
  CHECK(mileage.anchor.km == 10000);
}

TEST_CASE("due dates: the projection goes through the newest reading, not the average line",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 7, 19), 10000}};  // 50 km a day
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(km_on(mileage, Date(2024, 7, 29)) == 10500);  // 10 days later
  CHECK(km_on(mileage, Date(2024, 7, 9)) == 9500);    // and 10 days before
}

TEST_CASE("due dates: readings before the odometer went back are ignored", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2022, 3, 1));
  // A replaced cluster: 50,000 km, then 1,200 km on the new one, then 4,200 km.
  vehicle.readings = {
      {Date(2023, 3, 1), 50000}, {Date(2023, 6, 1), 1200}, {Date(2023, 9, 9), 4200}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  // 2023-06-01 -> 2023-09-09 is 100 days, 3,000 km: 30 km a day.
  CHECK(mileage.from_history);
  CHECK(mileage.history_start.on == Date(2023, 6, 1));
  CHECK(mileage.history_start.km == 1200);
  CHECK(mileage.daily_km == 30);
  CHECK(mileage.anchor.km == 4200);
}

TEST_CASE("due dates: a single low typo between two readings is dropped", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // 1,000 km on 2024-07-01 is a typo for 10,000: the readings around it agree.
  vehicle.readings = {
      {Date(2024, 4, 10), 10000}, {Date(2024, 7, 1), 1000}, {Date(2024, 7, 20), 20000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  // The run goes back to the sale: 2024-01-01 -> 2024-07-20 is 201 days, 20,000 km.
  CHECK(mileage.from_history);
  CHECK(mileage.history_start.on == Date(2024, 1, 1));
  CHECK(mileage.daily_km == Approx(20000.0 / 201));
}

TEST_CASE("due dates: a single high typo between two readings is dropped", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // 90,000 km on 2024-07-01 is a typo for 9,000.
  vehicle.readings = {
      {Date(2024, 4, 10), 10000}, {Date(2024, 7, 1), 90000}, {Date(2024, 7, 20), 20000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.history_start.on == Date(2024, 1, 1));
  CHECK(mileage.anchor.km == 20000);
  CHECK(mileage.daily_km == Approx(20000.0 / 201));
}

TEST_CASE("due dates: a lower reading the next one confirms is a replaced cluster",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2022, 3, 1));
  // 60,000 km, then 1,000 and 3,000: the next reading stays low, so the cluster was replaced.
  vehicle.readings = {{Date(2023, 1, 1), 50000},
                      {Date(2023, 3, 1), 60000},
                      {Date(2023, 6, 1), 1000},
                      {Date(2023, 9, 9), 4000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.history_start.on == Date(2023, 6, 1));
  CHECK(mileage.daily_km == 30);  // 3,000 km in 100 days
}

TEST_CASE("due dates: a newest reading lower than the one before gives the default rate from it",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 6, 1), 6000}, {Date(2024, 9, 1), 5990}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  // The run is the newest reading alone: no days to average over.
  CHECK_FALSE(mileage.from_history);
  CHECK(mileage.daily_km == 40);
  CHECK(mileage.anchor.on == Date(2024, 9, 1));
  CHECK(mileage.anchor.km == 5990);
}

TEST_CASE("due dates: readings closer than min_days give the default rate", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 3, 1));
  vehicle.readings = {{Date(2024, 3, 21), 2000}};  // 20 days after the sale, < 30
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK_FALSE(mileage.from_history);
  CHECK(mileage.daily_km == 40);
  // Anchored at the reading: 2,000 + 10 days * 40.
  CHECK(km_on(mileage, Date(2024, 3, 31)) == 2400);
}

TEST_CASE("due dates: readings exactly min_days apart give a daily average", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 3, 1));
  vehicle.readings = {{Date(2024, 3, 31), 1500}};  // 30 days: 50 km a day
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.from_history);
  CHECK(mileage.daily_km == 50);
}

TEST_CASE("due dates: readings that never moved give the default rate", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 3, 1));
  vehicle.readings = {{Date(2024, 6, 1), 0}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK_FALSE(mileage.from_history);
  CHECK(mileage.daily_km == 40);
}

TEST_CASE("due dates: two readings of one day never look like the odometer going back",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // Same day, the larger given first: sorted smaller first, so the run reaches the sale.
  vehicle.readings = {{Date(2024, 7, 19), 10000}, {Date(2024, 7, 19), 9000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.history_start.on == Date(2024, 1, 1));
  CHECK(mileage.anchor.km == 10000);
  CHECK(mileage.daily_km == 50);
}

TEST_CASE("due dates: readings before the sale are ignored", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // A stock check at 0 km two months before the sale would stretch the average to 262 days.
  vehicle.readings = {{Date(2023, 11, 1), 0}, {Date(2024, 7, 19), 10000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.history_start.on == Date(2024, 1, 1));
  CHECK(mileage.daily_km == 50);
}

TEST_CASE("due dates: negative readings are ignored", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 7, 19), 10000}, {Date(2024, 8, 1), -5}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(mileage.anchor.on == Date(2024, 7, 19));
  CHECK(mileage.anchor.km == 10000);
}

TEST_CASE("due dates: a mileage the anchor already shows is reached on the anchor's day",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 7, 19), 10000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(iso(date_reaching(mileage, 10000)) == "2024-07-19");
  CHECK(iso(date_reaching(mileage, 5000)) == "2024-07-19");  // not back-dated to 2024-04-10
}

TEST_CASE("due dates: date_reaching is exact where the division rounds up", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // 2024-01-01 -> 2024-02-03 is 33 days, 10,000 km: 10000/33 km a day. 30,000 km more takes
  // exactly 99 days, but 30000 / (10000/33.0) is 99.00000000000001 in double: a plain ceil
  // would say 100.
  vehicle.readings = {{Date(2024, 2, 3), 10000}};
  Mileage mileage = project_mileage(vehicle, seed_terms().projection);
  CHECK(iso(date_reaching(mileage, 40000)) == "2024-05-12");  // 2024-02-03 + 99
  CHECK(iso(date_reaching(mileage, 39999)) == "2024-05-12");  // 98.997 days -> 99
  CHECK(iso(date_reaching(mileage, 40001)) == "2024-05-13");  // 99.003 days -> 100
}

TEST_CASE("due dates: a zero default rate never reaches a mileage", "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.projection.default_daily_km = 0;
  Mileage mileage = project_mileage(sold_on(Date(2024, 1, 1)), terms.projection);
  CHECK_FALSE(date_reaching(mileage, 5000));
  CHECK(iso(date_reaching(mileage, 0)) == "2024-01-01");
}

TEST_CASE("due dates: a mileage centuries away counts as never reached", "[due_dates]") {
  Mileage mileage = project_mileage(sold_on(Date(2024, 1, 1)), seed_terms().projection);
  // 40 km a day: 10^9 km takes 68,000 years.
  CHECK_FALSE(date_reaching(mileage, 1000000000LL));
}

// --- Terms by brand and model ---

TEST_CASE("due dates: the exact brand and model term wins, case-insensitively", "[due_dates]") {
  DealerTerms terms;
  terms.warranty = {WarrantyTerm{"*", "*", 3, 100000, 1}, WarrantyTerm{"Volvo", "*", 5, 150000, 2},
                    WarrantyTerm{"Volvo", "XC90", 4, 120000, 3}};
  const WarrantyTerm* term = warranty_term(terms, "VOLVO", "xc90");
  REQUIRE(term);
  CHECK(term->line == 3);
}

TEST_CASE("due dates: the brand term applies to the brand's other models", "[due_dates]") {
  DealerTerms terms;
  terms.warranty = {WarrantyTerm{"Volvo", "XC90", 4, 120000, 1},
                    WarrantyTerm{"Volvo", "*", 5, 150000, 2}, WarrantyTerm{"*", "*", 3, 100000, 3}};
  const WarrantyTerm* term = warranty_term(terms, "volvo", "S60");
  REQUIRE(term);
  CHECK(term->line == 2);
}

TEST_CASE("due dates: another brand falls back to the \"*\" term", "[due_dates]") {
  DealerTerms terms;
  terms.warranty = {WarrantyTerm{"Volvo", "*", 5, 150000, 1}, WarrantyTerm{"*", "*", 3, 100000, 2}};
  const WarrantyTerm* term = warranty_term(terms, "BYD", "Han");
  REQUIRE(term);
  CHECK(term->line == 2);
}

TEST_CASE("due dates: no matching term gives none", "[due_dates]") {
  DealerTerms terms;
  terms.maintenance = {MaintenanceTerm{"Volvo", "*", 5000, 6, 10000, 12, 1}};
  CHECK(maintenance_term(terms, "BYD", "Han") == nullptr);
}

TEST_CASE("due dates: non-ASCII brands match byte for byte", "[due_dates]") {
  DealerTerms terms;
  terms.maintenance = {MaintenanceTerm{"比亚迪", "*", 3000, 3, 10000, 12, 1},
                       MaintenanceTerm{"*", "*", 5000, 6, 10000, 12, 2}};
  const MaintenanceTerm* byd = maintenance_term(terms, "比亚迪", "汉");
  REQUIRE(byd);
  CHECK(byd->line == 1);
  const MaintenanceTerm* other = maintenance_term(terms, "吉利", "汉");
  REQUIRE(other);
  CHECK(other->line == 2);
}

TEST_CASE("due dates: a model term under brand \"*\" beats \"*\" but not the brand",
          "[due_dates]") {
  DealerTerms terms;
  terms.warranty = {WarrantyTerm{"*", "*", 3, 100000, 1}, WarrantyTerm{"*", "Han", 4, 100000, 2},
                    WarrantyTerm{"BYD", "*", 6, 150000, 3}};
  CHECK(warranty_term(terms, "Geely", "Han")->line == 2);
  CHECK(warranty_term(terms, "BYD", "Han")->line == 3);
}

TEST_CASE("due dates: of two equally specific terms the first in file order wins", "[due_dates]") {
  DealerTerms terms;
  terms.warranty = {WarrantyTerm{"BYD", "*", 6, 150000, 1}, WarrantyTerm{"byd", "*", 8, 200000, 2}};
  CHECK(warranty_term(terms, "BYD", "Han")->line == 1);
}

// --- Warranty ---

TEST_CASE("due dates: a low-mileage warranty ends by time", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2023, 5, 10));
  // 2023-05-10 -> 2024-05-10 is 366 days (29 Feb 2024), 8,000 km.
  vehicle.readings = {{Date(2024, 5, 10), 8000}};
  auto end = warranty_end(vehicle, seed_terms());
  REQUIRE(end);
  // 3 years from 2023-05-10: the anniversary 2026-05-10 minus a day.
  CHECK(end->on == Date(2026, 5, 9));
  CHECK_FALSE(end->by_km);
  CHECK(end->time_end == Date(2026, 5, 9));
  CHECK(end->km_limit == 100000);
  // 92,000 km more at 8000/366 km a day: exactly 4,209 days, 2024-05-10 + 4209 = 2035-11-18.
  CHECK(iso(end->km_end) == "2035-11-18");
}

TEST_CASE("due dates: a high-mileage warranty ends by km", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2023, 1, 1));
  vehicle.readings = {{Date(2024, 1, 1), 36500}};  // 365 days: 100 km a day
  auto end = warranty_end(vehicle, seed_terms());
  REQUIRE(end);
  // 63,500 km more / 100 = 635 days: 2024-01-01 + 366 = 2025-01-01, + 269 = 2025-09-27.
  CHECK(end->on == Date(2025, 9, 27));
  CHECK(end->by_km);
  CHECK(end->time_end == Date(2025, 12, 31));
}

TEST_CASE("due dates: a dealer-given warranty km overrides the term's", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2023, 1, 1));
  vehicle.readings = {{Date(2024, 1, 1), 36500}};  // 100 km a day
  vehicle.warranty_km = 60000;
  auto end = warranty_end(vehicle, seed_terms());
  REQUIRE(end);
  // 23,500 km / 100 = 235 days: 2024-01-01 + 235 = 2024-08-23.
  CHECK(end->on == Date(2024, 8, 23));
  CHECK(end->by_km);
  CHECK(end->km_limit == 60000);
}

TEST_CASE("due dates: a dealer-given warranty end overrides the term's years", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2023, 5, 10));
  vehicle.warranty_end = Date(2027, 6, 30);
  vehicle.readings = {{Date(2024, 5, 10), 8000}};  // low mileage
  auto end = warranty_end(vehicle, seed_terms());
  REQUIRE(end);
  CHECK(end->on == Date(2027, 6, 30));
  CHECK_FALSE(end->by_km);
}

TEST_CASE("due dates: the warranty runs from warranty_start when given", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2023, 5, 10));
  vehicle.warranty_start = Date(2023, 6, 1);
  auto end = warranty_end(vehicle, seed_terms());
  REQUIRE(end);
  CHECK(end->time_end == Date(2026, 5, 31));
}

TEST_CASE("due dates: a warranty from 29 February ends the day before the clamped anniversary",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 2, 29));
  auto end = warranty_end(vehicle, seed_terms());
  REQUIRE(end);
  // 2024-02-29 + 36 months = 2027-02-28 (clamped), minus a day.
  CHECK(end->time_end == Date(2027, 2, 27));
}

TEST_CASE("due dates: the brand's term sets the warranty years and km", "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.warranty.push_back(WarrantyTerm{"geely", "*", 5, 150000, 2});
  VehicleFacts vehicle = sold_on(Date(2023, 1, 1));
  vehicle.readings = {{Date(2024, 1, 1), 36500}};  // 100 km a day
  auto end = warranty_end(vehicle, terms);
  REQUIRE(end);
  CHECK(end->time_end == Date(2027, 12, 31));
  CHECK(end->km_limit == 150000);
  // 113,500 km / 100 = 1,135 days: 2024-01-01 + 366 + 365 = 2026-01-01, + 404 = 2027-02-09.
  CHECK(end->on == Date(2027, 2, 9));
  CHECK(end->by_km);
}

TEST_CASE("due dates: no warranty term and no given end means no warranty", "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.warranty.clear();
  VehicleFacts vehicle = sold_on(Date(2023, 1, 1));
  vehicle.warranty_km = 60000;
  CHECK_FALSE(warranty_end(vehicle, terms));
}

TEST_CASE("due dates: a given warranty end without a term has no km limit", "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.warranty.clear();
  VehicleFacts vehicle = sold_on(Date(2023, 1, 1));
  vehicle.warranty_end = Date(2026, 12, 31);
  vehicle.readings = {{Date(2024, 1, 1), 36500}};  // would pass 100,000 km in 2025
  auto end = warranty_end(vehicle, terms);
  REQUIRE(end);
  CHECK(end->on == Date(2026, 12, 31));
  CHECK_FALSE(end->by_km);
  CHECK_FALSE(end->km_limit);
  CHECK_FALSE(end->km_end);
}

// --- First maintenance ---

TEST_CASE("due dates: first service by km at the default rate", "[due_dates]") {
  auto due = first_service_due(sold_on(Date(2025, 1, 15)), seed_terms());
  REQUIRE(due);
  // 5,000 km / 40 = 125 days (2025-05-20) before 6 months (2025-07-15).
  CHECK(due->on == Date(2025, 5, 20));
  CHECK(due->by_km);
  CHECK(due->months_due == Date(2025, 7, 15));
  CHECK(due->km_target == 5000);
}

TEST_CASE("due dates: first service by months for a low mileage", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2025, 1, 15));
  vehicle.readings = {{Date(2025, 3, 16), 600}};  // 60 days: 10 km a day
  auto due = first_service_due(vehicle, seed_terms());
  REQUIRE(due);
  // 6 months: 2025-07-15, before 4,400 km / 10 = 440 days (2026-05-30).
  CHECK(due->on == Date(2025, 7, 15));
  CHECK_FALSE(due->by_km);
  CHECK(iso(due->km_due) == "2026-05-30");
}

TEST_CASE("due dates: first service on a tie counts as by months", "[due_dates]") {
  DealerTerms terms = seed_terms();
  // 2025-01-01 + 6 months = 2025-07-01, 181 days: 181 * 40 = 7,240 km the same day.
  terms.maintenance = {MaintenanceTerm{"*", "*", 7240, 6, 10000, 12, 1}};
  auto due = first_service_due(sold_on(Date(2025, 1, 1)), terms);
  REQUIRE(due);
  CHECK(due->on == Date(2025, 7, 1));
  CHECK(iso(due->km_due) == "2025-07-01");
  CHECK_FALSE(due->by_km);
}

TEST_CASE("due dates: first service is gone once any maintenance was done", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2025, 1, 15));
  vehicle.maintenance_orders = {MaintenanceOrder{Date(2025, 5, 2), 4800, false}};
  CHECK_FALSE(first_service_due(vehicle, seed_terms()));
}

TEST_CASE("due dates: no maintenance term means no first service date", "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.maintenance.clear();
  CHECK_FALSE(first_service_due(sold_on(Date(2025, 1, 15)), terms));
}

// --- Periodic maintenance ---

TEST_CASE("due dates: no next service before any maintenance", "[due_dates]") {
  CHECK_FALSE(next_service_due(sold_on(Date(2025, 1, 15)), seed_terms()));
}

TEST_CASE("due dates: next service by km after a high-mileage maintenance", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // 2024-01-01 -> 2024-07-19 is 200 days: 50 km a day.
  vehicle.readings = {{Date(2024, 7, 19), 10000}};
  vehicle.maintenance_orders = {MaintenanceOrder{Date(2024, 7, 19), 10000, true}};
  auto due = next_service_due(vehicle, seed_terms());
  REQUIRE(due);
  // 20,000 km: 10,000 more / 50 = 200 days, 2025-02-04; 12 months would be 2025-07-19.
  CHECK(due->km_target == 20000);
  CHECK(due->on == Date(2025, 2, 4));
  CHECK(due->by_km);
  CHECK(due->months_due == Date(2025, 7, 19));
}

TEST_CASE("due dates: next service by months after a low-mileage maintenance", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 7, 19), 2000}};  // 200 days: 10 km a day
  vehicle.maintenance_orders = {MaintenanceOrder{Date(2024, 7, 19), 2000, true}};
  auto due = next_service_due(vehicle, seed_terms());
  REQUIRE(due);
  // 12 months: 2025-07-19, before 10,000 km / 10 = 1,000 days (2027-04-15).
  CHECK(due->on == Date(2025, 7, 19));
  CHECK_FALSE(due->by_km);
  CHECK(iso(due->km_due) == "2027-04-15");
}

TEST_CASE("due dates: next service counts from the latest maintenance", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 7, 19), 2000}};  // 10 km a day
  vehicle.maintenance_orders = {MaintenanceOrder{Date(2024, 7, 19), 2000, false},
                                MaintenanceOrder{Date(2024, 3, 1), 600, true}};
  auto due = next_service_due(vehicle, seed_terms());
  REQUIRE(due);
  CHECK(due->months_due == Date(2025, 7, 19));
  CHECK(due->km_target == 12000);
}

TEST_CASE("due dates: of two maintenances the same day the one with mileage counts",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  vehicle.readings = {{Date(2024, 7, 19), 2000}};  // 10 km a day
  vehicle.maintenance_orders = {MaintenanceOrder{Date(2024, 7, 19), std::nullopt, false},
                                MaintenanceOrder{Date(2024, 7, 19), 2100, false}};
  auto due = next_service_due(vehicle, seed_terms());
  REQUIRE(due);
  CHECK(due->km_target == 12100);
}

TEST_CASE("due dates: an order without mileage takes the projection on its day, rounded",
          "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2024, 1, 1));
  // 2024-01-01 -> 2024-01-31 is 30 days, 1,000 km: 100/3 km a day.
  vehicle.readings = {{Date(2024, 1, 31), 1000}};
  // 19 days before the reading: 1000 - 19 * 100/3 = 366.67 km, rounded 367.
  vehicle.maintenance_orders = {MaintenanceOrder{Date(2024, 1, 12), std::nullopt, false}};
  auto due = next_service_due(vehicle, seed_terms());
  REQUIRE(due);
  CHECK(due->km_target == 10367);
  // 9,367 km more at 100/3 a day: 281.01 days -> 282: 2024-01-31 + 282 = 2024-11-08.
  CHECK(due->on == Date(2024, 11, 8));
  CHECK(due->by_km);
}

// --- Annual inspection ---

TEST_CASE("due dates: a young passenger car is inspected every 24 months", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2012, 5, 10), "passenger");
  // 2014, 2016, 2018, 2020 and 2022-05-10 (ages 2, 4, 6, 8, 10).
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2021, 1, 1))) == "2022-05-10");
}

TEST_CASE("due dates: an inspection on not_before itself is the next one", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2012, 5, 10), "passenger");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2022, 5, 10))) == "2022-05-10");
}

TEST_CASE("due dates: a passenger car inspected at 10 comes back every 12 months", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2012, 5, 10), "passenger");
  // Inspected 2022-05-10 at age 10: the until-15 row, every 12 months.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2022, 5, 11))) == "2023-05-10");
}

TEST_CASE("due dates: a passenger car inspected at 15 comes back every 6 months", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2012, 5, 10), "passenger");
  // Yearly 2023 ... 2027-05-10 (age 15): then every 6 months, 2027-11-10, 2028-05-10.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2027, 5, 11))) == "2027-11-10");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2027, 11, 11))) == "2028-05-10");
}

TEST_CASE("due dates: a commercial vehicle's schedule, category case-insensitive", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2021, 3, 15), "Commercial");
  // Yearly while under 5: 2022 ... 2026-03-15 (age 5), then every 6 months: 2026-09-15.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2025, 6, 1))) == "2026-03-15");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2026, 3, 16))) == "2026-09-15");
}

TEST_CASE("due dates: an unknown category follows the \"*\" schedule", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2020, 7, 1), "truck");
  // "*": every 12 months at any age.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2026, 1, 1))) == "2026-07-01");
}

TEST_CASE("due dates: without a registration date inspections count from the sale", "[due_dates]") {
  VehicleFacts vehicle = sold_on(Date(2020, 7, 1));
  vehicle.category = "truck";
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2026, 1, 1))) == "2026-07-01");
}

TEST_CASE("due dates: a category whose rows run out has no next inspection", "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.inspection.push_back(InspectionTerm{"vintage", 30, 12, 7});
  VehicleFacts vehicle = registered_on(Date(1990, 4, 1), "vintage");
  // Yearly until 2020-04-01 (age 30): no row applies and "*" is not used for a known category.
  CHECK(iso(next_inspection(vehicle, terms, Date(2019, 6, 1))) == "2020-04-01");
  CHECK_FALSE(next_inspection(vehicle, terms, Date(2020, 4, 2)));
}

TEST_CASE("due dates: a 31 January registration keeps its day after a clamped month",
          "[due_dates]") {
  DealerTerms terms = seed_terms();
  terms.inspection.push_back(InspectionTerm{"rental", 100, 3, 7});
  VehicleFacts vehicle = registered_on(Date(2025, 1, 31), "rental");
  // 2025-04-30 (clamped), then start + 6 months = 2025-07-31, not 2025-07-30 by chaining.
  CHECK(iso(next_inspection(vehicle, terms, Date(2025, 2, 1))) == "2025-04-30");
  CHECK(iso(next_inspection(vehicle, terms, Date(2025, 5, 1))) == "2025-07-31");
}

TEST_CASE("due dates: a 31 August registration past 15 alternates end of February and 31 August",
          "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2005, 8, 31), "passenger");
  // Every 6 months from 2020-08-31 (age 15): ... 2023-08-31, 2024-02-29, 2024-08-31.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2024, 1, 1))) == "2024-02-29");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2024, 3, 1))) == "2024-08-31");
}

TEST_CASE("due dates: a 29 February registration is inspected on 29 February in leap years",
          "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2016, 2, 29), "passenger");
  // 2018-02-28 (clamped), then start + 48 months = 2020-02-29, not 2020-02-28 by chaining.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2017, 1, 1))) == "2018-02-28");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2020, 1, 1))) == "2020-02-29");
}

TEST_CASE("due dates: a 29 February registration turns 10 on 28 February", "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2016, 2, 29), "passenger");
  // 2026-02-28 is start + 120 months: age 10, so every 12 months: 2027-02-28, 2028-02-29.
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2026, 3, 1))) == "2027-02-28");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2027, 3, 1))) == "2028-02-29");
}

TEST_CASE("due dates: not_before before the registration gives the first inspection",
          "[due_dates]") {
  VehicleFacts vehicle = registered_on(Date(2020, 7, 1), "truck");
  CHECK(iso(next_inspection(vehicle, seed_terms(), Date(2019, 1, 1))) == "2021-07-01");
}

// --- Birthday ---

TEST_CASE("due dates: a 29 February birthday is on 28 February in 2027", "[due_dates]") {
  CHECK(next_birthday(Date(1988, 2, 29), Date(2027, 1, 1)) == Date(2027, 2, 28));
}

TEST_CASE("due dates: a 29 February birthday is on 29 February in 2028", "[due_dates]") {
  CHECK(next_birthday(Date(1988, 2, 29), Date(2027, 3, 1)) == Date(2028, 2, 29));
  CHECK(next_birthday(Date(1988, 2, 29), Date(2028, 2, 29)) == Date(2028, 2, 29));
}

TEST_CASE("due dates: a birthday on not_before itself is today", "[due_dates]") {
  CHECK(next_birthday(Date(1985, 6, 15), Date(2026, 6, 15)) == Date(2026, 6, 15));
  CHECK(next_birthday(Date(1985, 6, 15), Date(2026, 6, 16)) == Date(2027, 6, 15));
}

TEST_CASE("due dates: a birth date in the future still gives the next birthday", "[due_dates]") {
  CHECK(next_birthday(Date(2030, 5, 1), Date(2026, 1, 1)) == Date(2026, 5, 1));
}
