// GB18030 (a superset of GBK and GB2312) to UTF-8, for the exports of Chinese dealer systems
// and Excel. Uses iconv on POSIX and the GB18030 code page (54936) on Windows.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ownercare {

// Decodes a stream of GB18030 bytes chunk by chunk; a character split across two chunks is
// carried over to the next call.
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  // Appends the UTF-8 of `bytes` to `out`. `final` says no more bytes follow (then a dangling
  // partial character is an error). Returns true on success; on failure returns false and sets
  // `error_offset` to the offset of the offending byte counted from the start of the stream.
  bool decode(std::string_view bytes, bool final, std::string& out, std::size_t& error_offset);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// True when every byte of `bytes` could start or continue a valid GB18030 sequence (a quick
// check used to decide the encoding of a file's first chunk).
bool looks_like_gb18030(std::string_view bytes);

}  // namespace ownercare
