// The public-holiday calendar of mainland China: statutory days off, adjusted working days
// (调休上班) and the holidays they belong to. Loaded from rules/holidays.toml, which is derived
// from holiday-cn (see data/holiday-cn/ and scripts/update-holidays).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare {

struct Holiday {
  std::string name;  // as the source names it, e.g. 国庆节
  Date first_off;    // the first statutory day off
  Date last_off;     // the last consecutive day off of the same name
};

class Calendar {
 public:
  Calendar() = default;
  // Reads a holidays.toml; throws UsageError naming the file, line and column on a bad file.
  static Calendar load(const std::filesystem::path& file);
  // Builds a calendar from entries directly (tests).
  struct Day {
    Date date;
    std::string name;
    bool off = true;  // false: an adjusted working day
  };
  Calendar(std::vector<Day> days, Date covered_from, Date covered_until);

  // Off days are listed holidays, and weekends unless listed as adjusted working days.
  bool is_off_day(Date date) const;
  bool is_working_day(Date date) const { return !is_off_day(date); }
  // Holidays whose first day off lies in [from, to], in date order.
  std::vector<Holiday> holidays_between(Date from, Date to) const;
  const std::vector<Holiday>& holidays() const { return holidays_; }
  Date covered_from() const { return covered_from_; }
  Date covered_until() const { return covered_until_; }
  bool covers(Date date) const { return covered_from_ <= date && date <= covered_until_; }
  bool empty() const { return days_.empty(); }

 private:
  std::vector<Day> days_;  // sorted by date
  std::vector<Holiday> holidays_;
  Date covered_from_;
  Date covered_until_;
};

}  // namespace ownercare
