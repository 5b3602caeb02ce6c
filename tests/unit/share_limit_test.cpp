// Unit tests of more_than_share: the one comparison of every refusal limit (invalid rows,
// disappearances), for every kind of input.
#include "ownercare/ingest/share_limit.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using ownercare::ingest::more_than_share;

TEST_CASE("share limit: exactly the share is within it, one more is over", "[share_limit]") {
  CHECK_FALSE(more_than_share(1, 20, 0.05));
  CHECK(more_than_share(2, 20, 0.05));
  CHECK_FALSE(more_than_share(1, 10, 0.10));
  CHECK(more_than_share(2, 10, 0.10));
}

TEST_CASE("share limit: nothing is never over, everything is over anything below 1",
          "[share_limit]") {
  CHECK_FALSE(more_than_share(0, 0, 0.05));
  CHECK_FALSE(more_than_share(0, 20, 0));
  CHECK(more_than_share(1, 20, 0));
  CHECK_FALSE(more_than_share(20, 20, 1));
}

TEST_CASE("share limit: a share that is not a number refuses instead of letting all through",
          "[share_limit]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(more_than_share(14, 16, nan));
  CHECK(more_than_share(14, 16, inf));
  CHECK(more_than_share(1, 16, -inf));
  CHECK(more_than_share(1, 16, -0.5));
  CHECK_FALSE(more_than_share(0, 16, nan));
}
