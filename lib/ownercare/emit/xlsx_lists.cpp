#include "ownercare/emit/xlsx_lists.hpp"

namespace ownercare::emit {

namespace {

SheetColumn text(std::string name, std::string heading) {
  return {std::move(heading), std::move(name), CellKind::text};
}

SheetColumn number(std::string name, std::string heading) {
  return {std::move(heading), std::move(name), CellKind::number};
}

SheetColumn date(std::string name, std::string heading) {
  return {std::move(heading), std::move(name), CellKind::date};
}

}  // namespace

const std::vector<XlsxList>& xlsx_lists() {
  static const std::vector<XlsxList> lists = {
      {"calls",
       "calls.xlsx",
       "外呼名单",
       {text("task_id", "任务号"), text("subject_kind", "对象类型"),
        text("subject_id", "车辆/VIN/工单/会员号"), text("rule", "规则"), text("step", "步骤"),
        number("attempt", "第几次"), text("window", "拨打时段"), text("name", "姓名"),
        text("phone", "电话"), text("other_phones", "其他电话"), text("team", "负责方"),
        text("reason", "致电事由"), text("context", "背景信息")}},
      {"handoff",
       "handoff.xlsx",
       "移交名单",
       {text("task_id", "任务号"), text("subject_kind", "对象类型"),
        text("subject_id", "车辆/VIN/工单/会员号"), text("rule", "规则"), text("step", "步骤"),
        text("plate", "车牌"), text("status", "状态"), number("days_in_status", "状态天数"),
        number("sms_sent", "已发短信"), number("calls_made", "已打电话"),
        text("last_outcome", "上次结果"), text("status_label", "状态说明"),
        date("status_since", "状态开始日期"), text("city", "城市"), text("history", "经过")}},
  };
  return lists;
}

Sheet list_sheet(const XlsxList& list, const std::vector<store::EmittedRow>& rows) {
  Sheet sheet{list.sheet_name, list.columns, {}};
  for (const auto& row : rows) {
    if (row.file == list.key) sheet.rows.push_back(row.cells);
  }
  return sheet;
}

}  // namespace ownercare::emit
