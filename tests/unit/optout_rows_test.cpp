// Unit tests of ingest/optout_rows and store/optout_store: the columns of a do-not-contact list
// with their Chinese header names, channel and action words, the unsubscribe replies, the row
// parser's rejects (line, column, reason), and which phones a night finds opted out.
#include "ownercare/ingest/optout_rows.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "ownercare/csv/reader.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/fleet_store.hpp"
#include "ownercare/store/optout_store.hpp"
#include "ownercare/store/task_store.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::ingest::OptOutRow;
using ownercare::ingest::OptOutRowParser;
using ownercare::ingest::Reject;
using ownercare::ingest::Rejects;
using ownercare::ingest::unsubscribe_word;

namespace {

const Date kAsOf(2026, 3, 1);

struct Parsed {
  bool ok = false;
  OptOutRow row;
  std::vector<Reject> rejects;
};

// Parses the second record of a CSV text (the first is its header).
Parsed parse_second_record(const std::string& text) {
  std::istringstream in(text);
  ownercare::csv::Reader reader(in, "list.csv");
  ownercare::csv::Record record;
  REQUIRE(reader.next(record));
  auto header = ownercare::csv::HeaderMap::match(record, ownercare::ingest::optout_columns(),
                                                 "list.csv");
  REQUIRE(reader.next(record));
  Rejects rejects("list.csv");
  OptOutRowParser parser(header, kAsOf, rejects);
  Parsed parsed;
  parsed.ok = parser.parse(record, parsed.row);
  parsed.rejects = rejects.all();
  return parsed;
}

}  // namespace

