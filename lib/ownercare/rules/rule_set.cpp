// Reads a rules folder into a RuleSet and checks it.
//
// Every problem is collected with its file, line and column, and all of them are reported
// together at the end, so fixing a rule file takes one run of `ownercare-rules check`.
#include "ownercare/rules/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <type_traits>
#include <toml++/toml.h>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/sha256.hpp"
#include "ownercare/core/template.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/core/toml_number.hpp"
#include "ownercare/core/toml_text.hpp"
#include "ownercare/rules/vocabulary.hpp"

namespace ownercare::rules {

const char* channel_name(Channel channel) {
  switch (channel) {
    case Channel::sms: return "sms";
    case Channel::call: return "call";
    case Channel::handoff: return "handoff";
  }
  return "?";
}

const char* subject_kind_name(SubjectKind kind) {
  switch (kind) {
    case SubjectKind::fleet: return "fleet";
    case SubjectKind::vehicle: return "vehicle";
    case SubjectKind::order: return "order";
    case SubjectKind::member: return "member";
  }
  return "?";
}

const char* anchor_kind_name(AnchorKind kind) {
  switch (kind) {
    case AnchorKind::episode_start: return "episode_start";
    case AnchorKind::holiday: return "holiday";
    case AnchorKind::sale_date: return "sale_date";
    case AnchorKind::warranty_end: return "warranty_end";
    case AnchorKind::first_service_due: return "first_service_due";
    case AnchorKind::service_due: return "service_due";
    case AnchorKind::inspection_due: return "inspection_due";
    case AnchorKind::birthday: return "birthday";
    case AnchorKind::last_visit: return "last_visit";
    case AnchorKind::closed: return "closed";
    case AnchorKind::card_expires: return "card_expires";
    case AnchorKind::balance_low: return "balance_low";
  }
  return "?";
}

std::optional<SubjectKind> parse_subject_kind(std::string_view text) {
  for (auto kind : {SubjectKind::fleet, SubjectKind::vehicle, SubjectKind::order,
                    SubjectKind::member}) {
    if (text == subject_kind_name(kind)) return kind;
  }
  return std::nullopt;
}

std::string Window::text() const { return format_clock(begin) + "-" + format_clock(end); }

std::string sms_text(const Rule& rule, const Step& step, std::string_view rendered) {
  std::string text = rule.signature;
  text += rendered;
  if (step.marketing) text += rule.opt_out;
  return text;
}

int Rule::first_day() const {
  for (const auto& step : steps) {
    if (step.after.empty()) return step.day;
  }
  return 0;
}

int Rule::last_day() const {
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if (it->after.empty()) return it->day;
  }
  return 0;
}

const Step* Rule::step(const std::string& step_name) const {
  for (const auto& item : steps) {
    if (item.name == step_name) return &item;
  }
  return nullptr;
}

