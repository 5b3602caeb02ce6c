// ownercare-import --kind sales | service | members run for real: the summary line of each
// kind, repeats, the refusals (backdated, too many invalid rows, mass disappearance, a service
// file naming neither vehicles nor members) with their exit codes and exact messages, and the
// column map (--columns and the config's `columns`), also for fleet snapshots.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/dealer_support.hpp"

namespace ownercare::test {
namespace {

RunResult import_kind(const Workspace& ws, const std::string& kind, const std::string& date,
                      const std::string& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--db", Workspace::db, "--kind", kind, "--as-of", date};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file);
  return ws.run("ownercare-import", args);
}

std::string in_db(const Workspace& ws, const std::string& sql) {
  return query_db(ws / Workspace::db, sql);
}

}  // namespace

TEST_CASE("import --kind sales prints one summary line and nothing on stderr",
          "[cli][import][dealer]") {
  Workspace ws;
  auto lines = numbered_sales(3);
  lines[0].odometer_km = "12,345";
  lines[0].odometer_date = "2026-02-01";
  ws.write("sales.csv", sales_csv(lines));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "sales.csv: sales 2026-03-01: 3 rows, 3 new, 0 changed, 0 unchanged, 0 gone, 0 back, 0 "
        "rejected; 0 new owners, 1 odometer reading\n");
  CHECK(result.err.empty());
  CHECK(in_db(ws, "SELECT count(*) FROM dealer_vehicle") == "3");
}

TEST_CASE("import --kind sales counts new owners and changes", "[cli][import][dealer]") {
  Workspace ws;
  auto lines = numbered_sales(3);
  ws.write("sales-1.csv", sales_csv(lines));
  require_success(import_kind(ws, "sales", "2026-03-01", "sales-1.csv"));
  lines[1].customer_name = "赵敏";
  ws.write("sales-2.csv", sales_csv(lines));
  auto result = import_kind(ws, "sales", "2026-03-02", "sales-2.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "sales-2.csv: sales 2026-03-02: 3 rows, 0 new, 1 changed, 2 unchanged, 0 gone, 0 back, 0 "
        "rejected; 1 new owner, 0 odometer readings\n");
  CHECK(in_db(ws, "SELECT what, old_value, new_value, source FROM subject_change") ==
        "owner|客户2|赵敏|import:2");
}

TEST_CASE("import --kind service prints its summary line", "[cli][import][dealer]") {
  Workspace ws;
  ws.write("sales.csv", sales_csv(numbered_sales(2)));
  require_success(import_kind(ws, "sales", "2026-03-01", "sales.csv"));
  auto known = vehicle_order("WO1", test_vin(1));
  known.mileage_km = "5000";
  ws.write("service.csv", service_csv({known, vehicle_order("WO2", test_vin(77)),
                                       member_order("W1", "M404")}));
  auto result = import_kind(ws, "service", "2026-03-01", "service.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "service.csv: service 2026-03-01: 3 rows, 3 new, 0 changed, 0 unchanged, 0 rejected; "
        "1 odometer reading, 1 for unknown vehicles, 1 for unknown members\n");
  CHECK(result.err.empty());
  CHECK(in_db(ws, "SELECT last_visit_on, odometer_km FROM dealer_vehicle WHERE vin = '" +
                      test_vin(1) + "'") == "2026-02-20|5000");
}

TEST_CASE("import --kind members prints its summary line", "[cli][import][dealer]") {
  Workspace ws;
  auto lines = numbered_members(3);
  ws.write("members-1.csv", members_csv(lines));
  require_success(import_kind(ws, "members", "2026-03-01", "members-1.csv"));
  lines[2].balance = "50";
  ws.write("members-2.csv", members_csv(lines));
  auto result = import_kind(ws, "members", "2026-03-02", "members-2.csv");
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "members-2.csv: members 2026-03-02: 3 rows, 0 new, 1 changed, 2 unchanged, 0 gone, 0 "
        "back, 0 rejected; 1 balance changed\n");
  CHECK(result.err.empty());
}

TEST_CASE("import of the same dealer file again says so and logs nothing",
          "[cli][import][dealer]") {
  Workspace ws;
  ws.write("sales.csv", sales_csv(numbered_sales(3)));
  require_success(import_kind(ws, "sales", "2026-03-01", "sales.csv"));
  auto again = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(again.exit_code == 0);
  CHECK(again.out == "sales.csv: sales 2026-03-01: already imported, nothing changed\n");
  CHECK(again.err.empty());
  CHECK(in_db(ws, "SELECT count(*) FROM import_log") == "1");
}

