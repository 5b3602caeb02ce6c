// Streaming RFC 4180 reader.
//
// The input is read in chunks into one text buffer holding UTF-8 (GB18030 input is decoded on the
// way in; UTF-8 input is only validated, never copied). The buffer holds the record being parsed
// and whatever follows it; when a record runs past the end of the buffer, the parsed records
// before it are dropped and the next chunk is appended, so memory stays at about one chunk plus
// the longest record. Fields are recorded as offsets from the start of their record (which
// survive that compaction) and turned into string_views once the record is complete. Only quoted
// fields with `""` escapes are copied, into a scratch buffer.
//
// Unquoted fields are scanned 16 bytes at a time for the four bytes that matter (comma, quote,
// CR, LF); quoted fields with memchr for the next quote.
#include "ownercare/csv/reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <system_error>

#include "ownercare/core/encoding.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/core/text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ownercare::csv {

namespace {

constexpr std::size_t kDetectionSize = 1024 * 1024;  // what Encoding::automatic looks at
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The bytes that end an unquoted field or are not allowed in one.
struct SpecialBytes {
  bool table[256] = {};
  constexpr SpecialBytes() {
    table[static_cast<unsigned char>(',')] = true;
    table[static_cast<unsigned char>('"')] = true;
    table[static_cast<unsigned char>('\r')] = true;
    table[static_cast<unsigned char>('\n')] = true;
  }
  bool operator[](char c) const { return table[static_cast<unsigned char>(c)]; }
};
constexpr SpecialBytes kSpecial;

// Offset of the first of `text[from, size)` that is a comma, quote, CR or LF; `size` if none.
inline std::size_t find_special(const char* text, std::size_t from, std::size_t size) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  while (from + 16 <= size) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + from));
    __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, quote)),
                     _mm_or_si128(_mm_cmpeq_epi8(block, cr), _mm_cmpeq_epi8(block, lf)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return from + static_cast<std::size_t>(__builtin_ctz(mask));
    from += 16;
  }
#endif
  while (from < size && !kSpecial[text[from]]) ++from;
  return from;
}

std::uint64_t count_line_feeds(const char* text, std::size_t size) {
  std::uint64_t count = 0;
  const char* end = text + size;
  while (const void* found = std::memchr(text, '\n', static_cast<std::size_t>(end - text))) {
    ++count;
    text = static_cast<const char*>(found) + 1;
  }
  return count;
}

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

// Where one field's text is: in the text buffer (offset from the start of its record) or in the
// scratch buffer (fields that had `""` escapes).
struct FieldSpan {
  std::size_t begin;
  std::size_t length;
  bool in_scratch;
};

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
    case Encoding::automatic:
      break;
  }
  return "auto";
}

struct Reader::State {
  std::unique_ptr<std::istream> owned;  // set when Reader::open opened a file
  std::istream* in = nullptr;
  std::string name;
  std::size_t chunk_size = 0;
  std::size_t max_field = kMaxFieldBytes;
  std::size_t max_record = kMaxRecordBytes;
  bool detected = false;                    // the encoding was decided by looking at the input
  Encoding encoding = Encoding::automatic;  // automatic until decided
  std::unique_ptr<Gb18030Decoder> decoder;

  // Decoded UTF-8. [record_start, limit) is ready to parse; [limit, size) is the start of a
  // UTF-8 character cut off by the end of the last chunk.
  std::string text;
  std::size_t record_start = 0;
  std::size_t limit = 0;
  std::uint64_t text_offset = 0;  // file offset of text[0] (UTF-8 input, where they match)
  std::string raw;                // a chunk of GB18030 input
  std::uint64_t bytes_read = 0;
  bool input_done = false;
  bool bom_checked = false;
  std::uint64_t line = 1;  // line of text[record_start]

  std::string scratch;
  std::vector<FieldSpan> spans;

  [[noreturn]] void fail_at_line(std::uint64_t at, const std::string& what) const {
    throw InputError(located(name, at, 0, what));
  }
  [[noreturn]] void fail_too_long(std::uint64_t at, std::size_t column, bool record) const {
    throw InputError(located(
        name, at, record ? 0 : column,
        record ? fmt::format("a record longer than {} bytes: this is not a CSV export (or a "
                             "quote is never closed)",
                             max_record)
               : fmt::format("a field longer than {} bytes (max_field_bytes): this is not a "
                             "CSV export, or a quote is never closed",
                             max_field)));
  }
  [[noreturn]] void fail_encoding(std::uint64_t offset) const {
    const char* what = encoding == Encoding::utf8 ? "not valid UTF-8 (try --encoding gb18030)"
                       : detected                 ? "not valid UTF-8 or GB18030"
                                                  : "not valid GB18030";
    throw InputError(located(name, 0, 0, fmt::format("byte {}: {}", offset, what)));
  }

