// Small UTF-8 text helpers shared by every module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ownercare {

// Removes ASCII spaces and tabs, and the ideographic space U+3000, from both ends.
std::string_view trim(std::string_view text);
std::string ascii_lower(std::string_view text);

// Offset of the first byte that is not part of valid UTF-8 (overlongs, surrogates and values
// past U+10FFFF are invalid), or nullopt when all of `text` is valid. A multi-byte sequence cut
// off at the end counts as valid when `allow_truncated_tail` (streaming) is set.
std::optional<std::size_t> find_invalid_utf8(std::string_view text,
                                             bool allow_truncated_tail = false);

// Number of Unicode code points (text must be valid UTF-8).
std::size_t utf8_length(std::string_view text);
// Number of UTF-16 code units: what an SMS in UCS-2 counts (characters past U+FFFF count 2).
std::size_t utf16_length(std::string_view text);

// SMS parts for a text: one part up to 70 UTF-16 units, otherwise 67 per part (UCS-2, as
// Chinese SMS are sent). The signature must already be part of `text`. 0 for empty text.
int sms_segments(std::string_view text);

// Control characters (C0 and DEL) never reach the database or an output file raw: a terminal
// or spreadsheet would act on them. is_control() is true for those bytes.
inline bool is_control(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}
bool has_control(std::string_view text);
// A one-line value (a name, plate, city, code): every control character becomes a space.
void replace_controls(std::string& text);
// A free text (a note, a complaint): line breaks are kept as LF (CRLF and a lone CR become LF),
// every other control character becomes a space.
void replace_controls_keep_lines(std::string& text);

// Splits on a single-byte separator, keeping empty pieces.
std::vector<std::string_view> split(std::string_view text, char separator);

// Parses a decimal number (optional sign, digits, optional fraction); nullopt otherwise.
std::optional<double> parse_decimal(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

}  // namespace ownercare
