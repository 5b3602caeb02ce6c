// Unit tests of the dealer and car-wash importers (SPEC 3.3-3.5, 6.8-6.10; the data contract
// of sql/002_dealer.sql): files written into a TempDir and imported into a fresh database,
// then the stored vehicles, orders, members, readings, subject changes, import log and rejects
// file inspected.
#include "ownercare/ingest/dealer_import.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/dealer_support.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/store/database.hpp"
#include "support/progress_log.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::InputError;
using ownercare::SafetyError;
using ownercare::ingest::DealerImportReport;
using ownercare::ingest::ImportOptions;
using ownercare::store::Database;
using ownercare::store::OpenMode;
using ownercare::test::MemberLine;
using ownercare::test::members_csv;
using ownercare::test::numbered_members;
using ownercare::test::numbered_sales;
using ownercare::test::OrderLine;
using ownercare::test::SaleLine;
using ownercare::test::sales_csv;
using ownercare::test::service_csv;
using ownercare::test::TempDir;
using ownercare::test::member_order;
using ownercare::test::test_vin;
using ownercare::test::vehicle_order;
using ownercare::test::write_text;

namespace {

const Date kDay1(2026, 3, 1);
const Date kDay2(2026, 3, 2);
const Date kDay3(2026, 3, 3);

// A database in a TempDir, and a way to import files of each kind into it.
struct Dealer {
  TempDir dir;
  Database db = Database::open(dir / "ownercare.db", OpenMode::create);

  std::filesystem::path write(const std::string& name, const std::string& text) {
    write_text(dir / name, text);
    return dir / name;
  }

  ImportOptions options(const std::filesystem::path& file, Date as_of, bool force = false) {
    ImportOptions options;
    options.file = file;
    options.as_of = as_of;
    options.force = force;
    return options;
  }

  DealerImportReport sales(Date as_of, const std::vector<SaleLine>& lines, bool force = false) {
    auto file = write("sales-" + as_of.iso() + ".csv", sales_csv(lines));
    return ownercare::ingest::import_sales(db, options(file, as_of, force));
  }
  DealerImportReport service(Date as_of, const std::vector<OrderLine>& lines) {
    auto file = write("service-" + as_of.iso() + ".csv", service_csv(lines));
    return ownercare::ingest::import_service(db, options(file, as_of));
  }
  DealerImportReport members(Date as_of, const std::vector<MemberLine>& lines,
                             bool force = false) {
    auto file = write("members-" + as_of.iso() + ".csv", members_csv(lines));
    return ownercare::ingest::import_members(db, options(file, as_of, force));
  }

  // The first row of `sql`, its columns joined by "|" ("" for NULL).
  std::string row(const std::string& sql) {
    SQLite::Statement query(db.sql(), sql);
    if (!query.executeStep()) return "<no row>";
    std::string text;
    for (int i = 0; i < query.getColumnCount(); ++i) {
      if (i) text += "|";
      text += query.getColumn(i).isNull() ? "" : query.getColumn(i).getString();
    }
    return text;
  }
  // Every row of `sql`, each as row() gives it.
  std::vector<std::string> rows(const std::string& sql) {
    SQLite::Statement query(db.sql(), sql);
    std::vector<std::string> all;
    while (query.executeStep()) {
      std::string text;
      for (int i = 0; i < query.getColumnCount(); ++i) {
        if (i) text += "|";
        text += query.getColumn(i).isNull() ? "" : query.getColumn(i).getString();
      }
      all.push_back(text);
    }
    return all;
  }
  long long count(const std::string& sql) { return std::stoll(row(sql)); }
  std::string vehicle(const std::string& vin, const std::string& columns) {
    return row("SELECT " + columns + " FROM dealer_vehicle WHERE vin = '" + vin + "'");
  }
  std::string member(const std::string& id, const std::string& columns) {
    return row("SELECT " + columns + " FROM member WHERE member_id = '" + id + "'");
  }
  std::string order(const std::string& id, const std::string& columns) {
    return row("SELECT " + columns + " FROM service_order WHERE order_id = '" + id + "'");
  }
  std::vector<std::string> changes(const std::string& id) {
    return rows("SELECT subject_kind, changed_on, what, old_value, new_value, source "
                "FROM subject_change WHERE subject_id = '" + id + "' ORDER BY rowid");
  }
  std::vector<std::string> readings(const std::string& vin) {
    return rows("SELECT read_on, km, source FROM odometer_reading WHERE vin = '" + vin +
                "' ORDER BY read_on, source");
  }
};

// Twenty vehicles: one bad row stays under the 10% invalid limit, and one missing vehicle is
// exactly at the 5% disappearance limit (two are over it).
std::vector<SaleLine> twenty() { return numbered_sales(20); }

}  // namespace

// --- sales: new vehicles

TEST_CASE("sales: a first snapshot adds every vehicle with the contract's dates",
          "[dealer_import][sales]") {
  Dealer d;
  auto report = d.sales(kDay1, twenty());
  CHECK(report.rows_read == 20);
  CHECK(report.added == 20);
  CHECK(report.changed == 0);
  CHECK(report.rows_rejected == 0);
  CHECK(d.count("SELECT count(*) FROM dealer_vehicle") == 20);
  // owner_since and last_visit_on are the sale date; first_seen and changed_on the snapshot's.
  CHECK(d.vehicle(test_vin(1), "sale_date, owner_since, last_visit_on, first_seen, changed_on") ==
        "2025-01-10|2025-01-10|2025-01-10|2026-03-01|2026-03-01");
}

TEST_CASE("sales: a vehicle's facts are stored normalised", "[dealer_import][sales]") {
  Dealer d;
  SaleLine line;
  line.vin = test_vin(1);
  line.plate = "京a12345";
  line.category = "营运";
  line.mobile = "+86 139-1234-5678";
  line.home_phone = "(010) 1234-5678";
  line.office_phone = "12345";
  line.warranty_end = "2028/01/09";
  line.warranty_km = "100,000";
  d.sales(kDay1, {line});
  CHECK(d.vehicle(line.vin, "plate, category, mobile, mobile_kind, home_phone, home_kind, "
                            "office_phone, office_kind") ==
        "京A12345|commercial|13912345678|mobile|01012345678|landline|12345|invalid");
  CHECK(d.vehicle(line.vin, "warranty_start, warranty_end, warranty_km") ==
        "2025-01-10|2028-01-09|100000");
}

