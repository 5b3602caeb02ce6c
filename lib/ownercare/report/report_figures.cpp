// Turns the store's raw counts into the report's rows: one row per dealer in each dealer table,
// results folded into fixed columns, days and months filled in.
#include "ownercare/report/report_figures.hpp"

#include "ownercare/store/fleet_report_queries.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

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

// The fleet statuses the report shows, in its order (SPEC 2.1).
constexpr std::array<int, 3> kStatuses = {-1, -2, 0};

void count_episode(FleetGroupFigures& group, const store::FleetEpisodeFacts& episode) {
  ++group.opened;
  bool back = episode.end_reason == "rentable" && episode.ended_on;
  if (back) {
    auto day = episode.ended_on->days_since(episode.started_on);
    if (day <= 7) ++group.back_7;
    if (day <= 15) ++group.back_15;
    if (day <= 30) ++group.back_30;
    if (day > 30) ++group.back_later;
  } else if (!episode.ended_on) {
    ++group.still_open;
  } else {
    ++group.ended_other;
  }
  if (episode.delisted) ++group.delisted;
  if (episode.handed_off) ++group.handed_off;
}

Date monday_of(Date day) { return day.plus_days(-static_cast<long long>(day.weekday() - 1)); }

void gather_fleet(store::Database& db, const store::ReportPeriod& period, ReportFigures& figures) {
  // One read from the trend's first Monday covers the period as well (it never starts earlier:
  // a period is at most... any length, so take the earlier of both).
  Date trend_first = monday_of(period.to).plus_days(-7LL * (kTrendWeeks - 1));
  Date first = std::min(trend_first, period.from);
  auto episodes = store::fleet_episodes(db, first, period.to, period.as_of);

  std::map<int, FleetGroupFigures> by_status;
  std::map<int, FleetCurve> curves;
  for (int status : kStatuses) {
    by_status[status].group = std::to_string(status);
    curves[status].status = status;
  }
  std::map<std::string, FleetGroupFigures> by_city;
  std::map<std::tuple<int, std::string, std::string, std::string>, long long> return_steps;
  std::map<Date, FleetGroupFigures> weeks;
  for (int week = 0; week < kTrendWeeks; ++week) {
    Date monday = trend_first.plus_days(7LL * week);
    weeks[monday].group = monday.iso();
  }

  for (const auto& episode : episodes) {
    auto week = weeks.find(monday_of(episode.started_on));
    if (week != weeks.end()) count_episode(week->second, episode);
    if (episode.started_on < period.from) continue;
    auto& status = by_status[episode.status];
    if (status.group.empty()) status.group = std::to_string(episode.status);
    count_episode(status, episode);
    auto& city = by_city[episode.city];
    city.group = episode.city;
    count_episode(city, episode);
    auto& curve = curves[episode.status];
    curve.status = episode.status;
    ++curve.opened;
    if (episode.end_reason == "rentable" && episode.ended_on) {
      auto day = episode.ended_on->days_since(episode.started_on);
      for (auto d = std::max(0LL, day); d <= kCurveDays; ++d) {
        ++curve.back_by_day[static_cast<std::size_t>(d)];
      }
      ++return_steps[{episode.status, episode.last_rule, episode.last_step,
                      episode.last_channel}];
    }
  }

  // The statuses in the report's order, then any other status the platform sent.
  auto status_order = [](int status) {
    auto found = std::find(kStatuses.begin(), kStatuses.end(), status);
    return found == kStatuses.end() ? 100 + status : static_cast<int>(found - kStatuses.begin());
  };
  std::vector<int> statuses;
  for (const auto& [status, group] : by_status) statuses.push_back(status);
  std::sort(statuses.begin(), statuses.end(),
            [&](int a, int b) { return status_order(a) < status_order(b); });
  for (int status : statuses) {
    figures.fleet_by_status.push_back(by_status[status]);
    figures.fleet_curves.push_back(curves[status]);
  }
  for (auto& [city, group] : by_city) figures.fleet_by_city.push_back(std::move(group));
  for (auto& [monday, group] : weeks) figures.fleet_weeks.push_back(std::move(group));

  for (const auto& [key, returned] : return_steps) {
    const auto& [status, rule, step, channel] = key;
    figures.fleet_return_steps.push_back({status, rule, step, channel, returned});
  }
  std::stable_sort(figures.fleet_return_steps.begin(), figures.fleet_return_steps.end(),
                   [&](const FleetReturnStep& a, const FleetReturnStep& b) {
                     if (a.status != b.status) return status_order(a.status) < status_order(b.status);
                     return a.returned > b.returned;
                   });

  std::map<std::tuple<int, std::string, std::string>, FleetCallFigures> calls;
  for (const auto& call : store::fleet_calls(db, period)) {
    auto& row = calls[{status_order(call.status), call.rule, call.step}];
    row.status = call.status;
    row.rule = call.rule;
    row.step = call.step;
    ++row.calls;
    if (call.ending == "relist") ++row.relist;
    else if (call.ending == "wait") ++row.wait;
    else if (call.ending == "never") ++row.never;
    else if (call.ending == "callback") ++row.callback;
    else if (call.ending == "reached") ++row.other_reached;
    else if (call.ending == "unreached") ++row.unreached;
    else if (call.ending == "cancelled") ++row.cancelled;
    else ++row.pending;
  }
  for (auto& [key, row] : calls) figures.fleet_calls.push_back(std::move(row));
}

std::string outcome_words(const std::string& subject_kind) {
  if (subject_kind == "fleet") return "30天内恢复可租 (back to rentable within 30 days)";
  if (subject_kind == "vehicle")
    return "到期前后30天内进厂或预约 (an order or appointment by 30 days after the due date)";
  if (subject_kind == "member") return "30天内续卡 (card renewed by 30 days after the anchor)";
  return "";
}

void gather_lift(store::Database& db, const store::ReportPeriod& period,
                 const std::map<std::string, RuleHoldout>& holdout_rules,
                 ReportFigures& figures) {
  std::set<std::string> rules;
  for (const auto& rule : store::rules_with_held_tasks(db)) rules.insert(rule);
  for (const auto& [rule, holdout] : holdout_rules) {
    if (holdout.share > 0) rules.insert(rule);
  }
  for (const auto& rule : rules) {
    auto counts = store::holdout_counts(db, period, rule, kLiftHorizonDays);
    LiftFigures lift;
    lift.rule = rule;
    lift.subject_kind = counts.subject_kind;
    auto known = holdout_rules.find(rule);
    if (known != holdout_rules.end()) {
      lift.holdout_share = known->second.share;
      // A rule without cases in the period still says what it is about.
      if (lift.subject_kind.empty()) lift.subject_kind = known->second.subject_kind;
    }
    lift.outcome = outcome_words(lift.subject_kind);
    lift.outcome_defined = lift.subject_kind.empty() || !lift.outcome.empty();
    lift.treated = counts.treated;
    lift.treated_success = counts.treated_success;
    lift.held = counts.held;
    lift.held_success = counts.held_success;
    figures.lift.push_back(std::move(lift));
  }
}

}  // namespace

ReportFigures gather_figures(store::Database& db, const store::ReportPeriod& period,
                             const std::map<std::string, RuleHoldout>& holdout_rules) {
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
  gather_fleet(db, period, figures);
  gather_lift(db, period, holdout_rules, figures);
  return figures;
}

}  // namespace ownercare::report