const Rule* RuleSet::find(const std::string& name) const {
  for (const auto& rule : rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

int RuleSet::look_ahead_days() const {
  int ahead = 0;
  for (const auto& rule : rules) {
    if (rule.anchor == AnchorKind::holiday) ahead = std::max(ahead, -rule.first_day());
  }
  return ahead;
}

namespace {

// Collects located problems while reading one file.
class Problems {
 public:
  explicit Problems(std::vector<std::string>& errors, std::vector<std::string>& warnings)
      : errors_(errors), warnings_(warnings) {}
  void set_file(std::string file) { file_ = std::move(file); }
  const std::string& file() const { return file_; }

  void error(const toml::source_region& where, const std::string& what) {
    errors_.push_back(located(file_, where.begin.line, where.begin.column, what));
  }
  void error(const std::string& what) { errors_.push_back(located(file_, 0, 0, what)); }
  // Messages already located (those of a UsageError).
  void add(const std::vector<std::string>& messages) {
    errors_.insert(errors_.end(), messages.begin(), messages.end());
  }
  void error_at(int line, int column, const std::string& what) {
    errors_.push_back(located(file_, static_cast<std::uint64_t>(line),
                              static_cast<std::uint64_t>(column), what));
  }
  void warning(const toml::source_region& where, const std::string& what) {
    warnings_.push_back(located(file_, where.begin.line, where.begin.column, what));
  }

 private:
  std::vector<std::string>& errors_;
  std::vector<std::string>& warnings_;
  std::string file_;
};

// Reports every key of `table` that is not in `known`.
void check_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                const std::string& where, Problems& problems) {
  for (auto&& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      std::string list;
      for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
      problems.error(key.source(), fmt::format("unknown key \"{}\" in {} (known: {})", key.str(),
                                               where, list));
    }
  }
}

std::optional<std::string> get_string(const toml::table& table, std::string_view key,
                                      Problems& problems, bool required,
                                      const toml::source_region& owner) {
  const toml::node* node = table.get(key);
  if (!node) {
    if (required) problems.error(owner, fmt::format("\"{}\" is required here", key));
    return std::nullopt;
  }
  if (auto value = node->value<std::string>()) return *value;
  problems.error(node->source(), fmt::format("\"{}\" must be a string", key));
  return std::nullopt;
}

// Reports a text that is put into an SMS, a call list or a hand-off list as written (a
// signature, a reason) when it holds a placeholder, which would reach the reader unfilled.
void check_not_a_template(const toml::table& table, std::string_view key, const std::string& what,
                          const std::string& value, Problems& problems) {
  auto left = unfilled_placeholder(value);
  if (left.empty()) return;
  problems.error(table.get(key)->source(),
                 fmt::format("{} \"{}\" as it stands: {} is not filled in", what, left,
                             key == "signature" ? "the signature" : "a reason"));
}

// Reports a rendered text (an SMS text, a title) whose doubled braces would leave a
// placeholder in what is sent or shown.
void check_rendered(const std::string& text, const std::string& what,
                    const toml::source_region& where, Problems& problems) {
  auto rendered = render_fixed_parts(text);
  if (!rendered) return;  // malformed braces: reported where the text is checked
  auto left = unfilled_placeholder(*rendered);
  if (left.empty()) return;
  problems.error(where, fmt::format("{} \"{}\" as it stands ({} and {} write a literal brace)",
                                    what, left, "{{", "}}"));
}

std::optional<long long> get_integer(const toml::table& table, std::string_view key,
                                     Problems& problems, long long low, long long high) {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  std::string problem;
  auto value = whole_number(*node, key, low, high, problem);
  if (!value) problems.error(node->source(), problem);
  return value;
}

std::optional<double> get_number(const toml::table& table, std::string_view key,
                                 Problems& problems, double low, double high) {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  std::string problem;
  auto value = finite_number(*node, key, low, high, problem);
  if (!value) problems.error(node->source(), problem);
  return value;
}

std::optional<int> get_clock(const toml::table& table, std::string_view key, Problems& problems) {
  auto text = get_string(table, key, problems, false, {});
  if (!text) return std::nullopt;
  auto minute = parse_clock(*text);
  if (!minute) {
    problems.error(table.get(key)->source(),
                   fmt::format("\"{}\" is \"{}\", not a time HH:MM", key, *text));
  }
  return minute;
}

std::optional<Window> parse_window(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto begin = parse_clock(text.substr(0, dash));
  auto end = parse_clock(text.substr(dash + 1));
  if (!begin || !end || *begin >= *end) return std::nullopt;
  return Window{*begin, *end};
}

std::optional<std::vector<Window>> get_windows(const toml::table& table, std::string_view key,
                                               Problems& problems) {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  const toml::array* array = node->as_array();
  if (!array || array->empty()) {
    problems.error(node->source(),
                   fmt::format("\"{}\" must be a list of windows like [\"09:00-11:30\"]", key));
    return std::nullopt;
  }
  std::vector<Window> windows;
  for (const auto& item : *array) {
    auto text = item.value<std::string>();
    auto window = text ? parse_window(*text) : std::nullopt;
    if (!window) {
      problems.error(item.source(), fmt::format("\"{}\": each window is \"HH:MM-HH:MM\", "
                                                "start before end",
                                                key));
      return std::nullopt;
    }
    windows.push_back(*window);
  }
  return windows;
}

std::vector<std::string> get_string_list(const toml::table& table, std::string_view key,
                                         Problems& problems) {
  std::vector<std::string> list;
  const toml::node* node = table.get(key);
  if (!node) return list;
  const toml::array* array = node->as_array();
  if (!array) {
    problems.error(node->source(), fmt::format("\"{}\" must be a list of strings", key));
    return list;
  }
  for (const auto& item : *array) {
    if (auto text = item.value<std::string>()) {
      list.push_back(*text);
    } else {
      problems.error(item.source(), fmt::format("\"{}\" must hold strings only", key));
    }
  }
  return list;
}

// A TOML value written as condition text: strings as they are, integers in decimal.
std::optional<std::string> condition_value(const toml::node& node) {
  if (auto text = node.value<std::string>()) return *text;
  if (node.is_integer()) return std::to_string(node.as_integer()->get());
  if (auto flag = node.value<bool>()) return *flag ? "true" : "false";
  return std::nullopt;
}

std::optional<toml::table> read_toml_file(const std::filesystem::path& path, Problems& problems,
                                          Sha256& digest) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const Error& error) {
    problems.error(error.what());
    return std::nullopt;
  }
  digest.update(path.filename().string());
  digest.update(std::string_view("\0", 1));
  digest.update(text);
  try {
    return parse_toml(text, path.string());
  } catch (const UsageError& error) {
    problems.add(error.messages());
    return std::nullopt;
  }
}

// Defaults a rule file can set for all its rules ([defaults]).
struct FileDefaults {
  int grace_days = 2;
  int priority = 50;
  int send_at = 9 * 60;
  std::string signature;
  std::string opt_out;
  int max_segments = 2;
  std::vector<Window> call_windows;
  int max_attempts = 3;
  int expire_days = 3;
  double holdout = 0;
};

