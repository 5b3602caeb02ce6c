#include "ownercare/core/date.hpp"

#include <catch2/catch.hpp>

using ownercare::Date;
using ownercare::DateTime;

TEST_CASE("date: parses ISO dates", "[date]") {
  auto date = Date::parse("2026-11-24");
  REQUIRE(date);
  CHECK(date->year() == 2026);
  CHECK(date->month() == 11u);
  CHECK(date->day() == 24u);
  CHECK(date->iso() == "2026-11-24");
}

TEST_CASE("date: 2026-02-29 does not exist", "[date]") {
  CHECK_FALSE(Date::parse("2026-02-29"));
  CHECK_FALSE(Date::parse("2026-02-30"));
  CHECK_FALSE(Date::parse("2026-04-31"));
}

TEST_CASE("date: 2024-02-29 exists", "[date]") {
  auto date = Date::parse("2024-02-29");
  REQUIRE(date);
  CHECK(date->iso() == "2024-02-29");
}

TEST_CASE("date: slashes and single digits", "[date]") {
  auto date = Date::parse("2026/1/5");
  REQUIRE(date);
  CHECK(*date == Date(2026, 1, 5));
  CHECK(Date::parse("2026-1-5") == Date(2026, 1, 5));
}

TEST_CASE("date: a time after the date is ignored", "[date]") {
  CHECK(Date::parse("2026-11-24 09:30:15") == Date(2026, 11, 24));
  CHECK(Date::parse("2026-11-24 09:30") == Date(2026, 11, 24));
  CHECK(Date::parse("2026-11-24T09:30:15") == Date(2026, 11, 24));
  CHECK(Date::parse("2026/11/24 9:30") == Date(2026, 11, 24));
}

TEST_CASE("date: rejects malformed dates", "[date]") {
  CHECK_FALSE(Date::parse(""));
  CHECK_FALSE(Date::parse("2026-13-01"));
  CHECK_FALSE(Date::parse("2026-00-10"));
  CHECK_FALSE(Date::parse("2026-01-00"));
  CHECK_FALSE(Date::parse("26-01-05"));
  CHECK_FALSE(Date::parse("2026-01/05"));
  CHECK_FALSE(Date::parse("2026-01-05x"));
  CHECK_FALSE(Date::parse("2026-001-05"));
  CHECK_FALSE(Date::parse("20260105"));
  CHECK_FALSE(Date::parse("2026-01-05 25:00"));
  CHECK_FALSE(Date::parse("2026-01-05T"));
}

TEST_CASE("date: surrounding spaces are ignored", "[date]") {
  CHECK(Date::parse("  2026-01-05 ") == Date(2026, 1, 5));
  CHECK(Date::parse("\t2026-01-05\xE3\x80\x80") == Date(2026, 1, 5));  // U+3000 as well
}

TEST_CASE("date: ISO weekday", "[date]") {
  CHECK(Date(2026, 11, 24).weekday() == 2u);  // Tuesday
  CHECK(Date(2026, 11, 29).weekday() == 7u);  // Sunday
  CHECK(Date(2026, 11, 23).weekday() == 1u);  // Monday
  CHECK(Date(2026, 11, 28).is_weekend());
  CHECK_FALSE(Date(2026, 11, 27).is_weekend());
}

TEST_CASE("date: plus_days and days_since", "[date]") {
  CHECK(Date(2026, 12, 31).plus_days(1) == Date(2027, 1, 1));
  CHECK(Date(2026, 3, 1).plus_days(-1) == Date(2026, 2, 28));
  CHECK(Date(2026, 3, 1).days_since(Date(2026, 1, 1)) == 59);
  CHECK(Date(2026, 1, 1).days_since(Date(2026, 3, 1)) == -59);
}

TEST_CASE("date: serial counts days from 1970-01-01", "[date]") {
  CHECK(Date(1970, 1, 1).serial() == 0);
  CHECK(Date(2026, 11, 24).serial() == 20781);
  CHECK(Date().iso() == "1970-01-01");
}