TEST_CASE("sales: a given warranty start is kept, an absent one is the sale date",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = numbered_sales(2);
  lines[1].warranty_start = "2025-02-01";
  d.sales(kDay1, lines);
  CHECK(d.vehicle(test_vin(1), "warranty_start") == "2025-01-10");
  CHECK(d.vehicle(test_vin(2), "warranty_start") == "2025-02-01");
}

TEST_CASE("sales: the import is logged with its counts", "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, twenty());
  CHECK(d.row("SELECT kind, as_of, rows_read, rows_rejected, added, changed, gone, returned, "
              "episodes_opened, episodes_closed, forced, encoding FROM import_log") ==
        "sales|2026-03-01|20|0|20|0|0|0|0|0|0|utf-8");
}

// --- sales: repeats and changes

TEST_CASE("sales: the same snapshot on the same date changes nothing and logs nothing",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, twenty());
  auto again = d.sales(kDay1, twenty());
  CHECK(again.unchanged_repeat);
  CHECK(again.unchanged == 20);
  CHECK(d.count("SELECT count(*) FROM import_log") == 1);
}

TEST_CASE("sales: the same snapshot on a later date logs the date but rewrites nothing",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, twenty());
  auto next = d.sales(kDay2, twenty());
  CHECK_FALSE(next.unchanged_repeat);
  CHECK(next.unchanged == 20);
  CHECK(next.changed == 0);
  CHECK(d.count("SELECT count(*) FROM import_log") == 2);
  CHECK(d.count("SELECT count(*) FROM dealer_vehicle WHERE changed_on = '2026-03-02'") == 0);
}

TEST_CASE("sales: only the changed vehicle is rewritten", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines[4].model = "帕萨特";
  auto report = d.sales(kDay2, lines);
  CHECK(report.changed == 1);
  CHECK(report.unchanged == 19);
  CHECK(d.vehicle(test_vin(5), "model, changed_on") == "帕萨特|2026-03-02");
  CHECK(d.count("SELECT count(*) FROM dealer_vehicle WHERE changed_on = '2026-03-02'") == 1);
  CHECK(d.changes(test_vin(5)).empty());  // a model is not a subject change
}

TEST_CASE("sales: a corrected sale date is written, and moves the last visit with it",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines[4].sale_date = "2025-02-10";
  lines[5].model = "帕萨特";
  d.sales(kDay2, lines);
  CHECK(d.vehicle(test_vin(5), "sale_date, last_visit_on, changed_on") ==
        "2025-02-10|2025-02-10|2026-03-02");
  CHECK(d.vehicle(test_vin(6), "sale_date, last_visit_on, model") == "2025-01-10|2025-01-10|帕萨特");
  // The indexes agree with the rows.
  CHECK(d.rows("SELECT vin FROM dealer_vehicle INDEXED BY dealer_vehicle_sale "
               "WHERE sale_date = '2025-02-10'") == std::vector<std::string>{test_vin(5)});
  CHECK(d.rows("SELECT vin FROM dealer_vehicle INDEXED BY dealer_vehicle_last_visit "
               "WHERE last_visit_on = '2025-02-10'") == std::vector<std::string>{test_vin(5)});
}

TEST_CASE("sales and service: the vehicles an import changes wait in vehicle_changed once due "
          "dates were computed",
          "[dealer_import][sales][service]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  // Before any evaluation, the first one computes every vehicle: nothing is logged.
  CHECK(d.count("SELECT count(*) FROM vehicle_changed") == 0);
  d.db.sql().exec("INSERT INTO vehicle_due_state (id, digest, computed_on, import_id) "
                  "VALUES (1, 'terms', '2026-03-01', 1)");
  lines[2].odometer_km = "1200";
  lines[2].odometer_date = "2026-03-01";
  lines.push_back(numbered_sales(21).back());
  d.sales(kDay2, lines);
  d.service(kDay2, {vehicle_order("R1", test_vin(7))});
  CHECK(d.rows("SELECT import_id, vin FROM vehicle_changed ORDER BY import_id, vin") ==
        std::vector<std::string>{"2|" + test_vin(3), "2|" + test_vin(21), "3|" + test_vin(7)});
}

TEST_CASE("sales: a new mobile is logged as a subject change from the import",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines[0].mobile = "13800001111";
  d.sales(kDay2, lines);
  CHECK(d.vehicle(test_vin(1), "mobile, mobile_kind") == "13800001111|mobile");
  CHECK(d.changes(test_vin(1)) ==
        std::vector<std::string>{"vehicle|2026-03-02|mobile|13912340001|13800001111|import:2"});
}

TEST_CASE("sales: home, office, dealer and plate changes are logged", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines[0].home_phone = "010-12345678";
  lines[0].office_phone = "021-87654321";
  lines[0].dealer_code = "D002";
  lines[0].plate = "京B99999";
  auto report = d.sales(kDay2, lines);
  CHECK(report.subject_changes == 4);
  CHECK(d.changes(test_vin(1)) ==
        std::vector<std::string>{"vehicle|2026-03-02|home_phone||01012345678|import:2",
                                 "vehicle|2026-03-02|office_phone||02187654321|import:2",
                                 "vehicle|2026-03-02|dealer_code|D001|D002|import:2",
                                 "vehicle|2026-03-02|plate|京A12345|京B99999|import:2"});
}

// --- sales: owners

TEST_CASE("sales: another customer name is a new owner from the snapshot date",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines[2].customer_name = "赵敏";
  auto report = d.sales(kDay2, lines);
  CHECK(report.new_owners == 1);
  CHECK(d.vehicle(test_vin(3), "customer_name, owner_since, changed_on") ==
        "赵敏|2026-03-02|2026-03-02");
  CHECK(d.changes(test_vin(3)) ==
        std::vector<std::string>{"vehicle|2026-03-02|owner|客户3|赵敏|import:2"});
}

