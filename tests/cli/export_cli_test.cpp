// ownercare-export run for real over a database that has something in every table: each table
// by name (its header row and its rows), --subject, --out (an owner-only file), the usage
// errors, and a reader that stops early (`| head -1`), which is not an error.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// One night and its outcomes, filling every table: FC1 got its d0 SMS (delivered), FC2 said
// "never" on its d4 call (delisted), FC3 said "do not call" on its d4 call (suppressed).
void night_with_outcomes(const Workspace& ws) {
  require_success(ws.import_fleet(
      "2026-03-01",
      fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                 fleet_row("FC2", "京Q58K21", "李娜", "13912340002", -1, "2026-02-25"),
                 fleet_row("FC3", "沪A7D352", "王强", "13712340003", -1, "2026-02-25")})));
  require_success(ws.evaluate("2026-03-01"));
  std::string outcomes = "task_id,result,disposition\n";
  for (const char* file : {"out/2026-03-01/sms.csv", "out/2026-03-01/calls.csv"}) {
    auto records = read_csv(ws / file);
    for (std::size_t row = 1; row < records.size(); ++row) {
      const auto& subject = records[row][2];
      outcomes += records[row][0] + (subject == "FC1"   ? ",delivered,\n"
                                     : subject == "FC2" ? ",reached,never\n"
                                                        : ",reached,do_not_call\n");
    }
  }
  require_success(ws.record("2026-03-02", "outcomes.csv", outcomes));
}

struct TableExpectation {
  std::string table;
  std::string header;
  std::size_t rows;
};

}  // namespace

TEST_CASE("each table exports as a header row and its rows", "[cli][export]") {
  auto expected = GENERATE(values<TableExpectation>({
      {"vehicles",
       "vehicle_id,plate,owner_name,owner_phone,phone_kind,city,status,status_started_on,"
       "last_login,reject_rate,lost_income,mark,mark_on,delisted_on,delist_reason,gone_on,"
       "first_seen",
       3},
      {"episodes",
       "episode_id,vehicle_id,plate,status,started_on,start_source,ended_on,end_reason", 3},
      {"tasks",
       "task_id,subject_kind,subject_id,rule,step,channel,due_on,sent_on,state,state_on,reason,"
       "phone,attempt,window,last_result,last_disposition",
       7},
      {"outcomes",
       "task_id,subject_kind,subject_id,rule,step,attempt,result,disposition,at,"
       "appointment_date,satisfaction,new_phone,note,recorded_on",
       3},
      {"suppressions", "phone,channel,since,reason,task_id", 1},
      {"optouts", "phone,channel,on_date,action,reason,file_name,line", 0},
      {"delistings", "vehicle_id,plate,delisted_on,delist_reason,delist_task,delist_emitted_on",
       1},
      {"imports",
       "import_id,kind,as_of,file_name,file_bytes,encoding,rows_read,rows_rejected,added,changed,"
       "gone,returned,episodes_opened,episodes_closed,forced",
       1},
      {"records",
       "record_id,as_of,file_name,file_sha256,lines_read,applied,repeated,rejected", 1},
  }));
  Workspace ws;
  night_with_outcomes(ws);
  auto result = ws.export_table(expected.table);
  INFO(expected.table);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  // On stdout there is no BOM: the text goes to other tools, not to Excel.
  CHECK(result.out.substr(0, result.out.find('\n')) == expected.header);
  CHECK(parse_csv(result.out).size() == expected.rows + 1);
}

TEST_CASE("exported rows say what happened: delisting and do-not-call", "[cli][export]") {
  Workspace ws;
  night_with_outcomes(ws);
  auto delistings = parse_csv(ws.export_table("delistings").out);
  REQUIRE(delistings.size() == 2);
  CHECK(delistings[1][0] == "FC2");
  CHECK(delistings[1][2] == "2026-03-02");
  auto suppressions = parse_csv(ws.export_table("suppressions").out);
  REQUIRE(suppressions.size() == 2);
  CHECK(suppressions[1][0] == "13712340003");
  CHECK(suppressions[1][1] == "call");
}

