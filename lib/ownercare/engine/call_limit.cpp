#include "ownercare/engine/call_limit.hpp"

#include <algorithm>

namespace ownercare::engine {

namespace {

// Inserts `claim` into `claims`, kept in importance order.
template <class Claims, class Claim>
void insert_ordered(Claims& claims, Claim claim) {
  auto at = std::find_if(claims.begin(), claims.end(),
                         [&](const Claim& other) { return claim.key.before(other.key); });
  claims.insert(at, std::move(claim));
}

}  // namespace

long long CallLimit::claim(const std::string& phone, const Key& key, std::size_t handle) {
  Phone& entry = phones_[phone];
  insert_ordered(entry.listed, Claim{key, handle});
  if (entry.listed.size() <= places_) return -1;
  Claim loser = entry.listed.back();
  entry.listed.pop_back();
  insert_ordered(entry.lost, loser);
  return static_cast<long long>(loser.handle);
}

std::vector<std::size_t> CallLimit::gave_way(const std::string& phone) const {
  std::vector<std::size_t> handles;
  auto found = phones_.find(phone);
  if (found == phones_.end()) return handles;
  for (const auto& lost : found->second.lost) handles.push_back(lost.handle);
  return handles;
}

std::vector<CallLimit::Conflict> CallLimit::conflicts() const {
  std::vector<Conflict> list;
  for (const auto& [phone, entry] : phones_) {
    if (entry.lost.empty()) continue;
    Conflict conflict;
    for (const auto& claim : entry.listed) conflict.listed.push_back(claim.handle);
    for (const auto& claim : entry.lost) conflict.lost.push_back(claim.handle);
    list.push_back(std::move(conflict));
  }
  return list;
}

}  // namespace ownercare::engine
