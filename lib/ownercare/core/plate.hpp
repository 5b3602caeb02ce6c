// Licence plates as SMS show them: the first two characters, "***", the last character
// (京N12346 -> 京N***6). Characters are Unicode code points, so a Chinese province
// abbreviation counts as one.
#pragma once

#include <string>
#include <string_view>

namespace ownercare {

// Plates of four characters or more are masked as above; shorter ones (never valid plates)
// become "***" so that no part of a malformed value leaks. Surrounding spaces are ignored.
std::string mask_plate(std::string_view plate);

}  // namespace ownercare
