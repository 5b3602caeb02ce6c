// Chinese headers for the files people read (`--headers zh`, config `headers = "zh"`), run
// for real: ownercare-evaluate's calls.csv, handoff.csv and delist.csv, never sms.csv; the
// report's CSV tables; ownercare-nightly passing the config's choice on; the default byte for
// byte as before; a re-run of a stored night under other headers (the same rows, summary.json's
// digests true to the files on disk); a Chinese call list sent back to ownercare-record; and
// the refusals of a bad value, from the flag or from the config.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "ownercare/core/sha256.hpp"
#include "ownercare/csv/writer.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

// FC1 offline today (d0 SMS), FC2 four days (d4 call), FC3 31 days (d31 hand-off).
std::string first_night_snapshot() {
  return fleet_csv({fleet_row("FC1", "京N12346", "张伟", "13812340001", -1, "2026-03-01"),
                    fleet_row("FC2", "京Q58K21", "李娜", "13912340002", -1, "2026-02-25"),
                    fleet_row("FC3", "沪A7D352", "王强", "13712340003", -1, "2026-01-29")});
}

const std::vector<std::string> kCsvFiles = {"sms.csv", "calls.csv", "handoff.csv", "delist.csv"};

const std::vector<std::string> kCallsZh = {"任务编号", "对象类型", "对象编号", "规则",
                                           "步骤",     "第几次",   "外呼时段", "客户姓名",
                                           "电话",     "其他电话", "负责团队", "外呼原因",
                                           "拨打前须知"};
const std::vector<std::string> kHandoffZh = {
    "任务编号", "对象类型", "对象编号",     "规则",         "步骤",
    "车牌号",   "出租状态", "状态天数",     "已发短信",     "已打电话",
    "最近外呼结果", "状态说明", "状态开始日期", "城市", "经过"};
const std::vector<std::string> kDelistZh = {"车辆编号", "车牌号", "下架日期", "下架原因"};
const std::vector<std::string> kSmsEn = {"task_id", "subject_kind", "subject_id",
                                         "rule",    "step",         "phone",
                                         "text",    "segments",     "send_at"};

std::string day_file(const Workspace& ws, const std::string& name) {
  return ws.read("out/2026-03-01/" + name);
}

// The text after the header line.
std::string rows_of(const std::string& text) { return text.substr(text.find('\n') + 1); }

// The sha256 summary.json gives for `name`.
std::string summary_digest(const std::string& summary, const std::string& name) {
  auto at = summary.find("\"" + name + "\"");
  REQUIRE(at != std::string::npos);
  auto key = summary.find("\"sha256\": \"", at);
  REQUIRE(key != std::string::npos);
  key += 11;
  return summary.substr(key, summary.find('"', key) - key);
}

}  // namespace

TEST_CASE("evaluate --headers zh writes Chinese headers, except sms.csv", "[cli][headers]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-01", {"--headers", "zh"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  auto calls = read_csv(ws / "out/2026-03-01/calls.csv");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0] == kCallsZh);
  CHECK(calls[1][2] == "FC2");  // the rows are the contract's: values untranslated
  CHECK(calls[1][4] == "d4_call");
  auto handoff = read_csv(ws / "out/2026-03-01/handoff.csv");
  REQUIRE(handoff.size() == 2);
  CHECK(handoff[0] == kHandoffZh);
  CHECK(handoff[1][2] == "FC3");
  CHECK(read_csv(ws / "out/2026-03-01/delist.csv") ==
        std::vector<std::vector<std::string>>{kDelistZh});
  auto sms = read_csv(ws / "out/2026-03-01/sms.csv");
  REQUIRE(sms.size() == 2);
  CHECK(sms[0] == kSmsEn);
  // Still what Excel needs: a BOM; still owner-only where phones are.
  CHECK(day_file(ws, "calls.csv").rfind(kBom, 0) == 0);
  CHECK(owner_only(ws / "out/2026-03-01/calls.csv"));
}

TEST_CASE("the default and --headers en write the contract's headers, byte for byte the same",
          "[cli][headers]") {
  Workspace plain;
  Workspace english;
  for (const Workspace* ws : {&plain, &english}) {
    require_success(ws->import_fleet("2026-03-01", first_night_snapshot()));
  }
  require_success(plain.evaluate("2026-03-01"));
  require_success(english.evaluate("2026-03-01", {"--headers", "en"}));
  for (const auto& name : kCsvFiles) {
    INFO(name);
    CHECK(day_file(plain, name) == day_file(english, name));
  }
  CHECK(read_csv(plain / "out/2026-03-01/calls.csv")[0][0] == "task_id");
  CHECK(read_csv(plain / "out/2026-03-01/delist.csv")[0][0] == "subject_id");
}

