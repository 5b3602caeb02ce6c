#include "ownercare/store/retention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/emit/output_folder.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::store {

namespace {

// The subject_change rows that hold a name or a phone (the fleet's owner and phone, a sold
// vehicle's owner and phones, a member's mobile); plates, dealers, regions, cards are kept.
constexpr const char* kPersonalChanges =
    "('owner', 'phone', 'mobile', 'home_phone', 'office_phone', 'other_phones')";

// SQL pieces: a name or phone column set to '' (NULL stays NULL), a free-text column set to
// kErasedText (empty stays empty), and the tests for "still holds something to erase".
std::string blank(const char* column) {
  return fmt::format("{0} = CASE WHEN coalesce({0}, '') = '' THEN {0} ELSE '' END", column);
}
std::string erase_text(const char* column) {
  return fmt::format("{0} = CASE WHEN coalesce({0}, '') IN ('', '{1}') THEN {0} ELSE '{1}' END",
                     column, kErasedText);
}
std::string has(const char* column) { return fmt::format("coalesce({}, '') <> ''", column); }
std::string has_text(const char* column) {
  return fmt::format("coalesce({}, '') NOT IN ('', '{}')", column, kErasedText);
}

std::int64_t run(SQLite::Database& db, const std::string& sql,
                 const std::vector<std::string>& values = {}) {
  SQLite::Statement statement(db, sql);
  for (std::size_t i = 0; i < values.size(); ++i) {
    statement.bind(static_cast<int>(i + 1), values[i]);
  }
  return statement.exec();
}

// The subjects that ended before `cutoff` and still hold a name or a phone, into
// temp.erased_subject (kind as task.subject_kind: fleet, vehicle, member, and the orders of
// those vehicles and members), and their current rows erased.
void erase_ended_subjects(SQLite::Database& db, const std::string& cutoff,
                          ErasureCounts& counts) {
  run(db,
      "CREATE TEMP TABLE IF NOT EXISTS erased_subject (kind TEXT NOT NULL, id TEXT NOT NULL, "
      "PRIMARY KEY (kind, id)) WITHOUT ROWID");
  run(db, "DELETE FROM temp.erased_subject");

  const std::string fleet_personal = fmt::format(
      "({} OR {} OR {})", has("owner_name"), has("owner_phone"), has_text("delist_reason"));
  // One statement per end date: each reads its own partial index (gone, delisted).
  for (const char* ended : {"gone_on", "delisted_on"}) {
    run(db,
        fmt::format("INSERT OR IGNORE INTO temp.erased_subject SELECT 'fleet', vehicle_id "
                    "FROM fleet_vehicle WHERE {} < ?1 AND {}",
                    ended, fleet_personal),
        {cutoff});
  }
  counts.fleet_vehicles = run(
      db, fmt::format("UPDATE fleet_vehicle SET owner_name = '', owner_phone = '', "
                      "phone_kind = 'empty', {} WHERE vehicle_id IN "
                      "(SELECT id FROM temp.erased_subject WHERE kind = 'fleet')",
                      erase_text("delist_reason")));

  const std::string sale_personal = fmt::format(
      "({} OR {} OR {} OR {} OR other_phones IS NOT NULL OR mobile_corrected_from IS NOT NULL "
      "OR birthday IS NOT NULL)",
      has("customer_name"), has("mobile"), has("home_phone"), has("office_phone"));
  for (const char* ended : {"gone_on", "sold_on"}) {
    run(db,
        fmt::format("INSERT OR IGNORE INTO temp.erased_subject SELECT 'vehicle', vin "
                    "FROM dealer_vehicle WHERE {} < ?1 AND {}",
                    ended, sale_personal),
        {cutoff});
  }
  counts.dealer_vehicles =
      run(db,
          "UPDATE dealer_vehicle SET customer_name = '', mobile = '', mobile_kind = 'empty', "
          "home_phone = '', home_kind = 'empty', office_phone = '', office_kind = 'empty', "
          "other_phones = NULL, mobile_corrected_from = NULL, birthday = NULL WHERE vin IN "
          "(SELECT id FROM temp.erased_subject WHERE kind = 'vehicle')");
  // The birthday's next date, computed from it.
  run(db,
      "UPDATE vehicle_due SET birthday_on = NULL WHERE birthday_on IS NOT NULL AND vin IN "
      "(SELECT id FROM temp.erased_subject WHERE kind = 'vehicle')");

  run(db,
      fmt::format("INSERT OR IGNORE INTO temp.erased_subject SELECT 'member', member_id "
                  "FROM member WHERE gone_on < ?1 AND ({} OR {} OR other_phones IS NOT NULL "
                  "OR mobile_corrected_from IS NOT NULL)",
                  has("name"), has("mobile")),
      {cutoff});
  counts.members = run(db,
                       "UPDATE member SET name = '', mobile = '', mobile_kind = 'empty', "
                       "other_phones = NULL, mobile_corrected_from = NULL WHERE member_id IN "
                       "(SELECT id FROM temp.erased_subject WHERE kind = 'member')");

  // Their service orders are subjects of tasks too (callbacks after a visit).
  run(db,
      "INSERT OR IGNORE INTO temp.erased_subject SELECT 'order', o.order_id "
      "FROM temp.erased_subject e JOIN service_order o ON o.vin = e.id WHERE e.kind = 'vehicle'");
  run(db,
      "INSERT OR IGNORE INTO temp.erased_subject SELECT 'order', o.order_id "
      "FROM temp.erased_subject e JOIN service_order o ON o.member_id = e.id "
      "WHERE e.kind = 'member'");
}

// Everything else of the subjects in temp.erased_subject, whatever its date.
void erase_subjects_records(SQLite::Database& db, ErasureCounts& counts) {
  const char* subject_tasks =
      "SELECT t.task_rowid FROM temp.erased_subject e JOIN task t "
      "ON t.subject_kind = e.kind AND t.subject_id = e.id";
  counts.outcomes += run(
      db, fmt::format("UPDATE outcome SET {}, {} WHERE ({} OR {}) AND task_id IN "
                      "(SELECT task_id FROM task WHERE task_rowid IN ({}))",
                      blank("new_phone"), erase_text("note"), has("new_phone"), has_text("note"),
                      subject_tasks));
  counts.tasks += run(db, fmt::format("UPDATE task SET phone = '' WHERE {} AND task_rowid IN ({})",
                                      has("phone"), subject_tasks));
  counts.subject_changes += run(
      db, fmt::format("UPDATE subject_change SET {}, {} WHERE ({} OR {}) AND rowid IN "
                      "(SELECT c.rowid FROM temp.erased_subject e JOIN subject_change c "
                      "ON c.subject_kind = e.kind AND c.subject_id = e.id WHERE c.what IN {})",
                      blank("old_value"), blank("new_value"), has("old_value"),
                      has("new_value"), kPersonalChanges));
  counts.service_orders += run(
      db, fmt::format("UPDATE service_order SET {} WHERE {} AND order_id IN "
                      "(SELECT id FROM temp.erased_subject WHERE kind = 'order')",
                      erase_text("complaint"), has_text("complaint")));
}

// The cells of an emitted row that hold a name, a phone or free text about the person, by
// file: names and phones become '', texts kErasedText. Returns whether anything changed.
bool erase_cells(const std::string& file, std::vector<std::string>& cells) {
  static const std::vector<std::string> identity = {"name", "phone", "other_phones"};
  static const std::vector<std::string> texts = {"text", "context", "history", "reason"};
  bool changed = false;
  const auto& columns = emit::output_file(file).columns;
  for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
    const auto& column = columns[i];
    auto& cell = cells[i];
    bool is_identity = std::find(identity.begin(), identity.end(), column) != identity.end();
    // A call's reason is the rule's own words; the delisting's is the owner's.
    bool is_text = std::find(texts.begin(), texts.end(), column) != texts.end() &&
                   (column != "reason" || file == "delist");
    if (is_identity && !cell.empty()) {
      cell.clear();
      changed = true;
    } else if (is_text && !cell.empty() && cell != kErasedText) {
      cell = kErasedText;
      changed = true;
    }
  }
  return changed;
}

