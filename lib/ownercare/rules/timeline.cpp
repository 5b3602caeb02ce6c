#include "ownercare/rules/timeline.hpp"

#include <fmt/format.h>

#include "ownercare/core/text.hpp"

namespace ownercare::rules {

namespace {

// The text with the rule's [params] filled in; placeholders of the subject stay as they are.
std::string fill_params(const Rule& rule, std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] != '{') {
      auto close = text.find('}', i);
      if (close != std::string_view::npos) {
        auto found = rule.params.find(std::string(text.substr(i + 1, close - i - 1)));
        if (found != rule.params.end()) {
          out += found->second;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

std::string step_line(const Rule& rule, const Step& step, std::optional<Date> anchor) {
  std::string when = anchor ? anchor->plus_days(step.day).iso() + "  " : "";
  std::string detail;
  switch (step.channel) {
    case Channel::sms: {
      std::string text = sms_text(rule, step, fill_params(rule, step.text));
      bool with_opt_out = step.marketing && !rule.opt_out.empty();
      detail = fmt::format("at {}, {} characters with the signature{}, before the {{values}}: {}",
                           format_clock(step.send_at), utf16_length(text),
                           with_opt_out ? " and opt-out" : "", text);
      if (!step.after.empty()) {
        detail = fmt::format("when {} ends without reaching the customer, ", step.after) + detail;
      }
      if (!step.fallback_text.empty()) {
        detail += fmt::format("\n{:>24}fallback: {}", "",
                              sms_text(rule, step, fill_params(rule, step.fallback_text)));
      }
      break;
    }
    case Channel::call: {
      std::string windows;
      for (const auto& window : step.windows) windows += (windows.empty() ? "" : ", ") + window.text();
      detail = fmt::format("up to {} tries in {}; a try waits {} nights for its outcome: {}",
                           step.max_attempts, windows, step.expire_days, step.reason);
      break;
    }
    case Channel::handoff:
      detail = step.reason;
      break;
  }
  if (!step.after.empty()) when = anchor ? std::string(12, ' ') : "";
  return fmt::format("  day {:>4}  {}{:<8} {:<12} {}\n", step.day, when,
                     channel_name(step.channel), step.name, detail);
}

}  // namespace

std::string rule_timeline(const RuleSet& set, const Rule& rule, std::optional<Date> start) {
  std::string text = fmt::format("rule {} ({}), file {}\n", rule.name, rule.title, rule.file);
  std::string when;
  for (const auto& condition : rule.when) {
    std::string values;
    for (const auto& value : condition.values) values += (values.empty() ? "" : " or ") + value;
    when += fmt::format("{}{} = {}", when.empty() ? "" : ", ", condition.field, values);
  }
  text += fmt::format("subject {}, anchor {}{}, priority {}, grace {} days{}\n",
                      subject_kind_name(rule.subject), anchor_kind_name(rule.anchor),
                      when.empty() ? "" : ", when " + when, rule.priority, rule.grace_days,
                      rule.holdout > 0 ? fmt::format(", holdout {:.0f}%", rule.holdout * 100)
                                       : "");
  if (rule.anchor == AnchorKind::last_visit) {
    text += fmt::format("the anchor is {} months after the last service order (or the sale)\n",
                        rule.after_months);
  } else if (rule.anchor == AnchorKind::balance_low) {
    text += fmt::format("the anchor is the snapshot in which the balance fell below {} yuan\n",
                        rule.balance_below);
  }
  if (rule.anchor == AnchorKind::holiday && !start) {
    for (const auto& holiday : set.calendar.holidays()) {
      text += fmt::format("{} from {}{}:\n", holiday.name, holiday.first_off.iso(),
                          holiday.estimated ? " (estimated)" : "");
      for (const auto& step : rule.steps) text += step_line(rule, step, holiday.first_off);
    }
    if (set.calendar.holidays().empty()) text += "  (the calendar has no holidays)\n";
    return text;
  }
  for (const auto& step : rule.steps) text += step_line(rule, step, start);
  return text;
}

}  // namespace ownercare::rules