TEST_CASE("an opt-out row with Chinese headers and words", "[optouts]") {
  auto parsed = parse_second_record("手机号码,渠道,日期,原因,操作\n"
                                    "+86 138-1234-0001,短信,2026/02/27,客户回复退订,新增\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.row.kind == OptOutRow::Kind::opt_out);
  CHECK(parsed.row.phone == "13812340001");
  CHECK(parsed.row.channels == std::vector<std::string>{"sms"});
  CHECK(parsed.row.on == Date(2026, 2, 27));
  CHECK_FALSE(parsed.row.lift);
  CHECK(parsed.row.reason == "客户回复退订");
  CHECK(parsed.row.line == 2);
}

TEST_CASE("an empty channel means SMS and calls, an empty date the list's date", "[optouts]") {
  auto parsed = parse_second_record("联系电话,类型,退订时间\n13812340001,,\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.row.channels == std::vector<std::string>{"sms", "call"});
  CHECK(parsed.row.on == kAsOf);
}

TEST_CASE("外呼 is the call channel, 解除 lifts, a landline may be listed", "[optouts]") {
  auto parsed = parse_second_record("电话,渠道,操作\n010-62345678,外呼,解除\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.row.phone == "01062345678");
  CHECK(parsed.row.channels == std::vector<std::string>{"call"});
  CHECK(parsed.row.lift);
}

TEST_CASE("a reply file: unsubscribe words opt out of SMS, other replies are ignored",
          "[optouts]") {
  auto parsed = parse_second_record("手机号码,回复内容,回复时间\n13812340001,td。,2026-03-01 23:59\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.row.kind == OptOutRow::Kind::opt_out);
  CHECK(parsed.row.channels == std::vector<std::string>{"sms"});
  CHECK(parsed.row.on == kAsOf);
  CHECK(parsed.row.reason == "td。");
  parsed = parse_second_record("手机号码,回复内容\nnot a phone,好的\n");
  REQUIRE(parsed.ok);  // the phone of an ignored reply is not even read
  CHECK(parsed.row.kind == OptOutRow::Kind::ignored_reply);
  CHECK(parsed.rejects.empty());
}

TEST_CASE("the unsubscribe words", "[optouts]") {
  for (const char* word : {"T", "t", "TD", " td ", "退订", "退订！", "退定", "退", "TD."}) {
    INFO(word);
    CHECK(unsubscribe_word(word));
  }
  for (const char* word : {"", "N", "好的", "退订了吗我想问一下", "TDD", "1"}) {
    INFO(word);
    CHECK_FALSE(unsubscribe_word(word));
  }
}

TEST_CASE("opt-out rows are rejected with their column and reason", "[optouts]") {
  struct Case {
    std::string csv;
    std::uint64_t column;
    std::string field;
    std::string reason;
  };
  for (const auto& item : std::vector<Case>{
           {"phone,channel\n,sms\n", 1, "phone", "is empty"},
           {"phone,channel\n12345,sms\n", 1, "phone",
            "\"12345\" is not a mobile or landline number"},
           {"phone,channel\n13812340001,fax\n", 2, "channel",
            "\"fax\" is not one of sms (短信), call (电话, 外呼), all (全部)"},
           {"channel,phone,action\nsms,13812340001,delete\n", 3, "action",
            "\"delete\" is not one of add (新增), lift (解除)"},
           {"phone,date\n13812340001,2026-03-03\n", 2, "date",
            "2026-03-03 is more than a day after the list's date 2026-03-01"},
           {"phone,date\n13812340001,3/1\n", 2, "date", "\"3/1\" is not a date (YYYY-MM-DD)"},
       }) {
    INFO(item.csv);
    auto parsed = parse_second_record(item.csv);
    CHECK_FALSE(parsed.ok);
    REQUIRE(parsed.rejects.size() == 1);
    CHECK(parsed.rejects[0].line == 2);
    CHECK(parsed.rejects[0].column == item.column);
    CHECK(parsed.rejects[0].field == item.field);
    CHECK(parsed.rejects[0].reason == item.reason);
  }
}

TEST_CASE("a date one day after the list's date is accepted", "[optouts]") {
  // An SMS platform's export taken after midnight holds replies of the next day.
  auto parsed = parse_second_record("phone,date\n13812340001,2026-03-02 00:10\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.row.on == Date(2026, 3, 2));
}

TEST_CASE("a night sees a phone's latest opt-out event on or before its date", "[optouts]") {
  using namespace ownercare::store;
  ownercare::test::TempDir dir;
  auto db = Database::open(dir / "test.db", OpenMode::create);
  ImportLogLine log;
  log.kind = "optouts";
  log.as_of = kAsOf;
  log.file_name = "list.csv";
  auto import_id = insert_import_log(db, log);
  OptOutWriter writer(db);
  auto event = [&](const char* phone, const char* channel, Date on, bool lift) {
    return writer.record(OptOutEvent{phone, channel, on, lift, "", import_id, 2});
  };
  CHECK(event("13812340001", "sms", Date(2026, 3, 5), false));
  CHECK(event("13812340001", "sms", Date(2026, 3, 10), true));
  CHECK(event("13812340002", "call", Date(2026, 3, 1), false));
  // Recorded again (an old list imported again): nothing new, the lift still stands.
  CHECK_FALSE(event("13812340001", "sms", Date(2026, 3, 5), false));
  TaskStore tasks(db);
  using Found = std::map<std::string, std::set<std::string>, std::less<>>;
  CHECK(tasks.suppressions_on(Date(2026, 3, 4)) == Found{{"13812340002", {"call"}}});
  CHECK(tasks.suppressions_on(Date(2026, 3, 5)) ==
        Found{{"13812340001", {"sms"}}, {"13812340002", {"call"}}});
  CHECK(tasks.suppressions_on(Date(2026, 3, 9)).count("13812340001") == 1);
  CHECK(tasks.suppressions_on(Date(2026, 3, 10)) == Found{{"13812340002", {"call"}}});
  // A new opt-out after the lift holds again; the suppression table's rows always count.
  CHECK(event("13812340001", "sms", Date(2026, 3, 20), false));
  tasks.suppress("13812340003", "call", Date(2026, 3, 1), "do_not_call", "");
  auto found = tasks.suppressions_on(Date(2026, 3, 20));
  CHECK(found == Found{{"13812340001", {"sms"}}, {"13812340002", {"call"}},
                       {"13812340003", {"call"}}});
}
