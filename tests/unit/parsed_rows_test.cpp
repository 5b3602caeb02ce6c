// Unit tests of ParsedRows, the snapshot importers' reading thread: every record arrives once,
// in file order, across many batches; a repeated key carries its cells; the reading thread's
// errors reach the caller; a caller that stops early does not hang.
#include "ownercare/ingest/parsed_rows.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/sha256.hpp"

using ownercare::InputError;
using ownercare::csv::Reader;
using ownercare::csv::Record;
using ownercare::ingest::ParsedBatch;
using ownercare::ingest::ParsedRows;

namespace {

std::uint64_t test_digest(std::string_view bytes) { return ownercare::hash64(bytes, 7); }

// key,value rows: key "k<n>", value "v<n>"; a row whose value is "bad" is rejected, one whose
// value is "held" is rejected with its key read.
ParsedRows::Parse parse_pairs() {
  return [](const Record& record, std::string& key, std::string& encoded) {
    key.clear();
    if (record.fields.size() == 2 && record.fields[1] == "held") key.assign(record.fields[0]);
    if (record.fields.size() < 2 || record.fields[1] == "bad" || record.fields[1] == "held") {
      return false;
    }
    key.assign(record.fields[0]);
    encoded.assign(record.fields[1]);
    return true;
  };
}

std::string numbered_rows(int count) {
  std::string text = "key,value\n";
  for (int n = 1; n <= count; ++n) text += "k" + std::to_string(n) + ",v" + std::to_string(n) + "\n";
  return text;
}

// A CSV text read past its header.
struct Input {
  explicit Input(std::string csv) : text(std::move(csv)), in(text), reader(in, "test.csv") {
    Record header;
    REQUIRE(reader.next(header));
  }
  std::string text;
  std::istringstream in;
  Reader reader;
};

struct Read {
  std::vector<std::string> keys;
  std::vector<std::uint64_t> lines;
  std::vector<std::string> held;  // the keys of rows rejected with their key read
  std::int64_t rows_read = 0;
};

Read read_all(const std::string& text) {
  Input input(text);
  Read read;
  ParsedRows rows(input.reader, parse_pairs(), test_digest, nullptr);
  ParsedBatch batch;
  while (rows.next(batch)) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& row = batch.row(i);
      if (row.held) {
        read.held.emplace_back(batch.key(row));
        CHECK(batch.encoded(row).empty());
        continue;
      }
      read.keys.emplace_back(batch.key(row));
      read.lines.push_back(row.line);
      CHECK(row.digest == test_digest(batch.encoded(row)));
    }
  }
  read.rows_read = rows.rows_read();
  return read;
}

}  // namespace

TEST_CASE("parsed rows: every record of a long file arrives once, in order", "[parsed_rows]") {
  auto read = read_all(numbered_rows(20000));  // several batches
  REQUIRE(read.keys.size() == 20000);
  CHECK(read.rows_read == 20000);
  for (std::size_t i = 0; i < read.keys.size(); ++i) {
    REQUIRE(read.keys[i] == "k" + std::to_string(i + 1));
    REQUIRE(read.lines[i] == i + 2);  // the header is line 1
  }
}

TEST_CASE("parsed rows: a rejected row is counted as read but not handed over",
          "[parsed_rows]") {
  auto read = read_all("key,value\nk1,v1\nk2,bad\nk3,v3\n");
  CHECK(read.keys == std::vector<std::string>{"k1", "k3"});
  CHECK(read.lines == std::vector<std::uint64_t>{2, 4});
  CHECK(read.rows_read == 3);
}

TEST_CASE("parsed rows: a rejected row whose key was read is handed over as held",
          "[parsed_rows]") {
  auto read = read_all("key,value\nk1,v1\nk2,held\nk3,bad\nk4,v4\n");
  CHECK(read.keys == std::vector<std::string>{"k1", "k4"});
  CHECK(read.held == std::vector<std::string>{"k2"});
  CHECK(read.rows_read == 4);
}

