// Unit tests of record_outcomes (SPEC 3.6, 6.5) against real tasks: each test imports one
// fleet snapshot, evaluates it with the shipped rules/, records an outcomes file the next
// night, and evaluates again where the briefing says what that night must list.
//
// The snapshot of 2026-03-10 puts each vehicle on a known step (status_since picks the day):
//   C1..C6  status -1 since 03-06: day 4, the d4_call is listed (attempt 1, 09:00-11:30)
//   S1, S2  status -1 since 03-10: day 0, the d0_sms is sent
//   H1      status -1 since 02-07: day 31, the d31_handoff is listed
//   P1      status 0 since 02-23: day 15, the d15_sms and the d15_call both go
// No holiday is near (清明 is 04-04), so no pre-holiday SMS gets in the way.
#include "ownercare/outcomes/record.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/engine/evaluate.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/task_store.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::outcomes::RecordOptions;
using ownercare::outcomes::RecordReport;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::store::TaskRow;
using ownercare::store::TaskStore;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

const Date kFirstNight(2026, 3, 10);
const Date kNextNight(2026, 3, 11);

constexpr const char* kSnapshot =
    "vehicle_id,plate,owner_name,owner_phone,city,status,status_since\n"
    "C1,京N10001,车主一,13900000001,北京,-1,2026-03-06\n"
    "C2,京N10002,车主二,13900000002,北京,-1,2026-03-06\n"
    "C3,京N10003,车主三,13900000003,北京,-1,2026-03-06\n"
    "C4,京N10004,车主四,13900000004,北京,-1,2026-03-06\n"
    "C5,京N10005,车主五,13900000005,北京,-1,2026-03-06\n"
    "C6,京N10006,车主六,13900000006,北京,-1,2026-03-06\n"
    "S1,京N20001,车主七,13900000011,北京,-1,2026-03-10\n"
    "S2,京N20002,车主八,13900000012,北京,-1,2026-03-10\n"
    "H1,京N30001,车主九,13900000021,北京,-1,2026-02-07\n"
    "P1,京N40001,车主十,13900000031,北京,0,2026-02-23\n";

constexpr const char* kOutcomeHeader =
    "task_id,result,disposition,at,callback_date,satisfaction,note\n";

// One line of an outcomes file.
std::string outcome(const std::string& task_id, const std::string& result,
                    const std::string& disposition = "", const std::string& callback_date = "",
                    const std::string& satisfaction = "") {
  return task_id + "," + result + "," + disposition + ",," + callback_date + "," + satisfaction +
         ",\n";
}

// A database holding the snapshot of the first night, evaluated with the shipped rules.
struct Night {
  TempDir dir;
  Database db = Database::open(dir / "ownercare.db", OpenMode::create);
  ownercare::rules::RuleSet rules =
      ownercare::rules::load_rule_set(ownercare::test::source_dir() / "rules");
  int files_written = 0;

  Night() {
    write_text(dir / "fleet.csv", kSnapshot);
    ownercare::ingest::ImportOptions options;
    options.file = dir / "fleet.csv";
    options.as_of = kFirstNight;
    ownercare::ingest::import_fleet(db, options);
    evaluate(kFirstNight);
  }

  ownercare::engine::EvaluateReport evaluate(Date as_of) {
    ownercare::engine::EvaluateOptions options;
    options.as_of = as_of;
    options.out = dir / "out";
    return ownercare::engine::evaluate(db, rules, options);
  }

  std::filesystem::path write_outcomes(const std::vector<std::string>& lines) {
    std::string text = kOutcomeHeader;
    for (const auto& line : lines) text += line;
    auto path = dir / ("outcomes-" + std::to_string(++files_written) + ".csv");
    write_text(path, text);
    return path;
  }

  RecordReport record_file(const std::filesystem::path& file, Date as_of,
                           double max_invalid_share = 0.10,
                           const std::map<std::string, std::string>& value_map = {}) {
    RecordOptions options;
    options.file = file;
    options.as_of = as_of;
    options.max_invalid_share = max_invalid_share;
    options.value_map = value_map;
    return ownercare::outcomes::record_outcomes(db, options);
  }

  RecordReport record(Date as_of, const std::vector<std::string>& lines,
                      double max_invalid_share = 0.10) {
    return record_file(write_outcomes(lines), as_of, max_invalid_share);
  }

