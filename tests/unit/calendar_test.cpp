#include "ownercare/core/calendar.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "support/temp_dir.hpp"

using ownercare::Calendar;
using ownercare::Date;
using ownercare::UsageError;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

// 2026-09-25 (Fri) .. 27 中秋节, 2026-10-01 .. 07 国庆节, 2026-09-20 (Sun) and 10-10 (Sat) worked.
Calendar autumn_2026() {
  std::vector<Calendar::Day> days = {
      {Date(2026, 9, 20), "国庆节", false}, {Date(2026, 9, 25), "中秋节", true},
      {Date(2026, 9, 26), "中秋节", true},  {Date(2026, 9, 27), "中秋节", true},
      {Date(2026, 10, 1), "国庆节", true},  {Date(2026, 10, 2), "国庆节", true},
      {Date(2026, 10, 3), "国庆节", true},  {Date(2026, 10, 4), "国庆节", true},
      {Date(2026, 10, 5), "国庆节", true},  {Date(2026, 10, 6), "国庆节", true},
      {Date(2026, 10, 7), "国庆节", true},  {Date(2026, 10, 10), "国庆节", false},
  };
  return Calendar(days, Date(2026, 1, 1), Date(2026, 12, 31));
}

std::string load_error(const std::string& toml_text) {
  TempDir dir;
  write_text(dir / "holidays.toml", toml_text);
  try {
    Calendar::load(dir / "holidays.toml");
  } catch (const UsageError& error) {
    std::string text = error.what();
    // Messages start with the file name; the folder is random.
    std::string prefix = (dir / "holidays.toml").string();
    if (text.compare(0, prefix.size(), prefix) == 0) text.replace(0, prefix.size(), "FILE");
    for (std::size_t at = text.find("\n" + prefix); at != std::string::npos;
         at = text.find("\n" + prefix, at + 1))
      text.replace(at + 1, prefix.size(), "FILE");
    return text;
  }
  return "no error";
}

constexpr const char* kHeader =
    "covered_from = 2026-01-01\n"
    "covered_until = 2026-12-31\n";

// The value after `"key": ` at or after `from`; `from` moves past it.
std::string json_value(const std::string& text, const std::string& key, std::size_t& from) {
  std::size_t at = text.find("\"" + key + "\":", from);
  if (at == std::string::npos) return {};
  at = text.find_first_not_of(" ", at + key.size() + 3);
  std::size_t end = text[at] == '"' ? text.find('"', at + 1) + 1 : text.find_first_of(",\n}", at);
  from = end;
  std::string value = text.substr(at, end - at);
  if (value.front() == '"') value = value.substr(1, value.size() - 2);
  return value;
}

}  // namespace

TEST_CASE("calendar: weekends are off unless listed as working days", "[calendar]") {
  Calendar calendar = autumn_2026();
  CHECK(calendar.is_off_day(Date(2026, 9, 19)));       // Saturday
  CHECK(calendar.is_working_day(Date(2026, 9, 20)));   // Sunday, adjusted working day
  CHECK(calendar.is_working_day(Date(2026, 10, 10)));  // Saturday, adjusted working day
  CHECK(calendar.is_off_day(Date(2026, 10, 11)));      // Sunday
}

TEST_CASE("calendar: listed days off are off, other weekdays work", "[calendar]") {
  Calendar calendar = autumn_2026();
  CHECK(calendar.is_off_day(Date(2026, 10, 1)));      // Thursday, 国庆节
  CHECK(calendar.is_off_day(Date(2026, 9, 25)));      // Friday, 中秋节
  CHECK(calendar.is_working_day(Date(2026, 9, 24)));  // Thursday
  CHECK(calendar.is_working_day(Date(2026, 10, 8)));  // Thursday after the holiday
}

TEST_CASE("calendar: adjacent holidays with different names stay apart", "[calendar]") {
  Calendar calendar = autumn_2026();
  REQUIRE(calendar.holidays().size() == 2);
  CHECK(calendar.holidays()[0].name == "中秋节");
  CHECK(calendar.holidays()[0].first_off == Date(2026, 9, 25));
  CHECK(calendar.holidays()[0].last_off == Date(2026, 9, 27));
  CHECK(calendar.holidays()[1].name == "国庆节");
  CHECK(calendar.holidays()[1].first_off == Date(2026, 10, 1));
  CHECK(calendar.holidays()[1].last_off == Date(2026, 10, 7));
}

