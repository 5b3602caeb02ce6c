#include "ownercare/engine/call_limit.hpp"

#include <tuple>

namespace ownercare::engine {

namespace {

// -1, 0 or 1 as `a` goes before, with, or after `b` by their keys alone.
int compare(const CallLimit::Key& a, const CallLimit::Key& b) {
  auto left = std::tie(b.priority, a.due_on, a.rule_order);
  auto right = std::tie(a.priority, b.due_on, b.rule_order);
  if (left < right) return -1;
  if (right < left) return 1;
  return 0;
}

}  // namespace

long long CallLimit::claim(const std::string& phone, const Key& key, std::size_t handle,
                           const TieBreak& tie_break) {
  const auto index = static_cast<std::uint32_t>(claims_.size());
  claims_.push_back({key, static_cast<std::uint32_t>(handle), kNone});
  auto [slot, added] = first_.try_emplace(phone, index);
  if (added) return places_ > 0 ? -1 : static_cast<long long>(handle);

  // Find where the claim goes: among those holding a place by the whole order, among those
  // that gave way by their keys (equal ones in the order they came).
  std::uint32_t* link = &slot->second;
  std::size_t position = 0;
  while (*link != kNone) {
    const Claim& other = claims_[*link];
    int order = compare(key, other.key);
    bool goes_before = order < 0 || (order == 0 && position < places_ &&
                                     tie_break(handle, other.handle));
    if (goes_before) break;
    link = &claims_[*link].next;
    ++position;
  }
  claims_[index].next = *link;
  *link = index;
  if (position >= places_) return static_cast<long long>(handle);
  // The claim took a place: the one now just past the places gives way, if any.
  std::uint32_t at = slot->second;
  for (std::size_t i = 0; i < places_ && at != kNone; ++i) at = claims_[at].next;
  return at == kNone ? -1 : static_cast<long long>(claims_[at].handle);
}

std::vector<CallLimit::Conflict> CallLimit::conflicts() const {
  std::vector<Conflict> list;
  for (const auto& [phone, first] : first_) {
    Conflict conflict;
    std::size_t position = 0;
    for (std::uint32_t at = first; at != kNone; at = claims_[at].next, ++position) {
      (position < places_ ? conflict.listed : conflict.lost).push_back(claims_[at].handle);
    }
    if (!conflict.lost.empty()) list.push_back(std::move(conflict));
  }
  return list;
}

}  // namespace ownercare::engine
