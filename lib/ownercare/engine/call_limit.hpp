// At most N calls per phone per day, across every rule (SPEC 6.13): the pure allocation, with no
// database, so that it can be tested on its own.
//
// Calls come in the order the night finds them (calls listed again, tries again, then new
// calls, rule by rule), not in order of importance; each claims a place on its phone. When a
// phone has more claims than places, the least important call loses its place, even one that
// was listed earlier tonight: the night then takes that listing back. Importance: the higher
// rule priority, then the older due date, then the rule's order in the rule set, then subject
// and step, as for SMS (so the result never depends on the order of arrival). A night may list
// a hundred thousand calls: a claim is small, and what a call is stays with the caller (its
// handle).
#pragma once

#include <cstddef>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::engine {

class CallLimit {
 public:
  struct Key {
    int priority = 0;
    Date due_on;
    std::size_t rule_order = 0;
    std::string subject_id;
    std::string step;
    // True when this call goes before `other`.
    bool before(const Key& other) const {
      return std::tie(other.priority, due_on, rule_order, subject_id, step) <
             std::tie(priority, other.due_on, other.rule_order, other.subject_id, other.step);
    }
  };

  explicit CallLimit(int per_phone_per_day)
      : places_(static_cast<std::size_t>(per_phone_per_day)) {}

  // The call `handle` wants a place on `phone` tonight. Returns the handle that loses its
  // place: `handle` itself, one that claimed before, or -1 when there is room.
  long long claim(const std::string& phone, const Key& key, std::size_t handle);

  // The handles of the calls that lost their place on `phone`, most important first.
  std::vector<std::size_t> gave_way(const std::string& phone) const;

  // Every phone on which calls lost their place: the handles that kept theirs and those that
  // gave way, each most important first.
  struct Conflict {
    std::vector<std::size_t> listed;
    std::vector<std::size_t> lost;
  };
  std::vector<Conflict> conflicts() const;

 private:
  struct Claim {
    Key key;
    std::size_t handle;
  };
  struct Phone {
    std::vector<Claim> listed;  // in importance order, at most places_
    std::vector<Claim> lost;    // likewise
  };
  std::size_t places_;
  std::unordered_map<std::string, Phone> phones_;
};

}  // namespace ownercare::engine
