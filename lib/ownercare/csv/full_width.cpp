// Full-width forms to ASCII: U+FF01..U+FF5E (UTF-8 EF BC 81..EF BD 9E) become U+0021..U+007E,
// the ideographic space U+3000 (E3 80 80) a space. Other wide characters (U+FFE5 ￥, U+FF5F
// onwards) are not ASCII forms and stay.
#include "ownercare/csv/full_width.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ownercare::csv {

bool may_hold_full_width(const char* text, std::size_t size) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
  const __m128i e3 = _mm_set1_epi8(static_cast<char>(0xE3));
  for (; i + 16 <= size; i += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(block, ef), _mm_cmpeq_epi8(block, e3));
    if (_mm_movemask_epi8(hits) != 0) return true;
  }
#endif
  for (; i < size; ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0xEF || byte == 0xE3) return true;
  }
  return false;
}

namespace {

// The ASCII byte of the full-width form at `bytes` (3 bytes available), or 0 when it is none.
char folded(const unsigned char* bytes) {
  if (bytes[0] == 0xE3) return bytes[1] == 0x80 && bytes[2] == 0x80 ? ' ' : '\0';
  if (bytes[0] != 0xEF) return '\0';
  if (bytes[1] == 0xBC && bytes[2] >= 0x81 && bytes[2] <= 0xBF)  // U+FF01..U+FF3F
    return static_cast<char>(bytes[2] - 0x81 + 0x21);
  if (bytes[1] == 0xBD && bytes[2] >= 0x80 && bytes[2] <= 0x9E)  // U+FF40..U+FF5E
    return static_cast<char>(bytes[2] - 0x80 + 0x60);
  return '\0';
}

}  // namespace

std::size_t fold_full_width(char* text, std::size_t size) {
  auto* bytes = reinterpret_cast<unsigned char*>(text);
  std::size_t read = 0;
  std::size_t write = 0;
  while (read < size) {
    if (read + 3 <= size) {
      if (char ascii = folded(bytes + read)) {
        text[write++] = ascii;
        read += 3;
        continue;
      }
    }
    text[write++] = text[read++];
  }
  return write;
}

}  // namespace ownercare::csv