TEST_CASE("calendar: a working day does not start a holiday", "[calendar]") {
  // 国庆节 is named on 2026-09-20 (worked) before its first day off.
  Calendar calendar = autumn_2026();
  for (const auto& holiday : calendar.holidays()) CHECK(holiday.first_off != Date(2026, 9, 20));
}

TEST_CASE("calendar: a run bridges unlisted weekend days", "[calendar]") {
  // Friday and Monday listed, the weekend between not: one holiday.
  Calendar calendar({{Date(2026, 5, 1), "劳动节", true}, {Date(2026, 5, 4), "劳动节", true}},
                    Date(2026, 1, 1), Date(2026, 12, 31));
  REQUIRE(calendar.holidays().size() == 1);
  CHECK(calendar.holidays()[0].last_off == Date(2026, 5, 4));
}

TEST_CASE("calendar: a working weekday between days off splits a run", "[calendar]") {
  Calendar calendar({{Date(2026, 5, 1), "劳动节", true}, {Date(2026, 5, 6), "劳动节", true}},
                    Date(2026, 1, 1), Date(2026, 12, 31));
  CHECK(calendar.holidays().size() == 2);
}

TEST_CASE("calendar: days given out of order are sorted", "[calendar]") {
  Calendar calendar({{Date(2026, 1, 2), "元旦", true}, {Date(2026, 1, 1), "元旦", true}},
                    Date(2026, 1, 1), Date(2026, 12, 31));
  REQUIRE(calendar.holidays().size() == 1);
  CHECK(calendar.holidays()[0].first_off == Date(2026, 1, 1));
  CHECK(calendar.holidays()[0].last_off == Date(2026, 1, 2));
}

TEST_CASE("calendar: holidays_between selects by first day off, inclusive", "[calendar]") {
  Calendar calendar = autumn_2026();
  CHECK(calendar.holidays_between(Date(2026, 9, 26), Date(2026, 9, 30)).empty());
  auto both = calendar.holidays_between(Date(2026, 9, 25), Date(2026, 10, 1));
  REQUIRE(both.size() == 2);
  CHECK(both[0].name == "中秋节");
  CHECK(both[1].name == "国庆节");
}

TEST_CASE("calendar: covers its range only", "[calendar]") {
  Calendar calendar = autumn_2026();
  CHECK(calendar.covers(Date(2026, 1, 1)));
  CHECK(calendar.covers(Date(2026, 12, 31)));
  CHECK_FALSE(calendar.covers(Date(2027, 1, 1)));
  CHECK_FALSE(calendar.covers(Date(2025, 12, 31)));
}

TEST_CASE("calendar: an empty calendar knows weekends only", "[calendar]") {
  Calendar calendar;
  CHECK(calendar.empty());
  CHECK(calendar.is_off_day(Date(2026, 10, 3)));
  CHECK(calendar.is_working_day(Date(2026, 10, 1)));
  CHECK(calendar.holidays().empty());
}

TEST_CASE("calendar load: a small file", "[calendar]") {
  TempDir dir;
  write_text(dir / "holidays.toml",
             std::string(kHeader) +
                 "source = \"test\"\n"
                 "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\noff = true\n"
                 "[[day]]\ndate = 2026-01-04\nname = \"元旦\"\noff = false\n");
  Calendar calendar = Calendar::load(dir / "holidays.toml");
  CHECK(calendar.covered_from() == Date(2026, 1, 1));
  CHECK(calendar.covered_until() == Date(2026, 12, 31));
  CHECK(calendar.is_off_day(Date(2026, 1, 1)));
  CHECK(calendar.is_working_day(Date(2026, 1, 4)));
  REQUIRE(calendar.holidays().size() == 1);
  CHECK(calendar.holidays()[0].name == "元旦");
}

TEST_CASE("calendar load: a UTF-8 byte order mark and CRLF lines are accepted", "[calendar]") {
  // What Windows editors write when operations staff edit the file by hand.
  TempDir dir;
  write_text(dir / "holidays.toml",
             "\xEF\xBB\xBF"
             "covered_from = 2026-01-01\r\ncovered_until = 2026-12-31\r\n"
             "[[day]]\r\ndate = 2026-01-01\r\nname = \"元旦\"\r\noff = true\r\n");
  CHECK(Calendar::load(dir / "holidays.toml").is_off_day(Date(2026, 1, 1)));
}

