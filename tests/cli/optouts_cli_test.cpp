// ownercare-import --kind optouts run for real: a GB18030 list with Chinese headers suppresses
// its phones from each row's date on (not before), for SMS or for SMS and calls; a phone
// missing from a later list stays suppressed until a lift row; an SMS platform's reply file;
// a bad row named by line and column; the summary line; a repeat that writes nothing.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/dealer_support.hpp"

namespace ownercare::test {
namespace {

RunResult import_optouts(const Workspace& ws, const std::string& date, const std::string& file,
                         const std::string& text) {
  ws.write(file, text);
  return ws.run("ownercare-import",
                {"--db", Workspace::db, "--kind", "optouts", "--as-of", date, file});
}

// The subject ids of a night's file ("sms.csv", "calls.csv").
std::set<std::string> subjects_in(const Workspace& ws, const std::string& date,
                                  const std::string& file) {
  std::set<std::string> ids;
  auto rows = read_csv(ws / "out" / date / file);
  for (std::size_t i = 1; i < rows.size(); ++i) ids.insert(rows[i][2]);
  return ids;
}

std::string in_db(const Workspace& ws, const std::string& sql) {
  return query_db(ws / Workspace::db, sql);
}

// Three owners whose cars went offline on 2026-03-01: the cadence sends SMS on days 0, 3, 7,
// 15 and 30 (03-01, 03-04, 03-08, 03-16, 03-31) and calls on day 4 (03-05).
void offline_fleet(const Workspace& ws) {
  require_success(ws.import_fleet(
      "2026-03-01",
      fleet_csv({fleet_row("FA", "京N12341", "张伟", "13812340001", -1, "2026-03-01"),
                 fleet_row("FB", "京N12342", "李娜", "13912340002", -1, "2026-03-01"),
                 fleet_row("FC", "京N12343", "王强", "13712340003", -1, "2026-03-01")})));
  require_success(ws.evaluate("2026-03-01"));
}

// 手机号码,渠道,退订时间,原因 in GB18030, as Excel writes it on a Chinese Windows:
//   13812340001,短信,2026-03-05,回复TD     FA's phone: no SMS from 03-05
//   139-1234-0002,全部,2026-03-02,客户要求  FB's phone: nothing from 03-02
const std::string kGbHeader =
    "\xCA\xD6\xBB\xFA\xBA\xC5\xC2\xEB,\xC7\xFE\xB5\xC0,\xCD\xCB\xB6\xA9\xCA\xB1\xBC\xE4,"
    "\xD4\xAD\xD2\xF2\r\n";
const std::string kGbList = kGbHeader +
                            "13812340001,\xB6\xCC\xD0\xC5,2026-03-05,\xBB\xD8\xB8\xB4"
                            "TD\r\n"
                            "139-1234-0002,\xC8\xAB\xB2\xBF,2026-03-02,"
                            "\xBF\xCD\xBB\xA7\xD2\xAA\xC7\xF3\r\n";

}  // namespace

TEST_CASE("a GB18030 opt-out list suppresses its phones from each row's date, not before",
          "[cli][optouts]") {
  Workspace ws;
  offline_fleet(ws);
  CHECK(subjects_in(ws, "2026-03-01", "sms.csv") == std::set<std::string>{"FA", "FB", "FC"});
  auto result = import_optouts(ws, "2026-03-08", "optouts.csv", kGbList);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "optouts.csv: optouts 2026-03-08: 2 rows, 2 opted out, 0 lifted, 0 already recorded, "
        "0 replies ignored, 0 rejected\n");
  CHECK(in_db(ws, "SELECT group_concat(channel || ' ' || on_date || ' ' || reason, '; ') FROM "
                  "(SELECT * FROM optout WHERE phone = '13912340002' ORDER BY channel)") ==
        "call 2026-03-02 客户要求; sms 2026-03-02 客户要求");