TEST_CASE("import --kind sales reads stdin and names its rejects file by kind and date",
          "[cli][import][dealer]") {
  Workspace ws;
  auto lines = numbered_sales(12);
  lines[5].sale_date = "2026-03-09";
  auto result = ws.run("ownercare-import",
                       {"--db", Workspace::db, "--kind", "sales", "--as-of", "2026-03-01", "-"},
                       sales_csv(lines));
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "<stdin>: sales 2026-03-01: 12 rows, 11 new, 0 changed, 0 unchanged, 0 gone, 0 back, 1 "
        "rejected; 0 new owners, 0 odometer readings\n");
  CHECK(result.err ==
        "ownercare-import: rejected: <stdin>:7:12: sale_date: 2026-03-09 is after the snapshot "
        "date 2026-03-01\n"
        "ownercare-import: 1 rejected row written to sales-2026-03-01.rejects.csv\n");
  CHECK(ws.exists("sales-2026-03-01.rejects.csv"));
  CHECK(owner_only(ws / "sales-2026-03-01.rejects.csv"));
}

TEST_CASE("a backdated sales snapshot exits 3 naming both dates", "[cli][import][dealer]") {
  Workspace ws;
  ws.write("sales.csv", sales_csv(numbered_sales(3)));
  require_success(import_kind(ws, "sales", "2026-03-05", "sales.csv"));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: sales.csv: refused: the sales snapshot of 2026-03-01 is older "
        "than the newest one imported (2026-03-05); sales files must be imported in date "
        "order\n");
}

TEST_CASE("a service file older than a sales snapshot is not backdated",
          "[cli][import][dealer]") {
  Workspace ws;
  ws.write("sales.csv", sales_csv(numbered_sales(3)));
  require_success(import_kind(ws, "sales", "2026-03-05", "sales.csv"));
  ws.write("service.csv", service_csv({vehicle_order("WO1", test_vin(1))}));
  CHECK(import_kind(ws, "service", "2026-03-01", "service.csv").exit_code == 0);
}

TEST_CASE("a sales snapshot with too many invalid rows exits 3 and imports nothing",
          "[cli][import][dealer]") {
  Workspace ws;
  auto lines = numbered_sales(5);
  lines[1].vin[8] = lines[1].vin[8] == '0' ? '1' : '0';
  ws.write("sales.csv", sales_csv(lines));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        fmt::format("ownercare-import: error: sales.csv:3:1: vin: \"{}\" check digit (character "
                    "9) is '{}', the other characters give '{}'\n"
                    "ownercare-import: error: sales.csv: refused: 1 of 5 rows are invalid, more "
                    "than 10%; nothing was imported (see sales.rejects.csv)\n",
                    lines[1].vin, lines[1].vin[8], test_vin(2)[8]));
  // A refused first import leaves no database at all (issue 8, point 9).
  CHECK_FALSE(ws.exists(Workspace::db));
  CHECK(ws.exists("sales.rejects.csv"));
}

TEST_CASE("a sales snapshot missing too many vehicles exits 4; --force imports it",
          "[cli][import][dealer]") {
  Workspace ws;
  ws.write("sales-1.csv", sales_csv(numbered_sales(10)));
  require_success(import_kind(ws, "sales", "2026-03-01", "sales-1.csv"));
  ws.write("sales-2.csv", sales_csv(numbered_sales(9)));
  auto stopped = import_kind(ws, "sales", "2026-03-02", "sales-2.csv");
  CHECK(stopped.exit_code == 4);
  CHECK(stopped.out.empty());
  CHECK(stopped.err ==
        "ownercare-import: error: sales-2.csv: safety stop: 1 of 10 known vehicles are missing "
        "from this snapshot, more than 5%; a truncated export must not look like a mass "
        "disappearance. Nothing was imported. Check the file; if it is right, import it again "
        "with --force\n");
  CHECK(in_db(ws, "SELECT count(*) FROM import_log") == "1");

  auto forced = import_kind(ws, "sales", "2026-03-02", "sales-2.csv", {"--force"});
  CHECK(forced.exit_code == 0);
  CHECK(forced.err ==
        "ownercare-import: warning: sales-2.csv: --force: 1 of 10 known vehicles are missing "
        "from this snapshot\n");
  CHECK(in_db(ws, "SELECT gone_on FROM dealer_vehicle WHERE vin = '" + test_vin(10) + "'") ==
        "2026-03-02");
}

TEST_CASE("a members snapshot missing too many members exits 4", "[cli][import][dealer]") {
  Workspace ws;
  ws.write("members-1.csv", members_csv(numbered_members(10)));
  require_success(import_kind(ws, "members", "2026-03-01", "members-1.csv"));
  ws.write("members-2.csv", members_csv(numbered_members(5)));
  auto result = import_kind(ws, "members", "2026-03-02", "members-2.csv");
  CHECK(result.exit_code == 4);
  CHECK_THAT(result.err, Catch::Contains("5 of 10 known members are missing"));
}

TEST_CASE("a service file naming neither vehicles nor members exits 3",
          "[cli][import][dealer]") {
  Workspace ws;
  ws.write("service.csv", "工单号,维修类型,结算日期\nWO1,保养,2026-02-20\n");
  auto result = import_kind(ws, "service", "2026-03-01", "service.csv");
  CHECK(result.exit_code == 3);
  CHECK(result.err ==
        "ownercare-import: error: service.csv:1: missing required column \"vin\" or "
        "\"member_id\" (a service order names a vehicle, a member or both)\n");
}

