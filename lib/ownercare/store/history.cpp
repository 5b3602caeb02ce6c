#include "ownercare/store/history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/phone.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/csv/full_width.hpp"

namespace ownercare::store {

namespace {

std::string cell(const SQLite::Statement& query, int column) {
  auto value = query.getColumn(column);
  return value.isNull() ? std::string() : value.getString();
}

// The kinds in the order subjects are listed.
int kind_rank(const std::string& kind) {
  if (kind == "fleet") return 0;
  if (kind == "vehicle") return 1;
  if (kind == "order") return 2;
  return 3;
}

using Found = std::map<std::pair<int, std::string>, FoundSubject>;

void add_found(Found& found, const std::string& kind, const std::string& id,
               const std::string& how) {
  auto& subject = found[{kind_rank(kind), id}];
  subject.kind = kind;
  subject.id = id;
  if (subject.matched_by.find(how) == std::string::npos) {
    subject.matched_by += (subject.matched_by.empty() ? "" : ", ") + how;
  }
}

// Runs `sql` with ?1 = `key` and adds each first column as a subject of `kind`; returns how
// many rows it gave.
std::size_t add_matches(Database& db, Found& found, const char* kind, const std::string& sql,
                        const std::string& key, const std::string& how) {
  SQLite::Statement query(db.sql(), sql);
  query.bind(1, key);
  std::size_t rows = 0;
  while (query.executeStep()) {
    add_found(found, kind, cell(query, 0), how);
    ++rows;
  }
  return rows;
}

std::string ascii_upper_without_spaces(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c == ' ') continue;
    key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return key;
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

std::string label_of(Database& db, const FoundSubject& subject) {
  if (subject.kind == "fleet") {
    SQLite::Statement query(db.sql(),
                            "SELECT plate, owner_name, owner_phone, city, status FROM fleet_vehicle "
                            "WHERE vehicle_id = ?1");
    query.bind(1, subject.id);
    if (!query.executeStep()) return "fleet vehicle " + subject.id;
    return fmt::format("fleet vehicle {} {}, owner {} {}, city {}, status {}", subject.id,
                       or_dash(cell(query, 0)), or_dash(cell(query, 1)), or_dash(cell(query, 2)),
                       or_dash(cell(query, 3)), cell(query, 4));
  }
  if (subject.kind == "vehicle") {
    SQLite::Statement query(db.sql(),
                            "SELECT plate, brand, model, customer_name, mobile, dealer_code "
                            "FROM dealer_vehicle WHERE vin = ?1");
    query.bind(1, subject.id);
    if (!query.executeStep()) return "sold vehicle " + subject.id;
    return fmt::format("sold vehicle {} {} {} {}, customer {} {}, dealer {}", subject.id,
                       or_dash(cell(query, 0)), cell(query, 1), cell(query, 2),
                       or_dash(cell(query, 3)), or_dash(cell(query, 4)), cell(query, 5));
  }
  if (subject.kind == "order") {
    SQLite::Statement query(db.sql(),
                            "SELECT type, closed, vin, member_id, dealer_code FROM service_order "
                            "WHERE order_id = ?1");
    query.bind(1, subject.id);
    if (!query.executeStep()) return "service order " + subject.id;
    std::string of = cell(query, 2).empty() ? "member " + cell(query, 3) : "vehicle " + cell(query, 2);
    return fmt::format("service order {} ({}) closed {}, {}, dealer {}", subject.id,
                       cell(query, 0), cell(query, 1), of, or_dash(cell(query, 4)));
  }
  SQLite::Statement query(db.sql(),
                          "SELECT name, mobile, card_type, franchise FROM member "
                          "WHERE member_id = ?1");
  query.bind(1, subject.id);
  if (!query.executeStep()) return "member " + subject.id;
  return fmt::format("car-wash member {} {} {}, card {}, franchise {}", subject.id,
                     or_dash(cell(query, 0)), or_dash(cell(query, 1)), or_dash(cell(query, 2)),
                     or_dash(cell(query, 3)));
}

// ---- history ------------------------------------------------------------------------------

// Within one date: what the snapshots showed, then the tasks, then what was sent, the
// outcomes and what followed from them.
enum Rank { kSnapshot, kEpisode, kChange, kOrder, kTask, kSent, kOutcome, kState, kContact };

struct Ranked {
  HistoryEvent event;
  int rank;
  std::size_t seq;
};

class History {
 public:
  void add(const std::string& date, Rank rank, std::string event, std::string detail) {
    if (date.size() < 10) return;  // no date: nothing to place it at
    events_.push_back({{date.substr(0, 10), std::move(event), std::move(detail)},
                       static_cast<int>(rank), events_.size()});
  }
  std::vector<HistoryEvent> sorted() {
    std::sort(events_.begin(), events_.end(), [](const Ranked& a, const Ranked& b) {
      if (a.event.date != b.event.date) return a.event.date < b.event.date;
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.seq < b.seq;
    });
    std::vector<HistoryEvent> list;
    list.reserve(events_.size());
    for (auto& ranked : events_) list.push_back(std::move(ranked.event));
    return list;
  }

