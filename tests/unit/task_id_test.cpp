// Unit tests of task ids and holdout shares: both are fixed by their key, so a second
// evaluation finds the same task and a subject stays in or out of a control group.
#include "ownercare/engine/task_id.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

using ownercare::engine::make_task_id;
using ownercare::engine::stable_share;

namespace {

std::string sample_id() {
  return make_task_id("offline_no_login", "d4_call", "fleet", "V1", "2026-03-01");
}

bool is_task_id(const std::string& id) {
  if (id.size() != 17 || id[0] != 'T') return false;
  for (std::size_t i = 1; i < id.size(); ++i) {
    char c = id[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("task id: the same key gives the same id", "[task_id]") {
  CHECK(sample_id() == sample_id());
}

TEST_CASE("task id: T and 16 lower-case hex digits", "[task_id]") {
  INFO(sample_id());
  CHECK(is_task_id(sample_id()));
}

TEST_CASE("task id: each part of the key changes the id", "[task_id]") {
  std::set<std::string> ids = {
      sample_id(),
      make_task_id("auto_unrentable", "d4_call", "fleet", "V1", "2026-03-01"),
      make_task_id("offline_no_login", "d3_sms", "fleet", "V1", "2026-03-01"),
      make_task_id("offline_no_login", "d4_call", "vehicle", "V1", "2026-03-01"),
      make_task_id("offline_no_login", "d4_call", "fleet", "V2", "2026-03-01"),
      make_task_id("offline_no_login", "d4_call", "fleet", "V1", "2026-03-02"),
  };
  CHECK(ids.size() == 6);
}

TEST_CASE("task id: parts are kept apart, not just joined", "[task_id]") {
  CHECK(make_task_id("ab", "c", "fleet", "V1", "2026-03-01") !=
        make_task_id("a", "bc", "fleet", "V1", "2026-03-01"));
}

TEST_CASE("stable share: the same rule and subject give the same share", "[task_id]") {
  CHECK(stable_share("offline_no_login", "V1") == stable_share("offline_no_login", "V1"));
}

TEST_CASE("stable share: shares lie in [0, 1)", "[task_id]") {
  for (int i = 0; i < 1000; ++i) {
    double share = stable_share("offline_no_login", "V" + std::to_string(i));
    CHECK(share >= 0.0);
    CHECK(share < 1.0);
  }
}

TEST_CASE("stable share: shares spread over the range", "[task_id]") {
  // Deterministic: the same 1000 subjects always give the same count.
  int below_half = 0;
  for (int i = 0; i < 1000; ++i) {
    if (stable_share("offline_no_login", "V" + std::to_string(i)) < 0.5) ++below_half;
  }
  CHECK(below_half > 400);
  CHECK(below_half < 600);
}

TEST_CASE("stable share: the rule and the subject both matter", "[task_id]") {
  CHECK(stable_share("offline_no_login", "V1") != stable_share("auto_unrentable", "V1"));
  CHECK(stable_share("offline_no_login", "V1") != stable_share("offline_no_login", "V2"));
}