TEST_CASE("calendar load: a TOML syntax error names line and column", "[calendar]") {
  CHECK(load_error(std::string(kHeader) + "[[day]]\ndate = 2026-01-01\noff = tru\n") ==
        "FILE:5:10: Error while parsing boolean: expected 'true', saw 'tru\\n'");
}

TEST_CASE("calendar load: a full-width character outside quotes is located", "[calendar]") {
  CHECK(load_error(std::string(kHeader) + "[[day]]\ndate = 2026-01-01。\n") ==
        "FILE:4:18: \"。\" (U+3002) stands outside a string or comment; TOML allows non-ASCII "
        "characters only inside quotes and comments");
}

TEST_CASE("calendar load: a date with a stray digit before a comment is a syntax error",
          "[calendar]") {
  // Found by the rules fuzz target: toml++'s own assertion fires on "2026-01-02 0#" (with
  // its assertions on; the library as built refuses it).
  CHECK(load_error(std::string(kHeader) + "[[day]]\ndate = 2026-01-02 0# 星期五\nname = \"元旦\"\n"
                                          "off = true\n")
            .find("FILE:4:") == 0);
}

TEST_CASE("calendar load: an invalid TOML date is a syntax error", "[calendar]") {
  CHECK(load_error(std::string(kHeader) + "[[day]]\ndate = 2026-02-30\n").find("FILE:4:") == 0);
}

TEST_CASE("calendar load: a missing file is a usage error", "[calendar]") {
  TempDir dir;
  auto path = dir / "nothing.toml";
  CHECK_THROWS_MATCHES(Calendar::load(path), UsageError,
                       Catch::Message(path.string() + ": cannot read: No such file or directory"));
}

TEST_CASE("calendar load: unknown keys are refused", "[calendar]") {
  CHECK(load_error(std::string(kHeader) +
                   "colour = 1\n"
                   "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\nof = true\n") ==
        "FILE:3:1: unknown key \"colour\" (expected source, covered_from, covered_until, "
        "estimated_from, day)\n"
        "FILE:7:1: unknown key \"of\" in [[day]] (expected date, name, off, estimated)\n"
        "FILE:4:1: [[day]] off is missing");
}

TEST_CASE("calendar load: a quoted date is refused", "[calendar]") {
  CHECK(load_error(std::string(kHeader) +
                   "[[day]]\ndate = \"2026-01-01\"\nname = \"元旦\"\noff = true\n") ==
        "FILE:4:8: [[day]] date must be a date like 2026-10-01 (without quotes)");
}

TEST_CASE("calendar load: the covered range is required", "[calendar]") {
  CHECK(load_error("covered_from = 2026-01-01\n"
                   "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\noff = true\n") ==
        "FILE: covered_until is missing");
}

TEST_CASE("calendar load: a range ending before it starts is refused", "[calendar]") {
  CHECK(load_error("covered_from = 2026-01-01\ncovered_until = 2025-12-31\n"
                   "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\noff = true\n") ==
        "FILE:2:17: covered_until 2025-12-31 is before covered_from 2026-01-01\n"
        "FILE:4:8: 2026-01-01 lies outside covered_from..covered_until (2026-01-01..2025-12-31)");
}

TEST_CASE("calendar load: no days at all is refused", "[calendar]") {
  CHECK(load_error(kHeader) == "FILE: no [[day]] entries");
}

TEST_CASE("calendar load: day must be an array of tables", "[calendar]") {
  CHECK(load_error(std::string(kHeader) + "day = [1, 2]\n") ==
        "FILE:3:7: day must be a list of [[day]] tables");
}

TEST_CASE("calendar load: days must be in date order and unique", "[calendar]") {
  CHECK(load_error(std::string(kHeader) +
                   "[[day]]\ndate = 2026-01-02\nname = \"元旦\"\noff = true\n"
                   "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\noff = true\n"
                   "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\noff = true\n") ==
        "FILE:8:8: 2026-01-01 is listed after 2026-01-02; list days in date order\n"
        "FILE:12:8: 2026-01-01 is listed twice");
}

