#include "ownercare/report/report_tables.hpp"

#include <fmt/format.h>

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

}  // namespace

const std::vector<std::string>& report_table_names() {
  static const std::vector<std::string> names = {"callbacks",    "unreachable",  "satisfaction",
                                                 "appointments", "meeting",      "wash_callbacks",
                                                 "wash_daily",   "wash_monthly", "wash_franchises"};
  return names;
}

std::vector<ReportTable> report_tables(const ReportFigures& figures) {
  return {callbacks_table(figures),    unreachable_table(figures),  satisfaction_table(figures),
          appointments_table(figures), meeting_table(figures),      wash_callbacks_table(figures),
          wash_daily_table(figures),   wash_monthly_table(figures), wash_franchises_table(figures)};
}

}  // namespace ownercare::report
