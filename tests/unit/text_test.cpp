#include "ownercare/core/text.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace ownercare;

namespace {
// n copies of 中 (one UTF-16 unit, three UTF-8 bytes).
std::string chinese(std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) text += "中";
  return text;
}
const std::string kEmoji = "\xF0\x9F\x9A\x97";  // U+1F697, two UTF-16 units
}  // namespace

TEST_CASE("trim: spaces and tabs at both ends", "[text]") {
  CHECK(trim("  a b\t ") == "a b");
  CHECK(trim("\t\t") == "");
  CHECK(trim("") == "");
}

TEST_CASE("trim: the ideographic space U+3000", "[text]") {
  CHECK(trim("\xE3\x80\x80京A \xE3\x80\x80\xE3\x80\x80") == "京A");
  CHECK(trim(" \xE3\x80\x80 x") == "x");
}

TEST_CASE("trim: only whole U+3000 sequences are removed", "[text]") {
  CHECK(trim("a\x80\x80") == "a\x80\x80");
  CHECK(trim("\xE3\x80") == "\xE3\x80");
}

TEST_CASE("trim: newlines are not trimmed", "[text]") { CHECK(trim("\na\n") == "\na\n"); }

TEST_CASE("ascii_lower: only ASCII letters change", "[text]") {
  CHECK(ascii_lower("VIN 车架号 Abc") == "vin 车架号 abc");
}

TEST_CASE("find_invalid_utf8: valid text", "[text]") {
  CHECK_FALSE(find_invalid_utf8(""));
  CHECK_FALSE(find_invalid_utf8("plain ascii that is longer than eight bytes"));
  CHECK_FALSE(find_invalid_utf8("京N12346 粤B" + kEmoji + "\xC2\xA9\xEF\xBF\xBF\xF4\x8F\xBF\xBF"));
}

TEST_CASE("find_invalid_utf8: the offset after a long ASCII run", "[text]") {
  CHECK(find_invalid_utf8("0123456789abcdef\xFF") == 16u);
  CHECK(find_invalid_utf8("012345678\xFF") == 9u);
}

TEST_CASE("find_invalid_utf8: overlong encodings", "[text]") {
  CHECK(find_invalid_utf8("a\xC0\x80") == 1u);
  CHECK(find_invalid_utf8("a\xC1\xBF") == 1u);
  CHECK(find_invalid_utf8("\xE0\x80\x80") == 0u);
  CHECK(find_invalid_utf8("\xE0\x9F\xBF") == 0u);
  CHECK(find_invalid_utf8("\xF0\x80\x80\x80") == 0u);
  CHECK(find_invalid_utf8("\xF0\x8F\xBF\xBF") == 0u);
}

TEST_CASE("find_invalid_utf8: surrogates", "[text]") {
  CHECK(find_invalid_utf8("ab\xED\xA0\x80") == 2u);
  CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0u);
  CHECK_FALSE(find_invalid_utf8("\xED\x9F\xBF"));  // U+D7FF
}

TEST_CASE("find_invalid_utf8: values past U+10FFFF", "[text]") {
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0u);
  CHECK(find_invalid_utf8("\xFF") == 0u);
}

TEST_CASE("find_invalid_utf8: stray continuation bytes and bad followers", "[text]") {
  CHECK(find_invalid_utf8("ab\x80") == 2u);
  CHECK(find_invalid_utf8("\xE4\xB8x") == 0u);
  CHECK(find_invalid_utf8("\xE4\xB8\xAD\xE4x\xAD") == 3u);
}

TEST_CASE("find_invalid_utf8: a truncated tail", "[text]") {
  CHECK(find_invalid_utf8("ab\xE4\xB8") == 2u);
  CHECK(find_invalid_utf8("ab\xF0\x9F\x9A") == 2u);
  CHECK_FALSE(find_invalid_utf8("ab\xE4\xB8", true));
  CHECK_FALSE(find_invalid_utf8("ab\xF0", true));
}

TEST_CASE("find_invalid_utf8: a truncated tail must still be a valid prefix", "[text]") {
  CHECK(find_invalid_utf8("ab\xE0\x80", true) == 2u);
  CHECK(find_invalid_utf8("ab\xED\xA0", true) == 2u);
  CHECK(find_invalid_utf8("\xE4\xB8x", true) == 0u);  // cut inside the text, not at its end
}

TEST_CASE("utf8_length: code points", "[text]") {
  CHECK(utf8_length("") == 0u);
  CHECK(utf8_length("京N12346") == 7u);
  CHECK(utf8_length(kEmoji) == 1u);
}

