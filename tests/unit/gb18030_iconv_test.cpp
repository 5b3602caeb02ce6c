// ownercare decodes GB18030 with its own tables (core/gb18030_tables.cpp, generated from glibc's
// iconv). Here every one-, two- and four-byte sequence is decoded both ways and must come out
// the same: the same code point, or refused by both. POSIX only, as Windows has no iconv; the
// tables then run unchanged on Windows.
#ifndef _WIN32

#include <iconv.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "ownercare/core/encoding.hpp"

namespace {

class Iconv {
 public:
  Iconv() : converter_(iconv_open("UTF-8", "GB18030")) {}
  ~Iconv() {
    if (converter_ != reinterpret_cast<iconv_t>(-1)) iconv_close(converter_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  // The UTF-8 of `bytes`, or nothing when iconv refuses them.
  std::optional<std::string> decode(const std::string& bytes) {
    iconv(converter_, nullptr, nullptr, nullptr, nullptr);
    char output[32];
    char* in_next = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* out_next = output;
    std::size_t out_left = sizeof output;
    if (iconv(converter_, &in_next, &in_left, &out_next, &out_left) == static_cast<std::size_t>(-1))
      return std::nullopt;
    return std::string(output, sizeof output - out_left);
  }

 private:
  iconv_t converter_;
};

std::optional<std::string> decode_ours(const std::string& bytes) {
  ownercare::Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  if (!decoder.decode(bytes, true, out, error_offset)) return std::nullopt;
  return out;
}

std::string hex(const std::string& bytes) {
  std::string text;
  const char* digits = "0123456789ABCDEF";
  for (unsigned char byte : bytes) {
    text += digits[byte >> 4];
    text += digits[byte & 15];
  }
  return text;
}

}  // namespace

TEST_CASE("GB18030: every one- and two-byte sequence decodes as glibc's iconv does",
          "[encoding][gb18030]") {
  Iconv reference;
  std::size_t differences = 0;
  std::size_t decoded = 0;
  for (unsigned lead = 0; lead < 256; ++lead) {
    std::string single(1, static_cast<char>(lead));
    if (decode_ours(single) != reference.decode(single)) {
      ++differences;
      UNSCOPED_INFO("differs: " << hex(single));
    }
    for (unsigned trail = 0; trail < 256; ++trail) {
      std::string pair{static_cast<char>(lead), static_cast<char>(trail)};
      auto expected = reference.decode(pair);
      if (expected) ++decoded;
      if (decode_ours(pair) != expected && differences++ < 20)
        UNSCOPED_INFO("differs: " << hex(pair));
    }
  }
  CHECK(differences == 0);
  CHECK(decoded > 23940);  // every two-byte code plus the ASCII pairs: the test compared something
}

TEST_CASE("GB18030: every four-byte sequence decodes as glibc's iconv does",
          "[encoding][gb18030]") {
  Iconv reference;
  std::size_t differences = 0;
  std::size_t decoded = 0;
  std::string sequence(4, '\0');
  for (unsigned first = 0x81; first <= 0xFE; ++first)
    for (unsigned second = 0x30; second <= 0x39; ++second)
      for (unsigned third = 0x81; third <= 0xFE; ++third)
        for (unsigned fourth = 0x30; fourth <= 0x39; ++fourth) {
          sequence[0] = static_cast<char>(first);
          sequence[1] = static_cast<char>(second);
          sequence[2] = static_cast<char>(third);
          sequence[3] = static_cast<char>(fourth);
          auto expected = reference.decode(sequence);
          if (expected) ++decoded;
          if (decode_ours(sequence) != expected && differences++ < 20)
            UNSCOPED_INFO("differs: " << hex(sequence));
        }
  CHECK(differences == 0);
  CHECK(decoded > 1000000);  // the BMP's part and all of U+10000..U+10FFFF
}

#endif  // _WIN32
