// Rendering SMS templates: {name} placeholders replaced by a subject's values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ownercare {

using Values = std::map<std::string, std::string, std::less<>>;

// Replaces every {name} by its value ({{ and }} are literal braces). `lookup(name)` returns the
// value or nullopt. Returns nullopt when a placeholder has no value or an empty one, so the
// caller can use the fallback text. Templates are checked when rules are loaded, so
// malformed braces do not reach here.
template <class Lookup>
std::optional<std::string> render_with(std::string_view text, Lookup&& lookup) {
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
      std::optional<std::string_view> value = lookup(text.substr(i + 1, close - i - 1));
      if (!value || value->empty()) return std::nullopt;
      out += *value;
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

std::optional<std::string> render_template(std::string_view text, const Values& values);

// The first "{name}" of `text` read as it stands (a name of ASCII letters, digits and _ in
// braces: what a reader takes for a placeholder left unfilled), or "" when there is none.
// For texts that are never rendered (params, signatures, reasons) and for rendered ones.
std::string_view unfilled_placeholder(std::string_view text);

// `text` rendered with every placeholder given a plain value: what of it a sent text keeps
// as written ({{ and }} become single braces). nullopt when its braces are malformed.
std::optional<std::string> render_fixed_parts(std::string_view text);

// Money as an SMS shows it: whole yuan without decimals, otherwise two decimals.
std::string format_yuan(double yuan);

}  // namespace ownercare
