// The three dealer and car-wash importers in the fleet importer's phases: read the file while
// classifying each row against a digest index of what is stored (only new and changed rows are
// kept in memory), check the refusals, and only then write, in one transaction.
#include "ownercare/ingest/dealer_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/ingest/dealer_rows.hpp"
#include "ownercare/ingest/input_header.hpp"
#include "ownercare/ingest/parsed_rows.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/ingest/share_limit.hpp"
#include "ownercare/store/dealer_store.hpp"
#include "ownercare/store/fleet_store.hpp"

namespace ownercare::ingest {

namespace {

using store::DigestIndex;
using store::PackedRows;

// A first import of more new rows than this is a bulk load (see Database::begin_bulk_load).
constexpr std::size_t kBulkLoadRows = 100000;

// What every import does before its rows: open the file, refuse a backdated one, match the
// header.
struct OpenedFile {
  csv::Reader reader;
  std::optional<Date> newest;  // the newest import of this kind
  InputHeader header;
  std::uint64_t header_line = 1;
};

OpenedFile open_file(store::Database& db, const ImportOptions& options, const char* kind,
                     const char* what, const std::vector<csv::ColumnSpec>& columns,
                     DealerImportReport& report) {
  auto reader = csv::Reader::open(options.file, reader_options(options));
  report.file_name = reader.display_name();
  auto newest = store::newest_import(db, kind);
  if (newest && options.as_of < *newest) {
    throw InputError(fmt::format("{}: refused: the {} of {} is older than the newest one "
                                 "imported ({}); {} files must be imported in date order",
                                 report.file_name, what, options.as_of.iso(), newest->iso(),
                                 kind));
  }
  // As read_input_header does, keeping the header's line for the service file's own check.
  csv::Record record;
  if (!reader.next(record)) {
    throw InputError(fmt::format("{}: refused: the file is empty (a header row is required)",
                                 report.file_name));
  }
  InputHeader header{csv::HeaderMap::match(record, columns, report.file_name, options.column_map),
                     {record.fields.begin(), record.fields.end()},
                     std::nullopt};
  header.map.set_separator(reader.separator());
  if (!header.map.unknown_columns().empty()) {
    std::string list;
    for (const auto& name : header.map.unknown_columns()) list += (list.empty() ? "" : ", ") + name;
    report.warnings.push_back(fmt::format("warning: {}:{}: ignoring unknown columns: {}",
                                          report.file_name, record.line, list));
  }
  for (const auto& note : header.map.notes()) report.warnings.push_back("warning: " + note);
  // A file of owners without any phone column reaches nobody (fleet and member files refuse
  // one: their phone column is required).
  std::string phone_columns;
  bool has_phone = false;
  for (std::size_t column = 0; column < columns.size(); ++column) {
    if (!columns[column].phone) continue;
    phone_columns += (phone_columns.empty() ? "" : ", ") + columns[column].name;
    if (header.map.position(column)) has_phone = true;
  }
  if (!phone_columns.empty() && !has_phone) {
    report.warnings.push_back(fmt::format(
        "warning: {}:{}: no phone column recognised ({}): no SMS or call can reach these "
        "owners; name the file's phone column in a column map (columns)",
        report.file_name, record.line, phone_columns));
  }
  return OpenedFile{std::move(reader), newest, std::move(header), record.line};
}

// Reads every record, counting and reporting progress (the read phase), and hands each to
// `row`.
template <class RowFunction>
void read_rows(csv::Reader& reader, const ImportOptions& options, DealerImportReport& report,
               RowFunction&& row) {
  PhaseProgress read(options.progress, "read", input_size(options), ProgressUnit::bytes);
  csv::Record record;
  while (reader.next(record)) {
    ++report.rows_read;
    if (read.row_due()) read.at(reader.bytes_read());
    row(record);
  }
  read.at(reader.bytes_read());
  report.encoding = csv::encoding_name(reader.encoding());
}

// Takes the parser's warnings, then writes the rejects file (when there are rejects) and
// refuses a file with too many.
void settle_dealer_rejects(Rejects& rejects, const ImportOptions& options, const char* kind,
                    const std::vector<std::string>& header_cells, DealerImportReport& report) {
  for (auto& warning : rejects.warning_messages()) report.warnings.push_back(std::move(warning));
  if (auto warning = rejects.invalid_phone_warning(options.max_invalid_phone_share)) {
    report.warnings.push_back(std::move(*warning));
  }
  rejects.sort_by_line();
  report.rows_rejected = static_cast<std::int64_t>(rejects.size());
  auto settled =
      settle_rejects(rejects, options, kind, header_cells, report.file_name, report.rows_read);
  report.rejects_file = std::move(settled.file);
  report.reject_messages = std::move(settled.messages);
}

// The rows of a full snapshot (sales, members) worth writing, and the stored subjects it lacks.
struct SnapshotRows {
  DigestIndex index;
  PackedRows rows;
  std::vector<std::uint32_t> fresh;    // not stored before
  std::vector<std::uint32_t> changed;  // stored, with another digest or gone
  std::vector<std::string> disappeared;
  std::size_t present_before = 0;
};

// Classifies one parsed row of a snapshot. A key seen before in this file rejects the row
// (the first one stays), naming the line of the first.
void classify(SnapshotRows& snapshot, const ParsedBatch& batch, const ParsedBatch::Row& row,
              std::size_t key_column, const char* key_name, Rejects& rejects,
              DealerImportReport& report) {
  std::string_view key = batch.key(row);
  std::string_view encoded = batch.encoded(row);
  std::uint64_t digest = row.digest;
  auto line = static_cast<std::uint32_t>(row.line);
  DigestIndex::Entry* entry = snapshot.index.find(key);
  if (row.held) {
    // The first row of the key decides: rejected, its subject stays exactly as stored, and
    // the key's later rows are repeats. A later rejected row has its own reject already.
    if (!entry) {
      snapshot.index.insert(key, 0, DigestIndex::kSeen, line);
    } else if (!entry->seen()) {
      entry->flags |= DigestIndex::kSeen;
      entry->line = line;
      if (entry->stored()) ++report.held;
    }
    return;
  }
  if (entry && entry->seen()) {
    rejects.add(Reject{row.line, key_column, key_name, std::string(key),
                       fmt::format("appears more than once in this file (first on line {})",
                                   entry->line),
                       batch.cells(row)});
    return;
  }
  if (!entry) {
    snapshot.index.insert(key, digest, DigestIndex::kSeen, line);
    snapshot.fresh.push_back(static_cast<std::uint32_t>(snapshot.rows.size()));
    snapshot.rows.add(key, line, digest, encoded);
    return;
  }
  entry->flags |= DigestIndex::kSeen;
  entry->line = line;
  if (entry->digest == digest && !entry->gone()) {
    ++report.unchanged;
    return;
  }
  snapshot.changed.push_back(static_cast<std::uint32_t>(snapshot.rows.size()));
  snapshot.rows.add(key, line, digest, encoded);
}

// The write phase of a snapshot: its changed, new and gone subjects.
PhaseProgress write_progress(const ImportOptions& options, const SnapshotRows& snapshot) {
  return PhaseProgress(options.progress, "write",
                       snapshot.changed.size() + snapshot.fresh.size() +
                           snapshot.disappeared.size());
}

std::size_t column_number(const InputHeader& header, std::size_t column) {
  auto position = header.map.position(column);
  return position ? *position + 1 : 0;
}

// Reads a snapshot: a second thread reads and parses the file with `Parser` into `Facts`
// (keyed by `key_field`) while this one loads the stored digests (`table`'s `key`, row_hash and
// gone_on), then classifies each row as it comes. Returns the rejects: the parser's, and the
// rows whose key the file repeats.
template <class Parser, class Facts>
Rejects read_snapshot(store::Database& db, const char* table, const char* key,
                      std::string Facts::*key_field, std::size_t key_column, OpenedFile& file,
                      const ImportOptions& options, SnapshotRows& snapshot,
                      DealerImportReport& report) {
  Rejects rejects(report.file_name), repeated(report.file_name);
  Parser parser(file.header.map, options.as_of, rejects);
  Facts facts;  // the reading thread's
  auto parse = [&](const csv::Record& record, std::string& row_key, std::string& encoded) {
    if (!parser.parse(record, facts)) {
      if (parser.key_read()) row_key = facts.*key_field;
      else row_key.clear();
      return false;
    }
    store::encode(facts, encoded);
    row_key = facts.*key_field;
    return true;
  };
  const auto column = column_number(file.header, key_column);
  // The read phase is reported by the reading thread while this one loads the stored digests;
  // the compare phase, in bytes of the file too, from the first batch this one classifies.
  const auto size = input_size(options);
  PhaseProgress read(options.progress, "read", size, ProgressUnit::bytes);
  ParsedRows::Progress read_progress;
  if (options.progress) read_progress = [&read](std::uint64_t bytes) { read.at(bytes); };
  ParsedRows parsed(file.reader, parse, store::digest_of_encoded, std::move(read_progress));
  {
    // The load reads the whole table once: a page cache would only fill with pages read
    // once, while the parsed rows waiting need the memory.
    auto cache_size = db.sql().execAndGet("PRAGMA cache_size").getString();
    db.sql().exec("PRAGMA cache_size = -4096");
    snapshot.index = DigestIndex::load(
        db.sql(), fmt::format("SELECT count(*) FROM {}", table).c_str(),
        fmt::format("SELECT {}, row_hash, gone_on IS NOT NULL FROM {}", key, table).c_str());
    db.sql().exec("PRAGMA cache_size = " + cache_size);
  }
  ParsedBatch batch;
  PhaseProgress compare(options.progress, "compare", size, ProgressUnit::bytes);
  while (parsed.next(batch)) {
    compare.at(batch.bytes_read());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // A table of millions of keys is far larger than the CPU's cache: fetching a slot a few
      // rows ahead overlaps the misses instead of taking them one by one.
      if (i + 8 < batch.size()) snapshot.index.prefetch(batch.key(batch.row(i + 8)));
      classify(snapshot, batch, batch.row(i), column, key, repeated, report);
    }
  }
  report.rows_read = parsed.rows_read();
  report.encoding = csv::encoding_name(file.reader.encoding());
  for (const auto& reject : repeated.all()) rejects.add(reject);
  return rejects;
}

// Finds the stored subjects the snapshot lacks and stops when they are too many.
void check_disappeared(SnapshotRows& snapshot, const ImportOptions& options, const char* subjects,
                       DealerImportReport& report) {
  snapshot.present_before = snapshot.index.stored_present();
  for (const auto& entry : snapshot.index.entries()) {
    if (entry.used() && entry.stored() && !entry.seen() && !entry.gone()) {
      snapshot.disappeared.emplace_back(snapshot.index.key(entry));
    }
  }
  std::sort(snapshot.disappeared.begin(), snapshot.disappeared.end());
  const auto missing = snapshot.disappeared.size();
  if (!more_than_share(missing, static_cast<std::uint64_t>(snapshot.present_before),
                       options.max_disappear_share)) {
    return;
  }
  if (!options.force) {
    throw SafetyError(fmt::format(
        "{}: safety stop: {} of {} known {} are missing from this snapshot, more than {:.0f}%; "
        "a truncated export must not look like a mass disappearance. Nothing was imported. "
        "Check the file; if it is right, import it again with --force",
        report.file_name, missing, snapshot.present_before, subjects,
        options.max_disappear_share * 100));
  }
  report.warnings.push_back(fmt::format("warning: {}: --force: {} of {} known {} are missing "
                                        "from this snapshot",
                                        report.file_name, missing, snapshot.present_before,
                                        subjects));
}

store::ImportLogLine log_line(const char* kind, const ImportOptions& options,
                              const DealerImportReport& report) {
  store::ImportLogLine log;
  log.kind = kind;
  log.as_of = options.as_of;
  log.file_name = report.file_name;
  log.forced = options.force;
  return log;
}

void finish_log(store::Database& db, std::int64_t import_id, store::ImportLogLine& log,
                const csv::Reader& reader, const DealerImportReport& report) {
  log.file_bytes = static_cast<std::int64_t>(reader.bytes_read());
  log.encoding = report.encoding;
  log.rows_read = report.rows_read;
  log.rows_rejected = report.rows_rejected;
  log.added = report.added;
  log.changed = report.changed;
  log.gone = report.gone;
  log.returned = report.returned;
  store::update_import_log(db, import_id, log);
}

// Runs `write` in one transaction, as a bulk load when it adds many rows.
template <class WriteFunction>
void write_transaction(store::Database& db, std::size_t new_rows, WriteFunction&& write) {
  bool bulk = new_rows > kBulkLoadRows && db.begin_bulk_load();
  try {
    store::Transaction transaction(db);
    write();
    transaction.commit();
  } catch (...) {
    if (bulk) db.end_bulk_load();
    throw;
  }
  if (bulk) db.end_bulk_load();
}

// A name compared the way a person reads it: spaces and ASCII case do not make another owner.
std::string comparable_name(std::string_view name) {
  std::string kept;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == ' ' || name[i] == '\t') continue;
    if (name.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000
      i += 2;
      continue;
    }
    kept += name[i];
  }
  return ascii_lower(kept);
}