TEST_CASE("sales: a new owner clears sold_on, sold_task and a mobile correction",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  // The old owner said on a call that they sold it, and corrected the mobile before.
  d.db.sql().exec("UPDATE dealer_vehicle SET sold_on = '2026-03-01', sold_task = 'T1', "
                  "mobile = '13700000000', mobile_corrected_from = '13912340003' "
                  "WHERE vin = '" + test_vin(3) + "'");
  lines[2].customer_name = "赵敏";  // same mobile in the file as before
  d.sales(kDay2, lines);
  CHECK(d.vehicle(test_vin(3), "sold_on, sold_task, mobile_corrected_from, mobile") ==
        "|||13912340003");
}

TEST_CASE("sales: the same owner's changed row keeps sold_on", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  d.db.sql().exec("UPDATE dealer_vehicle SET sold_on = '2026-03-01', sold_task = 'T1' "
                  "WHERE vin = '" + test_vin(3) + "'");
  lines[2].model = "途观";
  d.sales(kDay2, lines);
  CHECK(d.vehicle(test_vin(3), "sold_on, sold_task, owner_since") == "2026-03-01|T1|2025-01-10");
}

TEST_CASE("sales: a name filled in where there was none is not a new owner",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].customer_name = "";
  d.sales(kDay1, lines);
  lines[0].customer_name = "张伟";
  auto report = d.sales(kDay2, lines);
  CHECK(report.new_owners == 0);
  CHECK(d.vehicle(test_vin(1), "customer_name, owner_since") == "张伟|2025-01-10");
  CHECK(d.changes(test_vin(1)).empty());
}

TEST_CASE("sales: a name that loses its value is not a new owner", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines[0].customer_name = "";
  CHECK(d.sales(kDay2, lines).new_owners == 0);
  CHECK(d.vehicle(test_vin(1), "owner_since") == "2025-01-10");
}

TEST_CASE("sales: a name written with other spaces or case is the same owner",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].customer_name = "Zhang Wei";
  lines[1].customer_name = "欧阳 娜";
  d.sales(kDay1, lines);
  lines[0].customer_name = "zhang  wei";
  lines[1].customer_name = "欧阳娜";
  CHECK(d.sales(kDay2, lines).new_owners == 0);
  CHECK(d.vehicle(test_vin(1), "customer_name, owner_since") == "zhang  wei|2025-01-10");
}

// --- sales: a mobile corrected by a call

TEST_CASE("sales: a corrected mobile stands while the snapshot shows the old number",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  d.db.sql().exec("UPDATE dealer_vehicle SET mobile = '13700000000', mobile_kind = 'mobile', "
                  "mobile_corrected_from = '13912340001' WHERE vin = '" + test_vin(1) + "'");
  lines[0].plate = "京C11111";  // the row changes, its mobile does not
  d.sales(kDay2, lines);
  CHECK(d.vehicle(test_vin(1), "mobile, mobile_corrected_from, plate") ==
        "13700000000|13912340001|京C11111");
  CHECK(d.changes(test_vin(1)) ==
        std::vector<std::string>{"vehicle|2026-03-02|plate|京A12345|京C11111|import:2"});
}

TEST_CASE("sales: another mobile in the snapshot replaces a correction",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  d.db.sql().exec("UPDATE dealer_vehicle SET mobile = '13700000000', mobile_kind = 'mobile', "
                  "mobile_corrected_from = '13912340001' WHERE vin = '" + test_vin(1) + "'");
  lines[0].mobile = "13600000000";
  d.sales(kDay2, lines);
  CHECK(d.vehicle(test_vin(1), "mobile, mobile_corrected_from") == "13600000000|");
  CHECK(d.changes(test_vin(1)) ==
        std::vector<std::string>{"vehicle|2026-03-02|mobile|13700000000|13600000000|import:2"});
}

// --- sales: odometer readings

TEST_CASE("sales: a dated odometer reading is stored and becomes the vehicle's",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "12,345";
  lines[0].odometer_date = "2026-02-01";
  auto report = d.sales(kDay1, lines);
  CHECK(report.odometer_readings == 1);
  CHECK(d.readings(test_vin(1)) == std::vector<std::string>{"2026-02-01|12345|sales"});
  CHECK(d.vehicle(test_vin(1), "odometer_km, odometer_date") == "12345|2026-02-01");
}

TEST_CASE("sales: an undated reading is dated by the snapshot", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "800";
  d.sales(kDay1, lines);
  CHECK(d.readings(test_vin(1)) == std::vector<std::string>{"2026-03-01|800|sales"});
}

TEST_CASE("sales: a snapshot repeating the reading adds none", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "800";
  lines[1].odometer_km = "900";
  lines[1].odometer_date = "2026-02-01";
  d.sales(kDay1, lines);
  lines[0].plate = "京C1";  // both rows change for another reason
  lines[1].plate = "京C2";
  auto report = d.sales(kDay2, lines);
  CHECK(report.odometer_readings == 0);
  CHECK(d.readings(test_vin(1)) == std::vector<std::string>{"2026-03-01|800|sales"});
  CHECK(d.readings(test_vin(2)) == std::vector<std::string>{"2026-02-01|900|sales"});
  CHECK(d.vehicle(test_vin(1), "odometer_km, odometer_date") == "800|2026-03-01");
}

TEST_CASE("sales: a later reading is added and becomes the vehicle's",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "800";
  lines[0].odometer_date = "2026-02-01";
  d.sales(kDay1, lines);
  lines[0].odometer_km = "1500";
  lines[0].odometer_date = "2026-03-02";
  CHECK(d.sales(kDay2, lines).odometer_readings == 1);
  CHECK(d.readings(test_vin(1)) ==
        std::vector<std::string>{"2026-02-01|800|sales", "2026-03-02|1500|sales"});
  CHECK(d.vehicle(test_vin(1), "odometer_km, odometer_date") == "1500|2026-03-02");
}