 private:
  std::vector<Ranked> events_;
};

// The snapshot file of a kind imported for a date, if any.
std::string snapshot_file(Database& db, const char* kinds, const std::string& date) {
  SQLite::Statement query(
      db.sql(), fmt::format("SELECT file_name FROM import_log WHERE kind IN ({}) AND as_of = ?1 "
                            "ORDER BY import_id LIMIT 1",
                            kinds));
  query.bind(1, date);
  return query.executeStep() ? cell(query, 0) : std::string();
}

std::string with_file(const std::string& text, const std::string& file) {
  return file.empty() ? text : text + " (" + file + ")";
}

void add_phones(std::set<std::string>& phones, const std::string& phone) {
  if (!phone.empty()) phones.insert(phone);
}

void add_other_phones(std::set<std::string>& phones, const std::string& list) {
  for (const auto& phone : split_other_phones(list)) add_phones(phones, phone.number);
}

void changes_history(Database& db, const char* kind, const std::string& id, History& history);

void fleet_history(Database& db, const std::string& id, History& history,
                   std::set<std::string>& phones) {
  SQLite::Statement vehicle(db.sql(),
                            "SELECT first_seen, gone_on, owner_phone, mark, mark_on, delisted_on, "
                            "delist_reason, delist_task, delist_emitted_on, status "
                            "FROM fleet_vehicle WHERE vehicle_id = ?1");
  vehicle.bind(1, id);
  if (!vehicle.executeStep()) return;
  std::string first_seen = cell(vehicle, 0);
  history.add(first_seen, kSnapshot, "snapshot",
              with_file("first seen in the fleet snapshot", snapshot_file(db, "'fleet'", first_seen)));
  history.add(cell(vehicle, 1), kSnapshot, "snapshot",
              with_file("missing from the fleet snapshot",
                        snapshot_file(db, "'fleet'", cell(vehicle, 1))));
  add_phones(phones, cell(vehicle, 2));
  if (!cell(vehicle, 3).empty()) {
    history.add(cell(vehicle, 4), kState, "mark", "marked " + cell(vehicle, 3) + " by a call");
  }
  if (!cell(vehicle, 5).empty()) {
    history.add(cell(vehicle, 5), kState, "delisted",
                fmt::format("the owner asked never to rent again: {} (task {})",
                            or_dash(cell(vehicle, 6)), or_dash(cell(vehicle, 7))));
    history.add(cell(vehicle, 8), kContact, "delisted", "listed in delist.csv");
  }

  SQLite::Statement episodes(
      db.sql(),
      "SELECT e.episode_id, e.status, e.started_on, e.start_source, e.ended_on, e.end_reason, "
      "e.resumed_on, l.file_name, l.as_of FROM status_episode e "
      "LEFT JOIN import_log l ON l.import_id = e.opened_by WHERE e.vehicle_id = ?1 "
      "ORDER BY e.started_on, e.episode_id");
  episodes.bind(1, id);
  while (episodes.executeStep()) {
    std::string episode = cell(episodes, 0);
    std::string opened_by = cell(episodes, 7);
    // A snapshot after the first that opened an episode dated earlier (its status_since):
    // say when the snapshot showed it. The first snapshot is the "first seen" line.
    if (!opened_by.empty() && cell(episodes, 8) != cell(episodes, 2) &&
        cell(episodes, 8) != first_seen) {
      history.add(cell(episodes, 8), kSnapshot, "snapshot",
                  fmt::format("{}: status {} since {}", opened_by, cell(episodes, 1),
                              cell(episodes, 2)));
    }
    history.add(cell(episodes, 2), kEpisode, "episode",
                with_file(fmt::format("status {} from here on (episode {}, {})", cell(episodes, 1),
                                      episode, cell(episodes, 3)),
                          opened_by));
    history.add(cell(episodes, 6), kEpisode, "episode",
                fmt::format("episode {} resumed (back in status {})", episode, cell(episodes, 1)));
    if (!cell(episodes, 4).empty()) {
      history.add(cell(episodes, 4), kEpisode, "episode",
                  with_file(fmt::format("episode {} over: {}", episode, or_dash(cell(episodes, 5))),
                            snapshot_file(db, "'fleet'", cell(episodes, 4))));
    }
  }
  changes_history(db, "fleet", id, history);
}

void changes_history(Database& db, const char* kind, const std::string& id, History& history) {
  SQLite::Statement changes(
      db.sql(),
      "SELECT c.changed_on, c.what, c.old_value, c.new_value, c.source, l.file_name "
      "FROM subject_change c LEFT JOIN import_log l "
      "ON c.source LIKE 'import:%' AND l.import_id = CAST(substr(c.source, 8) AS INTEGER) "
      "WHERE c.subject_kind = ?1 AND c.subject_id = ?2 ORDER BY c.changed_on, c.rowid");
  changes.bind(1, kind);
  changes.bind(2, id);
  while (changes.executeStep()) {
    std::string source = cell(changes, 5).empty() ? cell(changes, 4) : cell(changes, 5);
    history.add(cell(changes, 0), kChange, "change",
                fmt::format("{}: {} -> {} ({})", cell(changes, 1), or_dash(cell(changes, 2)),
                            or_dash(cell(changes, 3)), source));
  }
}

// Adds the orders of a vehicle or member; returns their ids (their callbacks are its history).
std::vector<std::string> orders_history(Database& db, const char* column, const std::string& id,
                                        History& history) {
  std::vector<std::string> ids;
  SQLite::Statement orders(
      db.sql(), fmt::format("SELECT order_id, type, dealer_code, closed, mileage_km, suggestion, "
                            "complaint FROM service_order WHERE {} = ?1 ORDER BY closed, order_id",
                            column));
  orders.bind(1, id);
  while (orders.executeStep()) {
    std::string detail = fmt::format("{} {}", cell(orders, 0), cell(orders, 1));
    if (!cell(orders, 2).empty()) detail += " at " + cell(orders, 2);
    if (!cell(orders, 4).empty()) detail += ", " + cell(orders, 4) + " km";
    if (!cell(orders, 5).empty()) detail += "; suggestion: " + cell(orders, 5);
    if (!cell(orders, 6).empty()) detail += "; complaint: " + cell(orders, 6);
    history.add(cell(orders, 3), kOrder, "order", detail);
    ids.push_back(cell(orders, 0));
  }
  return ids;
}

using SubjectKeys = std::vector<std::pair<std::string, std::string>>;  // kind, id

void dealer_vehicle_history(Database& db, const std::string& vin, History& history,
                            std::set<std::string>& phones, SubjectKeys& keys) {
  SQLite::Statement vehicle(db.sql(),
                            "SELECT sale_date, first_seen, gone_on, sold_on, sold_task, dealer_code, "
                            "mobile, home_phone, office_phone, other_phones, mobile_corrected_from "
                            "FROM dealer_vehicle WHERE vin = ?1");
  vehicle.bind(1, vin);
  if (!vehicle.executeStep()) return;
  history.add(cell(vehicle, 0), kSnapshot, "sale", "sold by dealer " + cell(vehicle, 5));
  history.add(cell(vehicle, 1), kSnapshot, "snapshot",
              with_file("first seen in the sales snapshot",
                        snapshot_file(db, "'sales'", cell(vehicle, 1))));
  history.add(cell(vehicle, 2), kSnapshot, "snapshot",
              with_file("missing from the sales snapshot",
                        snapshot_file(db, "'sales'", cell(vehicle, 2))));
  history.add(cell(vehicle, 3), kState, "sold on",
              fmt::format("the owner said the car was sold (task {}): care stops",
                          or_dash(cell(vehicle, 4))));
  for (int column : {6, 7, 8, 10}) add_phones(phones, cell(vehicle, column));
  add_other_phones(phones, cell(vehicle, 9));

  SQLite::Statement imports(db.sql(),
                            "SELECT l.as_of, l.kind, l.file_name FROM vehicle_changed c "
                            "JOIN import_log l USING (import_id) WHERE c.vin = ?1 "
                            "ORDER BY l.import_id");
  imports.bind(1, vin);
  while (imports.executeStep()) {
    if (cell(imports, 0) == cell(vehicle, 1) && cell(imports, 1) == "sales") continue;
    history.add(cell(imports, 0), kSnapshot, "snapshot",
                fmt::format("{} snapshot {} changed it", cell(imports, 1), cell(imports, 2)));
  }
  changes_history(db, "vehicle", vin, history);
  for (auto& order : orders_history(db, "vin", vin, history)) keys.emplace_back("order", order);
}

void member_history(Database& db, const std::string& id, History& history,
                    std::set<std::string>& phones, SubjectKeys& keys) {
  SQLite::Statement member(db.sql(),
                           "SELECT joined, first_seen, gone_on, balance_changed_on, "
                           "balance_before, balance, mobile, other_phones, mobile_corrected_from, "
                           "card_type FROM member WHERE member_id = ?1");
  member.bind(1, id);
  if (!member.executeStep()) return;
  history.add(cell(member, 0), kSnapshot, "joined", "joined, card " + or_dash(cell(member, 9)));
  history.add(cell(member, 1), kSnapshot, "snapshot",
              with_file("first seen in the members snapshot",
                        snapshot_file(db, "'members'", cell(member, 1))));
  history.add(cell(member, 2), kSnapshot, "snapshot",
              with_file("missing from the members snapshot",
                        snapshot_file(db, "'members'", cell(member, 2))));
  history.add(cell(member, 3), kChange, "balance",
              fmt::format("balance {} -> {}", or_dash(cell(member, 4)), or_dash(cell(member, 5))));
  add_phones(phones, cell(member, 6));
  add_phones(phones, cell(member, 8));
  add_other_phones(phones, cell(member, 7));
  changes_history(db, "member", id, history);
  for (auto& order : orders_history(db, "member_id", id, history)) {
    keys.emplace_back("order", order);
  }
}

void order_history(Database& db, const std::string& id, History& history,
                   std::set<std::string>& phones) {
  SQLite::Statement order(db.sql(),
                          "SELECT opened, closed, first_seen, type, dealer_code, mileage_km, "
                          "suggestion, complaint FROM service_order WHERE order_id = ?1");
  order.bind(1, id);
  if (!order.executeStep()) return;
  history.add(cell(order, 0), kOrder, "order", "opened");
  std::string detail = "closed, " + cell(order, 3);
  if (!cell(order, 4).empty()) detail += " at " + cell(order, 4);
  if (!cell(order, 5).empty()) detail += ", " + cell(order, 5) + " km";
  if (!cell(order, 6).empty()) detail += "; suggestion: " + cell(order, 6);
  if (!cell(order, 7).empty()) detail += "; complaint: " + cell(order, 7);
  history.add(cell(order, 1), kOrder, "order", detail);
  history.add(cell(order, 2), kSnapshot, "snapshot",
              with_file("first seen in the service file",
                        snapshot_file(db, "'service'", cell(order, 2))));
  // Its callbacks go to the phones of its vehicle or member.
  SQLite::Statement owner(db.sql(),
                          "SELECT v.mobile, v.home_phone, v.office_phone, v.other_phones, "
                          "m.mobile, m.other_phones FROM service_order o "
                          "LEFT JOIN dealer_vehicle v ON v.vin = o.vin "
                          "LEFT JOIN member m ON m.member_id = o.member_id WHERE o.order_id = ?1");
  owner.bind(1, id);
  if (owner.executeStep()) {
    for (int column : {0, 1, 2, 4}) add_phones(phones, cell(owner, column));
    add_other_phones(phones, cell(owner, 3));
    add_other_phones(phones, cell(owner, 5));
  }
}

void tasks_history(Database& db, const std::string& kind, const std::string& id, bool own,
                   History& history) {
  std::string of = own ? std::string() : fmt::format(", {} {}", kind, id);
  SQLite::Statement tasks(db.sql(),
                          "SELECT task_id, rule, step, channel, due_on, created_on, state, "
                          "state_on, reason, phone, sent_on FROM task "
                          "WHERE subject_kind = ?1 AND subject_id = ?2 ORDER BY due_on, task_id");
  tasks.bind(1, kind);
  tasks.bind(2, id);
  while (tasks.executeStep()) {
    std::string task = cell(tasks, 0);
    std::string channel = cell(tasks, 3);
    history.add(cell(tasks, 5), kTask, "task",
                fmt::format("{} {}/{} ({}) due {}{}", task, cell(tasks, 1), cell(tasks, 2),
                            channel, cell(tasks, 4), of));
    history.add(cell(tasks, 10), kSent, channel == "sms" ? "sent" : "listed",
                fmt::format("{} {} to {}", task, channel, or_dash(cell(tasks, 9))));
    std::string reason = cell(tasks, 8);
    history.add(cell(tasks, 7), kState, "state",
                fmt::format("{} {}{}", task, cell(tasks, 6), reason.empty() ? "" : ": " + reason));
  }

  SQLite::Statement outcomes(
      db.sql(),
      "SELECT o.task_id, o.attempt, o.result, o.disposition, o.at, o.appointment_date, "
      "o.new_phone, o.note, o.recorded_on FROM outcome o JOIN task t USING (task_id) "
      "WHERE t.subject_kind = ?1 AND t.subject_id = ?2 ORDER BY o.recorded_on, o.task_id, "
      "o.attempt");
  outcomes.bind(1, kind);
  outcomes.bind(2, id);
  while (outcomes.executeStep()) {
    std::string detail = fmt::format("{} try {}: {}", cell(outcomes, 0), cell(outcomes, 1),
                                     cell(outcomes, 2));
    if (!cell(outcomes, 3).empty()) detail += " / " + cell(outcomes, 3);
    if (!cell(outcomes, 5).empty()) detail += ", appointment " + cell(outcomes, 5);
    if (!cell(outcomes, 6).empty()) detail += ", new phone " + cell(outcomes, 6);
    if (!cell(outcomes, 7).empty()) detail += ": " + cell(outcomes, 7);
    std::string at = cell(outcomes, 4);
    history.add(at.size() >= 10 ? at : cell(outcomes, 8), kOutcome, "outcome", detail);
  }
}

void contact_history(Database& db, const std::set<std::string>& phones, History& history) {
  for (const auto& phone : phones) {
    SQLite::Statement suppressions(db.sql(),
                                   "SELECT since, channel, reason, task_id FROM suppression "
                                   "WHERE phone = ?1 ORDER BY since, channel");
    suppressions.bind(1, phone);
    while (suppressions.executeStep()) {
      std::string task = cell(suppressions, 3);
      history.add(cell(suppressions, 0), kContact, "suppressed",
                  fmt::format("{} {}: {}{}", phone, cell(suppressions, 1), cell(suppressions, 2),
                              task.empty() ? "" : " (task " + task + ")"));
    }
    SQLite::Statement optouts(db.sql(),
                              "SELECT o.on_date, o.channel, o.action, o.reason, l.file_name, "
                              "o.line FROM optout o JOIN import_log l USING (import_id) "
                              "WHERE o.phone = ?1 ORDER BY o.on_date, o.seq");
    optouts.bind(1, phone);
    while (optouts.executeStep()) {
      std::string reason = cell(optouts, 3);
      history.add(cell(optouts, 0), kContact, "opt-out",
                  fmt::format("{} {} {}{} ({} line {})", phone, cell(optouts, 1),
                              cell(optouts, 2) == "lift" ? "lifted" : "added",
                              reason.empty() ? "" : ": " + reason, cell(optouts, 4),
                              cell(optouts, 5)));
    }
  }
}

}  // namespace

std::vector<FoundSubject> find_subjects(Database& db, std::string_view text) {
  std::string folded(text);
  folded.resize(csv::fold_full_width(folded.data(), folded.size()));
  folded = std::string(trim(folded));
  if (folded.empty()) throw UsageError("--find needs an id, a phone, a plate or a name");

  Found found;
  add_matches(db, found, "fleet", "SELECT vehicle_id FROM fleet_vehicle WHERE vehicle_id = ?1",
              folded, "id");
  add_matches(db, found, "vehicle", "SELECT vin FROM dealer_vehicle WHERE vin = upper(?1)", folded,
              "id");
  add_matches(db, found, "order", "SELECT order_id FROM service_order WHERE order_id = ?1", folded,
              "id");
  add_matches(db, found, "member", "SELECT member_id FROM member WHERE member_id = ?1", folded,
              "id");

  Phone phone = normalise_phone(folded);
  if (phone.callable()) {
    // Other phones are stored ";"-separated: a whole number is found between separators.
    add_matches(db, found, "fleet", "SELECT vehicle_id FROM fleet_vehicle WHERE owner_phone = ?1",
                phone.number, "phone");
    add_matches(db, found, "vehicle",
                "SELECT vin FROM dealer_vehicle WHERE mobile = ?1 OR home_phone = ?1 OR "
                "office_phone = ?1 OR mobile_corrected_from = ?1 OR "
                "instr(';' || ifnull(other_phones, '') || ';', ';' || ?1 || ';') > 0",
                phone.number, "phone");
    add_matches(db, found, "member",
                "SELECT member_id FROM member WHERE mobile = ?1 OR mobile_corrected_from = ?1 OR "
                "instr(';' || ifnull(other_phones, '') || ';', ';' || ?1 || ';') > 0",
                phone.number, "phone");
  }

  std::string plate = ascii_upper_without_spaces(folded);
  add_matches(db, found, "fleet",
              "SELECT vehicle_id FROM fleet_vehicle WHERE plate != '' AND "
              "upper(replace(plate, ' ', '')) = ?1",
              plate, "plate");
  add_matches(db, found, "vehicle",
              "SELECT vin FROM dealer_vehicle WHERE plate != '' AND "
              "upper(replace(plate, ' ', '')) = ?1",
              plate, "plate");

  std::size_t exact =
      add_matches(db, found, "fleet", "SELECT vehicle_id FROM fleet_vehicle WHERE owner_name = ?1",
                  folded, "name") +
      add_matches(db, found, "vehicle", "SELECT vin FROM dealer_vehicle WHERE customer_name = ?1",
                  folded, "name") +
      add_matches(db, found, "member", "SELECT member_id FROM member WHERE name = ?1", folded,
                  "name");
  if (exact == 0) {
    // substr and length count characters, so a Chinese surname is a prefix of one character.
    add_matches(db, found, "fleet",
                "SELECT vehicle_id FROM fleet_vehicle WHERE substr(owner_name, 1, length(?1)) = ?1",
                folded, "name prefix");
    add_matches(db, found, "vehicle",
                "SELECT vin FROM dealer_vehicle WHERE substr(customer_name, 1, length(?1)) = ?1",
                folded, "name prefix");
    add_matches(db, found, "member",
                "SELECT member_id FROM member WHERE substr(name, 1, length(?1)) = ?1", folded,
                "name prefix");
  }

  std::vector<FoundSubject> list;
  list.reserve(found.size());
  for (auto& [key, subject] : found) {
    subject.label = label_of(db, subject);
    list.push_back(std::move(subject));
  }
  return list;
}

std::vector<HistoryEvent> subject_history(Database& db, const FoundSubject& subject) {
  History history;
  std::set<std::string> phones;
  SubjectKeys keys;  // further subjects whose tasks are this one's: a vehicle's orders
  if (subject.kind == "fleet") {
    fleet_history(db, subject.id, history, phones);
  } else if (subject.kind == "vehicle") {
    dealer_vehicle_history(db, subject.id, history, phones, keys);
  } else if (subject.kind == "order") {
    order_history(db, subject.id, history, phones);
  } else {
    member_history(db, subject.id, history, phones, keys);
  }
  tasks_history(db, subject.kind, subject.id, true, history);
  for (const auto& [kind, id] : keys) tasks_history(db, kind, id, false, history);
  contact_history(db, phones, history);
  return history.sorted();
}

}  // namespace ownercare::store
