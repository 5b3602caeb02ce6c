#include "ownercare/core/key_table.hpp"

#include "ownercare/core/sha256.hpp"

namespace ownercare {

namespace {
std::size_t capacity_for(std::size_t expected) {
  std::size_t capacity = 16;
  while (capacity < expected * 2) capacity *= 2;
  return capacity;
}
}  // namespace

KeyTable::KeyTable(std::size_t expected) : slots_(capacity_for(expected)) {
  mask_ = slots_.size() - 1;
}

std::uint64_t KeyTable::hash(std::string_view key) { return hash64(key, 0x6f776e6572636172ULL); }

void KeyTable::place(std::uint32_t tag, std::uint32_t item_plus_one) {
  for (std::size_t slot = tag & mask_;; slot = (slot + 1) & mask_) {
    if (slots_[slot].item_plus_one == 0) {
      slots_[slot] = {tag, item_plus_one};
      return;
    }
  }
}

void KeyTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const auto& slot : old) {
    if (slot.item_plus_one != 0) place(slot.tag, slot.item_plus_one);
  }
}

void KeyTable::insert(std::string_view key, std::uint32_t item) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  place(static_cast<std::uint32_t>(hash(key)), item + 1);
  ++size_;
}

}  // namespace ownercare