TEST_CASE("calendar load: a name must not be empty", "[calendar]") {
  CHECK(
      load_error(std::string(kHeader) + "[[day]]\ndate = 2026-01-01\nname = \" \"\noff = true\n") ==
      "FILE:5:8: [[day]] name must be a non-empty string");
}

TEST_CASE("calendar load: off must be a boolean", "[calendar]") {
  CHECK(load_error(std::string(kHeader) +
                   "[[day]]\ndate = 2026-01-01\nname = \"元旦\"\noff = \"yes\"\n") ==
        "FILE:6:7: [[day]] off must be true (day off) or false (adjusted working day)");
}

TEST_CASE("calendar load: days outside the covered range are refused", "[calendar]") {
  CHECK(load_error(std::string(kHeader) +
                   "[[day]]\ndate = 2027-01-01\nname = \"元旦\"\noff = true\n") ==
        "FILE:4:8: 2027-01-01 lies outside covered_from..covered_until (2026-01-01..2026-12-31)");
}

// The shipped calendar, checked against its source data.

TEST_CASE("holidays.toml: loads and covers 2025 to 2030", "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  CHECK(calendar.covered_from() == Date(2025, 1, 1));
  CHECK(calendar.covered_until() == Date(2030, 12, 31));
  CHECK(calendar.covers(Date(2027, 1, 1)));
  CHECK_FALSE(calendar.covers(Date(2031, 1, 1)));
}

TEST_CASE("holidays.toml: days off and working days per year", "[calendar]") {
  // Counted from holiday-cn's 2025.json and 2026.json.
  std::string text =
      ownercare::test::read_text(ownercare::test::source_dir() / "rules" / "holidays.toml");
  auto count = [&](const std::string& year, bool off) {
    int found = 0;
    std::string needle = "date = " + year + "-";
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1)) {
      std::size_t off_at = text.find("off = ", at);
      if ((text.compare(off_at + 6, 4, "true") == 0) == off) ++found;
    }
    return found;
  };
  CHECK(count("2025", true) == 28);
  CHECK(count("2025", false) == 5);
  CHECK(count("2026", true) == 33);
  CHECK(count("2026", false) == 6);

  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  int off_2026 = 0;
  for (Date day = Date(2026, 1, 1); day <= Date(2026, 12, 31); day = day.plus_days(1))
    off_2026 += calendar.is_off_day(day) ? 1 : 0;
  // 104 weekend days + 19 weekdays off - 6 weekends worked.
  CHECK(off_2026 == 117);
}

