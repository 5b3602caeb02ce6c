// Giving free pages back: what ownercare-nightly does after its night.
//
// SQLite keeps the pages that deletions free (a night's emitted rows past rerun_days, tasks'
// old index entries) in the file for later use; the file never shrinks by itself. New
// databases are made with auto_vacuum = INCREMENTAL (store/database.cpp), so the free pages
// can be moved to the end and cut off in a few milliseconds per thousand pages
// (`PRAGMA incremental_vacuum`). That is done when the free pages pass kVacuumFreeShare of the
// file: below it they are reused by the next nights anyway, and cutting them off only to grow
// the file again tomorrow would cost writes for nothing.
//
// A database made before that setting (auto_vacuum NONE) can only be converted by a full
// VACUUM, which rewrites the whole file once: done the first time its free pages pass the
// share, with a rollback journal (so the rewrite is not written twice, to the WAL and again)
// and temporary files on disk (a rewrite in memory would need the database's size in RAM).
#pragma once

#include <cstdint>

#include "ownercare/store/database.hpp"

namespace ownercare::store {

// Free pages above this share of the file are given back.
inline constexpr double kVacuumFreeShare = 0.10;

struct VacuumReport {
  std::int64_t pages_before = 0;
  std::int64_t free_before = 0;
  std::int64_t pages_after = 0;
  bool vacuumed = false;   // free pages were given back
  bool converted = false;  // a full VACUUM made an auto_vacuum NONE database incremental
};

// Gives the free pages back when they pass `share` of the file (see above). Runs outside any
// transaction on a writing connection; throws SQLite::Exception on a database error (the
// database stays as it was: VACUUM and incremental_vacuum are transactions of their own).
VacuumReport give_back_free_pages(Database& db, double share = kVacuumFreeShare);

}  // namespace ownercare::store
