// The fleet import in four phases: read the snapshot (while the stored fleet is loaded on a
// second thread), classify every row against what is stored, check the refusals, and only
// then write, in one transaction. Nothing is written before every check has passed.
#include "ownercare/ingest/fleet_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <thread>

#include "ownercare/core/errors.hpp"
#include "ownercare/ingest/fleet_row.hpp"
#include "ownercare/ingest/input_header.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/ingest/share_limit.hpp"
#include "ownercare/store/fleet_store.hpp"

namespace ownercare::ingest {

namespace {

// A first import of more new vehicles than this is a bulk load (see Database::begin_bulk_load).
constexpr std::size_t kBulkLoadVehicles = 100000;

// The start of a new episode: the snapshot's status_since when it has one, else the snapshot
// date (the first snapshot showing the status).
std::pair<Date, const char*> episode_start(const store::FleetFacts& facts, Date as_of) {
  if (facts.status_since) return {*facts.status_since, "status_since"};
  return {as_of, "snapshot"};
}

// A new vehicle whose status would start at day 0 tonight: not rentable, no status_since.
bool starts_today(const store::FleetFacts& facts) {
  return facts.status != 1 && !facts.status_since;
}

// What each row of the snapshot means for the database.
struct Classified {
  std::vector<std::uint32_t> new_vehicles;  // in key order, repeats removed
  std::vector<std::uint32_t> changed;       // stored vehicles with new facts, or back
  std::vector<std::string> disappeared;     // stored and present before, missing now
  std::size_t present_before = 0;
};

// Writes the facts of a stored vehicle that changed, and closes and opens its episodes. A
// vehicle back from a gap of at most resume_days keeps its paused episode (SPEC 6.11).
void write_change(store::FleetWriter& writer, const store::FleetFacts& facts, Date as_of,
                  int resume_days, std::int64_t import_id, ImportReport& report) {
  // Most changes of a night are logins: nothing below but the new facts would be written.
  if (writer.update_details(facts)) {
    ++report.changed;
    return;
  }
  auto before = writer.state(facts.vehicle_id);
  if (before.gone) ++report.returned;
  else ++report.changed;
  // Who the owner is and how to reach them: kept as changes for the customer's history.
  auto changed = [&](const char* what, const std::string& old_value,
                     const std::string& new_value) {
    if (old_value != new_value) {
      writer.add_change(facts.vehicle_id, as_of, what, old_value, new_value, import_id);
    }
  };
  changed("owner", before.owner_name, facts.owner_name);
  changed("phone", before.owner_phone, facts.owner_phone);
  changed("plate", before.plate, facts.plate);
  if (before.gone && before.episode && as_of.days_since(*before.gone_on) > resume_days) {
    // Away too long: its episode ended when it went missing.
    writer.close_episode(facts.vehicle_id, *before.gone_on, "gone");
    ++report.episodes_closed;
    before.episode.reset();
  }
  std::optional<store::OpenEpisode> episode = before.episode;
  bool open_new = facts.status != 1 && !before.episode;
  if (before.episode) {
    const char* reason = nullptr;
    if (facts.status != before.episode->status) {
      reason = facts.status == 1 ? "rentable" : "status_change";
    } else if (facts.status_since && *facts.status_since > before.episode->started_on) {
      // Same status, but the platform says it began again after our episode began: the
      // owner left it and came back between two snapshots.
      reason = "restarted";
    }
    if (reason) {
      writer.close_episode(facts.vehicle_id, as_of, reason);
      ++report.episodes_closed;
      episode.reset();
      open_new = facts.status != 1;
    } else if (before.gone) {
      writer.resume_episode(before.episode->episode_id, as_of);
    }
  }
  const char* source = nullptr;
  if (open_new) {
    auto [start, start_source] = episode_start(facts, as_of);
    source = start_source;
    // A status the platform dates before an episode we closed just now cannot have begun
    // then: it began when this snapshot first showed it.
    if (before.episode && facts.status_since && *facts.status_since < before.episode->started_on) {
      start = as_of;
      source = "snapshot";
    }
    episode = store::OpenEpisode{writer.next_episode_id(), facts.status, start};
  }
  writer.update(facts, episode);
  if (open_new) {
    writer.open_episode(facts.vehicle_id, *episode, source, import_id);
    ++report.episodes_opened;
  }
}

}  // namespace

SettledRejects settle_rejects(const Rejects& rejects, const ImportOptions& options,
                              const char* kind, const std::vector<std::string>& header_cells,
                              const std::string& file_name, std::int64_t rows_read) {
  SettledRejects settled;
  if (!rejects.empty()) {
    settled.file = options.rejects_file
                       ? *options.rejects_file
                       : default_rejects_path(options.file, kind, options.as_of.iso());
    rejects.write(*settled.file, header_cells, options.bom);
    settled.messages = rejects.messages(20);
  }
  const auto rejected = static_cast<std::int64_t>(rejects.size());
  if (more_than_share(static_cast<std::uint64_t>(rejected), static_cast<std::uint64_t>(rows_read),
                      options.max_invalid_share)) {
    std::vector<std::string> messages = settled.messages;
    messages.push_back(fmt::format(
        "{}: refused: {} of {} rows are invalid, more than {:.0f}%; nothing was imported "
        "(see {})",
        file_name, rejected, rows_read, options.max_invalid_share * 100, settled.file->string()));
    throw InputError(messages);
  }
  return settled;
}

csv::ReaderOptions reader_options(const ImportOptions& options) {
  csv::ReaderOptions reader;
  reader.encoding = options.encoding;
  reader.max_field_bytes = options.max_field_bytes;
  return reader;
}

std::optional<std::uint64_t> input_size(const ImportOptions& options) {
  if (options.file == "-") return std::nullopt;
  std::error_code error;
  auto size = std::filesystem::file_size(options.file, error);
  if (error) return std::nullopt;
  return static_cast<std::uint64_t>(size);
}

ImportReport import_fleet(store::Database& db, const ImportOptions& options) {
  ImportReport report;
  auto reader = csv::Reader::open(options.file, reader_options(options));
  report.file_name = reader.display_name();

  auto newest = store::newest_import(db, "fleet");
  if (newest && options.as_of < *newest) {
    throw InputError(fmt::format("{}: refused: the snapshot of {} is older than the newest one "
                                 "imported ({}); snapshots must be imported in date order",
                                 report.file_name, options.as_of.iso(), newest->iso()));
  }

  auto input = read_input_header(reader, fleet_columns(), options.column_map);
  if (input.warning) report.warnings.push_back(*input.warning);
  for (const auto& note : input.map.notes()) report.warnings.push_back("warning: " + note);
  const auto& header = input.map;
  const auto& header_cells = input.cells;

  // --- read: the stored fleet is loaded on a second thread while this one reads the file;
  // the two take about as long, and neither needs the other until every row is parsed. The
  // connection is used by that thread alone until it is joined.
  store::FleetIndex index;
  std::exception_ptr load_error;
  std::atomic<bool> loaded = false;  // index and load_error are set, the loader touches neither
  std::thread loader([&] {
    try {
      index = store::FleetIndex::load(db.sql());
    } catch (...) {
      load_error = std::current_exception();
    }
    loaded.store(true, std::memory_order_release);
    loaded.notify_all();
  });
  Rejects rejects(report.file_name);
  FleetRowParser parser(header, options.as_of, rejects);
  store::FleetFacts facts;
  store::PackedFleet rows;
  // Rejected rows whose vehicle_id could be read, as id -> its first rejected line: those
  // vehicles are present, and stay exactly as stored (SPEC 3.1).
  std::map<std::string, std::uint64_t, std::less<>> held_lines;
  std::size_t day_zero = 0;  // valid rows not rentable without status_since
  // Once the stored fleet is loaded, a row that is stored unchanged (most of a night's) is
  // settled as it is read and not kept: the rows read before that are first claimed, so
  // that the compare phase still decides, in file order, which row of an id comes first.
  // Rows kept while the loader works are bounded (options.read_ahead_bytes, about a million
  // rows by default): past that the reader waits, so that a night's memory does not grow with
  // the fleet beyond its index and the rows that changed.
  bool loader_done = !options.settle_unchanged, settling = false;
  auto start_settling = [&] {
    settling = true;
    for (std::uint32_t item = 0; item < rows.size(); ++item) {
      if (auto* stored = index.find(rows.key(item))) stored->claim();
    }
  };
  PhaseProgress read(options.progress, "read", input_size(options), ProgressUnit::bytes);
  try {
    csv::Record record;
    while (reader.next(record)) {
      ++report.rows_read;
      if (read.row_due()) read.at(reader.bytes_read());
      if (parser.parse(record, facts)) {
        if (starts_today(facts)) ++day_zero;
        if (!loader_done) {
          if (!loaded.load(std::memory_order_acquire) && rows.bytes() >= options.read_ahead_bytes) {
            loaded.wait(false, std::memory_order_acquire);
          }
          if (loaded.load(std::memory_order_acquire)) {
            loader_done = true;
            if (!load_error) start_settling();  // else rethrown after the join below
          }
        }
        if (settling && !held_lines.count(facts.vehicle_id)) {
          store::FleetIndex::Entry* stored = index.find(facts.vehicle_id);
          if (stored && !stored->claimed() && !stored->seen() && !stored->gone() &&
              stored->digest == facts.digest()) {
            stored->settle_unchanged(record.line);
            ++report.unchanged;
            continue;
          }
          if (stored) stored->claim();  // kept: a later row of its id is kept too
        }
        rows.add(facts, record.line);
      } else if (parser.key_read()) {
        held_lines.emplace(facts.vehicle_id, record.line);
      }
    }
  } catch (...) {
    loader.join();
    throw;
  }
  loader.join();
  if (load_error) std::rethrow_exception(load_error);
  read.at(reader.bytes_read());
  report.encoding = csv::encoding_name(reader.encoding());

  // --- classify every row against what is stored, in file order. The first row of an id
  // decides: when it was rejected, the vehicle stays as stored and later rows of the id are
  // repeats.
  Classified classified;
  classified.present_before = index.present();
  std::vector<std::uint32_t> new_items;
  std::vector<std::uint32_t> repeated;  // a stored vehicle's id seen again
  std::vector<std::pair<std::uint32_t, std::uint64_t>> after_held;  // (item, rejected line)
  PhaseProgress compare(options.progress, "compare", rows.size());
  for (std::uint32_t item = 0; item < rows.size(); ++item) {
    compare.step();
    if (!held_lines.empty()) {
      auto found = held_lines.find(rows.key(item));
      if (found != held_lines.end() && found->second < rows.line(item)) {
        after_held.emplace_back(item, found->second);
        continue;
      }
    }
    store::FleetIndex::Entry* stored = index.find(rows.key(item));
    if (!stored) {
      new_items.push_back(item);
    } else if (stored->seen()) {
      repeated.push_back(item);
    } else {
      stored->mark_seen();
      if (stored->digest == rows.digest(item) && !stored->gone()) {
        ++report.unchanged;
      } else {
        classified.changed.push_back(item);
      }
    }
  }
  for (const auto& [id, line] : held_lines) {
    store::FleetIndex::Entry* stored = index.find(id);
    if (stored && !stored->seen()) {
      stored->mark_seen();
      ++report.held;
    }
  }
  for (const auto& entry : index.entries()) {
    if (entry.used() && !entry.seen() && !entry.gone()) {
      classified.disappeared.emplace_back(index.key(entry));
    }
  }
  std::sort(classified.disappeared.begin(), classified.disappeared.end());

  // A repeated id keeps its first row and rejects the others, naming the first line.
  const std::uint64_t id_column = *header.position(FleetColumn::vehicle_id) + 1;
  auto reject_repeat = [&](std::uint32_t item, std::uint64_t first_line) {
    rows.read(item, facts);
    rejects.add(Reject{rows.line(item), id_column, "vehicle_id", facts.vehicle_id,
                       fmt::format("appears more than once in this file (first on line {})",
                                   first_line),
                       cells_from_facts(facts, header, header_cells.size())});
  };
  if (!repeated.empty()) {
    // The first row of each id: one settled while reading (which was before any kept row of
    // its id), else the first kept one.
    std::map<std::string, std::uint64_t, std::less<>> first_lines;
    for (std::uint32_t item : repeated) {
      auto settled = index.find(rows.key(item))->settled_line();
      first_lines.emplace(rows.key(item), settled.value_or(0));
    }
    for (std::uint32_t item = 0; item < rows.size(); ++item) {
      auto found = first_lines.find(rows.key(item));
      if (found != first_lines.end() && found->second == 0) found->second = rows.line(item);
    }
    for (std::uint32_t item : repeated) reject_repeat(item, first_lines.at(std::string(rows.key(item))));
  }
  for (const auto& [item, line] : after_held) reject_repeat(item, line);
  classified.new_vehicles.reserve(new_items.size());
  for (std::uint32_t item : rows.sorted(new_items)) {
    if (!classified.new_vehicles.empty() &&
        rows.key(classified.new_vehicles.back()) == rows.key(item)) {
      reject_repeat(item, rows.line(classified.new_vehicles.back()));
      continue;
    }
    classified.new_vehicles.push_back(item);
  }
  for (auto& warning : rejects.warning_messages()) report.warnings.push_back(std::move(warning));
  if (auto warning = rejects.invalid_phone_warning(options.max_invalid_phone_share)) {
    report.warnings.push_back(std::move(*warning));
  }
  rejects.sort_by_line();
  report.rows_rejected = static_cast<std::int64_t>(rejects.size());

  // --- check: a refused file writes nothing but its rejects.
  auto settled =
      settle_rejects(rejects, options, "fleet", header_cells, report.file_name, report.rows_read);
  report.rejects_file = std::move(settled.file);
  report.reject_messages = std::move(settled.messages);
  const auto& disappeared = classified.disappeared;
  if (more_than_share(disappeared.size(), static_cast<std::uint64_t>(classified.present_before),
                      options.max_disappear_share)) {
    if (!options.force) {
      throw SafetyError(fmt::format(
          "{}: safety stop: {} of {} known vehicles are missing from this snapshot, more than "
          "{:.0f}%; a truncated export must not look like a mass delisting. Nothing was "
          "imported. Check the file; if it is right, import it again with --force",
          report.file_name, disappeared.size(), classified.present_before,
          options.max_disappear_share * 100));
    }
    report.warnings.push_back(fmt::format("warning: {}: --force: {} of {} known vehicles are "
                                          "missing from this snapshot",
                                          report.file_name, disappeared.size(),
                                          classified.present_before));
  }
  if (!newest && !options.baseline && !options.force &&
      static_cast<std::int64_t>(classified.new_vehicles.size()) >= kFirstNightMinimum) {
    // A first install on an existing fleet: vehicles not rentable for months would all be told
    // "your car was just taken offline" tonight.
    const double share = static_cast<double>(day_zero) /
                         static_cast<double>(classified.new_vehicles.size());
    if (share > options.max_first_night_share) {
      throw SafetyError(fmt::format(
          "{}: safety stop: this first import would start day 0 of a status tonight for {} of "
          "its {} vehicles ({:.1f}%, more than {:.0f}%): they are not rentable and the file has "
          "no status_since, so each would get the first message of its status as if it had "
          "changed today. Nothing was imported. On a first install, import with --baseline "
          "(their cadence is then recorded, not sent), or give status_since; --force imports "
          "as it is",
          report.file_name, day_zero, classified.new_vehicles.size(), share * 100,
          options.max_first_night_share * 100));
    }
  }
  if (classified.new_vehicles.empty() && classified.changed.empty() && disappeared.empty() &&
      newest && *newest == options.as_of) {
    report.unchanged_repeat = true;  // the same snapshot again: nothing to write
    return report;
  }

  // --- write, in one transaction.
  bool bulk = classified.new_vehicles.size() > kBulkLoadVehicles && db.begin_bulk_load();
  try {
    store::Transaction transaction(db);
    store::ImportLogLine log;
    log.kind = "fleet";
    log.as_of = options.as_of;
    log.file_name = report.file_name;
    log.forced = options.force;
    std::int64_t import_id = store::insert_import_log(db, log);
    store::FleetWriter writer(db);
    PhaseProgress write(options.progress, "write",
                        classified.changed.size() + classified.new_vehicles.size() +
                            disappeared.size());
    // In key order: the stored rows are read and rewritten page by page instead of at
    // random, which on a night when a third of the fleet changes (logins) is most of the
    // import's time.
    const auto changed_in_order = rows.sorted(classified.changed);
    for (std::size_t i = 0; i < changed_in_order.size(); ++i) {
      rows.prefetch_ahead(changed_in_order, i);
      const std::uint32_t item = changed_in_order[i];
      write.step();
      rows.read(item, facts);
      write_change(writer, facts, options.as_of, options.resume_days, import_id, report);
    }
    const auto& fresh = classified.new_vehicles;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      rows.prefetch_ahead(fresh, i);
      write.step();
      rows.read(fresh[i], facts);
      std::optional<store::OpenEpisode> episode;
      const char* source = nullptr;
      if (facts.status != 1) {
        auto [start, start_source] = episode_start(facts, options.as_of);
        source = start_source;
        if (options.baseline && starts_today(facts)) {
          source = "baseline";
          ++report.baseline_episodes;
        }
        episode = store::OpenEpisode{writer.next_episode_id(), facts.status, start};
        ++report.episodes_opened;
      }
      writer.add_new(facts, rows.digest(fresh[i]), options.as_of, episode, source, import_id);
      ++report.added;
    }
    writer.flush_new();
    for (const auto& id : disappeared) {
      write.step();
      writer.mark_gone(id, options.as_of);
    }
    report.gone = static_cast<std::int64_t>(disappeared.size());
    // Vehicles missing longer than resume_days: their paused episodes ended when they went.
    for (const auto& [id, gone_on] :
         writer.gone_with_episode_before(options.as_of.plus_days(-options.resume_days))) {
      if (writer.close_episode(id, gone_on, "gone")) ++report.episodes_closed;
      writer.forget_episode(id);
    }

    log.file_bytes = static_cast<std::int64_t>(reader.bytes_read());
    log.encoding = report.encoding;
    log.rows_read = report.rows_read;
    log.rows_rejected = report.rows_rejected;
    log.added = report.added;
    log.changed = report.changed;
    log.gone = report.gone;
    log.returned = report.returned;
    log.episodes_opened = report.episodes_opened;
    log.episodes_closed = report.episodes_closed;
    store::update_import_log(db, import_id, log);
    transaction.commit();
  } catch (...) {
    if (bulk) db.end_bulk_load();
    throw;
  }
  if (bulk) db.end_bulk_load();
  return report;
}

}  // namespace ownercare::ingest
