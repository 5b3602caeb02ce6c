#include "ownercare/ingest/dealer_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "ownercare/core/phone.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/core/vin.hpp"

namespace ownercare::ingest {

namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::int64_t kMaxKilometres = 9'999'999;

// Header names several kinds share, the most specific first: when a file has two names of
// one column (手机 and 联系电话), the one listed first is read.
const std::vector<std::string> kVinNames = {"车架号",     "VIN码",  "底盘号", "车辆识别代号",
                                            "车辆识别码", "VIN号",  "车架号码", "车辆VIN码",
                                            "VIN代码"};
const std::vector<std::string> kDealerNames = {"经销商代码", "服务站代码", "经销商编码",
                                               "经销商编号", "门店代码", "网点代码"};
const std::vector<std::string> kMobileNames = {
    "手机",     "手机号",   "手机号码", "移动电话", "车主手机", "客户手机", "联系手机",
    "车主电话", "客户电话", "联系电话", "联系方式", "电话",     "电话号码", "联系人电话"};
const std::vector<std::string> kMemberIdNames = {"会员号", "会员编号", "会员卡号", "会员ID",
                                                 "卡号"};

std::string lower_trimmed(std::string_view text) { return ascii_lower(trim(text)); }

using SpellingTable = std::vector<std::pair<std::string_view, std::string_view>>;

// Looks `text` up in a table of Chinese spellings; else the text lower-cased.
std::string normalise_word(std::string_view text, const SpellingTable& table) {
  auto value = trim(text);
  for (const auto& [written, meaning] : table) {
    if (value == written) return std::string(meaning);
  }
  return lower_trimmed(value);
}

// Removes every occurrence of `piece` from `text`.
void erase_all(std::string& text, std::string_view piece) {
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at)) {
    text.erase(at, piece.size());
  }
}

}  // namespace

const std::vector<csv::ColumnSpec>& sales_columns() {
  static const std::vector<csv::ColumnSpec> columns = {
      {"vin", kVinNames, true},
      {"plate", {"车牌号", "车牌", "车牌号码"}, false},
      {"brand", {"品牌", "品牌名称", "厂牌"}, false},
      {"model", {"车型", "车型名称", "车型描述", "车款"}, false},
      {"category", {"车辆类别", "车辆类型", "使用性质", "车辆用途"}, false},
      {"dealer_code", kDealerNames, true},
      {"customer_name", {"客户姓名", "车主姓名", "客户名称", "车主名称", "车主", "姓名"}, false},
      {"mobile", kMobileNames, false, true},
      {"home_phone", {"家庭电话", "住宅电话", "宅电"}, false, true},
      {"office_phone", {"办公电话", "单位电话", "公司电话"}, false, true},
      {"birthday", {"生日", "出生日期", "出生年月日", "客户生日"}, false},
      {"sale_date", {"销售日期", "开票日期", "发票日期", "购车日期", "购买日期"}, true},
      {"registration_date", {"上牌日期", "注册日期", "登记日期", "初登日期"}, false},
      {"warranty_start", {"保修开始日期", "保修起始日期", "保修开始"}, false},
      {"warranty_end", {"保修结束日期", "保修截止日期", "保修到期日期", "保修到期日"}, false},
      {"warranty_km", {"保修里程", "保修公里数", "保修结束里程"}, false},
      {"odometer_km", {"行驶里程", "里程数", "当前里程", "里程"}, false},
      {"odometer_date", {"里程日期", "读数日期"}, false},
  };
  return columns;
}

