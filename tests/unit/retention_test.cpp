// Unit tests of store::erase_expired (store/retention.hpp): which names and phones go after
// retain_days, which stay, and that no row a report counts is removed. The rows are written
// with SQL into a migrated database, so each rule is seen on its own, with dates chosen around
// the edge (731 days erased, 729 kept). tests/cli/retention_cli_test.cpp runs it on nights built
// by the real tools.
#include "ownercare/store/retention.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "ownercare/store/database.hpp"
#include "ownercare/store/task_store.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::Database;
using ownercare::store::erase_expired;
using ownercare::store::ErasureCounts;
using ownercare::store::kErasedText;
using ownercare::store::OpenMode;
using ownercare::test::TempDir;

namespace {

const Date kNight(2029, 1, 1);
const int kRetain = 730;

std::string days_ago(int days) { return kNight.plus_days(-days).iso(); }

void exec(Database& db, const std::string& sql) { db.sql().exec(sql); }

std::string text(Database& db, const std::string& sql) {
  SQLite::Statement query(db.sql(), sql);
  if (!query.executeStep() || query.getColumn(0).isNull()) return "NULL";
  return query.getColumn(0).getString();
}

long long count(Database& db, const std::string& table) {
  return std::stoll(text(db, "SELECT count(*) FROM " + table));
}

const std::vector<std::string> kTables = {
    "fleet_vehicle", "dealer_vehicle", "member",   "service_order", "task",       "outcome",
    "subject_change", "emitted_row",   "evaluation", "suppression",  "optout",    "vehicle_due"};

std::map<std::string, long long> row_counts(Database& db) {
  std::map<std::string, long long> counts;
  for (const auto& table : kTables) counts[table] = count(db, table);
  return counts;
}

void add_sale(Database& db, const std::string& vin, const std::string& name,
              const std::string& mobile, const std::string& gone_on, const std::string& sold_on) {
  exec(db, "INSERT INTO dealer_vehicle (vin, row_hash, gone_on, dealer_code, customer_name, "
           "mobile, mobile_kind, home_phone, home_kind, other_phones, birthday, sale_date, "
           "last_visit_on, owner_since, first_seen, changed_on, sold_on) VALUES ('" +
               vin + "', 1, " + gone_on + ", 'D1', '" + name + "', '" + mobile +
               "', 'mobile', '02112345678', 'landline', '13700000001', '1980-05-05', "
               "'2020-01-01', '2020-01-01', '2020-01-01', '2020-01-01', '2020-01-01', " +
               sold_on + ")");
  exec(db, "INSERT INTO vehicle_due (vin, birthday_on, computed_on) VALUES ('" + vin +
               "', '2029-05-05', '2028-12-31')");
}

void add_member(Database& db, const std::string& id, const std::string& name,
                const std::string& mobile, const std::string& gone_on) {
  exec(db, "INSERT INTO member (member_id, row_hash, gone_on, name, mobile, mobile_kind, "
           "first_seen, changed_on) VALUES ('" +
               id + "', 1, " + gone_on + ", '" + name + "', '" + mobile +
               "', 'mobile', '2020-01-01', '2020-01-01')");
}

void add_fleet(Database& db, const std::string& id, const std::string& name,
               const std::string& phone, const std::string& gone_on,
               const std::string& delisted_on) {
  exec(db, "INSERT INTO fleet_vehicle (vehicle_id, row_hash, gone_on, plate, owner_name, "
           "owner_phone, phone_kind, status, first_seen, delisted_on, delist_reason) VALUES ('" +
               id + "', 1, " + gone_on + ", '京A00001', '" + name + "', '" + phone +
               "', 'mobile', -1, '2020-01-01', " + delisted_on + ", " +
               (delisted_on == "NULL" ? "NULL" : "'车主说不想租了'") + ")");
}

// A final task (next_on NULL) unless `open`.
void add_task(Database& db, const std::string& task_id, const std::string& kind,
              const std::string& subject, const std::string& phone, const std::string& created_on,
              bool open = false) {
  exec(db, "INSERT INTO task (task_id, rule, step, channel, subject_kind, subject_id, anchor_on, "
           "due_on, created_on, priority, state, state_on, phone, next_on) VALUES ('" +
               task_id + "', 'r', 's', 'call', '" + kind + "', '" + subject + "', '" +
               created_on + "', '" + created_on + "', '" + created_on + "', 1, '" +
               (open ? "listed" : "done") + "', '" + created_on + "', '" + phone + "', " +
               (open ? "'" + kNight.iso() + "'" : "NULL") + ")");
}

void add_outcome(Database& db, const std::string& task_id, const std::string& recorded_on,
                 const std::string& new_phone, const std::string& note) {
  exec(db, "INSERT OR IGNORE INTO record_log (record_id, as_of, file_name, file_sha256, "
           "lines_read, applied, repeated, rejected) VALUES (1, '2020-01-01', 'o.csv', 'x', 1, "
           "1, 0, 0)");
  exec(db, "INSERT INTO outcome (task_id, attempt, result, disposition, new_phone, note, "
           "recorded_on, record_id, line) VALUES ('" +
               task_id + "', 1, 'reached', 'complaint', " + new_phone + ", " + note + ", '" +
               recorded_on + "', 1, 2)");
}

void add_change(Database& db, const std::string& kind, const std::string& id,
                const std::string& on, const std::string& what, const std::string& old_value,
                const std::string& new_value) {
  exec(db, "INSERT INTO subject_change (subject_kind, subject_id, changed_on, what, old_value, "
           "new_value, source) VALUES ('" +
               kind + "', '" + id + "', '" + on + "', '" + what + "', '" + old_value + "', '" +
               new_value + "', 'import:1')");
}

}  // namespace

