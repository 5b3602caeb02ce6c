// Unit tests of allocate_calls (SPEC 6.13): one call per phone per day across rules, whatever
// order the night finds them in.
#include "ownercare/engine/call_limit.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using ownercare::Date;
using ownercare::engine::allocate_calls;
using ownercare::engine::CallClaim;
using ownercare::engine::CallConflict;

namespace {

const Date kMonday(2026, 3, 9);

// Calls by handle: each with its phone and a name that breaks ties (the night's subject and
// step).
struct Calls {
  std::vector<std::string> phones;
  std::vector<std::string> names;
  std::vector<CallClaim> claims;

  void add(const std::string& phone, const std::string& name, int priority,
           Date due = kMonday, std::uint32_t rule = 0) {
    claims.push_back({priority, due, rule, static_cast<std::uint32_t>(phones.size())});
    phones.push_back(phone);
    names.push_back(name);
  }
  std::vector<CallConflict> allocate(int places) {
    return allocate_calls(
        claims, places, [this](std::size_t h) -> const std::string& { return phones.at(h); },
        [this](std::size_t a, std::size_t b) { return names.at(a) < names.at(b); });
  }
};

}  // namespace

TEST_CASE("call limit: calls to different phones all keep their place", "[call_limit]") {
  Calls calls;
  calls.add("13800000001", "S1", 50);
  calls.add("13800000002", "S2", 50);
  CHECK(calls.allocate(1).empty());
}

TEST_CASE("call limit: of two calls to one phone the higher priority keeps it", "[call_limit]") {
  Calls calls;
  calls.add("13800000001", "S1", 50);
  calls.add("13800000001", "S2", 60);
  auto conflicts = calls.allocate(1);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].listed == std::vector<std::size_t>{1});
  CHECK(conflicts[0].lost == std::vector<std::size_t>{0});
}

TEST_CASE("call limit: at equal priority the older due date, then rule order, then the tie-break",
          "[call_limit]") {
  Calls by_due;
  by_due.add("P", "S1", 50);
  by_due.add("P", "S2", 50, kMonday.plus_days(-1));
  CHECK(by_due.allocate(1).at(0).listed == std::vector<std::size_t>{1});
  Calls by_rule;
  by_rule.add("P", "S1", 50, kMonday, 2);
  by_rule.add("P", "S2", 50, kMonday, 1);
  CHECK(by_rule.allocate(1).at(0).listed == std::vector<std::size_t>{1});
  Calls by_subject;
  by_subject.add("P", "V110", 50);
  by_subject.add("P", "V109", 50);
  CHECK(by_subject.allocate(1).at(0).listed == std::vector<std::size_t>{1});
}

TEST_CASE("call limit: the order the calls come in does not change who goes", "[call_limit]") {
  std::vector<std::size_t> order = {0, 1, 2, 3, 4};
  do {
    Calls calls;
    const std::vector<std::pair<int, Date>> keys = {
        {50, kMonday}, {60, kMonday}, {55, kMonday}, {60, kMonday.plus_days(-2)}, {60, kMonday}};
    const std::vector<std::string> names = {"A", "B", "C", "D", "E"};
    for (std::size_t i : order) calls.add("P", names[i], keys[i].first, keys[i].second);
    auto conflicts = calls.allocate(2);
    REQUIRE(conflicts.size() == 1);
    // D (older due) and B (priority 60, "B" before "E") keep their places.
    std::vector<std::string> listed, lost;
    for (auto h : conflicts[0].listed) listed.push_back(calls.names[h]);
    for (auto h : conflicts[0].lost) lost.push_back(calls.names[h]);
    CHECK(listed == std::vector<std::string>{"D", "B"});
    CHECK(lost == std::vector<std::string>{"E", "C", "A"});
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("call limit: two places per phone keep two calls", "[call_limit]") {
  Calls calls;
  calls.add("P", "S1", 50);
  calls.add("P", "S2", 40);
  CHECK(calls.allocate(2).empty());
  CHECK(calls.allocate(1).size() == 1);
}