  std::size_t read_input(char* destination, std::size_t size);
  void read_chunk();
  void detect();
  void accept_utf8();
  void decode(std::string_view bytes);
  bool more();
  void skip_bom();
  bool skip_blank_lines();
  std::size_t parse_record();
};

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
// (to the end, once the input is done: a cut-off character is then an error).
void Reader::State::accept_utf8() {
  std::string_view fresh = std::string_view(text).substr(limit);
  if (auto bad = find_invalid_utf8(fresh, !input_done)) fail_encoding(text_offset + limit + *bad);
  limit += input_done ? fresh.size() : complete_utf8_prefix(fresh);
}

void Reader::State::decode(std::string_view bytes) {
  std::size_t error_offset = 0;
  if (!decoder->decode(bytes, input_done, text, error_offset)) fail_encoding(error_offset);
  limit = text.size();
}

// Encoding::automatic: the first MiB decides; valid UTF-8 (a character cut off by the end of the
// sample allowed) means UTF-8, anything else GB18030.
void Reader::State::detect() {
  text.resize(kDetectionSize);
  text.resize(read_input(text.data(), kDetectionSize));
  detected = true;
  if (!find_invalid_utf8(text, !input_done)) {
    encoding = Encoding::utf8;
    accept_utf8();
    return;
  }
  encoding = Encoding::gb18030;
  decoder = std::make_unique<Gb18030Decoder>();
  raw = std::move(text);
  text.clear();
  decode(raw);
}

