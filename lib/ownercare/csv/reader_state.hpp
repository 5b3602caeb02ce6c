// The state of one csv::Reader, shared by its two halves: reader_input.cpp turns the input's
// bytes into UTF-8 text in `text` (encodings, chunks, invalid bytes), reader.cpp parses records
// from that text (separators, quotes, line ends, full-width forms). Private to the reader.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/encoding.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"

namespace ownercare::csv {

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The bytes that end an unquoted field or are not allowed in one.
struct SpecialBytes {
  bool table[256] = {};
  char separator = ',';
  explicit SpecialBytes(char separator_byte) : separator(separator_byte) {
    table[static_cast<unsigned char>(separator)] = true;
    table[static_cast<unsigned char>('"')] = true;
    table[static_cast<unsigned char>('\r')] = true;
    table[static_cast<unsigned char>('\n')] = true;
  }
  bool operator[](char c) const { return table[static_cast<unsigned char>(c)]; }
};

// Where one field's text is: in the text buffer (offset from the start of its record) or in the
// scratch buffer (fields that had `""` escapes).
struct FieldSpan {
  std::size_t begin;
  std::size_t length;
  bool in_scratch;
};

struct Reader::State {
  std::unique_ptr<std::istream> owned;  // set when Reader::open opened a file
  std::istream* in = nullptr;
  std::string name;
  std::size_t chunk_size = 0;
  std::size_t max_field = kMaxFieldBytes;
  std::size_t max_record = kMaxRecordBytes;
  bool fold = true;
  bool started = false;                     // the first bytes were read and looked at
  bool detected = false;                    // the encoding was decided by looking at the input
  Encoding encoding = Encoding::automatic;  // as asked until started, then the one in use
  std::unique_ptr<StreamDecoder> decoder;   // for all but UTF-8

  // Decoded UTF-8. [record_start, limit) is ready to parse; [limit, size) is the start of a
  // UTF-8 character cut off by the end of the last chunk, or the bytes from an invalid one on.
  std::string text;
  std::size_t record_start = 0;
  std::size_t limit = 0;
  std::uint64_t text_offset = 0;  // file offset of text[0] (UTF-8 input, where they match)
  std::string raw;                // a chunk of input to decode
  std::uint64_t bytes_read = 0;
  bool input_done = false;
  // File offset of the first byte invalid in the encoding: the text stops before it, and the
  // parser reaching that point refuses the file.
  std::optional<std::uint64_t> bad_byte;
  bool dialect_known = false;
  SpecialBytes special{','};
  bool cr_line_ends = false;
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
  // Refuses the file at the invalid byte `bad_byte`, which the parser reached at `at_line`,
  // field `at_column`.
  [[noreturn]] void fail_encoding(std::uint64_t at_line, std::size_t at_column) const;

  std::size_t read_input(char* destination, std::size_t size);
  void start();
  void read_chunk();
  void accept_utf8();
  void decode(std::string_view bytes);
  bool more(std::uint64_t at_line, std::size_t at_column, bool refuse_bad_bytes = true);
  void skip_boms();
  void detect_dialect();
  bool skip_blank_lines();
  std::size_t parse_record();
  void fold_full_width_fields(std::size_t length);
};

}  // namespace ownercare::csv