FileDefaults read_defaults(const toml::table& root, Problems& problems) {
  FileDefaults defaults;
  defaults.call_windows = {{9 * 60, 11 * 60 + 30}, {14 * 60, 16 * 60 + 30},
                           {16 * 60 + 30, 19 * 60}};
  const toml::node* node = root.get("defaults");
  if (!node) return defaults;
  const toml::table* table = node->as_table();
  if (!table) {
    problems.error(node->source(), "\"defaults\" must be a table");
    return defaults;
  }
  check_keys(*table,
             {"grace_days", "priority", "send_at", "signature", "opt_out", "max_segments",
              "call_windows", "max_attempts", "expire_days", "holdout"},
             "[defaults]", problems);
  if (auto v = get_integer(*table, "grace_days", problems, 0, 30)) defaults.grace_days = int(*v);
  if (auto v = get_integer(*table, "priority", problems, 0, 1000)) defaults.priority = int(*v);
  if (auto v = get_clock(*table, "send_at", problems)) defaults.send_at = *v;
  if (auto v = get_string(*table, "signature", problems, false, {})) {
    defaults.signature = *v;
    check_not_a_template(*table, "signature", "\"signature\" would send", *v, problems);
  }
  if (auto v = get_string(*table, "opt_out", problems, false, {})) {
    defaults.opt_out = *v;
    check_not_a_template(*table, "opt_out", "\"opt_out\" would send", *v, problems);
  }
  if (auto v = get_integer(*table, "max_segments", problems, 1, 10))
    defaults.max_segments = int(*v);
  if (auto v = get_windows(*table, "call_windows", problems)) defaults.call_windows = *v;
  if (auto v = get_integer(*table, "max_attempts", problems, 1, 10))
    defaults.max_attempts = int(*v);
  if (auto v = get_integer(*table, "expire_days", problems, 1, 30)) defaults.expire_days = int(*v);
  if (auto v = get_number(*table, "holdout", problems, 0, 0.5)) defaults.holdout = *v;
  return defaults;
}

std::map<std::string, std::string> read_params(const toml::table& root, Problems& problems) {
  std::map<std::string, std::string> params;
  const toml::node* node = root.get("params");
  if (!node) return params;
  const toml::table* table = node->as_table();
  if (!table) {
    problems.error(node->source(), "\"params\" must be a table");
    return params;
  }
  for (auto&& [key, value] : *table) {
    std::optional<std::string> text = condition_value(value);
    if (!text && value.is_floating_point()) {
      double number = value.as_floating_point()->get();
      if (!std::isfinite(number)) {
        std::string shown = std::isnan(number) ? "nan" : fmt::format("{}", number);
        problems.error(value.source(),
                       fmt::format("param \"{}\" is {}, must be a string or a finite number",
                                   key.str(), shown));
        continue;
      }
      text = fmt::format("{}", number);
    }
    if (!text) {
      problems.error(value.source(), fmt::format("param \"{}\" must be a string or a number",
                                                 key.str()));
      continue;
    }
    // A param goes into a text as written, never rendered itself.
    if (auto left = unfilled_placeholder(*text); !left.empty()) {
      problems.error(value.source(),
                     fmt::format("param \"{}\" is \"{}\": a param goes into texts as written, "
                                 "so \"{}\" would be sent as it stands",
                                 key.str(), *text, left));
    }
    params.emplace(std::string(key.str()), *text);
  }
  return params;
}

// Checks an SMS text (or fallback text) of a step: placeholders known, length within limits.
void check_sms_text(const Rule& rule, const Step& step, const std::string& text,
                    const char* key, const toml::source_region& where, Problems& problems,
                    bool is_fallback) {
  std::string error;
  auto names = template_placeholders(text, error);
  if (!error.empty()) {
    problems.error(where, fmt::format("step \"{}\" {}: {}", step.name, key, error));
    return;
  }
  check_rendered(text, fmt::format("step \"{}\" {} would send", step.name, key), where,
                 problems);
  const auto& known = placeholders(rule.subject, rule.anchor);
  std::size_t longest_values = 0;
  bool has_optional = false;
  for (const auto& name : names) {
    if (rule.params.count(name)) {
      longest_values += utf16_length(rule.params.at(name));
      continue;
    }
    auto found = std::find_if(known.begin(), known.end(),
                              [&](const Placeholder& p) { return p.name == name; });
    if (found == known.end()) {
      std::string list;
      for (const auto& p : known) list += (list.empty() ? "" : ", ") + p.name;
      problems.error(where, fmt::format("step \"{}\" {}: placeholder {{{}}} is not defined for "
                                        "{} rules anchored on {} (known: {}; or add it to "
                                        "[params])",
                                        step.name, key, name, subject_kind_name(rule.subject),
                                        anchor_kind_name(rule.anchor), list));
      continue;
    }
    if (!found->always_present) has_optional = true;
    // A generous guess of the value's length: plates 7, numbers 8, names and dates 10.
    longest_values += name == "plate_masked" ? 7 : 10;
  }
  if (has_optional && is_fallback) {
    problems.error(where, fmt::format("step \"{}\" fallback_text uses a placeholder some "
                                      "subjects lack; use only ones every subject has",
                                      step.name));
  }
  if (has_optional && !is_fallback && step.fallback_text.empty()) {
    problems.warning(where, fmt::format("step \"{}\" uses a placeholder some subjects lack and "
                                        "has no fallback_text; such subjects get no SMS",
                                        step.name));
  }
  // Length with every placeholder removed and its longest likely value put in.
  std::size_t fixed = utf16_length(rule.signature);
  if (step.marketing) fixed += utf16_length(rule.opt_out);
  std::string stripped;
  std::string ignored;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] != '{') {
      i = text.find('}', i);
      continue;
    }
    if ((text[i] == '{' || text[i] == '}') && i + 1 < text.size() && text[i + 1] == text[i]) ++i;
    stripped += text[i];
  }
  fixed += utf16_length(stripped);
  std::size_t longest = fixed + longest_values;
  int parts = static_cast<int>(longest <= 70 ? 1 : (longest + 66) / 67);
  if (parts > rule.max_segments) {
    bool with_opt_out = step.marketing && !rule.opt_out.empty();
    problems.error(where, fmt::format("step \"{}\" {} may need {} SMS parts ({} characters with "
                                      "the signature{} and long values), more than max_segments "
                                      "= {}",
                                      step.name, key, parts, longest,
                                      with_opt_out ? ", opt-out" : "", rule.max_segments));
  }
}