TEST_CASE("sales: an older-dated reading is stored but not the vehicle's newest",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "1500";
  lines[0].odometer_date = "2026-02-15";
  d.sales(kDay1, lines);
  lines[0].odometer_km = "900";
  lines[0].odometer_date = "2026-01-15";
  d.sales(kDay2, lines);
  CHECK(d.readings(test_vin(1)).size() == 2);
  CHECK(d.vehicle(test_vin(1), "odometer_km, odometer_date") == "1500|2026-02-15");
}

TEST_CASE("sales: an undated repeat does not hide an order's later reading",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "800";
  d.sales(kDay1, lines);
  OrderLine order;
  order.order_id = "WO1";
  order.vin = test_vin(1);
  order.closed = "2026-03-02";
  order.mileage_km = "2000";
  d.service(kDay2, {order});
  lines[0].plate = "京C1";  // the row changes; the reading is the one given before
  d.sales(kDay3, lines);
  CHECK(d.vehicle(test_vin(1), "odometer_km, odometer_date") == "2000|2026-03-02");
}

// --- sales: gone and back

TEST_CASE("sales: a vehicle missing from the snapshot is gone, and back when it returns",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  auto without = lines;
  without.erase(without.begin() + 6);
  auto missing = d.sales(kDay2, without);
  CHECK(missing.gone == 1);
  CHECK(d.vehicle(test_vin(7), "gone_on") == "2026-03-02");
  auto back = d.sales(kDay3, lines);
  CHECK(back.returned == 1);
  CHECK(back.changed == 0);
  CHECK(d.vehicle(test_vin(7), "gone_on, changed_on") == "|2026-03-03");
  CHECK(d.row("SELECT gone, returned FROM import_log WHERE as_of = '2026-03-03'") == "0|1");
}

TEST_CASE("sales: a vehicle gone stays gone without being counted again",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines.pop_back();
  d.sales(kDay2, lines);
  auto report = d.sales(kDay3, lines);
  CHECK(report.gone == 0);
  CHECK(d.vehicle(test_vin(20), "gone_on") == "2026-03-02");
}

TEST_CASE("sales: too many vehicles missing is a safety stop that writes nothing",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines.resize(18);  // 2 of 20 missing: 10%, more than 5%
  lines[0].mobile = "13800001111";
  CHECK_THROWS_AS(d.sales(kDay2, lines), SafetyError);
  CHECK(d.count("SELECT count(*) FROM import_log") == 1);
  CHECK(d.count("SELECT count(*) FROM dealer_vehicle WHERE gone_on IS NOT NULL") == 0);
  CHECK(d.vehicle(test_vin(1), "mobile") == "13912340001");
}

TEST_CASE("sales: the safety stop message counts the missing vehicles",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines.resize(18);
  try {
    d.sales(kDay2, lines);
    FAIL("no safety stop");
  } catch (const SafetyError& error) {
    CHECK_THAT(std::string(error.what()),
               Catch::Contains("2 of 20 known vehicles are missing from this snapshot"));
  }
}

TEST_CASE("sales: --force imports a mass disappearance and logs it forced",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines.resize(18);
  auto report = d.sales(kDay2, lines, true);
  CHECK(report.gone == 2);
  CHECK(report.warnings.size() == 1);
  CHECK(d.row("SELECT gone, forced FROM import_log WHERE as_of = '2026-03-02'") == "2|1");
}

TEST_CASE("sales: one missing vehicle of twenty is within the limit", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines.pop_back();  // exactly 5%
  CHECK(d.sales(kDay2, lines).gone == 1);
}

// --- sales: refusals and rejects

TEST_CASE("sales: a snapshot older than the newest sales import is refused",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay2, twenty());
  try {
    d.sales(kDay1, twenty());
    FAIL("not refused");
  } catch (const InputError& error) {
    CHECK_THAT(std::string(error.what()),
               Catch::EndsWith("refused: the sales snapshot of 2026-03-01 is older than the "
                               "newest one imported (2026-03-02); sales files must be imported "
                               "in date order"));
  }
  CHECK(d.count("SELECT count(*) FROM import_log") == 1);
}

TEST_CASE("sales: backdating is judged per kind", "[dealer_import][sales]") {
  Dealer d;
  d.members(kDay3, numbered_members(3));
  auto report = d.sales(kDay1, twenty());
  CHECK(report.added == 20);
}

TEST_CASE("sales: invalid rows go to the rejects file and the others are imported",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[3].vin = "LSVAU2180N218329";  // 16 characters
  auto report = d.sales(kDay1, lines);
  CHECK(report.added == 19);
  CHECK(report.rows_rejected == 1);
  REQUIRE(report.rejects_file);
  CHECK(*report.rejects_file == d.dir / "sales-2026-03-01.rejects.csv");
  auto rejects = ownercare::test::read_text(*report.rejects_file);
  CHECK_THAT(rejects, Catch::Contains("5,1,vin,LSVAU2180N218329,\"\"\"LSVAU2180N218329\"\" has "
                                      "16 characters, not 17\",LSVAU2180N218329,"));
  CHECK(d.row("SELECT rows_rejected FROM import_log") == "1");
}

TEST_CASE("sales: more than 10% invalid rows refuses the file and writes nothing",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines[3].dealer_code = "";
  lines[4].sale_date = "2026-13-01";
  lines[5].vin = "";
  CHECK_THROWS_AS(d.sales(kDay1, lines), InputError);
  CHECK(d.count("SELECT count(*) FROM dealer_vehicle") == 0);
  CHECK(d.count("SELECT count(*) FROM import_log") == 0);
  CHECK(std::filesystem::exists(d.dir / "sales-2026-03-01.rejects.csv"));
}

