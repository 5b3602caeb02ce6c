// Input encodings to UTF-8, for the exports of Chinese dealer systems and Excel: GB18030 (a
// superset of GBK and GB2312; decoded by ownercare itself on every system) and UTF-16 (Excel's
// "Unicode text"), plus the looks at a file's first bytes that decide which one a file is in.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ownercare {

// Decodes a stream of bytes chunk by chunk; a character split across two chunks is carried
// over to the next call.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  // Appends the UTF-8 of `bytes` to `out`. `final` says no more bytes follow (then a dangling
  // partial character is an error). Returns true on success; on failure returns false, leaves
  // in `out` the UTF-8 of every character before the offending one, and sets `error_offset`
  // to the offset of the offending byte counted from the start of the stream.
  virtual bool decode(std::string_view bytes, bool final, std::string& out,
                      std::size_t& error_offset) = 0;
};

class Gb18030Decoder final : public StreamDecoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder() override;
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  bool decode(std::string_view bytes, bool final, std::string& out,
              std::size_t& error_offset) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// True when every byte of `bytes` could start or continue a valid GB18030 sequence (a quick
// check used to decide the encoding of a file's first chunk).
bool looks_like_gb18030(std::string_view bytes);

enum class ByteOrder { little_endian, big_endian };

// UTF-16 in either byte order. A byte order mark is decoded like any character (U+FEFF, which
// the CSV reader skips), so offsets stay those of the file. Invalid: a surrogate without its
// pair, an odd byte at the end.
class Utf16Decoder final : public StreamDecoder {
 public:
  explicit Utf16Decoder(ByteOrder order) : order_(order) {}
  bool decode(std::string_view bytes, bool final, std::string& out,
              std::size_t& error_offset) override;

 private:
  ByteOrder order_;
  std::string carry_;         // an odd byte, or a high surrogate waiting for its pair
  std::size_t position_ = 0;  // stream offset of carry_[0] (or of the next byte when empty)
};

// The byte order of UTF-16 text without a byte order mark, judged from where its NUL bytes
// are: ASCII characters (the separators and line ends at least) are NUL and the character in
// UTF-16, so a sample of at least 16 bytes with NULs in at least 1 in 8 odd (LE) or even (BE)
// places and none in the others is UTF-16. Text in UTF-8 or GB18030 has no NUL bytes.
std::optional<ByteOrder> utf16_without_bom(std::string_view sample);

// For a sample that is not valid UTF-8: true when its valid multi-byte UTF-8 characters
// outnumber its invalid stretches, which means a UTF-8 file with a few bytes of another
// encoding (a GBK row pasted in), not a GB18030 file, whose Chinese text is almost never
// valid UTF-8 for long.
bool mostly_utf8(std::string_view sample);

}  // namespace ownercare
