#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/csv/header.hpp"

namespace {

using ownercare::InputError;
using ownercare::csv::ColumnSpec;
using ownercare::csv::HeaderMap;
using ownercare::csv::Record;

enum Column : std::size_t { kVehicleId, kPlate, kStatus, kCity };

const std::vector<ColumnSpec> kColumns{
    {"vehicle_id", {"车辆编号"}, true},
    {"plate", {"车牌号", "车牌"}, true},
    {"status", {"状态"}, true},
    {"city", {"城市"}, false},
};

Record header(std::vector<std::string_view> fields, std::uint64_t line = 1) {
  Record record;
  record.fields = std::move(fields);
  record.line = line;
  return record;
}

std::vector<std::string> problems_of(const Record& record,
                                     const std::map<std::string, std::string>& extra = {}) {
  try {
    HeaderMap::match(record, kColumns, "fleet.csv", extra);
  } catch (const InputError& error) {
    return error.messages();
  }
  return {};
}

}  // namespace

TEST_CASE("canonical names match in any order", "[csv][header]") {
  auto map = HeaderMap::match(header({"status", "plate", "vehicle_id", "city"}), kColumns, "f");
  CHECK(map.position(kStatus) == 0u);
  CHECK(map.position(kPlate) == 1u);
  CHECK(map.position(kVehicleId) == 2u);
  CHECK(map.position(kCity) == 3u);
  CHECK(map.unknown_columns().empty());
}

TEST_CASE("header names match case-insensitively", "[csv][header]") {
  auto map = HeaderMap::match(header({"Vehicle_ID", "PLATE", "Status"}), kColumns, "f");
  CHECK(map.has(kVehicleId));
  CHECK(map.has(kPlate));
  CHECK(map.has(kStatus));
}

TEST_CASE("header names match with surrounding spaces and ideographic spaces", "[csv][header]") {
  auto map =
      HeaderMap::match(header({" vehicle_id ", "\tplate", "\u3000状态\u3000"}), kColumns, "f");
  CHECK(map.position(kVehicleId) == 0u);
  CHECK(map.position(kPlate) == 1u);
  CHECK(map.position(kStatus) == 2u);
}

TEST_CASE("Chinese aliases match their column", "[csv][header]") {
  auto map = HeaderMap::match(header({"车辆编号", "车牌", "状态", "城市"}), kColumns, "f");
  CHECK(map.position(kVehicleId) == 0u);
  CHECK(map.position(kPlate) == 1u);
  CHECK(map.position(kStatus) == 2u);
  CHECK(map.position(kCity) == 3u);
}

TEST_CASE("an absent optional column is allowed and reads as empty", "[csv][header]") {
  auto map = HeaderMap::match(header({"vehicle_id", "plate", "status"}), kColumns, "f");
  CHECK_FALSE(map.has(kCity));
  CHECK(map.position(kCity) == std::nullopt);
  CHECK(map.field(header({"v1", "A1", "1"}), kCity).empty());
}

TEST_CASE("field gives a record's cell for a column", "[csv][header]") {
  auto map = HeaderMap::match(header({"plate", "status", "vehicle_id"}), kColumns, "f");
  Record row = header({"A1", "0", "v9"}, 2);
  CHECK(map.field(row, kVehicleId) == "v9");
  CHECK(map.field(row, kPlate) == "A1");
}

TEST_CASE("field of a short record is empty", "[csv][header]") {
  auto map = HeaderMap::match(header({"plate", "status", "vehicle_id"}), kColumns, "f");
  CHECK(map.field(header({"A1"}, 2), kVehicleId).empty());
}

TEST_CASE("unknown columns are collected as written", "[csv][header]") {
  auto map = HeaderMap::match(header({"vehicle_id", " Colour ", "plate", "status", "备注"}),
                              kColumns, "f");
  CHECK(map.unknown_columns() == std::vector<std::string>{" Colour ", "备注"});
}

TEST_CASE("a missing required column is refused, naming its aliases", "[csv][header]") {
  CHECK(problems_of(header({"vehicle_id", "plate"}, 3)) ==
        std::vector<std::string>{
            "fleet.csv:3: missing required column \"status\" (also accepted: 状态)"});
}

TEST_CASE("the same name twice is refused with both column numbers", "[csv][header]") {
  CHECK(problems_of(header({"vehicle_id", "plate", "status", " Plate "})) ==
        std::vector<std::string>{
            "fleet.csv:1:4: column \" Plate \" repeats column 2 \"plate\" (both mean plate)"});
  CHECK(problems_of(header({"vehicle_id", "车牌", "status", "车牌"})).size() == 1);
}