  // The id of the task of `step` for `vehicle` ("" when there is none).
  std::string task_id(const std::string& vehicle, const std::string& step) {
    SQLite::Statement query(db.sql(), "SELECT task_id FROM task WHERE subject_id = ? AND step = ?");
    query.bind(1, vehicle);
    query.bind(2, step);
    if (!query.executeStep()) return "";
    return query.getColumn(0).getString();
  }

  TaskRow task(const std::string& vehicle, const std::string& step) {
    auto id = task_id(vehicle, step);
    INFO(vehicle << " " << step);
    REQUIRE(!id.empty());
    auto found = TaskStore(db).find(id);
    REQUIRE(found);
    return *found;
  }

  std::string vehicle(const std::string& id, const std::string& column) {
    SQLite::Statement query(db.sql(),
                            "SELECT " + column + " FROM fleet_vehicle WHERE vehicle_id = ?");
    query.bind(1, id);
    if (!query.executeStep() || query.getColumn(0).isNull()) return "";
    return query.getColumn(0).getString();
  }

  long long count(const char* sql) {
    SQLite::Statement query(db.sql(), sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
  }

  // The rows of a file of an evaluated date, without the header.
  std::vector<std::vector<std::string>> rows(Date as_of, const std::string& file) {
    auto reader = ownercare::csv::Reader::open(dir / "out" / as_of.iso() / file);
    std::vector<std::vector<std::string>> list;
    ownercare::csv::Record record;
    reader.next(record);
    while (reader.next(record)) list.emplace_back(record.fields.begin(), record.fields.end());
    return list;
  }

  // The row of calls.csv of `as_of` for a task, if it is listed.
  std::optional<std::vector<std::string>> call_row(Date as_of, const std::string& task_id) {
    for (auto& row : rows(as_of, "calls.csv")) {
      if (row[0] == task_id) return row;
    }
    return std::nullopt;
  }

  // Every state of every task, to show that a refused file changed nothing.
  std::string task_states() {
    return ownercare::store::scalar_text(
        db.sql(),
        "SELECT group_concat(task_id || ':' || state || ':' || attempt || ':' || misses, ';') "
        "FROM (SELECT * FROM task ORDER BY task_id)");
  }
};

constexpr std::size_t kAttempt = 5;  // calls.csv columns (SPEC 5)
constexpr std::size_t kWindow = 6;

}  // namespace

// --- the fixture itself --------------------------------------------------------------------

TEST_CASE("record fixture: the first night lists the expected tasks", "[record]") {
  Night night;
  CHECK(night.task("C1", "d4_call").state == "listed");
  CHECK(night.task("C1", "d4_call").window == "09:00-11:30");
  CHECK(night.task("S1", "d0_sms").state == "sent");
  CHECK(night.task("H1", "d31_handoff").state == "listed");
  CHECK(night.task("P1", "d15_sms").state == "sent");
  CHECK(night.task("P1", "d15_call").state == "listed");
}

// --- SMS and hand-offs ---------------------------------------------------------------------

TEST_CASE("record: a delivered SMS is delivered", "[record]") {
  Night night;
  auto report = night.record(kNextNight, {outcome(night.task_id("S1", "d0_sms"), "delivered")});
  CHECK(report.applied == 1);
  CHECK(report.rejected == 0);
  CHECK(night.task("S1", "d0_sms").state == "delivered");
}

TEST_CASE("record: a failed SMS is failed", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("S1", "d0_sms"), "failed")});
  CHECK(night.task("S1", "d0_sms").state == "failed");
}

TEST_CASE("record: a hand-off done is closed", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("H1", "d31_handoff"), "done")});
  auto task = night.task("H1", "d31_handoff");
  CHECK(task.state == "done");
  CHECK_FALSE(task.next_on.has_value());
}

// --- calls not reached ---------------------------------------------------------------------

TEST_CASE("record: no answer is tried again the same night in the next window", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  auto report = night.record(kNextNight, {outcome(id, "no_answer")});
  CHECK(report.retries == 1);
  auto task = night.task("C1", "d4_call");
  CHECK(task.state == "retry");
  CHECK(task.misses == 1);
  CHECK(task.next_on == kNextNight);

  night.evaluate(kNextNight);
  auto row = night.call_row(kNextNight, id);
  REQUIRE(row);
  CHECK((*row)[kAttempt] == "2");
  CHECK((*row)[kWindow] == "14:00-16:30");
  CHECK(night.task("C1", "d4_call").attempt == 2);
}