TEST_CASE("holidays.toml: the 2026 holidays", "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  auto holidays = calendar.holidays_between(Date(2026, 1, 1), Date(2026, 12, 31));
  std::vector<std::string> names;
  for (const auto& holiday : holidays) names.push_back(holiday.name);
  CHECK(names ==
        std::vector<std::string>{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"});
  REQUIRE(holidays.size() == 7);
  CHECK(holidays[1].first_off == Date(2026, 2, 15));
  CHECK(holidays[1].last_off == Date(2026, 2, 23));
  CHECK(holidays[6].first_off == Date(2026, 10, 1));
  CHECK(holidays[6].last_off == Date(2026, 10, 7));
}

TEST_CASE("holidays.toml: 2025's combined National Day and Mid-Autumn is one holiday",
          "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  auto autumn = calendar.holidays_between(Date(2025, 9, 1), Date(2025, 10, 31));
  REQUIRE(autumn.size() == 1);
  CHECK(autumn[0].name == "国庆节、中秋节");
  CHECK(autumn[0].first_off == Date(2025, 10, 1));
  CHECK(autumn[0].last_off == Date(2025, 10, 8));
}

TEST_CASE("holidays.toml: adjusted working days and ordinary weekdays work", "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  CHECK(Date(2026, 2, 14).weekday() == 6);
  CHECK(calendar.is_working_day(Date(2026, 2, 14)));
  CHECK(Date(2026, 10, 8).weekday() == 4);
  CHECK(calendar.is_working_day(Date(2026, 10, 8)));
  CHECK(calendar.is_off_day(Date(2026, 10, 8).plus_days(3)));  // Sunday 10-11
}

TEST_CASE("holidays.toml: every entry of holiday-cn's 2026.json is in the calendar", "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  std::string json = ownercare::test::read_text(ownercare::test::source_dir() / "data" /
                                                "holiday-cn" / "2026.json");
  std::size_t from = json.find("\"days\"");
  REQUIRE(from != std::string::npos);
  int entries = 0;
  for (;;) {
    std::string name = json_value(json, "name", from);
    if (name.empty()) break;
    std::string date_text = json_value(json, "date", from);
    std::string off = json_value(json, "isOffDay", from);
    auto date = Date::parse(date_text);
    REQUIRE(date);
    INFO(date_text << " " << name);
    REQUIRE((off == "true" || off == "false"));
    CHECK(calendar.is_off_day(*date) == (off == "true"));
    if (off == "true") {
      bool named = false;
      for (const auto& holiday : calendar.holidays())
        named = named ||
                (holiday.name == name && holiday.first_off <= *date && *date <= holiday.last_off);
      CHECK(named);
    }
    ++entries;
  }
  CHECK(entries == 39);
}

// Estimated years (no official data yet): days marked estimated = true from estimated_from on.

namespace {

constexpr const char* kEstimatedHeader =
    "covered_from = 2026-01-01\n"
    "covered_until = 2027-12-31\n"
    "estimated_from = 2027-01-01\n";

std::string day_entry(const std::string& date, const std::string& name, bool estimated) {
  return "[[day]]\ndate = " + date + "\nname = \"" + name + "\"\noff = true\n" +
         (estimated ? "estimated = true\n" : "");
}

}  // namespace

TEST_CASE("calendar load: estimated days and where the estimate starts", "[calendar]") {
  TempDir dir;
  write_text(dir / "holidays.toml", std::string(kEstimatedHeader) +
                                        day_entry("2026-10-01", "国庆节", false) +
                                        day_entry("2027-01-01", "元旦", true) +
                                        day_entry("2027-02-05", "春节", true) +
                                        day_entry("2027-02-08", "春节", true));
  Calendar calendar = Calendar::load(dir / "holidays.toml");
  REQUIRE(calendar.estimated_from());
  CHECK(*calendar.estimated_from() == Date(2027, 1, 1));
  CHECK_FALSE(calendar.is_estimated(Date(2026, 12, 31)));
  CHECK(calendar.is_estimated(Date(2027, 1, 1)));
  CHECK(calendar.is_estimated(Date(2027, 12, 31)));
  CHECK_FALSE(calendar.is_estimated(Date(2028, 1, 1)));  // not covered at all
  CHECK(calendar.estimated_years() == std::vector<int>{2027});
  REQUIRE(calendar.holidays().size() == 3);
  CHECK_FALSE(calendar.holidays()[0].estimated);
  CHECK(calendar.holidays()[1].estimated);
  CHECK(calendar.holidays()[2].name == "春节");
  CHECK(calendar.holidays()[2].first_off == Date(2027, 2, 5));
  CHECK(calendar.holidays()[2].last_off == Date(2027, 2, 8));  // the weekend bridged
  CHECK(calendar.holidays()[2].estimated);
  CHECK(calendar.is_off_day(Date(2027, 2, 8)));
}

TEST_CASE("calendar: a calendar without estimated_from has nothing estimated", "[calendar]") {
  Calendar calendar = autumn_2026();
  CHECK_FALSE(calendar.estimated_from());
  CHECK_FALSE(calendar.is_estimated(Date(2026, 10, 1)));
  CHECK(calendar.estimated_years().empty());
  for (const auto& holiday : calendar.holidays()) CHECK_FALSE(holiday.estimated);
}

TEST_CASE("calendar: estimated_holidays_touching lists estimated holidays overlapping a range",
          "[calendar]") {
  Calendar calendar({{Date(2026, 10, 1), "国庆节", true},
                     {Date(2027, 1, 1), "元旦", true, true},
                     {Date(2027, 2, 5), "春节", true, true},
                     {Date(2027, 2, 8), "春节", true, true}},
                    Date(2026, 1, 1), Date(2027, 12, 31), Date(2027, 1, 1));
  CHECK(calendar.estimated_holidays_touching(Date(2026, 9, 28), Date(2026, 10, 5)).empty());
  auto both = calendar.estimated_holidays_touching(Date(2026, 12, 29), Date(2027, 2, 5));
  REQUIRE(both.size() == 2);
  CHECK(both[0].name == "元旦");
  CHECK(both[1].name == "春节");
  // A range inside a holiday touches it; one ending the day before does not.
  CHECK(calendar.estimated_holidays_touching(Date(2027, 2, 7), Date(2027, 2, 7)).size() == 1);
  CHECK(calendar.estimated_holidays_touching(Date(2027, 1, 2), Date(2027, 2, 4)).empty());
}

TEST_CASE("calendar load: estimated must be a boolean", "[calendar]") {
  CHECK(load_error(std::string(kEstimatedHeader) +
                   "[[day]]\ndate = 2027-01-01\nname = \"元旦\"\noff = true\nestimated = 1\n") ==
        "FILE:8:13: [[day]] estimated must be true or false");
}

TEST_CASE("calendar load: estimated_from must lie in the covered range", "[calendar]") {
  CHECK(load_error("covered_from = 2026-01-01\ncovered_until = 2026-12-31\n"
                   "estimated_from = 2027-01-01\n" +
                   day_entry("2026-10-01", "国庆节", false)) ==
        "FILE:3:18: estimated_from 2027-01-01 lies outside covered_from..covered_until "
        "(2026-01-01..2026-12-31)");
}

TEST_CASE("calendar load: an estimated day before estimated_from is refused", "[calendar]") {
  CHECK(load_error(std::string(kEstimatedHeader) + day_entry("2026-10-01", "国庆节", true)) ==
        "FILE:5:8: 2026-10-01 is marked estimated = true but lies before estimated_from "
        "2027-01-01");
  CHECK(load_error(std::string(kHeader) + day_entry("2026-10-01", "国庆节", true)) ==
        "FILE:4:8: 2026-10-01 is marked estimated = true but the file has no estimated_from");
}

TEST_CASE("calendar load: a day from estimated_from on must be marked estimated", "[calendar]") {
  // Official data for an estimated year belongs in data/holiday-cn, from which
  // scripts/update-holidays moves estimated_from on.
  CHECK(load_error(std::string(kEstimatedHeader) + day_entry("2027-01-01", "元旦", false)) ==
        "FILE:5:8: 2027-01-01 lies on or after estimated_from 2027-01-01 but is not marked "
        "estimated = true (official days come before estimated_from: run "
        "scripts/update-holidays)");
}

// The shipped calendar's estimated years, 2027-2030 (data/lunar-dates.tsv,
// scripts/update-holidays).

TEST_CASE("holidays.toml: 2027 to 2030 are estimated, 2025 and 2026 official", "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  CHECK(calendar.covered_until() == Date(2030, 12, 31));
  REQUIRE(calendar.estimated_from());
  CHECK(*calendar.estimated_from() == Date(2027, 1, 1));
  CHECK(calendar.estimated_years() == std::vector<int>{2027, 2028, 2029, 2030});
  for (const auto& holiday : calendar.holidays()) {
    INFO(holiday.name << " " << holiday.first_off.iso());
    CHECK(holiday.estimated == (holiday.first_off.year() >= 2027));
  }
}

TEST_CASE("holidays.toml: the estimated holidays of 2027 on their statutory dates",
          "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  auto holidays = calendar.holidays_between(Date(2027, 1, 1), Date(2027, 12, 31));
  std::vector<std::string> found;
  for (const auto& holiday : holidays)
    found.push_back(holiday.first_off.iso() + ".." + holiday.last_off.iso() + " " + holiday.name);
  // 除夕 2027-02-05 (the day before 正月初一, 2027-02-06), 清明 2027-04-05, 端午 2027-06-09,
  // 中秋 2027-09-15.
  CHECK(found == std::vector<std::string>{
                     "2027-01-01..2027-01-01 元旦", "2027-02-05..2027-02-08 春节",
                     "2027-04-05..2027-04-05 清明节", "2027-05-01..2027-05-02 劳动节",
                     "2027-06-09..2027-06-09 端午节", "2027-09-15..2027-09-15 中秋节",
                     "2027-10-01..2027-10-03 国庆节"});
  // Adjusted working days are not guessed: a weekday not listed works, a weekend is off.
  CHECK(calendar.is_working_day(Date(2027, 10, 4)));
  CHECK(calendar.is_off_day(Date(2027, 2, 6)));
}

TEST_CASE("holidays.toml: 中秋 2028 falls on 国庆 and makes one holiday", "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  auto autumn = calendar.holidays_between(Date(2028, 9, 1), Date(2028, 10, 31));
  REQUIRE(autumn.size() == 1);
  CHECK(autumn[0].name == "国庆节、中秋节");
  CHECK(autumn[0].first_off == Date(2028, 10, 1));
  CHECK(autumn[0].last_off == Date(2028, 10, 3));
}

TEST_CASE("holidays.toml: each estimated year lists exactly the 13 statutory days off",
          "[calendar]") {
  // 元旦 1 + 春节 4 + 清明 1 + 劳动 2 + 端午 1 + 中秋 1 + 国庆 3; 2028 lists 12 dates, its 中秋
  // falling on 10-03.
  std::string text =
      ownercare::test::read_text(ownercare::test::source_dir() / "rules" / "holidays.toml");
  for (const auto& [year, expected] :
       std::vector<std::pair<std::string, int>>{{"2027", 13}, {"2028", 12}, {"2029", 13},
                                                {"2030", 13}}) {
    int days = 0;
    int marked = 0;
    std::string needle = "date = " + year + "-";
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1)) {
      ++days;
      std::size_t next = text.find("[[day]]", at);
      std::string entry = text.substr(at, next == std::string::npos ? next : next - at);
      if (entry.find("off = true\nestimated = true\n") != std::string::npos) ++marked;
    }
    INFO(year);
    CHECK(days == expected);
    CHECK(marked == expected);
  }
}

