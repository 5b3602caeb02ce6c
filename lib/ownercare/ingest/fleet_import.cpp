#include "ownercare/ingest/fleet_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <map>
#include <thread>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/phone.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/store/fleet_store.hpp"

namespace ownercare::ingest {

namespace {

enum Column : std::size_t {
  vehicle_id,
  plate,
  owner_name,
  owner_phone,
  city,
  status,
  status_since,
  last_login,
  reject_rate,
  lost_income,
};

constexpr std::size_t kMaxIdLength = 64;

// Reads one record into `facts`; on a problem adds a reject and returns false.
class RowParser {
 public:
  RowParser(const csv::HeaderMap& header, Date as_of, Rejects& rejects)
      : header_(header), as_of_(as_of), rejects_(rejects) {}

  bool parse(const csv::Record& record, store::FleetFacts& facts) {
    record_ = &record;
    auto id = text(Column::vehicle_id);
    if (id.empty()) return reject(Column::vehicle_id, "is empty");
    if (id.size() > kMaxIdLength) return reject(Column::vehicle_id, "is longer than 64 bytes");
    if (std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      return reject(Column::vehicle_id, "holds a control character");
    facts.vehicle_id.assign(id);

    auto plate_text = text(Column::plate);
    if (plate_text.empty()) return reject(Column::plate, "is empty");
    if (utf8_length(plate_text) > 16) return reject(Column::plate, "is longer than 16 characters");
    facts.plate.assign(plate_text);
    for (char& c : facts.plate) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }

    facts.owner_name.assign(text(Column::owner_name));
    Phone phone = normalise_phone(text(Column::owner_phone));
    facts.owner_phone = std::move(phone.number);
    facts.phone_kind = phone_kind_name(phone.kind);
    facts.city.assign(text(Column::city));

    auto status_text = text(Column::status);
    auto status_value = parse_integer(status_text);
    if (!status_value || (*status_value != 1 && *status_value != 0 && *status_value != -1 &&
                          *status_value != -2)) {
      return reject(Column::status, fmt::format("\"{}\" is not one of 1, 0, -1, -2", status_text));
    }
    facts.status = static_cast<int>(*status_value);

    if (!optional_date(Column::status_since, facts.status_since)) return false;
    if (facts.status_since && *facts.status_since > as_of_) {
      return reject(Column::status_since,
                    fmt::format("{} is after the snapshot date {}", facts.status_since->iso(),
                                as_of_.iso()));
    }
    if (!optional_date(Column::last_login, facts.last_login)) return false;

    facts.reject_rate.reset();
    auto rate_text = text(Column::reject_rate);
    if (!rate_text.empty()) {
      bool percent = rate_text.back() == '%';
      if (percent) rate_text.remove_suffix(1);
      auto rate = parse_decimal(rate_text);
      if (!rate || *rate < 0 || *rate > 100) {
        return reject(Column::reject_rate,
                      fmt::format("\"{}\" is not a rate from 0 to 1 or a percentage",
                                  text(Column::reject_rate)));
      }
      // 0..1 is a share; above 1 (or with %) it is a percentage.
      facts.reject_rate = (percent || *rate > 1) ? *rate / 100 : *rate;
    }

    facts.lost_income.reset();
    auto income_text = std::string(text(Column::lost_income));
    if (!income_text.empty()) {
      std::string cleaned;
      for (std::size_t i = 0; i < income_text.size(); ++i) {
        // Accept "¥1,234.50", "￥1234", "1234元" as exports write them.
        if (income_text.compare(i, 2, "\xC2\xA5") == 0) { ++i; continue; }         // ¥
        if (income_text.compare(i, 3, "\xEF\xBF\xA5") == 0) { i += 2; continue; }  // ￥
        if (income_text.compare(i, 3, "\xE5\x85\x83") == 0) { i += 2; continue; }  // 元
        if (income_text[i] == ',') continue;
        cleaned += income_text[i];
      }
      auto income = parse_decimal(cleaned);
      if (!income || *income < 0) {
        return reject(Column::lost_income,
                      fmt::format("\"{}\" is not an amount in yuan", income_text));
      }
      facts.lost_income = *income;
    }
    return true;
  }

 private:
  std::string_view text(Column column) const { return trim(header_.field(*record_, column)); }

