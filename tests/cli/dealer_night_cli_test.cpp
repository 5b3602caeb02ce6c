// A dealer night run for real (SPEC 2.2, 3.3, 3.4, 3.6, 5): ownercare-import --kind sales and
// --kind service, ownercare-evaluate with the dealer rules, the call list an agent works from
// (columns, team, the other phones, what to read before dialling), an outcome file fed back
// with ownercare-record, and the next night following from it.
//
// The night of 2026-10-15: 周先生's car (sold 2024-05-06) left the workshop on 10-14 after a
// repair with an open suggestion; its last maintenance was on 2026-04-10. The post-service
// callback (service_callback d1_call) is due on 10-15. 吴女士's car has nothing due. Nothing
// else is due either: the warranty ends 2027-05-05, the inspection after 2026-05-06 is in
// 2028, the next maintenance is due in 2027 (33,000 km on 04-10, 43,000 km at about 42.6 km a
// day in February 2027).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/dealer_support.hpp"

namespace ownercare::test {
namespace {

// VINs with valid check digits (ISO 3779: position 9).
const std::string kZhouVin = "LFV3A23C4M5100101";
const std::string kWuVin = "LFV3A23C6M5100102";

// The headers of dealer_support.hpp, as strings to append rows to.
const std::string kSalesHead(kSalesHeader);
const std::string kServiceHead(kServiceHeader);

std::string sales_snapshot() {
  return kSalesHead + kZhouVin +
         ",浙A12345,大众,朗逸,passenger,D0571,周先生,13812340101,0571-87650101,,,2024-05-06,,,,,"
         ",\n" +
         kWuVin + ",浙A67890,大众,速腾,passenger,D0571,吴女士,13912340102,,,,2025-03-20,,,,,,\n";
}

std::string first_service_file() {
  return kServiceHead + "SO-9001," + kZhouVin +
         ",,D0571,maintenance,2026-04-10,2026-04-10,33000,李工,,,480\n"
         "SO-9002," +
         kZhouVin +
         ",,D0571,repair,2026-10-13,2026-10-14,38000,王工,\"左前刹车片剩余3mm，建议下次更换\",,"
         "1260\n";
}

RunResult import_kind(const Workspace& ws, const std::string& kind, const std::string& date,
                      const std::string& csv) {
  std::string file = kind + "-" + date + ".csv";
  ws.write(file, csv);
  return ws.run("ownercare-import",
                {"--db", Workspace::db, "--kind", kind, "--as-of", date, file});
}

RunResult evaluate_dealer(const Workspace& ws, const std::string& date) {
  return ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", "rules", "--as-of", date,
                                       "--out", Workspace::out});
}

// Imports a night's sales snapshot and service file (none but the header after the first
// night: no new orders), then evaluates it with the dealer rules (dealer_care.toml and
// warranty.toml, so no other snapshot kind is expected).
void run_dealer_night(const Workspace& ws, const std::string& date, const std::string& service) {
  require_success(import_kind(ws, "sales", date, sales_snapshot()));
  require_success(import_kind(ws, "service", date, service));
  require_success(evaluate_dealer(ws, date));
}

void set_up_first_night(const Workspace& ws) {
  ws.copy_rule_files("rules", {"dealer_care.toml", "warranty.toml"});
  run_dealer_night(ws, "2026-10-15", first_service_file());
}

// calls.csv of a night, as records (the header first).
std::vector<std::vector<std::string>> calls_of(const Workspace& ws, const std::string& date) {
  return read_csv(ws / ("out/" + date + "/calls.csv"));
}

// The cell of `column` in a record of a file whose header is `header`.
std::string cell(const std::vector<std::string>& header, const std::vector<std::string>& row,
                 const std::string& column) {
  for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
    if (header[i] == column) return row[i];
  }
  FAIL("no column " << column);
  return "";
}

}  // namespace

TEST_CASE("a dealer night: the imports and the evaluation succeed quietly", "[cli][dealer]") {
  Workspace ws;
  ws.copy_rule_files("rules", {"dealer_care.toml", "warranty.toml"});
  auto sales = import_kind(ws, "sales", "2026-10-15", sales_snapshot());
  CHECK(sales.exit_code == 0);
  CHECK(sales.err.empty());
  auto service = import_kind(ws, "service", "2026-10-15", first_service_file());
  CHECK(service.exit_code == 0);
  CHECK(service.err.empty());
  auto night = evaluate_dealer(ws, "2026-10-15");
  CHECK(night.exit_code == 0);
  CHECK(night.err.empty());
  CHECK(night.out ==
        "2026-10-15: 0 sms, 1 call, 0 hand-offs, 0 delistings -> out/2026-10-15\n");
}

