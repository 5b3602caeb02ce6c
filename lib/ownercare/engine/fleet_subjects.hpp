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

// Template values for a vehicle on a date (see rules/vocabulary.cpp for the names), then the
// rule's params, then the holiday's name and date for holiday rules. Computed once per
// subject and looked up by name without building a map (an SMS night renders tens of
// thousands).
class FleetValues {
 public:
  FleetValues(const rules::Rule& rule, const store::FleetSubject& subject, Date as_of,
              const std::optional<Holiday>& holiday);
  std::optional<std::string_view> operator()(std::string_view name) const;
  std::optional<std::string> render(std::string_view text) const {
    return render_with(text, *this);
  }

 private:
  const rules::Rule& rule_;
  const store::FleetSubject& subject_;
  std::string plate_masked_, days_, status_, lost_income_, reject_rate_, last_login_;
  std::string holiday_, holiday_date_;
};

// The line of facts an agent reads before dialling.
std::string fleet_call_context(const store::FleetSubject& subject, Date as_of,
                               const store::FleetQueries::History& history);

// "10月1日"
std::string chinese_month_day(Date date);

}  // namespace ownercare::engine
