#include "ownercare/ingest/parsed_rows.hpp"

#include <fmt/format.h>

#include <cstring>
#include <utility>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/sha256.hpp"

namespace ownercare::ingest {

namespace {

constexpr std::size_t kBatchRows = 4096;
// 2^26 bits (8 MB): for two million keys two bits each, 0.3% of the rows carry their cells
// for nothing; for ten million, 7%.
constexpr std::size_t kSeenBits = std::size_t{1} << 26;

std::uint32_t offset(const std::string& bytes) { return static_cast<std::uint32_t>(bytes.size()); }

}  // namespace

// --- ParsedBatch

void ParsedBatch::clear() {
  rows_.clear();
  bytes_.clear();
  bytes_read_ = 0;
}

void ParsedBatch::add(const csv::Record& record, std::string_view key, std::string_view encoded,
                      std::uint64_t digest, bool with_cells) {
  Row row;
  row.digest = digest;
  row.line = record.line;
  row.key_at = offset(bytes_);
  row.key_size = static_cast<std::uint32_t>(key.size());
  bytes_.append(key);
  row.encoded_at = offset(bytes_);
  row.encoded_size = static_cast<std::uint32_t>(encoded.size());
  bytes_.append(encoded);
  if (with_cells) {
    // Each cell as its 4-byte size, then its bytes.
    row.has_cells = true;
    row.cells_at = offset(bytes_);
    row.cell_count = static_cast<std::uint32_t>(record.fields.size());
    for (const auto& field : record.fields) {
      auto size = static_cast<std::uint32_t>(field.size());
      bytes_.append(reinterpret_cast<const char*>(&size), sizeof size);
      bytes_.append(field);
    }
  }
  rows_.push_back(row);
}

void ParsedBatch::add_held(const csv::Record& record, std::string_view key) {
  Row row;
  row.line = record.line;
  row.held = true;
  row.key_at = offset(bytes_);
  row.key_size = static_cast<std::uint32_t>(key.size());
  bytes_.append(key);
  row.encoded_at = offset(bytes_);
  rows_.push_back(row);
}

std::vector<std::string> ParsedBatch::cells(const Row& row) const {
  if (!row.has_cells) {
    throw InternalError(fmt::format("line {}: the row's cells were not kept", row.line));
  }
  std::vector<std::string> cells;
  cells.reserve(row.cell_count);
  std::size_t at = row.cells_at;
  for (std::uint32_t i = 0; i < row.cell_count; ++i) {
    std::uint32_t size = 0;
    std::memcpy(&size, bytes_.data() + at, sizeof size);
    at += sizeof size;
    cells.emplace_back(bytes_.data() + at, size);
    at += size;
  }
  return cells;
}

// --- ParsedRows

ParsedRows::ParsedRows(csv::Reader& reader, Parse parse, Digest digest, Progress progress,
                       std::size_t bytes_waiting)
    : reader_(reader),
      parse_(std::move(parse)),
      digest_(digest),
      progress_(std::move(progress)),
      bytes_waiting_(bytes_waiting),
      thread_([this] { read(); }) {}

ParsedRows::~ParsedRows() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool ParsedRows::maybe_seen(std::string_view key) {
  std::uint64_t hash = hash64(key, 0x7365656eULL);  // "seen"
  std::uint64_t bits[2] = {hash & (kSeenBits - 1), (hash >> 32) & (kSeenBits - 1)};
  bool seen = true;
  for (std::uint64_t bit : bits) {
    std::uint64_t& word = seen_bits_[bit / 64];
    std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    if (!(word & mask)) seen = false;
    word |= mask;
  }
  return seen;
}

void ParsedRows::read() {
  try {
    seen_bits_.assign(kSeenBits / 64, 0);
    csv::Record record;
    std::string key, encoded;
    ParsedBatch batch;
    std::uint64_t rows_since_progress = 0;
    bool more = true;
    while (more) {
      batch.clear();
      while (batch.size() < kBatchRows && (more = reader_.next(record))) {
        ++rows_read_;
        if (progress_ && ++rows_since_progress == 65536) {
          rows_since_progress = 0;
          progress_(reader_.bytes_read());
        }
        if (parse_(record, key, encoded)) {
          batch.add(record, key, encoded, digest_(encoded), maybe_seen(key));
        } else if (!key.empty()) {
          maybe_seen(key);  // a later row of the key must keep its cells for its reject
          batch.add_held(record, key);
        }
      }
      batch.set_bytes_read(reader_.bytes_read());
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || full_bytes_ < bytes_waiting_; });
      if (stop_) return;
      if (batch.size() > 0) {
        full_bytes_ += batch.bytes();
        full_.push_back(std::move(batch));
      }
      if (!empty_.empty()) {
        batch = std::move(empty_.back());
        empty_.pop_back();
      }
      lock.unlock();
      changed_.notify_all();
    }
    if (progress_) progress_(reader_.bytes_read());
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
  }
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
}

bool ParsedRows::next(ParsedBatch& batch) {
  std::unique_lock lock(mutex_);
  // The caller's batch is done with: its buffers serve the reading thread again.
  if (empty_.size() < 2) {
    batch.clear();
    empty_.push_back(std::move(batch));
  }
  changed_.wait(lock, [&] { return !full_.empty() || done_; });
  if (!full_.empty()) {
    batch = std::move(full_.front());
    full_.pop_front();
    full_bytes_ -= batch.bytes();
    lock.unlock();
    changed_.notify_all();
    return true;
  }
  if (error_) std::rethrow_exception(error_);
  return false;
}

}  // namespace ownercare::ingest
