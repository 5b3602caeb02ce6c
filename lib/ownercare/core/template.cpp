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

std::string format_yuan(double yuan) {
  double rounded = std::round(yuan * 100) / 100;
  if (rounded == std::floor(rounded)) return fmt::format("{:.0f}", rounded);
  return fmt::format("{:.2f}", rounded);
}

}  // namespace ownercare
