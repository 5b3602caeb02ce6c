// The dealer's tables in the rule files: warranty terms and maintenance intervals per brand and
// model, the annual-inspection schedule per vehicle category, and how mileage is projected.
//
// They are data, like the rules: a rule file may hold [[warranty]], [[maintenance]],
// [[inspection]] and [projection]; the engine turns them into each vehicle's due dates
// (engine/due_dates.hpp). Brand, model and category "*" match anything; the most specific
// entry wins (brand and model, then brand, then "*").
#pragma once

#include <string>
#include <vector>

namespace ownercare::rules {

struct WarrantyTerm {
  std::string brand = "*";
  std::string model = "*";
  int years = 3;           // seed 002: 3 years
  long long km = 100000;   //          or 100,000 km, whichever comes first
  int line = 0;
};

struct MaintenanceTerm {
  std::string brand = "*";
  std::string model = "*";
  long long first_km = 5000;    // first maintenance (强保): at this mileage
  int first_months = 6;         //   or this many months after the sale, whichever first
  long long interval_km = 10000;  // periodic maintenance (定保): this far after the last one
  int interval_months = 12;       //   or this many months after it, whichever first
  int line = 0;
};

// One row of the inspection schedule: vehicles of `category` younger than `until_age` years
// are inspected every `every_months` months, counted from the registration date.
struct InspectionTerm {
  std::string category = "*";
  int until_age = 100;
  int every_months = 12;
  int line = 0;
};

struct ProjectionTerms {
  int min_days = 30;               // two readings closer than this give no daily average
  double default_daily_km = 40;    // when the readings give none (about 15,000 km a year)
};

struct DealerTerms {
  std::vector<WarrantyTerm> warranty;
  std::vector<MaintenanceTerm> maintenance;
  std::vector<InspectionTerm> inspection;  // in file order; per category the first row whose
                                           // until_age exceeds the vehicle's age applies
  ProjectionTerms projection;
  std::string digest;  // SHA-256 of the tables as read: names the version vehicle_due used
};

}  // namespace ownercare::rules
