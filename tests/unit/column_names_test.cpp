// The Chinese header names of the files people read (emit/column_names.hpp): one for every
// column of calls.csv, handoff.csv and delist.csv, none for sms.csv, English by default, and
// a call list with Chinese headers read back by ownercare-record as the English one would be.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "ownercare/csv/header.hpp"
#include "ownercare/emit/column_names.hpp"
#include "ownercare/emit/output_folder.hpp"
#include "ownercare/outcomes/record.hpp"

namespace {

using ownercare::emit::HeaderLanguage;

const std::vector<std::string> kPeoplesFiles = {"calls", "handoff", "delist"};

}  // namespace

TEST_CASE("column names: every column of the people's files has one Chinese name",
          "[column_names]") {
  for (const auto& key : kPeoplesFiles) {
    const auto& spec = ownercare::emit::output_file(key);
    std::set<std::string> seen;
    for (const auto& column : spec.columns) {
      INFO(key << "." << column);
      auto heading = ownercare::emit::chinese_heading(key, column);
      REQUIRE(heading.has_value());
      CHECK(heading->find_first_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
      CHECK(seen.insert(*heading).second);  // two columns of one file never share a name
    }
  }
}

TEST_CASE("column names: the calls header in Chinese, in the contract's order", "[column_names]") {
  const auto& spec = ownercare::emit::output_file("calls");
  auto row = ownercare::emit::header_row("calls", spec.columns, HeaderLanguage::chinese);
  CHECK(row == std::vector<std::string>{"任务编号", "对象类型", "对象编号", "规则", "步骤",
                                        "第几次", "外呼时段", "客户姓名", "电话", "其他电话",
                                        "负责团队", "外呼原因", "拨打前须知"});
}

TEST_CASE("column names: English is the contract's names, and sms.csv never changes",
          "[column_names]") {
  for (const auto& spec : ownercare::emit::output_files()) {
    INFO(spec.key);
    CHECK(ownercare::emit::header_row(spec.key, spec.columns, HeaderLanguage::english) ==
          spec.columns);
  }
  const auto& sms = ownercare::emit::output_file("sms");
  CHECK(ownercare::emit::header_row("sms", sms.columns, HeaderLanguage::chinese) == sms.columns);
  CHECK_FALSE(ownercare::emit::chinese_heading("sms", "task_id").has_value());
}

TEST_CASE("column names: en and zh are the only languages", "[column_names]") {
  CHECK(ownercare::emit::parse_header_language("en") == HeaderLanguage::english);
  CHECK(ownercare::emit::parse_header_language("zh") == HeaderLanguage::chinese);
  CHECK_FALSE(ownercare::emit::parse_header_language("ZH").has_value());
  CHECK_FALSE(ownercare::emit::parse_header_language("cn").has_value());
  CHECK_FALSE(ownercare::emit::parse_header_language("").has_value());
}

// A call centre that sends calls.csv (or handoff.csv) back as its outcomes file, a result
// column added: ownercare-record must find task_id (and attempt) under their Chinese names,
// and read no other Chinese name as one of its columns.
TEST_CASE("column names: ownercare-record reads a Chinese call list's columns as its own",
          "[column_names]") {
  auto key = GENERATE(as<std::string>{}, "calls", "handoff");
  INFO(key);
  const auto& spec = ownercare::emit::output_file(key);
  auto cells = ownercare::emit::header_row(key, spec.columns, HeaderLanguage::chinese);
  cells.push_back("结果");
  ownercare::csv::Record header;
  for (const auto& cell : cells) header.fields.push_back(cell);
  header.line = 1;
  const auto& outcome_columns = ownercare::outcomes::outcome_columns();
  auto map = ownercare::csv::HeaderMap::match(header, outcome_columns, "calls.csv");
  for (std::size_t index = 0; index < outcome_columns.size(); ++index) {
    const auto& name = outcome_columns[index].name;
    INFO(name);
    auto position = map.position(index);
    if (name == "result") {
      CHECK(position == spec.columns.size());
      continue;
    }
    bool in_file = std::find(spec.columns.begin(), spec.columns.end(), name) != spec.columns.end();
    CHECK(position.has_value() == in_file);
    if (position && *position < spec.columns.size()) CHECK(spec.columns[*position] == name);
  }
}
