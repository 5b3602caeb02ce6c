// Personal data kept no longer than needed (SPEC 9, issue 12 point 5): erase_expired() erases
// the names and phones the database no longer needs, and keeps every row the reports count.
//
// Two rules, both "older than retain_days" (a date D is older when as_of - D > retain_days):
//
// * A subject that ended: a fleet vehicle gone from the snapshots or delisted, a sold vehicle
//   gone from the sales snapshots or sold away by its owner, a car-wash member gone from the
//   members snapshots. Its current row loses its names, phones (and a sold vehicle's
//   birthday), and so does everything of it whatever its date: its tasks' phones, its
//   outcomes' new phones and notes, its history rows, its service orders' complaints.
// * A record of the past, whoever it is about: history rows of names and phones
//   (subject_change: a phone changed three years ago is no longer needed even while the
//   vehicle is active), the phone a task was sent to, an outcome's new phone and note, a
//   service order's complaint, the cells with names and phones of the rows an evaluation
//   wrote (emitted_row), the phones of its summary's unreachable list.
//
// Erasing replaces values, never deletes a row: every count a report gives stays. Names and
// phones become '' (the value the store already has for "none given": no rule, limit or
// de-duplication by phone reads '' as a phone, and the dealer import's new-owner check takes an
// empty stored name as unknown, never as a different owner). Free text becomes kErasedText, so
// a text that was there still counts as there (the report counts complaints by non-empty
// text). Kept: opt-outs and suppressions (erasing them would let a message reach someone who
// said stop), ids, VINs, plates, dates, statuses and every figure.
#pragma once

#include <cstdint>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

// What erased free text reads (notes, complaints, an SMS's text, a call's context).
inline constexpr const char* kErasedText = "(已删除)";

// The default of the config's retain_days, and the least it accepts: a shorter one would
// erase what a re-run of a recent night and the month's reports still read.
inline constexpr int kDefaultRetainDays = 730;
inline constexpr int kMinRetainDays = 60;

// Rows whose names or phones this run erased (or would erase, for a dry run), per table.
struct ErasureCounts {
  std::int64_t fleet_vehicles = 0;   // vehicles gone or delisted
  std::int64_t dealer_vehicles = 0;  // sold vehicles gone or sold away
  std::int64_t members = 0;          // members gone
  std::int64_t tasks = 0;            // the phone each was sent to
  std::int64_t outcomes = 0;         // new phones and notes
  std::int64_t subject_changes = 0;  // history rows of names and phones
  std::int64_t service_orders = 0;   // complaints
  std::int64_t emitted_rows = 0;     // rows of the files nights wrote
  std::int64_t evaluations = 0;      // summaries with phones of unreachable subjects

  std::int64_t subjects() const { return fleet_vehicles + dealer_vehicles + members; }
  std::int64_t records() const {
    return tasks + outcomes + subject_changes + service_orders + emitted_rows + evaluations;
  }
  bool any() const { return subjects() + records() > 0; }
};

// Erases what is older than `retain_days` on the night `as_of` (see above), in one
// transaction with SQLite's secure_delete on, so the old values are overwritten in the file,
// not left in free space; afterwards the write-ahead log is checkpointed and truncated. A
// second run on the same night erases nothing more. With `dry_run` it counts what it would
// erase and stores nothing. Throws what SQLite throws; the transaction then rolls back.
ErasureCounts erase_expired(Database& db, Date as_of, int retain_days, bool dry_run = false);

}  // namespace ownercare::store