// The mobile to store: a call's correction stands while the file shows the number it replaced.
void settle_mobile(const std::string& file_mobile, const std::string& file_kind,
                   const std::string& stored_mobile, const std::string& stored_kind,
                   const std::optional<std::string>& corrected_from, bool keep_correction,
                   std::string& mobile, std::string& kind,
                   std::optional<std::string>& row_corrected_from) {
  if (keep_correction && corrected_from && file_mobile == *corrected_from) {
    mobile = stored_mobile;
    kind = stored_kind;
    row_corrected_from = corrected_from;
  } else {
    mobile = file_mobile;
    kind = file_kind;
    row_corrected_from.reset();
  }
}

// Logs one change of a subject when the value differs.
struct ChangeLog {
  store::DealerWriter& writer;
  const char* subject_kind;
  Date as_of;
  std::string source;
  DealerImportReport& report;

  void note(const std::string& id, const char* what, const std::string& before,
            const std::string& after) {
    if (before == after) return;
    writer.add_subject_change(subject_kind, id, as_of, what, before, after, source);
    ++report.subject_changes;
  }
};

// --- sales

void write_sale_change(store::DealerWriter& writer, const store::SaleFacts& facts,
                       std::uint64_t digest, Date as_of, ChangeLog& log,
                       DealerImportReport& report) {
  auto stored = writer.stored_sale(facts.vin);
  if (!stored) throw InternalError(fmt::format("vehicle {} vanished from the database", facts.vin));
  if (stored->gone) ++report.returned;
  else ++report.changed;

  store::SaleRow row;
  row.facts = &facts;
  row.digest = digest;
  row.changed_on = as_of;
  row.owner_since = stored->owner_since;
  row.sold_on = stored->sold_on;
  row.sold_task = stored->sold_task;
  row.last_visit_on = std::max(stored->last_visit_on, facts.sale_date);

  bool new_owner = !stored->customer_name.empty() && !facts.customer_name.empty() &&
                   comparable_name(stored->customer_name) != comparable_name(facts.customer_name);
  if (new_owner) {
    row.owner_since = as_of;
    row.sold_on.reset();
    row.sold_task.reset();
    ++report.new_owners;
    log.note(facts.vin, "owner", stored->customer_name, facts.customer_name);
  }
  settle_mobile(facts.mobile, facts.mobile_kind, stored->mobile, stored->mobile_kind,
                stored->mobile_corrected_from, !new_owner, row.mobile, row.mobile_kind,
                row.mobile_corrected_from);
  log.note(facts.vin, "mobile", stored->mobile, row.mobile);
  log.note(facts.vin, "home_phone", stored->home_phone, facts.home_phone);
  log.note(facts.vin, "office_phone", stored->office_phone, facts.office_phone);
  log.note(facts.vin, "dealer_code", stored->dealer_code, facts.dealer_code);
  log.note(facts.vin, "plate", stored->plate, facts.plate);

  row.odometer_km = stored->odometer_km;
  row.odometer_date = stored->odometer_date;
  if (facts.odometer_km) {
    Date read_on = facts.odometer_date.value_or(as_of);
    std::int64_t km = *facts.odometer_km;
    // A snapshot repeating the reading it gave before adds nothing: the vehicle's newest, or
    // its newest from a snapshot (an undated one would otherwise be re-dated every time the
    // row changes for another reason, and could hide a later order's reading).
    bool repeat = stored->odometer_km == km && stored->odometer_date == read_on;
    if (!repeat) {
      auto last = writer.newest_sales_reading(facts.vin);
      repeat = last && last->second == km && (!facts.odometer_date || last->first == read_on);
    }
    if (!repeat) {
      writer.put_reading(facts.vin, read_on, km, "sales");
      ++report.odometer_readings;
      if (!stored->odometer_date || read_on >= *stored->odometer_date) {
        row.odometer_km = km;
        row.odometer_date = read_on;
      }
    }
  }
  row.dates_unchanged =
      stored->sale_date == facts.sale_date && stored->last_visit_on == row.last_visit_on;
  writer.update_vehicle(row);
}