TEST_CASE("a re-run under other headers writes the same rows, and summary.json stays true",
          "[cli][headers]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  std::vector<std::string> english;
  for (const auto& name : kCsvFiles) english.push_back(day_file(ws, name));

  auto zh = ws.evaluate("2026-03-01", {"--headers", "zh"});
  REQUIRE(zh.exit_code == 0);
  CHECK(zh.out ==
        "2026-03-01: 1 sms, 1 call, 1 hand-off, 0 delistings (written again from the first "
        "run) -> out/2026-03-01\n");
  auto summary = day_file(ws, "summary.json");
  for (std::size_t i = 0; i < kCsvFiles.size(); ++i) {
    const auto& name = kCsvFiles[i];
    INFO(name);
    auto text = day_file(ws, name);
    CHECK(rows_of(text) == rows_of(english[i]));
    CHECK((text == english[i]) == (name == "sms.csv"));
    CHECK(summary_digest(summary, name) == sha256_hex(text));
  }

  // And back: the first run's bytes again.
  require_success(ws.evaluate("2026-03-01"));
  for (std::size_t i = 0; i < kCsvFiles.size(); ++i) {
    INFO(kCsvFiles[i]);
    CHECK(day_file(ws, kCsvFiles[i]) == english[i]);
    CHECK(summary_digest(day_file(ws, "summary.json"), kCsvFiles[i]) == sha256_hex(english[i]));
  }
}

TEST_CASE("headers = \"zh\" in the config gives Chinese headers; the flag wins over it",
          "[cli][headers][config]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  ws.write("conf.toml", "headers = \"zh\"\n");
  require_success(ws.evaluate("2026-03-01", {"--config", "conf.toml"}));
  CHECK(read_csv(ws / "out/2026-03-01/calls.csv")[0] == kCallsZh);
  require_success(ws.evaluate("2026-03-01", {"--config", "conf.toml", "--headers", "en"}));
  CHECK(read_csv(ws / "out/2026-03-01/calls.csv")[0][0] == "task_id");
}

TEST_CASE("evaluate --headers other than en or zh exits 2 naming the flag, writing nothing",
          "[cli][headers]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.evaluate("2026-03-01", {"--headers", "cn"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-evaluate: error: --headers \"cn\" is not one of en (the contract's names), zh "
        "(Chinese names)\n");
  CHECK_FALSE(ws.exists("out"));
  CHECK(split_lines(ws.export_table("tasks").out).size() == 1);  // the header: no task
}

TEST_CASE("a config headers value other than en or zh exits 2 located in the file",
          "[cli][headers][config]") {
  auto tool = GENERATE(as<std::string>{}, "ownercare-evaluate", "ownercare-report");
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  ws.write("conf.toml", "bom = true\nheaders = \"chinese\"\n");
  std::vector<std::string> args = {"--config", "conf.toml", "--db", Workspace::db, "--as-of",
                                   "2026-03-01"};
  if (tool == "ownercare-evaluate") {
    args.insert(args.end(), {"--rules", (source_dir() / "rules").string(), "--out", "out"});
  } else {
    args.insert(args.end(), {"--format", "csv", "--out", "report"});
  }
  auto result = ws.run(tool, args);
  INFO(tool);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == tool +
                          ": error: conf.toml:2:11: \"headers\" must be \"en\" (the contract's "
                          "names) or \"zh\" (Chinese names for people), not \"chinese\"\n");
  CHECK_FALSE(ws.exists("out"));
  CHECK_FALSE(ws.exists("report"));
}

