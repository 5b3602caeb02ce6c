// Free pages given back (store/vacuum.hpp): new databases are incremental, an older one is
// converted once, and nothing is done while the free pages stay below the share.
#include "ownercare/store/vacuum.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ownercare/store/task_store.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::Database;
using ownercare::store::EmittedRow;
using ownercare::store::give_back_free_pages;
using ownercare::store::OpenMode;
using ownercare::store::TaskStore;
using ownercare::test::TempDir;

namespace {

long long pragma(Database& db, const char* sql) { return db.sql().execAndGet(sql).getInt64(); }

// Ten nights of 1500 wide rows each (about 5 MB, against about 1 MB of the schema's first
// pages at 16 KiB a page): deleting most of them frees most pages.
void store_nights(Database& db) {
  TaskStore tasks(db);
  for (int day = 1; day <= 10; ++day) {
    std::vector<EmittedRow> rows;
    for (int i = 0; i < 1500; ++i) {
      std::string id = "T" + std::to_string(day) + "-" + std::to_string(i);
      rows.push_back({"sms", id, {id, "fleet", "V1", std::string(300, 'x'), "d0"}});
    }
    tasks.save_evaluation(Date(2026, 3, day), "digest", "{}", rows);
  }
}

}  // namespace

TEST_CASE("vacuum: a new database gives the pages of pruned rows back", "[store][vacuum]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  CHECK(pragma(db, "PRAGMA auto_vacuum") == 2);  // incremental
  store_nights(db);
  TaskStore(db).prune_emitted_rows(Date(2026, 3, 9), Date(2026, 3, 10));
  long long pages = pragma(db, "PRAGMA page_count");
  REQUIRE(pragma(db, "PRAGMA freelist_count") > pages / 2);

  auto report = give_back_free_pages(db);
  CHECK(report.vacuumed);
  CHECK_FALSE(report.converted);
  CHECK(report.pages_before == pages);
  CHECK(report.pages_after < pages / 2);
  CHECK(pragma(db, "PRAGMA page_count") == report.pages_after);
  CHECK(pragma(db, "PRAGMA freelist_count") == 0);
  CHECK(TaskStore(db).emitted_rows(Date(2026, 3, 10)).size() == 1500);
}

TEST_CASE("vacuum: free pages below the share are kept for the next nights",
          "[store][vacuum]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  store_nights(db);
  // One night of ten: about 10% of the pages, a few below the share with the schema's pages.
  TaskStore(db).prune_emitted_rows(Date(2026, 3, 2), Date(2026, 3, 10));
  long long free = pragma(db, "PRAGMA freelist_count");
  REQUIRE(free > 0);
  auto report = give_back_free_pages(db, 0.5);
  CHECK_FALSE(report.vacuumed);
  CHECK(report.pages_after == report.pages_before);
  CHECK(pragma(db, "PRAGMA freelist_count") == free);
}

TEST_CASE("vacuum: a database made without auto_vacuum is converted once by VACUUM",
          "[store][vacuum]") {
  TempDir dir;
  auto path = dir / "ownercare.db";
  {
    // As every database made before: auto_vacuum NONE, 4 KiB pages.
    auto db = Database::open(path, OpenMode::create);
    db.sql().exec("PRAGMA journal_mode = DELETE");
    db.sql().exec("PRAGMA auto_vacuum = NONE");
    db.sql().exec("PRAGMA page_size = 4096");
    db.sql().exec("VACUUM");
    db.sql().exec("PRAGMA journal_mode = WAL");
    REQUIRE(pragma(db, "PRAGMA auto_vacuum") == 0);
    REQUIRE(pragma(db, "PRAGMA page_size") == 4096);
    store_nights(db);
  }
  auto db = Database::open(path, OpenMode::read_write);
  TaskStore(db).prune_emitted_rows(Date(2026, 3, 9), Date(2026, 3, 10));
  long long pages = pragma(db, "PRAGMA page_count");
  auto report = give_back_free_pages(db);
  CHECK(report.converted);
  CHECK(report.pages_after < pages / 2);
  CHECK(pragma(db, "PRAGMA auto_vacuum") == 2);
  CHECK(pragma(db, "PRAGMA page_size") == 4096);  // kept: pages are counted before and after
  CHECK(pragma(db, "PRAGMA freelist_count") == 0);
  // Back in WAL after the rewrite, every row kept.
  CHECK(db.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(TaskStore(db).emitted_rows(Date(2026, 3, 10)).size() == 1500);
}
