#include "ownercare/core/date.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

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

namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "YYYY.MM.DD[ time]" -> the same with dashes in the date part.
std::optional<DateTime> parse_dotted(std::string_view text) {
  if (text.size() < 8 || text[4] != '.') return std::nullopt;
  std::string copy(text);
  std::size_t end = copy.find_first_of(" T");
  if (end == std::string::npos) end = copy.size();
  int dots = 0;
  for (std::size_t i = 0; i < end; ++i) {
    if (copy[i] == '.') {
      copy[i] = '-';
      ++dots;
    }
  }
  if (dots != 2) return std::nullopt;
  return DateTime::parse(copy);
}

// "YYYY年M月D日[ time]" (日 or 号) -> "YYYY-M-D[ time]".
std::optional<DateTime> parse_chinese(std::string_view text) {
  static constexpr std::string_view kYear = "\xE5\xB9\xB4", kMonth = "\xE6\x9C\x88",
                                    kDay = "\xE6\x97\xA5", kDayColloquial = "\xE5\x8F\xB7";
  std::size_t pos = 0;
  auto number = [&](std::size_t min_digits, std::size_t max_digits) -> std::string_view {
    std::size_t start = pos;
    while (pos < text.size() && pos - start < max_digits && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
    if (pos - start < min_digits) return {};
    return text.substr(start, pos - start);
  };
  auto word = [&](std::string_view expected) {
    if (text.substr(pos, expected.size()) != expected) return false;
    pos += expected.size();
    return true;
  };
  auto year = number(4, 4);
  if (year.empty() || !word(kYear)) return std::nullopt;
  auto month = number(1, 2);
  if (month.empty() || !word(kMonth)) return std::nullopt;
  auto day = number(1, 2);
  if (day.empty() || (!word(kDay) && !word(kDayColloquial))) return std::nullopt;
  std::string iso = std::string(year) + "-" + std::string(month) + "-" + std::string(day);
  auto rest = trim(text.substr(pos));
  if (!rest.empty()) iso += " " + std::string(rest);
  return DateTime::parse(iso);
}

// An Excel serial number, with an optional fraction for the time of day.
std::optional<DateTime> parse_serial(std::string_view text) {
  constexpr long long kFirst = 10959;  // 1930-01-01
  constexpr long long kLast = 73415;   // 2100-12-31
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  if (!all_digits(whole) || whole.size() > 5) return std::nullopt;
  double fraction = 0;
  if (dot != std::string_view::npos) {
    auto decimals = text.substr(dot + 1);
    if (!all_digits(decimals)) return std::nullopt;
    auto value = parse_decimal("0." + std::string(decimals));
    if (!value) return std::nullopt;
    fraction = *value;
  }
  long long serial = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), serial);
  if (serial < kFirst || serial > kLast) return std::nullopt;
  auto date = excel_serial_date(serial);
  if (!date) return std::nullopt;
  int minute = static_cast<int>(fraction * 1440 + 0.5);
  if (minute > 1439) minute = 1439;
  return DateTime{*date, minute};
}

}  // namespace

std::optional<Date> excel_serial_date(long long serial) {
  if (serial < 1 || serial == 60) return std::nullopt;
  // Excel counts 1900-02-29 as day 60: from day 61 on, its day n is 1899-12-30 plus n.
  return serial < 60 ? Date(1899, 12, 31).plus_days(serial) : Date(1899, 12, 30).plus_days(serial);
}

std::optional<DateTime> parse_cell_datetime(std::string_view text) {
  if (auto parsed = DateTime::parse(text)) return parsed;
  text = trim(text);
  if (text.size() < 4) return std::nullopt;
  if (text.size() == 8 && all_digits(text)) {
    std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                      "-" + std::string(text.substr(6, 2));
    return DateTime::parse(iso);
  }
  if (text.size() > 4 && text[4] == '.') return parse_dotted(text);
  if (text.size() > 4 && static_cast<unsigned char>(text[4]) >= 0x80) return parse_chinese(text);
  return parse_serial(text);
}

std::optional<Date> parse_cell_date(std::string_view text) {
  auto parsed = parse_cell_datetime(text);
  if (!parsed) return std::nullopt;
  return parsed->date;
}

std::string cell_date_problem(std::string_view text) {
  text = trim(text);
  // d/m/y or m/d/y (with /, - or .), maybe with a time: the order cannot be told.
  std::string_view date_part = text.substr(0, text.find_first_of(" T"));
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= date_part.size(); ++i) {
    if (i == date_part.size() || date_part[i] == '/' || date_part[i] == '-' ||
        date_part[i] == '.') {
      parts.push_back(date_part.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() == 3 && all_digits(parts[0]) && all_digits(parts[1]) &&
      all_digits(parts[2]) && parts[0].size() <= 2 && parts[1].size() <= 2 &&
      (parts[2].size() == 4 || parts[2].size() == 2)) {
    if (parts[2].size() == 2) {
      return fmt::format("\"{}\" has a two-digit year and day and month in an unknown order: "
                         "write YYYY-MM-DD",
                         text);
    }
    int year = 0, first = 0, second = 0;
    std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), year);
    std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), first);
    std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), second);
    std::vector<std::string> readings;
    auto reading = [&](int month, int day) {
      std::chrono::year_month_day ymd{std::chrono::year(year),
                                      std::chrono::month(static_cast<unsigned>(month)),
                                      std::chrono::day(static_cast<unsigned>(day))};
      if (month >= 1 && day >= 1 && ymd.ok()) readings.push_back(Date(std::chrono::sys_days(ymd)).iso());
    };
    reading(first, second);
    if (first != second) reading(second, first);
    if (readings.size() == 2) {
      return fmt::format("\"{}\" has day and month in an unknown order: write YYYY-MM-DD ({} or "
                         "{})",
                         text, readings[0], readings[1]);
    }
    if (readings.size() == 1) {
      return fmt::format("\"{}\" is not in year-month-day order: write YYYY-MM-DD ({})", text,
                         readings[0]);
    }
  }
  return fmt::format("\"{}\" is not a date (YYYY-MM-DD)", text);
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
