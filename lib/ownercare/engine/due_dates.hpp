// The due dates of a sold vehicle (SPEC 2.2): when its warranty ends, when its first and its
// next maintenance are due, when its next annual inspection is, and its owner's next birthday.
//
// Pure functions of the vehicle's facts (as imported from the sales snapshots and service
// orders) and the dealer's tables (rules/terms.hpp): no database and no clock, so that every
// date can be checked by hand in a unit test. evaluate stores the results in vehicle_due.
//
// Mileage points (100,000 km warranty, 5,000 km first service, ...) become dates through a
// projection of the odometer: a straight line through the newest reliable reading whose slope
// is the daily average since the last reliable readings (project_mileage). "Whichever first"
// always means the earlier date; on a tie the time limit is named as the reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/rules/terms.hpp"

namespace ownercare::engine {

struct OdometerReading {
  Date on;
  long long km = 0;
};

// A closed maintenance order (type maintenance or first_maintenance).
struct MaintenanceOrder {
  Date closed;                  // the day the vehicle left the workshop
  std::optional<long long> km;  // the mileage written on the order, when there is one
  bool first = false;           // a first_maintenance order; the due dates treat both alike
};

// What the engine reads about one vehicle from dealer_vehicle and its service orders.
struct VehicleFacts {
  std::string brand;
  std::string model;
  std::string category;  // passenger | commercial | ...; matched case-insensitively
  Date sale_date;
  std::optional<Date> registration_date;
  std::optional<Date> warranty_start;    // as given by the dealer; the sale date when absent
  std::optional<Date> warranty_end;      // as given by the dealer: overrides the warranty terms
  std::optional<long long> warranty_km;  // as given by the dealer: overrides the warranty terms
  std::optional<Date> birthday;
  std::vector<OdometerReading> readings;             // any order; from snapshots and service orders
  std::vector<MaintenanceOrder> maintenance_orders;  // any order
};

// The projected odometer: a line through `anchor` with slope `daily_km`.
struct Mileage {
  // The newest reliable reading, or the sale with 0 km when there is none. The line passes
  // through it; it is also the earliest date date_reaching() answers.
  OdometerReading anchor;
  // The first reading of the run the daily average was measured over (the sale, 0 km, unless
  // the odometer went back). Equal to `anchor` when the run is that one reading.
  OdometerReading history_start;
  double daily_km = 0;
  // True when daily_km was measured from history_start to anchor; false when it is the
  // dealer's default (no readings, readings too close together, or no distance driven).
  bool from_history = false;
};

// The mileage projection of a vehicle ("daily average since the last reliable readings"):
// - The readings dated on or after the sale date, sorted by date (same day: smaller km first),
//   after an implicit reading of 0 km on the sale date. Readings before the sale date (the
//   car was not the owner's yet) and negative readings are ignored.
// - The odometer going back (a typo or a replaced instrument cluster) makes the readings before
//   it unreliable: walking back from the newest reading, the run is the longest sequence of
//   readings that never decreases going forward. Its first reading is history_start, the
//   newest reading is the anchor.
// - daily_km = (anchor.km - history_start.km) / days between them, when those days are at
//   least projection.min_days (and at least 1) and the distance is positive; otherwise
//   projection.default_daily_km.
Mileage project_mileage(const VehicleFacts& vehicle, const rules::ProjectionTerms& projection);

// The projected odometer on `day`: anchor.km + daily_km * (day - anchor.on). Defined for any
// date, also before the anchor (the line goes on backwards).
double km_on(const Mileage& mileage, Date day);

// The first whole date, never before the anchor, on which the projection reaches `km`: the
// anchor's date when the anchor reading already has it (a mileage already passed is not
// back-dated), otherwise the first day D with km_on(D) >= km. A tolerance of a millionth of a
// km absorbs the rounding of the daily average (10,000 km in 300 days reaches 10,000 km on day
// 300, not 301). nullopt when the projection never reaches it: daily_km <= 0, or more than
// 200 years away.
std::optional<Date> date_reaching(const Mileage& mileage, long long km);

// The dealer's term for a brand and model: the most specific entry, that is an exact brand and
// model, then the brand with model "*", then brand "*" with the exact model, then "*" and "*";
// on a tie the first in file order. Brand and model compare case-insensitively on ASCII letters
// and byte for byte otherwise (no trimming). nullptr when no entry matches. The pointer is into
// `terms`.
const rules::WarrantyTerm* warranty_term(const rules::DealerTerms& terms, std::string_view brand,
                                         std::string_view model);
const rules::MaintenanceTerm* maintenance_term(const rules::DealerTerms& terms,
                                               std::string_view brand, std::string_view model);

// When the warranty ends: whichever comes first of time and mileage.
struct WarrantyEnd {
  Date on;                            // the earlier of time_end and km_end
  bool by_km;                         // the mileage limit comes first (strictly before time_end)
  Date time_end;                      // the last day covered by time
  std::optional<Date> km_end;         // when the projection reaches km_limit; nullopt: never
  std::optional<long long> km_limit;  // nullopt: no mileage limit (no term and none given)
};

// - start = warranty_start, else the sale date.
// - time_end = the given warranty_end, else start + 12 * term.years months - 1 day (a 3-year
//   warranty from 2023-05-10 ends 2026-05-09; from 2024-02-29 it ends 2027-02-27, the clamped
//   anniversary 2027-02-28 minus a day).
// - km_limit = the given warranty_km, else term.km; km_end = date_reaching(km_limit).
// nullopt when there is no term for the brand and model and no warranty_end was given.
std::optional<WarrantyEnd> warranty_end(const VehicleFacts& vehicle,
                                        const rules::DealerTerms& terms);

// When a maintenance is due: whichever comes first of months and mileage.
struct ServiceDue {
  Date on;                     // the earlier of months_due and km_due
  bool by_km;                  // the mileage comes first (strictly before months_due)
  Date months_due;             // the months after the sale or the last maintenance
  std::optional<Date> km_due;  // when the projection reaches km_target; nullopt: never
  long long km_target;
};

// The first maintenance (强保): sale date + first_months, or when the projection reaches
// first_km, whichever first. nullopt once any maintenance order exists, or without a
// maintenance term for the brand and model.
std::optional<ServiceDue> first_service_due(const VehicleFacts& vehicle,
                                            const rules::DealerTerms& terms);

// The periodic maintenance (定保) after the last one L (the latest closed; the same day: the
// highest mileage): L.closed + interval_months, or when the projection reaches L's km +
// interval_km, whichever first. L's km is the order's mileage, else the projection on L's day
// rounded to the nearest km. nullopt before any maintenance, or without a maintenance term.
std::optional<ServiceDue> next_service_due(const VehicleFacts& vehicle,
                                           const rules::DealerTerms& terms);

// The next annual inspection (年检) on or after `not_before`. Inspections fall on
// d_k = start + the months of the k previous intervals (start = registration date, else the
// sale date; each d_k counted from start, so 31 Jan + 3 + 3 months is 31 Jul, not 30 Jul).
// The interval after d_k is every_months of the first schedule row (file order) of the
// vehicle's category (case-insensitive; rows of "*" when no row has that category) whose
// until_age exceeds the vehicle's age at d_k in whole years (the largest n with
// start + 12n months <= d_k: a car registered 2016-02-29 is 10 on 2026-02-28). Returns the first
// d_k, k >= 1, on or after not_before; nullopt when no row applies before that (or a row's
// every_months is not positive).
std::optional<Date> next_inspection(const VehicleFacts& vehicle, const rules::DealerTerms& terms,
                                    Date not_before);

// The first birthday on or after `not_before` (on not_before itself counts). Only the month and
// day of `birthday` matter, so a birth year after not_before's (bad data) still gives a date.
// 29 February is celebrated on 28 February in common years.
Date next_birthday(Date birthday, Date not_before);

}  // namespace ownercare::engine
