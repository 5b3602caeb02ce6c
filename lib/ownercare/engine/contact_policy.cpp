#include "ownercare/engine/contact_policy.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace ownercare::engine {

std::vector<SmsVerdict> allocate_sms(const std::vector<SmsCandidate>& candidates,
                                     const SentThisWeek& sent_before_today, Date as_of,
                                     const rules::ContactPolicy& policy) {
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = candidates[a];
    const auto& y = candidates[b];
    return std::tie(y.priority, x.due_on, x.rule_order, x.subject_id, x.step) <
           std::tie(x.priority, y.due_on, y.rule_order, y.subject_id, y.step);
  });
  std::vector<SmsVerdict> verdicts(candidates.size(), SmsVerdict::skip);
  std::map<std::string_view, int> today;
  for (std::size_t index : order) {
    const auto& candidate = candidates[index];
    int& sent_today = today[candidate.phone];
    auto week = sent_before_today.find(candidate.phone);
    int sent_week = (week == sent_before_today.end() ? 0 : week->second) + sent_today;
    if (sent_today < policy.sms_per_phone_per_day && sent_week < policy.sms_per_phone_per_week) {
      ++sent_today;
      verdicts[index] = SmsVerdict::send;
    } else {
      verdicts[index] = as_of < candidate.last_send ? SmsVerdict::defer : SmsVerdict::skip;
    }
  }
  return verdicts;
}

}  // namespace ownercare::engine
