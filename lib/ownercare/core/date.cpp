#include "ownercare/core/date.hpp"

#include <fmt/format.h>

#include <charconv>

#include "ownercare/core/text.hpp"

namespace ownercare {

namespace {

using namespace std::chrono;

// Reads 1..max_digits decimal digits at `pos`; advances pos.
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t min_digits,
                               std::size_t max_digits) {
  std::size_t start = pos;
  while (pos < text.size() && pos - start < max_digits && text[pos] >= '0' && text[pos] <= '9')
    ++pos;
  if (pos - start < min_digits) return std::nullopt;
  int value = 0;
  std::from_chars(text.data() + start, text.data() + pos, value);
  return value;
}

// Parses "HH:MM[:SS]" starting at pos and requiring the text to end there.
std::optional<int> read_time(std::string_view text, std::size_t pos) {
  auto hour = read_number(text, pos, 1, 2);
  if (!hour || pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  auto minute = read_number(text, pos, 2, 2);
  if (!minute) return std::nullopt;
  if (pos < text.size()) {
    if (text[pos] != ':') return std::nullopt;
    ++pos;
    auto second = read_number(text, pos, 2, 2);
    if (!second || *second > 59) return std::nullopt;
    // Fractions of a second, as some exports write them, are accepted and ignored.
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  if (pos != text.size() || *hour > 23 || *minute > 59) return std::nullopt;
  return *hour * 60 + *minute;
}

// Parses the date part; on success `pos` is just past it.
std::optional<Date> read_date(std::string_view text, std::size_t& pos) {
  auto year = read_number(text, pos, 4, 4);
  if (!year || pos >= text.size() || (text[pos] != '-' && text[pos] != '/')) return std::nullopt;
  char separator = text[pos++];
  auto month = read_number(text, pos, 1, 2);
  if (!month || pos >= text.size() || text[pos] != separator) return std::nullopt;
  ++pos;
  auto day = read_number(text, pos, 1, 2);
  if (!day) return std::nullopt;
  year_month_day ymd{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                     std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  return Date(sys_days(ymd));
}

}  // namespace

Date::Date(int y, unsigned m, unsigned d)
    : days_(sys_days(year_month_day{std::chrono::year(y), std::chrono::month(m),
                                    std::chrono::day(d)})) {}

std::optional<Date> Date::parse(std::string_view text) {
  auto parsed = DateTime::parse(text);
  if (!parsed) return std::nullopt;
  return parsed->date;
}

std::string Date::iso() const {
  // Written by hand: dates are formatted for every stored row, and fmt costs several times more.
  year_month_day ymd(days_);
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month());
  unsigned d = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
  std::string text(10, '-');
  text[0] = static_cast<char>('0' + y / 1000);
  text[1] = static_cast<char>('0' + y / 100 % 10);
  text[2] = static_cast<char>('0' + y / 10 % 10);
  text[3] = static_cast<char>('0' + y % 10);
  text[5] = static_cast<char>('0' + m / 10);
  text[6] = static_cast<char>('0' + m % 10);
  text[8] = static_cast<char>('0' + d / 10);
  text[9] = static_cast<char>('0' + d % 10);
  return text;
}

int Date::year() const { return static_cast<int>(year_month_day(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(year_month_day(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(year_month_day(days_).day()); }
unsigned Date::weekday() const { return std::chrono::weekday(days_).iso_encoding(); }

Date Date::plus_months(int n) const {
  year_month_day ymd(days_);
  year_month_day moved = ymd + months(n);
  if (!moved.ok()) moved = moved.year() / moved.month() / last;
  return Date(sys_days(moved));
}

std::optional<DateTime> DateTime::parse(std::string_view text) {
  // The usual case first: exactly YYYY-MM-DD, as every export writes most dates.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    auto digit = [&](std::size_t i) { return static_cast<unsigned>(text[i] - '0'); };
    bool digits = true;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) digits = digits && digit(i) <= 9;
    if (digits) {
      year_month_day ymd{
          std::chrono::year(static_cast<int>(digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 +
                                             digit(3))),
          std::chrono::month(digit(5) * 10 + digit(6)), std::chrono::day(digit(8) * 10 + digit(9))};
      if (!ymd.ok()) return std::nullopt;
      return DateTime{Date(sys_days(ymd)), 0};
    }
  }
  text = trim(text);
  std::size_t pos = 0;
  auto date = read_date(text, pos);
  if (!date) return std::nullopt;
  if (pos == text.size()) return DateTime{*date, 0};
  if (text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos < text.size() && text[pos] == 'T') ++pos;
  auto minute = read_time(text, pos);
  if (!minute) return std::nullopt;
  return DateTime{*date, *minute};
}

std::string DateTime::text() const { return date.iso() + " " + format_clock(minute_of_day); }

std::optional<int> parse_clock(std::string_view text) {
  text = trim(text);
  std::size_t pos = 0;
  auto hour = read_number(text, pos, 1, 2);
  if (!hour || pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  auto minute = read_number(text, pos, 2, 2);
  if (!minute || pos != text.size() || *minute > 59) return std::nullopt;
  int value = *hour * 60 + *minute;
  if (value > 24 * 60) return std::nullopt;
  return value;
}

std::string format_clock(int minute_of_day) {
  return fmt::format("{:02d}:{:02d}", minute_of_day / 60, minute_of_day % 60);
}

}  // namespace ownercare
