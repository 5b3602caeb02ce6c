#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"
#include "support/temp_dir.hpp"

namespace {

using ownercare::InputError;
using ownercare::UsageError;
using ownercare::csv::Encoding;
using ownercare::csv::Reader;
using ownercare::csv::ReaderOptions;
using ownercare::csv::Record;
using Rows = std::vector<std::vector<std::string>>;

ReaderOptions with(Encoding encoding, std::size_t chunk_size = 256 * 1024) {
  ReaderOptions options;
  options.encoding = encoding;
  options.chunk_size = chunk_size;
  return options;
}

Rows parse(const std::string& text, ReaderOptions options = {}) {
  std::istringstream in(text);
  Reader reader(in, "t.csv", options);
  Rows rows;
  Record record;
  while (reader.next(record)) rows.emplace_back(record.fields.begin(), record.fields.end());
  return rows;
}

std::vector<std::uint64_t> record_lines(const std::string& text) {
  std::istringstream in(text);
  Reader reader(in, "t.csv");
  std::vector<std::uint64_t> lines;
  Record record;
  while (reader.next(record)) lines.push_back(record.line);
  return lines;
}

std::string error_of(const std::string& text, ReaderOptions options = {}) {
  try {
    parse(text, options);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

// "车牌号" in GB18030/GBK and UTF-8; U+20000, a four-byte GB18030 character.
const std::string kPlateGb = "\xB3\xB5\xC5\xC6\xBA\xC5";
const std::string kPlateUtf8 = "车牌号";
const std::string kFourByteGb = "\x95\x32\x82\x36";
const std::string kFourByteUtf8 = "\xF0\xA0\x80\x80";
constexpr std::size_t kMiB = 1024 * 1024;

// ---- A minimal JSON reader for csv-spectrum's expected parses: arrays of objects of strings.

class JsonArrayOfObjects {
 public:
  explicit JsonArrayOfObjects(std::string text) : text_(std::move(text)) {}

  std::vector<std::vector<std::pair<std::string, std::string>>> parse() {
    std::vector<std::vector<std::pair<std::string, std::string>>> objects;
    expect('[');
    if (peek() == ']') return objects;
    for (;;) {
      objects.push_back(object());
      if (peek() == ']') return objects;
      expect(',');
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> object() {
    std::vector<std::pair<std::string, std::string>> members;
    expect('{');
    if (peek() == '}') {
      ++at_;
      return members;
    }
    for (;;) {
      std::string key = string();
      expect(':');
      members.emplace_back(std::move(key), string());
      if (peek() == '}') {
        ++at_;
        return members;
      }
      expect(',');
    }
  }

  std::string string() {
    expect('"');
    std::string value;
    for (;;) {
      char c = next_char();
      if (c == '"') return value;
      if (c != '\\') {
        value += c;
        continue;
      }
      char escape = next_char();
      switch (escape) {
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case '"':
          value += '"';
          break;
        case '\\':
          value += '\\';
          break;
        case '/':
          value += '/';
          break;
        case 'u':
          append_utf8(value, code_point());
          break;
        default:
          throw std::runtime_error("JSON: unknown escape");
      }
    }
  }

  unsigned hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = next_char();
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<unsigned>(c - 'A' + 10);
      else
        throw std::runtime_error("JSON: bad \\u escape");
    }
    return value;
  }

  unsigned code_point() {
    unsigned high = hex4();
    if (high < 0xD800 || high > 0xDBFF) return high;
    if (next_char() != '\\' || next_char() != 'u') throw std::runtime_error("JSON: lone surrogate");
    unsigned low = hex4();
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
  }

  static void append_utf8(std::string& out, unsigned cp) {
    auto byte = [](unsigned value) { return static_cast<char>(value); };
    if (cp < 0x80) {
      out += byte(cp);
    } else if (cp < 0x800) {
      out += byte(0xC0 | (cp >> 6));
      out += byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += byte(0xE0 | (cp >> 12));
      out += byte(0x80 | ((cp >> 6) & 0x3F));
      out += byte(0x80 | (cp & 0x3F));
    } else {
      out += byte(0xF0 | (cp >> 18));
      out += byte(0x80 | ((cp >> 12) & 0x3F));
      out += byte(0x80 | ((cp >> 6) & 0x3F));
      out += byte(0x80 | (cp & 0x3F));
    }
  }

  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }
  char peek() {
    skip_space();
    if (at_ >= text_.size()) throw std::runtime_error("JSON: unexpected end");
    return text_[at_];
  }
  void expect(char c) {
    if (peek() != c) throw std::runtime_error(std::string("JSON: expected ") + c);
    ++at_;
  }
  char next_char() {
    if (at_ >= text_.size()) throw std::runtime_error("JSON: unexpected end");
    return text_[at_++];
  }

  std::string text_;
  std::size_t at_ = 0;
};

}  // namespace

// ---- RFC 4180 basics

TEST_CASE("records are split on commas and LF", "[csv][reader]") {
  CHECK(parse("a,b,c\n1,2,3\n") == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
}

TEST_CASE("CRLF line ends are accepted", "[csv][reader]") {
  CHECK(parse("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("the final newline is optional", "[csv][reader]") {
  CHECK(parse("a,b\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(parse("a,\"b\"") == Rows{{"a", "b"}});
}

TEST_CASE("empty input has no records", "[csv][reader]") { CHECK(parse("").empty()); }

TEST_CASE("a UTF-8 BOM is skipped", "[csv][reader]") {
  CHECK(parse("\xEF\xBB\xBFplate,status\n") == Rows{{"plate", "status"}});
  CHECK(parse("\xEF\xBB\xBF").empty());
}

TEST_CASE("a BOM is skipped even when chunks are tiny", "[csv][reader]") {
  CHECK(parse("\xEF\xBB\xBF\"a\",b\n", with(Encoding::utf8, 1)) == Rows{{"a", "b"}});
}

TEST_CASE("blank lines are skipped", "[csv][reader]") {
  CHECK(parse("\na,b\n\n\r\n1,2\n\n") == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("a line of commas is a record of empty fields", "[csv][reader]") {
  CHECK(parse(",,\n") == Rows{{"", "", ""}});
}

TEST_CASE("a trailing comma makes an empty last field", "[csv][reader]") {
  CHECK(parse("a,\n1,") == Rows{{"a", ""}, {"1", ""}});
}

TEST_CASE("quoted fields may hold commas", "[csv][reader]") {
  CHECK(parse("\"a,b\",c\n") == Rows{{"a,b", "c"}});
}

TEST_CASE("doubled quotes in a quoted field are one quote", "[csv][reader]") {
  CHECK(parse("\"say \"\"hi\"\"\",\"\"\"\"\n") == Rows{{"say \"hi\"", "\""}});
}

TEST_CASE("a quoted empty field is empty", "[csv][reader]") {
  CHECK(parse("\"\",x,\"\"\n") == Rows{{"", "x", ""}});
}

TEST_CASE("line breaks in quoted fields are kept as written", "[csv][reader]") {
  CHECK(parse("\"one\ntwo\",x\n") == Rows{{"one\ntwo", "x"}});
  CHECK(parse("\"one\r\ntwo\",x\r\n") == Rows{{"one\r\ntwo", "x"}});
}

TEST_CASE("a lone CR inside an unquoted field is text", "[csv][reader]") {
  CHECK(parse("a\rb,c\n") == Rows{{"a\rb", "c"}});
}

TEST_CASE("spaces around fields are kept", "[csv][reader]") {
  CHECK(parse(" a , b \n") == Rows{{" a ", " b "}});
}

TEST_CASE("UTF-8 text passes through unchanged", "[csv][reader]") {
  CHECK(parse("车牌号,状态\n京A12345,1\n") == Rows{{"车牌号", "状态"}, {"京A12345", "1"}});
}

// ---- Line numbers

TEST_CASE("a record's line is where it starts, counting blank lines", "[csv][reader]") {
  CHECK(record_lines("a,b\n\n1,2\r\n\r\n3,4\n") == std::vector<std::uint64_t>{1, 3, 5});
}

TEST_CASE("line breaks inside quoted fields count for later records", "[csv][reader]") {
  CHECK(record_lines("a,b\n\"x\ny\nz\",1\n2,3\n") == std::vector<std::uint64_t>{1, 2, 5});
}

TEST_CASE("a BOM does not shift line numbers", "[csv][reader]") {
  CHECK(record_lines("\xEF\xBB\xBF"
                     "a\nb\n") == std::vector<std::uint64_t>{1, 2});
}

// ---- Errors

TEST_CASE("an unterminated quoted field is refused at the line it opens", "[csv][reader]") {
  CHECK(error_of("a,b\n1,\"open\n2,3\n") == "t.csv:2: quoted field opened here is never closed");
}

TEST_CASE("a quote inside an unquoted field is refused", "[csv][reader]") {
  CHECK(error_of("a,b\n1,x\"y\n") ==
        "t.csv:2: quote inside an unquoted field (a field holding quotes must be quoted, each "
        "quote doubled)");
}

TEST_CASE("text after a closing quote is refused", "[csv][reader]") {
  CHECK(error_of("a,b\n\"x\ny\"z,2\n") ==
        "t.csv:3: text after the closing quote of a field (expected a comma or a line end)");
}

TEST_CASE("a CR after a closing quote must start a CRLF", "[csv][reader]") {
  CHECK(error_of("\"x\"\ry\n") ==
        "t.csv:1: text after the closing quote of a field (expected a comma or a line end)");
  CHECK(parse("\"x\"\r") == Rows{{"x"}});
}

TEST_CASE("errors count lines across earlier multi-line fields", "[csv][reader]") {
  CHECK(error_of("\"a\nb\",1\nc,d\"\n").starts_with("t.csv:3: quote inside"));
}

// ---- Chunking

TEST_CASE("records are the same whatever the chunk size", "[csv][reader]") {
  const std::string input =
      "\xEF\xBB\xBFplate,name,note\r\n"
      "京A12345,\"张 \"\"三\"\"\",\"line one\r\nline two\"\r\n"
      "\r\n"
      "沪B,李四,\"a,b\"\n"
      "x,\"\",\"\"\"\"\n"
      ",," +
      kFourByteUtf8 +
      "\n"
      "last,\"q\",end";
  const Rows expected = parse(input);
  REQUIRE(expected.size() == 6);
  CHECK(expected[1] == std::vector<std::string>{"京A12345", "张 \"三\"", "line one\r\nline two"});
  for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(parse(input, with(Encoding::utf8, chunk)) == expected);
  }
}

TEST_CASE("line numbers are the same whatever the chunk size", "[csv][reader]") {
  const std::string input = "a\n\n\"b\r\nc\",\"d\ne\"\r\n\r\nf\n";
  for (std::size_t chunk = 1; chunk <= 12; ++chunk) {
    std::istringstream in(input);
    Reader reader(in, "t.csv", with(Encoding::utf8, chunk));
    std::vector<std::uint64_t> lines;
    Record record;
    while (reader.next(record)) lines.push_back(record.line);
    INFO("chunk size " << chunk);
    CHECK(lines == std::vector<std::uint64_t>{1, 3, 7});
  }
}

TEST_CASE("a field longer than a chunk is read whole", "[csv][reader]") {
  const std::string long_field(100000, 'x');
  const Rows rows =
      parse("a," + long_field + "\n\"" + long_field + "\",b\n", with(Encoding::utf8, 4096));
  CHECK(rows == Rows{{"a", long_field}, {long_field, "b"}});
}

TEST_CASE("many records across many chunks are all read", "[csv][reader]") {
  std::string input = "id,name\n";
  for (int i = 0; i < 20000; ++i)
    input += std::to_string(i) + ",\"名字 " + std::to_string(i) + "\"\n";
  std::istringstream in(input);
  Reader reader(in, "t.csv", with(Encoding::utf8, 1000));
  Record record;
  REQUIRE(reader.next(record));
  int count = 0;
  bool all_match = true;
  while (reader.next(record)) {
    all_match = all_match && record.fields.size() == 2 &&
                record.fields[0] == std::to_string(count) &&
                record.fields[1] == "名字 " + std::to_string(count) &&
                record.line == static_cast<std::uint64_t>(count) + 2;
    ++count;
  }
  CHECK(count == 20000);
  CHECK(all_match);
  CHECK(reader.bytes_read() == input.size());
}

// ---- Encodings

TEST_CASE("parse_encoding knows auto, utf-8 and gb18030 by several names", "[csv][reader]") {
  using ownercare::csv::parse_encoding;
  CHECK(parse_encoding("auto") == Encoding::automatic);
  CHECK(parse_encoding("utf-8") == Encoding::utf8);
  CHECK(parse_encoding("UTF8") == Encoding::utf8);
  CHECK(parse_encoding("GB18030") == Encoding::gb18030);
  CHECK(parse_encoding("gbk") == Encoding::gb18030);
}

TEST_CASE("parse_encoding refuses other names", "[csv][reader]") {
  CHECK_THROWS_AS(ownercare::csv::parse_encoding("latin1"), UsageError);
  CHECK_THROWS_WITH(ownercare::csv::parse_encoding("big5"),
                    "unknown encoding \"big5\" (expected auto, utf-8 or gb18030)");
}

TEST_CASE("encoding_name gives the canonical names", "[csv][reader]") {
  using ownercare::csv::encoding_name;
  CHECK(std::string(encoding_name(Encoding::utf8)) == "utf-8");
  CHECK(std::string(encoding_name(Encoding::gb18030)) == "gb18030");
  CHECK(std::string(encoding_name(Encoding::automatic)) == "auto");
}

TEST_CASE("a GB18030 file is detected and decoded", "[csv][reader]") {
  std::istringstream in(kPlateGb +
                        ",status\n\xBE\xA9"
                        "A1,1\n");  // 京 is BE A9
  Reader reader(in, "t.csv");
  CHECK(reader.encoding() == Encoding::automatic);
  Record record;
  REQUIRE(reader.next(record));
  CHECK(reader.encoding() == Encoding::gb18030);
  CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) ==
        std::vector<std::string>{kPlateUtf8, "status"});
  REQUIRE(reader.next(record));
  CHECK(record.fields[0] == "京A1");
}

TEST_CASE("a UTF-8 file is detected as UTF-8", "[csv][reader]") {
  std::istringstream in("车牌号\n");
  Reader reader(in, "t.csv");
  Record record;
  REQUIRE(reader.next(record));
  CHECK(reader.encoding() == Encoding::utf8);
}

TEST_CASE("GB18030 is read the same whatever the chunk size", "[csv][reader]") {
  const std::string input = kPlateGb + ",\"" + kFourByteGb + "\r\n" + kPlateGb + "\"\r\nx," +
                            kFourByteGb + kFourByteGb + "\n";
  const Rows expected{{kPlateUtf8, kFourByteUtf8 + "\r\n" + kPlateUtf8},
                      {"x", kFourByteUtf8 + kFourByteUtf8}};
  CHECK(parse(input) == expected);
  for (std::size_t chunk = 1; chunk <= 20; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(parse(input, with(Encoding::gb18030, chunk)) == expected);
  }
}

TEST_CASE("a GB18030 BOM is skipped", "[csv][reader]") {
  CHECK(parse("\x84\x31\x95\x33" + kPlateGb + "\n", with(Encoding::gb18030)) == Rows{{kPlateUtf8}});
}

TEST_CASE("GB18030 characters split at the detection and chunk boundaries are decoded",
          "[csv][reader]") {
  // Automatic detection reads the first MiB; later chunks are 256 KiB. Put a two-byte character
  // across the first boundary and a four-byte one across the next.
  const std::size_t first_boundary = kMiB;
  const std::size_t second_boundary = kMiB + 256 * 1024;
  std::string input = kPlateGb + "\n";
  input += std::string(first_boundary - 1 - input.size(), 'a') + kPlateGb + "\n";
  input += std::string(second_boundary - 2 - input.size(), 'b') + kFourByteGb + ",end\n";
  REQUIRE(input.substr(first_boundary - 1, 2) == "\xB3\xB5");

  ReaderOptions options;
  options.max_field_bytes = 2 * kMiB;  // the fields here are about a MiB long
  const Rows rows = parse(input, options);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{kPlateUtf8});
  CHECK(rows[1][0].ends_with("a" + kPlateUtf8));
  CHECK(rows[1][0].size() == first_boundary - 1 - 7 + kPlateUtf8.size());
  CHECK(rows[2] ==
        std::vector<std::string>{
            std::string(second_boundary - 2 - (first_boundary + 6), 'b') + kFourByteUtf8, "end"});
}

TEST_CASE("UTF-8 characters split at chunk boundaries are accepted", "[csv][reader]") {
  const std::string input = "车牌号," + kFourByteUtf8 + "\n京A,é\n";
  for (std::size_t chunk = 1; chunk <= 8; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(parse(input, with(Encoding::utf8, chunk)) ==
          Rows{{"车牌号", kFourByteUtf8}, {"京A", "é"}});
  }
}

TEST_CASE("an invalid UTF-8 byte is refused with its file offset", "[csv][reader]") {
  CHECK(error_of("a,b\n1,\xFF\n", with(Encoding::utf8)) ==
        "t.csv:2:2: byte 6: not valid UTF-8 (try --encoding gb18030)");
  CHECK(error_of("a,b\n1,\xFF\n", with(Encoding::utf8, 3)) ==
        "t.csv:2:2: byte 6: not valid UTF-8 (try --encoding gb18030)");
}

TEST_CASE("a file offset past the BOM and after many chunks is exact", "[csv][reader]") {
  std::string input =
      "\xEF\xBB\xBF"
      "a\n";
  input += std::string(1000, 'x') + "\n" + "\xC3\x28";
  CHECK(error_of(input, with(Encoding::utf8, 7)) ==
        "t.csv:3:1: byte 1006: not valid UTF-8 (try --encoding gb18030)");
}

TEST_CASE("a UTF-8 character cut off by the end of the file is refused", "[csv][reader]") {
  CHECK(error_of("ab,\xE8\xBD", with(Encoding::utf8, 4)) ==
        "t.csv:1:2: byte 3: not valid UTF-8 (try --encoding gb18030)");
}

TEST_CASE("an invalid byte after the detected first MiB is refused as UTF-8", "[csv][reader]") {
  std::string input = "a\n";
  while (input.size() < kMiB + 5000) input += "row,of,text\n";
  std::size_t offset = input.size();
  auto line = std::count(input.begin(), input.end(), '\n') + 1;
  input += "bad\xFFz\n";
  CHECK(error_of(input) == "t.csv:" + std::to_string(line) + ":1: byte " +
                               std::to_string(offset + 3) +
                               ": not valid UTF-8, which the file is before it (a row in another "
                               "encoding, such as GBK?)");
}

TEST_CASE("an invalid GB18030 byte is refused with its file offset", "[csv][reader]") {
  CHECK(error_of(kPlateGb + ",x\n1,\x80\n", with(Encoding::gb18030, 5)) ==
        "t.csv:2:2: byte 11: not valid GB18030");
}

TEST_CASE("a file that is neither UTF-8 nor GB18030 is refused", "[csv][reader]") {
  CHECK(error_of("name\n" + kPlateGb + "\xFF\n") ==
        "t.csv:2:1: byte 11: not valid UTF-8 or GB18030");
}

TEST_CASE("a GB18030 character cut off by the end of the file is refused", "[csv][reader]") {
  CHECK(error_of("ab," + kFourByteGb.substr(0, 2), with(Encoding::gb18030, 2)) ==
        "t.csv:1:2: byte 3: not valid GB18030");
}

// ---- Files and stdin

TEST_CASE("Reader::open reads a file and names it by its path", "[csv][reader]") {
  ownercare::test::TempDir dir;
  ownercare::test::write_text(dir / "fleet.csv", "plate\nA1\n");
  Reader reader = Reader::open(dir / "fleet.csv");
  CHECK(reader.display_name() == (dir / "fleet.csv").string());
  Record record;
  REQUIRE(reader.next(record));
  REQUIRE(reader.next(record));
  CHECK(record.fields == std::vector<std::string_view>{"A1"});
  CHECK_FALSE(reader.next(record));
  CHECK(reader.bytes_read() == 9);
}

TEST_CASE("Reader::open refuses a missing file", "[csv][reader]") {
  ownercare::test::TempDir dir;
  const std::string path = (dir / "missing.csv").string();
  CHECK_THROWS_WITH(Reader::open(path), path + ": cannot open (No such file or directory)");
}

TEST_CASE("Reader::open refuses a folder", "[csv][reader]") {
  ownercare::test::TempDir dir;
  CHECK_THROWS_AS(Reader::open(dir.path()), InputError);
}

TEST_CASE("Reader::open(\"-\") reads stdin", "[csv][reader]") {
  std::istringstream fake_stdin("a,b\n");
  auto* saved = std::cin.rdbuf(fake_stdin.rdbuf());
  Rows rows;
  {
    Reader reader = Reader::open("-");
    CHECK(reader.display_name() == "<stdin>");
    Record record;
    while (reader.next(record)) rows.emplace_back(record.fields.begin(), record.fields.end());
  }
  std::cin.rdbuf(saved);
  std::cin.clear();
  CHECK(rows == Rows{{"a", "b"}});
}

TEST_CASE("a moved reader keeps reading where it was", "[csv][reader]") {
  std::istringstream in("a\nb\n");
  Reader first(in, "t.csv");
  Record record;
  REQUIRE(first.next(record));
  Reader second = std::move(first);
  REQUIRE(second.next(record));
  CHECK(record.fields[0] == "b");
}

// ---- csv-spectrum: every CSV against its expected JSON parse

TEST_CASE("csv-spectrum files parse exactly as their JSON says", "[csv][reader][spectrum]") {
  namespace fs = std::filesystem;
  const fs::path root = ownercare::test::source_dir() / "tests/data/csv-spectrum";
  REQUIRE(fs::is_directory(root / "csvs"));
  REQUIRE(fs::is_directory(root / "json"));

  int pairs = 0;
  for (const auto& entry : fs::directory_iterator(root / "csvs")) {
    const fs::path csv_path = entry.path();
    const std::string name = csv_path.stem().string();
    // Broken upstream (see SOURCES.md): the JSON is a single object with a different phone number,
    // and the CSV has bare quotes in unquoted fields.
    if (name == "location_coordinates") continue;
    const fs::path json_path = root / "json" / (name + ".json");
    if (csv_path.extension() != ".csv" || !fs::exists(json_path)) continue;
    ++pairs;

    const auto expected = JsonArrayOfObjects(ownercare::test::read_text(json_path)).parse();
    for (std::size_t chunk :
         {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{256 * 1024}}) {
      INFO(name << " with chunk size " << chunk);
      const Rows rows =
          parse(ownercare::test::read_text(csv_path), with(Encoding::automatic, chunk));
      REQUIRE(!rows.empty());
      std::vector<std::vector<std::pair<std::string, std::string>>> objects;
      for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        std::vector<std::pair<std::string, std::string>> object;
        for (std::size_t c = 0; c < rows[0].size(); ++c)
          object.emplace_back(rows[0][c], rows[r][c]);
        objects.push_back(std::move(object));
      }
      CHECK(objects == expected);
    }
  }
  CHECK(pairs >= 11);
}

TEST_CASE("csv-spectrum location_coordinates is refused for its bare quote",
          "[csv][reader][spectrum]") {
  const auto path =
      ownercare::test::source_dir() / "tests/data/csv-spectrum/csvs/location_coordinates.csv";
  REQUIRE(std::filesystem::exists(path));
  CHECK(error_of(ownercare::test::read_text(path)).starts_with("t.csv:2: quote inside"));
}

// --- limits (issue: a file that is no CSV export must never exhaust memory) ------------------

namespace {

// What the reader says about `text`, or "" when it reads it whole.
std::string refusal(const std::string& text, ReaderOptions options) {
  try {
    parse(text, options);
  } catch (const ownercare::InputError& error) {
    return error.what();
  }
  return "";
}

ReaderOptions small_limits(std::size_t chunk = 7) {
  ReaderOptions options;
  options.encoding = Encoding::utf8;
  options.chunk_size = chunk;
  options.max_field_bytes = 16;
  options.max_record_bytes = 40;
  return options;
}

}  // namespace

TEST_CASE("a field longer than max_field_bytes refuses the file with its line and column",
          "[csv][reader]") {
  const std::string text = "a,b\nx,y\nshort," + std::string(17, 'z') + "\n";
  for (std::size_t chunk : {1, 3, 7, 64}) {
    INFO("chunk size " << chunk);
    CHECK(refusal(text, small_limits(chunk)) ==
          "t.csv:3:2: a field longer than 16 bytes (max_field_bytes): this is not a CSV export, "
          "or a quote is never closed");
  }
  CHECK(refusal("a,b\nx," + std::string(16, 'z') + "\n", small_limits()).empty());
}

TEST_CASE("a quoted field longer than max_field_bytes refuses the file", "[csv][reader]") {
  const std::string text = "a\n\"" + std::string(10, 'q') + "\"\"" + std::string(10, 'q') +
                           "\"\n";
  CHECK(refusal(text, small_limits()).rfind("t.csv:2:1: a field longer than 16 bytes", 0) == 0);
}

TEST_CASE("a quote never closed stops at the field limit, not at the end of memory",
          "[csv][reader]") {
  std::string text = "a,b\nx,\"" + std::string(100, 'q') + "\n" + std::string(100, 'r');
  CHECK(refusal(text, small_limits()).rfind("t.csv:2:2: a field longer than 16 bytes", 0) == 0);
}

TEST_CASE("a record longer than max_record_bytes refuses the file", "[csv][reader]") {
  std::string row;
  for (int i = 0; i < 6; ++i) row += std::string(10, 'f') + ",";
  CHECK(refusal("a\n" + row + "\n", small_limits()) ==
        "t.csv:2: a record longer than 40 bytes: this is not a CSV export (or a quote is never "
        "closed)");
}

TEST_CASE("an endless input of NUL bytes is refused at the default field limit",
          "[csv][reader]") {
  // What /dev/zero gives: valid UTF-8, no separator, no line break.
  std::string zeros(3 * kMiB, '\0');
  CHECK(refusal(zeros, {}).rfind("t.csv:1:1: a field longer than 1048576 bytes", 0) == 0);
}

TEST_CASE("csv reader: a file with two problems is refused at whichever a chunk shows first",
          "[csv_reader]") {
  // From the csv_reader fuzz target: bytes are checked a chunk at a time, so a small chunk
  // met the quote on line 3 first and one chunk the bytes that are not UTF-8. Now bad bytes
  // are refused where the parser reaches them, so both meet the quote first.
  const std::string text = "a,b\r\nEEE\ny\",2\r\n\xFF\xFF\xFF\xFF";
  const std::string quote_error =
      "t.csv:3: quote inside an unquoted field (a field holding quotes must be quoted, each "
      "quote doubled)";
  CHECK(error_of(text, with(Encoding::utf8, 2)) == quote_error);
  CHECK(error_of(text, with(Encoding::utf8)) == quote_error);
}

TEST_CASE("csv reader: a quoted field that ends the input reads the same in any chunk size",
          "[csv_reader]") {
  // From the csv_reader fuzz target (heap-use-after-free under ASan): at the quote ending
  // the input, looking for a second quote grew the buffer, found no more input, and the
  // escaped field was then copied from the buffer's old place.
  const std::string text(",\"ha \n\"\"ha\"\"\0a,\na@b,bc\0\0\0\"", 26);
  const Rows expected = {{"", std::string("ha \n\"ha\"\0a,\na@b,bc\0\0\0", 21)}};
  for (std::size_t chunk = 1; chunk <= 30; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(parse(text, with(Encoding::utf8, chunk)) == expected);
  }
}
