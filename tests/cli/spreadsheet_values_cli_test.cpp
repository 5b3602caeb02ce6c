// Values as Excel, WPS and DMS exports write them (issue 9, points 1 and 2), through the real
// ownercare-import: a GB18030 sales export with the usual DMS header names, Excel date numbers,
// Chinese dates, phones Excel has mangled, and several numbers in one cell.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "support/gb18030.hpp"
#include "cli/dealer_support.hpp"

namespace ownercare::test {
namespace {

RunResult import_kind(const Workspace& ws, const std::string& kind, const std::string& date,
                      const std::string& file) {
  return ws.run("ownercare-import",
                {"--db", Workspace::db, "--kind", kind, "--as-of", date, file});
}

// Every row of `sql`, one a line, columns joined by "|" (NULL as "").
std::string in_db(const Workspace& ws, const std::string& sql) {
  SQLite::Database connection((ws / Workspace::db).string(), SQLite::OPEN_READONLY);
  SQLite::Statement query(connection, sql);
  std::string rows;
  while (query.executeStep()) {
    if (!rows.empty()) rows += "\n";
    for (int i = 0; i < query.getColumnCount(); ++i) {
      if (i) rows += "|";
      rows += query.getColumn(i).isNull() ? "" : query.getColumn(i).getString();
    }
  }
  return rows;
}

// Writes `utf8` as GB18030, the way a Chinese Excel saves "CSV (逗号分隔)".
void write_gb18030(const Workspace& ws, const std::string& name, const std::string& utf8) {
  ws.write(name, to_gb18030(utf8));
}

}  // namespace

TEST_CASE("a GB18030 DMS sales export with its usual headers and Excel's values imports whole",
          "[cli][import][values]") {
  Workspace ws;
  std::string csv =
      "车架号,车牌号码,品牌名称,车型名称,经销商编号,客户名称,联系电话,出生日期,开票日期,"
      "行驶里程(km),保修到期日期\r\n";
  // Excel date numbers, a Chinese date, dots; a text-marked phone, a .0 phone; decimals.
  csv += fmt::format("{},京A10001,大众,朗逸,D001,张伟,'13912345671,45678,2025年1月21日,"
                     "12345.6,2028.01.20\r\n",
                     test_vin(1));
  csv += fmt::format("{},京A10002,大众,帕萨特,D001,李娜,13912345672.0,1988/5/6,45678.0,"
                     "\"8,000.4\",20280121\r\n",
                     test_vin(2));
  // Two numbers in one cell: the first is the mobile, the other kept.
  csv += fmt::format("{},京A10003,大众,途观,D001,王芳,13912345673、010-62345678,,2025-01-21,"
                     "0,\r\n",
                     test_vin(3));
  write_gb18030(ws, "sales.csv", csv);
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("3 rows, 3 new, 0 changed, 0 unchanged, 0 gone, 0 back, 0 rejected") !=
        std::string::npos);
  CHECK(in_db(ws, "SELECT plate, brand, model, customer_name, mobile, mobile_kind, birthday, "
                  "sale_date, odometer_km, warranty_end, other_phones FROM dealer_vehicle "
                  "ORDER BY plate") ==
        "京A10001|大众|朗逸|张伟|13912345671|mobile|2025-01-21|2025-01-21|12346|2028-01-20|\n"
        "京A10002|大众|帕萨特|李娜|13912345672|mobile|1988-05-06|2025-01-21|8000|2028-01-21|\n"
        "京A10003|大众|途观|王芳|13912345673|mobile||2025-01-21|0||01062345678");
}

TEST_CASE("a phone in scientific notation is kept out with a located warning",
          "[cli][import][values]") {
  Workspace ws;
  ws.write("sales.csv", fmt::format("vin,dealer_code,customer_name,mobile,sale_date\n"
                                    "{},D001,张伟,1.39123E+10,2025-01-21\n"
                                    "{},D001,李娜,13912345672,2025-01-21\n",
                                    test_vin(1), test_vin(2)));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: warning: sales.csv:2:4: mobile: \"1.39123E+10\" is a number in "
        "scientific notation: the spreadsheet turned the phone into a floating-point number and "
        "lost its last digits; kept out, so the subject is unreachable on it (format the column "
        "as text in the spreadsheet and export again)\n");
  // The vehicle is kept, its phone unusable.
  CHECK(in_db(ws, "SELECT mobile, mobile_kind FROM dealer_vehicle ORDER BY mobile DESC") ==
        "13912345672|mobile\n1.39123E+10|invalid");
}

