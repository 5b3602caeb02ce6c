#include "ownercare/engine/fleet_subjects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ownercare/core/plate.hpp"

namespace ownercare::engine {

namespace {
std::string percent(double share) { return fmt::format("{:.0f}", std::round(share * 100)); }
}  // namespace

std::vector<int> fleet_statuses(const rules::Rule& rule) {
  for (const auto& condition : rule.when) {
    if (condition.field != "status") continue;
    std::vector<int> statuses;
    for (const auto& value : condition.values) {
      if (value == "0" || value == "-1" || value == "-2") statuses.push_back(std::stoi(value));
    }
    return statuses;
  }
  return {0, -1, -2};
}

bool fleet_matches(const rules::Rule& rule, const store::FleetSubject& subject) {
  for (const auto& condition : rule.when) {
    std::string value;
    if (condition.field == "status") value = std::to_string(subject.status);
    else if (condition.field == "city") value = subject.city;
    else if (condition.field == "mark") value = subject.mark;
    else if (condition.field == "phone_kind") value = subject.phone_kind;
    else return false;
    if (std::find(condition.values.begin(), condition.values.end(), value) ==
        condition.values.end()) {
      return false;
    }
  }
  return true;
}

std::string chinese_month_day(Date date) {
  return fmt::format("{}月{}日", date.month(), date.day());
}

Values fleet_values(const rules::Rule& rule, const store::FleetSubject& subject, Date as_of,
                    const std::optional<Holiday>& holiday) {
  Values values(rule.params.begin(), rule.params.end());
  values["plate_masked"] = mask_plate(subject.plate);
  values["days"] = std::to_string(as_of.days_since(subject.started_on));
  values["status"] = std::to_string(subject.status);
  values["owner_name"] = subject.owner_name;
  values["city"] = subject.city;
  values["lost_income"] = subject.lost_income ? format_yuan(*subject.lost_income) : "";
  values["reject_rate"] = subject.reject_rate ? percent(*subject.reject_rate) : "";
  values["last_login"] = subject.last_login ? chinese_month_day(*subject.last_login) : "";
  if (holiday) {
    values["holiday"] = holiday->name;
    values["holiday_date"] = chinese_month_day(holiday->first_off);
  }
  return values;
}

std::string fleet_call_context(const store::FleetSubject& subject, Date as_of,
                               const store::FleetQueries::History& history) {
  std::string text = fmt::format("车牌 {}；状态 {} 第{}天（{} 起）", subject.plate,
                                 subject.status, as_of.days_since(subject.started_on),
                                 subject.started_on.iso());
  if (!subject.city.empty()) text += fmt::format("；城市 {}", subject.city);
  if (subject.last_login) text += fmt::format("；最近登录 {}", subject.last_login->iso());
  if (subject.reject_rate) text += fmt::format("；拒单率 {}%", percent(*subject.reject_rate));
  if (subject.lost_income) text += fmt::format("；损失收入 {}元", format_yuan(*subject.lost_income));
  if (!subject.mark.empty()) text += fmt::format("；标记 {}", subject.mark);
  text += fmt::format("；已发短信 {} 条", history.sms_sent);
  if (!history.last_outcome.empty()) text += fmt::format("；上次结果 {}", history.last_outcome);
  return text;
}

}  // namespace ownercare::engine