TEST_CASE("record: the third miss closes the call unreached", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  night.record(kNextNight, {outcome(id, "no_answer")});
  night.evaluate(kNextNight);
  night.record(Date(2026, 3, 12), {outcome(id, "busy")});
  night.evaluate(Date(2026, 3, 12));
  auto third_try = night.call_row(Date(2026, 3, 12), id);
  REQUIRE(third_try);
  CHECK((*third_try)[kAttempt] == "3");
  CHECK((*third_try)[kWindow] == "16:30-19:00");

  night.record(Date(2026, 3, 13), {outcome(id, "voicemail")});
  auto task = night.task("C1", "d4_call");
  CHECK(task.state == "unreached");
  CHECK(task.misses == 3);
  CHECK_FALSE(task.next_on.has_value());
  night.evaluate(Date(2026, 3, 13));
  CHECK_FALSE(night.call_row(Date(2026, 3, 13), id));
}

TEST_CASE("record: refused closes the call unreached", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "refused")});
  CHECK(night.task("C1", "d4_call").state == "unreached");
}

TEST_CASE("record: not found closes the call unreached", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "not_found")});
  CHECK(night.task("C1", "d4_call").state == "unreached");
}

TEST_CASE("record: an invalid number closes the call and marks the phone invalid",
          "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "invalid_number")});
  CHECK(night.task("C1", "d4_call").state == "unreached");
  auto suppressions = TaskStore(night.db).suppressions();
  REQUIRE(suppressions.count("13900000001"));
  CHECK(suppressions["13900000001"].count("all") == 1);
}

TEST_CASE("record: after an invalid number the vehicle gets no more SMS", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "invalid_number")});
  night.evaluate(kNextNight);
  night.evaluate(Date(2026, 3, 13));  // C1's day 7
  auto sms = night.task("C1", "d7_sms");
  CHECK(sms.state == "suppressed");
  CHECK(night.task("C2", "d7_sms").state == "sent");
}

// --- calls reached -------------------------------------------------------------------------

TEST_CASE("record: reached with wait closes the call and marks the vehicle", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "reached", "wait")});
  CHECK(night.task("C1", "d4_call").state == "done");
  CHECK(night.vehicle("C1", "mark") == "wait");
}

TEST_CASE("record: reached with relist closes the call and marks the vehicle", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "reached", "relist")});
  CHECK(night.task("C1", "d4_call").state == "done");
  CHECK(night.vehicle("C1", "mark") == "relist");
}

TEST_CASE("record: never delists the vehicle", "[record]") {
  Night night;
  auto report =
      night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "reached", "never")});
  CHECK(report.delisted == 1);
  CHECK(night.task("C1", "d4_call").state == "done");
  CHECK(night.vehicle("C1", "delisted_on") == "2026-03-11");
}

TEST_CASE("record: a delisted vehicle is on the next delist.csv once", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "reached", "never")});
  night.evaluate(kNextNight);
  auto delist = night.rows(kNextNight, "delist.csv");
  REQUIRE(delist.size() == 1);
  CHECK(delist[0][0] == "C1");
  CHECK(delist[0][1] == "京N10001");
  CHECK(delist[0][2] == "2026-03-11");
  night.evaluate(Date(2026, 3, 12));
  CHECK(night.rows(Date(2026, 3, 12), "delist.csv").empty());
}

TEST_CASE("record: a delisted vehicle gets no new task", "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "reached", "never")});
  night.evaluate(kNextNight);
  night.evaluate(Date(2026, 3, 13));  // day 7
  CHECK(night.task_id("C1", "d7_sms").empty());
  CHECK_FALSE(night.task_id("C2", "d7_sms").empty());
}

TEST_CASE("record: a callback lists the call again on its date", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  auto report = night.record(kNextNight, {outcome(id, "reached", "callback", "2026-03-14")});
  CHECK(report.rejected == 0);
  auto task = night.task("C1", "d4_call");
  CHECK(task.state == "retry");
  CHECK(task.next_on == Date(2026, 3, 14));
  night.evaluate(kNextNight);
  CHECK_FALSE(night.call_row(kNextNight, id));
  night.evaluate(Date(2026, 3, 13));
  CHECK_FALSE(night.call_row(Date(2026, 3, 13), id));
  night.evaluate(Date(2026, 3, 14));
  CHECK(night.call_row(Date(2026, 3, 14), id));
}