TEST_CASE("a dealer night lists the post-service callback the day after the repair",
          "[cli][dealer]") {
  Workspace ws;
  set_up_first_night(ws);
  auto calls = calls_of(ws, "2026-10-15");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0] == std::vector<std::string>{"task_id", "subject_kind", "subject_id", "rule",
                                             "step", "attempt", "window", "name", "phone",
                                             "other_phones", "team", "reason", "context"});
  const auto& header = calls[0];
  const auto& row = calls[1];
  CHECK(cell(header, row, "subject_kind") == "order");
  CHECK(cell(header, row, "subject_id") == "SO-9002");
  CHECK(cell(header, row, "rule") == "service_callback");
  CHECK(cell(header, row, "step") == "d1_call");
  CHECK(cell(header, row, "attempt") == "1");
  CHECK(cell(header, row, "window") == "09:00-11:30");
  CHECK(cell(header, row, "name") == "周先生");
  CHECK(cell(header, row, "phone") == "13812340101");
}

TEST_CASE("a dealer call row names the dealer, the other phones, the last service and the open "
          "suggestion",
          "[cli][dealer]") {
  Workspace ws;
  set_up_first_night(ws);
  auto calls = calls_of(ws, "2026-10-15");
  REQUIRE(calls.size() == 2);
  const auto& header = calls[0];
  const auto& row = calls[1];
  CHECK(cell(header, row, "team") == "D0571");
  CHECK(cell(header, row, "other_phones") == "057187650101");
  auto context = cell(header, row, "context");
  INFO(context);
  // The maintenance before this repair, and the suggestion the workshop left open.
  CHECK(context.find("2026-04-10") != std::string::npos);
  // The full-width comma of the service file was folded on import (README "Inputs").
  CHECK(context.find("左前刹车片剩余3mm,建议下次更换") != std::string::npos);
  // The facts to verify before dialling: the plate and the VIN.
  CHECK(context.find("浙A12345") != std::string::npos);
  CHECK(context.find(kZhouVin) != std::string::npos);
}

TEST_CASE("further numbers of a sales row's mobile cell are offered as other phones",
          "[cli][dealer][values]") {
  Workspace ws;
  ws.copy_rule_files("rules", {"dealer_care.toml", "warranty.toml"});
  std::string sales = sales_snapshot();
  sales.replace(sales.find("13812340101"), 11, "13812340101、13812349999");
  require_success(import_kind(ws, "sales", "2026-10-15", sales));
  require_success(import_kind(ws, "service", "2026-10-15", first_service_file()));
  require_success(evaluate_dealer(ws, "2026-10-15"));
  auto calls = calls_of(ws, "2026-10-15");
  REQUIRE(calls.size() == 2);
  CHECK(cell(calls[0], calls[1], "phone") == "13812340101");
  CHECK(cell(calls[0], calls[1], "other_phones") == "057187650101;13812349999");
}

TEST_CASE("a miss recorded the next night lists try 2 in the afternoon window", "[cli][dealer]") {
  Workspace ws;
  set_up_first_night(ws);
  auto first = calls_of(ws, "2026-10-15");
  REQUIRE(first.size() == 2);
  auto task_id = cell(first[0], first[1], "task_id");

  require_success(import_kind(ws, "sales", "2026-10-16", sales_snapshot()));
  require_success(import_kind(ws, "service", "2026-10-16", kServiceHead));
  auto recorded = ws.record("2026-10-16", "outcomes-2026-10-16.csv",
                            "task_id,result,disposition,at,appointment_date,satisfaction,"
                            "new_phone,note\n" +
                                task_id + ",no_answer,,2026-10-15 09:40,,,,响铃无人接\n");
  CHECK(recorded.exit_code == 0);
  CHECK(recorded.err.empty());
  require_success(evaluate_dealer(ws, "2026-10-16"));

  auto second = calls_of(ws, "2026-10-16");
  REQUIRE(second.size() == 2);
  CHECK(cell(second[0], second[1], "task_id") == task_id);
  CHECK(cell(second[0], second[1], "attempt") == "2");
  CHECK(cell(second[0], second[1], "window") == "14:00-16:30");
  CHECK(cell(second[0], second[1], "phone") == "13812340101");
}

TEST_CASE("the vehicles a night's imports change are recomputed by its evaluation, then "
          "forgotten",
          "[cli][dealer]") {
  Workspace ws;
  set_up_first_night(ws);
  CHECK(query_db(ws / Workspace::db, "SELECT count(*) FROM vehicle_due_state") == "1");
  require_success(import_kind(ws, "sales", "2026-10-16", sales_snapshot()));
  // 吴女士's first maintenance, done on 10-15 at 5,100 km: the periodic one is due 12 months
  // or 10,000 km later, whichever comes first. She drives about 9 km a day (5,100 km in 574
  // days since the sale), so by months: 2027-10-15. Only a recomputation finds it.
  require_success(import_kind(ws, "service", "2026-10-16",
                              kServiceHead + "SO-9101," + kWuVin +
                                  ",,D0571,first_maintenance,2026-10-15,2026-10-15,5100,李工,,,"
                                  "300\n"));
  CHECK(query_db(ws / Workspace::db, "SELECT group_concat(vin) FROM vehicle_changed") == kWuVin);
  require_success(evaluate_dealer(ws, "2026-10-16"));
  CHECK(query_db(ws / Workspace::db, "SELECT count(*) FROM vehicle_changed") == "0");
  CHECK(query_db(ws / Workspace::db,
                 "SELECT next_service_on FROM vehicle_due WHERE vin = '" + kWuVin + "'") ==
        "2027-10-15");
}

