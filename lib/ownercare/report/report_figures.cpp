// Turns the store's raw counts into the report's rows: one row per dealer in each dealer table,
// results folded into fixed columns, days and months filled in.
#include "ownercare/report/report_figures.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ownercare::report {

bool below_target(const store::CallbackCounts& counts) {
  return counts.reached * 100 < counts.orders * kCallbackSuccessTargetPercent;
}

const std::vector<std::string>& unreachable_results() {
  static const std::vector<std::string> results = {"no_answer", "busy",           "voicemail",
                                                   "refused",   "invalid_number", "not_found"};
  return results;
}

long long UnreachableFigures::total() const {
  long long sum = other;
  for (auto count : per_result) sum += count;
  return sum;
}

long long SatisfactionFigures::answers() const {
  long long sum = 0;
  for (auto count : levels) sum += count;
  return sum;
}

std::optional<double> SatisfactionFigures::average() const {
  long long count = answers();
  if (count == 0) return std::nullopt;
  long long points = 0;
  for (std::size_t level = 0; level < levels.size(); ++level) {
    points += levels[level] * static_cast<long long>(level + 1);
  }
  return static_cast<double>(points) / static_cast<double>(count);
}

std::optional<double> LiftFigures::treated_rate() const {
  if (!outcome_defined || treated == 0) return std::nullopt;
  return static_cast<double>(treated_success) / static_cast<double>(treated);
}

std::optional<double> LiftFigures::held_rate() const {
  if (!outcome_defined || held == 0) return std::nullopt;
  return static_cast<double>(held_success) / static_cast<double>(held);
}

bool LiftFigures::enough() const {
  return treated >= kLiftMinimumPerGroup && held >= kLiftMinimumPerGroup;
}

std::optional<double> LiftFigures::lift() const {
  if (!enough() || !outcome_defined) return std::nullopt;
  return *treated_rate() - *held_rate();
}

// Two-proportion (Wald) interval: difference +- 1.96 * sqrt(p1 q1 / n1 + p2 q2 / n2).
std::optional<std::pair<double, double>> LiftFigures::interval() const {
  auto difference = lift();
  if (!difference) return std::nullopt;
  double p1 = *treated_rate();
  double p2 = *held_rate();
  double error = std::sqrt(p1 * (1 - p1) / static_cast<double>(treated) +
                           p2 * (1 - p2) / static_cast<double>(held));
  constexpr double kZ95 = 1.959963984540054;
  return std::pair{*difference - kZ95 * error, *difference + kZ95 * error};
}

namespace {

std::vector<UnreachableFigures> fold_unreachable(
    const std::vector<store::CallbackCounts>& dealers,
    const std::vector<store::UnreachableCount>& counts) {
  const auto& results = unreachable_results();
  std::map<std::string, UnreachableFigures> by_dealer;
  for (const auto& dealer : dealers) {
    by_dealer[dealer.team] = {dealer.team, std::vector<long long>(results.size(), 0), 0};
  }
  for (const auto& count : counts) {
    auto found = by_dealer.find(count.dealer);
    if (found == by_dealer.end()) continue;  // cannot happen: the same orders define both
    auto column = std::find(results.begin(), results.end(), count.result);
    if (column == results.end())
      found->second.other += count.outcomes;
    else
      found->second.per_result[static_cast<std::size_t>(column - results.begin())] +=
          count.outcomes;
  }
  std::vector<UnreachableFigures> rows;
  for (auto& [dealer, figures] : by_dealer) rows.push_back(std::move(figures));
  return rows;
}

std::vector<SatisfactionFigures> fold_satisfaction(
    const std::vector<store::CallbackCounts>& dealers,
    const std::vector<store::SatisfactionCounts>& answers,
    const std::vector<store::ComplaintOrderCount>& complaint_orders) {
  std::map<std::string, SatisfactionFigures> by_dealer;
  for (const auto& dealer : dealers) by_dealer[dealer.team].dealer = dealer.team;
  for (const auto& counts : answers) {
    auto found = by_dealer.find(counts.dealer);
    if (found == by_dealer.end()) continue;
    found->second.levels = counts.levels;
    found->second.complaints = counts.complaints;
    found->second.unsatisfied = counts.unsatisfied;
  }
  for (const auto& count : complaint_orders) {
    auto found = by_dealer.find(count.dealer);
    if (found != by_dealer.end()) found->second.complaint_orders = count.orders;
  }
  std::vector<SatisfactionFigures> rows;
  for (auto& [dealer, figures] : by_dealer) rows.push_back(std::move(figures));
  return rows;
}

Date last_day_of_month(Date day) {
  return Date(day.year(), day.month(), 1).plus_months(1).plus_days(-1);
}

// Every day of the period, with the days the store had nothing for as zeros.
std::vector<store::WashDayCounts> every_day(const std::vector<store::WashDayCounts>& active,
                                            Date first, Date last) {
  std::map<Date, store::WashDayCounts> by_day;
  for (const auto& counts : active) by_day[counts.day] = counts;
  std::vector<store::WashDayCounts> days;
  for (Date day = first; day <= last; day = day.plus_days(1)) {
    auto found = by_day.find(day);
    if (found != by_day.end()) {
      days.push_back(found->second);
    } else {
      store::WashDayCounts zero;
      zero.day = day;
      days.push_back(zero);
    }
  }
  return days;
}

std::vector<WashMonthFigures> months_of(const store::ReportPeriod& period,
                                        const std::vector<store::WashDayCounts>& active) {
  std::vector<WashMonthFigures> months;
  for (Date start = Date(period.from.year(), period.from.month(), 1); start <= period.to;
       start = start.plus_months(1)) {
    WashMonthFigures month;
    month.year = start.year();
    month.month = start.month();
    month.first = start;
    month.last = std::min(last_day_of_month(start), period.as_of);
    for (const auto& day : active) {
      if (day.day < month.first || day.day > month.last) continue;
      month.new_members += day.new_members;
      month.renewals += day.renewals;
      month.services += day.services;
      month.amount += day.amount;
    }
    months.push_back(month);
  }
  return months;
}

}  // namespace

ReportFigures gather_figures(store::Database& db, const store::ReportPeriod& period) {
  store::ReadSnapshot snapshot(db);
  ReportFigures figures;
  figures.period = period;
  figures.dealer_callbacks = store::callback_counts(db, period, store::OrderClass::dealer_service);
  figures.unreachable =
      fold_unreachable(figures.dealer_callbacks, store::unreachable_counts(db, period));
  figures.satisfaction =
      fold_satisfaction(figures.dealer_callbacks, store::satisfaction_counts(db, period),
                        store::complaint_order_counts(db, period));
  figures.appointments = store::appointment_counts(db, period);
  figures.meeting = store::meeting_entries(db, period);
  figures.wash_callbacks = store::callback_counts(db, period, store::OrderClass::car_wash);

  // One read of the days covers the period and the months it touches.
  Date months_first(period.from.year(), period.from.month(), 1);
  Date months_last = std::min(last_day_of_month(period.to), period.as_of);
  auto active = store::wash_day_counts(db, months_first, months_last);
  figures.wash_days = every_day(active, period.from, period.to);
  figures.wash_months = months_of(period, active);
  figures.wash_franchises = store::wash_franchise_counts(db, period.from, period.to);
  return figures;
}

}  // namespace ownercare::report
