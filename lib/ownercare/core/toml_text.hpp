// Reading TOML text: a pre-scan of our own, then toml++.
//
// toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable() — undefined behaviour — when a
// non-ASCII character such as 、 or 。 stands where it expects whitespace (`a = 1、`; upstream
// issue #295), and with its assertions on it aborts in parse_key on a table header that
// opens with something other than a key (`[{`). TOML 1.0 allows non-ASCII characters only
// inside strings and comments, so the pre-scan refuses them anywhere else, and refuses such
// a header, before toml++ sees the text. Every TOML file ownercare reads (rules, policy,
// holidays, config, column maps) goes through parse_toml().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace ownercare {

struct TomlTextProblem {
  std::uint64_t line = 0;    // 1-based
  std::uint64_t column = 0;  // 1-based, in characters (code points)
  std::string what;
};

// The first of these in `text`, or nullopt: bytes that are not UTF-8 (a UTF-8 BOM at the start
// is fine), a non-ASCII character outside strings and comments, a table header whose name
// does not start with a bare-key character or a quote. Follows basic and literal strings,
// their multi-line forms ("""...""", '''...'''), escapes and comments as TOML 1.0 does.
// Text that is not valid TOML in other ways passes; toml++ reports it.
std::optional<TomlTextProblem> check_toml_text(std::string_view text);

// check_toml_text(), then toml::parse. Throws UsageError located "file:line:column: what"
// (the message on one line) for the first problem either finds.
toml::table parse_toml(std::string_view text, const std::string& file_name);

}  // namespace ownercare