// A night's summary with the phones of its unreachable list emptied ("phone": "..." is only
// written there). Returns nullopt when there was none to empty.
std::optional<std::string> erase_summary_phones(const std::string& summary) {
  static const std::string key = "\"phone\": \"";
  std::string result;
  bool changed = false;
  std::size_t from = 0;
  for (;;) {
    auto found = summary.find(key, from);
    if (found == std::string::npos) break;
    std::size_t start = found + key.size();
    std::size_t end = start;
    while (end < summary.size() && summary[end] != '"') end += summary[end] == '\\' ? 2 : 1;
    result.append(summary, from, start - from);
    if (end > start) changed = true;
    from = std::min(end, summary.size());
  }
  if (!changed) return std::nullopt;
  result.append(summary, from, std::string::npos);
  return result;
}

// The records dated from `from` (inclusive) to `before` (exclusive), whoever they are about.
void erase_dated_records(SQLite::Database& db, const std::string& from, const std::string& before,
                         ErasureCounts& counts) {
  counts.subject_changes += run(
      db, fmt::format("UPDATE subject_change SET {}, {} WHERE what IN {} AND changed_on >= ?1 "
                      "AND changed_on < ?2 AND ({} OR {})",
                      blank("old_value"), blank("new_value"), kPersonalChanges, has("old_value"),
                      has("new_value")),
      {from, before});
  counts.outcomes += run(
      db, fmt::format("UPDATE outcome SET {}, {} WHERE recorded_on >= ?1 AND recorded_on < ?2 "
                      "AND ({} OR {})",
                      blank("new_phone"), erase_text("note"), has("new_phone"), has_text("note")),
      {from, before});

  // Night by night (an evaluated night's rows at a time), each read whole before any is
  // rewritten: a statement does not step through rows its own connection is changing.
  std::vector<std::string> nights;
  {
    SQLite::Statement query(db, "SELECT as_of FROM evaluation WHERE as_of >= ?1 AND as_of < ?2 "
                                "ORDER BY as_of");
    query.bind(1, from);
    query.bind(2, before);
    while (query.executeStep()) nights.push_back(query.getColumn(0).getString());
  }
  SQLite::Statement rows(db, "SELECT file, position, cells FROM emitted_row WHERE as_of = ?1");
  SQLite::Statement update_row(db,
                               "UPDATE emitted_row SET cells = ?4 "
                               "WHERE as_of = ?1 AND file = ?2 AND position = ?3");
  SQLite::Statement summary(db, "SELECT summary FROM evaluation WHERE as_of = ?1");
  SQLite::Statement update_summary(db, "UPDATE evaluation SET summary = ?2 WHERE as_of = ?1");
  for (const auto& night : nights) {
    struct Erased {
      std::string file;
      std::int64_t position;
      std::string cells;
    };
    std::vector<Erased> erased;
    rows.bind(1, night);
    while (rows.executeStep()) {
      std::string file = rows.getColumn(0).getString();
      auto cells = split_cells(rows.getColumn(2).getString());
      if (erase_cells(file, cells)) {
        erased.push_back({file, rows.getColumn(1).getInt64(), join_cells(cells)});
      }
    }
    rows.reset();
    for (const auto& row : erased) {
      update_row.bind(1, night);
      update_row.bind(2, row.file);
      update_row.bind(3, row.position);
      update_row.bind(4, row.cells);
      update_row.exec();
      update_row.reset();
    }
    counts.emitted_rows += static_cast<std::int64_t>(erased.size());

    summary.bind(1, night);
    std::optional<std::string> erased_summary;
    if (summary.executeStep()) {
      erased_summary = erase_summary_phones(summary.getColumn(0).getString());
    }
    summary.reset();
    if (erased_summary) {
      update_summary.bind(1, night);
      update_summary.bind(2, *erased_summary);
      update_summary.exec();
      update_summary.reset();
      ++counts.evaluations;
    }
  }
}

