// Unit tests of CallLimit (SPEC 6.13): one call per phone per day across rules, whatever order
// the night finds them in.
#include "ownercare/engine/call_limit.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using ownercare::Date;
using ownercare::engine::CallLimit;

namespace {

const Date kMonday(2026, 3, 9);

CallLimit::Key key(int priority, Date due = kMonday, std::uint32_t rule = 0) {
  return {priority, due, rule};
}

// Ties broken by the handles' names, as the night breaks them by subject and step.
struct Named {
  std::vector<std::string> names;
  CallLimit::TieBreak tie() const {
    return [this](std::size_t a, std::size_t b) { return names.at(a) < names.at(b); };
  }
};

}  // namespace

TEST_CASE("call limit: the first call of a phone has its place", "[call_limit]") {
  Named named{{"S1", "S2"}};
  CallLimit limit(1);
  CHECK(limit.claim("13800000001", key(50), 0, named.tie()) == -1);
  CHECK(limit.claim("13800000002", key(50), 1, named.tie()) == -1);
  CHECK(limit.conflicts().empty());
}

TEST_CASE("call limit: a less important call coming second gives way itself", "[call_limit]") {
  Named named{{"S1", "S2"}};
  CallLimit limit(1);
  CHECK(limit.claim("13800000001", key(60), 0, named.tie()) == -1);
  CHECK(limit.claim("13800000001", key(50), 1, named.tie()) == 1);
  auto conflicts = limit.conflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].listed == std::vector<std::size_t>{0});
  CHECK(conflicts[0].lost == std::vector<std::size_t>{1});
}

TEST_CASE("call limit: a more important call coming second takes the place", "[call_limit]") {
  Named named{{"S1", "S2"}};
  CallLimit limit(1);
  CHECK(limit.claim("13800000001", key(50), 0, named.tie()) == -1);
  CHECK(limit.claim("13800000001", key(60), 1, named.tie()) == 0);
  auto conflicts = limit.conflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].listed == std::vector<std::size_t>{1});
  CHECK(conflicts[0].lost == std::vector<std::size_t>{0});
}

TEST_CASE("call limit: at equal priority the older due date, then rule order, then the tie-break",
          "[call_limit]") {
  Named named{{"V110", "V109"}};
  CallLimit by_due(1);
  by_due.claim("P", key(50), 0, named.tie());
  CHECK(by_due.claim("P", key(50, kMonday.plus_days(-1)), 1, named.tie()) == 0);
  CallLimit by_rule(1);
  by_rule.claim("P", key(50, kMonday, 2), 0, named.tie());
  CHECK(by_rule.claim("P", key(50, kMonday, 1), 1, named.tie()) == 0);
  CallLimit by_subject(1);
  by_subject.claim("P", key(50), 0, named.tie());
  CHECK(by_subject.claim("P", key(50), 1, named.tie()) == 0);  // V109 before V110
}

TEST_CASE("call limit: the order of arrival does not change who goes", "[call_limit]") {
  Named named{{"A", "B", "C", "D", "E"}};
  std::vector<CallLimit::Key> keys = {key(50), key(60), key(55), key(60, kMonday.plus_days(-2)),
                                      key(60)};
  std::vector<std::size_t> order = {0, 1, 2, 3, 4};
  do {
    CallLimit limit(2);
    for (std::size_t handle : order) limit.claim("P", keys[handle], handle, named.tie());
    auto conflicts = limit.conflicts();
    REQUIRE(conflicts.size() == 1);
    // D (older due) and B (priority 60, "B" before "E") keep their places.
    CHECK(conflicts[0].listed == std::vector<std::size_t>{3, 1});
    auto lost = conflicts[0].lost;
    std::sort(lost.begin(), lost.end());
    CHECK(lost == std::vector<std::size_t>{0, 2, 4});
  } while (std::next_permutation(order.begin(), order.end()));
}