// Warns where a marketing SMS would go out without an opt-out instruction (SPEC 3.7), and
// where a text already carries one and opt_out would add a second.
void check_opt_out(const Rule& rule, const Step& step, const toml::source_region& where,
                   Problems& problems) {
  if (!step.marketing) return;
  bool text_has_one = step.text.find("退订") != std::string::npos;
  if (rule.opt_out.empty() && !text_has_one) {
    problems.warning(where, fmt::format("rule \"{}\" step \"{}\" is a marketing SMS without an "
                                        "opt-out instruction: set opt_out = \"回T退订\" in "
                                        "[defaults] (or marketing = false for a service "
                                        "message)",
                                        rule.name, step.name));
  } else if (!rule.opt_out.empty() && text_has_one) {
    problems.warning(where, fmt::format("rule \"{}\" step \"{}\" text already says 退订 and "
                                        "opt_out adds \"{}\" after it: the SMS would carry two "
                                        "opt-out instructions",
                                        rule.name, step.name, rule.opt_out));
  }
}

bool inside_any(const Window& window, const std::vector<Window>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const Window& hours) {
    return hours.begin <= window.begin && window.end <= hours.end;
  });
}

std::optional<Step> read_step(const toml::table& table, const Rule& rule,
                              const FileDefaults& defaults, const ContactPolicy& policy,
                              Problems& problems) {
  Step step;
  step.line = static_cast<int>(table.source().begin.line);
  step.column = static_cast<int>(table.source().begin.column);
  // Where a value came from: its own key, or the step when it came from [defaults].
  auto where = [&](std::string_view key) -> const toml::source_region& {
    const toml::node* node = table.get(key);
    return node ? node->source() : table.source();
  };
  check_keys(table,
             {"name", "day", "channel", "text", "fallback_text", "send_at", "reason", "windows",
              "max_attempts", "expire_days", "dispositions", "after", "marketing"},
             fmt::format("a step of rule \"{}\"", rule.name), problems);
  auto name = get_string(table, "name", problems, true, table.source());
  auto channel = get_string(table, "channel", problems, true, table.source());
  if (auto after = get_string(table, "after", problems, false, {})) step.after = *after;
  if (!table.get("day") && !step.after.empty()) {
    // Sent when the call it follows ends; its day is only used to order it after that call.
  } else if (!table.get("day")) {
    problems.error(table.source(), "\"day\" is required in a step");
  } else if (auto day = get_integer(table, "day", problems, -366, 3660)) {
    step.day = static_cast<int>(*day);
  }
  if (!name || !channel) return std::nullopt;
  step.name = *name;
  if (*channel == "sms") {
    step.channel = Channel::sms;
  } else if (*channel == "call") {
    step.channel = Channel::call;
  } else if (*channel == "handoff") {
    step.channel = Channel::handoff;
    if (rule.subject != SubjectKind::fleet) {
      problems.error(table.get("channel")->source(),
                     "hand-off steps are for fleet rules; dealer and car-wash rules call");
      return std::nullopt;
    }
  } else {
    problems.error(table.get("channel")->source(),
                   fmt::format("channel \"{}\" is not one of sms, call, handoff", *channel));
    return std::nullopt;
  }
  step.send_at = defaults.send_at;
  step.windows = defaults.call_windows;
  step.max_attempts = defaults.max_attempts;
  step.expire_days = defaults.expire_days;
  auto only_for = [&](std::string_view key, Channel channel_needed) {
    if (table.get(key) && step.channel != channel_needed) {
      problems.error(table.get(key)->source(),
                     fmt::format("\"{}\" only applies to {} steps", key,
                                 channel_name(channel_needed)));
    }
  };
  only_for("text", Channel::sms);
  only_for("fallback_text", Channel::sms);
  only_for("send_at", Channel::sms);
  only_for("windows", Channel::call);
  only_for("max_attempts", Channel::call);
  only_for("expire_days", Channel::call);
  only_for("dispositions", Channel::call);
  only_for("after", Channel::sms);
  only_for("marketing", Channel::sms);
  if (table.get("reason") && step.channel == Channel::sms) {
    problems.error(table.get("reason")->source(), "\"reason\" applies to call and handoff steps");
  }
  if (step.channel == Channel::sms) {
    if (auto text = get_string(table, "text", problems, true, table.source())) step.text = *text;
    if (auto text = get_string(table, "fallback_text", problems, false, {}))
      step.fallback_text = *text;
    step.marketing = step.after.empty() && rule.anchor != AnchorKind::closed;
    if (const toml::node* marketing = table.get("marketing")) {
      if (const auto* value = marketing->as_boolean()) {
        step.marketing = value->get();
      } else {
        problems.error(marketing->source(), "\"marketing\" must be true or false");
      }
    }
    if (auto at = get_clock(table, "send_at", problems)) step.send_at = *at;
    if (step.send_at < policy.sms_earliest || step.send_at > policy.sms_latest) {
      problems.error(where("send_at"),
                     fmt::format("step \"{}\" sends at {}, outside the SMS hours {}-{} of "
                                 "policy.toml",
                                 step.name, format_clock(step.send_at),
                                 format_clock(policy.sms_earliest),
                                 format_clock(policy.sms_latest)));
    }
    check_sms_text(rule, step, step.text, "text", where("text"), problems, false);
    check_opt_out(rule, step, where("text"), problems);
    if (!step.fallback_text.empty()) {
      check_sms_text(rule, step, step.fallback_text, "fallback_text", where("fallback_text"),
                     problems, true);
    }
  } else {
    if (auto reason = get_string(table, "reason", problems, true, table.source())) {
      step.reason = *reason;
      check_not_a_template(table, "reason",
                           fmt::format("step \"{}\" reason would show", step.name), *reason,
                           problems);
    }
  }
  if (step.channel == Channel::call) {
    if (auto windows = get_windows(table, "windows", problems)) step.windows = *windows;
    for (const auto& window : step.windows) {
      if (!inside_any(window, policy.call_hours)) {
        problems.error(where("windows"),
                       fmt::format("step \"{}\" window {} is outside the call hours of "
                                   "policy.toml",
                                   step.name, window.text()));
      }
    }
    if (auto v = get_integer(table, "max_attempts", problems, 1, 10)) step.max_attempts = int(*v);
    if (auto v = get_integer(table, "expire_days", problems, 1, 30)) step.expire_days = int(*v);
    step.dispositions = get_string_list(table, "dispositions", problems);
    const auto& allowed = dispositions(rule.subject);
    for (const auto& disposition : step.dispositions) {
      if (std::find(allowed.begin(), allowed.end(), disposition) == allowed.end()) {
        problems.error(table.get("dispositions")->source(),
                       fmt::format("disposition \"{}\" does not apply to {} subjects",
                                   disposition, subject_kind_name(rule.subject)));
      }
    }
  }
  return step;
}