const std::vector<csv::ColumnSpec>& service_columns() {
  // vin and member_id are both optional columns: a row needs one of them (checked per row,
  // and a file with neither column is refused by the importer).
  static const std::vector<csv::ColumnSpec> columns = {
      {"order_id", {"工单号", "委托书号", "工单编号", "维修工单号", "委托书编号", "结算单号"}, true},
      {"vin", kVinNames, false},
      {"member_id", kMemberIdNames, false},
      {"dealer_code",
       {"经销商代码", "服务站代码", "经销商编码", "经销商编号", "门店代码", "网点代码", "加盟店",
        "加盟商", "门店"},
       false},
      {"type", {"维修类型", "工单类型", "服务类型", "业务类型", "维修类别"}, true},
      {"opened", {"开单日期", "进厂日期", "进站日期", "开单时间", "进厂时间"}, false},
      {"closed", {"结算日期", "出厂日期", "交车日期", "结算时间", "出厂时间"}, true},
      {"mileage_km", {"进厂里程", "行驶里程", "进站里程", "里程"}, false},
      {"advisor", {"服务顾问", "接待员", "服务专员", "接待顾问"}, false},
      {"suggestion", {"维修建议", "建议维修", "建议维修项目", "建议项目"}, false},
      {"complaint", {"投诉", "投诉内容", "客户投诉"}, false},
      {"amount", {"金额", "结算金额", "总金额", "工单金额", "合计金额"}, false},
  };
  return columns;
}

const std::vector<csv::ColumnSpec>& member_columns() {
  static const std::vector<csv::ColumnSpec> columns = {
      {"member_id", kMemberIdNames, true},
      {"name", {"姓名", "会员姓名", "客户姓名"}, false},
      {"mobile", kMobileNames, true, true},
      {"region", {"区域", "地区", "大区"}, false},
      {"franchise", {"加盟店", "加盟商", "门店"}, false},
      {"card_type", {"卡类型", "会员卡类型", "卡种", "会员等级"}, false},
      {"balance", {"余额", "卡内余额", "账户余额", "储值余额"}, false},
      {"expires", {"有效期", "到期日期", "有效期至", "截止日期"}, false},
      {"joined", {"入会日期", "注册时间", "开卡日期", "办卡日期", "注册日期"}, false},
  };
  return columns;
}

std::string normalise_category(std::string_view text) {
  static const SpellingTable table = {
      {"乘用车", "passenger"}, {"小型客车", "passenger"}, {"私家车", "passenger"},
      {"营运", "commercial"},  {"营运车", "commercial"},  {"出租", "commercial"},
      {"出租车", "commercial"}, {"商用车", "commercial"}, {"货车", "truck"},
      {"卡车", "truck"},
  };
  return normalise_word(text, table);
}

std::string normalise_service_type(std::string_view text) {
  static const SpellingTable table = {
      {"维修", "repair"},
      {"一般维修", "repair"},
      {"机修", "repair"},
      {"钣喷", "repair"},
      {"保养", "maintenance"},
      {"定保", "maintenance"},
      {"定期保养", "maintenance"},
      {"首保", "first_maintenance"},
      {"强保", "first_maintenance"},
      {"首次保养", "first_maintenance"},
      {"保修", "warranty"},
      {"索赔", "warranty"},
      {"三包", "warranty"},
      {"洗车", "wash"},
      {"精洗", "wash"},
  };
  return normalise_word(text, table);
}

std::optional<std::int64_t> parse_kilometres(std::string_view text) {
  std::string value(trim(text));
  for (std::string_view unit : {"公里", "km", "KM", "Km", "kM"}) {
    if (value.size() >= unit.size() && value.compare(value.size() - unit.size(), unit.size(),
                                                     unit) == 0) {
      value.erase(value.size() - unit.size());
      value = std::string(trim(value));
      break;
    }
  }
  erase_all(value, ",");
  // Spreadsheets write whole numbers as "12345.0"; an odometer may show tenths: rounded to
  // the nearest kilometre, halves up.
  bool round_up = false;
  if (auto dot = value.find('.'); dot != std::string::npos) {
    if (dot + 1 == value.size() ||
        value.find_first_not_of("0123456789", dot + 1) != std::string::npos) {
      return std::nullopt;
    }
    round_up = value[dot + 1] >= '5';
    value.erase(dot);
  }
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  if (value.size() > 7) return std::nullopt;
  auto number = parse_integer(value);
  if (!number) return std::nullopt;
  if (round_up) ++*number;
  if (*number > kMaxKilometres) return std::nullopt;
  return *number;
}

