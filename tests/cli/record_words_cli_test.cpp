// ownercare-record reading outcome files as call centres write them (issue 9): a GB18030 file
// with Chinese headers and Chinese words, a dealer callback answered 已接通/满意, a VICIdial
// call-status export through the shipped column and value maps (examples/vicidial-*.toml),
// the value map from the config, and a broken value map refused before anything is read.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/dealer_support.hpp"
#include "support/gb18030.hpp"

namespace ownercare::test {
namespace {

// The night of 2026-03-01 for 5 owners who went offline that day (5 d0 SMS) and 12 who went
// offline four days before (12 d4 calls); returns the task ids: SMS first, then the calls.
std::vector<std::string> fleet_night(const Workspace& ws) {
  std::vector<std::string> rows;
  for (int i = 1; i <= 5; ++i) {
    rows.push_back(fleet_row(fmt::format("FS{:02}", i), fmt::format("京N1{:04}", i),
                             fmt::format("车主{}", i), fmt::format("1381234{:04}", i), -1,
                             "2026-03-01"));
  }
  for (int i = 1; i <= 12; ++i) {
    rows.push_back(fleet_row(fmt::format("FC{:02}", i), fmt::format("京Q2{:04}", i),
                             fmt::format("车主{}", 10 + i), fmt::format("1391234{:04}", i), -1,
                             "2026-02-25"));
  }
  require_success(ws.import_fleet("2026-03-01", fleet_csv(rows)));
  require_success(ws.evaluate("2026-03-01"));
  std::vector<std::string> ids;
  for (const char* file : {"out/2026-03-01/sms.csv", "out/2026-03-01/calls.csv"}) {
    auto records = read_csv(ws / file);
    for (std::size_t row = 1; row < records.size(); ++row) ids.push_back(records[row][0]);
  }
  REQUIRE(ids.size() == 17);
  return ids;
}

// task id -> "result/disposition" of every outcome stored, from ownercare-export.
std::map<std::string, std::string> stored_outcomes(const Workspace& ws) {
  auto exported = ws.export_table("outcomes");
  REQUIRE(exported.exit_code == 0);
  auto records = parse_csv(exported.out);
  REQUIRE_FALSE(records.empty());
  REQUIRE(records[0][6] == "result");
  REQUIRE(records[0][7] == "disposition");
  std::map<std::string, std::string> outcomes;
  for (std::size_t row = 1; row < records.size(); ++row) {
    outcomes[records[row][0]] = records[row][6] + "/" + records[row][7];
  }
  return outcomes;
}

// The exported outcome of a task (task_id, subject_kind, subject_id, rule, step, attempt,
// result, disposition, at, appointment_date, satisfaction, new_phone, note, recorded_on).
std::vector<std::string> exported_row(const Workspace& ws, const std::string& task_id) {
  for (auto& row : parse_csv(ws.export_table("outcomes").out)) {
    if (row[0] == task_id) return row;
  }
  FAIL("no outcome for " << task_id);
  return {};
}

std::filesystem::path example(const char* name) {
  return ownercare::test::source_dir() / "examples" / name;
}

}  // namespace

TEST_CASE("a GB18030 outcomes file with Chinese headers and Chinese words is recorded",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  std::string csv = "任务编号,通话结果,处理结果,回访时间,备注\n";
  csv += ids[0] + ",已送达,,,\n";
  csv += ids[1] + ",发送成功,,,\n";
  csv += ids[2] + ",发送失败,,,\n";
  csv += ids[3] + ",退订,,,\n";  // the owner replied to opt out
  csv += ids[4] + ",已送达,,,\n";
  csv += ids[5] + ",无人接听,,2026-03-01 10:05,关机\n";
  csv += ids[6] + ",已接通,再等等,2026-03-01 10:12,车主说下个月再看\n";
  csv += ids[7] + ",正在开车,,2026-03-01 10:20,\n";
  ws.write("outcomes.csv", to_gb18030(csv));
  auto result = ws.run("ownercare-record",
                       {"--db", "ownercare.db", "--as-of", "2026-03-02", "outcomes.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == "outcomes.csv: 8 lines, 8 applied, 0 repeated, 0 rejected; 2 retries, 0 "
                      "delisted, 1 do-not-call\n");
  CHECK(stored_outcomes(ws) == std::map<std::string, std::string>{
                                   {ids[0], "delivered/"},
                                   {ids[1], "delivered/"},
                                   {ids[2], "failed/"},
                                   {ids[3], "delivered/do_not_call"},
                                   {ids[4], "delivered/"},
                                   {ids[5], "no_answer/"},
                                   {ids[6], "reached/wait"},
                                   {ids[7], "reached/driving"},
                               });
  CHECK(exported_row(ws, ids[5])[12] == "关机");
}

TEST_CASE("an unknown Chinese word is rejected with its line and column, the rest applied",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  std::string csv = "任务ID,结果\n";
  for (std::size_t i = 0; i < 5; ++i) csv += ids[i] + ",已送达\n";
  csv += ids[5] + ",无人接听\n";
  csv += ids[6] + ",占线\n";
  for (int copy = 0; copy < 3; ++copy) csv += ids[5] + ",无人接听\n";  // repeats: no-ops
  csv += ids[7] + ",已挂机\n";  // line 12: no word ownercare knows
  auto result = ws.run("ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-03-02",
                                            "--rejects", "bad.csv", "-"},
                       csv);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "<stdin>: 11 lines, 7 applied, 3 repeated, 1 rejected; 2 retries, 0 "
                      "delisted, 0 do-not-call\n");
  CHECK(result.err ==
        "ownercare-record: rejected: <stdin>:12:2: result: \"已挂机\" is not one of delivered, "
        "failed, reached, no_answer, busy, voicemail, refused, invalid_number, not_found, done "
        "(nor a word or code for one; see the README, Outcomes)\n"
        "ownercare-record: 1 rejected line written to bad.csv\n");
  CHECK(stored_outcomes(ws).count(ids[7]) == 0);
}

