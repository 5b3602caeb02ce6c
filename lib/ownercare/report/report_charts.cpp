#include "ownercare/report/report_charts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/outcomes/outcome_words.hpp"
#include "ownercare/report/report_tables.hpp"

namespace ownercare::report {

std::string fleet_status_name(int status) {
  static const char* const kEnglish[] = {"paused by owner", "offline: no login",
                                         "unrentable: rejections"};
  auto words = status_words(status);
  if (words.empty() || status > 0) return fmt::format("状态 {0} (status {0})", status);
  return fmt::format("状态 {} {} (status {}, {})", status, words, status, kEnglish[-status]);
}

LineChart return_curves_chart(const ReportFigures& figures) {
  LineChart chart;
  chart.title = "恢复可租曲线 (back to rentable, by day of the status)";
  chart.description = fmt::format(
      "For each fleet status, the share of the episodes opened in the period {} to {} that "
      "were back to rentable by day N of the status, N = 0 to {}, as of {}.",
      figures.period.from.iso(), figures.period.to.iso(), kCurveDays, figures.period.as_of.iso());
  chart.x_label = "状态第 N 天 (day N of the status)";
  chart.y_label = "已恢复可租 % (back to rentable)";
  chart.x_min = 0;
  chart.x_max = kCurveDays;
  for (int day = 0; day <= kCurveDays; day += 5) {
    chart.x_ticks.push_back({static_cast<double>(day), std::to_string(day)});
  }
  chart.y_axis = percent_axis();
  for (const auto& curve : figures.fleet_curves) {
    if (curve.opened == 0) {
      chart.notes.push_back(fleet_status_name(curve.status) +
                            ": 本期无新开启, 无曲线 (no episode opened in the period, no line)");
      continue;
    }
    LineSeries series{fleet_status_name(curve.status) + " n=" + std::to_string(curve.opened), {}};
    for (int day = 0; day <= kCurveDays; ++day) {
      auto back = curve.back_by_day[static_cast<std::size_t>(day)];
      series.points.emplace_back(day, 100.0 * static_cast<double>(back) /
                                          static_cast<double>(curve.opened));
    }
    chart.series.push_back(std::move(series));
  }
  if (!chart.series.empty()) {
    chart.notes.push_back("n = 本期新开启数; 近期开启的仍在增长 (n = episodes opened; recent "
                          "ones are still growing)");
  }
  return chart;
}

BarChart callback_success_chart(const ReportFigures& figures) {
  BarChart chart;
  chart.title = fmt::format("售后回访成功率 (callback success per dealer, target {}%)",
                            kCallbackSuccessTargetPercent);
  chart.description = fmt::format(
      "Per dealer, the orders closed from {} to {} whose callback reached the customer, as a "
      "share of the orders, against the {}% target; dealers below it are marked.",
      figures.period.from.iso(), figures.period.to.iso(), kCallbackSuccessTargetPercent);
  chart.value_label = "接通 / 工单 % (reached / orders)";
  chart.axis = percent_axis();
  for (const auto& dealer : figures.dealer_callbacks) {
    double share = dealer.orders == 0 ? 0
                                      : 100.0 * static_cast<double>(dealer.reached) /
                                            static_cast<double>(dealer.orders);
    chart.bars.push_back({dealer.team, share,
                          fmt::format("{:.1f}% ({}/{})", share, dealer.reached, dealer.orders),
                          below_target(dealer)});
  }
  chart.target = kCallbackSuccessTargetPercent;
  chart.target_label = fmt::format("目标 {}% (target)", kCallbackSuccessTargetPercent);
  chart.mark_label = "未达标 (below target)";
  chart.legend = "深色 = 达标; 浅色 ▼ = 未达标 (dark = on target; light ▼ = below target)";
  return chart;
}

BarChart unreachable_chart(const ReportFigures& figures) {
  BarChart chart;
  chart.title = "未接通原因 (unreachable reasons, all dealers)";
  chart.description = fmt::format(
      "Call outcomes other than reached on the callbacks of dealer orders closed from {} to {}, "
      "summed over the dealers, per result; every attempt counts.",
      figures.period.from.iso(), figures.period.to.iso());
  chart.value_label = "次数 (call outcomes)";
  const auto& results = unreachable_results();
  std::vector<long long> sums(results.size(), 0);
  long long other = 0;
  for (const auto& dealer : figures.unreachable) {
    for (std::size_t r = 0; r < sums.size() && r < dealer.per_result.size(); ++r) {
      sums[r] += dealer.per_result[r];
    }
    other += dealer.other;
  }
  long long largest = other;
  for (auto sum : sums) largest = std::max(largest, sum);
  if (largest == 0) return chart;
  for (std::size_t r = 0; r < results.size(); ++r) {
    chart.bars.push_back({outcomes::chinese_name(results[r]) + " (" + results[r] + ")",
                          static_cast<double>(sums[r]), std::to_string(sums[r]), false});
  }
  chart.bars.push_back({"其他 (other)", static_cast<double>(other), std::to_string(other), false});
  chart.axis = count_axis(static_cast<double>(largest));
  return chart;
}

LineChart weekly_trend_chart(const ReportFigures& figures) {
  LineChart chart;
  chart.title = fmt::format("每周趋势 (weekly trend, {} weeks)", kTrendWeeks);
  chart.description =
      "Per week (Monday to Sunday, labelled by its Monday), the fleet status episodes opened "
      "and those of them back to rentable within 30 days, as of " +
      figures.period.as_of.iso() + ".";
  chart.x_label = "周一 (week of Monday)";
  chart.y_label = "次数 (episodes)";
  long long largest = 0;
  for (const auto& week : figures.fleet_weeks) largest = std::max(largest, week.opened);
  if (largest == 0) return chart;
  chart.x_min = -0.5;
  chart.x_max = static_cast<double>(figures.fleet_weeks.size()) - 0.5;
  LineSeries opened{"新开启 (opened)", {}};
  LineSeries back{"30天内恢复可租 (back within 30 days)", {}};
  for (std::size_t w = 0; w < figures.fleet_weeks.size(); ++w) {
    const auto& week = figures.fleet_weeks[w];
    auto x = static_cast<double>(w);
    chart.x_ticks.push_back({x, week.group});
    opened.points.emplace_back(x, static_cast<double>(week.opened));
    back.points.emplace_back(x, static_cast<double>(week.back_30));
  }
  chart.series = {std::move(opened), std::move(back)};
  chart.y_axis = count_axis(static_cast<double>(largest));
  chart.notes.push_back("近几周的恢复数仍在增长 (the latest weeks' returns are still growing)");
  return chart;
}

}  // namespace ownercare::report
