// Unit tests of CallLimit (SPEC 6.13): one call per phone per day across rules, whatever order
// the night finds them in.
#include "ownercare/engine/call_limit.hpp"

#include <catch2/catch.hpp>

using ownercare::Date;
using ownercare::engine::CallLimit;

namespace {

CallLimit::Key key(int priority, Date due, std::string subject = "S1", std::size_t rule = 0) {
  return {priority, due, rule, std::move(subject), "d1_call"};
}

const Date kMonday(2026, 3, 9);

}  // namespace

TEST_CASE("call limit: the first call of a phone has its place", "[call_limit]") {
  CallLimit limit(1);
  CHECK(limit.claim("13800000001", key(50, kMonday), 0) == -1);
  CHECK(limit.claim("13800000002", key(50, kMonday), 1) == -1);
  CHECK(limit.conflicts().empty());
}

TEST_CASE("call limit: a less important call coming second gives way itself", "[call_limit]") {
  CallLimit limit(1);
  CHECK(limit.claim("13800000001", key(60, kMonday), 0) == -1);
  CHECK(limit.claim("13800000001", key(50, kMonday), 1) == 1);
  CHECK(limit.gave_way("13800000001") == std::vector<std::size_t>{1});
}

TEST_CASE("call limit: a more important call coming second takes the place", "[call_limit]") {
  CallLimit limit(1);
  CHECK(limit.claim("13800000001", key(50, kMonday), 0) == -1);
  CHECK(limit.claim("13800000001", key(60, kMonday), 1) == 0);
  auto conflicts = limit.conflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].listed == std::vector<std::size_t>{1});
  CHECK(conflicts[0].lost == std::vector<std::size_t>{0});
}

TEST_CASE("call limit: at equal priority the older due date, then rule order, then subject",
          "[call_limit]") {
  CallLimit by_due(1);
  by_due.claim("P", key(50, kMonday), 0);
  CHECK(by_due.claim("P", key(50, kMonday.plus_days(-1)), 1) == 0);
  CallLimit by_rule(1);
  by_rule.claim("P", key(50, kMonday, "S1", 2), 0);
  CHECK(by_rule.claim("P", key(50, kMonday, "S1", 1), 1) == 0);
  CallLimit by_subject(1);
  by_subject.claim("P", key(50, kMonday, "V110"), 0);
  CHECK(by_subject.claim("P", key(50, kMonday, "V109"), 1) == 0);
}

TEST_CASE("call limit: the order of arrival does not change who goes", "[call_limit]") {
  std::vector<CallLimit::Key> keys = {key(50, kMonday, "A"), key(60, kMonday, "B"),
                                      key(55, kMonday, "C"), key(60, kMonday.plus_days(-2), "D")};
  std::vector<std::size_t> order = {0, 1, 2, 3};
  do {
    CallLimit limit(2);
    for (std::size_t handle : order) limit.claim("P", keys[handle], handle);
    auto conflicts = limit.conflicts();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].listed == std::vector<std::size_t>{3, 1});
    CHECK(conflicts[0].lost == std::vector<std::size_t>{2, 0});
  } while (std::next_permutation(order.begin(), order.end()));
}
