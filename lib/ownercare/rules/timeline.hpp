// ownercare-rules timeline: a rule's steps in order, with their dates when an anchor date is
// given, their channel, time or windows, and each SMS text with its length.
#pragma once

#include <optional>
#include <string>

#include "ownercare/core/date.hpp"
#include "ownercare/rules/rule_set.hpp"

namespace ownercare::rules {

// For holiday rules without `start`, lists the calendar's holidays with each step's date.
std::string rule_timeline(const RuleSet& set, const Rule& rule, std::optional<Date> start);

}  // namespace ownercare::rules