TEST_CASE("sales: a VIN twice in one file keeps the first row", "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  lines.push_back(lines[0]);
  lines.back().customer_name = "别人";
  auto report = d.sales(kDay1, lines);
  CHECK(report.added == 20);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK_THAT(report.reject_messages[0],
             Catch::EndsWith(":22:1: vin: appears more than once in this file (first on line 2)"));
  CHECK(d.vehicle(test_vin(1), "customer_name") == "客户1");
  // The rejects file has the repeated row as read.
  REQUIRE(report.rejects_file);
  CHECK_THAT(ownercare::test::read_text(*report.rejects_file),
             Catch::Contains(",别人,13912340001,"));
}

TEST_CASE("sales: a repeated stored VIN is rejected naming its first line",
          "[dealer_import][sales]") {
  Dealer d;
  auto lines = twenty();
  d.sales(kDay1, lines);
  lines.push_back(lines[1]);
  auto report = d.sales(kDay2, lines);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK_THAT(report.reject_messages[0],
             Catch::EndsWith(":22:1: vin: appears more than once in this file (first on line 3)"));
}

TEST_CASE("sales: a file without a required column is refused", "[dealer_import][sales]") {
  Dealer d;
  auto file = d.write("sales.csv", "vin,dealer_code\n" + test_vin(1) + ",D1\n");
  CHECK_THROWS_AS(ownercare::ingest::import_sales(d.db, d.options(file, kDay1)), InputError);
}

TEST_CASE("sales: a column map renames the file's headers", "[dealer_import][sales]") {
  Dealer d;
  auto file = d.write("sales.csv", "识别号,经销商,开票时间,联系人,电话号\n" + test_vin(1) +
                                       ",D7,2025-03-03,周杰,13912345678\n");
  auto options = d.options(file, kDay1);
  options.column_map = {{"识别号", "vin"},
                        {"经销商", "dealer_code"},
                        {"开票时间", "sale_date"},
                        {"联系人", "customer_name"},
                        {"电话号", "mobile"}};
  auto report = ownercare::ingest::import_sales(d.db, options);
  CHECK(report.added == 1);
  CHECK(report.warnings.empty());
  CHECK(d.vehicle(test_vin(1), "dealer_code, customer_name") == "D7|周杰");
}

TEST_CASE("sales: a GB18030 export imports like UTF-8", "[dealer_import][sales]") {
  Dealer d;
  // "车架号,经销商代码,销售日期,客户姓名" and "张伟" in GB18030.
  std::string header = "\xB3\xB5\xBC\xDC\xBA\xC5,\xBE\xAD\xCF\xFA\xC9\xCC\xB4\xFA\xC2\xEB,"
                       "\xCF\xFA\xCA\xDB\xC8\xD5\xC6\xDA,\xBF\xCD\xBB\xA7\xD0\xD5\xC3\xFB\r\n";
  auto file = d.write("sales.csv", header + test_vin(1) + ",D1,2025-01-10,\xD5\xC5\xCE\xB0\r\n");
  auto report = ownercare::ingest::import_sales(d.db, d.options(file, kDay1));
  CHECK(report.encoding == "gb18030");
  CHECK(d.vehicle(test_vin(1), "customer_name") == "张伟");
}

// --- sales after service: orders that came first

TEST_CASE("sales: a vehicle's orders before its first snapshot count", "[dealer_import][sales]") {
  Dealer d;
  OrderLine order;
  order.order_id = "WO1";
  order.vin = test_vin(1);
  order.closed = "2026-02-20";
  order.mileage_km = "3000";
  auto service = d.service(kDay1, {order});
  CHECK(service.unknown_vehicle_orders == 1);
  d.sales(kDay2, twenty());
  CHECK(d.vehicle(test_vin(1), "last_visit_on, odometer_km, odometer_date, owner_since") ==
        "2026-02-20|3000|2026-02-20|2025-01-10");
  CHECK(d.vehicle(test_vin(2), "last_visit_on, odometer_km") == "2025-01-10|");
}

// --- service

TEST_CASE("service: new orders are stored with the file's date", "[dealer_import][service]") {
  Dealer d;
  OrderLine repair;
  repair.order_id = "WO1";
  repair.vin = test_vin(1);
  repair.type = "钣喷";
  repair.opened = "2026-02-18";
  repair.suggestion = "更换刹车片";
  OrderLine wash;
  wash.order_id = "W1";
  wash.member_id = "M001";
  wash.type = "洗车";
  wash.amount = "¥35";
  auto report = d.service(kDay1, {repair, wash});
  CHECK(report.added == 2);
  CHECK(d.order("WO1", "vin, member_id, dealer_code, type, opened, closed, mileage_km, advisor, "
                       "suggestion, complaint, amount, first_seen, changed_on") ==
        test_vin(1) + "||D001|repair|2026-02-18|2026-02-20||刘洋|更换刹车片||480.0|2026-03-01|"
                      "2026-03-01");
  CHECK(d.order("W1", "vin, member_id, type, amount") == "|M001|wash|35.0");
  CHECK(d.row("SELECT kind, added, changed, gone, returned FROM import_log") ==
        "service|2|0|0|0");
}

TEST_CASE("service: the same file on the same date changes nothing and logs nothing",
          "[dealer_import][service]") {
  Dealer d;
  OrderLine order;
  order.order_id = "W1";
  order.member_id = "M001";
  d.service(kDay1, {order});
  auto again = d.service(kDay1, {order});
  CHECK(again.unchanged_repeat);
  CHECK(again.unchanged == 1);
  CHECK(d.count("SELECT count(*) FROM import_log") == 1);
}

TEST_CASE("service: a changed order is rewritten, an unchanged one is not",
          "[dealer_import][service]") {
  Dealer d;
  OrderLine first = vehicle_order("WO1", test_vin(1));
  OrderLine second = vehicle_order("WO2", test_vin(2));
  d.service(kDay1, {first, second});
  first.complaint = "等待时间太长";
  auto report = d.service(kDay2, {first, second});
  CHECK(report.changed == 1);
  CHECK(report.unchanged == 1);
  CHECK(d.order("WO1", "complaint, first_seen, changed_on") ==
        "等待时间太长|2026-03-01|2026-03-02");
  CHECK(d.order("WO2", "changed_on") == "2026-03-01");
}