TEST_CASE("parsed rows: an empty file hands over nothing", "[parsed_rows]") {
  auto read = read_all("key,value\n");
  CHECK(read.keys.empty());
  CHECK(read.rows_read == 0);
}

TEST_CASE("parsed rows: a key seen before in the file carries its cells as read",
          "[parsed_rows]") {
  // The repeat comes thousands of rows later, in another batch.
  Input input(numbered_rows(10000) + "k17,\"v 17, again\"\n");
  ParsedRows rows(input.reader, parse_pairs(), test_digest, nullptr);
  ParsedBatch batch;
  std::vector<std::string> repeat_cells;
  bool first_had_cells = true;
  while (rows.next(batch)) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& row = batch.row(i);
      if (row.line == 18) first_had_cells = row.has_cells;  // k17's first row
      if (row.line == 10002) repeat_cells = batch.cells(row);
    }
  }
  CHECK_FALSE(first_had_cells);
  CHECK(repeat_cells == std::vector<std::string>{"k17", "v 17, again"});
}

TEST_CASE("parsed rows: a row kept without its cells is not asked for them silently",
          "[parsed_rows]") {
  ParsedBatch batch;
  Record record;
  std::string cells[] = {"a", "b"};
  record.fields = {cells[0], cells[1]};
  record.line = 2;
  batch.add(record, "a", "b", 1, false);
  CHECK_THROWS_AS(batch.cells(batch.row(0)), ownercare::InternalError);
}

TEST_CASE("parsed rows: a malformed record stops the reading with its error", "[parsed_rows]") {
  Input input(numbered_rows(9000) + "k9001,\"unterminated\n");
  ParsedRows rows(input.reader, parse_pairs(), test_digest, nullptr);
  ParsedBatch batch;
  auto drain = [&] {
    while (rows.next(batch)) {
    }
  };
  CHECK_THROWS_WITH(drain(), Catch::StartsWith("test.csv:9002"));
}

TEST_CASE("parsed rows: the rows waiting are bounded, and a caller may stop early",
          "[parsed_rows]") {
  // Far more than the 64 KiB that may wait: the reading thread blocks, and is told to stop.
  Input input(numbered_rows(400000));  // 6 MB, read in chunks of 1 MiB
  {
    ParsedRows rows(input.reader, parse_pairs(), test_digest, nullptr, 64 * 1024);
    ParsedBatch batch;
    REQUIRE(rows.next(batch));
    CHECK(batch.size() > 0);
  }  // the destructor stops and joins the thread
  CHECK(input.reader.bytes_read() < input.text.size() / 2);
}

TEST_CASE("parsed rows: progress is reported with the bytes read, last at the end",
          "[parsed_rows]") {
  Input input(numbered_rows(200000));  // 2.9 MB, read in chunks of 1 MiB
  std::vector<std::uint64_t> reports;
  {
    ParsedRows rows(input.reader, parse_pairs(), test_digest,
                    [&](std::uint64_t bytes) { reports.push_back(bytes); });
    ParsedBatch batch;
    while (rows.next(batch)) {
    }
  }
  REQUIRE(reports.size() == 4);  // after 65,536, 131,072 and 196,608 rows, and at the end
  CHECK(reports[0] < reports[3]);
  CHECK(reports[3] == input.text.size());
}

TEST_CASE("parsed rows: each batch says how far into the file it is, the last at its end",
          "[parsed_rows]") {
  Input input(numbered_rows(200000));  // 2.9 MB, read in chunks of 1 MiB
  ParsedRows rows(input.reader, parse_pairs(), test_digest, nullptr);
  ParsedBatch batch;
  std::vector<std::uint64_t> positions;
  while (rows.next(batch)) positions.push_back(batch.bytes_read());
  REQUIRE(positions.size() > 2);
  CHECK(positions.front() > 0);
  CHECK(positions.front() < positions.back());
  CHECK(std::is_sorted(positions.begin(), positions.end()));
  CHECK(positions.back() == input.text.size());
}
