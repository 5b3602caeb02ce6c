// CSV output. Formula neutralising comes before quoting, so a neutralised cell that holds a comma
// is still quoted. No control character reaches a file raw but a (quoted) line feed: CRLF and CR
// become LF, the others a space (a terminal or spreadsheet would act on them). A plain number is recognised strictly (no exponent, no bare ".5" or "5."):
// anything looser is prefixed, since a wrongly kept cell is the dangerous mistake.
#include "ownercare/csv/writer.hpp"

#include "ownercare/core/text.hpp"

namespace ownercare::csv {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool starts_like_formula(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Optional sign, one or more digits, optionally '.' and one or more digits.
bool is_plain_number(std::string_view cell) {
  std::size_t i = 0;
  if (i < cell.size() && (cell[i] == '+' || cell[i] == '-')) ++i;
  std::size_t digits_start = i;
  while (i < cell.size() && is_digit(cell[i])) ++i;
  if (i == digits_start) return false;
  if (i < cell.size() && cell[i] == '.') {
    std::size_t fraction_start = ++i;
    while (i < cell.size() && is_digit(cell[i])) ++i;
    if (i == fraction_start) return false;
  }
  return i == cell.size();
}

bool needs_neutralising(std::string_view cell) {
  return starts_like_formula(cell) && !is_plain_number(cell);
}

bool needs_quotes(std::string_view cell) {
  if (cell.empty()) return false;
  if (cell.front() == ' ' || cell.back() == ' ') return true;
  return cell.find_first_of(",\"\r\n") != std::string_view::npos;
}

template <typename Cells>
void append_row(std::string& out, const Cells& cells) {
  // A record of one empty cell would be a blank line, which readers skip.
  if (cells.size() == 1 && std::string_view(cells[0]).empty()) {
    out += "\"\"\n";
    return;
  }
  bool first = true;
  for (const auto& cell : cells) {
    if (!first) out += ',';
    first = false;
    std::string_view text(cell);
    // Neutralised first (a cell starting with a tab or CR is a formula trick), then no raw
    // control character is written but a line feed, which is quoted.
    std::string safe;
    if (needs_neutralising(text)) {
      safe = formula_safe(text);
      text = safe;
    }
    if (has_control(text)) {
      if (safe.empty()) safe.assign(text);
      replace_controls_keep_lines(safe);
      text = safe;
    }
    append_cell(out, text);
  }
  out += '\n';
}

}  // namespace

Writer::Writer(WriterOptions options) : options_(options) {
  if (options_.bom) text_ = kBom;
}

Writer::Writer(WriterOptions options, std::size_t capacity) : options_(options) {
  text_.reserve(capacity);
  if (options_.bom) text_ = kBom;
}

void Writer::row(const std::vector<std::string>& cells) {
  append_row(text_, cells);
  ++rows_;
}

void Writer::row(const std::vector<std::string_view>& cells) {
  append_row(text_, cells);
  ++rows_;
}

std::string formula_safe(std::string_view cell) {
  if (!needs_neutralising(cell)) return std::string(cell);
  std::string safe = "'";
  safe += cell;
  return safe;
}

void append_cell(std::string& out, std::string_view cell) {
  if (!needs_quotes(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace ownercare::csv
