// The contact policy's SMS quota (SPEC 6.6): at most N SMS per phone per day and M per rolling
// week. When more are due, rule priority decides; a loser is deferred to tomorrow while it is
// still within its grace, and skipped with a reason after that.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/rules/rule_set.hpp"

namespace ownercare::engine {

struct SmsCandidate {
  std::string phone;
  int priority = 0;
  Date due_on;
  Date last_send;         // the last date it may still go out
  std::size_t rule_order = 0;  // position of its rule in the rule set, to break ties
  std::string subject_id;
  std::string step;
};

enum class SmsVerdict { send, defer, skip };

// Phone -> SMS already sent on each of the six days before today (the rolling week).
using SentThisWeek = std::map<std::string, int, std::less<>>;

// Decides every candidate of one evaluation date. Winners are taken in order of priority
// (higher first), then due date (older first, so a deferred SMS is not starved), then rule
// order, subject and step. Returns one verdict per candidate, in the candidates' order.
std::vector<SmsVerdict> allocate_sms(const std::vector<SmsCandidate>& candidates,
                                     const SentThisWeek& sent_before_today, Date as_of,
                                     const rules::ContactPolicy& policy);

}  // namespace ownercare::engine
