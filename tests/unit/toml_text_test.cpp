// Unit tests of the TOML pre-scan: non-ASCII characters only inside strings and comments
// (toml++ 3.3.0 reaches undefined behaviour on them elsewhere, upstream issue #295), bytes
// that are not UTF-8, and table headers without a name (`[{`, where toml++'s assertion
// fires). Valid TOML of every string form passes untouched.
#include "ownercare/core/toml_text.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "ownercare/core/errors.hpp"

using ownercare::check_toml_text;
using ownercare::parse_toml;

namespace {

// "line:column: what" of the pre-scan's problem, or "ok".
std::string scan(std::string_view text) {
  auto problem = check_toml_text(text);
  if (!problem) return "ok";
  return std::to_string(problem->line) + ":" + std::to_string(problem->column) + ": " +
         problem->what;
}

std::string where(std::string_view text) {
  auto result = scan(text);
  return result.substr(0, result.find(": "));
}

}  // namespace

TEST_CASE("toml text: a full-width comma after a value is refused where it stands",
          "[toml_text]") {
  CHECK(scan("a = 1、") ==
        "1:6: \"、\" (U+3001) stands outside a string or comment; TOML allows non-ASCII "
        "characters only inside quotes and comments");
  CHECK(where("a = 1\nb = 2。\n") == "2:6");
  CHECK(where("a = 1\n\xE3\x80\x80" "b = 2\n") == "2:1");  // an ideographic space
}

TEST_CASE("toml text: a bare key that is not ASCII is refused", "[toml_text]") {
  CHECK(where("[columns]\n车主名称 = \"customer_name\"\n") == "2:1");
  CHECK(scan("[columns]\n\"车主名称\" = \"customer_name\"\n") == "ok");
}

TEST_CASE("toml text: non-ASCII inside strings and comments passes", "[toml_text]") {
  CHECK(scan("a = \"中文，。\" # 注释：、\n") == "ok");
  CHECK(scan("a = '中文'\n") == "ok");
  CHECK(scan("a = \"\"\"\n第一行\n第二行\n\"\"\"\n") == "ok");
  CHECK(scan("a = '''\n第一行\n'''\n") == "ok");
  CHECK(scan("# 只有注释\n") == "ok");
}

TEST_CASE("toml text: columns count characters, not bytes", "[toml_text]") {
  CHECK(where("a = \"中文\" 。") == "1:10");
  CHECK(where("a = \"\"\"中\n文\"\"\" 。") == "2:6");
}

TEST_CASE("toml text: an escaped quote does not end a basic string", "[toml_text]") {
  CHECK(scan("a = \"x\\\"、\"\n") == "ok");
  CHECK(scan("a = \"x\\\\\"、\n") != "ok");  // \\ then the closing quote
  CHECK(scan("a = \"\"\"x\\\"\"\"、\"\"\"\n") == "ok");
}

TEST_CASE("toml text: a literal string has no escapes", "[toml_text]") {
  CHECK(scan("a = 'x\\'、\n") != "ok");
  CHECK(scan("a = 'x\\' # 、\n") == "ok");
}

TEST_CASE("toml text: quotes just inside a multi-line string's delimiters", "[toml_text]") {
  CHECK(scan("a = \"\"\"x\"\"\"\" # 、\n") == "ok");   // content x"
  CHECK(scan("a = \"\"\"x\"\"\"\"\" # 、\n") == "ok");  // content x""
  CHECK(scan("a = '''it''s''' # 、\n") == "ok");
  CHECK(scan("a = ''''x'''' # 、\n") == "ok");
  CHECK(where("a = \"\"\"x\"\"\"、\n") == "1:12");
  CHECK(scan("a = \"\" # 、\n") == "ok");  // an empty string, not a multi-line one
}

TEST_CASE("toml text: a quote glued to a value opens no string", "[toml_text]") {
  // Found by the config fuzz target: toml++ read on through the quote as part of the value
  // -inf and reached __builtin_unreachable() in is_non_ascii_horizontal_whitespace on Ϭ.
  CHECK(scan("timezo = -inf\"Asia\xCF\xAC" "hangh.toml\"\n") ==
        "1:19: \"\xCF\xAC\" (U+03EC) stands outside a string or comment; TOML allows non-ASCII "
        "characters only inside quotes and comments");
  CHECK(where("a = 1\"中\"\n") == "1:7");
  CHECK(where("a = \"x\"\"中\"\n") == "1:9");
  CHECK(where("a = 'x''中'\n") == "1:9");
  CHECK(scan("a.\"中\" = [\"中\",'中', { b = \"中\" }]\n") == "ok");
}

