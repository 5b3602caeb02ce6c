// libFuzzer target: the CSV reader with encoding detection (csv/reader, core/encoding).
//
// The first byte picks the encoding (auto, UTF-8, GB18030) and a chunk size of 1 to 64 bytes;
// the rest is the file. The file is read twice, in small chunks and in one, and both reads
// must agree (see agree()): chunk boundaries may fall anywhere.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"

namespace {

struct Outcome {
  std::vector<std::vector<std::string>> records;
  std::vector<std::uint64_t> lines;
  std::string error;
};

// Both read the file, with the same records, or both refuse it. A refused file is refused
// whole, so what went before the error may differ: a reader that had seen less of the file
// may have handed out fewer records, and may have met another of its problems first (a quote
// on line 3 before bad bytes further on), but never handed out different records.
bool agree(const Outcome& a, const Outcome& b) {
  if (a.error.empty() != b.error.empty()) return false;
  if (a.error.empty()) return a.records == b.records && a.lines == b.lines;
  std::size_t common = std::min(a.records.size(), b.records.size());
  return std::equal(a.records.begin(), a.records.begin() + common, b.records.begin()) &&
         std::equal(a.lines.begin(), a.lines.begin() + common, b.lines.begin());
}

Outcome read_all(std::string_view bytes, ownercare::csv::ReaderOptions options) {
  Outcome outcome;
  std::istringstream in{std::string(bytes)};
  try {
    ownercare::csv::Reader reader(in, "fuzz.csv", options);
    ownercare::csv::Record record;
    while (reader.next(record)) {
      outcome.records.emplace_back(record.fields.begin(), record.fields.end());
      outcome.lines.push_back(record.line);
    }
  } catch (const ownercare::Error& error) {
    outcome.error = error.what();
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using ownercare::csv::Encoding;
  const Encoding encodings[] = {Encoding::automatic, Encoding::utf8, Encoding::gb18030};
  ownercare::csv::ReaderOptions small;
  small.encoding = encodings[data[0] % 3];
  small.chunk_size = 1 + (data[0] >> 2);
  ownercare::csv::ReaderOptions whole = small;
  whole.chunk_size = 65536;  // scripts/fuzz gives at most this many bytes: one chunk
  auto bytes = ownercare::fuzz::as_text(data + 1, size - 1);
  auto in_chunks = read_all(bytes, small);
  auto at_once = read_all(bytes, whole);
  if (!agree(in_chunks, at_once)) {
    std::cerr << "chunks of " << small.chunk_size << ": " << in_chunks.records.size()
              << " records, error \"" << in_chunks.error << "\"\nat once: "
              << at_once.records.size() << " records, error \"" << at_once.error << "\"\n";
    std::abort();
  }
  return 0;
}