void write_new_sale(store::DealerWriter& writer, const store::SaleFacts& facts,
                    std::uint64_t digest, Date as_of, bool visits_recorded,
                    DealerImportReport& report) {
  store::SaleRow row;
  row.facts = &facts;
  row.digest = digest;
  row.mobile = facts.mobile;
  row.mobile_kind = facts.mobile_kind;
  row.owner_since = facts.sale_date;
  row.last_visit_on = facts.sale_date;
  row.first_seen = as_of;
  row.changed_on = as_of;
  std::optional<std::pair<Date, std::int64_t>> newest;
  if (visits_recorded) {
    // Its orders came before its sale: they were kept, and count now.
    auto closed = writer.newest_order_closed(facts.vin);
    if (closed && *closed > row.last_visit_on) row.last_visit_on = *closed;
    newest = writer.newest_reading(facts.vin);
  }
  if (facts.odometer_km) {
    Date read_on = facts.odometer_date.value_or(as_of);
    writer.add_reading(facts.vin, read_on, *facts.odometer_km, "sales");
    ++report.odometer_readings;
    if (!newest || read_on >= newest->first) newest = std::pair(read_on, *facts.odometer_km);
  }
  if (newest) {
    row.odometer_date = newest->first;
    row.odometer_km = newest->second;
  }
  writer.add_vehicle(row);
  ++report.added;
}

