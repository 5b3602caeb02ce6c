// The width table is the East Asian Width property's W and F ranges (Unicode UAX #11), merged
// into blocks; a report holds names, notes and figures, not emoji art, so block precision is
// enough.
#include "ownercare/report/display_width.hpp"

namespace ownercare::report {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

constexpr Range kWide[] = {
    {0x1100, 0x115F},    // Hangul Jamo initial consonants
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, ideographic description, CJK punctuation
    {0x3041, 0x33FF},    // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo extended A
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE10, 0xFE19},    // vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small form variants
    {0xFF00, 0xFF60},    // fullwidth forms
    {0xFFE0, 0xFFE6},    // fullwidth signs
    {0x1F300, 0x1F64F},  // pictographs and emoticons
    {0x1F900, 0x1F9FF},  // supplemental pictographs
    {0x20000, 0x2FFFD},  // CJK extensions B-F, compatibility supplement
    {0x30000, 0x3FFFD},  // CJK extension G and later
};

constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F},  // combining diacritical marks
    {0x200B, 0x200F},  // zero-width space, joiners, direction marks
    {0x20D0, 0x20FF},  // combining marks for symbols
    {0xFE00, 0xFE0F},  // variation selectors
    {0xFEFF, 0xFEFF},  // zero-width no-break space (BOM)
};

template <std::size_t N>
bool in(const Range (&ranges)[N], char32_t code) {
  for (const auto& range : ranges) {
    if (code >= range.first && code <= range.last) return true;
  }
  return false;
}

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at `text[at]` and moves `at` past it; kInvalid (moving one byte) for
// a byte that does not start a valid sequence.
char32_t next_code_point(std::string_view text, std::size_t& at) {
  auto byte = static_cast<unsigned char>(text[at]);
  int length = byte < 0x80           ? 1
               : (byte >> 5) == 0x6  ? 2
               : (byte >> 4) == 0xE  ? 3
               : (byte >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || at + static_cast<std::size_t>(length) > text.size()) {
    ++at;
    return kInvalid;
  }
  char32_t code = length == 1 ? byte : byte & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    auto continuation = static_cast<unsigned char>(text[at + static_cast<std::size_t>(i)]);
    if ((continuation & 0xC0) != 0x80) {
      ++at;
      return kInvalid;
    }
    code = (code << 6) | (continuation & 0x3F);
  }
  at += static_cast<std::size_t>(length);
  return code;
}

bool is_control(char32_t code) { return code < 0x20 || (code >= 0x7F && code < 0xA0); }

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t at = 0; at < text.size();) {
    char32_t code = next_code_point(text, at);
    if (code == kInvalid)
      width += 1;
    else if (in(kZeroWidth, code))
      continue;
    else
      width += in(kWide, code) ? 2 : 1;
  }
  return width;
}

std::string single_line(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    std::size_t start = at;
    char32_t code = next_code_point(text, at);
    if (code != kInvalid && is_control(code))
      line += ' ';
    else
      line.append(text.substr(start, at - start));
  }
  return line;
}

}  // namespace ownercare::report
