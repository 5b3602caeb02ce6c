// At most N calls per phone per day, across every rule (SPEC 6.13): the pure allocation, with no
// database, so that it can be tested on its own.
//
// The night lists every call it finds (calls listed again, tries again, new calls, rule by
// rule) and claims a place for each; then the claims of each phone are ranked and those past
// its places give way. Importance: the higher rule priority, then the older due date, then the
// rule's order in the rule set, then the caller's tie-break (subject and step, as for SMS), so
// who keeps a place never depends on the order the calls were found in. Giving way is rare
// (one customer, two calls due the same day), so a call is listed first and taken back when
// it loses, and a claim is 16 bytes: a night may list a hundred thousand calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::engine {

struct CallClaim {
  int priority = 0;
  Date due_on;
  std::uint32_t rule_order = 0;
  std::uint32_t handle = 0;  // the caller's: which call this is
};

// A phone on which calls gave way: the handles that kept a place and those that did not, each
// most important first.
struct CallConflict {
  std::vector<std::size_t> listed;
  std::vector<std::size_t> lost;
};

// Ranks `claims` (reordering them) and returns every phone with more claims than
// `per_phone_per_day` places. `phone_of(handle)` is the number a call goes to; `tie_break(a, b)`
// is true when call `a` goes before call `b` of equal priority, due date and rule order.
std::vector<CallConflict> allocate_calls(
    std::vector<CallClaim>& claims, int per_phone_per_day,
    const std::function<const std::string&(std::size_t)>& phone_of,
    const std::function<bool(std::size_t, std::size_t)>& tie_break);

}  // namespace ownercare::engine
