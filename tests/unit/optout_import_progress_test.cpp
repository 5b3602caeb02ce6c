// Unit test of what the do-not-contact import reports while it runs: the read phase in bytes
// of the file, then the write phase in rows.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/ingest/optout_import.hpp"
#include "ownercare/store/database.hpp"
#include "support/progress_log.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::test::TempDir;
using ownercare::test::write_text;

TEST_CASE("optouts import: progress goes through read and write", "[optouts][progress]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  std::string csv = "phone,channel,date\n";
  for (int i = 0; i < 5000; ++i) csv += "1381" + std::to_string(1000000 + i) + ",sms,2026-03-02\n";
  write_text(dir / "optouts.csv", csv);
  ownercare::ingest::ImportOptions options;
  options.file = dir / "optouts.csv";
  options.as_of = Date(2026, 3, 2);
  ownercare::test::ProgressLog log;
  options.progress = &log;
  auto report = ownercare::ingest::import_optouts(db, options);
  CHECK(report.opted_out == 5000);
  auto phases = log.phases();
  REQUIRE(log.names() == std::vector<std::string>{"read", "write"});
  CHECK(phases[0].total == csv.size());
  CHECK(phases[0].last == csv.size());
  CHECK(phases[1].total == 5000u);
  CHECK(phases[1].updates == 1);  // after 4,096 rows
}