TEST_CASE("service: orders missing from a later file are kept", "[dealer_import][service]") {
  Dealer d;
  d.service(kDay1, {vehicle_order("WO1", test_vin(1))});
  d.service(kDay2, {vehicle_order("WO2", test_vin(2))});
  CHECK(d.count("SELECT count(*) FROM service_order") == 2);
}

TEST_CASE("service: an order moves its vehicle's last visit and odometer",
          "[dealer_import][service]") {
  Dealer d;
  d.sales(kDay1, twenty());
  OrderLine order = vehicle_order("WO1", test_vin(1));
  order.mileage_km = "5,012";
  auto report = d.service(kDay2, {order});
  CHECK(report.odometer_readings == 1);
  CHECK(report.unknown_vehicle_orders == 0);
  CHECK(d.vehicle(test_vin(1), "last_visit_on, odometer_km, odometer_date, changed_on") ==
        "2026-02-20|5012|2026-02-20|2026-03-02");
  CHECK(d.readings(test_vin(1)) == std::vector<std::string>{"2026-02-20|5012|WO1"});
  CHECK(d.vehicle(test_vin(2), "changed_on") == "2026-03-01");
}

TEST_CASE("service: an older order does not move the last visit or odometer back",
          "[dealer_import][service]") {
  Dealer d;
  auto lines = twenty();
  lines[0].odometer_km = "9000";
  lines[0].odometer_date = "2026-02-25";
  d.sales(kDay1, lines);
  OrderLine recent = vehicle_order("WO1", test_vin(1));
  recent.closed = "2026-02-27";
  d.service(kDay2, {recent});
  OrderLine old = vehicle_order("WO0", test_vin(1));
  old.closed = "2025-12-01";
  old.mileage_km = "7000";
  d.service(kDay3, {old});
  CHECK(d.vehicle(test_vin(1), "last_visit_on, odometer_km, odometer_date") ==
        "2026-02-27|9000|2026-02-25");
  CHECK(d.readings(test_vin(1)).size() == 2);
}

TEST_CASE("service: of two orders of one vehicle in a file the later counts",
          "[dealer_import][service]") {
  Dealer d;
  d.sales(kDay1, twenty());
  OrderLine later = vehicle_order("WO2", test_vin(1));
  later.closed = "2026-02-25";
  later.mileage_km = "6000";
  OrderLine earlier = vehicle_order("WO1", test_vin(1));
  earlier.closed = "2026-02-10";
  earlier.mileage_km = "5000";
  d.service(kDay2, {later, earlier});
  CHECK(d.vehicle(test_vin(1), "last_visit_on, odometer_km, odometer_date") ==
        "2026-02-25|6000|2026-02-25");
}

TEST_CASE("service: orders for unknown vehicles and members are kept and counted",
          "[dealer_import][service]") {
  Dealer d;
  d.members(kDay1, numbered_members(2));
  OrderLine stranger = vehicle_order("WO1", test_vin(99));
  OrderLine guest = member_order("W1", "M999");
  OrderLine known = member_order("W2", "M001");
  auto report = d.service(kDay1, {stranger, guest, known});
  CHECK(report.added == 3);
  CHECK(report.unknown_vehicle_orders == 1);
  CHECK(report.unknown_member_orders == 1);
  CHECK(d.count("SELECT count(*) FROM service_order") == 3);
}

TEST_CASE("service: a corrected mileage corrects the order's reading",
          "[dealer_import][service]") {
  Dealer d;
  d.sales(kDay1, twenty());
  OrderLine order = vehicle_order("WO1", test_vin(1));
  order.mileage_km = "50120";
  d.service(kDay1, {order});
  order.mileage_km = "5012";
  d.service(kDay2, {order});
  CHECK(d.readings(test_vin(1)) == std::vector<std::string>{"2026-02-20|5012|WO1"});
  CHECK(d.vehicle(test_vin(1), "odometer_km") == "5012");
}

TEST_CASE("service: an order whose closed date moves loses its old reading",
          "[dealer_import][service]") {
  Dealer d;
  d.sales(kDay1, twenty());
  OrderLine order = vehicle_order("WO1", test_vin(1));
  order.closed = "2026-02-28";
  order.mileage_km = "5000";
  d.service(kDay1, {order});
  order.closed = "2026-02-20";
  d.service(kDay2, {order});
  CHECK(d.readings(test_vin(1)) == std::vector<std::string>{"2026-02-20|5000|WO1"});
  CHECK(d.vehicle(test_vin(1), "odometer_km, odometer_date") == "5000|2026-02-20");
}

TEST_CASE("service: a file with neither a vin nor a member_id column is refused",
          "[dealer_import][service]") {
  Dealer d;
  auto file = d.write("service.csv", "order_id,type,closed\nWO1,保养,2026-02-20\n");
  try {
    ownercare::ingest::import_service(d.db, d.options(file, kDay1));
    FAIL("not refused");
  } catch (const InputError& error) {
    CHECK_THAT(std::string(error.what()),
               Catch::EndsWith("service.csv:1: missing required column \"vin\" or \"member_id\" "
                               "(a service order names a vehicle, a member or both)"));
  }
}

TEST_CASE("service: a file older than the newest service import is refused",
          "[dealer_import][service]") {
  Dealer d;
  d.service(kDay2, {vehicle_order("WO1", test_vin(1))});
  CHECK_THROWS_AS(d.service(kDay1, {vehicle_order("WO2", test_vin(1))}), InputError);
}

TEST_CASE("service: an order id twice in one file keeps the first row",
          "[dealer_import][service]") {
  Dealer d;
  std::vector<OrderLine> orders;
  for (int i = 1; i <= 12; ++i) {
    orders.push_back(vehicle_order("WO" + std::to_string(i), test_vin(i)));
  }
  orders.push_back(vehicle_order("WO3", test_vin(50)));
  auto report = d.service(kDay1, orders);
  CHECK(report.added == 12);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK_THAT(report.reject_messages[0],
             Catch::EndsWith(":14:1: order_id: appears more than once in this file (first on "
                             "line 4)"));
  CHECK(d.order("WO3", "vin") == test_vin(3));
}

