#include "ownercare/engine/vehicle_due.hpp"

#include <algorithm>
#include <set>

#include "ownercare/engine/due_dates.hpp"

namespace ownercare::engine {

std::optional<store::DueColumn> vehicle_due_column(rules::AnchorKind anchor) {
  switch (anchor) {
    case rules::AnchorKind::warranty_end: return store::DueColumn::warranty_end;
    case rules::AnchorKind::first_service_due: return store::DueColumn::first_service;
    case rules::AnchorKind::service_due: return store::DueColumn::next_service;
    case rules::AnchorKind::inspection_due: return store::DueColumn::inspection;
    case rules::AnchorKind::birthday: return store::DueColumn::birthday;
    default: return std::nullopt;
  }
}

bool anchor_moves(rules::AnchorKind anchor) {
  return anchor == rules::AnchorKind::warranty_end ||
         anchor == rules::AnchorKind::first_service_due ||
         anchor == rules::AnchorKind::service_due;
}

store::VehicleDue compute_vehicle_due(const store::DealerVehicle& vehicle,
                                      const std::vector<std::pair<Date, long long>>& readings,
                                      const std::vector<store::DealerQueries::Service>& services,
                                      const rules::DealerTerms& terms, Date inspection_not_before,
                                      Date birthday_not_before) {
  VehicleFacts facts;
  facts.brand = vehicle.brand;
  facts.model = vehicle.model;
  facts.category = vehicle.category;
  facts.sale_date = vehicle.sale_date;
  facts.registration_date = vehicle.registration_date;
  facts.warranty_start = vehicle.warranty_start;
  facts.warranty_end = vehicle.warranty_end;
  facts.warranty_km = vehicle.warranty_km;
  facts.birthday = vehicle.birthday;
  for (const auto& [on, km] : readings) facts.readings.push_back({on, km});
  for (const auto& service : services) {
    facts.maintenance_orders.push_back({service.closed, service.km, service.first});
  }
  store::VehicleDue due;
  due.vin = vehicle.vin;
  if (auto end = warranty_end(facts, terms)) due.warranty_end_on = end->on;
  if (auto first = first_service_due(facts, terms)) due.first_service_on = first->on;
  if (auto next = next_service_due(facts, terms)) due.next_service_on = next->on;
  due.inspection_on = next_inspection(facts, terms, inspection_not_before);
  if (vehicle.birthday) due.birthday_on = next_birthday(*vehicle.birthday, birthday_not_before);
  return due;
}

namespace {

// How long after a recurring date its rules may still act on it: the latest step plus grace.
// Until then the date is kept; after it, the next one is computed.
int retention_days(const rules::RuleSet& rules, rules::AnchorKind anchor) {
  int days = 0;
  for (const auto& rule : rules.rules) {
    if (rule.subject == rules::SubjectKind::vehicle && rule.anchor == anchor) {
      days = std::max(days, rule.last_day() + rule.grace_days);
    }
  }
  return days;
}

}  // namespace

std::size_t refresh_vehicle_due(store::DealerQueries& dealer, const rules::RuleSet& rules,
                                Date as_of) {
  Date inspection_from =
      as_of.plus_days(-retention_days(rules, rules::AnchorKind::inspection_due));
  Date birthday_from = as_of.plus_days(-retention_days(rules, rules::AnchorKind::birthday));
  auto state = dealer.due_state();
  std::size_t computed = 0;
  if (!state || state->digest != rules.terms.digest) {
    dealer.for_each_vehicle([&](const store::DealerVehicle& vehicle, const auto& readings,
                                const auto& services) {
      dealer.save_due(compute_vehicle_due(vehicle, readings, services, rules.terms,
                                          inspection_from, birthday_from),
                      as_of);
      ++computed;
    });
  } else {
    std::set<std::string> vins;
    for (auto& vin : dealer.vehicles_changed_since(state->computed_on)) vins.insert(std::move(vin));
    for (auto& vin : dealer.vehicles_due_before(store::DueColumn::inspection, inspection_from)) {
      vins.insert(std::move(vin));
    }
    for (auto& vin : dealer.vehicles_due_before(store::DueColumn::birthday, birthday_from)) {
      vins.insert(std::move(vin));
    }
    for (const auto& vin : vins) {
      auto vehicle = dealer.vehicle(vin);
      if (!vehicle) continue;
      dealer.save_due(compute_vehicle_due(*vehicle, dealer.readings(vin), dealer.services(vin),
                                          rules.terms, inspection_from, birthday_from),
                      as_of);
      ++computed;
    }
  }
  dealer.set_due_state(rules.terms.digest, as_of);
  return computed;
}

}  // namespace ownercare::engine
