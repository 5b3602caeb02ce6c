// The one rule of every refusal limit: "more than X% refuses" (README, SPEC 6.9).
//
// The invalid rows of every import and of ownercare-record, and the vehicles or members a
// snapshot would make disappear, are all judged by more_than_share(), so no kind of input
// draws the line at another place.
#pragma once

#include <cstdint>

namespace ownercare::ingest {

// True when `count` of `total` is more than `share` of it (exactly `share` is within the
// limit). A share that is not a number from 0 to 1 (NaN above all, which compares false with
// everything) counts as 0: a broken limit refuses rather than letting everything through.
inline bool more_than_share(std::uint64_t count, std::uint64_t total, double share) {
  if (!(share >= 0 && share <= 1)) share = 0;
  return static_cast<double>(count) > share * static_cast<double>(total);
}

}  // namespace ownercare::ingest
