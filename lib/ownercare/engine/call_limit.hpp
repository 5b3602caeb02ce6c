// At most N calls per phone per day, across every rule (SPEC 6.13): the pure allocation, with no
// database, so that it can be tested on its own.
//
// Calls come in the order the night finds them (calls listed again, tries again, then new
// calls, rule by rule), not in order of importance; each claims a place on its phone. When a
// phone has more claims than places, the least important call loses its place, even one that
// was listed earlier tonight: the night then takes that listing back. Importance: the higher
// rule priority, then the older due date, then the rule's order in the rule set, then the
// caller's tie-break (subject and step, as for SMS), so who keeps a place never depends on the
// order of arrival.
//
// A night may list a hundred thousand calls: a claim is 24 bytes, its phone's entry a few words
// more, and what a call is stays with the caller, found through its handle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::engine {

class CallLimit {
 public:
  struct Key {
    int priority = 0;
    Date due_on;
    std::uint32_t rule_order = 0;
  };
  // True when the call of handle `a` goes before that of handle `b` (their keys being equal).
  // Asked only of calls that hold a place, and of the one claiming.
  using TieBreak = std::function<bool(std::size_t a, std::size_t b)>;

  explicit CallLimit(int per_phone_per_day)
      : places_(static_cast<std::size_t>(per_phone_per_day)) {}

  // The call `handle` wants a place on `phone` tonight. Returns the handle that loses its
  // place: `handle` itself, one that claimed before, or -1 when there is room.
  long long claim(const std::string& phone, const Key& key, std::size_t handle,
                  const TieBreak& tie_break);

  // Every phone on which calls lost their place: the handles that kept theirs and those that
  // gave way, each most important first (those that gave way with equal keys in the order they
  // came).
  struct Conflict {
    std::vector<std::size_t> listed;
    std::vector<std::size_t> lost;
  };
  std::vector<Conflict> conflicts() const;

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  struct Claim {
    Key key;
    std::uint32_t handle;
    std::uint32_t next;  // the phone's next claim in importance order, or kNone
  };
  std::size_t places_;
  std::vector<Claim> claims_;
  // Each phone's claims as a list through claims_, most important first: the first places_
  // hold a place, the rest gave way.
  std::unordered_map<std::string, std::uint32_t> first_;
};

}  // namespace ownercare::engine
