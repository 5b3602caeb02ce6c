#include "ownercare/outcomes/outcome_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "ownercare/core/text.hpp"

namespace ownercare::outcomes {

namespace {

std::string join(const std::vector<std::string>& list) {
  std::string text;
  for (const auto& item : list) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::vector<std::string> values_of(OutcomeKind kind) {
  std::vector<std::string> values;
  for (const auto& entry : outcome_words()) {
    if (entry.kind == kind) values.emplace_back(entry.value);
  }
  return values;
}

// The result a disposition written in the result cell stands for: the customer was reached.
std::string contact_result(std::string_view channel) {
  if (channel == "sms") return "delivered";
  if (channel == "handoff") return "done";
  return "reached";
}

const char* const kWordHint = " (nor a word or code for one; see the README, Outcomes)";

}  // namespace

const std::vector<OutcomeWords>& outcome_words() {
  using K = OutcomeKind;
  // 关机 (switched off) and 不在服务区 (out of reach) pass: no_answer, tried again. 停机 (the
  // line is cut off) and 错号 are invalid_number, which stops every message to the number.
  static const std::vector<OutcomeWords> table = {
      {"delivered", K::result, {"已送达", "送达", "发送成功", "成功送达", "送达成功"}},
      {"failed", K::result, {"发送失败", "失败", "未送达", "送达失败"}},
      {"reached", K::result,
       {"已接通", "接通", "已接听", "接听", "通话成功", "成功接通", "联系上", "已联系"}},
      {"no_answer", K::result,
       {"无人接听", "未接", "未接听", "未接通", "无应答", "无人应答", "关机", "不在服务区",
        "无法接通", "暂时无法接通"}},
      {"busy", K::result, {"占线", "忙", "忙线", "用户忙", "通话中"}},
      {"voicemail", K::result, {"语音信箱", "留言", "已留言", "转语音信箱"}},
      {"refused", K::result, {"拒接", "拒绝接听", "拒听", "挂断", "拒访"}},
      {"invalid_number", K::result,
       {"空号错号", "空号", "错号", "号码错误", "停机", "号码无效", "无效号码"}},
      {"not_found", K::result, {"查无此人", "非本人", "不是本人"}},
      {"done", K::result, {"已完成", "完成", "已处理", "处理完成"}},
      {"relist", K::disposition, {"重新上架", "愿意上架", "同意上架", "恢复出租"}},
      {"wait", K::disposition, {"再等等", "暂不上架", "考虑中", "再考虑", "观望"}},
      {"never", K::disposition, {"永不出租", "不再出租", "退出平台"}},
      {"callback", K::disposition,
       {"回拨", "再联系", "稍后联系", "稍后回电", "改天再打", "预约回拨"}},
      {"satisfied", K::disposition, {"满意", "非常满意", "比较满意"}},
      {"unsatisfied", K::disposition, {"不满意", "非常不满意"}},
      {"complaint", K::disposition, {"投诉", "回访投诉"}},
      {"appointment", K::disposition, {"预约", "已预约", "预约到店", "预约成功"}},
      {"do_not_call", K::disposition,
       {"勿扰", "免打扰", "请勿打扰", "不要再打", "不要再打电话", "退订"}},
      {"driving", K::disposition, {"正在开车", "开车中", "在开车", "驾驶中", "开车不便"}},
      {"wrong_info", K::disposition, {"信息有误", "信息错误", "资料有误", "号码变更", "换号"}},
      {"sold_vehicle", K::disposition,
       {"已卖车", "车已卖", "已售车", "车已卖掉", "卖车了", "已转卖", "已过户"}},
  };
  return table;
}

const std::vector<std::string>& known_results() {
  static const std::vector<std::string> results = values_of(OutcomeKind::result);
  return results;
}

const std::vector<std::string>& known_dispositions() {
  static const std::vector<std::string> dispositions = values_of(OutcomeKind::disposition);
  return dispositions;
}

std::optional<OutcomeValue> translate_outcome_word(
    std::string_view text, const std::map<std::string, std::string>& value_map) {
  static const auto index = [] {
    std::unordered_map<std::string, const OutcomeWords*> words;
    for (const auto& entry : outcome_words()) {
      words.emplace(std::string(entry.value), &entry);
      for (auto word : entry.words) words.emplace(std::string(word), &entry);
    }
    return words;
  }();
  text = trim(text);
  std::string folded = ascii_lower(text);
  // Chinese words are untouched by the ASCII case-folding.
  auto mapped = value_map.find(folded);
  auto found = index.find(mapped != value_map.end() ? mapped->second : folded);
  if (found == index.end()) return std::nullopt;
  return OutcomeValue{found->second->kind, std::string(found->second->value)};
}

std::string chinese_name(std::string_view value) {
  for (const auto& entry : outcome_words()) {
    if (entry.value == value) return std::string(entry.words.front());
  }
  return std::string(value);
}

std::optional<OutcomeProblem> read_outcome_cells(LineCells cells, std::string_view channel,
                                                 const std::map<std::string, std::string>& value_map,
                                                 LineOutcome& outcome) {
  outcome = {};
  auto result_text = trim(cells.result);
  if (result_text.empty()) return OutcomeProblem{false, "is empty"};
  auto result = translate_outcome_word(result_text, value_map);
  if (!result) {
    return OutcomeProblem{false, fmt::format("\"{}\" is not one of {}{}", result_text,
                                             join(known_results()), kWordHint)};
  }
  std::string implied;  // a disposition written in the result cell
  if (result->kind == OutcomeKind::result) {
    outcome.result = result->value;
  } else {
    outcome.result = contact_result(channel);
    implied = result->value;
  }
  auto disposition_text = trim(cells.disposition);
  if (disposition_text.empty()) {
    outcome.disposition = implied;
    outcome.disposition_in_result_cell = !implied.empty();
    return std::nullopt;
  }
  auto disposition = translate_outcome_word(disposition_text, value_map);
  if (!disposition) {
    return OutcomeProblem{true, fmt::format("\"{}\" is not one of {}{}", disposition_text,
                                            join(known_dispositions()), kWordHint)};
  }
  if (disposition->kind == OutcomeKind::result) {
    if (disposition->value != outcome.result) {
      return OutcomeProblem{
          true, fmt::format("\"{}\" is the result {}, not a disposition, and the result says {}",
                            disposition_text, disposition->value, outcome.result)};
    }
    outcome.disposition = implied;
    outcome.disposition_in_result_cell = !implied.empty();
    return std::nullopt;
  }
  if (!implied.empty() && disposition->value != implied) {
    return OutcomeProblem{
        true, fmt::format("\"{}\" is {}, but the result \"{}\" says {}", disposition_text,
                          disposition->value, result_text, implied)};
  }
  outcome.disposition = disposition->value;
  return std::nullopt;
}

}  // namespace ownercare::outcomes