TEST_CASE("date: plus_months keeps the day when it exists", "[date]") {
  CHECK(Date(2026, 1, 15).plus_months(1) == Date(2026, 2, 15));
  CHECK(Date(2026, 12, 15).plus_months(1) == Date(2027, 1, 15));
  CHECK(Date(2026, 1, 15).plus_months(-2) == Date(2025, 11, 15));
  CHECK(Date(2026, 1, 15).plus_months(36) == Date(2029, 1, 15));
}

TEST_CASE("date: plus_months clamps to the month's last day", "[date]") {
  CHECK(Date(2026, 1, 31).plus_months(1) == Date(2026, 2, 28));
  CHECK(Date(2024, 1, 31).plus_months(1) == Date(2024, 2, 29));
  CHECK(Date(2026, 3, 31).plus_months(-1) == Date(2026, 2, 28));
  CHECK(Date(2026, 5, 31).plus_months(1) == Date(2026, 6, 30));
  CHECK(Date(2024, 2, 29).plus_months(12) == Date(2025, 2, 28));
}

TEST_CASE("date-time: parses date and time", "[date]") {
  auto at = DateTime::parse("2026-11-24 09:30:15");
  REQUIRE(at);
  CHECK(at->date == Date(2026, 11, 24));
  CHECK(at->minute_of_day == 9 * 60 + 30);
  CHECK(at->text() == "2026-11-24 09:30");
}

TEST_CASE("date-time: T separator, single-digit hour, fractional seconds", "[date]") {
  CHECK(DateTime::parse("2026-11-24T18:05")->minute_of_day == 18 * 60 + 5);
  CHECK(DateTime::parse("2026/11/24 9:05")->minute_of_day == 9 * 60 + 5);
  CHECK(DateTime::parse("2026-11-24 09:30:15.250")->minute_of_day == 9 * 60 + 30);
}

TEST_CASE("date-time: a bare date is midnight", "[date]") {
  auto at = DateTime::parse("2026-11-24");
  REQUIRE(at);
  CHECK(at->minute_of_day == 0);
  CHECK(at->text() == "2026-11-24 00:00");
}

TEST_CASE("date-time: rejects impossible times", "[date]") {
  CHECK_FALSE(DateTime::parse("2026-11-24 24:00"));
  CHECK_FALSE(DateTime::parse("2026-11-24 09:60"));
  CHECK_FALSE(DateTime::parse("2026-11-24 09:30:60"));
  CHECK_FALSE(DateTime::parse("2026-11-24 09:3"));
  CHECK_FALSE(DateTime::parse("2026-11-24 0930"));
  CHECK_FALSE(DateTime::parse("2026-11-24 09:30 pm"));
}

TEST_CASE("date-time: orders by date then minute", "[date]") {
  CHECK(*DateTime::parse("2026-11-24 23:59") < *DateTime::parse("2026-11-25 00:00"));
  CHECK(*DateTime::parse("2026-11-24 09:00") < *DateTime::parse("2026-11-24 09:01"));
}

TEST_CASE("clock: parses HH:MM up to 24:00", "[date]") {
  CHECK(ownercare::parse_clock("09:00") == 540);
  CHECK(ownercare::parse_clock("9:00") == 540);
  CHECK(ownercare::parse_clock("00:00") == 0);
  CHECK(ownercare::parse_clock("24:00") == 1440);
  CHECK(ownercare::parse_clock(" 11:30 ") == 690);
}

TEST_CASE("clock: rejects other text", "[date]") {
  CHECK_FALSE(ownercare::parse_clock("24:01"));
  CHECK_FALSE(ownercare::parse_clock("25:00"));
  CHECK_FALSE(ownercare::parse_clock("09:60"));
  CHECK_FALSE(ownercare::parse_clock("09:0"));
  CHECK_FALSE(ownercare::parse_clock("0900"));
  CHECK_FALSE(ownercare::parse_clock("09:00:00"));
  CHECK_FALSE(ownercare::parse_clock(""));
  CHECK_FALSE(ownercare::parse_clock("-1:00"));
}

TEST_CASE("clock: formats with leading zeros", "[date]") {
  CHECK(ownercare::format_clock(545) == "09:05");
  CHECK(ownercare::format_clock(1440) == "24:00");
  CHECK(ownercare::format_clock(0) == "00:00");
}