// The lunar and solar-term table the estimate comes from, checked against the official years:
// every statutory day it gives for 2025 and 2026 is an official day off of that holiday.
TEST_CASE("lunar-dates.tsv: the statutory days of 2025 and 2026 are official days off",
          "[calendar]") {
  Calendar calendar = Calendar::load(ownercare::test::source_dir() / "rules" / "holidays.toml");
  std::string table =
      ownercare::test::read_text(ownercare::test::source_dir() / "data" / "lunar-dates.tsv");
  auto holiday_on = [&](Date date) -> std::string {
    for (const auto& holiday : calendar.holidays())
      if (holiday.first_off <= date && date <= holiday.last_off) return holiday.name;
    return "";
  };
  int checked = 0;
  std::size_t at = 0;
  while (at < table.size()) {
    std::size_t end = table.find('\n', at);
    std::string line = table.substr(at, end - at);
    at = end == std::string::npos ? table.size() : end + 1;
    if (line.rfind("2025\t", 0) != 0 && line.rfind("2026\t", 0) != 0) continue;
    std::vector<std::string> cells;
    for (std::size_t from = 0;;) {
      std::size_t tab = line.find('\t', from);
      cells.push_back(line.substr(from, tab - from));
      if (tab == std::string::npos) break;
      from = tab + 1;
    }
    REQUIRE(cells.size() >= 6);
    auto date = [&](std::size_t column) {
      auto parsed = Date::parse(cells[column]);
      REQUIRE(parsed);
      return *parsed;
    };
    INFO(line);
    for (int i = 0; i < 4; ++i) CHECK(holiday_on(date(1).plus_days(i)) == "春节");
    CHECK(date(2) == date(1).plus_days(1));
    CHECK(holiday_on(date(3)) == "清明节");
    CHECK(holiday_on(date(4)) == "端午节");
    CHECK_THAT(holiday_on(date(5)), Catch::Contains("中秋节"));
    ++checked;
  }
  CHECK(checked == 2);
  // The task's own check values.
  CHECK(table.find("2026\t2026-02-16\t2026-02-17\t2026-04-05\t") != std::string::npos);
  CHECK(table.find("2027\t2027-02-05\t2027-02-06\t2027-04-05\t") != std::string::npos);
  CHECK(table.find("2028\t2028-01-25\t2028-01-26\t2028-04-04\t") != std::string::npos);
  CHECK(table.find("2029\t2029-02-12\t2029-02-13\t2029-04-04\t") != std::string::npos);
  CHECK(table.find("2030\t2030-02-02\t2030-02-03\t2030-04-05\t") != std::string::npos);
}