TEST_CASE("a dealer callback answered 已接通 and 满意 is a satisfied customer in the report",
          "[cli][record][words]") {
  Workspace ws;
  ws.copy_rule_files("rules", {"dealer_care.toml", "warranty.toml"});
  const std::string vin = test_vin(1);
  SaleLine sale;
  sale.vin = vin;
  sale.dealer_code = "D0571";
  auto import = [&](const std::string& kind, const std::string& date, const std::string& csv) {
    std::string file = kind + "-" + date + ".csv";
    ws.write(file, csv);
    require_success(ws.run("ownercare-import",
                           {"--db", Workspace::db, "--kind", kind, "--as-of", date, file}));
  };
  import("sales", "2026-10-15", sales_csv({sale}));
  auto order = vehicle_order("SO-9002", vin);
  order.type = "repair";
  order.dealer_code = "D0571";
  order.opened = "2026-10-13";
  order.closed = "2026-10-14";
  import("service", "2026-10-15", std::string(kServiceHeader) + order.csv());
  require_success(ws.run("ownercare-evaluate", {"--db", Workspace::db, "--rules", "rules",
                                                "--as-of", "2026-10-15", "--out", "out"}));
  auto calls = read_csv(ws / "out/2026-10-15/calls.csv");
  REQUIRE(calls.size() == 2);
  const auto& task_id = calls[1][0];

  auto result = ws.record("2026-10-16", "回访结果.csv",
                          "任务编号,呼叫结果,客户反馈,满意度,通话备注\n" + task_id +
                              ",已接通,满意,5,师傅很专业\n");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(stored_outcomes(ws) == std::map<std::string, std::string>{{task_id, "reached/satisfied"}});
  auto report = ws.run("ownercare-report", {"--db", Workspace::db, "--as-of", "2026-10-16",
                                            "--table", "satisfaction", "--format", "csv"});
  CHECK(report.exit_code == 0);
  CHECK_THAT(report.out, Catch::Contains("D0571,1,0,0,0,0,1,5.00,0,0,0"));
}

