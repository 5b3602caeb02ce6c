// A snapshot's rows read and parsed on a second thread, handed over in batches.
//
// Reading and parsing two million rows takes about as long as loading the stored digests and
// classifying every row against them, and the two need each other only row by row: with the
// file on one core and the database on the other, a night's import takes the longer of the
// two instead of their sum. The batches waiting are bounded (a few MB), so memory does not
// grow with the file when the classifying side is slower.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ownercare/csv/reader.hpp"

namespace ownercare::ingest {

// Rows parsed: each with its key, its encoded facts, their digest, its line, and for a row
// whose key may have come before in the file, its cells as read (for the reject of a key seen
// twice).
class ParsedBatch {
 public:
  struct Row {
    std::uint64_t digest = 0;
    std::uint64_t line = 0;
    std::uint32_t key_at = 0, key_size = 0;
    std::uint32_t encoded_at = 0, encoded_size = 0;
    std::uint32_t cells_at = 0, cell_count = 0;
    bool has_cells = false;
    // A rejected row whose key could be read: it has no encoded facts, and its subject stays
    // as stored (the parser has already added its reject).
    bool held = false;
  };

  void clear();
  void add(const csv::Record& record, std::string_view key, std::string_view encoded,
           std::uint64_t digest, bool with_cells);
  void add_held(const csv::Record& record, std::string_view key);
  std::size_t size() const { return rows_.size(); }
  // The input bytes read when the batch's last row had been read: how far into the file it is.
  std::uint64_t bytes_read() const { return bytes_read_; }
  void set_bytes_read(std::uint64_t bytes) { bytes_read_ = bytes; }
  std::size_t bytes() const { return bytes_.size() + rows_.size() * sizeof(Row); }
  const Row& row(std::size_t index) const { return rows_[index]; }
  std::string_view key(const Row& row) const { return {bytes_.data() + row.key_at, row.key_size}; }
  std::string_view encoded(const Row& row) const {
    return {bytes_.data() + row.encoded_at, row.encoded_size};
  }
  // Throws InternalError for a row kept without its cells.
  std::vector<std::string> cells(const Row& row) const;

 private:
  std::vector<Row> rows_;
  std::string bytes_;
  std::uint64_t bytes_read_ = 0;
};

class ParsedRows {
 public:
  // Fills `key` and `encoded` from a record and returns true, or rejects it and returns false,
  // leaving in `key` the row's key when it could be read (else empty): such a row is passed on
  // as held. Runs on the reading thread only (with whatever it touches, such as the parser's
  // rejects).
  using Parse = std::function<bool(const csv::Record&, std::string& key, std::string& encoded)>;
  using Digest = std::uint64_t (*)(std::string_view encoded);
  // Called on the reading thread with the bytes read so far, every 65,536 rows and at the end.
  using Progress = std::function<void(std::uint64_t bytes)>;

  // The bytes of parsed rows that may wait for the classifying side, which does not take any
  // while it loads the stored digests: enough for most of a two-million-row file's reading to
  // go on meanwhile, within the 300 MB a night may use.
  static constexpr std::size_t kBytesWaiting = std::size_t{80} << 20;

  // Starts reading `reader` (past its header) on a thread of its own.
  ParsedRows(csv::Reader& reader, Parse parse, Digest digest, Progress progress,
             std::size_t bytes_waiting = kBytesWaiting);
  // Stops the reading thread (when the caller gave up early, e.g. on an error) and waits for it.
  ~ParsedRows();
  ParsedRows(const ParsedRows&) = delete;
  ParsedRows& operator=(const ParsedRows&) = delete;

  // The next batch into `batch` (whose buffers go back to the reading thread); false at the end.
  // Rethrows what the reading thread threw (a malformed file, a read error).
  bool next(ParsedBatch& batch);
  // The records read, the rejected ones included; final once next() returned false.
  std::int64_t rows_read() const { return rows_read_; }

 private:
  void read();
  // True when `key` may have come before in this file (a Bloom filter: never a false no).
  bool maybe_seen(std::string_view key);

  csv::Reader& reader_;
  Parse parse_;
  Digest digest_;
  Progress progress_;
  std::size_t bytes_waiting_;
  std::int64_t rows_read_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::uint64_t> seen_bits_;  // the reading thread's
  std::deque<ParsedBatch> full_;
  std::size_t full_bytes_ = 0;
  std::vector<ParsedBatch> empty_;
  bool done_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace ownercare::ingest