  // 03-04, day 3: FA's opt-out starts on 03-05, so FA still gets its SMS; FB's started 03-02.
  require_success(ws.evaluate("2026-03-04"));
  CHECK(subjects_in(ws, "2026-03-04", "sms.csv") == std::set<std::string>{"FA", "FC"});
  CHECK(in_db(ws, "SELECT state, reason FROM task WHERE subject_id = 'FB' AND step = 'd3_sms'") ==
        "suppressed|opted out of SMS");
  // 03-05, day 4: FA opted out of SMS only and is called; FB opted out of everything.
  require_success(ws.evaluate("2026-03-05"));
  CHECK(subjects_in(ws, "2026-03-05", "calls.csv") == std::set<std::string>{"FA", "FC"});
  CHECK(in_db(ws, "SELECT state, reason FROM task WHERE subject_id = 'FB' AND step = 'd4_call'") ==
        "suppressed|do not call");
  // 03-08, day 7: now FA's opt-out holds too.
  require_success(ws.evaluate("2026-03-08"));
  CHECK(subjects_in(ws, "2026-03-08", "sms.csv") == std::set<std::string>{"FC"});
}

TEST_CASE("a phone missing from a later list stays suppressed; a lift row lifts it",
          "[cli][optouts]") {
  Workspace ws;
  offline_fleet(ws);
  require_success(import_optouts(ws, "2026-03-02", "optouts-1.csv",
                                 "phone,channel,date\n13812340001,sms,2026-03-02\n"));
  // The next day's list no longer has FA's phone: that changes nothing.
  auto result = import_optouts(ws, "2026-03-03", "optouts-2.csv",
                               "phone,channel,date\n13712349999,call,2026-03-03\n");
  CHECK(result.exit_code == 0);
  require_success(ws.evaluate("2026-03-04"));
  CHECK(subjects_in(ws, "2026-03-04", "sms.csv") == std::set<std::string>{"FB", "FC"});
  // 操作 = 解除 from 03-10: the day-15 SMS (03-16) goes to FA again.
  result = import_optouts(ws, "2026-03-10", "optouts-3.csv",
                          "phone,channel,date,\xE6\x93\x8D\xE4\xBD\x9C\n"
                          "13812340001,sms,2026-03-10,\xE8\xA7\xA3\xE9\x99\xA4\n");
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "optouts-3.csv: optouts 2026-03-10: 1 row, 0 opted out, 1 lifted, 0 already recorded, "
        "0 replies ignored, 0 rejected\n");
  require_success(ws.evaluate("2026-03-08"));
  CHECK(subjects_in(ws, "2026-03-08", "sms.csv") == std::set<std::string>{"FB", "FC"});
  require_success(ws.evaluate("2026-03-16"));
  CHECK(subjects_in(ws, "2026-03-16", "sms.csv") == std::set<std::string>{"FA", "FB", "FC"});
}

TEST_CASE("an SMS platform's reply file opts out the unsubscribe replies only",
          "[cli][optouts]") {
  Workspace ws;
  offline_fleet(ws);
  // 手机号码,回复内容,回复时间
  auto result = import_optouts(ws, "2026-03-02", "replies.csv",
                               "手机号码,回复内容,回复时间\n"
                               "13812340001,TD,2026-03-02 10:15:00\n"
                               "13912340002,好的谢谢,2026-03-02 10:20:00\n"
                               "13712340003,退订,2026-03-02 11:00:00\n");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "replies.csv: optouts 2026-03-02: 3 rows, 2 opted out, 0 lifted, 0 already recorded, "
        "1 reply ignored, 0 rejected\n");
  require_success(ws.evaluate("2026-03-04"));
  CHECK(subjects_in(ws, "2026-03-04", "sms.csv") == std::set<std::string>{"FB"});
  require_success(ws.evaluate("2026-03-05"));
  CHECK(subjects_in(ws, "2026-03-05", "calls.csv") == std::set<std::string>{"FA", "FB", "FC"});
}

TEST_CASE("a bad opt-out row is rejected naming its line and column", "[cli][optouts]") {
  Workspace ws;
  std::string csv = "phone,channel,date\n";
  for (int i = 1; i <= 10; ++i) csv += "1381234000" + std::to_string(i % 10) + ",sms,\n";
  csv += "13812340011,fax,2026-03-01\n";
  auto result = import_optouts(ws, "2026-03-01", "optouts.csv", csv);
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-import: rejected: optouts.csv:12:2: channel: \"fax\" is not one of sms (短信), "
        "call (电话, 外呼), all (全部)\n"
        "ownercare-import: 1 rejected row written to optouts.rejects.csv\n");
  CHECK(result.out ==
        "optouts.csv: optouts 2026-03-01: 11 rows, 10 opted out, 0 lifted, 0 already recorded, "
        "0 replies ignored, 1 rejected\n");
  // A date more than a day after the list's, and a phone that is no phone.
  result = import_optouts(ws, "2026-03-01", "bad.csv",
                          "phone,date\n13812340001,2026-03-05\n12345,2026-03-01\n");
  CHECK(result.exit_code == 3);
  CHECK_THAT(result.err,
             Catch::Contains("bad.csv:2:2: date: 2026-03-05 is more than a day after the "
                             "list's date 2026-03-01\n") &&
                 Catch::Contains("bad.csv:3:1: phone: \"12345\" is not a mobile or landline "
                                 "number\n"));
  CHECK(in_db(ws, "SELECT count(*) FROM optout") == "10");
}

