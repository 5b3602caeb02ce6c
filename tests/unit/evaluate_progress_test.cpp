// Unit tests of what ownercare-evaluate reports while it runs: the evaluate phase, one unit per
// rule and one for the passes before and after them, then the write phase.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ownercare/engine/evaluate.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "support/progress_log.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::test::TempDir;
using ownercare::test::write_text;

TEST_CASE("evaluate: progress counts the rules and the passes, then the write",
          "[evaluate][progress]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  auto rules = ownercare::rules::load_rule_set(ownercare::test::source_dir() / "rules");
  REQUIRE(rules.rules.size() > 1);
  write_text(dir / "fleet.csv",
             "vehicle_id,plate,owner_name,owner_phone,city,status,status_since\n"
             "C1,京N10001,车主一,13900000001,北京,-1,2026-03-06\n");
  ownercare::ingest::ImportOptions import;
  import.file = dir / "fleet.csv";
  import.as_of = Date(2026, 3, 10);
  ownercare::ingest::import_fleet(db, import);

  ownercare::test::ProgressLog log;
  ownercare::engine::EvaluateOptions options;
  options.as_of = Date(2026, 3, 10);
  options.out = dir / "out";
  options.progress = &log;
  auto report = ownercare::engine::evaluate(db, rules, options);
  CHECK(report.sms + report.calls > 0);
  auto phases = log.phases();
  REQUIRE(log.names() == std::vector<std::string>{"evaluate", "write"});
  CHECK(phases[0].total == rules.rules.size() + 2);
  CHECK(phases[0].updates == rules.rules.size() + 2);  // a handful: one per rule, not per task
  CHECK(phases[0].last == rules.rules.size() + 2);
  CHECK_FALSE(phases[1].total);
}
