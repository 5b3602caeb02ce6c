// GB18030's mapping to Unicode as tables (generated from glibc's iconv by
// scripts/gen-gb18030-tables), which core/encoding.cpp decodes with on every system.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ownercare::gb18030 {

// Two-byte sequences: lead 81-FE, trail 40-7E or 80-FE (trail index = trail - 0x40, minus one
// above 0x7F). The code point of (lead, trail) is kTwoByte[(lead - 0x81) * kTwoByteTrails +
// trail index], 0 when the sequence maps to nothing (a few map outside the BMP).
inline constexpr std::size_t kTwoByteLeads = 126;
inline constexpr std::size_t kTwoByteTrails = 190;
extern const std::uint32_t kTwoByte[kTwoByteLeads * kTwoByteTrails];

// Four-byte sequences b1 b2 b3 b4 by their linear index (b1 - 0x81) * 12600 + (b2 - 0x30) *
// 1260 + (b3 - 0x81) * 10 + (b4 - 0x30): the indexes first..last map to first_code_point and
// on. Sorted, not overlapping; an index in no range maps to nothing.
struct FourByteRange {
  std::uint32_t first;
  std::uint32_t last;
  std::uint32_t first_code_point;
};
inline constexpr std::size_t kFourByteRangeCount = 211;
extern const FourByteRange kFourByteRanges[kFourByteRangeCount];

}  // namespace ownercare::gb18030