std::optional<Rule> read_rule(const toml::table& table, const std::string& file,
                              const FileDefaults& defaults,
                              const std::map<std::string, std::string>& params,
                              const ContactPolicy& policy, Problems& problems) {
  Rule rule;
  rule.file = file;
  rule.line = static_cast<int>(table.source().begin.line);
  rule.params = params;
  rule.grace_days = defaults.grace_days;
  rule.priority = defaults.priority;
  rule.signature = defaults.signature;
  rule.opt_out = defaults.opt_out;
  rule.max_segments = defaults.max_segments;
  rule.holdout = defaults.holdout;
  check_keys(table,
             {"name", "title", "subject", "anchor", "when", "priority", "grace_days", "holdout",
              "signature", "opt_out", "max_segments", "after_months", "balance_below",
              "step"},
             "a [[rule]]", problems);
  auto name = get_string(table, "name", problems, true, table.source());
  auto subject = get_string(table, "subject", problems, true, table.source());
  auto anchor = get_string(table, "anchor", problems, true, table.source());
  if (auto title = get_string(table, "title", problems, false, {})) {
    // A title may name the file's params ({login_days}); it is filled in once, here.
    Values values(params.begin(), params.end());
    auto rendered = render_template(*title, values);
    if (rendered) {
      rule.title = *rendered;
      check_rendered(*title, "the title would show", table.get("title")->source(), problems);
    } else {
      rule.title = *title;
      problems.error(table.get("title")->source(),
                     "the title may only use placeholders defined in [params]");
    }
  }
  if (auto v = get_integer(table, "priority", problems, 0, 1000)) rule.priority = int(*v);
  if (auto v = get_integer(table, "grace_days", problems, 0, 30)) rule.grace_days = int(*v);
  if (auto v = get_number(table, "holdout", problems, 0, 0.5)) rule.holdout = *v;
  if (auto v = get_string(table, "signature", problems, false, {})) {
    rule.signature = *v;
    check_not_a_template(table, "signature", "\"signature\" would send", *v, problems);
  }
  if (auto v = get_string(table, "opt_out", problems, false, {})) {
    rule.opt_out = *v;
    check_not_a_template(table, "opt_out", "\"opt_out\" would send", *v, problems);
  }
  if (auto v = get_integer(table, "max_segments", problems, 1, 10)) rule.max_segments = int(*v);
  if (!name || !subject || !anchor) return std::nullopt;
  rule.name = *name;
  bool name_ok = !rule.name.empty() &&
                 std::all_of(rule.name.begin(), rule.name.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                 });
  if (!name_ok) {
    problems.error(table.get("name")->source(),
                   fmt::format("rule name \"{}\" must be lower-case letters, digits and _",
                               rule.name));
  }
  if (auto kind = parse_subject_kind(*subject)) {
    rule.subject = *kind;
  } else {
    problems.error(table.get("subject")->source(),
                   fmt::format("subject \"{}\" is not one of fleet, vehicle, order, member",
                               *subject));
    return std::nullopt;
  }
  bool anchor_known = false;
  for (auto kind : anchors(rule.subject)) {
    if (*anchor == anchor_kind_name(kind)) {
      rule.anchor = kind;
      anchor_known = true;
    }
  }
  if (!anchor_known) {
    std::string list;
    for (auto kind : anchors(rule.subject)) list += (list.empty() ? "" : ", ") + std::string(anchor_kind_name(kind));
    problems.error(table.get("anchor")->source(),
                   fmt::format("anchor \"{}\" is not one of {} for {} rules", *anchor, list,
                               *subject));
    return std::nullopt;
  }
  if (auto v = get_integer(table, "after_months", problems, 1, 120)) rule.after_months = int(*v);
  if (auto v = get_number(table, "balance_below", problems, 0, 1e7)) rule.balance_below = *v;
  auto only_for_anchor = [&](std::string_view key, AnchorKind needed) {
    if (table.get(key) && rule.anchor != needed) {
      problems.error(table.get(key)->source(),
                     fmt::format("\"{}\" only applies to rules anchored on {}", key,
                                 anchor_kind_name(needed)));
    }
  };
  only_for_anchor("after_months", AnchorKind::last_visit);
  only_for_anchor("balance_below", AnchorKind::balance_low);
  if (rule.anchor == AnchorKind::balance_low && !table.get("balance_below")) {
    problems.error(table.source(), fmt::format("rule \"{}\" is anchored on balance_low and "
                                               "needs \"balance_below\" (yuan)",
                                               rule.name));
  }
  if (const toml::node* when = table.get("when")) {
    const toml::table* conditions = when->as_table();
    if (!conditions) {
      problems.error(when->source(), "\"when\" must be a table like { status = -1 }");
    } else {
      const auto& fields = condition_fields(rule.subject);
      for (auto&& [key, value] : *conditions) {
        if (std::find(fields.begin(), fields.end(), key.str()) == fields.end()) {
          std::string list;
          for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
          problems.error(key.source(), fmt::format("\"when\" cannot test \"{}\" (known: {})",
                                                   key.str(), list));
          continue;
        }
        Condition condition{std::string(key.str()), {}};
        if (const toml::array* array = value.as_array()) {
          for (const auto& item : *array) {
            if (auto text = condition_value(item)) condition.values.push_back(*text);
            else problems.error(item.source(), "a condition value must be a string or a number");
          }
        } else if (auto text = condition_value(value)) {
          condition.values.push_back(*text);
        } else {
          problems.error(value.source(), "a condition value must be a string or a number");
        }
        if (condition.values.empty()) {
          problems.error(value.source(), fmt::format("\"when.{}\" has no values", key.str()));
        }
        rule.when.push_back(std::move(condition));
      }
    }
  }
  const toml::node* steps = table.get("step");
  const toml::array* step_array = steps ? steps->as_array() : nullptr;
  if (!step_array || step_array->empty()) {
    problems.error(table.source(), fmt::format("rule \"{}\" has no [[rule.step]]", rule.name));
    return std::nullopt;
  }
  for (const auto& item : *step_array) {
    const toml::table* step_table = item.as_table();
    if (!step_table) {
      problems.error(item.source(), "a step must be a table ([[rule.step]])");
      continue;
    }
    if (auto step = read_step(*step_table, rule, defaults, policy, problems)) {
      rule.steps.push_back(std::move(*step));
    }
  }
  // A step sent after a call takes that call's day, so it sorts (and shows) after it.
  for (auto& step : rule.steps) {
    if (step.after.empty()) continue;
    auto call = std::find_if(rule.steps.begin(), rule.steps.end(), [&](const Step& other) {
      return other.name == step.after && other.after.empty();
    });
    if (call == rule.steps.end() || call->channel != Channel::call) {
      problems.error_at(step.line, step.column,
                        fmt::format("rule \"{}\" step \"{}\": \"after\" must name a call step "
                                    "of the same rule, not \"{}\"",
                                    rule.name, step.name, step.after));
    } else {
      step.day = call->day;
    }
  }
  std::stable_sort(rule.steps.begin(), rule.steps.end(), [](const Step& a, const Step& b) {
    return a.day < b.day || (a.day == b.day && a.after.empty() && !b.after.empty());
  });
  std::set<std::string> step_names;
  std::set<std::pair<int, Channel>> slots;
  for (const auto& step : rule.steps) {
    if (!step_names.insert(step.name).second) {
      problems.error_at(step.line, step.column,
                        fmt::format("rule \"{}\" has two steps named \"{}\"", rule.name,
                                    step.name));
    }
    // Two steps of one channel on one day would send twice the same day: overlapping steps.
    if (step.after.empty() && !slots.insert({step.day, step.channel}).second) {
      problems.error_at(step.line, step.column,
                        fmt::format("rule \"{}\" step \"{}\" overlaps another {} step on day {}",
                                    rule.name, step.name, channel_name(step.channel), step.day));
    }
  }
  if (rule.anchor == AnchorKind::holiday) {
    for (const auto& step : rule.steps) {
      if (step.day >= 0 && step.after.empty()) {
        problems.error_at(step.line, step.column,
                          fmt::format("rule \"{}\" step \"{}\": a holiday step must come before "
                                      "the holiday (a negative day)",
                                      rule.name, step.name));
      }
    }
  }
  return rule;
}