// The phones of the tasks created before `before` that are over (no further try listed),
// walking the tasks in the order they were created from the first one not yet done. Tasks
// are created night after night in date order, so the walk stops at the first one created
// on or after `before`; a task still open is passed over and visited again the next night.
// Returns the new position: every task up to it is done.
std::int64_t erase_old_task_phones(SQLite::Database& db, std::int64_t done_up_to,
                                   const std::string& before, ErasureCounts& counts) {
  SQLite::Statement query(db,
                          "SELECT task_rowid, created_on, next_on IS NULL, phone FROM task "
                          "WHERE task_rowid > ?1 ORDER BY task_rowid");
  query.bind(1, done_up_to);
  bool open_seen = false;
  std::int64_t position = done_up_to;
  std::vector<std::int64_t> erase;
  while (query.executeStep()) {
    if (query.getColumn(1).getString() >= before) break;
    std::int64_t rowid = query.getColumn(0).getInt64();
    if (query.getColumn(2).getInt() == 0) {
      open_seen = true;
      continue;
    }
    if (!query.getColumn(3).isNull() && !query.getColumn(3).getString().empty()) {
      erase.push_back(rowid);
    }
    if (!open_seen) position = rowid;
  }
  query.reset();
  SQLite::Statement update(db, "UPDATE task SET phone = '' WHERE task_rowid = ?1");
  for (auto rowid : erase) {
    update.bind(1, rowid);
    update.exec();
    update.reset();
  }
  counts.tasks += static_cast<std::int64_t>(erase.size());
  return position;
}

}  // namespace

