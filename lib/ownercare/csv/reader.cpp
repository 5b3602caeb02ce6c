// Streaming RFC 4180 reader, with the separators and line ends spreadsheets write.
//
// The input is read in chunks into one text buffer holding UTF-8 (reader_input.cpp: GB18030 and
// UTF-16 input is decoded on the way in; UTF-8 input is only validated, never copied). The
// first line decides the separator and line ends (csv/dialect).
//
// The buffer holds the record being parsed and whatever follows it; when a record runs past the
// end of the buffer, the parsed records before it are dropped and the next chunk is appended,
// so memory stays at about one chunk plus the longest record. Fields are recorded as offsets
// from the start of their record (which survive that compaction) and turned into string_views
// once the record is complete. Only quoted fields with `""` escapes are copied, into a scratch
// buffer.
//
// Unquoted fields are scanned 16 bytes at a time for the four bytes that matter (separator,
// quote, CR, LF); quoted fields with memchr for the next quote. Full-width forms are folded in
// each field of a record that has a byte that may start one (csv/full_width).
#include "ownercare/csv/reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <system_error>

#include "ownercare/core/errors.hpp"
#include "ownercare/csv/dialect.hpp"
#include "ownercare/csv/full_width.hpp"
#include "ownercare/csv/reader_state.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ownercare::csv {

namespace {

// Offset of the first of `text[from, size)` that is a separator, quote, CR or LF; `size` if none.
inline std::size_t find_special(const SpecialBytes& special, const char* text, std::size_t from,
                                std::size_t size) {
#if defined(__SSE2__)
  const __m128i separator = _mm_set1_epi8(special.separator);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  while (from + 16 <= size) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + from));
    __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, separator), _mm_cmpeq_epi8(block, quote)),
                     _mm_or_si128(_mm_cmpeq_epi8(block, cr), _mm_cmpeq_epi8(block, lf)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return from + static_cast<std::size_t>(__builtin_ctz(mask));
    from += 16;
  }
#endif
  while (from < size && !special[text[from]]) ++from;
  return from;
}

// Number of `line_break` bytes (LF, or CR in a file with CR line ends) in `text`.
std::uint64_t count_line_breaks(const char* text, std::size_t size, char line_break) {
  std::uint64_t count = 0;
  const char* end = text + size;
  while (const void* found = std::memchr(text, line_break, static_cast<std::size_t>(end - text))) {
    ++count;
    text = static_cast<const char*>(found) + 1;
  }
  return count;
}

}  // namespace


// Skips byte order marks at the start: UTF-8's, and UTF-16's and GB18030's, decoded to it.
// Some programs write one more in front of a file that had one, so any number are skipped.
void Reader::State::skip_boms() {
  for (;;) {
    // A bad byte among the first three is left for the parser to locate in its field.
    while (limit - record_start < kBom.size() && more(line, 1, false)) {
    }
    if (!std::string_view(text).substr(record_start, limit - record_start).starts_with(kBom))
      return;
    record_start += kBom.size();
  }
}

// Decides the separator and line ends from the first line, or a `sep=` line before it, which
// is then skipped. Bad bytes in the first line are left for the parser to refuse where they
// are; the dialect is decided from the text before them.
void Reader::State::detect_dialect() {
  dialect_known = true;
  DialectDetector detector;
  std::optional<Dialect> dialect;
  bool ended = false;
  for (;;) {
    std::string_view seen = std::string_view(text).substr(record_start, limit - record_start);
    if ((dialect = detector.look(seen, ended))) break;
    ended = seen.size() > max_record || !more(line, 1, false);
  }
  special = SpecialBytes(dialect->separator);
  cr_line_ends = dialect->cr_line_ends;
  if (dialect->skip > 0) {
    record_start += dialect->skip;
    ++line;
  }
}

