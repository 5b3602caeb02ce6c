// Dates as spreadsheets and dealer systems write them in a cell (issue 9, point 1).
#include <catch2/catch.hpp>

#include "ownercare/core/date.hpp"

using ownercare::cell_date_problem;
using ownercare::Date;
using ownercare::excel_serial_date;
using ownercare::parse_cell_date;
using ownercare::parse_cell_datetime;

TEST_CASE("cell date: the contract's forms still read", "[date][cell]") {
  CHECK(parse_cell_date("2025-01-21") == Date(2025, 1, 21));
  CHECK(parse_cell_date("2025/1/21") == Date(2025, 1, 21));
  CHECK(parse_cell_date("2025-01-21 08:30:00") == Date(2025, 1, 21));
}

TEST_CASE("cell date: dots, as WPS and many DMS write them", "[date][cell]") {
  CHECK(parse_cell_date("2025.01.21") == Date(2025, 1, 21));
  CHECK(parse_cell_date("2025.1.5") == Date(2025, 1, 5));
  CHECK(parse_cell_date("2025.01.21 14:05") == Date(2025, 1, 21));
  CHECK_FALSE(parse_cell_date("2025.02.30"));
}

TEST_CASE("cell date: Chinese year, month and day", "[date][cell]") {
  CHECK(parse_cell_date("2025年1月21日") == Date(2025, 1, 21));
  CHECK(parse_cell_date("2025年01月05日") == Date(2025, 1, 5));
  CHECK(parse_cell_date("2025年1月21号") == Date(2025, 1, 21));
  CHECK(parse_cell_date("2025年1月21日 9:30") == Date(2025, 1, 21));
  CHECK(parse_cell_date("2025年1月21日9:30:00") == Date(2025, 1, 21));
  auto at = parse_cell_datetime("2025年1月21日 09:30");
  REQUIRE(at);
  CHECK(at->minute_of_day == 9 * 60 + 30);
  CHECK_FALSE(parse_cell_date("2025年2月30日"));
  CHECK_FALSE(parse_cell_date("2025年1月"));
  CHECK_FALSE(parse_cell_date("2025年1月21"));
}

TEST_CASE("cell date: eight digits are YYYYMMDD", "[date][cell]") {
  CHECK(parse_cell_date("20250121") == Date(2025, 1, 21));
  CHECK_FALSE(parse_cell_date("20251321"));
}

TEST_CASE("cell date: Excel serial numbers, 1900 date system", "[date][cell]") {
  // What Excel shows for these serials.
  CHECK(excel_serial_date(45678) == Date(2025, 1, 21));
  CHECK(excel_serial_date(1) == Date(1900, 1, 1));
  CHECK(excel_serial_date(59) == Date(1900, 2, 28));
  CHECK_FALSE(excel_serial_date(60));  // Lotus's 1900-02-29, which never was
  CHECK(excel_serial_date(61) == Date(1900, 3, 1));
  CHECK(excel_serial_date(44197) == Date(2021, 1, 1));
  CHECK_FALSE(excel_serial_date(0));
  CHECK_FALSE(excel_serial_date(-5));

  CHECK(parse_cell_date("45678") == Date(2025, 1, 21));
  CHECK(parse_cell_date("45678.0") == Date(2025, 1, 21));
  auto at = parse_cell_datetime("45678.75");  // 18:00
  REQUIRE(at);
  CHECK(at->date == Date(2025, 1, 21));
  CHECK(at->minute_of_day == 18 * 60);
}

TEST_CASE("cell date: serials outside 1930..2100 are not dates", "[date][cell]") {
  // A mileage or an amount typed into a date column must not become a date of 1900.
  CHECK_FALSE(parse_cell_date("100"));
  CHECK_FALSE(parse_cell_date("9999"));
  CHECK_FALSE(parse_cell_date("5000"));
  CHECK(parse_cell_date("12345") == Date(1933, 10, 18));
  CHECK(parse_cell_date("10959") == Date(1930, 1, 1));
  CHECK_FALSE(parse_cell_date("10958"));
  CHECK(parse_cell_date("73415") == Date(2100, 12, 31));
  CHECK_FALSE(parse_cell_date("73416"));
  CHECK_FALSE(parse_cell_date("4567890"));
}

TEST_CASE("cell date: month/day/year is refused with advice", "[date][cell]") {
  CHECK_FALSE(parse_cell_date("1/21/2025"));
  CHECK_FALSE(parse_cell_date("03/08/2025"));
  CHECK_FALSE(parse_cell_date("21-01-2025"));
  CHECK_FALSE(parse_cell_date("1/21/25"));
  auto problem = cell_date_problem("03/08/2025");
  CHECK(problem.find("YYYY-MM-DD") != std::string::npos);
  CHECK(problem.find("2025-03-08") != std::string::npos);
  CHECK(problem.find("2025-08-03") != std::string::npos);
  CHECK(cell_date_problem("1/21/2025").find("2025-01-21") != std::string::npos);
}

TEST_CASE("cell date: other text names the accepted forms", "[date][cell]") {
  CHECK_FALSE(parse_cell_date("明天"));
  CHECK_FALSE(parse_cell_date("2025-01-21x"));
  auto problem = cell_date_problem("明天");
  CHECK(problem == "\"明天\" is not a date (YYYY-MM-DD)");
}