TEST_CASE("a sold vehicle, a member and a fleet vehicle ended more than retain_days ago lose "
          "their names and phones everywhere",
          "[retention]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  add_sale(db, "GONE731", "王五", "13900000731", "'" + days_ago(731) + "'", "NULL");
  add_sale(db, "GONE729", "赵六", "13900000729", "'" + days_ago(729) + "'", "NULL");
  add_sale(db, "SOLD731", "孙七", "13900000732", "NULL", "'" + days_ago(731) + "'");
  add_sale(db, "ACTIVE", "周八", "13900000800", "NULL", "NULL");
  add_member(db, "M731", "钱九", "13900000900", "'" + days_ago(731) + "'");
  add_member(db, "M729", "吴十", "13900000901", "'" + days_ago(729) + "'");
  add_fleet(db, "F731", "郑一", "13900000100", "'" + days_ago(731) + "'", "NULL");
  add_fleet(db, "D731", "冯二", "13900000200", "NULL", "'" + days_ago(731) + "'");
  add_fleet(db, "D729", "陈三", "13900000300", "NULL", "'" + days_ago(729) + "'");
  exec(db, "INSERT INTO service_order (order_id, row_hash, vin, type, closed, complaint, "
           "first_seen, changed_on) VALUES ('O1', 1, 'GONE731', 'repair', '" +
               days_ago(800) + "', '王五投诉等太久', '2020-01-01', '2020-01-01')");
  // Records of the ended subjects dated after the cutoff: erased with their subject all the same.
  add_task(db, "T1", "vehicle", "GONE731", "13900000731", days_ago(100));
  add_task(db, "T2", "order", "O1", "13900000731", days_ago(100));
  add_task(db, "T3", "member", "M731", "13900000900", days_ago(100));
  add_task(db, "T4", "fleet", "F731", "13900000100", days_ago(100));
  add_task(db, "T5", "vehicle", "GONE729", "13900000729", days_ago(100));
  add_outcome(db, "T2", days_ago(100), "'13900000999'", "'王五说电话是13900000999'");
  add_outcome(db, "T5", days_ago(100), "NULL", "'赵六很满意'");
  add_change(db, "vehicle", "GONE731", days_ago(100), "mobile", "13900000111", "13900000731");
  add_change(db, "vehicle", "GONE731", days_ago(100), "dealer_code", "D0", "D1");
  add_change(db, "fleet", "F731", days_ago(100), "owner", "郑老一", "郑一");
  add_change(db, "vehicle", "GONE729", days_ago(100), "mobile", "13900000222", "13900000729");

  auto before = row_counts(db);
  auto counts = erase_expired(db, kNight, kRetain);

  CHECK(counts.dealer_vehicles == 2);
  CHECK(counts.members == 1);
  CHECK(counts.fleet_vehicles == 2);
  CHECK(counts.tasks == 4);
  CHECK(counts.outcomes == 1);
  CHECK(counts.subject_changes == 2);
  CHECK(counts.service_orders == 1);
  CHECK(row_counts(db) == before);  // nothing deleted

  for (const char* vin : {"GONE731", "SOLD731"}) {
    std::string where = std::string(" FROM dealer_vehicle WHERE vin = '") + vin + "'";
    CHECK(text(db, "SELECT customer_name || '|' || mobile || '|' || mobile_kind || '|' || "
                   "home_phone || '|' || office_phone" + where) == "||empty||");
    CHECK(text(db, "SELECT coalesce(other_phones, birthday, mobile_corrected_from)" + where) ==
          "NULL");
    CHECK(text(db, std::string("SELECT birthday_on FROM vehicle_due WHERE vin = '") + vin +
                       "'") == "NULL");
  }
  CHECK(text(db, "SELECT customer_name || mobile FROM dealer_vehicle WHERE vin = 'GONE729'") ==
        "赵六13900000729");
  CHECK(text(db, "SELECT customer_name || mobile FROM dealer_vehicle WHERE vin = 'ACTIVE'") ==
        "周八13900000800");
  CHECK(text(db, "SELECT name || mobile || mobile_kind FROM member WHERE member_id = 'M731'") ==
        "empty");
  CHECK(text(db, "SELECT name || mobile FROM member WHERE member_id = 'M729'") ==
        "吴十13900000901");
  CHECK(text(db, "SELECT owner_name || owner_phone || phone_kind FROM fleet_vehicle "
                 "WHERE vehicle_id = 'F731'") == "empty");
  CHECK(text(db, "SELECT owner_name || owner_phone || delist_reason FROM fleet_vehicle "
                 "WHERE vehicle_id = 'D731'") == kErasedText);
  CHECK(text(db, "SELECT owner_name || owner_phone || delist_reason FROM fleet_vehicle "
                 "WHERE vehicle_id = 'D729'") == "陈三13900000300车主说不想租了");
  // Their tasks (the order's callback too), outcomes, history and complaints.
  CHECK(text(db, "SELECT group_concat(task_id || '=' || phone, ' ') FROM "
                 "(SELECT * FROM task ORDER BY task_id)") ==
        "T1= T2= T3= T4= T5=13900000729");
  CHECK(text(db, "SELECT coalesce(new_phone, 'NULL') || '|' || note FROM outcome "
                 "WHERE task_id = 'T2'") == std::string("|") + kErasedText);
  CHECK(text(db, "SELECT note FROM outcome WHERE task_id = 'T5'") == "赵六很满意");
  CHECK(text(db, "SELECT disposition FROM outcome WHERE task_id = 'T2'") == "complaint");
  CHECK(text(db, "SELECT complaint FROM service_order WHERE order_id = 'O1'") == kErasedText);
  CHECK(text(db, "SELECT group_concat(what || ':' || old_value || '>' || new_value, ' ') FROM "
                 "(SELECT * FROM subject_change ORDER BY rowid)") ==
        "mobile:> dealer_code:D0>D1 owner:> mobile:13900000222>13900000729");
}

