// The order a snapshot's rows are written in: by key, the order of a table's B-tree, so that
// neighbouring rows share pages (a B-tree filled in order is filled several times faster than
// one filled at random). Shared by the fleet's and the dealer's packed snapshots.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ownercare::store {

// The entries of `subset` (row numbers, in file order) sorted by `key(row)`; equal keys keep
// file order. Sorts on the first 8 bytes as a big-endian number, then on the whole key: most
// keys differ within their first 8 bytes, so most comparisons are one integer comparison.
template <class KeyOf>
std::vector<std::uint32_t> sorted_by_key(const std::vector<std::uint32_t>& subset,
                                         const KeyOf& key) {
  struct Item {
    std::uint64_t prefix;
    std::uint32_t index;
  };
  std::vector<Item> items(subset.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string_view k = key(subset[i]);
    std::uint64_t prefix = 0;
    for (std::size_t b = 0; b < 8; ++b) {
      prefix = (prefix << 8) | (b < k.size() ? static_cast<unsigned char>(k[b]) : 0u);
    }
    items[i] = {prefix, subset[i]};
  }
  std::sort(items.begin(), items.end(), [&key](const Item& a, const Item& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    std::string_view ka = key(a.index), kb = key(b.index);
    if (ka != kb) return ka < kb;
    return a.index < b.index;
  });
  std::vector<std::uint32_t> order(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) order[i] = items[i].index;
  return order;
}

}  // namespace ownercare::store
