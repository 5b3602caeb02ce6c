// Streaming CSV reader: RFC 4180 records from a file or stdin, decoded to UTF-8, as Excel, WPS
// and dealer systems write them.
//
// Reads in fixed-size chunks, so memory does not grow with the file. Accepts `"` quoting with
// `""` escapes, quoted fields holding separators and line breaks, an optional final newline.
// The separator (comma, tab or semicolon) and the line ends (LF or CRLF, or a lone CR) are
// decided from the first line, or named by an Excel `sep=X` line before it (csv/dialect).
// Any number of byte order marks at the start are skipped. The input is UTF-8, GB18030/GBK or
// UTF-16: a UTF-16 byte order mark means UTF-16 whatever `encoding` says; Encoding::automatic
// decides from the first MiB (UTF-16 by its NUL bytes, valid or mostly valid UTF-8 means
// UTF-8, otherwise GB18030). Bytes that are invalid in the chosen encoding are refused with
// the line and field where they are and their byte offset in the file. A line break inside a
// quoted field is kept as it appears in the input. Every field has its full-width ASCII forms
// folded to ASCII (csv/full_width).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ownercare::csv {

// utf16le and utf16be are never asked for: a file is read as UTF-16 when it starts with a
// UTF-16 byte order mark, or under `automatic` when its NUL bytes say so.
enum class Encoding { automatic, utf8, gb18030, utf16le, utf16be };

// "auto", "utf-8"/"utf8", "gb18030"/"gbk" (case-insensitive); throws UsageError otherwise.
Encoding parse_encoding(std::string_view name);
const char* encoding_name(Encoding encoding);  // "utf-8", "gb18030", "utf-16le", ..., "auto"

// The longest field and record a file may hold: anything longer is not a spreadsheet's export
// (a binary file, /dev/zero, a quote never closed in a huge file) and refuses the file with its
// line, never an allocation failure.
inline constexpr std::size_t kMaxFieldBytes = std::size_t{1} << 20;    // 1 MiB
inline constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;  // 16 MiB

struct ReaderOptions {
  Encoding encoding = Encoding::automatic;
  // Bytes read from the input at a time. The default suits files of any size; tests make it
  // tiny to put chunk boundaries everywhere. Encoding::automatic first reads up to 1 MiB to
  // decide, whatever this is.
  std::size_t chunk_size = 256 * 1024;
  std::size_t max_field_bytes = kMaxFieldBytes;  // max_field_bytes in the config
  std::size_t max_record_bytes = kMaxRecordBytes;
  // Full-width ASCII forms folded to ASCII in every field (csv/full_width): what every input
  // wants; off only to read back an output file byte for byte (tests).
  bool fold_full_width = true;
};

// One record. `fields` are views into the reader's buffers, valid until the next call to
// Reader::next. Field texts are already unquoted and unescaped.
struct Record {
  std::vector<std::string_view> fields;
  std::uint64_t line = 0;  // 1-based line on which the record starts
};

class Reader {
 public:
  // Opens `path` for reading; "-" reads stdin. `display_name` is what messages call the file
  // (defaults to the path, or "<stdin>"). Throws InputError if the file cannot be opened.
  static Reader open(const std::filesystem::path& path, ReaderOptions options = {});
  // Reads from a stream the caller keeps alive.
  Reader(std::istream& in, std::string display_name, ReaderOptions options = {});
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;

  // Reads the next record into `record`; returns false at the end of the input.
  // A blank line (no bytes before its line break) is skipped, not returned as an empty record.
  // Throws InputError (message "name:line: ..." or "name:line:field: byte N: ...") for an
  // unterminated quoted field, a quote inside an unquoted field, text after a closing quote, a
  // field or record longer than the options allow, or bytes invalid in the encoding.
  bool next(Record& record);

  const std::string& display_name() const;
  Encoding encoding() const;        // the encoding in use (decided once the first chunk is read)
  char separator() const;           // the separator in use (decided with the first record)
  std::uint64_t bytes_read() const;  // input bytes consumed so far, for progress

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ownercare::csv
