// libFuzzer target: the outcome reader (outcomes/record) against a database holding real
// tasks of every channel.
//
// Once per process, the example nights of 2026-09-26 and 27 (examples/inbox: fleet, sales,
// service and members snapshots, the outcomes of the 27th) are imported, recorded and
// evaluated with the shipped rules into a database that is kept as it is. Each input is then
// recorded as the outcomes file of 2026-09-28 into a fresh copy of that database.
#include <cstdint>
#include <filesystem>
#include <iostream>

#include "fuzz_support.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/engine/evaluate.hpp"
#include "ownercare/ingest/dealer_import.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/outcomes/record.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"

namespace {

namespace fs = std::filesystem;
using ownercare::Date;

fs::path pristine_database() { return ownercare::fuzz::temp_folder() / "pristine.db"; }

void import_night(ownercare::store::Database& db, const Date& night) {
  const fs::path inbox = fs::path(OWNERCARE_SOURCE_DIR) / "examples" / "inbox";
  auto options = [&](const char* kind) {
    ownercare::ingest::ImportOptions options;
    options.file = inbox / (std::string(kind) + "-" + night.iso() + ".csv");
    options.as_of = night;
    options.rejects_file = ownercare::fuzz::temp_folder() / "setup.rejects.csv";
    return options;
  };
  ownercare::ingest::import_fleet(db, options("fleet"));
  ownercare::ingest::import_sales(db, options("sales"));
  if (fs::exists(options("service").file)) ownercare::ingest::import_service(db, options("service"));
  ownercare::ingest::import_members(db, options("members"));
}

void make_pristine_database() {
  const auto rules = ownercare::rules::load_rule_set(fs::path(OWNERCARE_SOURCE_DIR) / "rules");
  auto db = ownercare::store::Database::open(pristine_database(),
                                             ownercare::store::OpenMode::create);
  for (const Date night : {Date(2026, 9, 26), Date(2026, 9, 27)}) {
    import_night(db, night);
    if (night == Date(2026, 9, 27)) {
      ownercare::outcomes::RecordOptions record;
      record.file = fs::path(OWNERCARE_SOURCE_DIR) / "examples" / "inbox" /
                    "outcomes-2026-09-27.csv";
      record.as_of = night;
      record.rejects_file = ownercare::fuzz::temp_folder() / "setup.rejects.csv";
      ownercare::outcomes::record_outcomes(db, record);
    }
    ownercare::engine::EvaluateOptions evaluate;
    evaluate.as_of = night;
    evaluate.out = ownercare::fuzz::temp_folder() / "out";
    ownercare::engine::evaluate(db, rules, evaluate);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    make_pristine_database();
  } catch (const std::exception& error) {
    std::cerr << "outcomes_fuzz: cannot build the database: " << error.what() << "\n";
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto folder = ownercare::fuzz::temp_folder();
  const auto work = folder / "work.db";
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(work.string() + suffix);
  fs::copy_file(pristine_database(), work, fs::copy_options::overwrite_existing);
  ownercare::fuzz::write_file(folder / "outcomes.csv", ownercare::fuzz::as_text(data, size));
  try {
    auto db = ownercare::store::Database::open(work, ownercare::store::OpenMode::read_write);
    ownercare::outcomes::RecordOptions options;
    options.file = folder / "outcomes.csv";
    options.as_of = Date(2026, 9, 28);
    options.rejects_file = folder / "outcomes.rejects.csv";
    (void)ownercare::outcomes::record_outcomes(db, options);
  } catch (const ownercare::Error&) {
    // A refused file: the documented outcome.
  }
  return 0;
}
