// scripts/update-holidays, run for real (python3, standard library only): the shipped calendar
// is what the script makes of the shipped data; an official year replaces its estimate and the
// estimate moves on; the lunar table is checked against the official years.
#include <catch2/catch.hpp>
#include <string>

#include "cli/cli_support.hpp"

namespace ownercare::test {

namespace {

std::string update_holidays(const std::string& arguments) {
  return shell_quote((source_dir() / "scripts" / "update-holidays").string()) + " " + arguments;
}

// A holiday-cn year file with the given "days" entries (JSON objects).
std::string holiday_cn_year(int year, const std::string& days) {
  return "{\"year\": " + std::to_string(year) + ", \"papers\": [\"https://example.org/" +
         std::to_string(year) + "\"], \"days\": [" + days + "]}\n";
}

std::string official_day(const std::string& date, const std::string& name, bool off) {
  return "{\"name\": \"" + name + "\", \"date\": \"" + date +
         "\", \"isOffDay\": " + (off ? "true" : "false") + "}";
}

}  // namespace

// [posix]: runs a shell pipeline; Windows has no /bin/sh.
TEST_CASE("update-holidays: the shipped calendar is what the script makes of the shipped data",
          "[cli][holidays][posix]") {
  Workspace ws;
  auto source = shell_quote((source_dir() / "data" / "holiday-cn").string());
  auto result = ws.shell(update_holidays(source + " holidays.toml"));
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());  // the lunar table agrees with 2025 and 2026
  CHECK(ws.read("holidays.toml") == read_text(source_dir() / "rules" / "holidays.toml"));
}

// [posix]: runs scripts/update-holidays (python3) through the shell.
TEST_CASE("update-holidays: an official year replaces its estimate and the estimate moves on",
          "[cli][holidays][posix]") {
  Workspace ws;
  for (const char* year : {"2025", "2026"}) {
    ws.write(std::string("cn/") + year + ".json",
             read_text(source_dir() / "data" / "holiday-cn" / (std::string(year) + ".json")));
  }
  // A made-up 2027 notice: 元旦 Friday to Sunday, and one adjusted working day.
  ws.write("cn/2027.json",
           holiday_cn_year(2027, official_day("2027-01-01", "元旦", true) + ", " +
                                     official_day("2027-01-02", "元旦", true) + ", " +
                                     official_day("2027-01-03", "元旦", true) + ", " +
                                     official_day("2027-02-20", "春节", false)));
  auto result = ws.shell(update_holidays("cn holidays.toml"));
  REQUIRE(result.exit_code == 0);
  std::string text = ws.read("holidays.toml");
  CHECK(text.find("covered_until = 2031-12-31\nestimated_from = 2028-01-01\n") !=
        std::string::npos);
  CHECK(text.find("date = 2027-01-02  # 星期六\nname = \"元旦\"\noff = true\n\n") !=
        std::string::npos);
  CHECK(text.find("date = 2027-02-20  # 星期六\nname = \"春节\"\noff = false") !=
        std::string::npos);
  CHECK(text.find("date = 2027-02-05") == std::string::npos);  // the estimate is gone
  CHECK(text.find("# ---- 2031 估算 / estimated ----") != std::string::npos);
  CHECK(text.find("date = 2031-01-22  # 星期三\nname = \"春节\"\noff = true\nestimated = true\n") !=
        std::string::npos);
  // The made-up 2027 lacks most statutory days: the check against the lunar table says so.
  CHECK_THAT(result.err, Catch::Contains("update-holidays: warning: 2027: the estimate has 春节 "
                                         "on 2027-02-05, which the official data does not list "
                                         "as a day off\n"));
  // What it wrote loads, the estimate marked from 2028 on.
  ws.copy_rules("rules");
  std::filesystem::copy_file(ws / "holidays.toml", ws / "rules" / "holidays.toml",
                             std::filesystem::copy_options::overwrite_existing);
  auto check = ws.run("ownercare-rules", {"check", "rules"});
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains("holidays 2025-01-01 to 2031-12-31 (estimated from "
                                        "2028-01-01): ok\nnote: the holidays of 2028, 2029, "
                                        "2030, 2031 are estimated"));
}

// [posix]: runs scripts/update-holidays (python3) through the shell.
TEST_CASE("update-holidays: a year past the lunar table is refused, nothing written",
          "[cli][holidays][posix]") {
  Workspace ws;
  ws.write("cn/2026.json",
           read_text(source_dir() / "data" / "holiday-cn" / "2026.json"));
  ws.write("lunar.tsv", "year\t除夕\t春节\t清明\t端午\t中秋\t清明时刻\n"
                        "2027\t2027-02-05\t2027-02-06\t2027-04-05\t2027-06-09\t2027-09-15\t08:14\n");
  auto result = ws.shell(update_holidays("cn holidays.toml lunar.tsv"));
  CHECK(result.exit_code == 1);
  CHECK(result.err == "update-holidays: error: lunar.tsv has no row for 2028: extend it with "
                      "scripts/make-lunar-dates\n");
  CHECK_FALSE(ws.exists("holidays.toml"));
}

}  // namespace ownercare::test