TEST_CASE("report --format csv --headers zh heads every table with its Chinese headings",
          "[cli][headers][report]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01"));
  std::vector<std::string> args = {"--db", Workspace::db, "--as-of", "2026-03-01", "--format",
                                   "csv"};
  auto english = args;
  english.insert(english.end(), {"--out", "en"});
  require_success(ws.run("ownercare-report", english));
  auto chinese = args;
  chinese.insert(chinese.end(), {"--out", "zh", "--headers", "zh"});
  require_success(ws.run("ownercare-report", chinese));
  auto names = folder_entries(ws / "zh");
  CHECK(names == folder_entries(ws / "en"));
  REQUIRE_FALSE(names.empty());
  for (const auto& name : names) {
    INFO(name);
    auto en = ws.read("en/" + name);
    auto zh = ws.read("zh/" + name);
    CHECK(rows_of(zh) == rows_of(en));
    CHECK(zh.rfind(kBom, 0) == 0);
    // No English column name is left in the Chinese header.
    auto header = read_csv(ws / ("zh/" + name))[0];
    for (const auto& cell : header) {
      CHECK(cell.find_first_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
    }
  }
  CHECK(read_csv(ws / "zh/callbacks.csv")[0] ==
        std::vector<std::string>{"经销商", "工单数", "已回访", "覆盖率%", "接通", "成功率%",
                                 "目标%", "未达标", "短信回访"});

  // One table on stdout, from the config's choice.
  ws.write("conf.toml", "headers = \"zh\"\n");
  auto one = args;
  one.insert(one.end(), {"--config", "conf.toml", "--table", "callbacks"});
  auto result = ws.run("ownercare-report", one);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == "经销商,工单数,已回访,覆盖率%,接通,成功率%,目标%,未达标,短信回访\n");
}

TEST_CASE("report --headers other than en or zh exits 2 naming the flag", "[cli][headers][report]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  auto result = ws.run("ownercare-report", {"--db", Workspace::db, "--as-of", "2026-03-01",
                                            "--format", "csv", "--out", "report", "--headers",
                                            "ZH"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-report: error: --headers \"ZH\" is not one of en (the contract's names), zh "
        "(Chinese names)\n");
  CHECK_FALSE(ws.exists("report"));
}

// A call centre that works calls.csv with Chinese headers and sends it back as its outcomes
// file, a result column (结果) added: ownercare-record finds the task ids under 任务编号.
TEST_CASE("ownercare-record reads back a Chinese calls.csv with a result column added",
          "[cli][headers][record]") {
  Workspace ws;
  require_success(ws.import_fleet("2026-03-01", first_night_snapshot()));
  require_success(ws.evaluate("2026-03-01", {"--headers", "zh"}));
  auto calls = read_csv(ws / "out/2026-03-01/calls.csv");
  REQUIRE(calls.size() == 2);
  csv::Writer writer;
  for (auto row : calls) {
    row.push_back(row[0] == "任务编号" ? "结果" : "无人接听");
    writer.row(row);
  }
  ws.write("outcomes.csv", writer.take());
  auto result = ws.run("ownercare-record",
                       {"--db", Workspace::db, "--as-of", "2026-03-02", "outcomes.csv"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("outcomes.csv: 1 line, 1 applied, 0 repeated, 0 "
                                           "rejected;"));
  // The columns record does not read are named once, as for the English file.
  CHECK_THAT(result.err, Catch::Contains("ignoring unknown columns"));
  auto outcomes = parse_csv(ws.export_table("outcomes").out);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[1][0] == calls[1][0]);
  CHECK(outcomes[1][5] == "1");  // the try 第几次 named
  CHECK(outcomes[1][6] == "no_answer");
}

TEST_CASE("ownercare-nightly passes the config's headers on to the night and its report",
          "[cli][headers][nightly]") {
  Workspace ws;
  auto examples = source_dir() / "examples";
  fs::create_directories(ws / "examples" / "inbox");
  for (const char* name : {"fleet-2026-09-26.csv", "sales-2026-09-26.csv",
                           "service-2026-09-26.csv", "members-2026-09-26.csv"}) {
    fs::copy_file(examples / "inbox" / name, ws / "examples" / "inbox" / name);
  }
  ws.copy_rule_files("rules", {"fleet_status.toml", "dealer_care.toml", "warranty.toml",
                               "carwash.toml"});
  // First: a key after the file's last [table] would belong to that table.
  std::string config = "headers = \"zh\"\n" + read_text(examples / "ownercare.toml");
  ws.write("examples/ownercare.toml", config);
  auto result = ws.run("ownercare-nightly", {"--config", "examples/ownercare.toml", "--date",
                                             "2026-09-26"});
  REQUIRE(result.exit_code == 0);
  CHECK(read_csv(ws / "examples/out/2026-09-26/calls.csv")[0] == kCallsZh);
  CHECK(read_csv(ws / "examples/out/2026-09-26/handoff.csv")[0] == kHandoffZh);
  CHECK(read_csv(ws / "examples/out/2026-09-26/sms.csv")[0] == kSmsEn);
  CHECK(read_csv(ws / "examples/reports/2026-09-26/callbacks.csv")[0][0] == "经销商");
}

}  // namespace ownercare::test
