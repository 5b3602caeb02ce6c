// ownercare-report run for real over a small database written with plain SQL: the text report
// on stdout, the CSV files (BOM, owner-only meeting list, --no-bom), one table on stdout, that
// it only reads (the database file's bytes are unchanged, a held lock does not stop it), and
// the usage errors with their exact messages and exit codes.
//
// The database: dealer D001 closed three repair orders in the week 2026-03-02 ... 2026-03-08;
// two got a callback call, one of them reached with a complaint whose note starts with "=";
// car-wash member M1 (朝阳店) joined on 03-03 and washed the same day.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::test {
namespace {

void write_database(const Workspace& ws) {
  auto db = store::Database::open(ws / Workspace::db, store::OpenMode::create);
  db.sql().exec(R"sql(
    INSERT INTO record_log (record_id, as_of, file_name, file_sha256, lines_read, applied,
                            repeated, rejected)
      VALUES (1, '2026-03-06', 'outcomes.csv', 'digest', 1, 1, 0, 0);
    INSERT INTO dealer_vehicle (vin, row_hash, dealer_code, customer_name, sale_date,
                                last_visit_on, owner_since, first_seen, changed_on)
      VALUES ('LSVAA4182E2000001', 0, 'D001', '张伟', '2023-03-01', '2026-03-03', '2023-03-01',
              '2026-01-01', '2026-03-03');
    INSERT INTO service_order (order_id, row_hash, vin, member_id, dealer_code, type, closed,
                               advisor, complaint, amount, first_seen, changed_on)
      VALUES ('O1', 0, 'LSVAA4182E2000001', NULL, 'D001', 'repair', '2026-03-03', '王芳', '',
              NULL, '2026-03-03', '2026-03-03'),
             ('O2', 0, 'LSVAA4182E2000001', NULL, 'D001', 'repair', '2026-03-04', '王芳', '',
              NULL, '2026-03-04', '2026-03-04'),
             ('O3', 0, 'LSVAA4182E2000001', NULL, 'D001', 'repair', '2026-03-05', '王芳', '',
              NULL, '2026-03-05', '2026-03-05'),
             ('W1', 0, NULL, 'M1', '朝阳店', 'wash', '2026-03-03', '', '', 30, '2026-03-03',
              '2026-03-03');
    INSERT INTO task (task_id, rule, step, channel, subject_kind, subject_id, anchor_on, due_on,
                      created_on, priority, state, state_on, phone, sent_on)
      VALUES ('T1', 'service_callback', 'call', 'call', 'order', 'O1', '2026-03-03',
              '2026-03-04', '2026-03-04', 50, 'done', '2026-03-06', '13812345678', '2026-03-04'),
             ('T2', 'service_callback', 'call', 'call', 'order', 'O2', '2026-03-04',
              '2026-03-05', '2026-03-05', 50, 'listed', '2026-03-05', '13812345678',
              '2026-03-05');
    INSERT INTO outcome (task_id, attempt, result, disposition, at, satisfaction, note,
                         recorded_on, record_id, line)
      VALUES ('T1', 1, 'reached', 'complaint', '2026-03-05 10:30', 2, '=1+1 修车太慢',
              '2026-03-06', 1, 2);
    INSERT INTO member (member_id, row_hash, name, region, franchise, joined, first_seen,
                        changed_on)
      VALUES ('M1', 0, '陈静', '华北', '朝阳店', '2026-03-03', '2026-03-03', '2026-03-03');
  )sql");
}

RunResult report(const Workspace& ws, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--db", Workspace::db};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.run("ownercare-report", args);
}

// The lines of `text` from the one equal to `title` up to the next empty line.
std::vector<std::string> section(const std::string& text, const std::string& title) {
  auto lines = split_lines(text);
  std::vector<std::string> block;
  bool inside = false;
  for (const auto& line : lines) {
    if (line.rfind(title, 0) == 0) inside = true;
    if (inside && line.empty()) break;
    if (inside) block.push_back(line);
  }
  return block;
}

}  // namespace