// Skips lines with nothing before their line break. Returns false at the end of the input.
bool Reader::State::skip_blank_lines() {
  for (;;) {
    if (record_start == limit && !more(line, 1)) return false;
    char first = text[record_start];
    if (first == '\n' && !cr_line_ends) {
      ++line;
      ++record_start;
    } else if (first == '\r') {
      // A bad byte after a CR that ends a line is on the next line.
      if (record_start + 1 == limit && !more(cr_line_ends ? line + 1 : line, 1)) {
        ++record_start;  // a CR that ends the input ends the line
        return false;
      }
      bool crlf = text[record_start + 1] == '\n';
      if (!crlf && !cr_line_ends) return true;  // a CR inside a field's text
      ++line;
      record_start += crlf ? 2 : 1;
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
  const char separator = special.separator;
  const char line_break = cr_line_ends ? '\r' : '\n';
  // Before more input is appended to this record: a field or record past its limit stops here,
  // so a file without line breaks or quotes never grows the buffer without bound.
  auto check_lengths = [&] {
    if (p - field_start > max_field) fail_too_long(record_line, spans.size() + 1, false);
    if (p > max_record) fail_too_long(record_line, 0, true);
  };
  // More text past `size`; a bad byte there is at `at_line`, field `at_column`. The text may
  // have moved even when there is no more (a chunk buffer grown, then the input found at its
  // end), so `base` is taken again either way.
  auto refill_at = [&](std::uint64_t at_line, std::size_t at_column) {
    check_lengths();
    bool got_more = more(at_line, at_column);
    base = text.data();  // record_start is now 0
    size = limit;
    return got_more;
  };
  auto refill = [&] { return refill_at(line, spans.size() + 1); };
  // After a CR at `p`: whether an LF follows. A bad byte after a CR that ends a line is on
  // the next line.
  auto cr_then_lf = [&] {
    if (p + 1 == size && !(cr_line_ends ? refill_at(line + 1, 1) : refill())) return false;
    return p + 1 < size && base[p + 1] == '\n';
  };

  for (;;) {                       // one field per turn; p is at its first byte
    field_start = p;
    if (p == size && !refill()) {  // the input ends right after a separator
      spans.push_back({p, 0, false});
      return p;
    }

    if (base[p] != '"') {
      std::size_t start = p;
      for (;;) {
        p = find_special(special, base, p, size);
        if (p == size) {
          if (refill()) continue;
          spans.push_back({start, p - start, false});
          return p;
        }
        char found = base[p];
        check_lengths();
        if (found == separator) {
          spans.push_back({start, p - start, false});
          ++p;
          break;
        }
        if (found == '\n') {
          if (cr_line_ends) {  // an LF is text where lines end with CR
            ++p;
            continue;
          }
          spans.push_back({start, p - start, false});
          ++line;
          return p + 1;
        }
        if (found == '\r') {
          bool crlf = cr_then_lf();
          if (p + 1 == size) {  // the input ends with this CR
            spans.push_back({start, p - start, false});
            return p + 1;
          }
          if (crlf || cr_line_ends) {
            spans.push_back({start, p - start, false});
            ++line;
            return p + (crlf ? 2 : 1);
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
      line += count_line_breaks(base + p, stop - p, line_break);
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

    if (p == size && !refill_at(line, spans.size())) return p;
    char after = base[p];
    if (after == separator) {
      ++p;
      continue;
    }
    if (after == '\n' && !cr_line_ends) {
      ++line;
      return p + 1;
    }
    if (after == '\r') {
      bool crlf = cr_then_lf();
      if (p + 1 == size) return p + 1;
      if (crlf || cr_line_ends) {
        ++line;
        return p + (crlf ? 2 : 1);
      }
    }
    fail_at_line(line, fmt::format("text after the closing quote of a field (expected {} or a "
                                   "line end)",
                                   separator_name(separator)));
  }
}

// Folds the full-width forms in the fields of the record of `length` bytes just parsed, in
// place: the text of a parsed record is not looked at again.
void Reader::State::fold_full_width_fields(std::size_t length) {
  char* base = text.data() + record_start;
  if (!may_hold_full_width(base, length)) return;  // scratch holds copies from the record
  for (FieldSpan& span : spans) {
    char* start = span.in_scratch ? scratch.data() + span.begin : base + span.begin;
    span.length = fold_full_width(start, span.length);
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
  state_->fold = options.fold_full_width;
  state_->encoding = options.encoding;
}

Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

bool Reader::next(Record& record) {
  State& state = *state_;
  record.fields.clear();
  if (!state.dialect_known) {
    state.skip_boms();
    if (!state.skip_blank_lines()) return false;
    state.detect_dialect();
  }
  if (!state.skip_blank_lines()) return false;

  record.line = state.line;
  std::size_t length = state.parse_record();
  if (state.fold) state.fold_full_width_fields(length);
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
char Reader::separator() const { return state_->special.separator; }
std::uint64_t Reader::bytes_read() const { return state_->bytes_read; }

}  // namespace ownercare::csv