TEST_CASE("records older than retain_days lose their names and phones, whoever they are about",
          "[retention]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  add_sale(db, "ACTIVE", "周八", "13900000800", "NULL", "NULL");
  add_change(db, "vehicle", "ACTIVE", days_ago(731), "mobile", "13900000001", "13900000002");
  add_change(db, "vehicle", "ACTIVE", days_ago(729), "mobile", "13900000002", "13900000800");
  add_task(db, "T731", "vehicle", "ACTIVE", "13900000001", days_ago(731));
  add_task(db, "T731open", "vehicle", "ACTIVE", "13900000001", days_ago(731), true);
  add_task(db, "T729", "vehicle", "ACTIVE", "13900000002", days_ago(729));
  add_outcome(db, "T731", days_ago(731), "NULL", "'周八说换号了'");
  add_outcome(db, "T729", days_ago(729), "NULL", "'周八很满意'");
  std::string cells731 = ownercare::store::join_cells(
      {"T731", "vehicle", "ACTIVE", "r", "s", "1", "09:00-12:00", "周八", "13900000001",
       "13700000001", "D1", "保养提醒", "上次 周八 说…"});
  std::string cells729 = ownercare::store::join_cells(
      {"T729", "vehicle", "ACTIVE", "r", "s", "1", "09:00-12:00", "周八", "13900000002", "",
       "D1", "保养提醒", "上次"});
  exec(db, "INSERT INTO emitted_row (as_of, file, position, task_id, cells) VALUES ('" +
               days_ago(731) + "', 'calls', 0, 'T731', '" + cells731 + "')");
  exec(db, "INSERT INTO emitted_row (as_of, file, position, task_id, cells) VALUES ('" +
               days_ago(729) + "', 'calls', 0, 'T729', '" + cells729 + "')");
  std::string summary = "{\n  \"unreachable\": [\n    {\n      \"subject_id\": \"X\",\n"
                        "      \"phone\": \"1390000abc\",\n      \"reason\": \"invalid phone\"\n"
                        "    }\n  ]\n}\n";
  exec(db, "INSERT INTO evaluation (as_of, rules_digest, summary) VALUES ('" + days_ago(731) +
               "', 'd', '" + summary + "')");
  exec(db, "INSERT INTO evaluation (as_of, rules_digest, summary) VALUES ('" + days_ago(729) +
               "', 'd', '" + summary + "')");

  auto counts = erase_expired(db, kNight, kRetain);
  CHECK(counts.subjects() == 0);
  CHECK(counts.subject_changes == 1);
  CHECK(counts.tasks == 1);
  CHECK(counts.outcomes == 1);
  CHECK(counts.emitted_rows == 1);
  CHECK(counts.evaluations == 1);

  // A phone changed 731 days ago is forgotten; the vehicle keeps its current one.
  CHECK(text(db, "SELECT group_concat(old_value || '>' || new_value, ' ') FROM "
                 "(SELECT * FROM subject_change ORDER BY changed_on)") ==
        "> 13900000002>13900000800");
  CHECK(text(db, "SELECT mobile FROM dealer_vehicle") == "13900000800");
  // A task still open keeps its phone until it is over.
  CHECK(text(db, "SELECT group_concat(task_id || '=' || phone, ' ') FROM "
                 "(SELECT * FROM task ORDER BY task_id)") ==
        "T729=13900000002 T731= T731open=13900000001");
  CHECK(text(db, "SELECT group_concat(note, ' ') FROM (SELECT * FROM outcome ORDER BY task_id)") ==
        std::string("周八很满意 ") + kErasedText);
  auto old_cells = ownercare::store::split_cells(
      text(db, "SELECT cells FROM emitted_row WHERE task_id = 'T731'"));
  CHECK(old_cells == std::vector<std::string>{"T731", "vehicle", "ACTIVE", "r", "s", "1",
                                              "09:00-12:00", "", "", "", "D1", "保养提醒",
                                              kErasedText});
  CHECK(text(db, "SELECT cells FROM emitted_row WHERE task_id = 'T729'") == cells729);
  CHECK(text(db, "SELECT summary FROM evaluation WHERE as_of = '" + days_ago(731) + "'") ==
        "{\n  \"unreachable\": [\n    {\n      \"subject_id\": \"X\",\n      \"phone\": \"\",\n"
        "      \"reason\": \"invalid phone\"\n    }\n  ]\n}\n");
  CHECK(text(db, "SELECT summary FROM evaluation WHERE as_of = '" + days_ago(729) + "'") ==
        summary);

  SECTION("the open task's phone goes once it is over, on a later night") {
    exec(db, "UPDATE task SET next_on = NULL WHERE task_id = 'T731open'");
    auto later = erase_expired(db, kNight.plus_days(1), kRetain);
    CHECK(later.tasks == 1);
    CHECK(text(db, "SELECT phone FROM task WHERE task_id = 'T731open'") == "");
  }
  SECTION("two nights later the records then 731 days old go too") {
    auto later = erase_expired(db, kNight.plus_days(2), kRetain);
    CHECK(later.subject_changes == 1);
    CHECK(later.tasks == 1);
    CHECK(later.outcomes == 1);
    CHECK(later.emitted_rows == 1);
    CHECK(later.evaluations == 1);
  }
}

