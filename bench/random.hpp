// The benchmark generators' random numbers: splitmix64, a seed expander and a tiny, fast,
// portable generator. std:: distributions are not the same across standard libraries, so they
// would break "same seed, same file".
#pragma once

#include <cstdint>

namespace ownercare::bench {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  // An independent stream of one seed: adding a draw in one place does not shift the others.
  Random(std::uint64_t seed, std::uint64_t stream)
      : state_(seed ^ (stream * 0xD1B54A32D192ED03ULL)) {
    next();
  }

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) for 0 < n < 2^32 (the modulo bias is below 2^-32).
  std::uint32_t below(std::uint64_t n) { return static_cast<std::uint32_t>(next() % n); }
  // Uniform in [low, high].
  int between(int low, int high) {
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low + 1)));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }

 private:
  std::uint64_t state_;
};

}  // namespace ownercare::bench