  bool optional_date(Column column, std::optional<Date>& out) {
    out.reset();
    auto value = text(column);
    if (value.empty()) return true;
    out = Date::parse(value);
    if (!out) {
      return reject(column, fmt::format("\"{}\" is not a date (YYYY-MM-DD)", value));
    }
    return true;
  }

  bool reject(Column column, std::string reason) {
    auto position = header_.position(column);
    rejects_.add(*record_, position ? *position + 1 : 0, fleet_columns()[column].name,
                 std::string(text(column)), std::move(reason));
    return false;
  }

  const csv::HeaderMap& header_;
  Date as_of_;
  Rejects& rejects_;
  const csv::Record* record_ = nullptr;
};

// The start of a new episode: the snapshot's status_since when it has one, else the snapshot
// date (the first snapshot showing the status).
std::pair<Date, const char*> episode_start(const store::FleetFacts& facts, Date as_of) {
  if (facts.status_since) return {*facts.status_since, "status_since"};
  return {as_of, "snapshot"};
}

// A row rebuilt from its (normalised) facts, in the file's column order: for rows whose
// original cells are gone by the time they are found invalid.
std::vector<std::string> cells_from_facts(const store::FleetFacts& facts,
                                          const csv::HeaderMap& header, std::size_t width) {
  std::vector<std::string> cells(width);
  auto put = [&](Column column, std::string value) {
    if (auto position = header.position(column); position && *position < width) {
      cells[*position] = std::move(value);
    }
  };
  put(Column::vehicle_id, facts.vehicle_id);
  put(Column::plate, facts.plate);
  put(Column::owner_name, facts.owner_name);
  put(Column::owner_phone, facts.owner_phone);
  put(Column::city, facts.city);
  put(Column::status, std::to_string(facts.status));
  put(Column::status_since, facts.status_since ? facts.status_since->iso() : "");
  put(Column::last_login, facts.last_login ? facts.last_login->iso() : "");
  put(Column::reject_rate, facts.reject_rate ? fmt::format("{}", *facts.reject_rate) : "");
  put(Column::lost_income, facts.lost_income ? fmt::format("{}", *facts.lost_income) : "");
  return cells;
}

}  // namespace

const std::vector<csv::ColumnSpec>& fleet_columns() {
  static const std::vector<csv::ColumnSpec> columns = {
      {"vehicle_id", {"车辆ID", "车辆id", "车辆编号", "车ID", "车辆编码"}, true},
      {"plate", {"车牌号", "车牌", "车牌号码"}, true},
      {"owner_name", {"车主姓名", "车主", "姓名"}, false},
      {"owner_phone", {"车主电话", "车主手机", "手机", "手机号", "电话", "联系电话"}, true},
      {"city", {"城市", "所在城市"}, false},
      {"status", {"状态", "出租状态", "租赁状态", "车辆状态"}, true},
      {"status_since", {"状态开始日期", "状态日期", "状态开始时间"}, false},
      {"last_login", {"最后登录", "最后登录日期", "最近登录时间", "最后登录时间"}, false},
      {"reject_rate", {"拒单率", "拒单或无响应率"}, false},
      {"lost_income", {"损失收入", "损失金额", "拒单金额"}, false},
  };
  return columns;
}

ImportReport import_fleet(store::Database& db, const ImportOptions& options) {
  ImportReport report;
  auto reader = csv::Reader::open(options.file, csv::ReaderOptions{options.encoding});
  report.file_name = reader.display_name();

  auto newest = store::newest_import(db, "fleet");
  if (newest && options.as_of < *newest) {
    throw InputError(fmt::format("{}: refused: the snapshot of {} is older than the newest one "
                                 "imported ({}); snapshots must be imported in date order",
                                 report.file_name, options.as_of.iso(), newest->iso()));
  }

  csv::Record header_record;
  if (!reader.next(header_record)) {
    throw InputError(fmt::format("{}: refused: the file is empty (a header row is required)",
                                 report.file_name));
  }
  std::vector<std::string> header_cells(header_record.fields.begin(),
                                        header_record.fields.end());
  auto header = csv::HeaderMap::match(header_record, fleet_columns(), report.file_name,
                                      options.column_map);
  if (!header.unknown_columns().empty()) {
    std::string list;
    for (const auto& name : header.unknown_columns()) list += (list.empty() ? "" : ", ") + name;
    report.warnings.push_back(
        fmt::format("{}: warning: ignoring unknown columns: {}", report.file_name, list));
  }

  // The stored fleet is read on a second thread while this one reads the file: the two take
  // about as long, and neither needs the other until every row is parsed. The connection is
  // used by that thread alone until it is joined.
  store::FleetIndex index;
  std::exception_ptr load_error;
  std::thread loader([&] {
    try {
      index = store::FleetIndex::load(db.sql());
    } catch (...) {
      load_error = std::current_exception();
    }
  });
  Rejects rejects(report.file_name);
  RowParser parser(header, options.as_of, rejects);
  store::FleetFacts facts;
  store::PackedFleet rows;
  try {
    csv::Record record;
    std::uint64_t rows_since_progress = 0;
    while (reader.next(record)) {
      ++report.rows_read;
      if (options.progress && ++rows_since_progress == 65536) {
        rows_since_progress = 0;
        options.progress(reader.bytes_read());
      }
      if (parser.parse(record, facts)) rows.add(facts, record.line);
    }
  } catch (...) {
    loader.join();
    throw;
  }
  loader.join();
  if (load_error) std::rethrow_exception(load_error);
  if (options.progress) options.progress(reader.bytes_read());
  std::size_t present_before = index.present();

  store::Transaction transaction(db);
  store::ImportLogLine log;
  log.kind = "fleet";
  log.as_of = options.as_of;
  log.file_name = report.file_name;
  log.forced = options.force;
  std::int64_t import_id = store::insert_import_log(db, log);
  store::FleetWriter writer(db);
  const std::uint64_t id_column = *header.position(Column::vehicle_id) + 1;

  // Each row against what is stored, in file order.
  std::vector<std::uint32_t> new_items;
  std::vector<std::uint32_t> repeated_items;  // a stored vehicle's id seen again
  for (std::uint32_t item = 0; item < rows.size(); ++item) {
    store::FleetIndex::Entry* stored = index.find(rows.key(item));
    if (!stored) {
      new_items.push_back(item);  // written below, in key order
      continue;
    }
    if (stored->seen()) {
      repeated_items.push_back(item);
      continue;
    }
    stored->mark_seen();
    if (stored->digest == rows.digest(item) && !stored->gone()) {
      ++report.unchanged;
      continue;
    }
    rows.read(item, facts);
    // Something changed: read what is stored and work out the episodes.
    auto before = writer.state(facts.vehicle_id);
    if (before.gone) ++report.returned;
    else ++report.changed;
    std::optional<store::OpenEpisode> episode = before.episode;
    bool open_new = false;
    if (before.episode) {
      const auto& old_episode = *before.episode;
      const char* reason = nullptr;
      if (facts.status != old_episode.status) {
        reason = facts.status == 1 ? "rentable" : "status_change";
      } else if (facts.status_since && *facts.status_since > old_episode.started_on) {
        // Same status, but the platform says it began again after our episode began: the
        // owner left it and came back between two snapshots.
        reason = "restarted";
      }
      if (reason) {
        writer.close_episode(facts.vehicle_id, options.as_of, reason);
        ++report.episodes_closed;
        episode.reset();
        open_new = facts.status != 1;
      }
    } else {
      open_new = facts.status != 1;
    }
    const char* source = nullptr;
    if (open_new) {
      auto [start, start_source] = episode_start(facts, options.as_of);
      source = start_source;
      // A status the platform dates before an episode we closed just now cannot have begun
      // then: it began when this snapshot first showed it.
      if (before.episode && facts.status_since &&
          *facts.status_since < before.episode->started_on) {
        start = options.as_of;
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
  report.encoding = csv::encoding_name(reader.encoding());

  // A repeated id keeps its first row and rejects the others, naming the first line.
  auto reject_repeat = [&](std::uint32_t item, std::uint64_t first_line) {
    rows.read(item, facts);
    rejects.add(Reject{rows.line(item), id_column, "vehicle_id", facts.vehicle_id,
                       fmt::format("appears more than once in this file (first on line {})",
                                   first_line),
                       cells_from_facts(facts, header, header_cells.size())});
  };
  if (!repeated_items.empty()) {
    std::map<std::string, std::uint64_t, std::less<>> first_lines;
    for (std::uint32_t item : repeated_items) first_lines.emplace(rows.key(item), 0);
    for (std::uint32_t item = 0; item < rows.size(); ++item) {
      auto found = first_lines.find(rows.key(item));
      if (found != first_lines.end() && found->second == 0) found->second = rows.line(item);
    }
    for (std::uint32_t item : repeated_items) {
      reject_repeat(item, first_lines.find(rows.key(item))->second);
    }
  }
  // New vehicles in key order.
  std::vector<std::uint32_t> accepted;
  accepted.reserve(new_items.size());
  for (std::uint32_t item : rows.sorted(new_items)) {
    if (!accepted.empty() && rows.key(accepted.back()) == rows.key(item)) {
      reject_repeat(item, rows.line(accepted.back()));
      continue;
    }
    accepted.push_back(item);
  }
  rejects.sort_by_line();
  report.rows_rejected = static_cast<std::int64_t>(rejects.size());

  // Vehicles the snapshot no longer lists.
  std::vector<std::string> disappeared;
  for (const auto& entry : index.entries()) {
    if (entry.used() && !entry.seen() && !entry.gone()) disappeared.emplace_back(index.key(entry));
  }
  std::sort(disappeared.begin(), disappeared.end());

  if (!rejects.empty()) {
    report.rejects_file = options.rejects_file
                              ? *options.rejects_file
                              : default_rejects_path(options.file, "fleet", options.as_of.iso());
    rejects.write(*report.rejects_file, header_cells, options.bom);
    report.reject_messages = rejects.messages(20);
  }
  if (report.rows_read > 0 &&
      static_cast<double>(report.rows_rejected) >
          options.max_invalid_share * static_cast<double>(report.rows_read)) {
    throw InputError(fmt::format(
        "{}: refused: {} of {} rows are invalid, more than {:.0f}%; nothing was imported "
        "(see {})",
        report.file_name, report.rows_rejected, report.rows_read,
        options.max_invalid_share * 100, report.rejects_file->string()));
  }
  if (!disappeared.empty() &&
      static_cast<double>(disappeared.size()) >
          options.max_disappear_share * static_cast<double>(present_before)) {
    if (!options.force) {
      throw SafetyError(fmt::format(
          "{}: safety stop: {} of {} known vehicles are missing from this snapshot, more than "
          "{:.0f}%; a truncated export must not look like a mass delisting. Nothing was "
          "imported. Check the file; if it is right, import it again with --force",
          report.file_name, disappeared.size(), present_before,
          options.max_disappear_share * 100));
    }
    report.warnings.push_back(fmt::format("{}: warning: --force: {} of {} known vehicles are "
                                          "missing from this snapshot",
                                          report.file_name, disappeared.size(), present_before));
  }
  // The file is accepted: write the new vehicles, in key order.
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    if (i + 8 < accepted.size()) rows.prefetch(accepted[i + 8]);
    std::uint32_t item = accepted[i];
    rows.read(item, facts);
    std::optional<store::OpenEpisode> episode;
    const char* source = nullptr;
    if (facts.status != 1) {
      auto [start, start_source] = episode_start(facts, options.as_of);
      source = start_source;
      episode = store::OpenEpisode{writer.next_episode_id(), facts.status, start};
    }
    writer.add_new(facts, options.as_of, episode, source, import_id);
    ++report.added;
    if (episode) ++report.episodes_opened;
  }
  writer.flush_new();

  for (const auto& id : disappeared) {
    writer.mark_gone(id, options.as_of);
    if (writer.close_episode(id, options.as_of, "gone")) ++report.episodes_closed;
  }
  report.gone = static_cast<std::int64_t>(disappeared.size());

  bool nothing_changed = report.added == 0 && report.changed == 0 && report.returned == 0 &&
                         report.gone == 0;
  if (nothing_changed && newest && *newest == options.as_of) {
    // The same snapshot again: leave the database exactly as it was.
    report.unchanged_repeat = true;
    return report;  // the transaction rolls back
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
  return report;
}

}  // namespace ownercare::ingest
