// ownercare-import --kind optouts: do-not-contact lists into the database (SPEC 3.7).
//
// An opt-out list is a list, not a snapshot: each valid row is recorded as an event (from its
// date, the phone must not get SMS, calls or either; or, with action lift, may again), and a
// phone missing from a later list changes nothing. The night (TaskStore::suppressions_on)
// follows each phone's latest event on or before its date, so an opt-out dated after a night
// does not hold that night back, and only a lift row ends an opt-out.
//
// Like the other imports: rows with a bad field are rejected with their line, column and reason
// (rejects file, stderr), a file with more than max_invalid_share of them is refused whole
// (exit 3, nothing written), and everything else is written in one transaction. A row already
// recorded (the same phone, channel, date and action) adds nothing; a file that adds nothing
// writes nothing, not even an import_log line. Unlike a snapshot, a list older than one
// imported before is not refused: its rows carry their own dates.
#pragma once

#include <cstdint>

#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::ingest {

struct OptOutImportReport : ImportReport {
  std::int64_t opted_out = 0;        // add rows that recorded something new
  std::int64_t lifted = 0;           // lift rows that recorded something new
  std::int64_t already = 0;          // rows recorded before (by this file or an earlier one)
  std::int64_t ignored_replies = 0;  // replies that are not an unsubscribe word
};

// Throws InputError (refused: unreadable, no phone column, too many invalid rows),
// InternalError.
OptOutImportReport import_optouts(store::Database& db, const ImportOptions& options);

// "optouts.csv: optouts 2026-12-07: 4 rows, 2 opted out, 1 lifted, 0 already recorded,
// 1 reply ignored, 0 rejected"
std::string optout_summary(const OptOutImportReport& report, Date as_of);

}  // namespace ownercare::ingest
