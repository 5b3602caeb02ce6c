#include "ownercare/core/toml_text.hpp"

#include <fmt/format.h>

#include "ownercare/core/errors.hpp"

namespace ownercare {

namespace {

// The length of the UTF-8 sequence at text[at] with its code point, or 0 when the bytes there
// are not UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
std::size_t utf8_sequence(std::string_view text, std::size_t at, char32_t& code_point) {
  auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[index]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  char32_t value = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1Fu, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0Fu, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07u, smallest = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(at + k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(at + k) & 0x3Fu);
  }
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  code_point = value;
  return length;
}

bool bare_key_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

// toml++ quotes what it saw, line break included; a message must stay on one line.
std::string one_line(std::string_view text) {
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else if (c == '\t') {
      line += "\\t";
    } else {
      line += c;
    }
  }
  return line;
}

enum class State { normal, comment, basic, literal, multiline_basic, multiline_literal };

}  // namespace

std::optional<TomlTextProblem> check_toml_text(std::string_view text) {
  State state = State::normal;
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  int depth = 0;            // arrays and inline tables open in values
  bool line_start = true;   // nothing but whitespace before this point of the line
  // Whether a quote here opens a string: only where TOML has one (a key or a value), after
  // whitespace, =, [, {, comma or dot. Glued to a value (`-inf"…"`), toml++ reads on
  // through the quote as part of that value, non-ASCII characters included.
  bool quote_opens = true;
  std::size_t at = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") at = 3;
  // Moves past `count` ASCII bytes of one line.
  auto skip = [&](std::size_t count) {
    at += count;
    column += count;
  };
  auto run_of = [&](char quote) {
    std::size_t count = 0;
    while (at + count < text.size() && text[at + count] == quote) ++count;
    return count;
  };
  while (at < text.size()) {
    char32_t code_point = 0;
    const std::size_t length = utf8_sequence(text, at, code_point);
    if (length == 0) {
      return TomlTextProblem{line, column,
                             fmt::format("byte 0x{:02X} is not UTF-8 (save the file as UTF-8)",
                                         static_cast<unsigned char>(text[at]))};
    }
    if (length > 1) {
      if (state == State::normal) {
        return TomlTextProblem{
            line, column,
            fmt::format("\"{}\" (U+{:04X}) stands outside a string or comment; TOML allows "
                        "non-ASCII characters only inside quotes and comments",
                        text.substr(at, length), static_cast<std::uint32_t>(code_point))};
      }
      at += length;
      ++column;
      continue;
    }
    const char c = text[at];
    if (c == '\n') {
      ++at;
      ++line;
      column = 1;
      // A line break ends a comment; inside a one-line string it is an error toml++
      // reports, and the scan goes on as if the string had ended.
      if (state == State::comment || state == State::basic || state == State::literal) {
        state = State::normal;
      }
      if (state == State::normal) line_start = quote_opens = true;
      continue;
    }
    switch (state) {
      case State::comment:
        skip(1);
        break;
      case State::basic:
      case State::multiline_basic:
        if (c == '\\') {
          // The escaped character is content, whatever it is (\" and \\ above all).
          skip(at + 1 < text.size() && (text[at + 1] == '"' || text[at + 1] == '\\') ? 2 : 1);
        } else if (c == '"' && state == State::basic) {
          skip(1);
          state = State::normal;
          quote_opens = false;
        } else if (c == '"') {
          // Up to two quotes may stand just inside the closing """.
          const std::size_t quotes = run_of('"');
          if (quotes >= 3) {
            skip(quotes < 5 ? quotes : 5);
            state = State::normal;
            quote_opens = false;
          } else {
            skip(quotes);
          }
        } else {
          skip(1);
        }
        break;
      case State::literal:
        skip(1);
        if (c == '\'') {
          state = State::normal;
          quote_opens = false;
        }
        break;
      case State::multiline_literal:
        if (c == '\'') {
          const std::size_t quotes = run_of('\'');
          if (quotes >= 3) {
            skip(quotes < 5 ? quotes : 5);
            state = State::normal;
            quote_opens = false;
          } else {
            skip(quotes);
          }
        } else {
          skip(1);
        }
        break;
      case State::normal:
        if (c == ' ' || c == '\t' || c == '\r') {
          skip(1);
          quote_opens = true;
          break;
        }
        if (c == '[' && depth == 0 && line_start) {
          // A table header: its name must start with a bare-key character or a quote.
          std::size_t name = at + 1;
          if (name < text.size() && text[name] == '[') ++name;
          while (name < text.size() && (text[name] == ' ' || text[name] == '\t')) ++name;
          if (name >= text.size() || !(bare_key_character(text[name]) || text[name] == '"' ||
                                       text[name] == '\'')) {
            return TomlTextProblem{line, column + (name - at),
                                   "a table header needs a name: [name] or [[name]]"};
          }
          line_start = false;
          skip(text[at + 1] == '[' ? 2 : 1);  // the header's brackets open no value
          break;
        }
        line_start = false;
        if (c == '#') {
          state = State::comment;
          skip(1);
        } else if ((c == '"' || c == '\'') && quote_opens) {
          const bool multiline = run_of(c) >= 3;
          if (multiline) {
            state = c == '"' ? State::multiline_basic : State::multiline_literal;
            skip(3);
          } else {
            state = c == '"' ? State::basic : State::literal;
            skip(1);
          }
        } else {
          if (c == '[' || c == '{') ++depth;
          if ((c == ']' || c == '}') && depth > 0) --depth;
          quote_opens = c == '=' || c == '[' || c == '{' || c == ',' || c == '.';
          skip(1);
        }
        break;
    }
  }
  return std::nullopt;
}

toml::table parse_toml(std::string_view text, const std::string& file_name) {
  if (auto problem = check_toml_text(text)) {
    throw UsageError(located(file_name, problem->line, problem->column, problem->what));
  }
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw UsageError(located(file_name, where.line, where.column, one_line(error.description())));
  }
}

}  // namespace ownercare
