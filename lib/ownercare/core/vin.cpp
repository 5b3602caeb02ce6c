#include "ownercare/core/vin.hpp"

#include <fmt/format.h>

#include "ownercare/core/text.hpp"

namespace ownercare {

namespace {

constexpr std::size_t kVinLength = 17;
constexpr int kWeights[kVinLength] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

// The number a VIN character stands for in the check sum; -1 outside the VIN alphabet.
int transliterate(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  switch (c) {
    case 'A': case 'J': return 1;
    case 'B': case 'K': case 'S': return 2;
    case 'C': case 'L': case 'T': return 3;
    case 'D': case 'M': case 'U': return 4;
    case 'E': case 'N': case 'V': return 5;
    case 'F': case 'W': return 6;
    case 'G': case 'P': case 'X': return 7;
    case 'H': case 'Y': return 8;
    case 'R': case 'Z': return 9;
    default: return -1;  // I, O, Q and everything else
  }
}

// The character as the reason quotes it: printable ASCII as is, other bytes in hex.
std::string shown(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02X}", byte);
}

}  // namespace

char vin_check_digit(std::string_view vin) {
  int sum = 0;
  for (std::size_t i = 0; i < kVinLength && i < vin.size(); ++i) {
    int value = transliterate(vin[i]);
    if (value > 0) sum += value * kWeights[i];
  }
  int remainder = sum % 11;
  return remainder == 10 ? 'X' : static_cast<char>('0' + remainder);
}

VinCheck check_vin(std::string_view text) {
  VinCheck check;
  check.vin = std::string(trim(text));
  for (char& c : check.vin) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  const std::string& vin = check.vin;
  if (vin.empty()) {
    check.reason = "is empty";
    return check;
  }
  std::size_t characters = utf8_length(vin);
  if (characters != kVinLength) {
    check.reason = fmt::format("has {} characters, not 17", characters);
    return check;
  }
  // Every byte, not only the first 17: 17 characters may hold more bytes (a stray UTF-8
  // continuation byte counts as no character), and a VIN is exactly 17 ASCII bytes.
  std::size_t character = 0;  // 1-based position of the character byte i belongs to
  for (char c : vin) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 || character == 0) ++character;
    if (c == 'I' || c == 'O' || c == 'Q') {
      check.reason = fmt::format("character {} is '{}'; a VIN has no I, O or Q", character, c);
      return check;
    }
    if (transliterate(c) < 0) {
      check.reason =
          fmt::format("character {} is {}, not a letter or digit", character, shown(c));
      return check;
    }
  }
  char expected = vin_check_digit(vin);
  if (vin[8] != expected) {
    check.reason =
        fmt::format("check digit (character 9) is '{}', the other characters give '{}'", vin[8],
                    expected);
  }
  return check;
}

}  // namespace ownercare