// --- members

bool same_balance(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return std::llround(*a * 100) == std::llround(*b * 100);  // to the fen
}

void write_member_change(store::DealerWriter& writer, const store::MemberFacts& facts,
                         std::uint64_t digest, Date as_of, ChangeLog& log,
                         DealerImportReport& report) {
  auto stored = writer.stored_member(facts.member_id);
  if (!stored) {
    throw InternalError(fmt::format("member {} vanished from the database", facts.member_id));
  }
  if (stored->gone) ++report.returned;
  else ++report.changed;
  store::MemberRow row;
  row.facts = &facts;
  row.digest = digest;
  row.changed_on = as_of;
  settle_mobile(facts.mobile, facts.mobile_kind, stored->mobile, stored->mobile_kind,
                stored->mobile_corrected_from, true, row.mobile, row.mobile_kind,
                row.mobile_corrected_from);
  log.note(facts.member_id, "mobile", stored->mobile, row.mobile);
  log.note(facts.member_id, "region", stored->region, facts.region);
  log.note(facts.member_id, "franchise", stored->franchise, facts.franchise);
  // A later expiry date is a renewed card: ownercare-report counts it among the cards sold.
  log.note(facts.member_id, "expires", stored->expires ? stored->expires->iso() : "",
           facts.expires ? facts.expires->iso() : "");
  log.note(facts.member_id, "card_type", stored->card_type, facts.card_type);
  if (same_balance(stored->balance, facts.balance)) {
    row.balance_before = stored->balance_before;
    row.balance_changed_on = stored->balance_changed_on;
  } else {
    row.balance_before = stored->balance;
    row.balance_changed_on = as_of;
    ++report.balances_changed;
  }
  writer.update_member(row);
}

}  // namespace