TEST_CASE("report prints the week's dealer figures as text", "[cli][report]") {
  Workspace ws;
  write_database(ws);
  auto result = report(ws, {"--as-of", "2026-03-08"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.rfind("ownercare 报表 (report)\n期间 (period): 2026-03-02 至 (to) 2026-03-08, "
                         "截至 (as of) 2026-03-08\n",
                         0) == 0);
  auto callbacks = section(result.out, "售后回访覆盖率与成功率");
  REQUIRE(callbacks.size() == 5);
  // Numbers and their headings are right-aligned; a Chinese heading is two columns a character.
  CHECK(callbacks[1] ==
        "经销商  工单数   已回访       覆盖率%     接通      成功率%       目标%  "
        "未达标        短信回访");
  CHECK(callbacks[2] ==
        "dealer  orders  emitted  coverage_pct  reached  success_pct  target_pct  below_target    "
        "by_sms");
  CHECK(callbacks[3].rfind("------  ------  -------  ------------", 0) == 0);
  CHECK(callbacks[4] ==
        "D001         3        2          66.7        1         33.3          80  yes              "
        "    "
        "0");
}

TEST_CASE("report text lists the meeting's complaints with the customer and note",
          "[cli][report]") {
  Workspace ws;
  write_database(ws);
  auto result = report(ws, {"--as-of", "2026-03-08", "--table", "meeting"});
  CHECK(result.exit_code == 0);
  auto lines = split_lines(result.out);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0].rfind("周例会清单", 0) == 0);
  // The note is shown as written: text on a terminal is not a spreadsheet.
  CHECK(lines[4] ==
        "D001    2026-03-05  order         O1          张伟      13812345678  王芳     "
        "complaint               2  =1+1 修车太慢");
}

TEST_CASE("report --from and --to choose the period", "[cli][report]") {
  Workspace ws;
  write_database(ws);
  auto result = report(ws, {"--as-of", "2026-03-08", "--from", "2026-03-04", "--to", "2026-03-05",
                            "--table", "callbacks", "--format", "csv"});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "dealer,orders,emitted,coverage_pct,reached,success_pct,target_pct,below_target,by_sms\n"
        "D001,2,1,50.0,0,0.0,80,yes,0\n");
}