TEST_CASE("importing the same opt-out list again writes nothing", "[cli][optouts]") {
  Workspace ws;
  require_success(import_optouts(ws, "2026-03-01", "optouts.csv",
                                 "phone\n13812340001\n13812340002\n"));
  auto result = import_optouts(ws, "2026-03-01", "optouts.csv",
                               "phone\n13812340001\n13812340002\n");
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "optouts.csv: optouts 2026-03-01: 2 rows, 0 opted out, 0 lifted, 2 already recorded, "
        "0 replies ignored, 0 rejected\n");
  CHECK(in_db(ws, "SELECT count(*) FROM import_log WHERE kind = 'optouts'") == "1");
  // No channel column: all channels, from the list's date.
  CHECK(in_db(ws, "SELECT group_concat(channel || ' ' || on_date) FROM optout WHERE phone = "
                  "'13812340001'") == "call 2026-03-01,sms 2026-03-01");
}

TEST_CASE("export optouts lists the rows of the lists with their file and line",
          "[cli][optouts][export]") {
  Workspace ws;
  offline_fleet(ws);
  require_success(import_optouts(ws, "2026-03-08", "optouts.csv", kGbList));
  auto rows = parse_csv(ws.export_table("optouts").out);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{"phone", "channel", "on_date", "action", "reason",
                                            "file_name", "line"});
  CHECK(rows[1] == std::vector<std::string>{"13812340001", "sms", "2026-03-05", "add", "回复TD",
                                            "optouts.csv", "2"});
  CHECK(rows[2][0] == "13912340002");
  CHECK(parse_csv(ws.export_table("optouts", {"--subject", "FB"}).out).size() == 3);
  CHECK(parse_csv(ws.export_table("optouts", {"--subject", "13812340001"}).out).size() == 2);
}

TEST_CASE("rules check warns where a marketing SMS has no opt-out instruction",
          "[cli][optouts][rules]") {
  Workspace ws;
  ws.copy_rules("rules");
  ws.write("rules/extra.toml",
           "[defaults]\n"
           "signature = \"【享车管家】\"\n"
           "\n"
           "[[rule]]\n"
           "name = \"greeting\"\n"
           "subject = \"fleet\"\n"
           "anchor = \"episode_start\"\n"
           "\n"
           "[[rule.step]]\n"
           "name = \"d1_sms\"\n"
           "day = 1\n"
           "channel = \"sms\"\n"
           "text = \"您好\"\n"
           "\n"
           "[[rule.step]]\n"
           "name = \"d2_sms\"\n"
           "day = 2\n"
           "channel = \"sms\"\n"
           "marketing = false\n"
           "text = \"您的车辆已恢复出租\"\n");
  auto result = ws.run("ownercare-rules", {"check", "rules"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "ownercare-rules: warning: rules/extra.toml:13:8: rule \"greeting\" step \"d1_sms\" is a "
        "marketing SMS without an opt-out instruction: set opt_out = \"回T退订\" in [defaults] "
        "(or marketing = false for a service message)\n");
}

TEST_CASE("the shipped marketing SMS end with 回T退订; the SMS callback does not",
          "[cli][optouts]") {
  Workspace ws;
  offline_fleet(ws);
  auto rows = read_csv(ws / "out/2026-03-01/sms.csv");
  REQUIRE(rows.size() == 4);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CHECK_THAT(rows[i][6], Catch::StartsWith("【享车管家】") && Catch::EndsWith("。回T退订"));
  }
  auto timeline = ws.run("ownercare-rules", {"timeline", (source_dir() / "rules").string(),
                                             "service_callback"});
  CHECK(timeline.exit_code == 0);
  CHECK_THAT(timeline.out, !Catch::Contains("退订"));
}

}  // namespace ownercare::test