TEST_CASE("record: a callback date written as a call centre's spreadsheet writes it",
          "[record][values]") {
  for (const char* written : {"2026年3月14日", "2026.03.14", "46095", "20260314"}) {
    INFO(written);
    Night night;
    auto id = night.task_id("C1", "d4_call");
    auto report = night.record(kNextNight, {outcome(id, "reached", "callback", written)});
    CHECK(report.rejected == 0);
    CHECK(night.task("C1", "d4_call").next_on == Date(2026, 3, 14));
  }
  Night night;
  auto id = night.task_id("C1", "d4_call");
  // One line of one: the file is refused, the line located with its advice.
  CHECK_THROWS_WITH(night.record(kNextNight, {outcome(id, "reached", "callback", "3/14/2026")}),
                    Catch::Contains("callback_date: \"3/14/2026\" is not in year-month-day "
                                    "order: write YYYY-MM-DD (2026-03-14)"));
}

TEST_CASE("record: do_not_call stops calls to the phone", "[record]") {
  Night night;
  auto report =
      night.record(kNextNight, {outcome(night.task_id("P1", "d15_call"), "reached", "do_not_call")});
  CHECK(report.do_not_call == 1);
  CHECK(night.task("P1", "d15_call").state == "done");
  auto suppressions = TaskStore(night.db).suppressions();
  REQUIRE(suppressions.count("13900000031"));
  CHECK(suppressions["13900000031"].count("call") == 1);
}

TEST_CASE("record: after do_not_call later calls are suppressed and SMS continue",
          "[record]") {
  Night night;
  night.record(kNextNight, {outcome(night.task_id("P1", "d15_call"), "reached", "do_not_call")});
  night.evaluate(kNextNight);
  night.evaluate(Date(2026, 3, 25));  // P1's day 30
  auto call = night.task("P1", "d30_call");
  CHECK(call.state == "suppressed");
  CHECK_FALSE(night.call_row(Date(2026, 3, 25), call.task_id));
  CHECK(night.task("P1", "d30_sms").state == "sent");
}

TEST_CASE("record: a driving owner is tried again without a miss", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  auto report = night.record(kNextNight, {outcome(id, "reached", "driving")});
  CHECK(report.rejected == 0);
  auto task = night.task("C1", "d4_call");
  CHECK(task.state == "retry");
  CHECK(task.misses == 0);
  night.evaluate(kNextNight);
  CHECK(night.call_row(kNextNight, id));
}

// --- rejected lines ------------------------------------------------------------------------

TEST_CASE("record: an unknown task id is rejected with its line number", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome("T0000000000000000", "delivered")},
                             0.5);
  CHECK(report.applied == 1);
  CHECK(report.rejected == 1);
  REQUIRE(report.reject_messages.size() == 1);
  auto file = (night.dir / "outcomes-1.csv").string();
  CHECK(report.reject_messages[0].rfind(file + ":3:", 0) == 0);
  CHECK(report.reject_messages[0].find("T0000000000000000") != std::string::npos);
  REQUIRE(report.rejects_file);
  CHECK(std::filesystem::exists(*report.rejects_file));
  CHECK(night.task("S1", "d0_sms").state == "delivered");
}

TEST_CASE("record: an unknown result is rejected", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("S2", "d0_sms"), "answered")},
                             0.5);
  CHECK(report.rejected == 1);
  CHECK(night.task("S2", "d0_sms").state == "sent");
}

TEST_CASE("record: a result that does not fit the channel is rejected", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("S2", "d0_sms"), "reached")},
                             0.5);
  CHECK(report.rejected == 1);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find(":3:") != std::string::npos);
  CHECK(night.task("S2", "d0_sms").state == "sent");
}

TEST_CASE("record: a call result on a hand-off is rejected", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("H1", "d31_handoff"), "no_answer")},
                             0.5);
  CHECK(report.rejected == 1);
  CHECK(night.task("H1", "d31_handoff").state == "listed");
}

TEST_CASE("record: a disposition without reached is rejected", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("C1", "d4_call"), "no_answer", "wait")},
                             0.5);
  CHECK(report.rejected == 1);
  CHECK(night.task("C1", "d4_call").state == "listed");
  CHECK(night.vehicle("C1", "mark").empty());
}

