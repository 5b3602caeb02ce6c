#include "ownercare/core/toml_number.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ownercare {

std::optional<std::int64_t> whole_number(const toml::node& node, std::string_view key,
                                         std::int64_t low, std::int64_t high,
                                         std::string& problem) {
  if (!node.is_integer()) {
    problem = fmt::format("\"{}\" must be a whole number", key);
    return std::nullopt;
  }
  const std::int64_t value = node.as_integer()->get();
  if (value < low || value > high) {
    problem = fmt::format("\"{}\" is {}, must be from {} to {}", key, value, low, high);
    return std::nullopt;
  }
  return value;
}

std::optional<double> finite_number(const toml::node& node, std::string_view key, double low,
                                    double high, std::string& problem) {
  double value = 0;
  if (node.is_integer()) {
    value = static_cast<double>(node.as_integer()->get());
  } else if (node.is_floating_point()) {
    value = node.as_floating_point()->get();
  } else {
    problem = fmt::format("\"{}\" must be a number", key);
    return std::nullopt;
  }
  if (!std::isfinite(value) || value < low || value > high) {
    // "nan" whatever its sign bit: TOML's -nan is not a smaller number.
    problem = std::isnan(value)
                  ? fmt::format("\"{}\" is nan, must be from {} to {}", key, low, high)
                  : fmt::format("\"{}\" is {}, must be from {} to {}", key, value, low, high);
    return std::nullopt;
  }
  return value;
}

}  // namespace ownercare
