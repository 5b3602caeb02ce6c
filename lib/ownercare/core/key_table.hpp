// An open-addressing hash table of 32-bit item numbers, for finding items by a string key
// that is stored elsewhere (in a vector or an arena). Eight bytes a slot, at most half full:
// a million keys take 16 MiB, about a fifth of a std::unordered_map of strings.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace ownercare {

class KeyTable {
 public:
  static constexpr std::uint32_t npos = 0xFFFFFFFFu;

  explicit KeyTable(std::size_t expected = 16);

  static std::uint64_t hash(std::string_view key);

  // The item stored under `key`, or npos. `key_of(item)` must return the key of an item.
  template <class KeyOf>
  std::uint32_t find(std::string_view key, KeyOf&& key_of) const {
    auto tag = static_cast<std::uint32_t>(hash(key));
    for (std::size_t slot = tag & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.item_plus_one == 0) return npos;
      if (s.tag == tag && key_of(s.item_plus_one - 1) == key) return s.item_plus_one - 1;
    }
  }

  // Adds an item whose key is not in the table yet.
  void insert(std::string_view key, std::uint32_t item);
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint32_t tag = 0;            // the low 32 bits of the key's hash
    std::uint32_t item_plus_one = 0;  // 0: empty
  };
  void place(std::uint32_t tag, std::uint32_t item_plus_one);
  void grow();

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ownercare