TEST_CASE("a reached customer is not listed again the next night", "[cli][dealer]") {
  Workspace ws;
  set_up_first_night(ws);
  auto first = calls_of(ws, "2026-10-15");
  REQUIRE(first.size() == 2);
  auto task_id = cell(first[0], first[1], "task_id");

  require_success(import_kind(ws, "sales", "2026-10-16", sales_snapshot()));
  require_success(import_kind(ws, "service", "2026-10-16", kServiceHead));
  require_success(ws.record("2026-10-16", "outcomes-2026-10-16.csv",
                            "task_id,result,disposition,at,appointment_date,satisfaction,"
                            "new_phone,note\n" +
                                task_id + ",reached,satisfied,2026-10-15 10:05,,5,,\n"));
  auto night = evaluate_dealer(ws, "2026-10-16");
  CHECK(night.exit_code == 0);
  CHECK(night.out ==
        "2026-10-16: 0 sms, 0 calls, 0 hand-offs, 0 delistings -> out/2026-10-16\n");
  CHECK(calls_of(ws, "2026-10-16").size() == 1);  // the header only
}

TEST_CASE("a complaint on one order's callback is shown before the vehicle's next call",
          "[cli][dealer]") {
  Workspace ws;
  set_up_first_night(ws);
  auto first = calls_of(ws, "2026-10-15");
  REQUIRE(first.size() == 2);
  auto task_id = cell(first[0], first[1], "task_id");

  // 10-16: the customer complains on SO-9002's callback, and brings the car in again.
  require_success(import_kind(ws, "sales", "2026-10-16", sales_snapshot()));
  require_success(import_kind(ws, "service", "2026-10-16",
                              kServiceHead + "SO-9003," + kZhouVin +
                                  ",,D0571,repair,2026-10-16,2026-10-16,38100,王工,,,300\n"));
  require_success(ws.record("2026-10-16", "outcomes-2026-10-16.csv",
                            "task_id,result,disposition,at,appointment_date,satisfaction,"
                            "new_phone,note\n" +
                                task_id + ",reached,complaint,2026-10-15 10:05,,1,,异响没修好\n"));
  require_success(evaluate_dealer(ws, "2026-10-16"));
  run_dealer_night(ws, "2026-10-17", kServiceHead);

  auto calls = calls_of(ws, "2026-10-17");
  REQUIRE(calls.size() == 2);
  CHECK(cell(calls[0], calls[1], "subject_id") == "SO-9003");
  CHECK_THAT(cell(calls[0], calls[1], "context"),
             Catch::Contains("投诉记录：2026-10-16 complaint: 异响没修好"));
}

TEST_CASE("export lists the sold vehicles, one vehicle's orders and its changes",
          "[cli][dealer][export]") {
  Workspace ws;
  set_up_first_night(ws);
  auto sold = parse_csv(ws.export_table("sold").out);
  REQUIRE(sold.size() == 3);  // the header and two vehicles
  CHECK(sold[0][0] == "vin");
  CHECK(sold[1][0] == kZhouVin);
  CHECK(sold[2][0] == kWuVin);
  auto orders = parse_csv(
      ws.run("ownercare-export", {"--db", Workspace::db, "--subject", kZhouVin, "orders"}).out);
  REQUIRE(orders.size() == 3);
  CHECK(orders[1][0] == "SO-9001");
  CHECK(orders[2][0] == "SO-9002");
  CHECK(orders[2][9] == "左前刹车片剩余3mm,建议下次更换");  // full-width comma folded
}