TEST_CASE("utf16_length: characters past U+FFFF count two", "[text]") {
  CHECK(utf16_length("京N12346") == 7u);
  CHECK(utf16_length("a" + kEmoji) == 3u);
}

TEST_CASE("sms_segments: 70 units fit one message", "[text]") {
  CHECK(sms_segments("") == 0);
  CHECK(sms_segments("a") == 1);
  CHECK(sms_segments(chinese(70)) == 1);
}

TEST_CASE("sms_segments: longer texts go 67 per part", "[text]") {
  CHECK(sms_segments(chinese(71)) == 2);
  CHECK(sms_segments(chinese(134)) == 2);
  CHECK(sms_segments(chinese(135)) == 3);
  CHECK(sms_segments(chinese(201)) == 3);
  CHECK(sms_segments(chinese(202)) == 4);
}

TEST_CASE("sms_segments: an emoji counts two units", "[text]") {
  CHECK(sms_segments(chinese(68) + kEmoji) == 1);
  CHECK(sms_segments(chinese(69) + kEmoji) == 2);
}

TEST_CASE("split: keeps empty pieces", "[text]") {
  auto pieces = split(",a,,b,", ',');
  REQUIRE(pieces.size() == 5u);
  CHECK(pieces[0] == "");
  CHECK(pieces[1] == "a");
  CHECK(pieces[2] == "");
  CHECK(pieces[3] == "b");
  CHECK(pieces[4] == "");
  CHECK(split("", ',').size() == 1u);
}

TEST_CASE("parse_decimal: numbers", "[text]") {
  CHECK(parse_decimal("12.5") == 12.5);
  CHECK(parse_decimal("-3") == -3.0);
  CHECK(parse_decimal("+4.25") == 4.25);
  CHECK(parse_decimal(" 7 ") == 7.0);
  CHECK(parse_decimal("0.8") == 0.8);
}

TEST_CASE("parse_decimal: a bare point on either side", "[text]") {
  CHECK(parse_decimal("1.") == 1.0);
  CHECK(parse_decimal(".5") == 0.5);
  CHECK(parse_decimal("-.5") == -0.5);
}

TEST_CASE("parse_decimal: rejects what is not a plain decimal", "[text]") {
  CHECK_FALSE(parse_decimal(""));
  CHECK_FALSE(parse_decimal("."));
  CHECK_FALSE(parse_decimal("-"));
  CHECK_FALSE(parse_decimal("abc"));
  CHECK_FALSE(parse_decimal("1e5"));
  CHECK_FALSE(parse_decimal("1,5"));
  CHECK_FALSE(parse_decimal("--1"));
  CHECK_FALSE(parse_decimal("+-1"));
  CHECK_FALSE(parse_decimal("80%"));
  CHECK_FALSE(parse_decimal("inf"));
  CHECK_FALSE(parse_decimal("nan"));
}

TEST_CASE("parse_integer: integers", "[text]") {
  CHECK(parse_integer("42") == 42);
  CHECK(parse_integer("-7") == -7);
  CHECK(parse_integer("+8") == 8);
  CHECK(parse_integer(" 9\t") == 9);
  CHECK(parse_integer("9223372036854775807") == 9223372036854775807LL);
}

TEST_CASE("parse_integer: rejects what is not an integer", "[text]") {
  CHECK_FALSE(parse_integer(""));
  CHECK_FALSE(parse_integer("+"));
  CHECK_FALSE(parse_integer("4.0"));
  CHECK_FALSE(parse_integer("12a"));
  CHECK_FALSE(parse_integer("9223372036854775808"));
}

TEST_CASE("parse_integer: a sign is allowed once", "[text]") {
  CHECK_FALSE(parse_integer("+-5"));
  CHECK_FALSE(parse_integer("-+5"));
  CHECK_FALSE(parse_integer("++5"));
}

TEST_CASE("replace_controls turns every control character of a one-line value into a space",
          "[text]") {
  std::string text = std::string("a\tb\rc\nd\x1b" "e\x7f" "f\0g", 13);
  ownercare::replace_controls(text);
  CHECK(text == "a b c d e f g");
}

TEST_CASE("replace_controls_keep_lines keeps line breaks as LF in a free text", "[text]") {
  std::string text = "一\r\n二\r三\n四\t五\x01";
  ownercare::replace_controls_keep_lines(text);
  CHECK(text == "一\n二\n三\n四 五 ");
  std::string plain = "没有控制字符";
  ownercare::replace_controls_keep_lines(plain);
  CHECK(plain == "没有控制字符");
}