TEST_CASE("export --subject keeps the rows of one vehicle", "[cli][export]") {
  Workspace ws;
  night_with_outcomes(ws);
  auto vehicles = parse_csv(ws.export_table("vehicles", {"--subject", "FC2"}).out);
  REQUIRE(vehicles.size() == 2);
  CHECK(vehicles[1][0] == "FC2");
  auto tasks = parse_csv(ws.export_table("tasks", {"--subject", "FC2"}).out);
  REQUIRE(tasks.size() > 1);
  for (std::size_t row = 1; row < tasks.size(); ++row) CHECK(tasks[row][2] == "FC2");
  auto suppressions = parse_csv(ws.export_table("suppressions", {"--subject", "FC3"}).out);
  CHECK(suppressions.size() == 2);
  CHECK(parse_csv(ws.export_table("suppressions", {"--subject", "FC1"}).out).size() == 1);
}

TEST_CASE("export --subject of a table that is not per vehicle exits 2", "[cli][export]") {
  Workspace ws;
  night_with_outcomes(ws);
  auto result = ws.export_table("imports", {"--subject", "FC1"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-export: error: --subject does not apply to imports\n");
}

TEST_CASE("an unknown table exits 2 listing the tables", "[cli][export]") {
  Workspace ws;
  night_with_outcomes(ws);
  auto result = ws.export_table("cars");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-export: error: cannot export \"cars\" (choose one of vehicles, "
                      "episodes, tasks, outcomes, suppressions, optouts, delistings, sold, "
                      "orders, "
                      "members, changes, imports, records, history)\n");
}

TEST_CASE("export --out writes an owner-only file with a BOM and nothing on stdout",
          "[cli][export]") {
  Workspace ws;
  night_with_outcomes(ws);
  auto on_stdout = ws.export_table("vehicles").out;
  auto result = ws.export_table("vehicles", {"--out", "vehicles.csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  REQUIRE(ws.exists("vehicles.csv"));
  CHECK(owner_only(ws / "vehicles.csv"));
  CHECK(ws.read("vehicles.csv") == std::string(kBom) + on_stdout);
}

TEST_CASE("export on a database that does not exist exits 3 and creates none",
          "[cli][export]") {
  Workspace ws;
  auto result = ws.export_table("vehicles");
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-export: error: ownercare.db: no such database\n");
  CHECK_FALSE(ws.exists("ownercare.db"));
}

TEST_CASE("export only reads: it works while a night holds the lock", "[cli][export]") {
  Workspace ws;
  night_with_outcomes(ws);
  HeldLock night(ws / "ownercare.db.lock");
  auto result = ws.export_table("vehicles");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(parse_csv(result.out).size() == 4);
}

// [posix]: runs a shell pipeline; Windows has no /bin/sh.
TEST_CASE("a large export into | head -1 ends quietly: a broken pipe is not an error",
          "[cli][export][posix]") {
  Workspace ws;
  // 4000 vehicles, some 350 kB of CSV: far more than a pipe holds once head has gone.
  std::vector<std::string> rows;
  for (int i = 0; i < 4000; ++i) {
    rows.push_back(fleet_row(fmt::format("V{:05}", i), fmt::format("京A{:05}", i),
                             fmt::format("车主{}", i), fmt::format("138{:08}", i), -1));
  }
  require_success(ws.import_fleet("2026-03-01", fleet_csv(rows), {"--baseline"}));

  // The exit code of the export itself, not of the pipeline, goes to a file.
  auto command = shell_quote(tool_path("ownercare-export").string()) +
                 " --db ownercare.db vehicles 2>export.err; echo $? >export.code";
  auto result = ws.shell("( " + command + " ) | head -1");
  CHECK(result.out ==
        "vehicle_id,plate,owner_name,owner_phone,phone_kind,city,status,status_started_on,"
        "last_login,reject_rate,lost_income,mark,mark_on,delisted_on,delist_reason,gone_on,"
        "first_seen\n");
  CHECK(ws.read("export.err").empty());
  CHECK(ws.read("export.code") == "0\n");
}

}  // namespace ownercare::test