TEST_CASE("erasing again the same night erases nothing more", "[retention]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  add_sale(db, "GONE731", "王五", "13900000731", "'" + days_ago(731) + "'", "NULL");
  add_task(db, "T1", "vehicle", "GONE731", "13900000731", days_ago(731));
  CHECK(erase_expired(db, kNight, kRetain).any());
  auto again = erase_expired(db, kNight, kRetain);
  CHECK_FALSE(again.any());
}

TEST_CASE("a dry run counts what would be erased and stores nothing", "[retention]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  add_sale(db, "GONE731", "王五", "13900000731", "'" + days_ago(731) + "'", "NULL");
  add_task(db, "T1", "vehicle", "GONE731", "13900000731", days_ago(731));
  auto counts = erase_expired(db, kNight, kRetain, true);
  CHECK(counts.dealer_vehicles == 1);
  CHECK(counts.tasks == 1);
  CHECK(text(db, "SELECT customer_name FROM dealer_vehicle") == "王五");
  CHECK(text(db, "SELECT phone FROM task") == "13900000731");
  CHECK(count(db, "retention_state") == 0);
  CHECK(erase_expired(db, kNight, kRetain).dealer_vehicles == 1);
}

TEST_CASE("opt-outs and suppressions are kept: erasing them would let a message reach someone "
          "who said stop",
          "[retention]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  add_sale(db, "GONE731", "王五", "13900000731", "'" + days_ago(731) + "'", "NULL");
  exec(db, "INSERT INTO suppression VALUES ('13900000731', 'sms', '2020-01-01', 'opt_out', "
           "NULL)");
  exec(db, "INSERT INTO import_log (import_id, kind, as_of, file_name, file_bytes, encoding, "
           "rows_read, rows_rejected, added, changed, gone, returned, episodes_opened, "
           "episodes_closed) VALUES (1, 'optouts', '2020-01-01', 'o.csv', 1, 'utf-8', 1, 0, 0, "
           "0, 0, 0, 0, 0)");
  exec(db, "INSERT INTO optout (phone, channel, on_date, action, import_id, line) VALUES "
           "('13900000731', 'sms', '2020-01-01', 'add', 1, 2)");
  erase_expired(db, kNight, kRetain);
  CHECK(text(db, "SELECT phone FROM suppression") == "13900000731");
  CHECK(text(db, "SELECT phone FROM optout") == "13900000731");
}

