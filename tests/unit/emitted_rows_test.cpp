// The rows kept for re-runs (emitted_row): pruned past the rerun horizon, the call script kept
// once per distinct text, and the migration that moved the scripts of rows stored before.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ownercare/emit/output_folder.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/migrations.hpp"
#include "ownercare/store/task_store.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::Database;
using ownercare::store::EmittedRow;
using ownercare::store::OpenMode;
using ownercare::store::TaskStore;
using ownercare::test::TempDir;

namespace {

const std::string kScript =
    "车辆因长期未登录被自动下线已4天：先核实车主身份，询问未恢复出租的原因。记录结果：relist / wait";

// A calls row as the night builds it: the script in the reason cell, the context after it.
EmittedRow call_row(const std::string& task_id, const std::string& script) {
  return {"calls", task_id,
          {task_id, "fleet", "V" + task_id, "offline_no_login", "d4_call", "1", "09:00-11:30",
           "张伟", "13812340001", "", "北京", script, "京N***6 | 状态 -1 第4天, quoted \"x\""}};
}

long long count(Database& db, const std::string& sql) {
  return db.sql().execAndGet(sql).getInt64();
}

}  // namespace

TEST_CASE("emitted rows: the script cell is calls.csv's reason column", "[store][emitted]") {
  const auto& calls = ownercare::emit::output_file("calls");
  REQUIRE(calls.columns.size() > ownercare::store::kCallScriptCell);
  CHECK(calls.columns[ownercare::store::kCallScriptCell] == "reason");
}

TEST_CASE("emitted rows: N calls with one script store its text once and come back whole",
          "[store][emitted]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  TaskStore tasks(db);
  std::vector<EmittedRow> rows;
  for (int i = 0; i < 200; ++i) rows.push_back(call_row("T" + std::to_string(i), kScript));
  rows.push_back(call_row("U1", "另一段话术"));
  rows.push_back(call_row("U2", ""));  // no script: nothing to refer to
  tasks.save_evaluation(Date(2026, 3, 6), "digest", "{}", rows);
  tasks.save_evaluation(Date(2026, 3, 7), "digest", "{}", {call_row("T0", kScript)});

  CHECK(count(db, "SELECT count(*) FROM script_text") == 2);
  CHECK(count(db, "SELECT count(*) FROM emitted_row WHERE instr(cells, '核实车主') > 0") == 0);
  CHECK(count(db, "SELECT count(*) FROM emitted_row WHERE script_id IS NULL") == 1);
  auto stored = tasks.emitted_rows(Date(2026, 3, 6));
  REQUIRE(stored.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO(i);
    CHECK(stored[i].cells == rows[i].cells);
    CHECK(stored[i].task_id == rows[i].task_id);
  }
  CHECK(tasks.emitted_rows(Date(2026, 3, 7)).at(0).cells == rows[0].cells);
}

TEST_CASE("emitted rows: a new night deletes the rows of nights before the horizon",
          "[store][emitted]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  TaskStore tasks(db);
  for (int day = 1; day <= 5; ++day) {
    tasks.save_evaluation(Date(2026, 3, day), "digest", "{}", {call_row("T1", kScript)});
  }
  // The night of 03-05 with a horizon of 2 days keeps 03-03, 03-04 and 03-05.
  CHECK(tasks.prune_emitted_rows(Date(2026, 3, 5).plus_days(-2), Date(2026, 3, 5)) == 2);
  CHECK(tasks.emitted_rows(Date(2026, 3, 1)).empty());
  CHECK(tasks.emitted_rows(Date(2026, 3, 2)).empty());
  CHECK(tasks.emitted_rows(Date(2026, 3, 3)).size() == 1);
  CHECK(tasks.rows_pruned_on(Date(2026, 3, 1)) == Date(2026, 3, 5));
  CHECK(tasks.rows_pruned_on(Date(2026, 3, 2)) == Date(2026, 3, 5));
  CHECK_FALSE(tasks.rows_pruned_on(Date(2026, 3, 3)).has_value());
  // A later night keeps the first pruning date of the nights already pruned.
  CHECK(tasks.prune_emitted_rows(Date(2026, 3, 6).plus_days(-2), Date(2026, 3, 6)) == 1);
  CHECK(tasks.rows_pruned_on(Date(2026, 3, 1)) == Date(2026, 3, 5));
  CHECK(tasks.rows_pruned_on(Date(2026, 3, 4)) == std::nullopt);
  CHECK(tasks.rows_pruned_on(Date(2026, 3, 3)) == Date(2026, 3, 6));
  // The evaluations themselves stay, their summaries emptied: the dates are still known as
  // evaluated.
  CHECK(tasks.evaluation_summary(Date(2026, 3, 1)) == "");
  CHECK(tasks.evaluation_summary(Date(2026, 3, 4)) == "{}");
}

TEST_CASE("emitted rows: a database stored before script_text is migrated, rows unchanged",
          "[store][emitted]") {
  TempDir dir;
  auto path = dir / "ownercare.db";
  std::vector<EmittedRow> rows = {call_row("T1", kScript), call_row("T2", kScript),
                                  call_row("T3", "另一段话术"), call_row("T4", ""),
                                  {"sms", "S1", {"S1", "fleet", "V1", "r", "d0", "138", "text"}},
                                  {"delist", "", {"V3", "京N***6", "2026-03-06", "never"}}};
  {
    // The schema as version 8 left it, and rows stored as that version stored them.
    SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& migration : ownercare::store::migrations()) {
      if (migration.version > 8) break;
      raw.exec(migration.sql);
    }
    raw.exec("PRAGMA user_version = 8");
    raw.exec("INSERT INTO evaluation (as_of, rules_digest, summary) VALUES ('2026-03-06','d','{}')");
    SQLite::Statement insert(raw, "INSERT INTO emitted_row (as_of, file, position, task_id, "
                                  "cells) VALUES ('2026-03-06', ?, ?, ?, ?)");
    int position = 0;
    for (const auto& row : rows) {
      insert.bind(1, row.file);
      insert.bind(2, position++);
      insert.bind(3, row.task_id);
      insert.bind(4, ownercare::store::join_cells(row.cells));
      insert.exec();
      insert.reset();
    }
  }
  auto db = Database::open(path, OpenMode::read_write);
  CHECK(db.schema_version() == Database::newest_schema_version());
  CHECK(count(db, "SELECT count(*) FROM script_text") == 2);
  CHECK(count(db, "SELECT count(*) FROM emitted_row WHERE script_id IS NOT NULL") == 3);
  CHECK(count(db, "SELECT count(*) FROM emitted_row WHERE instr(cells, '核实车主') > 0") == 0);
  auto stored = TaskStore(db).emitted_rows(Date(2026, 3, 6));
  REQUIRE(stored.size() == rows.size());
  // Read back by file, then position: calls T1..T4, delist, sms.
  CHECK(stored[0].cells == rows[0].cells);
  CHECK(stored[1].cells == rows[1].cells);
  CHECK(stored[2].cells == rows[2].cells);
  CHECK(stored[3].cells == rows[3].cells);
  CHECK(stored[4].cells == rows[5].cells);
  CHECK(stored[5].cells == rows[4].cells);
}
