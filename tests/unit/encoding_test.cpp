#include "ownercare/core/encoding.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace {

using ownercare::Gb18030Decoder;

// "车牌号" in GB18030 (the same bytes as in GBK) and in UTF-8.
const std::string kPlateGb = "\xB3\xB5\xC5\xC6\xBA\xC5";
const std::string kPlateUtf8 = "车牌号";
// U+20000 needs a four-byte GB18030 sequence.
const std::string kFourByteGb = "\x95\x32\x82\x36";
const std::string kFourByteUtf8 = "\xF0\xA0\x80\x80";

}  // namespace

TEST_CASE("GB18030 two-byte characters decode to UTF-8", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode("plate," + kPlateGb + "\n", true, out, error_offset));
  CHECK(out == "plate," + kPlateUtf8 + "\n");
}

TEST_CASE("GB18030 four-byte characters decode to UTF-8", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode("x" + kFourByteGb + "y", true, out, error_offset));
  CHECK(out == "x" + kFourByteUtf8 + "y");
}

TEST_CASE("GB18030 two-byte codes that map outside the BMP decode to four UTF-8 bytes",
          "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode("\xFE\x51", true, out, error_offset));
  CHECK(out == "\xF0\xA0\x82\x87");  // U+20087
}

TEST_CASE("GB18030 four-byte codes between the BMP part and U+10000 are refused", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  // 84 31 A5 30 is the first code after U+FFFF's (84 31 A4 39); U+10000 is 90 30 81 30.
  CHECK_FALSE(decoder.decode("ab\x84\x31\xA5\x30", true, out, error_offset));
  CHECK(error_offset == 2);
  CHECK(out == "ab");
  Gb18030Decoder last;
  out.clear();
  REQUIRE(last.decode("\x84\x31\xA4\x39\x90\x30\x81\x30", true, out, error_offset));
  CHECK(out == "\xEF\xBF\xBF\xF0\x90\x80\x80");  // U+FFFF U+10000
}

TEST_CASE("GB18030 decoding appends to what the output holds", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out = "kept:";
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode(kPlateGb, true, out, error_offset));
  CHECK(out == "kept:" + kPlateUtf8);
}

TEST_CASE("a GB18030 character split between two chunks is carried over", "[encoding]") {
  const std::string input = "a" + kPlateGb + kFourByteGb + "z";
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    Gb18030Decoder decoder;
    std::string out;
    std::size_t error_offset = 0;
    INFO("cut at " << cut);
    REQUIRE(decoder.decode(input.substr(0, cut), false, out, error_offset));
    REQUIRE(decoder.decode(input.substr(cut), true, out, error_offset));
    CHECK(out == "a" + kPlateUtf8 + kFourByteUtf8 + "z");
  }
}

TEST_CASE("a GB18030 stream decodes one byte at a time", "[encoding]") {
  const std::string input = kFourByteGb + kPlateGb + "," + kFourByteGb;
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  for (char byte : input) REQUIRE(decoder.decode(std::string(1, byte), false, out, error_offset));
  REQUIRE(decoder.decode("", true, out, error_offset));
  CHECK(out == kFourByteUtf8 + kPlateUtf8 + "," + kFourByteUtf8);
}

TEST_CASE("an invalid GB18030 byte is reported with its offset in the stream", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode("abc" + kPlateGb, false, out, error_offset));
  CHECK_FALSE(decoder.decode("de\x80", false, out, error_offset));
  CHECK(error_offset == 11);
}

TEST_CASE("a GB18030 lead byte followed by an invalid trail byte is refused at the lead",
          "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode("ab\xB3", false, out, error_offset));
  CHECK_FALSE(decoder.decode(",", false, out, error_offset));
  CHECK(error_offset == 2);
}

TEST_CASE("a GB18030 character cut off by the end of the stream is refused", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  std::size_t error_offset = 0;
  REQUIRE(decoder.decode("abcd" + kFourByteGb.substr(0, 3), false, out, error_offset));
  CHECK_FALSE(decoder.decode("", true, out, error_offset));
  CHECK(error_offset == 4);
}

TEST_CASE("looks_like_gb18030 accepts GBK and four-byte text", "[encoding]") {
  CHECK(ownercare::looks_like_gb18030("plate," + kPlateGb + kFourByteGb + "\n"));
  CHECK(ownercare::looks_like_gb18030(""));
}

TEST_CASE("looks_like_gb18030 accepts a character cut off at the end", "[encoding]") {
  CHECK(ownercare::looks_like_gb18030("a\xB3"));
  CHECK(ownercare::looks_like_gb18030("a\x95\x32\x82"));
}

TEST_CASE("looks_like_gb18030 rejects bytes no GB18030 character has", "[encoding]") {
  CHECK_FALSE(ownercare::looks_like_gb18030("a\x80"));
  CHECK_FALSE(ownercare::looks_like_gb18030("a\xFF"));
  CHECK_FALSE(ownercare::looks_like_gb18030("\xB3,"));             // bad trail byte
  CHECK_FALSE(ownercare::looks_like_gb18030("\x95\x32\x82\x41"));  // bad fourth byte
}
