// Unit tests of refresh_vehicle_due's incremental path: the vehicles a night's imports change
// are recomputed, read by one thread or, from a count on, half by a helper thread with its own
// connection; both ways must store the same dates, and the same as a full recomputation.
#include "ownercare/engine/vehicle_due.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/dealer_support.hpp"
#include "ownercare/ingest/dealer_import.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::test::SaleLine;
using ownercare::test::TempDir;

namespace {

const Date kDay1(2026, 3, 1);
const Date kDay2(2026, 3, 2);
constexpr int kVehicles = 60;

const ownercare::rules::RuleSet& shipped_rules() {
  static const auto set = ownercare::rules::load_rule_set(ownercare::test::source_dir() / "rules");
  return set;
}

// Vehicles sold over two years with odometer readings; on day 2 every other one has a new
// reading (a warranty end by km and a maintenance date move) and every third an order.
std::vector<SaleLine> sales(bool day2) {
  auto lines = ownercare::test::numbered_sales(kVehicles);
  for (int n = 0; n < kVehicles; ++n) {
    auto& line = lines[static_cast<std::size_t>(n)];
    line.sale_date = Date(2024, 3, 1).plus_days(n * 11).iso();
    line.odometer_km = std::to_string(3000 + n * 900);
    line.odometer_date = "2026-02-01";
    if (day2 && n % 2 == 0) {
      line.odometer_km = std::to_string(9000 + n * 1700);
      line.odometer_date = "2026-03-01";
    }
  }
  return lines;
}

std::vector<ownercare::test::OrderLine> orders() {
  std::vector<ownercare::test::OrderLine> lines;
  for (int n = 0; n < kVehicles; n += 3) {
    auto line = ownercare::test::vehicle_order("SO-" + std::to_string(n),
                                               ownercare::test::test_vin(n + 1));
    line.type = "maintenance";
    line.opened = "2026-03-01";
    line.closed = "2026-03-01";
    line.mileage_km = std::to_string(8000 + n * 1500);
    lines.push_back(line);
  }
  return lines;
}

struct Night {
  TempDir dir;
  Database db = Database::open(dir / "ownercare.db", OpenMode::create);

  void import(const char* kind, Date as_of, const std::string& csv) {
    auto file = dir / (std::string(kind) + "-" + as_of.iso() + ".csv");
    ownercare::test::write_text(file, csv);
    ownercare::ingest::ImportOptions options;
    options.file = file;
    options.as_of = as_of;
    if (std::string(kind) == "sales") ownercare::ingest::import_sales(db, options);
    else ownercare::ingest::import_service(db, options);
  }

  // Day 1 imported and refreshed (every vehicle), day 2 imported; returns the day 2 refresh's
  // count with `helper_from`.
  std::size_t two_days(std::size_t helper_from) {
    ownercare::store::DealerQueries dealer(db);
    import("sales", kDay1, ownercare::test::sales_csv(sales(false)));
    REQUIRE(ownercare::engine::refresh_vehicle_due(dealer, shipped_rules(), kDay1) == kVehicles);
    import("sales", kDay2, ownercare::test::sales_csv(sales(true)));
    import("service", kDay2, ownercare::test::service_csv(orders()));
    ownercare::store::Transaction night(db);  // as evaluate does: the helper reads beside it
    auto computed =
        ownercare::engine::refresh_vehicle_due(dealer, shipped_rules(), kDay2, helper_from);
    night.commit();
    return computed;
  }

  std::vector<std::string> dues() {
    SQLite::Statement query(db.sql(),
                            "SELECT vin, warranty_end_on, first_service_on, next_service_on, "
                            "inspection_on, birthday_on FROM vehicle_due ORDER BY vin");
    std::vector<std::string> rows;
    while (query.executeStep()) {
      std::string row;
      for (int i = 0; i < 6; ++i) {
        row += (i ? "|" : "") +
               (query.getColumn(i).isNull() ? std::string("-") : query.getColumn(i).getString());
      }
      rows.push_back(row);
    }
    return rows;
  }
};

}  // namespace

TEST_CASE("vehicle due: the helper thread stores what one thread stores", "[vehicle_due]") {
  Night alone, helped;
  // 30 readings changed, 20 orders (10 of them on vehicles with a new reading): 40 vehicles.
  CHECK(alone.two_days(1000000) == 40);
  CHECK(helped.two_days(1) == 40);
  CHECK(helped.dues() == alone.dues());
  CHECK(helped.dues().size() == kVehicles);
  CHECK(alone.dues() != std::vector<std::string>{});
}

TEST_CASE("vehicle due: a night's recomputation stores what a full one would", "[vehicle_due]") {
  Night night;
  night.two_days(1);
  auto incremental = night.dues();
  // Forgetting the state recomputes every vehicle.
  night.db.sql().exec("DELETE FROM vehicle_due_state");
  ownercare::store::DealerQueries dealer(night.db);
  CHECK(ownercare::engine::refresh_vehicle_due(dealer, shipped_rules(), kDay2) == kVehicles);
  CHECK(night.dues() == incremental);
  CHECK(ownercare::store::scalar_text(night.db.sql(), "SELECT count(*) FROM vehicle_changed") ==
        "0");
}
