#include "ownercare/engine/task_id.hpp"

#include "ownercare/core/sha256.hpp"

namespace ownercare::engine {

std::string make_task_id(std::string_view rule, std::string_view step,
                         std::string_view subject_kind, std::string_view subject_id,
                         std::string_view anchor_on) {
  std::string key;
  key.reserve(rule.size() + step.size() + subject_kind.size() + subject_id.size() +
              anchor_on.size() + 5);
  for (auto part : {rule, step, subject_kind, subject_id, anchor_on}) {
    key.append(part);
    key.push_back('\x1f');
  }
  // 64 bits, as SHA-256 cut to 16 hex digits would give, at a fraction of the cost.
  std::uint64_t value = hash64(key, 0x7461736b);
  static constexpr char digits[] = "0123456789abcdef";
  std::string id(17, 'T');
  for (int i = 16; i >= 1; --i) {
    id[static_cast<std::size_t>(i)] = digits[value & 0xF];
    value >>= 4;
  }
  return id;
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
