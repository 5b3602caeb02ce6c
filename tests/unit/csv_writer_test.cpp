#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ownercare/csv/reader.hpp"
#include "ownercare/csv/writer.hpp"

namespace {

using ownercare::csv::formula_safe;
using ownercare::csv::Writer;
using ownercare::csv::WriterOptions;

Writer without_bom() { return Writer(WriterOptions{false}); }

std::string cell_text(std::string_view cell) {
  std::string out;
  ownercare::csv::append_cell(out, cell);
  return out;
}

}  // namespace

TEST_CASE("the writer starts with a UTF-8 BOM by default", "[csv][writer]") {
  Writer writer;
  writer.row(std::vector<std::string>{"a", "b"});
  CHECK(writer.text() ==
        "\xEF\xBB\xBF"
        "a,b\n");
}

TEST_CASE("the writer can leave out the BOM", "[csv][writer]") {
  Writer writer = without_bom();
  writer.row(std::vector<std::string>{"a", "b"});
  writer.row(std::vector<std::string_view>{"1", "2"});
  CHECK(writer.text() == "a,b\n1,2\n");
  CHECK(writer.rows() == 2);
}

TEST_CASE("take hands over the text", "[csv][writer]") {
  Writer writer = without_bom();
  writer.row(std::vector<std::string>{"x"});
  CHECK(writer.take() == "x\n");
}

TEST_CASE("cells with commas, quotes or line breaks are quoted", "[csv][writer]") {
  CHECK(cell_text("a,b") == "\"a,b\"");
  CHECK(cell_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(cell_text("one\ntwo") == "\"one\ntwo\"");
  CHECK(cell_text("one\rtwo") == "\"one\rtwo\"");
}

TEST_CASE("cells starting or ending with a space are quoted", "[csv][writer]") {
  CHECK(cell_text(" a") == "\" a\"");
  CHECK(cell_text("a ") == "\"a \"");
  CHECK(cell_text("a b") == "a b");
}

TEST_CASE("plain cells are written as they are", "[csv][writer]") {
  CHECK(cell_text("") == "");
  CHECK(cell_text("京A12345") == "京A12345");
}

TEST_CASE("formula_safe neutralises cells a spreadsheet would run", "[csv][writer]") {
  CHECK(formula_safe("=SUM(A1:A2)") == "'=SUM(A1:A2)");
  CHECK(formula_safe("+86 138 0000 0000") == "'+86 138 0000 0000");
  CHECK(formula_safe("-2+3") == "'-2+3");
  CHECK(formula_safe("@cmd") == "'@cmd");
  CHECK(formula_safe("\t=1") == "'\t=1");
  CHECK(formula_safe("\r=1") == "'\r=1");
  CHECK(formula_safe("-") == "'-");
}

TEST_CASE("formula_safe leaves plain numbers alone", "[csv][writer]") {
  CHECK(formula_safe("-12.5") == "-12.5");
  CHECK(formula_safe("+3") == "+3");
  CHECK(formula_safe("-0") == "-0");
  CHECK(formula_safe("+8613800000000") == "+8613800000000");
}

TEST_CASE("formula_safe neutralises what only looks like a number", "[csv][writer]") {
  CHECK(formula_safe("-1e5") == "'-1e5");
  CHECK(formula_safe("-.5") == "'-.5");
  CHECK(formula_safe("-5.") == "'-5.");
  CHECK(formula_safe("+3 ") == "'+3 ");
}

TEST_CASE("formula_safe leaves other text alone", "[csv][writer]") {
  CHECK(formula_safe("") == "");
  CHECK(formula_safe("a=b") == "a=b");
  CHECK(formula_safe("2024-05-01") == "2024-05-01");
  CHECK(formula_safe(" =1") == " =1");
}

TEST_CASE("rows are made formula-safe and then quoted", "[csv][writer]") {
  Writer writer = without_bom();
  writer.row(std::vector<std::string>{"=HYPERLINK(\"x\",\"y\")", "-12.5", "@a"});
  CHECK(writer.text() == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",-12.5,'@a\n");
}

TEST_CASE("a row of one empty cell is written as a quoted empty cell", "[csv][writer]") {
  Writer writer = without_bom();
  writer.row(std::vector<std::string>{""});
  writer.row(std::vector<std::string>{"", ""});
  CHECK(writer.text() == "\"\"\n,\n");
}

TEST_CASE("what the writer writes, the reader reads back", "[csv][writer]") {
  const std::vector<std::string> cells{"京A12345", "a,b", "say \"hi\"", "one\ntwo",
                                       " padded ", "",    "-12.5"};
  Writer writer;
  writer.row(cells);
  writer.row(std::vector<std::string>{""});
  std::istringstream in(writer.text());
  ownercare::csv::Reader reader(in, "t.csv");
  ownercare::csv::Record record;
  REQUIRE(reader.next(record));
  CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) == cells);
  REQUIRE(reader.next(record));
  CHECK(record.fields == std::vector<std::string_view>{""});
  CHECK_FALSE(reader.next(record));
}

TEST_CASE("no cell is written with a raw control character but a quoted line feed",
          "[csv][writer]") {
  Writer writer = without_bom();
  writer.row(std::vector<std::string>{"张\x1b[31m三", "a\r\nb", "c\rd", "e\tf", std::string("g\0h", 3),
                                      "del\x7f", "line\nfeed"});
  CHECK(writer.text() == "张 [31m三,\"a\nb\",\"c\nd\",e f,g h,\"del \",\"line\nfeed\"\n");
}

TEST_CASE("a cell starting with tab or CR is neutralised before its controls become spaces",
          "[csv][writer]") {
  Writer writer = without_bom();
  writer.row(std::vector<std::string>{"\t=1+2", "\r=SUM(A1)"});
  CHECK(writer.text() == "' =1+2,\"'\n=SUM(A1)\"\n");
}