TEST_CASE("report --format csv --out writes one file per table with a BOM", "[cli][report]") {
  Workspace ws;
  write_database(ws);
  auto result = report(ws, {"--as-of", "2026-03-08", "--format", "csv", "--out", "report/week"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  CHECK(folder_entries(ws / "report/week") ==
        std::vector<std::string>{"appointments.csv", "callbacks.csv", "fleet_calls.csv",
                                 "fleet_city.csv", "fleet_return_steps.csv", "fleet_status.csv",
                                 "fleet_weekly.csv", "lift.csv", "meeting.csv",
                                 "satisfaction.csv", "unreachable.csv", "wash_callbacks.csv",
                                 "wash_daily.csv", "wash_franchises.csv", "wash_monthly.csv"});
  for (const auto& file : folder_entries(ws / "report/week")) {
    INFO(file);
    CHECK(ws.read("report/week/" + file).rfind(std::string(kBom), 0) == 0);
  }
  CHECK(ws.read("report/week/callbacks.csv") ==
        std::string(kBom) +
            "dealer,orders,emitted,coverage_pct,reached,success_pct,target_pct,below_target,"
            "by_sms\nD001,3,2,66.7,1,33.3,80,yes,0\n");
  CHECK(ws.read("report/week/wash_daily.csv").find("\n2026-03-03,1,0,1,1,30.00\n") !=
        std::string::npos);
}

TEST_CASE("report's meeting.csv holds phones: owner-only, and its formula cell neutralised",
          "[cli][report]") {
  Workspace ws;
  write_database(ws);
  require_success(report(ws, {"--as-of", "2026-03-08", "--format", "csv", "--out", "week"}));
  CHECK(owner_only(ws / "week/meeting.csv"));
  auto rows = read_csv(ws / "week/meeting.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1][0] == "D001");
  CHECK(rows[1][5] == "13812345678");
  CHECK(rows[1][9] == "'=1+1 修车太慢");
}

TEST_CASE("report --no-bom writes CSV files without a BOM", "[cli][report]") {
  Workspace ws;
  write_database(ws);
  require_success(
      report(ws, {"--as-of", "2026-03-08", "--format", "csv", "--out", "week", "--no-bom"}));
  CHECK(ws.read("week/callbacks.csv").rfind("dealer,", 0) == 0);
}

TEST_CASE("report --format csv --table prints that table to stdout without a BOM",
          "[cli][report]") {
  Workspace ws;
  write_database(ws);
  auto result =
      report(ws, {"--as-of", "2026-03-08", "--format", "csv", "--table", "wash_franchises"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "region,franchise,new_members,renewals,cards_sold,services,amount\n"
        "华北,朝阳店,1,0,1,1,30.00\n");
}

TEST_CASE("report only reads: the database's bytes are unchanged", "[cli][report]") {
  Workspace ws;
  write_database(ws);
  auto before = ws.read(Workspace::db);
  require_success(report(ws, {"--as-of", "2026-03-08"}));
  require_success(report(ws, {"--as-of", "2026-03-08", "--format", "csv", "--out", "week"}));
  CHECK(ws.read(Workspace::db) == before);
}

TEST_CASE("report works while a night holds the lock", "[cli][report]") {
  Workspace ws;
  write_database(ws);
  HeldLock night(ws / "ownercare.db.lock");
  auto result = report(ws, {"--as-of", "2026-03-08"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("report on a database that does not exist exits 3 and creates none", "[cli][report]") {
  Workspace ws;
  auto result = report(ws, {"--as-of", "2026-03-08"});
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-report: error: ownercare.db: no such database\n");
  CHECK_FALSE(ws.exists("ownercare.db"));
}

struct UsageCase {
  std::vector<std::string> args;
  std::string message;
};

TEST_CASE("report usage errors exit 2 with one message", "[cli][report]") {
  auto usage = GENERATE(values<UsageCase>({
      {{"--as-of", "2026-03-08", "--format", "xml"},
       "--format \"xml\" is not one of text, csv, html, xlsx"},
      {{"--as-of", "2026-03-08", "--table", "cars"},
       "--table \"cars\" is not a table (choose one of fleet_status, fleet_city, fleet_weekly, "
       "fleet_return_steps, fleet_calls, lift, callbacks, unreachable, satisfaction, "
       "appointments, meeting, wash_callbacks, wash_daily, wash_monthly, wash_franchises)"},
      {{"--as-of", "2026-03-08", "--format", "csv"},
       "--format csv writes a file per table: give --out DIR (or --table NAME for one table "
       "on stdout)"},
      {{"--as-of", "2026-03-08", "--out", "week"},
       "--out is for --format csv, html or xlsx; the text report goes to stdout"},
      {{"--as-of", "2026-03-08", "--to", "2026-03-09"},
       "--to 2026-03-09 is after --as-of 2026-03-08: the report knows nothing later"},
      {{"--as-of", "2026-03-08", "--from", "2026-03-09", "--to", "2026-03-08"},
       "--from 2026-03-09 is after --to 2026-03-08"},
      {{"--as-of", "2026-02-30"}, "--as-of \"2026-02-30\" is not a date (YYYY-MM-DD)"},
      {{}, "--as-of DATE is required"},
  }));
  Workspace ws;
  write_database(ws);
  auto result = report(ws, usage.args);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "ownercare-report: error: " + usage.message + "\n");
}

}  // namespace ownercare::test
