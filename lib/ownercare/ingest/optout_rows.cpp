#include "ownercare/ingest/optout_rows.hpp"

#include <fmt/format.h>

#include <array>

#include "ownercare/core/phone.hpp"
#include "ownercare/core/text.hpp"

namespace ownercare::ingest {

namespace {

// Looks `text` (trimmed, ASCII lower-cased) up in a table of spellings; "" when unknown.
std::string_view spelled(std::string_view text,
                         const std::vector<std::pair<std::string_view, std::string_view>>& table) {
  std::string value = ascii_lower(trim(text));
  for (const auto& [written, meaning] : table) {
    if (value == written) return meaning;
  }
  return {};
}

}  // namespace

const std::vector<csv::ColumnSpec>& optout_columns() {
  static const std::vector<csv::ColumnSpec> columns = {
      {"phone",
       {"手机号", "手机号码", "手机", "电话", "电话号码", "号码", "联系电话", "移动电话", "mobile",
        "用户号码", "上行号码", "回复号码"},
       true},
      {"channel", {"渠道", "类型", "渠道类型", "方式"}, false},
      {"date",
       {"日期", "退订时间", "退订日期", "时间", "回复时间", "上行时间", "接收时间", "生效日期"},
       false},
      {"reason", {"原因", "备注", "退订原因"}, false},
      {"action", {"操作", "动作"}, false},
      {"content", {"回复内容", "内容", "短信内容", "上行内容", "reply"}, false},
  };
  return columns;
}

bool unsubscribe_word(std::string_view reply) {
  std::string_view value = trim(reply);
  static constexpr std::array<std::string_view, 9> kTrailing = {".", "!", ",", "~", "。",
                                                               "！", "，", "～", " "};
  for (bool more = true; more && !value.empty();) {
    more = false;
    for (auto piece : kTrailing) {
      if (value.size() >= piece.size() && value.substr(value.size() - piece.size()) == piece) {
        value.remove_suffix(piece.size());
        more = true;
      }
    }
  }
  std::string word = ascii_lower(value);
  return word == "t" || word == "td" || word == "退订" || word == "退定" || word == "退";
}

bool OptOutRowParser::parse(const csv::Record& record, OptOutRow& row) {
  namespace c = optout_column;
  auto& in = fields_;
  in.start(record);
  row = OptOutRow{};
  row.line = record.line;
  if (!in.row_shape()) return false;

  bool reply_file = in.has(c::content);
  if (reply_file) {
    auto content = in.text(c::content);
    if (!unsubscribe_word(content)) {
      row.kind = OptOutRow::Kind::ignored_reply;
      return true;
    }
  }

  Phone phone = normalise_phone(in.text(c::phone));
  if (phone.kind == PhoneKind::empty) return in.reject(c::phone, "is empty");
  if (!phone.callable()) {
    return in.reject(c::phone, fmt::format("\"{}\" is not a mobile or landline number",
                                           in.text(c::phone)));
  }
  row.phone = std::move(phone.number);

  static const std::vector<std::pair<std::string_view, std::string_view>> kChannels = {
      {"sms", "sms"},   {"短信", "sms"},  {"call", "call"}, {"电话", "call"}, {"外呼", "call"},
      {"呼叫", "call"}, {"all", "all"},   {"全部", "all"},  {"所有", "all"},
  };
  std::string_view channel = reply_file ? "sms" : "all";
  if (!in.text(c::channel).empty()) {
    channel = spelled(in.text(c::channel), kChannels);
    if (channel.empty()) {
      return in.reject(c::channel, fmt::format("\"{}\" is not one of sms (短信), call (电话, 外呼), "
                                               "all (全部)",
                                               in.text(c::channel)));
    }
  }
  if (channel == "all") row.channels = {"sms", "call"};
  else row.channels = {std::string(channel)};

  static const std::vector<std::pair<std::string_view, std::string_view>> kActions = {
      {"add", "add"},   {"新增", "add"},   {"添加", "add"},   {"加入", "add"},
      {"lift", "lift"}, {"解除", "lift"}, {"移除", "lift"}, {"撤销", "lift"},
  };
  if (!in.text(c::action).empty()) {
    auto action = spelled(in.text(c::action), kActions);
    if (action.empty()) {
      return in.reject(c::action, fmt::format("\"{}\" is not one of add (新增), lift (解除)",
                                              in.text(c::action)));
    }
    row.lift = action == "lift";
  }

  std::optional<Date> on;
  if (!in.date(c::date, false, on)) return false;
  if (on && *on > in.as_of().plus_days(1)) {
    return in.reject(c::date, fmt::format("{} is more than a day after the list's date {}",
                                          on->iso(), in.as_of().iso()));
  }
  row.on = on.value_or(in.as_of());

  in.text_into(c::reason, row.reason);
  if (row.reason.empty() && reply_file) in.text_into(c::content, row.reason);
  return true;
}

}  // namespace ownercare::ingest