std::optional<double> parse_yuan(std::string_view text) {
  std::string value(trim(text));
  erase_all(value, "\xC2\xA5");      // ¥
  erase_all(value, "\xEF\xBF\xA5");  // ￥
  erase_all(value, "\xE5\x85\x83");  // 元
  erase_all(value, ",");
  auto number = parse_decimal(value);
  if (!number || *number < 0) return std::nullopt;
  return *number;
}

// --- FieldReader

std::string_view FieldReader::text(std::size_t column) const {
  return trim(header_.field(*record_, column));
}

void FieldReader::text_into(std::size_t column, std::string& out, bool lines) const {
  out.assign(text(column));
  if (lines) replace_controls_keep_lines(out);
  else replace_controls(out);
}

bool FieldReader::row_shape() {
  auto problem = header_.check_row(*record_);
  if (!problem) return true;
  rejects_.add(*record_, *problem, columns_);
  return false;
}

bool FieldReader::reject(std::size_t column, std::string reason) {
  auto position = header_.position(column);
  rejects_.add(*record_, position ? *position + 1 : 0, columns_[column].name,
               std::string(text(column)), std::move(reason));
  return false;
}

bool FieldReader::identifier(std::size_t column, bool required, std::string& out) {
  auto value = text(column);
  if (value.empty()) {
    out.clear();
    return required ? reject(column, "is empty") : true;
  }
  if (value.size() > kMaxIdLength) return reject(column, "is longer than 64 bytes");
  if (has_control(value)) return reject(column, "holds a control character");
  out.assign(value);
  return true;
}

bool FieldReader::vin(std::size_t column, bool required, std::string& out) {
  auto value = text(column);
  if (value.empty()) {
    out.clear();
    return required ? reject(column, "is empty") : true;
  }
  VinCheck check = check_vin(value);
  if (!check.valid()) return reject(column, fmt::format("\"{}\" {}", value, check.reason));
  out = std::move(check.vin);
  return true;
}

bool FieldReader::date(std::size_t column, bool required, std::optional<Date>& out,
                       std::optional<Date> not_after, const char* not_after_what) {
  out.reset();
  auto value = text(column);
  if (value.empty()) return required ? reject(column, "is empty") : true;
  out = parse_cell_date(value);
  if (!out) return reject(column, cell_date_problem(value));
  if (not_after && *out > *not_after) {
    return reject(column, fmt::format("{} is after {} {}", out->iso(), not_after_what,
                                      not_after->iso()));
  }
  return true;
}

bool FieldReader::kilometres(std::size_t column, std::optional<std::int64_t>& out) {
  out.reset();
  auto value = text(column);
  if (value.empty()) return true;
  out = parse_kilometres(value);
  if (!out) {
    return reject(column,
                  fmt::format("\"{}\" is not a number of kilometres (0 to 9,999,999)",
                              value));
  }
  return true;
}

bool FieldReader::yuan(std::size_t column, std::optional<double>& out) {
  out.reset();
  auto value = text(column);
  if (value.empty()) return true;
  out = parse_yuan(value);
  if (!out) return reject(column, fmt::format("\"{}\" is not an amount in yuan", value));
  return true;
}

void FieldReader::phone(std::size_t column, std::string& number, std::string& kind,
                        std::string* others) const {
  PhoneCell cell = parse_phone_cell(text(column));
  if (cell.first.kind != PhoneKind::empty) {
    rejects_.count_phone(cell.first.kind == PhoneKind::invalid);
  }
  if (cell.scientific) {
    auto position = header_.position(column);
    rejects_.warn(record_->line, position ? *position + 1 : 0, columns_[column].name,
                  scientific_phone_warning(cell.first.number));
  }
  number = std::move(cell.first.number);
  kind = phone_kind_name(cell.first.kind);
  if (others) append_other_phones(cell.others, *others);
}

// --- the parsers

