#include "ownercare/engine/task_id.hpp"

#include "ownercare/core/sha256.hpp"

namespace ownercare::engine {

std::string make_task_id(std::string_view rule, std::string_view step,
                         std::string_view subject_kind, std::string_view subject_id,
                         std::string_view anchor_on) {
  Sha256 hash;
  for (auto part : {rule, step, subject_kind, subject_id, anchor_on}) {
    hash.update(part);
    hash.update(std::string_view("\x1f", 1));
  }
  return "T" + hash.hex_digest().substr(0, 16);
}

double stable_share(std::string_view rule, std::string_view subject_id) {
  Sha256 hash;
  hash.update(rule);
  hash.update(std::string_view("\x1f", 1));
  hash.update(subject_id);
  auto digest = hash.digest();
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | digest[static_cast<std::size_t>(i)];
  return static_cast<double>(value >> 11) / static_cast<double>(1ULL << 53);
}

}  // namespace ownercare::engine