bool has_terms(const toml::table& root) {
  return root.contains("warranty") || root.contains("maintenance") ||
         root.contains("inspection") || root.contains("projection");
}

// An array of tables ([[warranty]]) as its tables, reporting anything else.
std::vector<const toml::table*> table_array(const toml::table& root, std::string_view key,
                                            Problems& problems) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get(key);
  if (!node) return tables;
  const toml::array* array = node->as_array();
  if (!array) {
    problems.error(node->source(), fmt::format("\"{}\" must be written [[{}]]", key, key));
    return tables;
  }
  for (const auto& item : *array) {
    if (const toml::table* table = item.as_table()) {
      tables.push_back(table);
    } else {
      problems.error(item.source(), fmt::format("each {} entry must be a table ([[{}]])", key, key));
    }
  }
  return tables;
}

// The dealer's tables: warranty terms and maintenance intervals per brand and model, the
// inspection schedule, the mileage projection. `digest` gets every value read, so a change of
// any of them changes DealerTerms::digest (and makes evaluate recompute the vehicles' dates).
void read_terms(const toml::table& root, DealerTerms& terms, Sha256& digest, Problems& problems) {
  auto text = [&](const toml::table& table, std::string_view key, std::string& out) {
    if (auto v = get_string(table, key, problems, false, {})) out = *v;
    digest.update(out);
    digest.update(std::string_view("\0", 1));
  };
  auto whole = [&](const toml::table& table, std::string_view key, long long low, long long high,
                   auto& out) {
    if (auto v = get_integer(table, key, problems, low, high)) {
      out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
    }
    digest.update(std::to_string(out));
    digest.update(std::string_view("\0", 1));
  };
  for (const toml::table* table : table_array(root, "warranty", problems)) {
    check_keys(*table, {"brand", "model", "years", "km"}, "[[warranty]]", problems);
    WarrantyTerm term;
    term.line = static_cast<int>(table->source().begin.line);
    text(*table, "brand", term.brand);
    text(*table, "model", term.model);
    whole(*table, "years", 1, 30, term.years);
    whole(*table, "km", 1000, 10000000, term.km);
    terms.warranty.push_back(term);
  }
  for (const toml::table* table : table_array(root, "maintenance", problems)) {
    check_keys(*table,
               {"brand", "model", "first_km", "first_months", "interval_km", "interval_months"},
               "[[maintenance]]", problems);
    MaintenanceTerm term;
    term.line = static_cast<int>(table->source().begin.line);
    text(*table, "brand", term.brand);
    text(*table, "model", term.model);
    whole(*table, "first_km", 100, 1000000, term.first_km);
    whole(*table, "first_months", 1, 60, term.first_months);
    whole(*table, "interval_km", 100, 1000000, term.interval_km);
    whole(*table, "interval_months", 1, 60, term.interval_months);
    terms.maintenance.push_back(term);
  }
  for (const toml::table* table : table_array(root, "inspection", problems)) {
    check_keys(*table, {"category", "until_age", "every_months"}, "[[inspection]]", problems);
    InspectionTerm term;
    term.line = static_cast<int>(table->source().begin.line);
    text(*table, "category", term.category);
    whole(*table, "until_age", 1, 100, term.until_age);
    whole(*table, "every_months", 1, 60, term.every_months);
    terms.inspection.push_back(term);
  }
  if (const toml::node* node = root.get("projection")) {
    const toml::table* table = node->as_table();
    if (!table) {
      problems.error(node->source(), "\"projection\" must be a table");
      return;
    }
    check_keys(*table, {"min_days", "default_daily_km"}, "[projection]", problems);
    whole(*table, "min_days", 1, 3650, terms.projection.min_days);
    if (auto v = get_number(*table, "default_daily_km", problems, 1, 2000)) {
      terms.projection.default_daily_km = *v;
    }
    digest.update(fmt::format("{}", terms.projection.default_daily_km));
  }
}