TEST_CASE("two names of one column read the first-listed name and warn", "[csv][header]") {
  // A DMS export with both 车牌 and 车牌号: the one listed first among the names is read.
  auto map = HeaderMap::match(header({"vehicle_id", "车牌", "status", "车牌号"}), kColumns,
                              "fleet.csv");
  CHECK(map.position(kPlate) == 3u);
  CHECK(map.notes() == std::vector<std::string>{
                           "fleet.csv:1:2: ignoring column \"车牌\": column 4 \"车牌号\" is "
                           "read as plate (a column map can choose the other)"});
  CHECK(map.unknown_columns().empty());
  // The canonical name comes first of all.
  auto canonical = HeaderMap::match(header({"车牌号", "vehicle_id", "plate", "status"}),
                                    kColumns, "fleet.csv");
  CHECK(canonical.position(kPlate) == 2u);
  CHECK(canonical.notes().size() == 1);
  // A column map's name wins over every built-in one.
  auto mapped = HeaderMap::match(header({"vehicle_id", "plate", "status", "牌照"}), kColumns,
                                 "fleet.csv", {{"牌照", "plate"}});
  CHECK(mapped.position(kPlate) == 3u);
}

TEST_CASE("asterisks and a unit in brackets do not change a name", "[csv][header]") {
  auto map = HeaderMap::match(header({"*车辆编号", "车牌(号码)", "状态（当前）", " City* "}),
                              kColumns, "fleet.csv");
  CHECK(map.position(kVehicleId) == 0u);
  CHECK(map.position(kPlate) == 1u);
  CHECK(map.position(kStatus) == 2u);
  CHECK(map.position(kCity) == 3u);
  CHECK(ownercare::csv::normalise_header_name("行驶里程(km)") == "行驶里程");
  CHECK(ownercare::csv::normalise_header_name("金额（元）") == "金额");
  CHECK(ownercare::csv::normalise_header_name("(km)") == "(km)");
}

TEST_CASE("an unknown phone-like column is refused when no phone column is known",
          "[csv][header]") {
  const std::vector<ColumnSpec> columns{
      {"vin", {}, true}, {"mobile", {"手机"}, false, true}, {"home_phone", {}, false, true}};
  auto problems = [&](std::vector<std::string_view> cells) {
    try {
      HeaderMap::match(header(std::move(cells)), columns, "sales.csv");
    } catch (const InputError& error) {
      return error.messages();
    }
    return std::vector<std::string>{};
  };
  CHECK(problems({"vin", "客户联系电话"}) ==
        std::vector<std::string>{
            "sales.csv:1:2: column \"客户联系电话\" looks like a phone column, but no phone "
            "column (mobile, home_phone) was recognised: name it in a column map (--columns; "
            "\"客户联系电话\" = \"mobile\")"});
  CHECK(problems({"vin", "Customer Phone"}).size() == 1);
  CHECK(problems({"vin", "手机尾号"}).size() == 1);
  // With a phone column known, another phone-like column is only an unknown one.
  CHECK(problems({"vin", "手机", "客户联系电话"}).empty());
  // And files without phone-like columns are fine.
  CHECK(problems({"vin", "备注"}).empty());
}

TEST_CASE("every header problem is reported together", "[csv][header]") {
  auto problems = problems_of(header({"plate", "PLATE", "city", "CITY"}));
  CHECK(problems ==
        std::vector<std::string>{
            "fleet.csv:1:2: column \"PLATE\" repeats column 1 \"plate\" (both mean plate)",
            "fleet.csv:1:4: column \"CITY\" repeats column 3 \"city\" (both mean city)",
            "fleet.csv:1: missing required column \"vehicle_id\" (also accepted: 车辆编号)",
            "fleet.csv:1: missing required column \"status\" (also accepted: 状态)",
        });
}

TEST_CASE("a missing column without aliases has no also-accepted list", "[csv][header]") {
  std::vector<ColumnSpec> columns{{"task_id", {}, true}};
  CHECK_THROWS_WITH(HeaderMap::match(header({"x"}), columns, "out.csv"),
                    "out.csv:1: missing required column \"task_id\"");
}

TEST_CASE("extra aliases from a column map rename file columns", "[csv][header]") {
  std::map<std::string, std::string> extra{{"牌照", "plate"}, {"Car No", "vehicle_id"}};
  auto map = HeaderMap::match(header({" car no ", "牌照", "status"}), kColumns, "f", extra);
  CHECK(map.position(kVehicleId) == 0u);
  CHECK(map.position(kPlate) == 1u);
  CHECK(map.unknown_columns().empty());
}

TEST_CASE("extra aliases are listed when their column is missing", "[csv][header]") {
  std::map<std::string, std::string> extra{{"牌照", "plate"}};
  CHECK(problems_of(header({"vehicle_id", "status"}), extra) ==
        std::vector<std::string>{
            "fleet.csv:1: missing required column \"plate\" (also accepted: 车牌号, 车牌, 牌照)"});
}

TEST_CASE("extra aliases for columns of other inputs are ignored", "[csv][header]") {
  std::map<std::string, std::string> extra{{"VIN码", "vin"}};
  auto map =
      HeaderMap::match(header({"vehicle_id", "plate", "status", "VIN码"}), kColumns, "f", extra);
  CHECK(map.unknown_columns() == std::vector<std::string>{"VIN码"});
}

TEST_CASE("normalise_header_name trims and lowers ASCII only", "[csv][header]") {
  CHECK(ownercare::csv::normalise_header_name("  Owner_Phone\t") == "owner_phone");
  CHECK(ownercare::csv::normalise_header_name("\u3000车牌号 ") == "车牌号");
}
