#include "support/gb18030.hpp"

#include <stdexcept>
#include <unordered_map>

#include "ownercare/core/gb18030_tables.hpp"

namespace ownercare::test {

namespace {

// Code point -> the two bytes that decode to it (the first, if several do).
const std::unordered_map<char32_t, std::string>& two_byte_codes() {
  static const auto codes = [] {
    std::unordered_map<char32_t, std::string> map;
    for (std::size_t lead = 0; lead < gb18030::kTwoByteLeads; ++lead) {
      for (std::size_t trail = 0; trail < gb18030::kTwoByteTrails; ++trail) {
        char32_t code_point = gb18030::kTwoByte[lead * gb18030::kTwoByteTrails + trail];
        if (code_point == 0) continue;
        std::size_t trail_byte = trail + 0x40 + (trail >= 0x3F ? 1 : 0);  // 7F is skipped
        map.emplace(code_point, std::string{static_cast<char>(lead + 0x81),
                                            static_cast<char>(trail_byte)});
      }
    }
    return map;
  }();
  return codes;
}

std::string four_byte_code(char32_t code_point) {
  for (const auto& range : gb18030::kFourByteRanges) {
    if (code_point < range.first_code_point ||
        code_point - range.first_code_point > range.last - range.first)
      continue;
    std::uint32_t linear = range.first + (code_point - range.first_code_point);
    std::string bytes(4, '\0');
    bytes[3] = static_cast<char>(0x30 + linear % 10);
    linear /= 10;
    bytes[2] = static_cast<char>(0x81 + linear % 126);
    linear /= 126;
    bytes[1] = static_cast<char>(0x30 + linear % 10);
    bytes[0] = static_cast<char>(0x81 + linear / 10);
    return bytes;
  }
  throw std::invalid_argument("no GB18030 code for U+" + std::to_string(code_point));
}

}  // namespace

std::string to_gb18030(std::string_view utf8) {
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (lead >= 0x80 && lead < 0xC2) throw std::invalid_argument("not UTF-8");
    if (i + length > utf8.size()) throw std::invalid_argument("UTF-8 cut off");
    char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k)
      code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += length;
    if (code_point < 0x80) {
      out += static_cast<char>(code_point);
      continue;
    }
    auto found = two_byte_codes().find(code_point);
    out += found != two_byte_codes().end() ? found->second : four_byte_code(code_point);
  }
  return out;
}

}  // namespace ownercare::test
