// Numbers read from TOML values, checked against their range in one message form.
//
// Every numeric value of a config or rule file goes through these: an integer is taken as the
// 64-bit value toml++ read and range-checked before any narrowing (`day = 4294967299` must not
// load as day 3), and a number must be finite (`nan` and `inf` compare false against any
// bound, so a plain `v < low || v > high` check lets them through).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace ownercare {

// A whole number from `low` to `high`. Otherwise nullopt, with `problem` set to
// "\"KEY\" must be a whole number" or "\"KEY\" is VALUE, must be from LOW to HIGH".
std::optional<std::int64_t> whole_number(const toml::node& node, std::string_view key,
                                         std::int64_t low, std::int64_t high,
                                         std::string& problem);

// A finite number (integer or float) from `low` to `high`. Otherwise nullopt, with `problem`
// set to "\"KEY\" must be a number" or "\"KEY\" is VALUE, must be from LOW to HIGH" (VALUE
// may read nan, inf or -inf).
std::optional<double> finite_number(const toml::node& node, std::string_view key, double low,
                                    double high, std::string& problem);

}  // namespace ownercare
