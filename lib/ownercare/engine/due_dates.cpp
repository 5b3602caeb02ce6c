// The due dates of a sold vehicle: the mileage projection and the "whichever first" dates built
// on it (contracts in the header). Every product decision is stated where it is implemented.
#include "ownercare/engine/due_dates.hpp"

#include <algorithm>
#include <cmath>

namespace ownercare::engine {

namespace {

// km_on() is exact for whole numbers only up to the rounding of daily_km. With a daily average
// of distance / days, a true projected value that is not a whole km lies at least 1/days km
// (days < 10^5) away from one, so a millionth of a km never turns a miss into a hit, yet
// absorbs the rounding.
constexpr double kReachTolerance = 1e-6;
// Past this a mileage point counts as never reached (and dates stay far from the calendar's
// end).
constexpr long long kMaxProjectionDays = 200LL * 366;

bool ascii_equal_ignoring_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// The most specific term for brand and model: exact brand (2) outranks exact model (1), "*"
// matches anything (0); on a tie the earlier entry in file order wins.
template <typename Term>
const Term* most_specific(const std::vector<Term>& terms, std::string_view brand,
                          std::string_view model) {
  const Term* best = nullptr;
  int best_rank = -1;
  for (const auto& term : terms) {
    bool brand_any = term.brand == "*";
    bool model_any = term.model == "*";
    if (!brand_any && !ascii_equal_ignoring_case(term.brand, brand)) continue;
    if (!model_any && !ascii_equal_ignoring_case(term.model, model)) continue;
    int rank = (brand_any ? 0 : 2) + (model_any ? 0 : 1);
    if (rank > best_rank) {
      best = &term;
      best_rank = rank;
    }
  }
  return best;
}

bool reaches(const Mileage& mileage, Date day, long long km) {
  return km_on(mileage, day) >= static_cast<double>(km) - kReachTolerance;
}

// "Whichever first": the earlier of a date from months and a date from mileage; a tie is
// reported as by time.
ServiceDue whichever_first(Date months_due, std::optional<Date> km_due, long long km_target) {
  bool by_km = km_due && *km_due < months_due;
  return ServiceDue{by_km ? *km_due : months_due, by_km, months_due, km_due, km_target};
}

// Whole years from `start` to `day`: the largest n with start + 12n months <= day. Counted with
// plus_months, as the inspection dates are, so that an inspection on the clamped anniversary
// of a 29 February registration (28 February) is at the new age.
int whole_years(Date start, Date day) {
  if (day < start) return 0;
  int years = day.year() - start.year();
  while (years > 0 && start.plus_months(12 * years) > day) --years;
  return years;
}

}  // namespace

Mileage project_mileage(const VehicleFacts& vehicle, const rules::ProjectionTerms& projection) {
  // The readings in date order after an implicit reading of 0 km on the sale date. Readings
  // before the sale describe the car before it was the owner's, and negative ones are
  // nonsense: both are left out. The same day: the larger km last, so that two readings of one
  // day never look like the odometer going back.
  std::vector<OdometerReading> readings;
  readings.reserve(vehicle.readings.size() + 1);
  readings.push_back({vehicle.sale_date, 0});
  for (const auto& reading : vehicle.readings) {
    if (reading.on >= vehicle.sale_date && reading.km >= 0) readings.push_back(reading);
  }
  std::stable_sort(readings.begin(), readings.end(),
                   [](const OdometerReading& a, const OdometerReading& b) {
                     return a.on != b.on ? a.on < b.on : a.km < b.km;
                   });

  // A single wrong reading (a typo) breaks the order of its neighbours while they agree with
  // each other: 10,000 then 1,000 then 12,000 km, or 10,000 then 90,000 then 12,000. It is
  // dropped, so that one typo does not throw away the history before it (or make a car look as
  // if it had driven 11,000 km since). Only a reading between two real readings can be told
  // a typo: after the sale alone, 50,000 then 1,200 km may as well be a replaced cluster. The
  // sale and the newest reading always stay.
  for (std::size_t i = 2; i + 1 < readings.size();) {
    const auto before = readings[i - 1].km;
    const auto here = readings[i].km;
    const auto after = readings[i + 1].km;
    bool dip = here < before && after >= before;
    bool spike = here > after && after >= before;
    if (dip || spike) {
      readings.erase(readings.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }

  // A reading lower than the one before it that the next readings confirm means the odometer
  // went back (a replaced instrument cluster): what came before it is unreliable. Walking back
  // from the newest reading, keep the longest run that never decreases going forward; its
  // first reading is the base.
  std::size_t head = readings.size() - 1;
  std::size_t base = head;
  while (base > 0 && readings[base - 1].km <= readings[base].km) --base;

  Mileage mileage;
  mileage.anchor = readings[head];
  mileage.history_start = readings[base];
  // The daily average over the run, when it is long enough to mean something and the car
  // moved; otherwise the dealer's default rate. The line goes through the newest reading.
  long long days = readings[head].on.days_since(readings[base].on);
  long long distance = readings[head].km - readings[base].km;
  if (days >= 1 && days >= projection.min_days && distance > 0) {
    mileage.daily_km = static_cast<double>(distance) / static_cast<double>(days);
    mileage.from_history = true;
  } else {
    mileage.daily_km = projection.default_daily_km;
    mileage.from_history = false;
  }
  return mileage;
}

double km_on(const Mileage& mileage, Date day) {
  // Anchored at the newest reliable reading, in both directions.
  return static_cast<double>(mileage.anchor.km) +
         mileage.daily_km * static_cast<double>(day.days_since(mileage.anchor.on));
}

std::optional<Date> date_reaching(const Mileage& mileage, long long km) {
  // Never before the anchor: a mileage the newest reading already shows is reached on its day
  // (the projection does not guess when in the past it was passed).
  Date anchor = mileage.anchor.on;
  if (reaches(mileage, anchor, km)) return anchor;
  if (!(mileage.daily_km > 0)) return std::nullopt;
  // The first whole day with km_on >= km: the ceiling of the days needed, then corrected by a
  // day either way so that the answer agrees with km_on() exactly (rounding of the division).
  double needed =
      (static_cast<double>(km) - static_cast<double>(mileage.anchor.km)) / mileage.daily_km;
  if (needed > static_cast<double>(kMaxProjectionDays)) return std::nullopt;
  long long day = std::max(1LL, static_cast<long long>(std::ceil(needed - 1e-9)));
  while (day > 1 && reaches(mileage, anchor.plus_days(day - 1), km)) --day;
  while (!reaches(mileage, anchor.plus_days(day), km)) ++day;
  if (day > kMaxProjectionDays) return std::nullopt;
  return anchor.plus_days(day);
}

const rules::WarrantyTerm* warranty_term(const rules::DealerTerms& terms, std::string_view brand,
                                         std::string_view model) {
  return most_specific(terms.warranty, brand, model);
}

const rules::MaintenanceTerm* maintenance_term(const rules::DealerTerms& terms,
                                               std::string_view brand, std::string_view model) {
  return most_specific(terms.maintenance, brand, model);
}

std::optional<WarrantyEnd> warranty_end(const VehicleFacts& vehicle,
                                        const rules::DealerTerms& terms) {
  const rules::WarrantyTerm* term = warranty_term(terms, vehicle.brand, vehicle.model);
  // Without a term only a dealer-given end date makes a warranty.
  if (!term && !vehicle.warranty_end) return std::nullopt;

  // Time: the dealer's end date if given; else the term's years from the warranty start (the
  // sale date when none was given), the day before the anniversary being the last day covered.
  Date start = vehicle.warranty_start.value_or(vehicle.sale_date);
  Date time_end = vehicle.warranty_end ? *vehicle.warranty_end
                                       : start.plus_months(12 * term->years).plus_days(-1);

  // Mileage: the dealer's limit if given, else the term's; reached when the projection says.
  std::optional<long long> km_limit = vehicle.warranty_km;
  if (!km_limit && term) km_limit = term->km;
  std::optional<Date> km_end;
  if (km_limit) {
    km_end = date_reaching(project_mileage(vehicle, terms.projection), *km_limit);
  }

  // Whichever first; a tie counts as ending by time.
  bool by_km = km_end && *km_end < time_end;
  return WarrantyEnd{by_km ? *km_end : time_end, by_km, time_end, km_end, km_limit};
}

std::optional<ServiceDue> first_service_due(const VehicleFacts& vehicle,
                                            const rules::DealerTerms& terms) {
  // Any maintenance order, first or periodic, means the first maintenance is behind us.
  if (!vehicle.maintenance_orders.empty()) return std::nullopt;
  const rules::MaintenanceTerm* term = maintenance_term(terms, vehicle.brand, vehicle.model);
  if (!term) return std::nullopt;
  // first_months after the sale or first_km on the odometer, whichever first.
  Mileage mileage = project_mileage(vehicle, terms.projection);
  return whichever_first(vehicle.sale_date.plus_months(term->first_months),
                         date_reaching(mileage, term->first_km), term->first_km);
}

std::optional<ServiceDue> next_service_due(const VehicleFacts& vehicle,
                                           const rules::DealerTerms& terms) {
  if (vehicle.maintenance_orders.empty()) return std::nullopt;
  const rules::MaintenanceTerm* term = maintenance_term(terms, vehicle.brand, vehicle.model);
  if (!term) return std::nullopt;

  // The last maintenance: the latest closed; of several closed the same day, the one with the
  // highest known mileage (an order without mileage ranks below one with it).
  auto earlier = [](const MaintenanceOrder& a, const MaintenanceOrder& b) {
    if (a.closed != b.closed) return a.closed < b.closed;
    return a.km.value_or(-1) < b.km.value_or(-1);
  };
  const MaintenanceOrder& last = *std::max_element(vehicle.maintenance_orders.begin(),
                                                   vehicle.maintenance_orders.end(), earlier);

  // Its mileage: as written on the order, else the projection on its day, rounded to the
  // nearest km. Then interval_months or interval_km after it, whichever first.
  Mileage mileage = project_mileage(vehicle, terms.projection);
  long long km_at_last = last.km ? *last.km : std::llround(km_on(mileage, last.closed));
  long long km_target = km_at_last + term->interval_km;
  return whichever_first(last.closed.plus_months(term->interval_months),
                         date_reaching(mileage, km_target), km_target);
}

std::optional<Date> next_inspection(const VehicleFacts& vehicle, const rules::DealerTerms& terms,
                                    Date not_before) {
  // The schedule: the rows of the vehicle's category, or the "*" rows when no row names it.
  // Chosen once: a category whose rows run out at some age does not fall back to "*".
  std::vector<const rules::InspectionTerm*> schedule;
  for (const auto& row : terms.inspection) {
    if (ascii_equal_ignoring_case(row.category, vehicle.category)) schedule.push_back(&row);
  }
  if (schedule.empty()) {
    for (const auto& row : terms.inspection) {
      if (row.category == "*") schedule.push_back(&row);
    }
  }

  // Counted from the registration, else the sale. Each inspection date is start + all months
  // so far (never chained from the previous, clamped, date: 31 Jan + 3 + 3 is 31 Jul).
  Date start = vehicle.registration_date.value_or(vehicle.sale_date);
  long long months = 0;
  Date inspection = start;
  while (true) {
    // The interval after an inspection is that of the first row (file order) whose until_age
    // exceeds the vehicle's age in whole years on that inspection's date.
    int age = whole_years(start, inspection);
    auto applies = [age](const rules::InspectionTerm* row) { return row->until_age > age; };
    auto row = std::find_if(schedule.begin(), schedule.end(), applies);
    if (row == schedule.end() || (*row)->every_months <= 0) return std::nullopt;
    months += (*row)->every_months;
    if (months > kMaxProjectionDays / 28) return std::nullopt;  // beyond any calendar use
    inspection = start.plus_months(static_cast<int>(months));
    if (inspection >= not_before) return inspection;
  }
}

Date next_birthday(Date birthday, Date not_before) {
  // Only month and day count, so a birth year in the future still gives the next occurrence.
  // 29 February falls on 28 February in common years.
  auto occurrence = [&](int year) {
    unsigned day = birthday.day();
    if (birthday.month() == 2 && day == 29) {
      bool leap = std::chrono::year(year).is_leap();
      if (!leap) day = 28;
    }
    return Date(year, birthday.month(), day);
  };
  Date this_year = occurrence(not_before.year());
  return this_year >= not_before ? this_year : occurrence(not_before.year() + 1);
}

}  // namespace ownercare::engine