ContactPolicy read_policy(const toml::table& root, Problems& problems) {
  ContactPolicy policy;
  policy.call_hours = {{9 * 60, 11 * 60 + 30}, {14 * 60, 19 * 60}};
  check_keys(root, {"sms", "calls"}, "policy.toml", problems);
  if (const toml::node* node = root.get("sms")) {
    if (const toml::table* sms = node->as_table()) {
      check_keys(*sms, {"per_phone_per_day", "per_phone_per_week", "earliest", "latest"},
                 "[sms]", problems);
      if (auto v = get_integer(*sms, "per_phone_per_day", problems, 1, 10))
        policy.sms_per_phone_per_day = int(*v);
      if (auto v = get_integer(*sms, "per_phone_per_week", problems, 1, 70))
        policy.sms_per_phone_per_week = int(*v);
      if (auto v = get_clock(*sms, "earliest", problems)) policy.sms_earliest = *v;
      if (auto v = get_clock(*sms, "latest", problems)) policy.sms_latest = *v;
    } else {
      problems.error(node->source(), "\"sms\" must be a table");
    }
  }
  if (const toml::node* node = root.get("calls")) {
    if (const toml::table* calls = node->as_table()) {
      check_keys(*calls, {"hours", "office_hours", "per_phone_per_day"}, "[calls]", problems);
      if (auto v = get_integer(*calls, "per_phone_per_day", problems, 1, 10))
        policy.calls_per_phone_per_day = int(*v);
      if (auto v = get_windows(*calls, "hours", problems)) policy.call_hours = *v;
      if (auto v = get_windows(*calls, "office_hours", problems)) policy.office_hours = *v;
    } else {
      problems.error(node->source(), "\"calls\" must be a table");
    }
  }
  if (policy.sms_per_phone_per_week < policy.sms_per_phone_per_day) {
    const toml::node* week = root.at_path("sms.per_phone_per_week").node();
    problems.error(week ? week->source() : root.source(),
                   "[sms] per_phone_per_week is smaller than per_phone_per_day");
  }
  return policy;
}

}  // namespace

