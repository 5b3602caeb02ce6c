#include "ownercare/store/vacuum.hpp"

namespace ownercare::store {

namespace {

std::int64_t pragma_number(SQLite::Database& db, const char* sql) {
  return db.execAndGet(sql).getInt64();
}

}  // namespace

VacuumReport give_back_free_pages(Database& db, double share) {
  auto& sql = db.sql();
  VacuumReport report;
  report.pages_before = pragma_number(sql, "PRAGMA page_count");
  report.free_before = pragma_number(sql, "PRAGMA freelist_count");
  report.pages_after = report.pages_before;
  if (report.free_before == 0 ||
      static_cast<double>(report.free_before) <= share * static_cast<double>(report.pages_before)) {
    return report;
  }
  if (pragma_number(sql, "PRAGMA auto_vacuum") == 0) {
    // NONE: one full rewrite makes it incremental (and gives the free pages back).
    bool journal = db.begin_bulk_load();
    sql.exec("PRAGMA temp_store = FILE");
    try {
      sql.exec("PRAGMA auto_vacuum = INCREMENTAL");
      sql.exec("VACUUM");
    } catch (...) {
      sql.exec("PRAGMA temp_store = MEMORY");
      if (journal) db.end_bulk_load();
      throw;
    }
    sql.exec("PRAGMA temp_store = MEMORY");
    if (journal) db.end_bulk_load();
    report.converted = true;
  } else {
    sql.exec("PRAGMA incremental_vacuum");
  }
  report.vacuumed = true;
  report.pages_after = pragma_number(sql, "PRAGMA page_count");
  return report;
}

}  // namespace ownercare::store
