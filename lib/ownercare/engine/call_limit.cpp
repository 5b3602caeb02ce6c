#include "ownercare/engine/call_limit.hpp"

#include <algorithm>
#include <tuple>

namespace ownercare::engine {

std::vector<CallConflict> allocate_calls(
    std::vector<CallClaim>& claims, int per_phone_per_day,
    const std::function<const std::string&(std::size_t)>& phone_of,
    const std::function<bool(std::size_t, std::size_t)>& tie_break) {
  auto goes_before = [&](const CallClaim& a, const CallClaim& b) {
    const std::string& phone_a = phone_of(a.handle);
    const std::string& phone_b = phone_of(b.handle);
    if (phone_a != phone_b) return phone_a < phone_b;
    auto left = std::tie(b.priority, a.due_on, a.rule_order);
    auto right = std::tie(a.priority, b.due_on, b.rule_order);
    if (left != right) return left < right;
    return tie_break(a.handle, b.handle);
  };
  std::sort(claims.begin(), claims.end(), goes_before);
  const auto places = static_cast<std::size_t>(std::max(per_phone_per_day, 0));
  std::vector<CallConflict> conflicts;
  for (std::size_t first = 0; first < claims.size();) {
    std::size_t end = first + 1;
    const std::string& phone = phone_of(claims[first].handle);
    while (end < claims.size() && phone_of(claims[end].handle) == phone) ++end;
    if (end - first > places) {
      CallConflict conflict;
      for (std::size_t i = first; i < end; ++i) {
        (i - first < places ? conflict.listed : conflict.lost).push_back(claims[i].handle);
      }
      conflicts.push_back(std::move(conflict));
    }
    first = end;
  }
  return conflicts;
}

}  // namespace ownercare::engine
