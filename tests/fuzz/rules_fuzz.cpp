// libFuzzer target: the rules loader and checker (rules/rule_set, rules/vocabulary,
// core/calendar, core/toml_text) and the timeline it feeds.
//
// The first byte picks which file of a small rules folder the rest becomes: a rule file, the
// contact policy or the holiday calendar; the other files are small valid ones. A folder that
// loads has every rule's timeline printed, with and without a start date.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/rules/timeline.hpp"

namespace {

constexpr const char* kRuleFile = R"([params]
login_days = 30

[defaults]
signature = "【享车管家】"

[[rule]]
name = "offline"
title = "连续{login_days}天未登录"
subject = "fleet"
anchor = "episode_start"
when = { status = -1 }

[[rule.step]]
name = "d0_sms"
day = 0
channel = "sms"
text = "您的爱车{plate_masked}已下线{days}天。"

[[rule.step]]
name = "d4_call"
day = 4
channel = "call"
reason = "了解原因"
)";

constexpr const char* kPolicy = R"([sms]
per_phone_per_day = 1
per_phone_per_week = 3
earliest = "08:00"
latest = "21:00"

[calls]
hours = ["09:00-11:30", "14:00-19:00"]
)";

constexpr const char* kHolidays = R"(covered_from = 2026-01-01
covered_until = 2026-12-31

[[day]]
date = 2026-10-01
name = "国庆节"
off = true

[[day]]
date = 2026-10-02
name = "国庆节"
off = true
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto folder = ownercare::fuzz::temp_folder() / "rules";
  std::filesystem::create_directories(folder);
  auto input = ownercare::fuzz::as_text(data + 1, size - 1);
  const int which = data[0] % 3;
  ownercare::fuzz::write_file(folder / "rules.toml", which == 0 ? input : kRuleFile);
  ownercare::fuzz::write_file(folder / "policy.toml", which == 1 ? input : kPolicy);
  ownercare::fuzz::write_file(folder / "holidays.toml", which == 2 ? input : kHolidays);
  try {
    auto set = ownercare::rules::load_rule_set(folder);
    (void)set.look_ahead_days();
    for (const auto& rule : set.rules) {
      (void)ownercare::rules::rule_timeline(set, rule, std::nullopt);
      (void)ownercare::rules::rule_timeline(set, rule, ownercare::Date(2026, 9, 28));
    }
  } catch (const ownercare::Error&) {
    // Refused rules: the documented outcome.
  }
  return 0;
}