ErasureCounts erase_expired(Database& db, Date as_of, int retain_days, bool dry_run) {
  auto& sql = db.sql();
  ErasureCounts counts;
  const std::string cutoff = as_of.plus_days(-retain_days).iso();

  // Overwrite what is erased instead of leaving it in the file's free space (Debian's SQLite
  // has it on by default; other builds may not).
  std::string secure_before = scalar_text(sql, "PRAGMA secure_delete");
  sql.exec("PRAGMA secure_delete = ON");
  {
    Transaction transaction(db);
    std::string erased_before;
    std::int64_t task_position = 0;
    {
      SQLite::Statement state(sql,
                              "SELECT erased_before, task_rowid FROM retention_state WHERE id = 1");
      if (state.executeStep()) {
        erased_before = state.getColumn(0).getString();
        task_position = state.getColumn(1).getInt64();
      }
    }
    erase_ended_subjects(sql, cutoff, counts);
    erase_subjects_records(sql, counts);
    if (erased_before < cutoff) {
      erase_dated_records(sql, erased_before, cutoff, counts);
      erased_before = cutoff;
    }
    task_position = erase_old_task_phones(sql, task_position, cutoff, counts);
    SQLite::Statement save(sql,
                           "INSERT OR REPLACE INTO retention_state (id, erased_before, task_rowid) "
                           "VALUES (1, ?1, ?2)");
    save.bind(1, erased_before);
    save.bind(2, task_position);
    save.exec();
    run(sql, "DELETE FROM temp.erased_subject");
    if (!dry_run) transaction.commit();
  }
  if (!dry_run && counts.any()) {
    // The erased values' old pages leave the write-ahead log too.
    SQLite::Statement checkpoint(sql, "PRAGMA wal_checkpoint(TRUNCATE)");
    while (checkpoint.executeStep()) {
    }
  }
  sql.exec(fmt::format("PRAGMA secure_delete = {}", secure_before == "1" ? "ON" : "OFF"));
  return counts;
}

}  // namespace ownercare::store
