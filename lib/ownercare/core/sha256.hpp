// SHA-256 (FIPS 180-4), for the file digests in summary.json and outcome-file identity; and
// hash64, for task ids, row digests and hash tables.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ownercare {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();  // finishes; the object must not be updated after
  std::string hex_digest();               // 64 lower-case hex digits

 private:
  void block(const std::uint8_t* data);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

std::string sha256_hex(std::string_view bytes);

// MurmurHash64A (Austin Appleby, public domain): eight bytes a step, well mixed. For stable
// ids, row digests and hash tables; not for security. The result for given bytes and seed
// never changes (stored task ids and digests depend on it).
std::uint64_t hash64(std::string_view bytes, std::uint64_t seed = 0);

}  // namespace ownercare