DealerImportReport import_sales(store::Database& db, const ImportOptions& options) {
  DealerImportReport report;
  auto file = open_file(db, options, "sales", "sales snapshot", sales_columns(), report);
  SnapshotRows snapshot;
  auto rejects = read_snapshot<SalesRowParser>(db, "dealer_vehicle", "vin", &store::SaleFacts::vin,
                                               sales_column::vin, file, options, snapshot, report);
  settle_dealer_rejects(rejects, options, "sales", file.header.cells, report);
  check_disappeared(snapshot, options, "vehicles", report);
  if (snapshot.fresh.empty() && snapshot.changed.empty() && snapshot.disappeared.empty() &&
      file.newest && *file.newest == options.as_of) {
    report.unchanged_repeat = true;
    return report;
  }

  store::SaleFacts facts;
  write_transaction(db, snapshot.fresh.size(), [&] {
    auto log = log_line("sales", options, report);
    std::int64_t import_id = store::insert_import_log(db, log);
    store::DealerWriter writer(db);
    writer.log_vehicle_changes(import_id);
    ChangeLog changes{writer, "vehicle", options.as_of, fmt::format("import:{}", import_id),
                      report};
    PhaseProgress write = write_progress(options, snapshot);
    // In key order, the tables' order: neighbouring changes share pages.
    for (std::uint32_t item : snapshot.rows.sorted(snapshot.changed)) {
      write.step();
      store::decode(snapshot.rows.encoded(item), facts);
      facts.vin.assign(snapshot.rows.key(item));
      write_sale_change(writer, facts, snapshot.rows.digest(item), options.as_of, changes,
                        report);
    }
    bool visits_recorded = !snapshot.fresh.empty() && writer.any_visit_recorded();
    auto fresh = snapshot.rows.sorted(snapshot.fresh);
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      if (i + 8 < fresh.size()) snapshot.rows.prefetch(fresh[i + 8]);
      write.step();
      store::decode(snapshot.rows.encoded(fresh[i]), facts);
      facts.vin.assign(snapshot.rows.key(fresh[i]));
      write_new_sale(writer, facts, snapshot.rows.digest(fresh[i]), options.as_of,
                     visits_recorded, report);
    }
    for (const auto& vin : snapshot.disappeared) {
      write.step();
      writer.mark_vehicle_gone(vin, options.as_of);
    }
    report.gone = static_cast<std::int64_t>(snapshot.disappeared.size());
    writer.flush();
    finish_log(db, import_id, log, file.reader, report);
  });
  return report;
}

