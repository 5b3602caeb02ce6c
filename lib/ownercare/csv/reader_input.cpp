// Bytes to text for the CSV reader: the input read in chunks, the encoding decided from its
// first bytes, and the text decoded (GB18030, UTF-16) or validated (UTF-8) into the reader's
// buffer. Bytes invalid in the encoding stop the text at the last valid character before them
// (`bad_byte`); the error is raised when the parser asks for more text there, so it names the
// line and field of the bad byte, and its offset in the file.
#include "ownercare/csv/reader_state.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <system_error>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/text.hpp"

namespace ownercare::csv {

namespace {

constexpr std::size_t kDetectionSize = 1024 * 1024;  // what Encoding::automatic looks at

// Length of the longest prefix of `text` (valid UTF-8 but for a possibly cut-off last
// character) that ends on a character boundary.
std::size_t complete_utf8_prefix(std::string_view text) {
  std::size_t size = text.size();
  for (std::size_t back = 1; back <= 3 && back <= size; ++back) {
    auto byte = static_cast<unsigned char>(text[size - back]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte: look further back
    if (byte < 0x80) return size;
    std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
    return length > back ? size - back : size;
  }
  return size;
}

}  // namespace

Encoding parse_encoding(std::string_view name) {
  std::string lower = ascii_lower(name);
  if (lower == "auto") return Encoding::automatic;
  if (lower == "utf-8" || lower == "utf8") return Encoding::utf8;
  if (lower == "gb18030" || lower == "gbk") return Encoding::gb18030;
  throw UsageError(fmt::format("unknown encoding \"{}\" (expected auto, utf-8 or gb18030)", name));
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::gb18030:
      return "gb18030";
    case Encoding::utf16le:
      return "utf-16le";
    case Encoding::utf16be:
      return "utf-16be";
    case Encoding::automatic:
      break;
  }
  return "auto";
}

std::size_t Reader::State::read_input(char* destination, std::size_t size) {
  in->read(destination, static_cast<std::streamsize>(size));
  auto got = static_cast<std::size_t>(in->gcount());
  if (in->bad()) {
    std::error_code error(errno, std::generic_category());
    throw InputError(located(name, 0, 0, "cannot read (" + error.message() + ")"));
  }
  bytes_read += got;
  if (got < size) input_done = true;
  return got;
}

// Validates the UTF-8 appended after `limit` and moves `limit` to the last whole character
// (to the end, once the input is done: a cut-off character is then invalid), or to the first
// invalid byte.
void Reader::State::accept_utf8() {
  std::string_view fresh = std::string_view(text).substr(limit);
  if (auto bad = find_invalid_utf8(fresh, !input_done)) {
    limit += *bad;
    bad_byte = text_offset + limit;
    return;
  }
  limit += input_done ? fresh.size() : complete_utf8_prefix(fresh);
}

void Reader::State::decode(std::string_view bytes) {
  std::size_t error_offset = 0;
  if (!decoder->decode(bytes, input_done, text, error_offset)) bad_byte = error_offset;
  limit = text.size();
}

// Reads the first bytes (the first MiB for Encoding::automatic, at least two bytes otherwise)
// and decides the encoding: a UTF-16 byte order mark (FF FE, FE FF) is UTF-16 whatever was
// asked, as those bytes can start neither a UTF-8 nor a GB18030 file. Automatic then takes
// UTF-16 by where its NUL bytes are, UTF-8 when the sample is valid UTF-8 (a character cut off
// by the end of the sample allowed) or mostly so, GB18030 otherwise.
void Reader::State::start() {
  started = true;
  std::string sample;
  sample.resize(encoding == Encoding::automatic ? kDetectionSize : chunk_size);
  sample.resize(read_input(sample.data(), sample.size()));
  while (sample.size() < 2 && !input_done) {
    char byte = 0;
    if (read_input(&byte, 1) == 1) sample += byte;
  }
  std::optional<ByteOrder> utf16;
  if (sample.starts_with("\xFF\xFE")) {
    utf16 = ByteOrder::little_endian;
  } else if (sample.starts_with("\xFE\xFF")) {
    utf16 = ByteOrder::big_endian;
  } else if (encoding == Encoding::automatic) {
    detected = true;
    utf16 = utf16_without_bom(sample);
    if (!utf16) {
      std::optional<std::size_t> bad = find_invalid_utf8(sample, !input_done);
      encoding = !bad || mostly_utf8(sample) ? Encoding::utf8 : Encoding::gb18030;
    }
  }
  if (utf16) {
    encoding = *utf16 == ByteOrder::little_endian ? Encoding::utf16le : Encoding::utf16be;
    decoder = std::make_unique<Utf16Decoder>(*utf16);
  } else if (encoding == Encoding::gb18030) {
    decoder = std::make_unique<Gb18030Decoder>();
  }
  if (encoding == Encoding::utf8) {
    text = std::move(sample);
    accept_utf8();
  } else {
    raw = std::move(sample);
    decode(raw);
  }
}

void Reader::State::read_chunk() {
  if (!started) {
    start();
  } else if (encoding == Encoding::utf8) {
    std::size_t old_size = text.size();
    text.resize(old_size + chunk_size);
    text.resize(old_size + read_input(text.data() + old_size, chunk_size));
    accept_utf8();
  } else {
    raw.resize(chunk_size);
    raw.resize(read_input(raw.data(), chunk_size));
    decode(raw);
  }
}

// Makes more text available past `limit`. Drops the text before `record_start` first (so the
// current record then starts at 0); offsets from the record start stay valid. Returns false when
// the input is exhausted. At an invalid byte, refuses the file naming `at_line` and `at_column`
// (where the parser stands) or, when `refuse_bad_bytes` is false, returns false.
bool Reader::State::more(std::uint64_t at_line, std::size_t at_column, bool refuse_bad_bytes) {
  if (record_start > 0) {
    text.erase(0, record_start);
    limit -= record_start;
    text_offset += record_start;
    record_start = 0;
  }
  std::size_t before = limit;
  while (limit == before && !input_done && !bad_byte) read_chunk();
  if (limit == before && bad_byte && refuse_bad_bytes) fail_encoding(at_line, at_column);
  return limit > before;
}

void Reader::State::fail_encoding(std::uint64_t at_line, std::size_t at_column) const {
  const char* what = "";
  switch (encoding) {
    case Encoding::utf8:
      what = detected ? "not valid UTF-8, which the file is before it (a row in another "
                        "encoding, such as GBK?)"
                      : "not valid UTF-8 (try --encoding gb18030)";
      break;
    case Encoding::gb18030:
      what = detected ? "not valid UTF-8 or GB18030" : "not valid GB18030";
      break;
    case Encoding::utf16le:
      what = "not valid UTF-16LE (a surrogate without its pair, or an odd byte at the end)";
      break;
    case Encoding::utf16be:
      what = "not valid UTF-16BE (a surrogate without its pair, or an odd byte at the end)";
      break;
    case Encoding::automatic:
      break;
  }
  throw InputError(
      located(name, at_line, at_column, fmt::format("byte {}: {}", bad_byte.value_or(0), what)));
}

}  // namespace ownercare::csv
