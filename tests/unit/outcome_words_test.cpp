// The words of outcome files (SPEC 3.6): every Chinese word the issue names reads as the
// result or disposition it means, the table is one-to-one, the report's Chinese names read
// back, a value map wins, and a line's two cells combine as documented.
#include "ownercare/outcomes/outcome_words.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

using ownercare::outcomes::chinese_name;
using ownercare::outcomes::LineOutcome;
using ownercare::outcomes::OutcomeKind;
using ownercare::outcomes::outcome_words;
using ownercare::outcomes::read_outcome_cells;
using ownercare::outcomes::translate_outcome_word;

namespace {

// The value `word` reads as ("" when none), with "result:" or "disposition:" in front.
std::string meaning(const std::string& word,
                    const std::map<std::string, std::string>& value_map = {}) {
  auto value = translate_outcome_word(word, value_map);
  if (!value) return "";
  return (value->kind == OutcomeKind::result ? "result:" : "disposition:") + value->value;
}

}  // namespace

TEST_CASE("outcome words: the words call centres and SMS platforms write", "[outcomes]") {
  const std::map<std::string, std::string> expected = {
      {"已送达", "result:delivered"},      {"发送成功", "result:delivered"},
      {"发送失败", "result:failed"},       {"未送达", "result:failed"},
      {"已接通", "result:reached"},        {"接通", "result:reached"},
      {"无人接听", "result:no_answer"},    {"未接", "result:no_answer"},
      {"未接通", "result:no_answer"},      {"关机", "result:no_answer"},
      {"占线", "result:busy"},             {"忙", "result:busy"},
      {"语音信箱", "result:voicemail"},    {"留言", "result:voicemail"},
      {"拒接", "result:refused"},          {"空号", "result:invalid_number"},
      {"错号", "result:invalid_number"},   {"停机", "result:invalid_number"},
      {"查无此人", "result:not_found"},    {"已完成", "result:done"},
      {"满意", "disposition:satisfied"},   {"不满意", "disposition:unsatisfied"},
      {"投诉", "disposition:complaint"},   {"预约", "disposition:appointment"},
      {"回拨", "disposition:callback"},    {"再联系", "disposition:callback"},
      {"勿扰", "disposition:do_not_call"}, {"不要再打", "disposition:do_not_call"},
      {"退订", "disposition:do_not_call"}, {"正在开车", "disposition:driving"},
      {"信息有误", "disposition:wrong_info"}, {"已卖车", "disposition:sold_vehicle"},
      {"再等等", "disposition:wait"},      {"永不出租", "disposition:never"},
      {"重新上架", "disposition:relist"},
  };
  for (const auto& [word, value] : expected) {
    INFO(word);
    CHECK(meaning(word) == value);
  }
}

TEST_CASE("outcome words: ownercare's own names, trimmed and in any ASCII case", "[outcomes]") {
  CHECK(meaning("no_answer") == "result:no_answer");
  CHECK(meaning(" No_Answer ") == "result:no_answer");
  CHECK(meaning("CALLBACK") == "disposition:callback");
  CHECK(meaning(" 无人接听 ") == "result:no_answer");
}

TEST_CASE("outcome words: an unknown word reads as nothing", "[outcomes]") {
  CHECK(meaning("已挂机").empty());
  CHECK(meaning("arrived").empty());
  CHECK(meaning("").empty());
  CHECK(meaning("无人接听了").empty());  // whole words only, no prefix match
}

TEST_CASE("outcome words: no word belongs to two values", "[outcomes]") {
  std::set<std::string> seen;
  for (const auto& entry : outcome_words()) {
    CHECK(seen.insert(std::string(entry.value)).second);
  }
  for (const auto& entry : outcome_words()) {
    REQUIRE_FALSE(entry.words.empty());
    for (auto word : entry.words) {
      INFO(word);
      CHECK(seen.insert(std::string(word)).second);
    }
  }
}