DealerImportReport import_members(store::Database& db, const ImportOptions& options) {
  DealerImportReport report;
  auto file = open_file(db, options, "members", "members snapshot", member_columns(), report);
  SnapshotRows snapshot;
  auto rejects = read_snapshot<MemberRowParser>(db, "member", "member_id",
                                                &store::MemberFacts::member_id,
                                                member_column::member_id, file, options, snapshot,
                                                report);
  settle_dealer_rejects(rejects, options, "members", file.header.cells, report);
  check_disappeared(snapshot, options, "members", report);
  if (snapshot.fresh.empty() && snapshot.changed.empty() && snapshot.disappeared.empty() &&
      file.newest && *file.newest == options.as_of) {
    report.unchanged_repeat = true;
    return report;
  }

  store::MemberFacts facts;
  write_transaction(db, snapshot.fresh.size(), [&] {
    auto log = log_line("members", options, report);
    std::int64_t import_id = store::insert_import_log(db, log);
    store::DealerWriter writer(db);
    ChangeLog changes{writer, "member", options.as_of, fmt::format("import:{}", import_id),
                      report};
    PhaseProgress write = write_progress(options, snapshot);
    for (std::uint32_t item : snapshot.rows.sorted(snapshot.changed)) {
      write.step();
      store::decode(snapshot.rows.encoded(item), facts);
      facts.member_id.assign(snapshot.rows.key(item));
      write_member_change(writer, facts, snapshot.rows.digest(item), options.as_of, changes,
                          report);
    }
    for (std::uint32_t item : snapshot.rows.sorted(snapshot.fresh)) {
      write.step();
      store::decode(snapshot.rows.encoded(item), facts);
      facts.member_id.assign(snapshot.rows.key(item));
      store::MemberRow row;
      row.facts = &facts;
      row.digest = snapshot.rows.digest(item);
      row.mobile = facts.mobile;
      row.mobile_kind = facts.mobile_kind;
      row.balance_changed_on = options.as_of;  // a new member's balance is news
      row.first_seen = options.as_of;
      row.changed_on = options.as_of;
      writer.add_member(row);
      ++report.added;
    }
    for (const auto& id : snapshot.disappeared) {
      write.step();
      writer.mark_member_gone(id, options.as_of);
    }
    report.gone = static_cast<std::int64_t>(snapshot.disappeared.size());
    writer.flush();
    finish_log(db, import_id, log, file.reader, report);
  });
  return report;
}

