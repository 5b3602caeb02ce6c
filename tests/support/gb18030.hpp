// Test support: UTF-8 to GB18030, as Excel and WPS save a CSV on a Chinese Windows, from
// ownercare's own tables (core/gb18030_tables.hpp), so tests need no iconv (Windows has none).
#pragma once

#include <string>
#include <string_view>

namespace ownercare::test {

// `utf8` in GB18030: two bytes where GBK has the character, four bytes otherwise. Throws
// std::invalid_argument for text that is not UTF-8.
std::string to_gb18030(std::string_view utf8);

}  // namespace ownercare::test