TEST_CASE("record: a callback without its date is rejected", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("C1", "d4_call"), "reached", "callback")},
                             0.5);
  CHECK(report.rejected == 1);
  CHECK(night.task("C1", "d4_call").state == "listed");
}

TEST_CASE("record: a satisfaction of 6 is rejected", "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("C1", "d4_call"), "reached", "wait", "", "6")},
                             0.5);
  CHECK(report.rejected == 1);
  CHECK(night.task("C1", "d4_call").state == "listed");
}

TEST_CASE("record: a satisfaction from 1 to 5 is kept", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  night.record(kNextNight, {outcome(id, "reached", "wait", "", "5")});
  auto stored = TaskStore(night.db).outcome(id, 1);
  REQUIRE(stored);
  CHECK(stored->satisfaction == 5);
}

TEST_CASE("record: a conflicting second outcome in one file is rejected", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  auto report = night.record(kNextNight,
                             {outcome(id, "no_answer"), outcome(id, "reached", "wait")}, 0.5);
  CHECK(report.applied == 1);
  CHECK(report.rejected == 1);
  REQUIRE(report.reject_messages.size() == 1);
  auto file = (night.dir / "outcomes-1.csv").string();
  CHECK(report.reject_messages[0].rfind(file + ":3:", 0) == 0);
  CHECK(report.reject_messages[0].find("line 2") != std::string::npos);
  CHECK(night.task("C1", "d4_call").state == "retry");
}

TEST_CASE("record: an identical line twice in one file is applied once", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  auto report = night.record(kNextNight, {outcome(id, "no_answer"), outcome(id, "no_answer")});
  CHECK(report.applied == 1);
  CHECK(report.repeated == 1);
  CHECK(report.rejected == 0);
  CHECK(night.task("C1", "d4_call").misses == 1);
}

TEST_CASE("record: an outcome identical to one recorded before is a no-op", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  night.record(kNextNight, {outcome(id, "no_answer")});
  // Another file (another line in it) repeating the same outcome.
  auto report = night.record(kNextNight, {outcome(id, "no_answer"),
                                          outcome(night.task_id("S1", "d0_sms"), "delivered")});
  CHECK(report.repeated == 1);
  CHECK(report.applied == 1);
  CHECK(report.rejected == 0);
  auto task = night.task("C1", "d4_call");
  CHECK(task.misses == 1);
  CHECK(task.state == "retry");
  CHECK(night.count("SELECT count(*) FROM outcome") == 2);
}

TEST_CASE("record: an outcome conflicting with one recorded before is rejected", "[record]") {
  Night night;
  auto id = night.task_id("C1", "d4_call");
  night.record(kNextNight, {outcome(id, "reached", "wait")});
  auto report = night.record(kNextNight, {outcome(id, "reached", "never"),
                                          outcome(night.task_id("S1", "d0_sms"), "delivered")},
                             0.5);
  CHECK(report.rejected == 1);
  CHECK(night.vehicle("C1", "delisted_on").empty());
}

TEST_CASE("record: the same file recorded twice changes nothing", "[record]") {
  Night night;
  auto file = night.write_outcomes({outcome(night.task_id("C1", "d4_call"), "no_answer")});
  night.record_file(file, kNextNight);
  auto before = night.task_states();
  auto report = night.record_file(file, kNextNight);
  CHECK(report.same_file_again);
  CHECK(report.applied == 0);
  CHECK(night.task_states() == before);
  CHECK(night.count("SELECT count(*) FROM record_log") == 1);
  CHECK(night.count("SELECT count(*) FROM outcome") == 1);
}

TEST_CASE("record: more than 10% invalid lines refuse the file and record nothing",
          "[record]") {
  Night night;
  auto before = night.task_states();
  // 1 valid line of 2: 50% invalid.
  try {
    night.record(kNextNight, {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome("T0000000000000000", "delivered")});
    FAIL("the file was recorded");
  } catch (const ownercare::InputError& error) {
    CHECK(error.code() == ownercare::ExitCode::refused);
  }
  CHECK(night.task_states() == before);
  CHECK(night.count("SELECT count(*) FROM outcome") == 0);
  CHECK(night.count("SELECT count(*) FROM record_log") == 0);
  CHECK(std::filesystem::exists(night.dir / "outcomes-1.rejects.csv"));
}