bool SalesRowParser::parse(const csv::Record& record, store::SaleFacts& f) {
  namespace c = sales_column;
  auto& in = fields_;
  in.start(record);
  key_read_ = false;
  if (!in.vin(c::vin, true, f.vin)) return false;
  key_read_ = true;
  if (!in.row_shape()) return false;
  in.text_into(c::plate, f.plate);
  if (utf8_length(f.plate) > 16) return in.reject(c::plate, "is longer than 16 characters");
  for (char& ch : f.plate) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  in.text_into(c::brand, f.brand);
  in.text_into(c::model, f.model);
  f.category = normalise_category(in.text(c::category));
  replace_controls(f.category);
  if (!in.identifier(c::dealer_code, true, f.dealer_code)) return false;
  in.text_into(c::customer_name, f.customer_name);
  f.other_phones.clear();
  in.phone(c::mobile, f.mobile, f.mobile_kind, &f.other_phones);
  in.phone(c::home_phone, f.home_phone, f.home_kind, &f.other_phones);
  in.phone(c::office_phone, f.office_phone, f.office_kind, &f.other_phones);
  if (!in.date(c::birthday, false, f.birthday)) return false;
  std::optional<Date> sale_date;
  if (!in.date(c::sale_date, true, sale_date, in.as_of(), "the snapshot date")) return false;
  f.sale_date = *sale_date;
  if (!in.date(c::registration_date, false, f.registration_date)) return false;
  if (!in.date(c::warranty_start, false, f.warranty_start)) return false;
  if (!in.date(c::warranty_end, false, f.warranty_end)) return false;
  if (!in.kilometres(c::warranty_km, f.warranty_km)) return false;
  if (!in.kilometres(c::odometer_km, f.odometer_km)) return false;
  return in.date(c::odometer_date, false, f.odometer_date, in.as_of(), "the snapshot date");
}

bool ServiceRowParser::parse(const csv::Record& record, store::ServiceOrderFacts& f) {
  namespace c = service_column;
  auto& in = fields_;
  in.start(record);
  key_read_ = false;
  if (!in.identifier(c::order_id, true, f.order_id)) return false;
  key_read_ = true;
  if (!in.row_shape()) return false;
  if (!in.vin(c::vin, false, f.vin)) return false;
  if (!in.identifier(c::member_id, false, f.member_id)) return false;
  if (f.vin.empty() && f.member_id.empty()) {
    return in.reject(in.has(c::vin) ? c::vin : c::member_id,
                     "the order has neither a vin nor a member_id");
  }
  if (!in.identifier(c::dealer_code, false, f.dealer_code)) return false;
  f.type = normalise_service_type(in.text(c::type));
  replace_controls(f.type);
  if (f.type.empty()) return in.reject(c::type, "is empty");
  std::optional<Date> closed;
  if (!in.date(c::closed, true, closed, in.as_of(), "the file's date")) return false;
  f.closed = *closed;
  if (!in.date(c::opened, false, f.opened, f.closed, "closed")) return false;
  if (!in.kilometres(c::mileage_km, f.mileage_km)) return false;
  in.text_into(c::advisor, f.advisor);
  in.text_into(c::suggestion, f.suggestion, true);
  in.text_into(c::complaint, f.complaint, true);
  return in.yuan(c::amount, f.amount);
}

bool MemberRowParser::parse(const csv::Record& record, store::MemberFacts& f) {
  namespace c = member_column;
  auto& in = fields_;
  in.start(record);
  key_read_ = false;
  if (!in.identifier(c::member_id, true, f.member_id)) return false;
  key_read_ = true;
  if (!in.row_shape()) return false;
  in.text_into(c::name, f.name);
  f.other_phones.clear();
  in.phone(c::mobile, f.mobile, f.mobile_kind, &f.other_phones);
  in.text_into(c::region, f.region);
  in.text_into(c::franchise, f.franchise);
  in.text_into(c::card_type, f.card_type);
  if (!in.yuan(c::balance, f.balance)) return false;
  if (!in.date(c::expires, false, f.expires)) return false;
  return in.date(c::joined, false, f.joined, in.as_of(), "the snapshot date");
}

}  // namespace ownercare::ingest
