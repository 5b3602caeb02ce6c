// The CSV reader with files as Excel, WPS and dealer systems write them (issue 9): tab and
// semicolon separators, Excel's `sep=` line, CR-only line ends, repeated byte order marks,
// UTF-16 ("Unicode text"), encoding errors located by line, field and file offset, and
// full-width ASCII forms folded in every cell. Every form is read in chunks of every small
// size, so chunk boundaries fall everywhere.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/csv/dialect.hpp"
#include "ownercare/csv/full_width.hpp"
#include "ownercare/csv/reader.hpp"

namespace {

using ownercare::InputError;
using ownercare::csv::Encoding;
using ownercare::csv::Reader;
using ownercare::csv::ReaderOptions;
using ownercare::csv::Record;
using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::uint64_t>;

constexpr std::size_t kMiB = 1024 * 1024;

ReaderOptions with(Encoding encoding, std::size_t chunk_size = 256 * 1024) {
  ReaderOptions options;
  options.encoding = encoding;
  options.chunk_size = chunk_size;
  return options;
}

struct Read {
  Rows rows;
  Lines lines;
  Encoding encoding = Encoding::automatic;
};

Read read(const std::string& text, ReaderOptions options = {}) {
  std::istringstream in(text);
  Reader reader(in, "t.csv", options);
  Read result;
  Record record;
  while (reader.next(record)) {
    result.rows.emplace_back(record.fields.begin(), record.fields.end());
    result.lines.push_back(record.line);
  }
  result.encoding = reader.encoding();
  return result;
}

Rows parse(const std::string& text, ReaderOptions options = {}) {
  return read(text, options).rows;
}

std::string error_of(const std::string& text, ReaderOptions options = {}) {
  try {
    read(text, options);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

// `text` read in chunks of 1 to `up_to` bytes, under `encoding`, gives `expected` each time.
void check_all_chunk_sizes(const std::string& text, const Rows& expected,
                           Encoding encoding = Encoding::utf8, std::size_t up_to = 24) {
  for (std::size_t chunk = 1; chunk <= up_to; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(parse(text, with(encoding, chunk)) == expected);
  }
}

// The UTF-16 of UTF-8 `text` (valid UTF-8 assumed), little or big endian, no BOM.
std::string utf16(const std::string& text, bool little = true) {
  std::string out;
  auto unit = [&](unsigned value) {
    char low = static_cast<char>(value & 0xFF);
    char high = static_cast<char>(value >> 8);
    out += little ? low : high;
    out += little ? high : low;
  };
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    unsigned cp = length == 1   ? lead
                  : length == 2 ? lead & 0x1F
                  : length == 3 ? lead & 0x0F
                                : lead & 0x07;
    for (std::size_t k = 1; k < length; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(cp);
    }
    i += length;
  }
  return out;
}

const std::string kUtf16LeBom = "\xFF\xFE";
const std::string kUtf16BeBom = "\xFE\xFF";
const std::string kFourByteUtf8 = "\xF0\xA0\x80\x80";  // U+20000, a surrogate pair in UTF-16

}  // namespace

// ---- Separators

TEST_CASE("a tab-separated file is split on tabs", "[csv][forms]") {
  const std::string text = "plate\tkm\tnote\n京A1\t1,280\t\"a\tb\"\n";
  check_all_chunk_sizes(text, {{"plate", "km", "note"}, {"京A1", "1,280", "a\tb"}});
}

TEST_CASE("a semicolon-separated file is split on semicolons", "[csv][forms]") {
  const std::string text = "vin;km\r\nV1;12,5\r\n\"V;2\";3\r\n";
  check_all_chunk_sizes(text, {{"vin", "km"}, {"V1", "12,5"}, {"V;2", "3"}});
}

TEST_CASE("the separator that occurs most in the header line wins", "[csv][forms]") {
  CHECK(parse("a;b;c,d\n1;2;3,4\n") == Rows{{"a", "b", "c,d"}, {"1", "2", "3,4"}});
  CHECK(parse("a\tb;c;d\n") == Rows{{"a\tb", "c", "d"}});
}

TEST_CASE("a tie between separators goes to comma, then tab", "[csv][forms]") {
  CHECK(parse("a,b;c\n") == Rows{{"a", "b;c"}});
  CHECK(parse("a,b\tc\n") == Rows{{"a", "b\tc"}});
  CHECK(parse("a\tb;c\n") == Rows{{"a", "b;c"}});
}

TEST_CASE("separators inside quotes in the header do not count", "[csv][forms]") {
  CHECK(parse("\"a;b;c\",d\n") == Rows{{"a;b;c", "d"}});
}

TEST_CASE("a one-column file is read with commas", "[csv][forms]") {
  CHECK(parse("plate\nA1,B2\n") == Rows{{"plate"}, {"A1", "B2"}});
}

TEST_CASE("only the header line decides the separator", "[csv][forms]") {
  CHECK(parse("a,b\n1;2;3,4\n") == Rows{{"a", "b"}, {"1;2;3", "4"}});
}

TEST_CASE("text after a closing quote names the file's separator", "[csv][forms]") {
  CHECK(error_of("a;b\n\"x\"y;1\n") ==
        "t.csv:2: text after the closing quote of a field (expected a semicolon or a line end)");
  CHECK(error_of("a\tb\n\"x\"y\t1\n") ==
        "t.csv:2: text after the closing quote of a field (expected a tab or a line end)");
}

// ---- Excel's sep= line

TEST_CASE("a sep= first line names the separator and is skipped", "[csv][forms]") {
  const std::string text = "sep=;\r\nvin,model;km\r\nV1;A,B;3\r\n";
  check_all_chunk_sizes(text, {{"vin,model", "km"}, {"V1", "A,B", "3"}});
  CHECK(read(text).lines == Lines{2, 3});
  CHECK(parse("SEP=|\na|b\n") == Rows{{"a", "b"}});
  CHECK(parse("sep=\t\na\tb\n") == Rows{{"a", "b"}});
  CHECK(parse("sep=;") == Rows{});
}

TEST_CASE("a header that only starts with sep= is a header", "[csv][forms]") {
  CHECK(parse("sep=;x,y\n") == Rows{{"sep=;x", "y"}});
  CHECK(parse("sep=a\n") == Rows{{"sep=a"}});
  CHECK(parse("sep\n") == Rows{{"sep"}});
}

// ---- Line ends

TEST_CASE("CR-only line ends are accepted", "[csv][forms]") {
  const std::string text = "a,b\r1,\"x\ry\"\r\r2,3\r4,5";
  const Rows expected{{"a", "b"}, {"1", "x\ry"}, {"2", "3"}, {"4", "5"}};
  check_all_chunk_sizes(text, expected);
  CHECK(read(text).lines == Lines{1, 2, 5, 6});
}

TEST_CASE("where lines end with CR, a CRLF ends one too and an LF is text", "[csv][forms]") {
  check_all_chunk_sizes("a,b\r1,2\r3,4\r\n5,x\ny\r",
                        {{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "x\ny"}});
}

TEST_CASE("blank CR-only lines before the header are skipped", "[csv][forms]") {
  const std::string text = "\r\ra;b\r1;2\r";
  check_all_chunk_sizes(text, {{"a", "b"}, {"1", "2"}});
  CHECK(read(text).lines == Lines{3, 4});
}

TEST_CASE("a sep= line with a lone CR makes CR the line end", "[csv][forms]") {
  CHECK(parse("sep=;\ra;b\r1;2\r") == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("where lines end with LF, a lone CR is still text", "[csv][forms]") {
  CHECK(parse("a,b\nx\ry,1\n") == Rows{{"a", "b"}, {"x\ry", "1"}});
  // A lone CR in the header line, then an LF: the first two line ends decide.
  const std::string text = "a\rb;c;d\n1\r2;3;4\n";
  check_all_chunk_sizes(text, {{"a\rb", "c", "d"}, {"1\r2", "3", "4"}});
}

TEST_CASE("a lone CR then the end of the input ends the header line", "[csv][forms]") {
  check_all_chunk_sizes("a;b\r", {{"a", "b"}});
  check_all_chunk_sizes("a;b\r\"x\ny\";2\r", {{"a", "b"}, {"x\ny", "2"}});
}

// ---- Byte order marks

TEST_CASE("a repeated UTF-8 BOM is skipped", "[csv][forms]") {
  const std::string text = "\xEF\xBB\xBF\xEF\xBB\xBFvin,plate\nV1,A1\n";
  check_all_chunk_sizes(text, {{"vin", "plate"}, {"V1", "A1"}});
  CHECK(read(text).lines == Lines{1, 2});
}

TEST_CASE("a BOM inside the header line is not skipped", "[csv][forms]") {
  CHECK(parse("vin,\xEF\xBB\xBFplate\n") == Rows{{"vin", "\xEF\xBB\xBFplate"}});
}

// ---- UTF-16

TEST_CASE("Excel's Unicode text (UTF-16LE, BOM, tabs, CRLF) is transcoded", "[csv][forms]") {
  const std::string utf8 = "车牌号\t手机\t备注\r\n京A12345\t13800000001\t\"" + kFourByteUtf8 +
                           "\t好\"\r\n";
  const std::string text = kUtf16LeBom + utf16(utf8);
  const Rows expected{{"车牌号", "手机", "备注"}, {"京A12345", "13800000001", kFourByteUtf8 + "\t好"}};
  CHECK(read(text).encoding == Encoding::utf16le);
  check_all_chunk_sizes(text, expected, Encoding::automatic, 40);
}

TEST_CASE("UTF-16BE with a BOM is transcoded", "[csv][forms]") {
  const std::string text = kUtf16BeBom + utf16("vin,车主\nV1," + kFourByteUtf8 + "\n", false);
  const Read result = read(text);
  CHECK(result.encoding == Encoding::utf16be);
  CHECK(result.rows == Rows{{"vin", "车主"}, {"V1", kFourByteUtf8}});
  check_all_chunk_sizes(text, result.rows, Encoding::automatic, 12);
}

TEST_CASE("a UTF-16 BOM is honoured whatever encoding was asked", "[csv][forms]") {
  const std::string text = kUtf16LeBom + utf16("a\tb\n1\t2\n");
  for (Encoding asked : {Encoding::utf8, Encoding::gb18030}) {
    INFO(ownercare::csv::encoding_name(asked));
    const Read result = read(text, with(asked, 3));
    CHECK(result.encoding == Encoding::utf16le);
    CHECK(result.rows == Rows{{"a", "b"}, {"1", "2"}});
  }
}

TEST_CASE("UTF-16 after a UTF-16 BOM twice is read", "[csv][forms]") {
  CHECK(parse(kUtf16LeBom + utf16("\xEF\xBB\xBFvin\nV1\n")) == Rows{{"vin"}, {"V1"}});
}

TEST_CASE("UTF-16 without a BOM is recognised by its NUL bytes", "[csv][forms]") {
  const std::string utf8 = "vehicle_id\tplate\n京V1\t京A1\n";
  CHECK(read(utf16(utf8)).encoding == Encoding::utf16le);
  CHECK(parse(utf16(utf8)) == Rows{{"vehicle_id", "plate"}, {"京V1", "京A1"}});
  CHECK(parse(utf16(utf8, false)) == Rows{{"vehicle_id", "plate"}, {"京V1", "京A1"}});
}

TEST_CASE("UTF-16 without a BOM is read as asked when an encoding is forced", "[csv][forms]") {
  // NUL bytes are valid UTF-8: the header is then not what the columns need, which the
  // import refuses by name.
  CHECK(read(utf16("plate,km\n"), with(Encoding::utf8)).rows.at(0).size() == 2);
  CHECK(read(utf16("plate,km\n"), with(Encoding::utf8)).encoding == Encoding::utf8);
}

TEST_CASE("a lone surrogate in UTF-16 is refused where it is", "[csv][forms]") {
  // Header "a,b\n" is bytes 2..9; then "1," and a low surrogate at byte 14.
  const std::string text = kUtf16LeBom + utf16("a,b\n1,") + std::string("\x00\xDC", 2) + utf16("x\n");
  for (std::size_t chunk : {1, 2, 3, 5, 64}) {
    INFO("chunk size " << chunk);
    CHECK(error_of(text, with(Encoding::automatic, chunk)) ==
          "t.csv:2:2: byte 14: not valid UTF-16LE (a surrogate without its pair, or an odd byte "
          "at the end)");
  }
}

TEST_CASE("an odd byte at the end of UTF-16 is refused", "[csv][forms]") {
  CHECK(error_of(kUtf16LeBom + utf16("a\nb") + "c") ==
        "t.csv:2:1: byte 8: not valid UTF-16LE (a surrogate without its pair, or an odd byte at "
        "the end)");
}

// ---- Encoding errors: line, field and file offset

TEST_CASE("an invalid UTF-8 byte is located by line, field and offset in any chunk size",
          "[csv][forms]") {
  const std::string text = "a,b,c\n1,\"x\ny\",z\xFFw\n";
  for (std::size_t chunk = 1; chunk <= 20; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(error_of(text, with(Encoding::utf8, chunk)) ==
          "t.csv:3:3: byte 15: not valid UTF-8 (try --encoding gb18030)");
  }
}

TEST_CASE("an invalid byte in the header is located in its field", "[csv][forms]") {
  for (std::size_t chunk : {1, 2, 4, 1000}) {
    INFO("chunk size " << chunk);
    CHECK(error_of("\xEF\xBB\xBFvin\tplate\t\xC3(\n", with(Encoding::utf8, chunk)) ==
          "t.csv:1:3: byte 13: not valid UTF-8 (try --encoding gb18030)");
  }
}

TEST_CASE("an invalid byte among the first bytes is located in its field", "[csv][forms]") {
  for (std::size_t chunk : {1, 2, 1000}) {
    INFO("chunk size " << chunk);
    CHECK(error_of("a,\xFF", with(Encoding::utf8, chunk)) ==
          "t.csv:1:2: byte 2: not valid UTF-8 (try --encoding gb18030)");
  }
}

TEST_CASE("an invalid byte after a CR that ends a line is on the next line", "[csv][forms]") {
  for (std::size_t chunk : {1, 2, 3, 1000}) {
    INFO("chunk size " << chunk);
    CHECK(error_of("a,b\r1,2\r\xFF", with(Encoding::utf8, chunk)) ==
          "t.csv:3:1: byte 8: not valid UTF-8 (try --encoding gb18030)");
  }
}

TEST_CASE("records before an invalid byte are read, none after", "[csv][forms]") {
  std::istringstream in("a\n1\n2\xFF\n3\n");
  Reader reader(in, "t.csv", with(Encoding::utf8, 2));
  Record record;
  REQUIRE(reader.next(record));
  REQUIRE(reader.next(record));
  CHECK(record.fields[0] == "1");
  CHECK_THROWS_WITH(reader.next(record),
                    "t.csv:3:1: byte 5: not valid UTF-8 (try --encoding gb18030)");
}

TEST_CASE("a UTF-8 file with a GBK row after the first MiB names the row", "[csv][forms]") {
  std::string text = "vin,owner,city\n";
  std::uint64_t line = 1;
  while (text.size() < kMiB + 1000) {
    text += "V" + std::to_string(line) + ",张三,北京\n";
    ++line;
  }
  std::size_t offset = text.size();
  text += "VX,\xD5\xC5\xC8\xFD,\xB1\xB1\xBE\xA9\n";  // 张三,北京 in GBK
  const std::string expected = "t.csv:" + std::to_string(line + 1) + ":2: byte " +
                               std::to_string(offset + 3) +
                               ": not valid UTF-8, which the file is before it (a row in another "
                               "encoding, such as GBK?)";
  CHECK(error_of(text) == expected);
  CHECK(error_of(text, with(Encoding::automatic, 4096)) == expected);
}

TEST_CASE("a UTF-8 file with a GBK row in its first MiB names the row", "[csv][forms]") {
  // Read as GB18030, the UTF-8 rows would decode to other characters (or fail elsewhere).
  const std::string text = "vin,owner,city\nV1,张三,北京\nV2,李四,上海\nVX,\xD5\xC5\xC8\xFD,x\nV3,王五,天津\n";
  CHECK(error_of(text) ==
        "t.csv:4:2: byte 52: not valid UTF-8, which the file is before it (a row in another "
        "encoding, such as GBK?)");
}

TEST_CASE("a GBK file with a few characters that look like UTF-8 is still GBK", "[csv][forms]") {
  // 车牌号,姓名 / 京A1,张三 / 沪B2,李四 in GBK; D5 C5 ("张") would start valid UTF-8 if not for C5.
  const std::string text =
      "\xB3\xB5\xC5\xC6\xBA\xC5,\xD0\xD5\xC3\xFB\n\xBE\xA9" "A1,\xD5\xC5\xC8\xFD\n"
      "\xBB\xA6" "B2,\xC0\xEE\xCB\xC4\n";
  const Read result = read(text);
  CHECK(result.encoding == Encoding::gb18030);
  CHECK(result.rows == Rows{{"车牌号", "姓名"}, {"京A1", "张三"}, {"沪B2", "李四"}});
}

TEST_CASE("an invalid GB18030 byte is located by line and field", "[csv][forms]") {
  for (std::size_t chunk : {1, 3, 64}) {
    INFO("chunk size " << chunk);
    CHECK(error_of("\xB3\xB5,x\n1,2,\x80\n", with(Encoding::gb18030, chunk)) ==
          "t.csv:2:3: byte 9: not valid GB18030");
  }
}

// ---- Full-width forms

TEST_CASE("full-width ASCII forms are folded in every cell, header included", "[csv][forms]") {
  // ｐｌａｔｅ，ｋｍ is one cell: the full-width comma is folded after the record is split.
  const std::string text =
      "ｐｌａｔｅ，ｋｍ,ｍｏｂｉｌｅ\n"
      "京Ａ１２３４５,１３９ ００１３　８０００\n"
      "\"ａ\"\"ｂ\"\"\",！～\n";
  const Rows expected{{"plate,km", "mobile"},
                      {"京A12345", "139 0013 8000"},
                      {"a\"b\"", "!~"}};
  check_all_chunk_sizes(text, expected);
}

TEST_CASE("wide characters that are not ASCII forms stay", "[csv][forms]") {
  // ￥ (U+FFE5), 。 (U+3002), ｟ (U+FF5F), ﻿-like EF BB BF inside a cell, and Chinese text.
  CHECK(parse("￥1,。｟,车\n") == Rows{{"￥1", "。｟", "车"}});
}

TEST_CASE("full-width forms are folded in GB18030 and UTF-16 files too", "[csv][forms]") {
  // Ａ１ in GBK is A3 C1 A3 B1.
  CHECK(parse("\xB3\xB5,\xA3\xC1\xA3\xB1\n", with(Encoding::gb18030)) == Rows{{"车", "A1"}});
  CHECK(parse(kUtf16LeBom + utf16("ｖｉｎ\tｋｍ\n")) == Rows{{"vin", "km"}});
}

TEST_CASE("fold_full_width maps U+FF01..U+FF5E and U+3000 and nothing else", "[csv][forms]") {
  using ownercare::csv::fold_full_width;
  std::string all;
  for (unsigned cp = 0xFF01; cp <= 0xFF5E; ++cp) {
    all += static_cast<char>(0xEF);
    all += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    all += static_cast<char>(0x80 | (cp & 0x3F));
  }
  all += "\xE3\x80\x80\xEF\xBC\x80\xEF\xBD\x9F\xE3\x80\x81";  // U+3000, U+FF00, U+FF5F, U+3001
  std::string expected;
  for (char c = '!'; c <= '~'; ++c) expected += c;
  expected += " \xEF\xBC\x80\xEF\xBD\x9F\xE3\x80\x81";
  all.resize(fold_full_width(all.data(), all.size()));
  CHECK(all == expected);
  CHECK(ownercare::csv::may_hold_full_width("plain ascii text, longer than sixteen", 37) == false);
  CHECK(ownercare::csv::may_hold_full_width("plain ascii text, longer than １", 34));
}

TEST_CASE("folding can be turned off to read an output back byte for byte", "[csv][forms]") {
  ReaderOptions options;
  options.fold_full_width = false;
  CHECK(parse("投诉记录：无,Ａ\n", options) == Rows{{"投诉记录：无", "Ａ"}});
  CHECK(parse("投诉记录：无,Ａ\n") == Rows{{"投诉记录:无", "A"}});
}