TEST_CASE("a VICIdial export is recorded through the shipped column and value maps",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  // VICIdial's call export: the task id came back in vendor_lead_code, where the call list
  // was loaded with it; `status` is the dialer's call status.
  std::string csv =
      "lead_id,vendor_lead_code,phone_number,status,user,call_date,campaign_id,callback_time,"
      "comments\n";
  csv += "1001," + ids[5] + ",13912340001,NA,6001,2026-03-01 09:31:02,CARE,,\n";
  csv += "1002," + ids[6] + ",13912340002,CALLBK,6002,2026-03-01 09:40:10,CARE,"
         "2026-03-04 10:00:00,车主让周三再打\n";
  csv += "1003," + ids[7] + ",13912340003,dnc,6001,2026-03-01 09:45:00,CARE,,\n";
  ws.write("vicidial.csv", csv);
  auto result = ws.run("ownercare-record",
                       {"--db", "ownercare.db", "--as-of", "2026-03-02", "--columns",
                        example("vicidial-columns.toml").string(), "--values",
                        example("vicidial-values.toml").string(), "vicidial.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "vicidial.csv: 3 lines, 3 applied, 0 repeated, 0 rejected; 2 retries, 0 "
                      "delisted, 1 do-not-call\n");
  CHECK(result.err == "ownercare-record: warning: vicidial.csv:1: ignoring unknown columns: "
                      "lead_id, phone_number, user, campaign_id\n");
  CHECK(stored_outcomes(ws) == std::map<std::string, std::string>{
                                   {ids[5], "no_answer/"},
                                   {ids[6], "reached/callback"},
                                   {ids[7], "reached/do_not_call"},
                               });
  auto callback = exported_row(ws, ids[6]);
  CHECK(callback[8] == "2026-03-01 09:40");
  CHECK(callback[9] == "2026-03-04");
  CHECK(callback[12] == "车主让周三再打");
}

TEST_CASE("a VICIdial status the value map does not know is rejected on its line",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  const std::vector<std::string> statuses = {"NA", "N", "B",    "A",   "AA",
                                             "DC", "NI", "SALE", "XFER", "DROP"};
  std::string csv = "vendor_lead_code,status,call_date\n";
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    csv += ids[5 + i] + "," + statuses[i] + ",2026-03-01 09:31:02\n";
  }
  csv += ids[15] + ",INCALL,2026-03-01 09:33:00\n";  // line 12: a call still going
  ws.write("vicidial.csv", csv);
  auto result = ws.run("ownercare-record",
                       {"--db", "ownercare.db", "--as-of", "2026-03-02", "--columns",
                        example("vicidial-columns.toml").string(), "--values",
                        example("vicidial-values.toml").string(), "vicidial.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "vicidial.csv: 11 lines, 10 applied, 0 repeated, 1 rejected; 6 retries, 0 "
                      "delisted, 0 do-not-call\n");
  CHECK(result.err ==
        "ownercare-record: rejected: vicidial.csv:12:2: result: \"INCALL\" is not one of "
        "delivered, failed, reached, no_answer, busy, voicemail, refused, invalid_number, "
        "not_found, done (nor a word or code for one; see the README, Outcomes)\n"
        "ownercare-record: 1 rejected line written to vicidial.rejects.csv\n");
  auto stored = stored_outcomes(ws);
  CHECK(stored == std::map<std::string, std::string>{
                      {ids[5], "no_answer/"},
                      {ids[6], "no_answer/"},
                      {ids[7], "busy/"},
                      {ids[8], "voicemail/"},
                      {ids[9], "voicemail/"},
                      {ids[10], "invalid_number/"},
                      {ids[11], "reached/"},
                      {ids[12], "reached/"},
                      {ids[13], "reached/"},
                      {ids[14], "no_answer/"},
                  });
  auto rejects = read_csv(ws / "vicidial.rejects.csv");
  REQUIRE(rejects.size() == 2);
  CHECK(rejects[1][0] == "12");
  CHECK(rejects[1][3] == "INCALL");
}

TEST_CASE("a result ownercare knows that does not fit the task names the word as written",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  std::string csv = "任务编号,结果\n" + ids[0] + ",已接通\n";
  auto result = ws.record("2026-03-02", "outcomes.csv", csv);
  CHECK(result.exit_code == 3);
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-record: error: outcomes.csv:2:2: result: "
                                           "\"已接通\" (reached) is not a result of a sms task "
                                           "(use delivered, failed)\n"));
  CHECK(stored_outcomes(ws).empty());
}

TEST_CASE("the config's outcome_values and columns serve ownercare-record",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  ws.write("conf/ownercare.toml",
           "db = \"../ownercare.db\"\ncolumns = \"columns.toml\"\n"
           "outcome_values = \"values.toml\"\n");
  ws.write("conf/columns.toml", "[columns]\n\"单号\" = \"task_id\"\n\"状态码\" = \"result\"\n");
  ws.write("conf/values.toml", "[values]\n\"01\" = \"no_answer\"\n\"09\" = \"refused\"\n");
  ws.write("outcomes.csv", "单号,状态码\n" + ids[5] + ",01\n" + ids[6] + ",09\n");
  auto result = ws.run("ownercare-record",
                       {"--config", "conf/ownercare.toml", "--as-of", "2026-03-02", "outcomes.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(stored_outcomes(ws) == std::map<std::string, std::string>{{ids[5], "no_answer/"},
                                                                  {ids[6], "refused/"}});
}

TEST_CASE("a value map with a target ownercare does not know exits 2 naming its line",
          "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  ws.write("values.toml", "[values]\nNA = \"no_answer\"\nB = \"bussy\"\n");
  ws.write("outcomes.csv", "task_id,result\n" + ids[5] + ",NA\n");
  auto result = ws.run("ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-03-02",
                                            "--values", "values.toml", "outcomes.csv"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-record: error: values.toml:3:5: \"bussy\" is not a result (delivered, failed, "
        "reached, no_answer, busy, voicemail, refused, invalid_number, not_found, done) or a "
        "disposition (relist, wait, never, callback, satisfied, unsatisfied, complaint, "
        "appointment, do_not_call, driving, wrong_info, sold_vehicle)\n");
  CHECK(stored_outcomes(ws).empty());
}

TEST_CASE("record --columns maps an outcome file's own header names", "[cli][record][words]") {
  Workspace ws;
  auto ids = fleet_night(ws);
  ws.write("map.toml", "[columns]\n\"工单流水\" = \"task_id\"\n\"坐席结论\" = \"result\"\n");
  ws.write("outcomes.csv", "工单流水,坐席结论\n" + ids[5] + ",未接通\n");
  auto result = ws.run("ownercare-record", {"--db", "ownercare.db", "--as-of", "2026-03-02",
                                            "--columns", "map.toml", "outcomes.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(stored_outcomes(ws) == std::map<std::string, std::string>{{ids[5], "no_answer/"}});
}

}  // namespace ownercare::test