TEST_CASE("outcome words: every Chinese name reads back as its value", "[outcomes]") {
  for (const auto& entry : outcome_words()) {
    INFO(entry.value);
    auto value = translate_outcome_word(chinese_name(entry.value));
    REQUIRE(value);
    CHECK(value->value == entry.value);
  }
  // The headings of the report's unreachable table.
  CHECK(chinese_name("no_answer") == "无人接听");
  CHECK(chinese_name("busy") == "占线");
  CHECK(chinese_name("voicemail") == "语音信箱");
  CHECK(chinese_name("refused") == "拒接");
  CHECK(chinese_name("invalid_number") == "空号错号");
  CHECK(chinese_name("not_found") == "查无此人");
  CHECK(chinese_name("no_such_value") == "no_such_value");
}

TEST_CASE("outcome words: a value map's code wins, compared trimmed and case-folded",
          "[outcomes]") {
  const std::map<std::string, std::string> map = {{"na", "no_answer"},
                                                  {"callbk", "callback"},
                                                  {"满意", "reached"}};
  CHECK(meaning("NA", map) == "result:no_answer");
  CHECK(meaning(" na ", map) == "result:no_answer");
  CHECK(meaning("CALLBK", map) == "disposition:callback");
  CHECK(meaning("满意", map) == "result:reached");
  CHECK(meaning("无人接听", map) == "result:no_answer");  // the built-in words stay
  CHECK(meaning("NA").empty());                          // without the map, NA is unknown
}

namespace {

// "result/disposition[*]" (* when the disposition came from the result cell), or "!" and the
// problem with "disposition: " or "result: " in front.
std::string cells(const std::string& result, const std::string& disposition,
                  const std::string& channel = "call",
                  const std::map<std::string, std::string>& value_map = {}) {
  LineOutcome outcome;
  auto problem = read_outcome_cells({result, disposition}, channel, value_map, outcome);
  if (problem) {
    return std::string("!") + (problem->in_disposition ? "disposition: " : "result: ") +
           problem->reason;
  }
  return outcome.result + "/" + outcome.disposition +
         (outcome.disposition_in_result_cell ? "*" : "");
}

}  // namespace

TEST_CASE("outcome cells: a result and a disposition in their own cells", "[outcomes]") {
  CHECK(cells("已接通", "满意") == "reached/satisfied");
  CHECK(cells("无人接听", "") == "no_answer/");
  CHECK(cells("reached", "callback") == "reached/callback");
  CHECK(cells("已送达", "", "sms") == "delivered/");
}

TEST_CASE("outcome cells: a disposition in the result cell means the customer was reached",
          "[outcomes]") {
  CHECK(cells("满意", "") == "reached/satisfied*");
  CHECK(cells("回拨", "") == "reached/callback*");
  CHECK(cells("退订", "", "sms") == "delivered/do_not_call*");
  CHECK(cells("满意", "", "handoff") == "done/satisfied*");
  // Said twice, or with the result repeated in the disposition cell: the same.
  CHECK(cells("满意", "satisfied") == "reached/satisfied");
  CHECK(cells("满意", "已接通") == "reached/satisfied*");
}

TEST_CASE("outcome cells: a result repeated in the disposition cell is no disposition",
          "[outcomes]") {
  CHECK(cells("无人接听", "无人接听") == "no_answer/");
  CHECK(cells("no_answer", "未接") == "no_answer/");
}

TEST_CASE("outcome cells: what cannot be read names its cell", "[outcomes]") {
  CHECK(cells("", "") == "!result: is empty");
  CHECK(cells("已挂机", "") ==
        "!result: \"已挂机\" is not one of delivered, failed, reached, no_answer, busy, "
        "voicemail, refused, invalid_number, not_found, done (nor a word or code for one; see "
        "the README, Outcomes)");
  CHECK(cells("已接通", "很好") ==
        "!disposition: \"很好\" is not one of relist, wait, never, callback, satisfied, "
        "unsatisfied, complaint, appointment, do_not_call, driving, wrong_info, sold_vehicle "
        "(nor a word or code for one; see the README, Outcomes)");
  CHECK(cells("已接通", "无人接听") ==
        "!disposition: \"无人接听\" is the result no_answer, not a disposition, and the result "
        "says reached");
  CHECK(cells("满意", "不满意") ==
        "!disposition: \"不满意\" is unsatisfied, but the result \"满意\" says satisfied");
}
