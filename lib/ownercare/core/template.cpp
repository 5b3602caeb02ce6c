#include "ownercare/core/template.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ownercare {

std::optional<std::string> render_template(std::string_view text, const Values& values) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      auto close = text.find('}', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      auto found = values.find(text.substr(i + 1, close - i - 1));
      if (found == values.end() || found->second.empty()) return std::nullopt;
      out += found->second;
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_yuan(double yuan) {
  double rounded = std::round(yuan * 100) / 100;
  if (rounded == std::floor(rounded)) return fmt::format("{:.0f}", rounded);
  return fmt::format("{:.2f}", rounded);
}

}  // namespace ownercare
