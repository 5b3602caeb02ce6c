// Keeping vehicle_due current: the dates of sold vehicles that depend on the rule files'
// tables (warranty end, first and next maintenance, next inspection, next birthday).
//
// They are computed once and indexed, so that a night finds the vehicles with a reminder due
// by a range query instead of projecting two million odometers. evaluate refreshes them before
// planning: every vehicle when the tables changed (or on the first night), otherwise only the
// vehicles an import changed since the last refresh (a new odometer reading, a new service
// order, a new owner) and those whose recurring date (inspection, birthday) has passed.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/dealer_queries.hpp"

namespace ownercare::engine {

// The vehicle_due column an anchor reads, or nullopt for anchors with their own index.
std::optional<store::DueColumn> vehicle_due_column(rules::AnchorKind anchor);
// Anchors whose date can move after a reminder went out (new odometer readings move a warranty
// or service due date): a step already done under the old date is not done again.
bool anchor_moves(rules::AnchorKind anchor);

// The dates of one vehicle. Recurring dates are the first on or after `not_before`.
store::VehicleDue compute_vehicle_due(const store::DealerVehicle& vehicle,
                                      const std::vector<std::pair<Date, long long>>& readings,
                                      const std::vector<store::DealerQueries::Service>& services,
                                      const rules::DealerTerms& terms, Date inspection_not_before,
                                      Date birthday_not_before);

// From this many vehicles to recompute on, the second half is read on a helper thread with a
// read-only connection of its own (recomputing is mostly reading a few random pages per
// vehicle); the night's transaction has written nothing yet, so both see the same database.
inline constexpr std::size_t kDueHelperFrom = 8192;

// Refreshes vehicle_due for `as_of` as described above; returns how many vehicles it computed.
std::size_t refresh_vehicle_due(store::DealerQueries& dealer, const rules::RuleSet& rules,
                                Date as_of, std::size_t helper_from = kDueHelperFrom);

}  // namespace ownercare::engine
