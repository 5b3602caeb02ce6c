#include "ownercare/core/template.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ownercare {

std::optional<std::string> render_template(std::string_view text, const Values& values) {
  return render_with(text, [&](std::string_view name) -> std::optional<std::string_view> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return std::string_view(found->second);
  });
}

std::string_view unfilled_placeholder(std::string_view text) {
  auto name_character = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
  };
  for (std::size_t open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    std::size_t end = open + 1;
    while (end < text.size() && name_character(text[end])) ++end;
    if (end > open + 1 && end < text.size() && text[end] == '}') {
      return text.substr(open, end - open + 1);
    }
  }
  return {};
}

std::optional<std::string> render_fixed_parts(std::string_view text) {
  return render_with(text, [](std::string_view) -> std::optional<std::string_view> {
    return std::string_view("x");
  });
}

std::string format_yuan(double yuan) {
  double rounded = std::round(yuan * 100) / 100;
  if (rounded == std::floor(rounded)) return fmt::format("{:.0f}", rounded);
  return fmt::format("{:.2f}", rounded);
}

}  // namespace ownercare
