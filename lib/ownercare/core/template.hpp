// Rendering SMS templates: {name} placeholders replaced by a subject's values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ownercare {

using Values = std::map<std::string, std::string, std::less<>>;

// Replaces every {name} by its value ({{ and }} are literal braces). Returns nullopt when a
// placeholder has no value or an empty one, so the caller can use the fallback text.
// Templates are checked when rules are loaded, so malformed braces do not reach here.
std::optional<std::string> render_template(std::string_view text, const Values& values);

// Money as an SMS shows it: whole yuan without decimals, otherwise two decimals.
std::string format_yuan(double yuan);

}  // namespace ownercare