TEST_CASE("a month/day/year date rejects its row with advice", "[cli][import][values]") {
  Workspace ws;
  ws.write("sales.csv", fmt::format("vin,dealer_code,mobile,sale_date\n"
                                    "{},D001,13912345671,3/8/2025\n"
                                    "{},D001,13912345672,2025-01-21\n"
                                    "{},D001,13912345673,2025-01-21\n"
                                    "{},D001,13912345674,2025-01-21\n"
                                    "{},D001,13912345675,2025-01-21\n"
                                    "{},D001,13912345676,2025-01-21\n"
                                    "{},D001,13912345677,2025-01-21\n"
                                    "{},D001,13912345678,2025-01-21\n"
                                    "{},D001,13912345679,2025-01-21\n"
                                    "{},D001,13912345670,2025-01-21\n"
                                    "{},D001,13912345660,2025-01-21\n",
                                    test_vin(1), test_vin(2), test_vin(3), test_vin(4),
                                    test_vin(5), test_vin(6), test_vin(7), test_vin(8),
                                    test_vin(9), test_vin(10), test_vin(11)));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("sales.csv:2:4: sale_date: \"3/8/2025\" has day and month in an unknown "
                        "order: write YYYY-MM-DD (2025-03-08 or 2025-08-03)") !=
        std::string::npos);
}

TEST_CASE("a sales file whose phone column has an unknown name is refused, naming it",
          "[cli][import][values]") {
  Workspace ws;
  ws.write("sales.csv", fmt::format("vin,dealer_code,客户联系号码电话,sale_date\n"
                                    "{},D001,13912345671,2025-01-21\n",
                                    test_vin(1)));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("sales.csv:1:3: column \"客户联系号码电话\" looks like a phone column, "
                        "but no phone column (mobile, home_phone, office_phone) was recognised") !=
        std::string::npos);
  CHECK_FALSE(ws.exists(Workspace::db));
}

TEST_CASE("联系电话 is a sales file's mobile, and with 手机 beside it 手机 is read",
          "[cli][import][values]") {
  Workspace ws;
  ws.write("sales.csv", fmt::format("车架号,经销商代码,联系电话,手机,销售日期\n"
                                    "{},D001,010-62345678,13912345671,2025-01-21\n",
                                    test_vin(1)));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: warning: sales.csv:1:3: ignoring column \"联系电话\": column 4 "
        "\"手机\" is read as mobile (a column map can choose the other)\n");
  CHECK(in_db(ws, "SELECT mobile FROM dealer_vehicle") == "13912345671");
}

TEST_CASE("a members file's further numbers in the mobile cell are kept as other phones",
          "[cli][import][values]") {
  Workspace ws;
  ws.write("members.csv",
           "会员卡号,会员姓名,手机号码,余额,有效期至\n"
           "M1,赵六,1.38E+10 / 13812345678,20,2026-03-20\n");
  auto result = import_kind(ws, "members", "2026-03-01", "members.csv");
  CHECK(result.exit_code == 0);
  CHECK(in_db(ws, "SELECT mobile_kind, other_phones, expires FROM member") ==
        "invalid|13812345678|2026-03-20");
}
}  // namespace ownercare::test

namespace ownercare::test {

TEST_CASE("a fleet snapshot keeps the first of several numbers and warns of the others",
          "[cli][import][values]") {
  Workspace ws;
  auto result = ws.import_fleet(
      "2026-03-01", std::string(kFleetHeader) +
                        "\nV1,京A00001,张伟,13912345671/13812345672,北京,1,,,,\n"
                        "V2,京A00002,李娜,1.39123E+10,北京,1,,,,\n"
                        "V3,京A00003,王芳,'13912345673.0,北京,1,,,,\n");
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: warning: fleet-2026-03-01.csv:2:4: owner_phone: "
        "\"13912345671/13812345672\" holds several numbers: the first is the owner's phone, the "
        "others (13812345672) are not kept (the platform has one phone per owner)\n"
        "ownercare-import: warning: fleet-2026-03-01.csv:3:4: owner_phone: \"1.39123E+10\" is a "
        "number in scientific notation: the spreadsheet turned the phone into a floating-point "
        "number and lost its last digits; kept out, so the subject is unreachable on it (format "
        "the column as text in the spreadsheet and export again)\n");
  CHECK(in_db(ws, "SELECT vehicle_id, owner_phone, phone_kind FROM fleet_vehicle "
                  "ORDER BY vehicle_id") ==
        "V1|13912345671|mobile\nV2|1.39123E+10|invalid\nV3|13912345673|mobile");
}

}  // namespace ownercare::test

namespace ownercare::test {

TEST_CASE("a row with an extra field in a semicolon file names the semicolon",
          "[cli][import][values]") {
  Workspace ws;
  std::string header(kFleetHeader);
  for (char& c : header) {
    if (c == ',') c = ';';
  }
  std::string rows;
  for (int i = 1; i <= 20; ++i) {
    rows += fmt::format("V{};京A000{:02};车主;139123456{:02};北京;1;;;;\n", i, i, i);
  }
  // 1;280 unquoted in a semicolon file: two fields.
  rows += "V21;京A00021;车主;13912345621;北京;1;;;;1;280\n";
  auto result = ws.import_fleet("2026-03-01", header + "\n" + rows);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("fleet-2026-03-01.csv:22:11: the row has 11 fields, the header 10 (is a "
                        "value with a semicolon not quoted?)") != std::string::npos);
}

}  // namespace ownercare::test
