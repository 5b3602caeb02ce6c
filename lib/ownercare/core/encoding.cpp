// GB18030 and UTF-16 to UTF-8, chunk by chunk, and the looks at a sample that pick one.
//
// The conversion itself is the system's: glibc iconv on POSIX, code page 54936 on Windows. What
// this file adds is the streaming contract: a character cut in two by a chunk boundary is held
// back until the next chunk, and a failure is reported as the offset of the offending byte in
// the whole stream, so the CSV reader can say "byte N" of the file.
//
// GB18030 byte structure (used by looks_like_gb18030 and the Windows branch):
//   00-7F                     one byte
//   81-FE  40-7E|80-FE        two bytes
//   81-FE  30-39  81-FE 30-39 four bytes
// 80 and FF never start a character.
#include "ownercare/core/encoding.hpp"

#include <algorithm>
#include <cerrno>
#include <stdexcept>

#include "ownercare/core/text.hpp"

#ifdef _WIN32
#include <windows.h>
#else
#include <iconv.h>
#endif

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

#ifndef _WIN32

struct Gb18030Decoder::State {
  iconv_t converter = reinterpret_cast<iconv_t>(-1);
  std::string carry;         // the start of a character cut off by the previous chunk
  std::size_t position = 0;  // stream offset of carry[0] (or of the next byte when empty)
};

Gb18030Decoder::Gb18030Decoder() : state_(std::make_unique<State>()) {
  state_->converter = iconv_open("UTF-8", "GB18030");
  if (state_->converter == reinterpret_cast<iconv_t>(-1))
    throw std::runtime_error("the system has no GB18030 converter (iconv)");
}

Gb18030Decoder::~Gb18030Decoder() {
  if (state_ && state_->converter != reinterpret_cast<iconv_t>(-1)) iconv_close(state_->converter);
}

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

  // A GB18030 character never grows by more than half in UTF-8 (2 bytes -> 3).
  std::size_t written = out.size();
  out.resize(written + input.size() + input.size() / 2 + 16);
  char* in_next = const_cast<char*>(input.data());  // iconv's signature; it does not write
  std::size_t in_left = input.size();
  while (in_left > 0) {
    char* out_next = out.data() + written;
    std::size_t out_left = out.size() - written;
    std::size_t result = iconv(state.converter, &in_next, &in_left, &out_next, &out_left);
    written = out.size() - out_left;
    if (result != static_cast<std::size_t>(-1)) break;
    std::size_t at = state.position + static_cast<std::size_t>(in_next - input.data());
    if (errno == E2BIG) {
      out.resize(out.size() + in_left * 2 + 16);
    } else if (errno == EINVAL && !final) {
      state.carry.assign(in_next, in_left);  // wait for the rest of the character
      break;
    } else {  // EILSEQ, or a character cut off by the end of the stream
      out.resize(written);
      error_offset = at;
      return false;
    }
  }
  out.resize(written);
  state.position += input.size() - state.carry.size();
  return true;
}

#else  // _WIN32

struct Gb18030Decoder::State {
  std::string carry;
  std::size_t position = 0;
};

namespace {

constexpr UINT kGb18030CodePage = 54936;

// Appends the UTF-8 of `bytes` (whole characters only); false when Windows cannot map them.
bool convert(std::string_view bytes, std::string& out) {
  if (bytes.empty()) return true;
  int wide_size = MultiByteToWideChar(kGb18030CodePage, MB_ERR_INVALID_CHARS, bytes.data(),
                                      static_cast<int>(bytes.size()), nullptr, 0);
  if (wide_size <= 0) return false;
  std::wstring wide(static_cast<std::size_t>(wide_size), L'\0');
  MultiByteToWideChar(kGb18030CodePage, MB_ERR_INVALID_CHARS, bytes.data(),
                      static_cast<int>(bytes.size()), wide.data(), wide_size);
  int utf8_size =
      WideCharToMultiByte(CP_UTF8, 0, wide.data(), wide_size, nullptr, 0, nullptr, nullptr);
  if (utf8_size <= 0) return false;
  std::size_t written = out.size();
  out.resize(written + static_cast<std::size_t>(utf8_size));
  WideCharToMultiByte(CP_UTF8, 0, wide.data(), wide_size, out.data() + written, utf8_size, nullptr,
                      nullptr);
  return true;
}

}  // namespace

Gb18030Decoder::Gb18030Decoder() : state_(std::make_unique<State>()) {}
Gb18030Decoder::~Gb18030Decoder() = default;

bool Gb18030Decoder::decode(std::string_view bytes, bool final, std::string& out,
                            std::size_t& error_offset) {
  State& state = *state_;
  std::string input = state.carry;
  input.append(bytes);
  state.carry.clear();

  // Find the whole characters, by structure; stop at the first invalid or cut-off one.
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  std::size_t whole = 0;
  bool invalid = false;
  while (whole < input.size()) {
    int length = sequence_length(data + whole, input.size() - whole);
    if (length == kTruncated) {
      if (final) invalid = true;
      break;
    }
    if (length == kInvalid) {
      invalid = true;
      break;
    }
    whole += static_cast<std::size_t>(length);
  }

  std::size_t written = out.size();
  if (!convert(std::string_view(input).substr(0, whole), out)) {
    // Structurally fine but unmapped somewhere: find the character, one at a time.
    out.resize(written);
    std::size_t i = 0;
    while (i < whole) {
      auto length = static_cast<std::size_t>(sequence_length(data + i, whole - i));
      if (!convert(std::string_view(input).substr(i, length), out)) {
        error_offset = state.position + i;
        return false;
      }
      i += length;
    }
  }
  if (invalid) {
    error_offset = state.position + whole;
    return false;
  }
  state.carry = input.substr(whole);
  state.position += whole;
  return true;
}

#endif  // _WIN32

// ---- UTF-16

namespace {

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
