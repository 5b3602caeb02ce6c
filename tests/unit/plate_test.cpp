#include "ownercare/core/plate.hpp"

#include <catch2/catch.hpp>

using ownercare::mask_plate;

TEST_CASE("plate: keeps the first two characters and the last", "[plate]") {
  CHECK(mask_plate("京N12346") == "京N***6");
}

TEST_CASE("plate: a new-energy plate of eight characters", "[plate]") {
  CHECK(mask_plate("粤BD12345") == "粤B***5");
}

TEST_CASE("plate: a Chinese last character is kept whole", "[plate]") {
  CHECK(mask_plate("粤B1234学") == "粤B***学");
}

TEST_CASE("plate: surrounding spaces are ignored", "[plate]") {
  CHECK(mask_plate("  京N12346 ") == "京N***6");
  CHECK(mask_plate("\xE3\x80\x80京N12346") == "京N***6");
}

TEST_CASE("plate: four characters is the shortest that is masked", "[plate]") {
  CHECK(mask_plate("京A12") == "京A***2");
  CHECK(mask_plate("ABCD") == "AB***D");
}

TEST_CASE("plate: shorter values leak nothing", "[plate]") {
  CHECK(mask_plate("京A1") == "***");
  CHECK(mask_plate("AB") == "***");
  CHECK(mask_plate("") == "***");
  CHECK(mask_plate("   ") == "***");
}
