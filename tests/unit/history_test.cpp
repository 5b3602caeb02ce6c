// Finding a customer from what an operator has in hand, and the timeline put together for
// them (store/history.hpp, issue 11 point 6).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/history.hpp"
#include "support/temp_dir.hpp"

namespace ownercare::store {
namespace {

// A database holding: two fleet vehicles of 周先生 and one of 周小明, a sold vehicle whose
// customer has a home phone and another mobile, a service order of it, and a car-wash member.
struct Fixture {
  test::TempDir dir;
  Database db = Database::open(dir / "ownercare.db", OpenMode::create);

  Fixture() {
    db.sql().exec(
        "INSERT INTO import_log VALUES (1, 'fleet', '2026-10-01', 'fleet-2026-10-01.csv', 1, "
        "'utf-8', 3, 0, 3, 0, 0, 0, 1, 0, 0);"
        "INSERT INTO import_log VALUES (2, 'fleet', '2026-10-05', 'fleet-2026-10-05.csv', 1, "
        "'utf-8', 3, 0, 0, 1, 0, 0, 0, 1, 0);"
        "INSERT INTO import_log VALUES (3, 'sales', '2026-10-01', 'sales-2026-10-01.csv', 1, "
        "'utf-8', 1, 0, 1, 0, 0, 0, 0, 0, 0);"
        "INSERT INTO import_log VALUES (4, 'sales', '2026-10-08', 'sales-2026-10-08.csv', 1, "
        "'utf-8', 1, 0, 0, 1, 0, 0, 0, 0, 0);"
        "INSERT INTO fleet_vehicle (vehicle_id, row_hash, plate, owner_name, owner_phone, "
        "phone_kind, city, status, first_seen) VALUES "
        "('V001', 0, '浙A12345', '周先生', '13812340101', 'mobile', '杭州', 1, '2026-10-01'),"
        "('V002', 0, '浙B00001', '周先生', '13812340101', 'mobile', '宁波', 0, '2026-10-01'),"
        "('V003', 0, '浙C77777', '周小明', '057187650101', 'landline', '杭州', 1, '2026-10-01');"
        "INSERT INTO status_episode (episode_id, vehicle_id, status, started_on, start_source, "
        "opened_by, ended_on, end_reason) VALUES "
        "(1, 'V001', 0, '2026-10-01', 'snapshot', 1, '2026-10-05', 'rentable');"
        "INSERT INTO dealer_vehicle (vin, row_hash, plate, dealer_code, customer_name, mobile, "
        "mobile_kind, home_phone, home_kind, sale_date, last_visit_on, owner_since, first_seen, "
        "changed_on, other_phones) VALUES ('LFV3A23C4M5100101', 0, 'zj·d 8888', 'D0571', "
        "'吴女士', '13912340102', 'mobile', '057188880000', 'landline', '2024-05-06', "
        "'2024-05-06', '2024-05-06', '2026-10-01', '2026-10-01', '13700000001;13700000002');"
        "INSERT INTO subject_change VALUES ('vehicle', 'LFV3A23C4M5100101', '2026-10-08', "
        "'mobile', '13900000000', '13912340102', 'import:4');"
        "INSERT INTO service_order (order_id, row_hash, vin, dealer_code, type, closed, "
        "first_seen, changed_on) VALUES ('SO-9002', 0, 'LFV3A23C4M5100101', 'D0571', 'repair', "
        "'2026-10-07', '2026-10-08', '2026-10-08');"
        "INSERT INTO member (member_id, row_hash, name, mobile, mobile_kind, first_seen, "
        "changed_on) VALUES ('M-1', 0, '周先生', '13812340101', 'mobile', '2026-10-01', "
        "'2026-10-01');"
        "INSERT INTO task (task_id, rule, step, channel, subject_kind, subject_id, anchor_on, "
        "episode_id, due_on, created_on, priority, state, state_on, phone, sent_on) VALUES "
        "('T-1', 'fleet_status', 'd1_sms', 'sms', 'fleet', 'V001', '2026-10-01', 1, "
        "'2026-10-02', '2026-10-02', 1, 'sent', '2026-10-02', '13812340101', '2026-10-02'),"
        "('T-2', 'fleet_status', 'd3_call', 'call', 'fleet', 'V001', '2026-10-01', 1, "
        "'2026-10-04', '2026-10-04', 1, 'reached', '2026-10-04', '13812340101', '2026-10-04'),"
        "('T-3', 'service_callback', 'd1_call', 'call', 'order', 'SO-9002', '2026-10-07', NULL, "
        "'2026-10-08', '2026-10-08', 1, 'listed', '2026-10-08', '13912340102', '2026-10-08');"
        "INSERT INTO record_log VALUES (1, '2026-10-04', 'calls.csv', 'x', 1, 1, 0, 0);"
        "INSERT INTO outcome (task_id, attempt, result, disposition, at, note, recorded_on, "
        "record_id, line) VALUES ('T-2', 1, 'reached', 'relist', '2026-10-04 10:30', "
        "'下周上架', '2026-10-04', 1, 2);"
        "INSERT INTO suppression VALUES ('13812340101', 'sms', '2026-10-06', 'opt_out', NULL);"
        "INSERT INTO optout (phone, channel, on_date, action, reason, import_id, line) VALUES "
        "('13812340101', 'sms', '2026-10-06', 'add', '退订', 2, 3);");
  }
};

std::vector<std::string> ids(const std::vector<FoundSubject>& found) {
  std::vector<std::string> list;
  for (const auto& subject : found) list.push_back(subject.kind + ":" + subject.id);
  return list;
}

using Ids = std::vector<std::string>;

TEST_CASE("find_subjects finds a subject by each kind of id", "[history]") {
  Fixture f;
  CHECK(ids(find_subjects(f.db, "V003")) == Ids{"fleet:V003"});
  CHECK(ids(find_subjects(f.db, "lfv3a23c4m5100101")) == Ids{"vehicle:LFV3A23C4M5100101"});
  CHECK(ids(find_subjects(f.db, "SO-9002")) == Ids{"order:SO-9002"});
  CHECK(ids(find_subjects(f.db, " M-1 ")) == Ids{"member:M-1"});
  CHECK(find_subjects(f.db, "V003")[0].matched_by == "id");
  CHECK(find_subjects(f.db, "V999").empty());
}

TEST_CASE("find_subjects normalises a phone and matches every phone of a customer",
          "[history]") {
  Fixture f;
  // Written as people type it: +86, spaces, dashes, full-width digits.
  CHECK(ids(find_subjects(f.db, "+86 138-1234-0101")) == Ids{"fleet:V001", "fleet:V002", "member:M-1"});
  CHECK(ids(find_subjects(f.db, "１３８１２３４０１０１")) ==
        Ids{"fleet:V001", "fleet:V002", "member:M-1"});
  CHECK(ids(find_subjects(f.db, "0571-8765 0101")) == Ids{"fleet:V003"});
  CHECK(ids(find_subjects(f.db, "0571-88880000")) == Ids{"vehicle:LFV3A23C4M5100101"});
  // Another mobile of the sales row, whole numbers only.
  CHECK(ids(find_subjects(f.db, "13700000002")) == Ids{"vehicle:LFV3A23C4M5100101"});
  CHECK(find_subjects(f.db, "13700000002")[0].matched_by == "phone");
  CHECK(find_subjects(f.db, "1370000000").empty());
}

TEST_CASE("find_subjects matches a plate whatever its case, spaces and full-width forms",
          "[history]") {
  Fixture f;
  CHECK(ids(find_subjects(f.db, "浙a12345")) == Ids{"fleet:V001"});
  CHECK(ids(find_subjects(f.db, "浙Ａ１２３４５")) == Ids{"fleet:V001"});
  CHECK(ids(find_subjects(f.db, "ZJ·D8888")) == Ids{"vehicle:LFV3A23C4M5100101"});
  CHECK(find_subjects(f.db, "浙A12345")[0].matched_by == "plate");
}

TEST_CASE("find_subjects matches a name exactly, or by its start when nothing matches exactly",
          "[history]") {
  Fixture f;
  auto exact = find_subjects(f.db, "周先生");
  CHECK(ids(exact) == Ids{"fleet:V001", "fleet:V002", "member:M-1"});
  CHECK(exact[0].matched_by == "name");
  auto prefix = find_subjects(f.db, "周");
  CHECK(ids(prefix) == Ids{"fleet:V001", "fleet:V002", "fleet:V003", "member:M-1"});
  CHECK(prefix[2].matched_by == "name prefix");
  CHECK(ids(find_subjects(f.db, "吴")) == Ids{"vehicle:LFV3A23C4M5100101"});
  CHECK(find_subjects(f.db, "王").empty());
}

TEST_CASE("find_subjects lists each subject once with every way it matched", "[history]") {
  Fixture f;
  f.db.sql().exec("UPDATE fleet_vehicle SET owner_name = '13812340101' WHERE vehicle_id = 'V001'");
  auto found = find_subjects(f.db, "13812340101");
  REQUIRE(ids(found) == Ids{"fleet:V001", "fleet:V002", "member:M-1"});
  CHECK(found[0].matched_by == "phone, name");
  CHECK(found[0].label == "fleet vehicle V001 浙A12345, owner 13812340101 13812340101, city 杭州, "
                          "status 1");
}

TEST_CASE("find_subjects refuses an empty text", "[history]") {
  Fixture f;
  CHECK_THROWS_AS(find_subjects(f.db, " \xE3\x80\x80 "), UsageError);  // an ideographic space
}

std::vector<std::string> lines(const std::vector<HistoryEvent>& events) {
  std::vector<std::string> list;
  for (const auto& event : events) list.push_back(event.date + " " + event.event + " " + event.detail);
  return list;
}

TEST_CASE("a fleet vehicle's history: snapshots, its episode, tasks, outcomes, opt-outs in date "
          "order",
          "[history]") {
  Fixture f;
  auto subject = find_subjects(f.db, "V001").at(0);
  CHECK(lines(subject_history(f.db, subject)) ==
        std::vector<std::string>{
            "2026-10-01 snapshot first seen in the fleet snapshot (fleet-2026-10-01.csv)",
            "2026-10-01 episode status 0 from here on (episode 1, snapshot) (fleet-2026-10-01.csv)",
            "2026-10-02 task T-1 fleet_status/d1_sms (sms) due 2026-10-02",
            "2026-10-02 sent T-1 sms to 13812340101",
            "2026-10-02 state T-1 sent",
            "2026-10-04 task T-2 fleet_status/d3_call (call) due 2026-10-04",
            "2026-10-04 listed T-2 call to 13812340101",
            "2026-10-04 outcome T-2 try 1: reached / relist: 下周上架",
            "2026-10-04 state T-2 reached",
            "2026-10-05 episode episode 1 over: rentable (fleet-2026-10-05.csv)",
            "2026-10-06 suppressed 13812340101 sms: opt_out",
            "2026-10-06 opt-out 13812340101 sms added: 退订 (fleet-2026-10-05.csv line 3)",
        });
}

TEST_CASE("a sold vehicle's history holds its changes, orders and its orders' callbacks",
          "[history]") {
  Fixture f;
  auto subject = find_subjects(f.db, "LFV3A23C4M5100101").at(0);
  CHECK(lines(subject_history(f.db, subject)) ==
        std::vector<std::string>{
            "2024-05-06 sale sold by dealer D0571",
            "2026-10-01 snapshot first seen in the sales snapshot (sales-2026-10-01.csv)",
            "2026-10-07 order SO-9002 repair at D0571",
            "2026-10-08 change mobile: 13900000000 -> 13912340102 (sales-2026-10-08.csv)",
            "2026-10-08 task T-3 service_callback/d1_call (call) due 2026-10-08, order SO-9002",
            "2026-10-08 listed T-3 call to 13912340102",
            "2026-10-08 state T-3 listed",
        });
}

}  // namespace
}  // namespace ownercare::store