TEST_CASE("the erasure turns SQLite's secure_delete on, and leaves it as it found it",
          "[retention]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  exec(db, "PRAGMA secure_delete = OFF");
  add_sale(db, "GONE731", "王五", "13900000731", "'" + days_ago(731) + "'", "NULL");
  // A row made much shorter is written at the end of the space it had: without secure_delete
  // SQLite leaves the rest of its old bytes, the start of the phones, in the page.
  for (int i = 0; i < 10; ++i) {
    add_change(db, "vehicle", "OTHER" + std::to_string(i), days_ago(100), "dealer_code", "D0",
               "D1");
  }
  add_change(db, "vehicle", "GONE731", days_ago(100), "other_phones",
             "13900000732;13900000733;13900000734", "13900000735;13900000736;13900000737");
  for (int i = 10; i < 20; ++i) {
    add_change(db, "vehicle", "OTHER" + std::to_string(i), days_ago(100), "dealer_code", "D0",
               "D1");
  }
  db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  erase_expired(db, kNight, kRetain);
  CHECK(ownercare::store::scalar_text(db.sql(), "PRAGMA secure_delete") == "0");
  // What the erasure freed was overwritten: the file holds the phone no more.
  db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  auto bytes = ownercare::test::read_text(dir / "ownercare.db");
  CHECK(bytes.find("13900000731") == std::string::npos);
  CHECK(bytes.find("王五") == std::string::npos);
  CHECK(bytes.find("13900000732") == std::string::npos);
}