// --- members

TEST_CASE("members: a new member's balance is news from the snapshot date",
          "[dealer_import][members]") {
  Dealer d;
  auto report = d.members(kDay1, numbered_members(20));
  CHECK(report.added == 20);
  CHECK(d.member("M001", "name, mobile, mobile_kind, region, franchise, card_type, balance, "
                         "balance_before, balance_changed_on, expires, joined, first_seen, "
                         "changed_on") ==
        "陈静|13712340001|mobile|华东|F01|月卡|200.0||2026-03-01|2026-12-31|2025-05-01|2026-03-01|"
        "2026-03-01");
  CHECK(d.row("SELECT kind, added FROM import_log") == "members|20");
}

TEST_CASE("members: a changed balance keeps the one before", "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  lines[0].balance = "¥150.50";
  auto report = d.members(kDay2, lines);
  CHECK(report.balances_changed == 1);
  CHECK(d.member("M001", "balance, balance_before, balance_changed_on, changed_on") ==
        "150.5|200.0|2026-03-02|2026-03-02");
}

TEST_CASE("members: another change keeps the balance's history", "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  lines[0].balance = "150";
  d.members(kDay2, lines);
  lines[0].card_type = "年卡";
  lines[0].balance = "150.00";
  auto report = d.members(kDay3, lines);
  CHECK(report.balances_changed == 0);
  CHECK(d.member("M001", "card_type, balance_before, balance_changed_on, changed_on") ==
        "年卡|200.0|2026-03-02|2026-03-03");
}

TEST_CASE("members: mobile, region and franchise changes are logged",
          "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  lines[1].mobile = "13600000000";
  lines[1].region = "华南";
  lines[1].franchise = "F02";
  lines[1].name = "陈晶";
  d.members(kDay2, lines);
  CHECK(d.changes("M002") ==
        std::vector<std::string>{"member|2026-03-02|mobile|13712340002|13600000000|import:2",
                                 "member|2026-03-02|region|华东|华南|import:2",
                                 "member|2026-03-02|franchise|F01|F02|import:2"});
}

TEST_CASE("members: a renewed card and a new card type are logged", "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  lines[2].expires = "2027-12-31";
  lines[2].card_type = "年卡";
  d.members(kDay2, lines);
  // ownercare-report counts a later expiry as a card sold (a renewal).
  CHECK(d.changes("M003") ==
        std::vector<std::string>{"member|2026-03-02|expires|2026-12-31|2027-12-31|import:2",
                                 "member|2026-03-02|card_type|月卡|年卡|import:2"});
}

TEST_CASE("members: a corrected mobile stands while the snapshot shows the old number",
          "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  d.db.sql().exec("UPDATE member SET mobile = '13500000000', mobile_corrected_from = "
                  "'13712340001' WHERE member_id = 'M001'");
  lines[0].card_type = "年卡";
  d.members(kDay2, lines);
  CHECK(d.member("M001", "mobile, mobile_corrected_from") == "13500000000|13712340001");
  lines[0].mobile = "13400000000";
  d.members(kDay3, lines);
  CHECK(d.member("M001", "mobile, mobile_corrected_from") == "13400000000|");
}

TEST_CASE("members: an empty mobile keeps the member", "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  lines[0].mobile = "";
  CHECK(d.members(kDay1, lines).rows_rejected == 0);
  CHECK(d.member("M001", "mobile, mobile_kind") == "|empty");
}

TEST_CASE("members: a missing member is gone and back when it returns",
          "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  auto without = lines;
  without.erase(without.begin());
  CHECK(d.members(kDay2, without).gone == 1);
  CHECK(d.member("M001", "gone_on") == "2026-03-02");
  CHECK(d.members(kDay3, lines).returned == 1);
  CHECK(d.member("M001", "gone_on") == "");
}

TEST_CASE("members: too many members missing is a safety stop", "[dealer_import][members]") {
  Dealer d;
  auto lines = numbered_members(20);
  d.members(kDay1, lines);
  lines.resize(10);
  CHECK_THROWS_AS(d.members(kDay2, lines), SafetyError);
  CHECK(d.count("SELECT count(*) FROM member WHERE gone_on IS NOT NULL") == 0);
  CHECK(d.members(kDay2, lines, true).gone == 10);
}

TEST_CASE("members: the same snapshot on the same date logs nothing",
          "[dealer_import][members]") {
  Dealer d;
  d.members(kDay1, numbered_members(20));
  CHECK(d.members(kDay1, numbered_members(20)).unchanged_repeat);
  CHECK(d.count("SELECT count(*) FROM import_log") == 1);
}

TEST_CASE("members: a members file older than the newest one is refused",
          "[dealer_import][members]") {
  Dealer d;
  d.members(kDay2, numbered_members(20));
  CHECK_THROWS_AS(d.members(kDay1, numbered_members(20)), InputError);
}

TEST_CASE("members: hundreds of long member ids are found again the next night",
          "[dealer_import][members]") {
  // Ids longer than the index keeps inline, and more keys than its first size.
  Dealer d;
  auto lines = numbered_members(300);
  for (auto& line : lines) line.member_id = "CARWASH-CHAIN-EAST-REGION-" + line.member_id;
  CHECK(d.members(kDay1, lines).added == 300);
  auto report = d.members(kDay2, lines);
  CHECK(report.unchanged == 300);
  CHECK(report.added == 0);
  CHECK(report.gone == 0);
}

// --- rejected rows of known subjects (SPEC 3.1: a present row never disturbs its subject) ---

TEST_CASE("sales: a row with an invalid field leaves its known vehicle as stored",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, twenty());
  auto before = d.vehicle(test_vin(7), "customer_name, mobile, row_hash, gone_on, changed_on");
  auto lines = twenty();
  lines[6].birthday = "1990-13-01";
  lines[6].customer_name = "新车主";
  auto report = d.sales(kDay2, lines);
  CHECK(report.rows_rejected == 1);
  CHECK(report.held == 1);
  CHECK(report.gone == 0);
  CHECK(report.new_owners == 0);
  CHECK(d.vehicle(test_vin(7), "customer_name, mobile, row_hash, gone_on, changed_on") == before);
  CHECK(d.count("SELECT count(*) FROM subject_change") == 0);
}