TEST_CASE("record: a refused file is refused again, not taken as recorded", "[record]") {
  Night night;
  auto file = night.write_outcomes({outcome(night.task_id("S1", "d0_sms"), "delivered"),
                                    outcome("T0000000000000000", "delivered")});
  CHECK_THROWS_AS(night.record_file(file, kNextNight), ownercare::InputError);
  CHECK_THROWS_AS(night.record_file(file, kNextNight), ownercare::InputError);
}

// --- the words call centres write (issue 9) --------------------------------------------------

TEST_CASE("record: Chinese results and dispositions act as ownercare's own names",
          "[record]") {
  Night night;
  auto report = night.record(kNextNight, {outcome(night.task_id("C1", "d4_call"), "无人接听"),
                                          outcome(night.task_id("C2", "d4_call"), "已接通",
                                                  "永不出租"),
                                          outcome(night.task_id("C3", "d4_call"), "正在开车"),
                                          outcome(night.task_id("C4", "d4_call"), "空号"),
                                          outcome(night.task_id("S1", "d0_sms"), "已送达"),
                                          outcome(night.task_id("S2", "d0_sms"), "发送失败"),
                                          outcome(night.task_id("H1", "d31_handoff"), "已完成")});
  CHECK(report.rejected == 0);
  CHECK(report.applied == 7);
  CHECK(report.delisted == 1);
  CHECK(night.task("C1", "d4_call").state == "retry");
  CHECK(night.task("C1", "d4_call").misses == 1);
  CHECK(night.task("C2", "d4_call").state == "done");
  CHECK(night.vehicle("C2", "delisted_on") == kNextNight.iso());
  CHECK(night.task("C3", "d4_call").state == "retry");
  CHECK(night.task("C3", "d4_call").reason == "customer was driving");
  CHECK(night.task("C4", "d4_call").state == "unreached");
  CHECK(night.task("S1", "d0_sms").state == "delivered");
  CHECK(night.task("S2", "d0_sms").state == "failed");
  CHECK(night.task("H1", "d31_handoff").state == "done");
  // What is stored is ownercare's name, whatever the file said.
  CHECK(night.count("SELECT count(*) FROM outcome WHERE result = 'reached' AND disposition = "
                    "'never'") == 1);
  CHECK(night.count("SELECT count(*) FROM outcome WHERE result = 'reached' AND disposition = "
                    "'driving'") == 1);
}

TEST_CASE("record: a value map's codes are read, the built-in words too", "[record]") {
  Night night;
  auto report = night.record_file(
      night.write_outcomes({outcome(night.task_id("C1", "d4_call"), "NA"),
                            outcome(night.task_id("C2", "d4_call"), "DNC"),
                            outcome(night.task_id("C3", "d4_call"), "占线")}),
      kNextNight, 0.10, {{"na", "no_answer"}, {"dnc", "do_not_call"}});
  CHECK(report.rejected == 0);
  CHECK(report.do_not_call == 1);
  CHECK(night.task("C1", "d4_call").state == "retry");
  CHECK(night.task("C2", "d4_call").last_result == "reached");
  CHECK(night.task("C2", "d4_call").last_disposition == "do_not_call");
  CHECK(night.task("C3", "d4_call").reason == "busy");
}

TEST_CASE("record: a disposition that does not fit, written in the result cell, is located "
          "there",
          "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "delivered"),
                              outcome(night.task_id("C1", "d4_call"), "满意")},
                             0.5);
  CHECK(report.rejected == 1);
  REQUIRE(report.reject_messages.size() == 1);
  auto file = (night.dir / "outcomes-1.csv").string();
  CHECK(report.reject_messages[0] ==
        file + ":3:2: result: \"满意\" (satisfied) does not apply to fleet tasks (use relist, "
               "wait, never, callback, do_not_call, driving)");
  CHECK(night.task("C1", "d4_call").state == "listed");
}

TEST_CASE("record: an unknown word is rejected on its line, the others are applied",
          "[record]") {
  Night night;
  auto report = night.record(kNextNight,
                             {outcome(night.task_id("S1", "d0_sms"), "已送达"),
                              outcome(night.task_id("C1", "d4_call"), "已挂机")},
                             0.5);
  CHECK(report.applied == 1);
  CHECK(report.rejected == 1);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find("outcomes-1.csv:3:2: result: \"已挂机\" is not one of ") !=
        std::string::npos);
  CHECK(night.task("C1", "d4_call").state == "listed");
}
