#include "ownercare/engine/planner.hpp"

#include <algorithm>

namespace ownercare::engine {

Date last_send_date(const rules::Rule& rule, const rules::Step& step, Date anchor) {
  Date due = anchor.plus_days(step.day);
  Date last = due.plus_days(rule.grace_days);
  if (step.day < 0 && last >= anchor) last = anchor.plus_days(-1);
  return last;
}

std::vector<PlannedStep> plan_steps(const rules::Rule& rule, Date anchor, Date as_of,
                                    const std::set<std::string>& existing) {
  std::vector<PlannedStep> planned;
  std::optional<Date> latest_sendable;
  for (const auto& step : rule.steps) {
    if (!step.after.empty()) continue;  // sent when its call ends, not on a day
    Date due = anchor.plus_days(step.day);
    if (due > as_of || existing.count(step.name)) continue;
    bool in_grace = as_of <= last_send_date(rule, step, anchor);
    planned.push_back({&step, due, in_grace ? StepDecision::send : StepDecision::missed});
    if (in_grace && (!latest_sendable || due > *latest_sendable)) latest_sendable = due;
  }
  for (auto& item : planned) {
    if (item.decision == StepDecision::send && item.due_on < *latest_sendable) {
      item.decision = StepDecision::superseded;
    }
  }
  return planned;
}

}  // namespace ownercare::engine
