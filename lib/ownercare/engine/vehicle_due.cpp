#include "ownercare/engine/vehicle_due.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <thread>

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

// How long after a date its rules may still act on it: the latest step plus grace (at least
// 0). Until then a recurring date is kept; after it, the next one is computed.
int retention_days(const rules::RuleSet& rules, rules::AnchorKind anchor) {
  int days = 0;
  for (const auto& rule : rules.rules) {
    if (rule.subject == rules::SubjectKind::vehicle && rule.anchor == anchor) {
      days = std::max(days, rule.last_day() + rule.grace_days);
    }
  }
  return days;
}

// A date no rule can act on any more (as_of only moves forward) is stored as NULL: most of
// two million vehicles have a first service long overdue or a warranty long over, and an
// index of them would be kept up to date for nothing. The date comes back when the vehicle
// changes and is recomputed.
void drop_if_past(std::optional<Date>& date, Date keep_from) {
  if (date && *date < keep_from) date.reset();
}

struct Retention {
  int warranty, first_service, next_service, inspection, birthday;
};

constexpr int kHelperCacheKib = 8192;  // the helper's page cache (the night's peak is near)

template <class Compute>
std::vector<store::VehicleDue> compute_all(store::DealerQueries& dealer,
                                           const std::vector<std::string>& vins,
                                           std::size_t begin, std::size_t end,
                                           const Compute& compute) {
  std::vector<store::VehicleDue> dues;
  dues.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    auto vehicle = dealer.vehicle(vins[i]);
    if (!vehicle) continue;
    dues.push_back(compute(*vehicle, dealer.readings(vins[i]), dealer.services(vins[i])));
  }
  return dues;
}

// The dates of `vins`, in their order.
template <class Compute>
std::vector<store::VehicleDue> compute_dues(store::DealerQueries& dealer,
                                            const std::vector<std::string>& vins,
                                            std::size_t helper_from, const Compute& compute) {
  if (vins.size() < helper_from) return compute_all(dealer, vins, 0, vins.size(), compute);
  std::size_t half = vins.size() / 2;
  std::vector<store::VehicleDue> second;
  std::exception_ptr helper_error;
  std::thread helper([&] {
    try {
      auto reader = store::Database::open(dealer.database().path(), store::OpenMode::read_only);
      reader.sql().exec(fmt::format("PRAGMA cache_size = -{}", kHelperCacheKib));
      store::DealerQueries queries(reader);
      second = compute_all(queries, vins, half, vins.size(), compute);
    } catch (...) {
      helper_error = std::current_exception();
    }
  });
  std::vector<store::VehicleDue> dues;
  try {
    dues = compute_all(dealer, vins, 0, half, compute);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (helper_error) std::rethrow_exception(helper_error);
  dues.insert(dues.end(), std::make_move_iterator(second.begin()),
              std::make_move_iterator(second.end()));
  return dues;
}

}  // namespace

std::size_t refresh_vehicle_due(store::DealerQueries& dealer, const rules::RuleSet& rules,
                                Date as_of, std::size_t helper_from) {
  using rules::AnchorKind;
  Retention keep{retention_days(rules, AnchorKind::warranty_end),
                 retention_days(rules, AnchorKind::first_service_due),
                 retention_days(rules, AnchorKind::service_due),
                 retention_days(rules, AnchorKind::inspection_due),
                 retention_days(rules, AnchorKind::birthday)};
  Date inspection_from = as_of.plus_days(-keep.inspection);
  Date birthday_from = as_of.plus_days(-keep.birthday);
  // What was dropped as past depends on the retentions too: a rule that looks further back
  // needs the dates recomputed.
  std::string digest = fmt::format("{}/{}/{}/{}/{}/{}", rules.terms.digest, keep.warranty,
                                   keep.first_service, keep.next_service, keep.inspection,
                                   keep.birthday);
  auto compute = [&](const store::DealerVehicle& vehicle, const auto& readings,
                     const auto& services) {
    auto due = compute_vehicle_due(vehicle, readings, services, rules.terms, inspection_from,
                                   birthday_from);
    drop_if_past(due.warranty_end_on, as_of.plus_days(-keep.warranty));
    drop_if_past(due.first_service_on, as_of.plus_days(-keep.first_service));
    drop_if_past(due.next_service_on, as_of.plus_days(-keep.next_service));
    return due;
  };
  auto state = dealer.due_state();
  std::size_t computed = 0;
  std::int64_t newest_import = dealer.newest_dealer_import();
  if (!state || state->digest != digest) {
    dealer.rebuild_due([&] {
      dealer.for_each_vehicle([&](const store::DealerVehicle& vehicle, const auto& readings,
                                  const auto& services) {
        dealer.save_due(compute(vehicle, readings, services), as_of, true);
        ++computed;
      });
    });
  } else {
    // Vehicles the imports since the last refresh changed, and those whose recurring date has
    // passed.
    auto vins = dealer.vehicles_changed_after(state->import_id);
    for (auto column : {store::DueColumn::inspection, store::DueColumn::birthday}) {
      auto passed = dealer.vehicles_due_before(
          column, column == store::DueColumn::inspection ? inspection_from : birthday_from);
      vins.insert(vins.end(), std::make_move_iterator(passed.begin()),
                  std::make_move_iterator(passed.end()));
    }
    // In VIN order, each once: the table's order, so neighbouring vehicles share pages.
    std::sort(vins.begin(), vins.end());
    vins.erase(std::unique(vins.begin(), vins.end()), vins.end());
    auto dues = compute_dues(dealer, vins, helper_from, compute);
    for (const auto& due : dues) dealer.save_due(due, as_of);
    computed = dues.size();
  }
  dealer.forget_vehicle_changes(newest_import);
  dealer.set_due_state(digest, as_of, newest_import);
  return computed;
}

}  // namespace ownercare::engine