void Reader::State::read_chunk() {
  if (encoding == Encoding::automatic) {
    detect();
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
// the input is exhausted.
bool Reader::State::more() {
  if (record_start > 0) {
    text.erase(0, record_start);
    limit -= record_start;
    text_offset += record_start;
    record_start = 0;
  }
  std::size_t before = limit;
  while (limit == before && !input_done) read_chunk();
  return limit > before;
}

void Reader::State::skip_bom() {
  bom_checked = true;
  while (limit - record_start < kBom.size() && more()) {
  }
  if (std::string_view(text).substr(record_start, limit - record_start).starts_with(kBom))
    record_start += kBom.size();
}

// Skips lines with nothing before their line break. Returns false at the end of the input.
bool Reader::State::skip_blank_lines() {
  for (;;) {
    if (record_start == limit && !more()) return false;
    char first = text[record_start];
    if (first == '\n') {
      ++line;
      ++record_start;
    } else if (first == '\r') {
      if (record_start + 1 == limit && !more()) {  // a CR that ends the input ends the line
        ++record_start;
        return false;
      }
      if (text[record_start + 1] != '\n') return true;  // a CR inside a field's text
      ++line;
      record_start += 2;
    } else {
      return true;
    }
  }
}

// Parses the record at `record_start` into `spans`; returns its length including its line break.
std::size_t Reader::State::parse_record() {
  spans.clear();
  scratch.clear();
  const char* base = text.data() + record_start;
  std::size_t size = limit - record_start;
  std::size_t p = 0;
  std::size_t field_start = 0;  // of the field being parsed, in the record
  const std::uint64_t record_line = line;
  // Before more input is appended to this record: a field or record past its limit stops here,
  // so a file without line breaks or quotes never grows the buffer without bound.
  auto check_lengths = [&] {
    if (p - field_start > max_field) fail_too_long(record_line, spans.size() + 1, false);
    if (p > max_record) fail_too_long(record_line, 0, true);
  };
  // More text past `size`. The text may have moved even when there is no more (a chunk
  // buffer grown, then the input found at its end), so `base` is taken again either way.
  auto refill = [&] {
    check_lengths();
    bool got_more = more();
    base = text.data();  // record_start is now 0
    size = limit;
    return got_more;
  };

  for (;;) {                       // one field per turn; p is at its first byte
    field_start = p;
    if (p == size && !refill()) {  // the input ends right after a comma
      spans.push_back({p, 0, false});
      return p;
    }

    if (base[p] != '"') {
      std::size_t start = p;
      for (;;) {
        p = find_special(base, p, size);
        if (p == size) {
          if (refill()) continue;
          spans.push_back({start, p - start, false});
          return p;
        }
        char special = base[p];
        check_lengths();
        if (special == ',') {
          spans.push_back({start, p - start, false});
          ++p;
          break;
        }
        if (special == '\n') {
          spans.push_back({start, p - start, false});
          ++line;
          return p + 1;
        }
        if (special == '\r') {
          if (p + 1 == size && !refill()) {
            spans.push_back({start, p - start, false});
            return p + 1;
          }
          if (base[p + 1] == '\n') {
            spans.push_back({start, p - start, false});
            ++line;
            return p + 2;
          }
          ++p;  // a lone CR is part of the text
          continue;
        }
        fail_at_line(line,
                     "quote inside an unquoted field (a field holding quotes must be quoted, "
                     "each quote doubled)");
      }
      continue;
    }

    // A quoted field: up to the quote not followed by another.
    std::uint64_t opened = line;
    ++p;
    std::size_t segment = p;  // start of the text not yet copied to scratch
    std::size_t scratch_begin = 0;
    bool escaped = false;
    for (;;) {
      const void* quote = std::memchr(base + p, '"', size - p);
      std::size_t stop =
          quote ? static_cast<std::size_t>(static_cast<const char*>(quote) - base) : size;
      line += count_line_feeds(base + p, stop - p);
      p = stop;
      if (!quote) {
        if (refill()) continue;
        fail_at_line(opened, "quoted field opened here is never closed");
      }
      bool doubled = (p + 1 < size || refill()) && base[p + 1] == '"';
      if (!doubled) break;
      if (!escaped) {
        escaped = true;
        scratch_begin = scratch.size();
      }
      scratch.append(base + segment, p + 1 - segment);
      p += 2;
      segment = p;
    }
    check_lengths();
    if (escaped) {
      scratch.append(base + segment, p - segment);
      spans.push_back({scratch_begin, scratch.size() - scratch_begin, true});
    } else {
      spans.push_back({segment, p - segment, false});
    }
    ++p;  // the closing quote

    if (p == size && !refill()) return p;
    char after = base[p];
    if (after == ',') {
      ++p;
      continue;
    }
    if (after == '\n') {
      ++line;
      return p + 1;
    }
    if (after == '\r') {
      if (p + 1 == size && !refill()) return p + 1;
      if (base[p + 1] == '\n') {
        ++line;
        return p + 2;
      }
    }
    fail_at_line(line, "text after the closing quote of a field (expected a comma or a line end)");
  }
}

Reader Reader::open(const std::filesystem::path& path, ReaderOptions options) {
  if (path == "-") return Reader(std::cin, "<stdin>", options);
  std::string name = path.string();
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw InputError(located(name, 0, 0, "cannot read (is a folder)"));
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    std::error_code error(errno, std::generic_category());
    throw InputError(located(name, 0, 0, "cannot open (" + error.message() + ")"));
  }
  Reader reader(*file, name, options);
  reader.state_->owned = std::move(file);
  return reader;
}

Reader::Reader(std::istream& in, std::string display_name, ReaderOptions options)
    : state_(std::make_unique<State>()) {
  state_->in = &in;
  state_->name = std::move(display_name);
  state_->chunk_size = std::max<std::size_t>(options.chunk_size, 1);
  state_->max_field = options.max_field_bytes;
  state_->max_record = options.max_record_bytes;
  state_->encoding = options.encoding;
  if (options.encoding == Encoding::gb18030) state_->decoder = std::make_unique<Gb18030Decoder>();
}

Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

bool Reader::next(Record& record) {
  State& state = *state_;
  record.fields.clear();
  if (!state.bom_checked) state.skip_bom();
  if (!state.skip_blank_lines()) return false;

  record.line = state.line;
  std::size_t length = state.parse_record();
  const char* base = state.text.data() + state.record_start;
  for (const FieldSpan& span : state.spans) {
    const char* start = span.in_scratch ? state.scratch.data() + span.begin : base + span.begin;
    record.fields.emplace_back(start, span.length);
  }
  state.record_start += length;
  return true;
}

const std::string& Reader::display_name() const { return state_->name; }
Encoding Reader::encoding() const { return state_->encoding; }
std::uint64_t Reader::bytes_read() const { return state_->bytes_read; }

}  // namespace ownercare::csv
