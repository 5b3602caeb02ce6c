// Unit tests of core/vin: normalising and verifying VINs (ISO 3779 / GB 16735 check digit),
// with the reason a VIN fails. Real-world VINs pin the arithmetic; test VINs get their check
// digit from the test's own helper (cli/dealer_support.hpp), not from the code under test.
#include "ownercare/core/vin.hpp"

#include <catch2/catch.hpp>

#include "cli/dealer_support.hpp"

using ownercare::check_vin;
using ownercare::vin_check_digit;
using ownercare::test::with_check_digit;

TEST_CASE("vin: a real-world VIN with check digit X is valid", "[vin]") {
  auto check = check_vin("1M8GDM9AXKP042788");
  CHECK(check.valid());
  CHECK(check.vin == "1M8GDM9AXKP042788");
}

TEST_CASE("vin: seventeen ones are valid (their check digit is 1)", "[vin]") {
  CHECK(check_vin("11111111111111111").valid());
}

TEST_CASE("vin: the check digit is computed from the other characters", "[vin]") {
  CHECK(vin_check_digit("1M8GDM9AXKP042788") == 'X');
  CHECK(vin_check_digit("11111111111111111") == '1');
  CHECK(vin_check_digit("LSVAU2180N2183294") == with_check_digit("LSVAU2180N2183294")[8]);
}

TEST_CASE("vin: the test helper agrees with the pinned real-world VINs", "[vin]") {
  CHECK(with_check_digit("1M8GDM9A0KP042788") == "1M8GDM9AXKP042788");
  CHECK(with_check_digit("11111111011111111") == "11111111111111111");
}

TEST_CASE("vin: a Chinese-style VIN with a fixed check digit is valid", "[vin]") {
  auto vin = with_check_digit("LSVAU2180N2183294");
  CHECK(vin == "LSVAU218XN2183294");
  CHECK(check_vin(vin).valid());
}

TEST_CASE("vin: spaces are trimmed and letters upper-cased", "[vin]") {
  auto check = check_vin("  1m8gdm9axkp042788\xE3\x80\x80");
  CHECK(check.valid());
  CHECK(check.vin == "1M8GDM9AXKP042788");
}

TEST_CASE("vin: an empty VIN is refused as empty", "[vin]") {
  auto check = check_vin("   ");
  CHECK_FALSE(check.valid());
  CHECK(check.reason == "is empty");
}

TEST_CASE("vin: a VIN of the wrong length says how many characters it has", "[vin]") {
  CHECK(check_vin("1M8GDM9AXKP04278").reason == "has 16 characters, not 17");
  CHECK(check_vin("1M8GDM9AXKP0427888").reason == "has 18 characters, not 17");
}

TEST_CASE("vin: the length is counted in characters, not bytes", "[vin]") {
  CHECK(check_vin("车1M8GDM9AXKP04278").reason == "character 1 is byte 0xE8, not a letter or digit");
}

TEST_CASE("vin: a stray UTF-8 continuation byte after 17 characters is refused", "[vin]") {
  // utf8_length counts 17 characters in these 18 bytes; a VIN is exactly 17 bytes.
  auto check = check_vin("1M8GDM9AXKP042788\x80");
  CHECK_FALSE(check.valid());
  CHECK(check.reason == "character 17 is byte 0x80, not a letter or digit");
  CHECK(check_vin("\x80" "1M8GDM9AXKP042788").reason ==
        "character 1 is byte 0x80, not a letter or digit");
}

TEST_CASE("vin: I, O and Q are refused naming the position", "[vin]") {
  CHECK(check_vin("1M8GDM9AXKP0I2788").reason == "character 13 is 'I'; a VIN has no I, O or Q");
  CHECK(check_vin("OM8GDM9AXKP042788").reason == "character 1 is 'O'; a VIN has no I, O or Q");
  CHECK(check_vin("1M8GDM9AXKP04278Q").reason == "character 17 is 'Q'; a VIN has no I, O or Q");
}

TEST_CASE("vin: a character that is not a letter or digit is refused naming it", "[vin]") {
  CHECK(check_vin("1M8GDM9AXKP-42788").reason == "character 12 is '-', not a letter or digit");
}

TEST_CASE("vin: a wrong check digit says which digit the VIN should have", "[vin]") {
  auto check = check_vin("1M8GDM9A1KP042788");
  CHECK_FALSE(check.valid());
  CHECK(check.vin == "1M8GDM9A1KP042788");
  CHECK(check.reason == "check digit (character 9) is '1', the other characters give 'X'");
}

TEST_CASE("vin: one mistyped character elsewhere fails the check digit", "[vin]") {
  // 042788 -> 042789: a typo the check digit exists to catch.
  CHECK_THAT(check_vin("1M8GDM9AXKP042789").reason, Catch::StartsWith("check digit"));
}