TEST_CASE("sales: rejected rows of known vehicles never count as disappeared",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, numbered_sales(61));
  auto lines = numbered_sales(61);
  for (int i = 0; i < 4; ++i) lines[static_cast<std::size_t>(i)].sale_date = "someday";
  auto report = d.sales(kDay2, lines);  // 4 of 61: over 5%, under 10%
  CHECK(report.rows_rejected == 4);
  CHECK(report.held == 4);
  CHECK(report.gone == 0);
  CHECK(d.count("SELECT count(*) FROM dealer_vehicle WHERE gone_on IS NOT NULL") == 0);
}

TEST_CASE("sales: the first row of a VIN decides; an invalid first row keeps the vehicle",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, twenty());
  auto lines = twenty();
  auto valid = lines[6];
  valid.customer_name = "新车主";
  lines[6].birthday = "not a date";
  lines.push_back(valid);
  auto report = d.sales(kDay2, lines);
  CHECK(report.rows_rejected == 2);
  CHECK(report.held == 1);
  CHECK(d.vehicle(test_vin(7), "customer_name") == "客户7");
  REQUIRE(report.reject_messages.size() == 2);
  CHECK(report.reject_messages[1].find("more than once in this file (first on line 8)") !=
        std::string::npos);
}

TEST_CASE("sales: a row with more fields than the header is rejected, its vehicle kept",
          "[dealer_import][sales]") {
  Dealer d;
  d.sales(kDay1, twenty());
  auto text = sales_csv(twenty());
  auto line7 = twenty()[6].csv();
  auto patched = line7.substr(0, line7.size() - 1) + ",12,345\n";  // an unquoted 12,345
  text.replace(text.find(line7), line7.size(), patched);
  auto report =
      ownercare::ingest::import_sales(d.db, d.options(d.write("extra.csv", text), kDay2));
  CHECK(report.rows_rejected == 1);
  CHECK(report.held == 1);
  REQUIRE(report.reject_messages.size() == 1);
  CHECK(report.reject_messages[0].find(":8:19: the row has 20 fields, the header 18") !=
        std::string::npos);
}

TEST_CASE("members: an invalid balance keeps the member as stored, not gone",
          "[dealer_import][members]") {
  Dealer d;
  d.members(kDay1, numbered_members(20));
  auto lines = numbered_members(20);
  lines[0].balance = "两百";
  auto report = d.members(kDay2, lines);
  CHECK(report.rows_rejected == 1);
  CHECK(report.held == 1);
  CHECK(report.gone == 0);
  CHECK(d.member("M001", "gone_on, balance") == "|200.0");
}

TEST_CASE("service: control characters in one-line fields become spaces, notes keep line "
          "breaks",
          "[dealer_import][service]") {
  Dealer d;
  auto order = vehicle_order("SO1", test_vin(1));
  order.advisor = "刘\x1b[2J洋";
  order.suggestion = "换刹车片\r\n检查\t轮胎\r再看";
  d.service(kDay1, {order});
  CHECK(d.order("SO1", "advisor") == "刘 [2J洋");
  CHECK(d.order("SO1", "suggestion") == "换刹车片\n检查 轮胎\n再看");
}

// --- progress

TEST_CASE("sales: progress goes through read, compare and write; read and compare in bytes",
          "[dealer_import][sales][progress]") {
  Dealer dealer;
  auto file = dealer.write("sales-1.csv", sales_csv(numbered_sales(9000)));
  auto options = dealer.options(file, kDay1);
  ownercare::test::ProgressLog log;
  options.progress = &log;
  ownercare::ingest::import_sales(dealer.db, options);
  auto phases = log.phases();
  REQUIRE(log.names() == std::vector<std::string>{"read", "compare", "write"});
  const auto size = std::filesystem::file_size(file);
  CHECK(phases[0].total == size);
  CHECK(phases[0].last == size);  // the reading thread's last report: the whole file
  CHECK(phases[1].unit == ownercare::ProgressUnit::bytes);
  CHECK(phases[1].total == size);
  CHECK(phases[1].last == size);  // the last batch compared ends the file
  CHECK(phases[2].total == 9000u);
  CHECK(phases[2].updates == 2);
}

TEST_CASE("members: progress goes through read, compare and write",
          "[dealer_import][members][progress]") {
  Dealer dealer;
  auto file = dealer.write("members-1.csv", members_csv(numbered_members(5000)));
  auto options = dealer.options(file, kDay1);
  ownercare::test::ProgressLog log;
  options.progress = &log;
  ownercare::ingest::import_members(dealer.db, options);
  REQUIRE(log.names() == std::vector<std::string>{"read", "compare", "write"});
  CHECK(log.phases()[2].total == 5000u);
  CHECK(log.phases()[2].updates == 1);
}

TEST_CASE("service: progress goes through read, compare and write, compare in orders",
          "[dealer_import][service][progress]") {
  Dealer dealer;
  std::vector<OrderLine> orders;
  for (int n = 1; n <= 5000; ++n) {
    orders.push_back(vehicle_order("O" + std::to_string(n), test_vin(n)));
  }
  auto file = dealer.write("service-1.csv", service_csv(orders));
  auto options = dealer.options(file, kDay1);
  ownercare::test::ProgressLog log;
  options.progress = &log;
  ownercare::ingest::import_service(dealer.db, options);
  auto phases = log.phases();
  REQUIRE(log.names() == std::vector<std::string>{"read", "compare", "write"});
  CHECK(phases[0].last == std::filesystem::file_size(file));
  CHECK(phases[1].unit == ownercare::ProgressUnit::rows);
  CHECK(phases[1].total == 5000u);
  CHECK(phases[2].total == 5000u);
}
