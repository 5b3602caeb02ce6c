// What the engine knows about fleet vehicles as subjects: the values their templates can use
// and the context a call list shows the agent.
#pragma once

#include <optional>
#include <string>

#include "ownercare/core/calendar.hpp"
#include "ownercare/core/template.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/fleet_queries.hpp"

namespace ownercare::engine {

// True when the vehicle meets every condition of the rule other than status (which the
// candidate query has applied).
bool fleet_matches(const rules::Rule& rule, const store::FleetSubject& subject);
// The statuses a rule's `when.status` names; all of 0, -1, -2 when it names none.
std::vector<int> fleet_statuses(const rules::Rule& rule);

// Template values for a vehicle on a date (see rules/vocabulary.cpp for the names), plus the
// rule's params, plus the holiday's name and date for holiday rules.
Values fleet_values(const rules::Rule& rule, const store::FleetSubject& subject, Date as_of,
                    const std::optional<Holiday>& holiday);

// The line of facts an agent reads before dialling.
std::string fleet_call_context(const store::FleetSubject& subject, Date as_of,
                               const store::FleetQueries::History& history);

// "10月1日"
std::string chinese_month_day(Date date);

}  // namespace ownercare::engine