RuleSet load_rule_set(const std::filesystem::path& folder) {
  RuleSet set;
  set.folder = folder;
  std::vector<std::string> errors;
  Problems problems(errors, set.warnings);
  if (!std::filesystem::is_directory(folder)) {
    throw UsageError(fmt::format("{}: not a rules folder", folder.string()));
  }
  std::vector<std::filesystem::path> rule_files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".toml") continue;
    auto name = entry.path().filename().string();
    if (name == "policy.toml" || name == "holidays.toml") continue;
    rule_files.push_back(entry.path());
  }
  std::sort(rule_files.begin(), rule_files.end());
  Sha256 digest;
  Sha256 terms_digest;

  auto policy_path = folder / "policy.toml";
  if (std::filesystem::exists(policy_path)) {
    problems.set_file(policy_path.string());
    if (auto root = read_toml_file(policy_path, problems, digest)) {
      set.policy = read_policy(*root, problems);
    }
  } else {
    set.policy.call_hours = {{9 * 60, 11 * 60 + 30}, {14 * 60, 19 * 60}};
  }

  auto calendar_path = folder / "holidays.toml";
  const bool has_calendar_file = std::filesystem::exists(calendar_path);
  if (has_calendar_file) {
    try {
      digest.update(read_file(calendar_path));
      set.calendar = Calendar::load(calendar_path);
    } catch (const Error& error) {
      for (const auto& message : error.messages()) errors.push_back(message);
    }
  }

  if (rule_files.empty()) {
    errors.push_back(fmt::format("{}: no rule files (*.toml) in this folder", folder.string()));
  }
  std::map<std::string, std::string> names;  // rule name -> where it was first defined
  for (const auto& path : rule_files) {
    problems.set_file(path.string());
    auto root = read_toml_file(path, problems, digest);
    if (!root) continue;
    check_keys(*root,
               {"params", "defaults", "rule", "warranty", "maintenance", "inspection",
                "projection"},
               "a rule file", problems);
    read_terms(*root, set.terms, terms_digest, problems);
    auto defaults = read_defaults(*root, problems);
    auto params = read_params(*root, problems);
    const toml::node* rules_node = root->get("rule");
    const toml::array* rules = rules_node ? rules_node->as_array() : nullptr;
    if (!rules) {
      // A file of tables only (warranty terms, schedules) needs no rule.
      if (!has_terms(*root)) problems.error("no [[rule]] in this file");
      continue;
    }
    for (const auto& item : *rules) {
      const toml::table* table = item.as_table();
      if (!table) {
        problems.error(item.source(), "a rule must be a table ([[rule]])");
        continue;
      }
      auto rule =
          read_rule(*table, path.filename().string(), defaults, params, set.policy, problems);
      if (!rule) continue;
      auto here = fmt::format("{}:{}", path.string(), rule->line);
      if (auto [first, added] = names.emplace(rule->name, here); !added) {
        problems.error(table->source(), fmt::format("a rule named \"{}\" is already defined at {}",
                                                    rule->name, first->second));
      }
      // A holidays.toml that failed to load has said why; "no holidays.toml" would mislead.
      if (rule->anchor == AnchorKind::holiday && !has_calendar_file) {
        problems.error(table->source(), fmt::format("rule \"{}\" is anchored on holidays, but {} "
                                                    "has no holidays.toml",
                                                    rule->name, folder.string()));
      }
      set.rules.push_back(std::move(*rule));
    }
  }
  if (set.terms.warranty.empty()) set.terms.warranty.push_back(WarrantyTerm{});
  if (set.terms.maintenance.empty()) set.terms.maintenance.push_back(MaintenanceTerm{});
  if (set.terms.inspection.empty()) set.terms.inspection.push_back(InspectionTerm{});
  if (!errors.empty()) throw UsageError(errors);
  set.digest = digest.hex_digest();
  set.terms.digest = terms_digest.hex_digest();
  return set;
}

}  // namespace ownercare::rules