TEST_CASE("export sold shows due dates that have passed, marked as passed",
          "[cli][dealer][export]") {
  Workspace ws;
  set_up_first_night(ws);
  auto result = ws.export_table("sold", {"--rules", "rules", "--as-of", "2026-10-15"});
  REQUIRE(result.exit_code == 0);
  auto sold = parse_csv(result.out);
  REQUIRE(sold.size() == 3);
  CHECK(sold[0].back() == "passed");
  REQUIRE(sold[2][0] == kWuVin);
  // 吴女士's first service fell due on 2025-07-23 (see explain below): vehicle_due keeps no
  // such date, the export recomputes it and says it has passed.
  CHECK(cell(sold[0], sold[2], "first_service_on") == "2025-07-23");
  CHECK(cell(sold[0], sold[2], "warranty_end_on") == "2028-03-19");
  CHECK(cell(sold[0], sold[2], "passed") == "first_service_on");
  // Without the rules the stored dates are shown, with a note saying what that leaves out.
  auto stored = ws.export_table("sold", {"--as-of", "2026-10-15"});
  REQUIRE(stored.exit_code == 0);
  CHECK_THAT(stored.err, Catch::Contains("without --rules"));
  CHECK(cell(parse_csv(stored.out)[0], parse_csv(stored.out)[2], "first_service_on").empty());
}

TEST_CASE("history by a home phone finds the sold vehicle with its orders and their callbacks",
          "[cli][dealer][history]") {
  Workspace ws;
  set_up_first_night(ws);
  auto result = ws.export_table("history", {"--find", "0571-8765 0101"});
  REQUIRE(result.exit_code == 0);
  auto records = parse_csv(result.out);
  REQUIRE(records.size() > 1);
  std::vector<std::string> lines;
  for (std::size_t row = 1; row < records.size(); ++row) {
    CHECK(records[row][1] == kZhouVin);
    CHECK(records[row][3] == "phone");
    lines.push_back(records[row][4] + " " + records[row][5] + " " + records[row][6]);
  }
  CHECK(lines.front() == "2024-05-06 sale sold by dealer D0571");
  CHECK(std::find(lines.begin(), lines.end(),
                  "2026-10-14 order SO-9002 repair at D0571, 38000 km; suggestion: "
                  "左前刹车片剩余3mm,建议下次更换") != lines.end());
  bool callback = false;
  for (const auto& line : lines) {
    callback = callback || (line.rfind("2026-10-15 task ", 0) == 0 &&
                            line.find("service_callback/d1_call (call) due 2026-10-15, order "
                                      "SO-9002") != std::string::npos);
  }
  CHECK(callback);
}

TEST_CASE("explain shows an order's rule, its anchor and the task of each step",
          "[cli][dealer][explain]") {
  Workspace ws;
  set_up_first_night(ws);
  auto result = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules", "rules",
                                           "--as-of", "2026-10-15", "SO-9002"});
  REQUIRE(result.exit_code == 0);
  auto lines = split_lines(result.out);
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == "order SO-9002 (repair) closed 2026-10-14, vehicle " + kZhouVin +
                        ", dealer D0571");
  // Calls go to the mobile; the home phone is the other one.
  CHECK(lines[1] == "phones: mobile 13812340101 (mobile), home 057187650101 (landline); SMS to "
                    "13812340101; calls to 13812340101");
  CHECK_THAT(result.out, Catch::Contains("rule service_callback (维修/保养后回访：出厂后1-3天，"
                                         "目标成功率80%): applies, anchor closed 2026-10-14\n"));
  CHECK_THAT(result.out, Catch::Contains("  d1_call      day   1  call    2026-10-15  task T"));
  CHECK_THAT(result.out, Catch::Contains(": listed, first listed 2026-10-15"));
}

TEST_CASE("explain shows a sold vehicle's due dates and the rules anchored on them",
          "[cli][dealer][explain]") {
  Workspace ws;
  set_up_first_night(ws);
  auto result = ws.run("ownercare-rules", {"explain", "--db", Workspace::db, "--rules", "rules",
                                           "--as-of", "2026-10-15", kWuVin});
  REQUIRE(result.exit_code == 0);
  // 吴女士's car: sold 2025-03-20, no order, no reading. Warranty: 3 years, the day before the
  // anniversary: 2028-03-19 (at the default 40 km a day 100,000 km is 2,500 days away). First
  // service: 6 months (2025-09-20) or 5,000 km (125 days: 2025-07-23), whichever first: by
  // km, 2025-07-23, long past (explain shows it; vehicle_due stores no such date).
  CHECK_THAT(result.out, Catch::StartsWith("vehicle " + kWuVin +
                                           " 浙A67890 大众 速腾, dealer D0571, owner 吴女士, "
                                           "sold 2025-03-20\n"));
  CHECK_THAT(result.out, Catch::Contains("due: warranty end 2028-03-19, first service 2025-07-23"));
  CHECK_THAT(result.out,
             Catch::Contains("rule new_car_call (新车七日电访：销售日期后第7天): applies, anchor "
                             "sale_date 2025-03-20\n"));
  CHECK_THAT(result.out, Catch::Contains("applies, anchor warranty_end 2028-03-19\n"));
  CHECK_THAT(result.out, Catch::Contains("rule service_reminder (定保提醒：距上次保养满间隔里程或"
                                         "月数前短信、再电话): does not apply: no service_due "
                                         "date\n"));
}

}  // namespace ownercare::test
