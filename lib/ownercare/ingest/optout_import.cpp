// The optouts import in two phases: read and check every row (rejects written, the invalid
// share judged) with nothing stored touched, then record the rows' events in one transaction
// that is committed only when it recorded something.
#include "ownercare/ingest/optout_import.hpp"

#include <fmt/format.h>

#include "ownercare/core/errors.hpp"
#include "ownercare/ingest/input_header.hpp"
#include "ownercare/ingest/optout_rows.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/ingest/share_limit.hpp"
#include "ownercare/store/fleet_store.hpp"
#include "ownercare/store/optout_store.hpp"

namespace ownercare::ingest {

namespace {

std::string counted(std::int64_t count, const char* one, const char* many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

}  // namespace

OptOutImportReport import_optouts(store::Database& db, const ImportOptions& options) {
  OptOutImportReport report;
  auto reader = csv::Reader::open(options.file, reader_options(options));
  report.file_name = reader.display_name();
  auto header = read_input_header(reader, optout_columns(), options.column_map);
  if (header.warning) report.warnings.push_back(*header.warning);

  Rejects rejects(report.file_name);
  OptOutRowParser parser(header.map, options.as_of, rejects);
  std::vector<OptOutRow> rows;
  csv::Record record;
  OptOutRow row;
  PhaseProgress read(options.progress, "read", input_size(options), ProgressUnit::bytes);
  while (reader.next(record)) {
    ++report.rows_read;
    if (read.row_due()) read.at(reader.bytes_read());
    if (!parser.parse(record, row)) continue;
    if (row.kind == OptOutRow::Kind::ignored_reply) {
      ++report.ignored_replies;
      continue;
    }
    rows.push_back(std::move(row));
  }
  read.at(reader.bytes_read());
  report.encoding = csv::encoding_name(reader.encoding());

  report.rows_rejected = static_cast<std::int64_t>(rejects.size());
  auto settled =
      settle_rejects(rejects, options, "optouts", header.cells, report.file_name, report.rows_read);
  report.rejects_file = std::move(settled.file);
  report.reject_messages = std::move(settled.messages);
  if (rows.empty()) return report;

  store::Transaction transaction(db);
  store::ImportLogLine log;
  log.kind = "optouts";
  log.as_of = options.as_of;
  log.file_name = report.file_name;
  std::int64_t import_id = store::insert_import_log(db, log);
  store::OptOutWriter writer(db);
  PhaseProgress write(options.progress, "write", rows.size());
  for (const auto& item : rows) {
    write.step();
    bool recorded = false;
    for (const auto& channel : item.channels) {
      store::OptOutEvent event{item.phone, channel, item.on,  item.lift,
                               item.reason, import_id, item.line};
      if (writer.record(event)) recorded = true;
    }
    if (!recorded) ++report.already;
    else if (item.lift) ++report.lifted;
    else ++report.opted_out;
  }
  if (report.opted_out == 0 && report.lifted == 0) return report;  // rolled back: nothing new
  log.file_bytes = static_cast<std::int64_t>(reader.bytes_read());
  log.encoding = report.encoding;
  log.rows_read = report.rows_read;
  log.rows_rejected = report.rows_rejected;
  log.added = report.opted_out;
  log.changed = report.lifted;
  store::update_import_log(db, import_id, log);
  transaction.commit();
  return report;
}

std::string optout_summary(const OptOutImportReport& report, Date as_of) {
  return fmt::format("{}: optouts {}: {}, {} opted out, {} lifted, {} already recorded, {}, {} "
                     "rejected",
                     report.file_name, as_of.iso(), counted(report.rows_read, "row", "rows"),
                     report.opted_out, report.lifted, report.already,
                     counted(report.ignored_replies, "reply ignored", "replies ignored"),
                     report.rows_rejected);
}

}  // namespace ownercare::ingest
