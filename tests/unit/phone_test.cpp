#include "ownercare/core/phone.hpp"

#include <catch2/catch.hpp>

using ownercare::normalise_phone;
using ownercare::PhoneKind;

TEST_CASE("phone: a plain mobile is kept as is", "[phone]") {
  auto phone = normalise_phone("13912345678");
  CHECK(phone.number == "13912345678");
  CHECK(phone.kind == PhoneKind::mobile);
  CHECK(phone.callable());
  CHECK(phone.textable());
}

TEST_CASE("phone: spaces, dashes, dots and parentheses are removed", "[phone]") {
  CHECK(normalise_phone("139 1234 5678").number == "13912345678");
  CHECK(normalise_phone("139-1234-5678").number == "13912345678");
  CHECK(normalise_phone("139.1234.5678").number == "13912345678");
  CHECK(normalise_phone("(139)12345678").number == "13912345678");
  CHECK(normalise_phone("  13912345678\t").kind == PhoneKind::mobile);
}

TEST_CASE("phone: the ideographic space around a number is trimmed", "[phone]") {
  auto phone = normalise_phone(
      "\xE3\x80\x80"
      "13912345678"
      "\xE3\x80\x80");
  CHECK(phone.number == "13912345678");
  CHECK(phone.kind == PhoneKind::mobile);
}

TEST_CASE("phone: +86, 0086 and 86 prefixes are removed from mobiles", "[phone]") {
  CHECK(normalise_phone("+8613912345678").number == "13912345678");
  CHECK(normalise_phone("+86 139 1234 5678").number == "13912345678");
  CHECK(normalise_phone("+86-139-1234-5678").number == "13912345678");
  CHECK(normalise_phone("008613912345678").number == "13912345678");
  CHECK(normalise_phone("8613912345678").number == "13912345678");
  CHECK(normalise_phone("86 13912345678").kind == PhoneKind::mobile);
}

TEST_CASE("phone: mobiles need 1[3-9] and eleven digits", "[phone]") {
  CHECK(normalise_phone("19912345678").kind == PhoneKind::mobile);
  CHECK(normalise_phone("12912345678").kind == PhoneKind::invalid);
  CHECK(normalise_phone("10912345678").kind == PhoneKind::invalid);
  CHECK(normalise_phone("1391234567").kind == PhoneKind::invalid);
  CHECK(normalise_phone("139123456789").kind == PhoneKind::invalid);
}

TEST_CASE("phone: landlines keep their area code", "[phone]") {
  auto beijing = normalise_phone("010-12345678");
  CHECK(beijing.number == "01012345678");
  CHECK(beijing.kind == PhoneKind::landline);
  CHECK(beijing.callable());
  CHECK_FALSE(beijing.textable());
  CHECK(normalise_phone("0755-1234567").number == "07551234567");
  CHECK(normalise_phone("(0755) 12345678").number == "075512345678");
  CHECK(normalise_phone("021-8765432").kind == PhoneKind::landline);
}

TEST_CASE("phone: a landline needs 7 or 8 digits after its area code", "[phone]") {
  CHECK(normalise_phone("010-123456").kind == PhoneKind::invalid);
  CHECK(normalise_phone("010-123456789").kind == PhoneKind::invalid);
  CHECK(normalise_phone("0755-123456").kind == PhoneKind::invalid);
  CHECK(normalise_phone("0755-123456789").kind == PhoneKind::invalid);
}

TEST_CASE("phone: area codes follow the mainland plan", "[phone]") {
  // 010 is the only code beginning with 1; codes beginning with 0 do not exist.
  CHECK(normalise_phone("0111234567").kind == PhoneKind::invalid);
  CHECK(normalise_phone("00112345678").kind == PhoneKind::invalid);
  CHECK(normalise_phone("013912345678").kind == PhoneKind::invalid);
}

TEST_CASE("phone: an international landline gets its trunk 0 back", "[phone]") {
  auto phone = normalise_phone("+86 10 12345678");
  CHECK(phone.number == "01012345678");
  CHECK(phone.kind == PhoneKind::landline);
  CHECK(normalise_phone("+86 755 1234567").number == "07551234567");
  CHECK(normalise_phone("0086 21 87654321").number == "02187654321");
}

TEST_CASE("phone: a prefixed landline that kept its 0 is accepted", "[phone]") {
  CHECK(normalise_phone("+86 010 12345678").number == "01012345678");
}

TEST_CASE("phone: 86 is removed only when a valid number remains", "[phone]") {
  // Without a +, "86" may be the start of something else; then the phone is invalid.
  auto phone = normalise_phone("8612345");
  CHECK(phone.kind == PhoneKind::invalid);
  CHECK(phone.number == "8612345");
  CHECK(normalise_phone("861012345678").number == "01012345678");
}

TEST_CASE("phone: a foreign country code is invalid", "[phone]") {
  auto phone = normalise_phone("+1 650 253 0000");
  CHECK(phone.kind == PhoneKind::invalid);
  CHECK(phone.number == "+1 650 253 0000");
}

TEST_CASE("phone: an invalid phone keeps the trimmed input", "[phone]") {
  auto phone = normalise_phone("  139-1234-567x  ");
  CHECK(phone.kind == PhoneKind::invalid);
  CHECK(phone.number == "139-1234-567x");
  CHECK_FALSE(phone.callable());
  CHECK_FALSE(phone.textable());
}

TEST_CASE("phone: a plus sign inside the number is invalid", "[phone]") {
  CHECK(normalise_phone("139+12345678").kind == PhoneKind::invalid);
  CHECK(normalise_phone("+").kind == PhoneKind::invalid);
  CHECK(normalise_phone("--").kind == PhoneKind::invalid);
}

TEST_CASE("phone: empty and blank text is empty, not invalid", "[phone]") {
  CHECK(normalise_phone("").kind == PhoneKind::empty);
  auto blank = normalise_phone("   ");
  CHECK(blank.kind == PhoneKind::empty);
  CHECK(blank.number.empty());
  CHECK_FALSE(blank.callable());
}

TEST_CASE("phone: kind names", "[phone]") {
  CHECK(std::string(ownercare::phone_kind_name(PhoneKind::empty)) == "empty");
  CHECK(std::string(ownercare::phone_kind_name(PhoneKind::mobile)) == "mobile");
  CHECK(std::string(ownercare::phone_kind_name(PhoneKind::landline)) == "landline");
  CHECK(std::string(ownercare::phone_kind_name(PhoneKind::invalid)) == "invalid");
}