DealerImportReport import_service(store::Database& db, const ImportOptions& options) {
  DealerImportReport report;
  auto file = open_file(db, options, "service", "service file", service_columns(), report);
  const auto& header = file.header.map;
  if (!header.has(service_column::vin) && !header.has(service_column::member_id)) {
    throw InputError(fmt::format(
        "{}:{}: missing required column \"vin\" or \"member_id\" (a service order names a "
        "vehicle, a member or both)",
        report.file_name, file.header_line));
  }
  // In-file ids only: the stored orders are looked up one by one, since a night's file holds
  // a few of the many orders kept over the years.
  DigestIndex seen;
  PackedRows rows;
  Rejects rejects(report.file_name);
  ServiceRowParser parser(file.header.map, options.as_of, rejects);
  store::ServiceOrderFacts facts;
  std::string encoded;
  const auto id_column = column_number(file.header, service_column::order_id);
  read_rows(file.reader, options, report, [&](const csv::Record& record) {
    if (!parser.parse(record, facts)) return;
    if (auto* first = seen.find(facts.order_id)) {
      rejects.add(record, id_column, "order_id", facts.order_id,
                  fmt::format("appears more than once in this file (first on line {})",
                              first->line));
      return;
    }
    seen.insert(facts.order_id, 0, DigestIndex::kSeen, static_cast<std::uint32_t>(record.line));
    store::encode(facts, encoded);
    rows.add(facts.order_id, record.line, store::digest_of_encoded(encoded), encoded);
  });
  settle_dealer_rejects(rejects, options, "service", file.header.cells, report);

  store::DealerWriter writer(db);
  std::vector<std::uint32_t> fresh;
  std::vector<std::pair<std::uint32_t, store::StoredOrder>> changed;
  PhaseProgress compare(options.progress, "compare", rows.size());
  for (std::uint32_t item = 0; item < rows.size(); ++item) {
    compare.step();
    auto stored = writer.stored_order(std::string(rows.key(item)));
    if (!stored) fresh.push_back(item);
    else if (stored->digest != rows.digest(item)) changed.emplace_back(item, *stored);
    else ++report.unchanged;
  }
  if (fresh.empty() && changed.empty() && file.newest && *file.newest == options.as_of) {
    report.unchanged_repeat = true;
    return report;
  }

  write_transaction(db, fresh.size(), [&] {
    auto log = log_line("service", options, report);
    std::int64_t import_id = store::insert_import_log(db, log);
    writer.log_vehicle_changes(import_id);
    // What the written orders mean for each vehicle they visit.
    struct Visits {
      std::int64_t orders = 0;
      Date newest_closed;
      std::optional<std::pair<Date, std::int64_t>> newest_reading;
    };
    std::map<std::string, Visits, std::less<>> visits;  // in VIN order, the table's order
    // The orders' readings, written after them in the table's key order (vin, read_on,
    // source): in order-id order each would land on a random page of odometer_reading.
    struct Reading {
      std::string vin;
      Date read_on;
      std::int64_t km = 0;
      std::string source;
    };
    std::vector<Reading> readings;
    auto visit = [&](const store::ServiceOrderFacts& order) {
      if (!order.member_id.empty() && !writer.member_exists(order.member_id)) {
        ++report.unknown_member_orders;
      }
      if (order.vin.empty()) return;
      auto& v = visits[order.vin];
      if (v.orders++ == 0 || order.closed > v.newest_closed) v.newest_closed = order.closed;
      if (order.mileage_km) {
        readings.push_back({order.vin, order.closed, *order.mileage_km, order.order_id});
        ++report.odometer_readings;
        std::pair reading(order.closed, *order.mileage_km);
        if (!v.newest_reading || reading > *v.newest_reading) v.newest_reading = reading;
      }
    };
    PhaseProgress write(options.progress, "write", fresh.size() + changed.size());
    for (std::uint32_t item : rows.sorted(fresh)) {
      write.step();
      store::decode(rows.encoded(item), facts);
      facts.order_id.assign(rows.key(item));
      writer.add_order(facts, rows.digest(item), options.as_of);
      ++report.added;
      visit(facts);
    }
    std::vector<std::string> recount;  // vehicles whose newest reading may have been removed
    for (const auto& [item, stored] : changed) {
      write.step();
      store::decode(rows.encoded(item), facts);
      facts.order_id.assign(rows.key(item));
      writer.update_order(facts, rows.digest(item), options.as_of);
      ++report.changed;
      // The order's old reading goes when the order now reads otherwise.
      if (stored.mileage_km && !stored.vin.empty() &&
          (stored.vin != facts.vin || stored.closed != facts.closed || !facts.mileage_km)) {
        writer.delete_reading(stored.vin, stored.closed, facts.order_id);
        recount.push_back(stored.vin);
      }
      visit(facts);
    }
    // No two readings share a key: an order id is in the file once, and a changed order's old
    // reading, deleted above, has another vin or date than its new one.
    std::sort(readings.begin(), readings.end(), [](const Reading& a, const Reading& b) {
      return std::tie(a.vin, a.read_on, a.source) < std::tie(b.vin, b.read_on, b.source);
    });
    for (const auto& reading : readings) {
      writer.add_reading(reading.vin, reading.read_on, reading.km, reading.source);
    }
    writer.flush();
    for (const auto& vin : recount) visits.try_emplace(vin);
    for (const auto& [vin, v] : visits) {
      auto vehicle = writer.vehicle_visit(vin);
      if (!vehicle) {
        report.unknown_vehicle_orders += v.orders;
        continue;
      }
      bool visited = v.orders > 0 && v.newest_closed > vehicle->last_visit_on;
      if (visited) vehicle->last_visit_on = v.newest_closed;
      bool recounted = std::find(recount.begin(), recount.end(), vin) != recount.end();
      if (recounted) {
        auto newest = writer.newest_reading(vin);
        vehicle->odometer_date = newest ? std::optional(newest->first) : std::nullopt;
        vehicle->odometer_km = newest ? std::optional(newest->second) : std::nullopt;
      } else if (v.newest_reading && (!vehicle->odometer_date ||
                                      v.newest_reading->first >= *vehicle->odometer_date)) {
        vehicle->odometer_date = v.newest_reading->first;
        vehicle->odometer_km = v.newest_reading->second;
      }
      writer.update_vehicle_visit(vin, *vehicle, options.as_of, visited);
    }
    writer.flush();
    finish_log(db, import_id, log, file.reader, report);
  });
  return report;
}

}  // namespace ownercare::ingest
