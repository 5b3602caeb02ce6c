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

FleetValues::FleetValues(const rules::Rule& rule, const store::FleetSubject& subject,
                         Date as_of, const std::optional<Holiday>& holiday)
    : rule_(rule),
      subject_(subject),
      plate_masked_(mask_plate(subject.plate)),
      days_(std::to_string(as_of.days_since(subject.started_on))),
      status_(std::to_string(subject.status)) {
  if (subject.lost_income) lost_income_ = format_yuan(*subject.lost_income);
  if (subject.reject_rate) reject_rate_ = percent(*subject.reject_rate);
  if (subject.last_login) last_login_ = chinese_month_day(*subject.last_login);
  if (holiday) {
    holiday_ = holiday->name;
    holiday_date_ = chinese_month_day(holiday->first_off);
  }
}

std::optional<std::string_view> FleetValues::operator()(std::string_view name) const {
  if (name == "plate_masked") return plate_masked_;
  if (name == "days") return days_;
  if (name == "status") return status_;
  if (name == "owner_name") return subject_.owner_name;
  if (name == "city") return subject_.city;
  if (name == "lost_income") return lost_income_;
  if (name == "reject_rate") return reject_rate_;
  if (name == "last_login") return last_login_;
  if (name == "holiday") return holiday_;
  if (name == "holiday_date") return holiday_date_;
  auto param = rule_.params.find(std::string(name));
  if (param != rule_.params.end()) return std::string_view(param->second);
  return std::nullopt;
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
