#include "ownercare/report/report_tables.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "ownercare/outcomes/outcome_words.hpp"

namespace ownercare::report {

namespace {

std::string count(long long value) { return std::to_string(value); }

// A share as a percentage with one decimal; blank when there is nothing to divide by.
std::string percent(long long part, long long whole) {
  if (whole == 0) return "";
  return fmt::format("{:.1f}", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string yuan(double amount) { return fmt::format("{:.2f}", amount); }

ReportColumn left(std::string name, std::string heading) {
  return {std::move(name), std::move(heading), Align::left};
}

ReportColumn right(std::string name, std::string heading) {
  return {std::move(name), std::move(heading), Align::right};
}

ReportTable callbacks_table(const ReportFigures& figures) {
  ReportTable table{
      "callbacks",
      fmt::format("售后回访覆盖率与成功率 (post-service callbacks per dealer, "
                  "target {}%)",
                  kCallbackSuccessTargetPercent),
      {left("dealer", "经销商"), right("orders", "工单数"), right("emitted", "已回访"),
       right("coverage_pct", "覆盖率%"), right("reached", "接通"), right("success_pct", "成功率%"),
       right("target_pct", "目标%"), left("below_target", "未达标"), right("by_sms", "短信回访")},
      {}};
  for (const auto& dealer : figures.dealer_callbacks) {
    table.rows.push_back({dealer.team, count(dealer.orders), count(dealer.emitted),
                          percent(dealer.emitted, dealer.orders), count(dealer.reached),
                          percent(dealer.reached, dealer.orders),
                          count(kCallbackSuccessTargetPercent), below_target(dealer) ? "yes" : "no",
                          count(dealer.by_sms)});
  }
  return table;
}

// The result columns are those of unreachable_results(), in its order; their headings the
// results' Chinese names, words ownercare-record reads back.
ReportTable unreachable_table(const ReportFigures& figures) {
  ReportTable table{"unreachable",
                    "未接通原因 (unreachable: call outcomes other than reached, per dealer)",
                    {left("dealer", "经销商")},
                    {}};
  for (const auto& result : unreachable_results()) {
    table.columns.push_back(right(result, outcomes::chinese_name(result)));
  }
  table.columns.push_back(right("other", "其他"));
  table.columns.push_back(right("total", "合计"));
  for (const auto& dealer : figures.unreachable) {
    std::vector<std::string> row{dealer.dealer};
    for (auto outcomes : dealer.per_result) row.push_back(count(outcomes));
    row.push_back(count(dealer.other));
    row.push_back(count(dealer.total()));
    table.rows.push_back(std::move(row));
  }
  return table;
}

ReportTable satisfaction_table(const ReportFigures& figures) {
  ReportTable table{
      "satisfaction",
      "满意度与投诉 (satisfaction and complaints per dealer)",
      {left("dealer", "经销商"), right("answers", "评价数"), right("level_1", "1分"),
       right("level_2", "2分"), right("level_3", "3分"), right("level_4", "4分"),
       right("level_5", "5分"), right("average", "平均分"), right("unsatisfied", "不满意"),
       right("complaints", "回访投诉"), right("complaint_orders", "工单投诉")},
      {}};
  for (const auto& dealer : figures.satisfaction) {
    std::vector<std::string> row{dealer.dealer, count(dealer.answers())};
    for (auto answers : dealer.levels) row.push_back(count(answers));
    auto average = dealer.average();
    row.push_back(average ? fmt::format("{:.2f}", *average) : "");
    row.push_back(count(dealer.unsatisfied));
    row.push_back(count(dealer.complaints));
    row.push_back(count(dealer.complaint_orders));
    table.rows.push_back(std::move(row));
  }
  return table;
}

ReportTable appointments_table(const ReportFigures& figures) {
  ReportTable table{"appointments",
                    "提醒带来的预约 (appointments from reminders, per dealer and rule)",
                    {left("dealer", "经销商"), left("rule", "规则"), right("reached", "接通"),
                     right("appointments", "预约"), right("appointment_pct", "预约率%")},
                    {}};
  for (const auto& counts : figures.appointments) {
    table.rows.push_back({counts.dealer, counts.rule, count(counts.reached),
                          count(counts.appointments),
                          percent(counts.appointments, counts.reached)});
  }
  return table;
}

ReportTable meeting_table(const ReportFigures& figures) {
  ReportTable table{
      "meeting",
      "周例会清单 (weekly dealer meeting: unsatisfied answers and complaints)",
      {left("dealer", "经销商"), left("date", "日期"), left("subject_kind", "对象"),
       left("subject_id", "工单号/VIN"), left("customer", "客户"), left("phone", "电话"),
       left("advisor", "顾问"), left("disposition", "结果"), right("satisfaction", "满意度"),
       left("note", "备注"), left("complaint", "工单投诉内容")},
      {},
      true};
  for (const auto& entry : figures.meeting) {
    table.rows.push_back({entry.dealer, entry.date.iso(), entry.subject_kind, entry.subject_id,
                          entry.customer, entry.phone, entry.advisor, entry.disposition,
                          entry.satisfaction ? count(*entry.satisfaction) : "", entry.note,
                          entry.complaint});
  }
  return table;
}

ReportTable wash_callbacks_table(const ReportFigures& figures) {
  ReportTable table{
      "wash_callbacks",
      "洗车回访 (car-wash callbacks per franchise)",
      {left("franchise", "加盟店"), right("orders", "服务单"), right("emitted", "已回访"),
       right("coverage_pct", "覆盖率%"), right("reached", "接通"), right("success_pct", "成功率%"),
       right("by_sms", "短信回访")},
      {}};
  for (const auto& franchise : figures.wash_callbacks) {
    table.rows.push_back({franchise.team, count(franchise.orders), count(franchise.emitted),
                          percent(franchise.emitted, franchise.orders), count(franchise.reached),
                          percent(franchise.reached, franchise.orders), count(franchise.by_sms)});
  }
  return table;
}

// The columns the three car-wash count tables share, after their own first columns.
void add_wash_count_columns(ReportTable& table) {
  for (auto column :
       {right("new_members", "新会员"), right("renewals", "续卡"), right("cards_sold", "售卡"),
        right("services", "服务单"), right("amount", "金额")}) {
    table.columns.push_back(std::move(column));
  }
}

void add_wash_counts(std::vector<std::string>& row, long long new_members, long long renewals,
                     long long services, double amount) {
  row.push_back(count(new_members));
  row.push_back(count(renewals));
  row.push_back(count(new_members + renewals));
  row.push_back(count(services));
  row.push_back(yuan(amount));
}

ReportTable wash_daily_table(const ReportFigures& figures) {
  ReportTable table{"wash_daily", "洗车日报 (car wash per day)", {left("date", "日期")}, {}};
  add_wash_count_columns(table);
  for (const auto& day : figures.wash_days) {
    std::vector<std::string> row{day.day.iso()};
    add_wash_counts(row, day.new_members, day.renewals, day.services, day.amount);
    table.rows.push_back(std::move(row));
  }
  return table;
}

ReportTable wash_monthly_table(const ReportFigures& figures) {
  ReportTable table{"wash_monthly",
                    "洗车月报 (car wash per month, to date)",
                    {left("month", "月份"), left("from", "起"), left("to", "止")},
                    {}};
  add_wash_count_columns(table);
  for (const auto& month : figures.wash_months) {
    std::vector<std::string> row{fmt::format("{:04}-{:02}", month.year, month.month),
                                 month.first.iso(), month.last.iso()};
    add_wash_counts(row, month.new_members, month.renewals, month.services, month.amount);
    table.rows.push_back(std::move(row));
  }
  return table;
}

ReportTable wash_franchises_table(const ReportFigures& figures) {
  ReportTable table{"wash_franchises",
                    "洗车分区域与加盟店 (car wash per region and franchise)",
                    {left("region", "区域"), left("franchise", "加盟店")},
                    {}};
  add_wash_count_columns(table);
  for (const auto& team : figures.wash_franchises) {
    std::vector<std::string> row{team.region, team.franchise};
    add_wash_counts(row, team.new_members, team.renewals, team.services, team.amount);
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string group_status_words(const std::string& group) {
  try {
    return report::status_words(std::stoi(group));
  } catch (const std::exception&) {
    return "";
  }
}

// The columns every fleet table shares after its group column(s).
void add_episode_columns(ReportTable& table) {
  table.columns.insert(
      table.columns.end(),
      {right("opened", "新增"), right("back_7", "7天内恢复"), right("back_7_pct", "7天恢复%"),
       right("back_15", "15天内恢复"), right("back_15_pct", "15天恢复%"),
       right("back_30", "30天内恢复"), right("back_30_pct", "30天恢复%"),
       right("back_later", "30天后恢复"), right("delisted", "永久下架"),
       right("handed_off", "已转交"), right("still_open", "仍未恢复"),
       right("ended_other", "其他结束")});
}

void add_episode_cells(std::vector<std::string>& row, const FleetGroupFigures& group) {
  row.insert(row.end(),
             {count(group.opened), count(group.back_7), percent(group.back_7, group.opened),
              count(group.back_15), percent(group.back_15, group.opened), count(group.back_30),
              percent(group.back_30, group.opened), count(group.back_later),
              count(group.delisted), count(group.handed_off), count(group.still_open),
              count(group.ended_other)});
}

ReportTable fleet_status_table(const ReportFigures& figures) {
  ReportTable table{"fleet_status",
                    "车队状态跟进效果 (fleet: episodes opened in the period, per status)",
                    {left("status", "状态"), left("status_label", "状态说明")},
                    {}};
  add_episode_columns(table);
  for (const auto& group : figures.fleet_by_status) {
    std::vector<std::string> row{group.group, group_status_words(group.group)};
    add_episode_cells(row, group);
    table.rows.push_back(std::move(row));
  }
  return table;
}

// A fleet table with one group column (a city, a week) before the episode columns.
ReportTable episode_table(std::string name, std::string title, ReportColumn group_column,
                          const std::vector<FleetGroupFigures>& groups) {
  ReportTable table{std::move(name), std::move(title), {std::move(group_column)}, {}};
  add_episode_columns(table);
  for (const auto& group : groups) {
    std::vector<std::string> row{group.group};
    add_episode_cells(row, group);
    table.rows.push_back(std::move(row));
  }
  return table;
}

ReportTable fleet_city_table(const ReportFigures& figures) {
  return episode_table("fleet_city",
                       "车队分城市效果 (fleet: episodes opened in the period, per city)",
                       left("city", "城市"), figures.fleet_by_city);
}

ReportTable fleet_weekly_table(const ReportFigures& figures) {
  return episode_table(
      "fleet_weekly",
      fmt::format("车队每周趋势 (fleet: episodes opened per week, the last {} weeks)", kTrendWeeks),
      left("week", "周一"), figures.fleet_weeks);
}

ReportTable fleet_return_steps_table(const ReportFigures& figures) {
  ReportTable table{
      "fleet_return_steps",
      "恢复可租前的最后一步 (fleet: the last step sent before a return to rentable)",
      {left("status", "状态"), left("rule", "规则"), left("step", "步骤"),
       left("channel", "渠道"), right("returned", "恢复数"), right("share_pct", "占比%")},
      {}};
  std::map<int, long long> per_status;
  for (const auto& row : figures.fleet_return_steps) per_status[row.status] += row.returned;
  for (const auto& row : figures.fleet_return_steps) {
    bool none = row.rule.empty();
    table.rows.push_back({std::to_string(row.status), none ? "(未发送 none sent)" : row.rule,
                          row.step, row.channel, count(row.returned),
                          percent(row.returned, per_status[row.status])});
  }
  return table;
}

ReportTable fleet_calls_table(const ReportFigures& figures) {
  ReportTable table{
      "fleet_calls",
      "车队外呼结果 (fleet calls: how each call step ended)",
      {left("status", "状态"), left("rule", "规则"), left("step", "步骤"), right("calls", "外呼"),
       right("relist", outcomes::chinese_name("relist")),
       right("wait", outcomes::chinese_name("wait")),
       right("never", outcomes::chinese_name("never")),
       right("callback", outcomes::chinese_name("callback")),
       right("other_reached", "其他接通"), right("unreached", "未接通"),
       right("cancelled", "已恢复取消"), right("pending", "待结果"),
       right("reached_pct", "接通率%")},
      {}};
  for (const auto& row : figures.fleet_calls) {
    long long reached = row.relist + row.wait + row.never + row.callback + row.other_reached;
    table.rows.push_back({std::to_string(row.status), row.rule, row.step, count(row.calls),
                          count(row.relist), count(row.wait), count(row.never),
                          count(row.callback), count(row.other_reached), count(row.unreached),
                          count(row.cancelled), count(row.pending), percent(reached, row.calls)});
  }
  return table;
}

std::string rate(std::optional<double> share) {
  return share ? fmt::format("{:.1f}", 100.0 * *share) : "";
}

std::string verdict(const LiftFigures& lift) {
  if (!lift.outcome_defined) return "无结果定义 (no outcome defined for this kind)";
  if (!lift.enough()) {
    return fmt::format("数量不足 (not enough subjects: fewer than {} in a group)",
                       kLiftMinimumPerGroup);
  }
  auto interval = lift.interval();
  if (interval->first > 0) return "显著提升 (significant lift)";
  if (interval->second < 0) return "显著下降 (significantly worse)";
  return "不显著 (not significant)";
}

ReportTable lift_table(const ReportFigures& figures) {
  ReportTable table{
      "lift",
      "对照组效果 (lift: treated against held subjects, 95% confidence interval)",
      {left("rule", "规则"), left("subject_kind", "对象"), right("holdout_pct", "对照组比例%"),
       left("outcome", "成功标准"), right("treated", "触达组"),
       right("treated_success", "触达组成功"), right("treated_pct", "触达组成功率%"),
       right("held", "对照组"), right("held_success", "对照组成功"),
       right("held_pct", "对照组成功率%"), right("lift_pts", "提升(百分点)"),
       right("ci_low_pts", "95%下限"), right("ci_high_pts", "95%上限"),
       left("verdict", "结论")},
      {}};
  for (const auto& lift : figures.lift) {
    auto interval = lift.interval();
    table.rows.push_back(
        {lift.rule, lift.subject_kind,
         lift.holdout_share ? fmt::format("{:.1f}", 100.0 * *lift.holdout_share) : "",
         lift.outcome, count(lift.treated), count(lift.treated_success),
         rate(lift.treated_rate()), count(lift.held), count(lift.held_success),
         rate(lift.held_rate()), rate(lift.lift()),
         interval ? fmt::format("{:.1f}", 100.0 * interval->first) : "",
         interval ? fmt::format("{:.1f}", 100.0 * interval->second) : "", verdict(lift)});
  }
  return table;
}

}  // namespace

std::string status_words(int status) {
  switch (status) {
    case -1: return "自动下线（未登录）";
    case -2: return "自动不可租（拒单率高）";
    case 0: return "车主暂停出租";
    case 1: return "可租";
    default: return "";
  }
}

const std::vector<std::string>& report_table_names() {
  static const std::vector<std::string> names = {"fleet_status",
                                                 "fleet_city",
                                                 "fleet_weekly",
                                                 "fleet_return_steps",
                                                 "fleet_calls",
                                                 "lift",
                                                 "callbacks",    "unreachable",  "satisfaction",
                                                 "appointments", "meeting",      "wash_callbacks",
                                                 "wash_daily",   "wash_monthly", "wash_franchises"};
  return names;
}

std::vector<ReportTable> report_tables(const ReportFigures& figures) {
  return {fleet_status_table(figures),
          fleet_city_table(figures),
          fleet_weekly_table(figures),
          fleet_return_steps_table(figures),
          fleet_calls_table(figures),
          lift_table(figures),
          callbacks_table(figures),    unreachable_table(figures),  satisfaction_table(figures),
          appointments_table(figures), meeting_table(figures),      wash_callbacks_table(figures),
          wash_daily_table(figures),   wash_monthly_table(figures), wash_franchises_table(figures)};
}

}  // namespace ownercare::report
