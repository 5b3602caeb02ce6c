#include "ownercare/core/plate.hpp"

#include <vector>

#include "ownercare/core/text.hpp"

namespace ownercare {

std::string mask_plate(std::string_view plate) {
  plate = trim(plate);
  // Byte offsets where each code point starts; a stray continuation byte stays with the code
  // point before it, so nothing is cut in the middle of a sequence.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < plate.size(); ++i) {
    if ((static_cast<unsigned char>(plate[i]) & 0xC0) != 0x80 || starts.empty())
      starts.push_back(i);
  }
  if (starts.size() < 4) return "***";
  std::string masked(plate.substr(0, starts[2]));
  masked += "***";
  masked += plate.substr(starts.back());
  return masked;
}

}  // namespace ownercare
