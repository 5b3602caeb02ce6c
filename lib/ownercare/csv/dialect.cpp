#include "ownercare/csv/dialect.hpp"

#include <cctype>

namespace ownercare::csv {

namespace {

bool can_separate(char c) {
  auto byte = static_cast<unsigned char>(c);
  return c == '\t' || (byte > 0x20 && byte < 0x7F && c != '"' && !std::isalnum(byte));
}

// The dialect named by a `sep=X` line at the start of `text`; nothing when there is none;
// `undecided` when the text so far could still become one.
std::optional<Dialect> sep_line(std::string_view text, bool ended, bool& undecided) {
  undecided = false;
  constexpr std::string_view kSep = "sep=";
  for (std::size_t i = 0; i < kSep.size(); ++i) {
    if (i == text.size()) {
      undecided = !ended;
      return std::nullopt;
    }
    if (std::tolower(static_cast<unsigned char>(text[i])) != kSep[i]) return std::nullopt;
  }
  if (text.size() < 6 || (text.size() == 6 && text[5] == '\r')) {
    undecided = !ended;
    if (undecided) return std::nullopt;
  }
  if (text.size() < 5 || !can_separate(text[4])) return std::nullopt;
  Dialect dialect;
  dialect.separator = text[4];
  if (text.size() == 5) {
    dialect.skip = 5;
  } else if (text[5] == '\n') {
    dialect.skip = 6;
  } else if (text[5] == '\r') {
    bool crlf = text.size() > 6 && text[6] == '\n';
    dialect.skip = crlf ? 7 : 6;
    dialect.cr_line_ends = !crlf;
  } else {
    return std::nullopt;  // a longer first line: a header that starts with "sep="
  }
  return dialect;
}

}  // namespace

std::string separator_name(char separator) {
  switch (separator) {
    case ',':
      return "a comma";
    case '\t':
      return "a tab";
    case ';':
      return "a semicolon";
    case '|':
      return "`|`";
    default:
      break;
  }
  return std::string("`") + separator + "`";
}

std::optional<Dialect> DialectDetector::look(std::string_view text, bool ended) {
  bool undecided = false;
  if (auto named = sep_line(text, ended, undecided)) return named;
  if (undecided) return std::nullopt;

  std::size_t i = scanned_;
  std::optional<bool> cr_line_ends;
  for (; i < text.size() && !cr_line_ends; ++i) {
    char c = text[i];
    std::size_t* counts = header_ended_ ? after_header_ : header_;
    if (c != '\r') line_has_text_ = true;
    if (c == '"') {
      quoted_ = !quoted_;
    } else if (quoted_) {
      continue;
    } else if (c == ',') {
      ++counts[0];
    } else if (c == '\t') {
      ++counts[1];
    } else if (c == ';') {
      ++counts[2];
    } else if (c == '\n') {
      cr_line_ends = false;
    } else if (c == '\r') {
      if (i + 1 == text.size() && !ended) break;  // is it CRLF? the next look will tell
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        cr_line_ends = false;
      } else {
        ++lone_crs_;
        if (line_has_text_) header_ended_ = true;  // a line of nothing is blank, not the header
        line_has_text_ = false;
        if (lone_crs_ >= 2 && header_ended_) cr_line_ends = true;
      }
    }
  }
  scanned_ = i;
  if (!cr_line_ends) {
    if (!ended || i < text.size()) return std::nullopt;
    cr_line_ends = lone_crs_ > 0;  // the input ended
  }
  Dialect dialect;
  dialect.cr_line_ends = *cr_line_ends;
  std::size_t counts[3];
  for (int k = 0; k < 3; ++k)
    counts[k] = header_[k] + (dialect.cr_line_ends ? 0 : after_header_[k]);
  auto [commas, tabs, semicolons] = counts;
  if (tabs > commas && tabs >= semicolons)
    dialect.separator = '\t';
  else if (semicolons > commas && semicolons > tabs)
    dialect.separator = ';';
  return dialect;
}

}  // namespace ownercare::csv
