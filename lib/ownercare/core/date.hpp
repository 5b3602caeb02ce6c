// Calendar dates and local date-times.
//
// ownercare has no clock: every function that needs "today" is given a Date. Dates are civil
// dates in the configured zone (Asia/Shanghai by default); there is no time-zone arithmetic
// anywhere, because every input and output is local.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace ownercare {

class Date {
 public:
  Date() = default;
  explicit Date(std::chrono::sys_days days) : days_(days) {}
  Date(int year, unsigned month, unsigned day);

  // Accepts YYYY-MM-DD and YYYY/MM/DD, optionally followed by " HH:MM[:SS]" or "THH:MM[:SS]"
  // (the time is ignored). Single-digit months and days are accepted (2026/1/5).
  // Returns nullopt for anything else, including dates that do not exist (2026-02-30).
  static std::optional<Date> parse(std::string_view text);

  std::string iso() const;  // YYYY-MM-DD
  int year() const;
  unsigned month() const;
  unsigned day() const;
  unsigned weekday() const;  // ISO: Monday = 1 ... Sunday = 7
  bool is_weekend() const { return weekday() >= 6; }

  Date plus_days(long long n) const { return Date(days_ + std::chrono::days(n)); }
  Date plus_months(int n) const;  // clamps the day: 01-31 plus one month is 02-28 or 02-29
  // Calendar days from `earlier` to this date (negative when this date is earlier).
  long long days_since(Date earlier) const { return (days_ - earlier.days_).count(); }
  long long serial() const { return days_.time_since_epoch().count(); }  // days since 1970-01-01
  std::chrono::sys_days days() const { return days_; }

  auto operator<=>(const Date&) const = default;

 private:
  std::chrono::sys_days days_{};
};

// A local date and minute of day, as in an outcome's `at` column.
struct DateTime {
  Date date;
  int minute_of_day = 0;  // 0 ... 1439

  // Accepts a Date::parse date followed by " HH:MM[:SS]" or "THH:MM[:SS]"; a bare date means
  // 00:00.
  static std::optional<DateTime> parse(std::string_view text);
  std::string text() const;  // YYYY-MM-DD HH:MM
  auto operator<=>(const DateTime&) const = default;
};

// Dates in input cells (imports, outcomes), as spreadsheets and dealer systems write them:
// everything Date::parse / DateTime::parse accepts, and YYYY.MM.DD, YYYY年M月D日 (or 号),
// each with an optional time; YYYYMMDD; and Excel serial numbers (the 1900 date system, with a
// fraction for the time of day) from 1930-01-01 to 2100-12-31, so that a number typed into a
// date column by mistake is not taken for a date of 1900. Day-first or month-first forms
// (1/21/2025, 21-01-2025) are never guessed.
std::optional<Date> parse_cell_date(std::string_view text);
std::optional<DateTime> parse_cell_datetime(std::string_view text);
// Why `text` is not a cell date, for a reject: "\"3/8/2025\" is day and month in an unknown
// order: write YYYY-MM-DD (2025-03-08 or 2025-08-03)", else "\"x\" is not a date (YYYY-MM-DD)".
std::string cell_date_problem(std::string_view text);
// The date of an Excel serial number in the 1900 date system (1 = 1900-01-01; 60 is the
// 1900-02-29 Excel keeps from Lotus 1-2-3, which never existed); nullopt for 60 and below 1.
std::optional<Date> excel_serial_date(long long serial);

// "HH:MM" -> minutes since midnight; nullopt unless 00:00 <= value <= 24:00.
std::optional<int> parse_clock(std::string_view text);
std::string format_clock(int minute_of_day);  // HH:MM

}  // namespace ownercare