TEST_CASE("a members file missing its mobile column exits 3 listing the Chinese names",
          "[cli][import][dealer]") {
  Workspace ws;
  ws.write("members.csv", "会员号,姓名\nM001,陈静\n");
  auto result = import_kind(ws, "members", "2026-03-01", "members.csv");
  CHECK(result.exit_code == 3);
  CHECK(result.err ==
        "ownercare-import: error: members.csv:1: missing required column \"mobile\" (also "
        "accepted: 手机, 手机号, 手机号码, 移动电话, 车主手机, 客户手机, 联系手机, 车主电话, 客户电话, "
        "联系电话, 联系方式, 电话, 电话号码, 联系人电话)\n");
}

// --- the column map

TEST_CASE("import --columns renames a DMS export's headers", "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("map.toml", "[columns]\n\"识别号\" = \"vin\"\n\"经销商\" = \"dealer_code\"\n"
                       "\"开票时间\" = \"sale_date\"\n\"联系手机\" = \"mobile\"\n");
  ws.write("sales.csv", "识别号,经销商,开票时间,联系手机\n" + test_vin(1) +
                            ",D7,2025-03-03,13912345678\n");
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv", {"--columns", "map.toml"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(in_db(ws, "SELECT dealer_code, mobile FROM dealer_vehicle") == "D7|13912345678");
}

TEST_CASE("without the column map those headers are missing", "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("sales.csv", "识别号,经销商代码,销售日期\n" + test_vin(1) + ",D7,2025-03-03\n");
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv");
  CHECK(result.exit_code == 3);
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-import: error: sales.csv:1: missing "
                                           "required column \"vin\""));
}

TEST_CASE("a column map naming an unknown column exits 2 with file, line and column",
          "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("map.toml", "[columns]\n\"识别号\" = \"vin\"\n\"客户名\" = \"custmer_name\"\n");
  ws.write("sales.csv", sales_csv(numbered_sales(1)));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv", {"--columns", "map.toml"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: map.toml:3:9: \"custmer_name\" is not a column of any input "
        "(fleet, sales, service, members, optouts, outcomes); see the README for the names\n");
  CHECK_FALSE(ws.exists(Workspace::db));
}

TEST_CASE("a column map that cannot be read exits 2", "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("sales.csv", sales_csv(numbered_sales(1)));
  auto result = import_kind(ws, "sales", "2026-03-01", "sales.csv", {"--columns", "nope.toml"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("ownercare-import: error: nope.toml"));
}

TEST_CASE("the config's columns key names the column map", "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("conf/ownercare.toml", "db = \"ownercare.db\"\ncolumns = \"map.toml\"\n");
  ws.write("conf/map.toml", "[columns]\n\"会员卡\" = \"member_id\"\n");
  ws.write("members.csv", "会员卡,手机\nM001,13712345678\n");
  auto result = ws.run("ownercare-import", {"--config", "conf/ownercare.toml", "--kind",
                                            "members", "--as-of", "2026-03-01", "members.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(query_db(ws / "conf/ownercare.db", "SELECT member_id FROM member") == "M001");
}

TEST_CASE("--columns wins over the config's columns", "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("conf.toml", "columns = \"broken.toml\"\n");
  ws.write("broken.toml", "[columns]\n\"x\" = \"no_such_column\"\n");
  ws.write("map.toml", "[columns]\n\"会员卡\" = \"member_id\"\n");
  ws.write("members.csv", "会员卡,手机\nM001,13712345678\n");
  auto result = import_kind(ws, "members", "2026-03-01", "members.csv",
                            {"--config", "conf.toml", "--columns", "map.toml"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("import --columns works for fleet snapshots too", "[cli][import][dealer][columns]") {
  Workspace ws;
  ws.write("map.toml", "[columns]\n\"编号\" = \"vehicle_id\"\n\"出租状况\" = \"status\"\n");
  ws.write("fleet.csv", "编号,车牌号,手机,出租状况\nFC1,京N12346,13812340001,-1\n");
  auto result = import_kind(ws, "fleet", "2026-03-01", "fleet.csv", {"--columns", "map.toml"});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "fleet.csv: fleet 2026-03-01: 1 row, 1 new, 0 changed, 0 unchanged, 0 gone, 0 back, 0 "
        "rejected; episodes 1 opened, 0 closed\n");
  CHECK(result.err.empty());
}

TEST_CASE("import --help names the dealer kinds, optouts and --columns", "[cli][import][dealer]") {
  Workspace ws;
  auto result = ws.run("ownercare-import", {"--help"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("fleet, sales (sold vehicles), service (service orders), "
                                         "members (car-wash members) or optouts (a do-not-contact "
                                         "list)"));
  CHECK_THAT(result.out, Catch::Contains("--columns"));
}

}  // namespace ownercare::test
