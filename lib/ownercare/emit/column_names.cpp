#include "ownercare/emit/column_names.hpp"

#include <array>

namespace ownercare::emit {

namespace {

struct Heading {
  std::string_view file;
  std::string_view column;
  std::string_view chinese;
};

// Every column of calls.csv, handoff.csv and delist.csv (emit/output_folder.cpp), in order.
// A name ownercare-record reads (outcomes/record.cpp, outcome_columns) may only be given to the
// column of the same English name.
constexpr std::array kHeadings = {
    Heading{"calls", "task_id", "任务编号"},
    Heading{"calls", "subject_kind", "对象类型"},
    Heading{"calls", "subject_id", "对象编号"},
    Heading{"calls", "rule", "规则"},
    Heading{"calls", "step", "步骤"},
    Heading{"calls", "attempt", "第几次"},
    Heading{"calls", "window", "外呼时段"},
    Heading{"calls", "name", "客户姓名"},
    Heading{"calls", "phone", "电话"},
    Heading{"calls", "other_phones", "其他电话"},
    Heading{"calls", "team", "负责团队"},
    Heading{"calls", "reason", "外呼原因"},
    Heading{"calls", "context", "拨打前须知"},

    Heading{"handoff", "task_id", "任务编号"},
    Heading{"handoff", "subject_kind", "对象类型"},
    Heading{"handoff", "subject_id", "对象编号"},
    Heading{"handoff", "rule", "规则"},
    Heading{"handoff", "step", "步骤"},
    Heading{"handoff", "plate", "车牌号"},
    Heading{"handoff", "status", "出租状态"},
    Heading{"handoff", "days_in_status", "状态天数"},
    Heading{"handoff", "sms_sent", "已发短信"},
    Heading{"handoff", "calls_made", "已打电话"},
    Heading{"handoff", "last_outcome", "最近外呼结果"},
    Heading{"handoff", "status_label", "状态说明"},
    Heading{"handoff", "status_since", "状态开始日期"},
    Heading{"handoff", "city", "城市"},
    Heading{"handoff", "history", "经过"},

    Heading{"delist", "subject_id", "车辆编号"},
    Heading{"delist", "plate", "车牌号"},
    Heading{"delist", "delisted_on", "下架日期"},
    Heading{"delist", "reason", "下架原因"},
};

}  // namespace

std::optional<HeaderLanguage> parse_header_language(std::string_view text) {
  if (text == "en") return HeaderLanguage::english;
  if (text == "zh") return HeaderLanguage::chinese;
  return std::nullopt;
}

std::optional<std::string> chinese_heading(std::string_view file, std::string_view column) {
  for (const auto& heading : kHeadings) {
    if (heading.file == file && heading.column == column) return std::string(heading.chinese);
  }
  return std::nullopt;
}

std::vector<std::string> header_row(std::string_view file, const std::vector<std::string>& columns,
                                    HeaderLanguage language) {
  if (language == HeaderLanguage::english) return columns;
  std::vector<std::string> row;
  row.reserve(columns.size());
  for (const auto& column : columns) row.push_back(chinese_heading(file, column).value_or(column));
  return row;
}

}  // namespace ownercare::emit