TEST_CASE("toml text: a backslash before a non-ASCII character is refused", "[toml_text]") {
  // Found by the config fuzz target: in a multi-line string toml++ asks whether the
  // character after a backslash is whitespace, and reaches __builtin_unreachable() for 。.
  CHECK(scan("a = \"\"\"x\\。\"\"\"\n") ==
        "1:9: a backslash before \"。\" (U+3002) is no escape TOML knows; write \\\\ for a "
        "backslash");
  CHECK(where("a = \"x\\。\"\n") == "1:7");
  CHECK(scan("a = \"\"\"x\\\\。\"\"\"\n") == "ok");  // an escaped backslash, then 。
  CHECK(scan("a = \"x\\u3002\"\n") == "ok");
}

TEST_CASE("toml text: CJK punctuation right after a line-ending backslash is refused",
          "[toml_text]") {
  // toml++ tests each character after a line-ending backslash for whitespace until the first
  // that is not: valid TOML, but undefined behaviour for 。 and its neighbours.
  CHECK(scan("a = \"\"\"第一行\\\n  。第二行\"\"\"\n") ==
        "2:3: \"。\" (U+3002) right after a line-ending backslash is not read safely by "
        "toml++ 3.3.0; end the line without the backslash");
  CHECK(where("a = \"\"\"x\\  \r\n\n\t\xE3\x80\x80「\"\"\"\n") == "3:3");
  CHECK(scan("a = \"\"\"第一行\\\n  第二行。\"\"\"\n") == "ok");
  CHECK(scan("a = \"\"\"第一行\n。第二行\"\"\"\n") == "ok");
}

TEST_CASE("toml text: a quote inside a bare value opens no string", "[toml_text]") {
  // Found by the config fuzz target: toml++ reads the value 1d[[[["vin、 up to whitespace
  // and reached __builtin_unreachable() on the 、 the pre-scan had taken for string text.
  CHECK(where("db = 1d[[[[\"vin\xE3\x80\x81[[=\n") == "1:16");
  CHECK(where("a = 1.5\"中\"\n") == "1:9");
  CHECK(where("a = 1={\"中\"\n") == "1:9");
  CHECK(scan("a.\"中\".'中' = 1\n[t.\"中\"]\nb = { c.\"中\" = [[\"中\"], [{ d = \"中\" }]] }\n") ==
        "ok");
  CHECK(scan("a = [\n  1,\n  \"中\",\n]\n") == "ok");
}

TEST_CASE("toml text: a line break ends a comment", "[toml_text]") {
  CHECK(where("# 注释\na = 1、\n") == "2:6");
}

TEST_CASE("toml text: bytes that are not UTF-8 are refused", "[toml_text]") {
  CHECK(scan("a = \"\xB3\xB5\"\n") == "1:6: byte 0xB3 is not UTF-8 (save the file as UTF-8)");
  CHECK(where("# \xC0\xAF\n") == "1:3");        // an overlong '/'
  CHECK(where("a = \"\xED\xA0\x80\"\n") == "1:6");  // a surrogate
  CHECK(where("a = \"\xE4\xB8\"") == "1:6");        // cut short at the end
}

TEST_CASE("toml text: a UTF-8 byte order mark at the start is fine", "[toml_text]") {
  CHECK(scan("\xEF\xBB\xBF" "a = 1\n") == "ok");
}

TEST_CASE("toml text: a table header must start with a name", "[toml_text]") {
  CHECK(scan("[{") == "1:2: a table header needs a name: [name] or [[name]]");
  CHECK(where("a = 1\n[[ {]]\n") == "2:4");
  CHECK(where("[]\n") == "1:2");
  CHECK(scan("[rule]\n[[rule.step]]\n[ \"quoted\" ]\n['literal']\n") == "ok");
}

TEST_CASE("toml text: arrays and inline tables in values are not headers", "[toml_text]") {
  CHECK(scan("a = [\n  [{ x = 1 }],\n  [ \"]\" ],\n]\n[next]\n") == "ok");
  CHECK(scan("a = [\n[\n1]]\n") == "ok");
}

TEST_CASE("toml text: parse_toml locates the pre-scan's problem in the file", "[toml_text]") {
  try {
    parse_toml("a = 1、\n", "rules/x.toml");
    FAIL("parsed");
  } catch (const ownercare::UsageError& error) {
    CHECK(std::string(error.what()) ==
          "rules/x.toml:1:6: \"、\" (U+3001) stands outside a string or comment; TOML allows "
          "non-ASCII characters only inside quotes and comments");
  }
}

TEST_CASE("toml text: parse_toml reports toml++'s errors on one line", "[toml_text]") {
  try {
    parse_toml("a = \"x\nb = 1\n", "c.toml");
    FAIL("parsed");
  } catch (const ownercare::UsageError& error) {
    std::string message = error.what();
    CHECK_THAT(message, Catch::StartsWith("c.toml:1:"));
    CHECK(message.find('\n') == std::string::npos);
  }
}

TEST_CASE("toml text: parse_toml reads valid TOML", "[toml_text]") {
  auto table = parse_toml("name = \"中\"\n[t]\nx = [1, 2]\n", "c.toml");
  CHECK(table["name"].value<std::string>() == "中");
  CHECK(table["t"]["x"][1].value<int>() == 2);
}
