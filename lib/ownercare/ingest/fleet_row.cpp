#include "ownercare/ingest/fleet_row.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/phone.hpp"
#include "ownercare/core/text.hpp"

namespace ownercare::ingest {

namespace {
constexpr std::size_t kMaxIdLength = 64;
}  // namespace

const std::vector<csv::ColumnSpec>& fleet_columns() {
  static const std::vector<csv::ColumnSpec> columns = {
      {"vehicle_id", {"车辆ID", "车辆id", "车辆编号", "车ID", "车辆编码"}, true},
      {"plate", {"车牌号", "车牌", "车牌号码"}, true},
      {"owner_name", {"车主姓名", "车主", "姓名", "车主名称"}, false},
      {"owner_phone",
       {"车主电话", "车主手机", "手机", "手机号", "手机号码", "联系电话", "联系方式", "电话",
        "联系手机"},
       true, true},
      {"city", {"城市", "所在城市"}, false},
      {"status", {"状态", "出租状态", "租赁状态", "车辆状态"}, true},
      {"status_since", {"状态开始日期", "状态日期", "状态开始时间"}, false},
      {"last_login", {"最后登录", "最后登录日期", "最近登录时间", "最后登录时间", "上次登录时间"},
       false},
      {"reject_rate", {"拒单率", "拒单或无响应率"}, false},
      {"lost_income", {"损失收入", "损失金额", "拒单金额"}, false},
  };
  return columns;
}

bool FleetRowParser::parse(const csv::Record& record, store::FleetFacts& facts) {
  record_ = &record;
  key_read_ = false;
  auto id = text(FleetColumn::vehicle_id);
  if (id.empty()) return reject(FleetColumn::vehicle_id, "is empty");
  if (id.size() > kMaxIdLength) return reject(FleetColumn::vehicle_id, "is longer than 64 bytes");
  if (has_control(id)) return reject(FleetColumn::vehicle_id, "holds a control character");
  facts.vehicle_id.assign(id);
  key_read_ = true;
  if (auto problem = header_.check_row(record)) {
    rejects_.add(record, *problem, fleet_columns());
    return false;
  }

  auto plate_text = text(FleetColumn::plate);
  if (plate_text.empty()) return reject(FleetColumn::plate, "is empty");
  if (utf8_length(plate_text) > 16) return reject(FleetColumn::plate, "is longer than 16 characters");
  facts.plate.assign(plate_text);
  for (char& c : facts.plate) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  replace_controls(facts.plate);

  facts.owner_name.assign(text(FleetColumn::owner_name));
  replace_controls(facts.owner_name);
  PhoneCell phone = parse_phone_cell(text(FleetColumn::owner_phone));
  if (phone.first.kind != PhoneKind::empty) {
    rejects_.count_phone(phone.first.kind == PhoneKind::invalid);
  }
  if (phone.scientific || !phone.others.empty()) {
    auto position = header_.position(FleetColumn::owner_phone);
    std::string others;
    append_other_phones(phone.others, others);
    rejects_.warn(record.line, position ? *position + 1 : 0, "owner_phone",
                  phone.scientific
                      ? scientific_phone_warning(phone.first.number)
                      : fmt::format("\"{}\" holds several numbers: the first is the owner's "
                                    "phone, the others ({}) are not kept (the platform has one "
                                    "phone per owner)",
                                    text(FleetColumn::owner_phone), others));
  }
  facts.owner_phone = std::move(phone.first.number);
  facts.phone_kind = phone_kind_name(phone.first.kind);
  facts.city.assign(text(FleetColumn::city));
  replace_controls(facts.city);

  auto status_text = text(FleetColumn::status);
  auto status_value = parse_integer(status_text);
  if (!status_value || (*status_value != 1 && *status_value != 0 && *status_value != -1 &&
                        *status_value != -2)) {
    return reject(FleetColumn::status, fmt::format("\"{}\" is not one of 1, 0, -1, -2", status_text));
  }
  facts.status = static_cast<int>(*status_value);

  if (!optional_date(FleetColumn::status_since, facts.status_since)) return false;
  if (facts.status_since && *facts.status_since > as_of_) {
    return reject(FleetColumn::status_since,
                  fmt::format("{} is after the snapshot date {}", facts.status_since->iso(),
                              as_of_.iso()));
  }
  if (!optional_date(FleetColumn::last_login, facts.last_login)) return false;

  facts.reject_rate.reset();
  auto rate_text = text(FleetColumn::reject_rate);
  if (!rate_text.empty()) {
    bool percent = rate_text.back() == '%';
    if (percent) rate_text.remove_suffix(1);
    auto rate = parse_decimal(rate_text);
    if (!rate || *rate < 0 || *rate > 100) {
      return reject(FleetColumn::reject_rate,
                    fmt::format("\"{}\" is not a rate from 0 to 1 or a percentage",
                                text(FleetColumn::reject_rate)));
    }
    // 0..1 is a share; above 1 (or with %) it is a percentage.
    facts.reject_rate = (percent || *rate > 1) ? *rate / 100 : *rate;
  }

  facts.lost_income.reset();
  auto income_text = std::string(text(FleetColumn::lost_income));
  if (!income_text.empty()) {
    std::string cleaned;
    for (std::size_t i = 0; i < income_text.size(); ++i) {
      // Accept "¥1,234.50", "￥1234", "1234元" as exports write them.
      if (income_text.compare(i, 2, "\xC2\xA5") == 0) { ++i; continue; }         // ¥
      if (income_text.compare(i, 3, "\xEF\xBF\xA5") == 0) { i += 2; continue; }  // ￥
      if (income_text.compare(i, 3, "\xE5\x85\x83") == 0) { i += 2; continue; }  // 元
      if (income_text[i] == ',') continue;
      cleaned += income_text[i];
    }
    auto income = parse_decimal(cleaned);
    if (!income || *income < 0) {
      return reject(FleetColumn::lost_income,
                    fmt::format("\"{}\" is not an amount in yuan", income_text));
    }
    facts.lost_income = *income;
  }
  return true;
}

std::string_view FleetRowParser::text(FleetColumn column) const {
  return trim(header_.field(*record_, column));
}

bool FleetRowParser::optional_date(FleetColumn column, std::optional<Date>& out) {
  out.reset();
  auto value = text(column);
  if (value.empty()) return true;
  out = parse_cell_date(value);
  if (!out) return reject(column, cell_date_problem(value));
  return true;
}

bool FleetRowParser::reject(FleetColumn column, std::string reason) {
  auto position = header_.position(column);
  rejects_.add(*record_, position ? *position + 1 : 0, fleet_columns()[column].name,
               std::string(text(column)), std::move(reason));
  return false;
}

// A row rebuilt from its (normalised) facts, in the file's column order: for rows whose
// original cells are gone by the time they are found invalid.
std::vector<std::string> cells_from_facts(const store::FleetFacts& facts,
                                          const csv::HeaderMap& header, std::size_t width) {
  std::vector<std::string> cells(width);
  auto put = [&](FleetColumn column, std::string value) {
    if (auto position = header.position(column); position && *position < width) {
      cells[*position] = std::move(value);
    }
  };
  put(FleetColumn::vehicle_id, facts.vehicle_id);
  put(FleetColumn::plate, facts.plate);
  put(FleetColumn::owner_name, facts.owner_name);
  put(FleetColumn::owner_phone, facts.owner_phone);
  put(FleetColumn::city, facts.city);
  put(FleetColumn::status, std::to_string(facts.status));
  put(FleetColumn::status_since, facts.status_since ? facts.status_since->iso() : "");
  put(FleetColumn::last_login, facts.last_login ? facts.last_login->iso() : "");
  put(FleetColumn::reject_rate, facts.reject_rate ? fmt::format("{}", *facts.reject_rate) : "");
  put(FleetColumn::lost_income, facts.lost_income ? fmt::format("{}", *facts.lost_income) : "");
  return cells;
}

}  // namespace ownercare::ingest
