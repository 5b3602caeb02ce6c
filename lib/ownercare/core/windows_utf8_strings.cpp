// Windows only: std::string file names are UTF-8, as on Linux.
//
// libstdc++ on Windows turns a std::string into a std::filesystem::path (whose characters are
// wchar_t) through the C runtime's mbrtowc, which in the C locale MinGW programs run in maps
// each byte to the character of the same number: "车主.csv" given as UTF-8 became a file named
// "è½¦ä¸».csv". (The other way, path::string(), libstdc++ already writes UTF-8.) The runtime
// cannot be switched to UTF-8 (msvcrt has no UTF-8 locale), so this file gives the program its
// own mbrtowc and wcrtomb, which read and write UTF-8. They replace the runtime's because the
// link asks for them first (-Wl,-u in CMakeLists.txt) and libownercare.a comes before the
// runtime's libraries.
//
// Contract (that of the C functions, for one wchar_t at a time): a character outside the Basic
// Multilingual Plane (four UTF-8 bytes, two UTF-16 units) is refused with EILSEQ, as is any
// invalid UTF-8, an overlong form or a surrogate; libstdc++ then reports the path as not
// convertible. No file name ownercare meets needs such a character.
#ifdef _WIN32

#include <cerrno>
#include <cstddef>
#include <cwchar>

namespace {

constexpr std::size_t kInvalid = static_cast<std::size_t>(-1);
constexpr std::size_t kIncomplete = static_cast<std::size_t>(-2);

std::size_t refuse() {
  errno = EILSEQ;
  return kInvalid;
}

}  // namespace

extern "C" std::size_t mbrtowc(wchar_t* out, const char* in, std::size_t size,
                               std::mbstate_t* /*state*/) {
  if (in == nullptr) return 0;
  if (size == 0) return kIncomplete;
  const auto* bytes = reinterpret_cast<const unsigned char*>(in);
  unsigned lead = bytes[0];
  std::size_t length = 0;
  char32_t code_point = 0;
  if (lead < 0x80) {
    length = 1;
    code_point = lead;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
  } else {
    return refuse();  // a continuation byte, an overlong lead, or a four-byte character
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (i >= size) return kIncomplete;
    if ((bytes[i] & 0xC0) != 0x80) return refuse();
    code_point = (code_point << 6) | (bytes[i] & 0x3F);
  }
  if (length == 3 && (code_point < 0x800 || (code_point >= 0xD800 && code_point <= 0xDFFF)))
    return refuse();
  if (out != nullptr) *out = static_cast<wchar_t>(code_point);
  return code_point == 0 ? 0 : length;
}

extern "C" std::size_t wcrtomb(char* out, wchar_t wide, std::mbstate_t* /*state*/) {
  char buffer[3];
  char* target = out != nullptr ? out : buffer;
  auto code_point = static_cast<unsigned>(wide);
  if (code_point < 0x80) {
    target[0] = static_cast<char>(code_point);
    return 1;
  }
  if (code_point < 0x800) {
    target[0] = static_cast<char>(0xC0 | (code_point >> 6));
    target[1] = static_cast<char>(0x80 | (code_point & 0x3F));
    return 2;
  }
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return refuse();
  target[0] = static_cast<char>(0xE0 | (code_point >> 12));
  target[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
  target[2] = static_cast<char>(0x80 | (code_point & 0x3F));
  return 3;
}

#endif  // _WIN32
