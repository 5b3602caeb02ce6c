// Phone cells as Excel and dealer systems leave them (issue 9, point 1).
#include <catch2/catch.hpp>

#include "ownercare/core/phone.hpp"

using ownercare::normalise_phone;
using ownercare::parse_phone_cell;
using ownercare::PhoneKind;

TEST_CASE("phone cell: Excel's trailing .0 and the text mark ' are removed", "[phone][cell]") {
  CHECK(normalise_phone("13912345671.0").number == "13912345671");
  CHECK(normalise_phone("13912345671.0").kind == PhoneKind::mobile);
  CHECK(normalise_phone("13912345671.00").number == "13912345671");
  CHECK(normalise_phone("'13912345671").number == "13912345671");
  CHECK(normalise_phone("'13912345671").kind == PhoneKind::mobile);
  CHECK(normalise_phone("'010-12345678").kind == PhoneKind::landline);
  // A fraction that is not zero is no phone.
  CHECK(normalise_phone("13912345671.5").kind == PhoneKind::invalid);
}

TEST_CASE("phone cell: scientific notation is kept out and said", "[phone][cell]") {
  for (const char* text : {"1.39123E+10", "1.39123e+10", "1.39123E10", "1.3912345671E+10"}) {
    auto cell = parse_phone_cell(text);
    CHECK(cell.scientific);
    CHECK(cell.first.kind == PhoneKind::invalid);
    CHECK(cell.first.number == text);
    CHECK(cell.others.empty());
  }
  CHECK_FALSE(parse_phone_cell("13912345671").scientific);
}

TEST_CASE("phone cell: one number written with spaces stays one number", "[phone][cell]") {
  auto cell = parse_phone_cell("139 1234 5671");
  CHECK(cell.first.number == "13912345671");
  CHECK(cell.others.empty());
  CHECK(parse_phone_cell("010 1234 5678").first.kind == PhoneKind::landline);
}

TEST_CASE("phone cell: several numbers give the first and keep the others", "[phone][cell]") {
  for (const char* text :
       {"13912345671、13812345672", "13912345671/13812345672", "13912345671;13812345672",
        "13912345671,13812345672", "13912345671 13812345672", "13912345671 / 138 1234 5672",
        "139 1234 5671 138 1234 5672"}) {
    INFO(text);
    auto cell = parse_phone_cell(text);
    CHECK(cell.first.number == "13912345671");
    CHECK(cell.first.kind == PhoneKind::mobile);
    REQUIRE(cell.others.size() == 1);
    CHECK(cell.others[0].number == "13812345672");
    CHECK(cell.others[0].kind == PhoneKind::mobile);
  }
  auto three = parse_phone_cell("010-12345678、13912345671；13812345672");
  CHECK(three.first.kind == PhoneKind::landline);
  REQUIRE(three.others.size() == 2);
  CHECK(three.others[1].number == "13812345672");
}

TEST_CASE("phone cell: a bad part is kept as an invalid other", "[phone][cell]") {
  auto cell = parse_phone_cell("13912345671/12345");
  CHECK(cell.first.number == "13912345671");
  REQUIRE(cell.others.size() == 1);
  CHECK(cell.others[0].kind == PhoneKind::invalid);
  auto empty = parse_phone_cell("");
  CHECK(empty.first.kind == PhoneKind::empty);
  CHECK(empty.others.empty());
}

TEST_CASE("phone cell: a pasted list or a huge cell stays one invalid value", "[phone][cell]") {
  std::string list;
  for (int i = 0; i < 9; ++i) list += "1391234567" + std::to_string(i) + ";";
  auto cell = parse_phone_cell(list);
  CHECK(cell.first.kind == PhoneKind::invalid);
  CHECK(cell.others.empty());
  // A megabyte of short words is read in linear time (quadratic would hang this test).
  std::string words;
  for (int i = 0; i < 500000; ++i) words += "1 ";
  auto huge = parse_phone_cell(words);
  CHECK(huge.first.kind == PhoneKind::invalid);
  CHECK(huge.others.empty());
}
