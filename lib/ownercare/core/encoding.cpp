// GB18030 and UTF-16 to UTF-8, chunk by chunk, and the looks at a sample that pick one.
//
// GB18030 is decoded here, by tables generated from glibc's iconv (core/gb18030_tables.cpp), on
// every system: Windows' code page 54936 is not everywhere (Wine has none), and one decoder on
// both systems is tested once. The streaming contract: a character cut in two by a chunk
// boundary is held back until the next chunk, and a failure is reported as the offset of the
// offending byte in the whole stream, so the CSV reader can say "byte N" of the file.
//
// GB18030 byte structure (sequence_length; the tables then say what a sequence maps to):
//   00-7F                     one byte
//   81-FE  40-7E|80-FE        two bytes
//   81-FE  30-39  81-FE 30-39 four bytes
// 80 and FF never start a character.
#include "ownercare/core/encoding.hpp"

#include <algorithm>
#include <cstdint>

#include "ownercare/core/gb18030_tables.hpp"
#include "ownercare/core/text.hpp"

namespace ownercare {

namespace {

enum : int { kTruncated = -1, kInvalid = 0 };

// Length of the GB18030 character starting at `bytes[0]`, judged by structure only: 1, 2 or 4;
// kInvalid when the bytes cannot form a character; kTruncated when `size` ends inside one.
int sequence_length(const unsigned char* bytes, std::size_t size) {
  unsigned char lead = bytes[0];
  if (lead < 0x80) return 1;
  if (lead == 0x80 || lead == 0xFF) return kInvalid;
  if (size < 2) return kTruncated;
  unsigned char second = bytes[1];
  if ((second >= 0x40 && second <= 0x7E) || (second >= 0x80 && second <= 0xFE)) return 2;
  if (second < 0x30 || second > 0x39) return kInvalid;
  if (size < 3) return kTruncated;
  if (bytes[2] < 0x81 || bytes[2] > 0xFE) return kInvalid;
  if (size < 4) return kTruncated;
  if (bytes[3] < 0x30 || bytes[3] > 0x39) return kInvalid;
  return 4;
}

// What a sequence maps to when it maps to nothing (no code point is this large).
constexpr char32_t kUnmapped = 0xFFFFFFFF;

char32_t two_byte_code_point(unsigned char lead, unsigned char trail) {
  std::size_t trail_index = trail - 0x40u - (trail > 0x7F ? 1u : 0u);
  std::uint32_t code_point =
      gb18030::kTwoByte[(lead - 0x81u) * gb18030::kTwoByteTrails + trail_index];
  return code_point == 0 ? kUnmapped : code_point;
}

char32_t four_byte_code_point(const unsigned char* bytes) {
  std::uint32_t linear = (bytes[0] - 0x81u) * 12600u + (bytes[1] - 0x30u) * 1260u +
                         (bytes[2] - 0x81u) * 10u + (bytes[3] - 0x30u);
  const auto* end = gb18030::kFourByteRanges + gb18030::kFourByteRangeCount;
  const auto* range = std::upper_bound(
      gb18030::kFourByteRanges, end, linear,
      [](std::uint32_t value, const gb18030::FourByteRange& candidate) {
        return value < candidate.first;
      });
  if (range == gb18030::kFourByteRanges) return kUnmapped;
  --range;
  if (linear > range->last) return kUnmapped;
  return range->first_code_point + (linear - range->first);
}

// Writes the UTF-8 of `code_point` at `target`; returns the end of what it wrote.
char* write_utf8(char* target, char32_t code_point) {
  auto byte = [](char32_t value) { return static_cast<char>(value); };
  if (code_point < 0x80) {
    *target++ = byte(code_point);
    return target;
  }
  if (code_point < 0x800) {
    *target++ = byte(0xC0 | (code_point >> 6));
  } else if (code_point < 0x10000) {
    *target++ = byte(0xE0 | (code_point >> 12));
    *target++ = byte(0x80 | ((code_point >> 6) & 0x3F));
  } else {
    *target++ = byte(0xF0 | (code_point >> 18));
    *target++ = byte(0x80 | ((code_point >> 12) & 0x3F));
    *target++ = byte(0x80 | ((code_point >> 6) & 0x3F));
  }
  *target++ = byte(0x80 | (code_point & 0x3F));
  return target;
}

void append_utf8(std::string& out, char32_t code_point) {
  auto byte = [](char32_t value) { return static_cast<char>(value); };
  if (code_point < 0x80) {
    out += byte(code_point);
  } else if (code_point < 0x800) {
    out += byte(0xC0 | (code_point >> 6));
    out += byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += byte(0xE0 | (code_point >> 12));
    out += byte(0x80 | ((code_point >> 6) & 0x3F));
    out += byte(0x80 | (code_point & 0x3F));
  } else {
    out += byte(0xF0 | (code_point >> 18));
    out += byte(0x80 | ((code_point >> 12) & 0x3F));
    out += byte(0x80 | ((code_point >> 6) & 0x3F));
    out += byte(0x80 | (code_point & 0x3F));
  }
}

}  // namespace

bool looks_like_gb18030(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  while (i < bytes.size()) {
    int length = sequence_length(data + i, bytes.size() - i);
    if (length == kTruncated) return true;  // the rest may follow in the next chunk
    if (length == kInvalid) return false;
    i += static_cast<std::size_t>(length);
  }
  return true;
}

struct Gb18030Decoder::State {
  std::string carry;         // the start of a character cut off by the end of a chunk
  std::size_t position = 0;  // stream offset of carry[0] (or of the next byte when empty)
};

Gb18030Decoder::Gb18030Decoder() : state_(std::make_unique<State>()) {}
Gb18030Decoder::~Gb18030Decoder() = default;

bool Gb18030Decoder::decode(std::string_view bytes, bool final, std::string& out,
                            std::size_t& error_offset) {
  State& state = *state_;
  std::string joined;
  std::string_view input = bytes;
  if (!state.carry.empty()) {
    joined = state.carry;
    joined.append(bytes);
    input = joined;
    state.carry.clear();
  }

  // Written through a pointer into room made beforehand: no character's UTF-8 is more than
  // twice its GB18030 (one byte to one, two to at most four, four to four).
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  std::size_t written = out.size();
  out.resize(written + 2 * input.size());
  char* target = out.data() + written;
  std::size_t i = 0;
  while (i < input.size()) {
    if (data[i] < 0x80) {
      *target++ = static_cast<char>(data[i++]);
      continue;
    }
    int length = sequence_length(data + i, input.size() - i);
    if (length == kTruncated && !final) {
      state.carry.assign(input.substr(i));  // wait for the rest of the character
      break;
    }
    char32_t code_point = kUnmapped;
    if (length == 2) code_point = two_byte_code_point(data[i], data[i + 1]);
    if (length == 4) code_point = four_byte_code_point(data + i);
    if (code_point == kUnmapped) {  // invalid, unmapped, or cut off by the end of the stream
      out.resize(static_cast<std::size_t>(target - out.data()));
      error_offset = state.position + i;
      return false;
    }
    target = write_utf8(target, code_point);
    i += static_cast<std::size_t>(length);
  }
  out.resize(static_cast<std::size_t>(target - out.data()));
  state.position += i;
  return true;
}

// ---- UTF-16

bool Utf16Decoder::decode(std::string_view bytes, bool final, std::string& out,
                          std::size_t& error_offset) {
  std::string joined;
  std::string_view input = bytes;
  if (!carry_.empty()) {
    joined = carry_ + std::string(bytes);
    input = joined;
    carry_.clear();
  }
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  const bool little = order_ == ByteOrder::little_endian;
  auto unit_at = [&](std::size_t i) -> char32_t {
    return little ? static_cast<char32_t>(data[i] | (data[i + 1] << 8))
                  : static_cast<char32_t>((data[i] << 8) | data[i + 1]);
  };
  out.reserve(out.size() + input.size() * 3 / 2);
  std::size_t i = 0;
  while (i + 2 <= input.size()) {
    char32_t unit = unit_at(i);
    if (unit < 0xD800 || unit > 0xDFFF) {
      append_utf8(out, unit);
      i += 2;
      continue;
    }
    if (unit >= 0xDC00) {  // a low surrogate with no high one before it
      error_offset = position_ + i;
      return false;
    }
    if (i + 4 > input.size()) break;  // its pair may be in the next chunk
    char32_t low = unit_at(i + 2);
    if (low < 0xDC00 || low > 0xDFFF) {
      error_offset = position_ + i;
      return false;
    }
    append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
    i += 4;
  }
  if (i < input.size()) {
    if (final) {  // an odd byte, or a high surrogate, cut off by the end of the stream
      error_offset = position_ + i;
      return false;
    }
    carry_.assign(input.substr(i));
  }
  position_ += i;
  return true;
}

std::optional<ByteOrder> utf16_without_bom(std::string_view sample) {
  std::size_t size = std::min<std::size_t>(sample.size(), 4096) & ~std::size_t{1};
  if (size < 16) return std::nullopt;
  std::size_t even = 0;
  std::size_t odd = 0;
  for (std::size_t i = 0; i < size; i += 2) {
    even += sample[i] == '\0';
    odd += sample[i + 1] == '\0';
  }
  std::size_t enough = size / 2 / 8;
  if (even == 0 && odd >= enough) return ByteOrder::little_endian;
  if (odd == 0 && even >= enough) return ByteOrder::big_endian;
  return std::nullopt;
}

bool mostly_utf8(std::string_view sample) {
  std::size_t characters = 0;  // valid multi-byte ones
  std::size_t stretches = 0;   // of invalid bytes
  bool in_stretch = false;
  while (!sample.empty()) {
    std::optional<std::size_t> bad = find_invalid_utf8(sample, true);
    std::size_t valid = bad.value_or(sample.size());
    for (std::size_t i = 0; i < valid; ++i)
      characters += (static_cast<unsigned char>(sample[i]) & 0xC0) == 0xC0;
    if (!bad) break;
    if (valid > 0 || !in_stretch) ++stretches;
    in_stretch = true;
    sample.remove_prefix(valid + 1);
  }
  return characters > stretches;
}

}  // namespace ownercare
