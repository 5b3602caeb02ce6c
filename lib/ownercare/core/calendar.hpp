// The public-holiday calendar of mainland China: statutory days off, adjusted working days
// (调休上班) and the holidays they belong to. Loaded from rules/holidays.toml, which is derived
// from holiday-cn (see data/holiday-cn/ and scripts/update-holidays). Years without official
// data yet are estimated from the statutory rules: from `estimated_from` on, every listed day
// is marked estimated (statutory days off only; adjusted working days unknown).
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
  bool estimated = false;  // from the statutory rules, not yet from an official notice
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
    bool estimated = false;
  };
  Calendar(std::vector<Day> days, Date covered_from, Date covered_until,
           std::optional<Date> estimated_from = std::nullopt);

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

  // Where the estimated part starts (it runs to covered_until); none when all is official.
  std::optional<Date> estimated_from() const { return estimated_from_; }
  // Whether what the calendar says of `date` is an estimate (false outside the covered range).
  bool is_estimated(Date date) const;
  // The years the estimated part touches, in order.
  std::vector<int> estimated_years() const;
  // Estimated holidays with a day off in [from, to], in date order.
  std::vector<Holiday> estimated_holidays_touching(Date from, Date to) const;

 private:
  std::vector<Day> days_;  // sorted by date
  std::vector<Holiday> holidays_;
  Date covered_from_;
  Date covered_until_;
  std::optional<Date> estimated_from_;
};

}  // namespace ownercare
