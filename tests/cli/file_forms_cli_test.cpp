// ownercare-import with fleet snapshots as other programs write them (issue 9): Excel's
// "Unicode text" (UTF-16LE, BOM, tabs), semicolons, CR-only line ends, a double BOM, full-width
// digits and letters, and a UTF-8 file with one GBK row, refused at that row. The files in
// tests/data/file-forms/ were made by its make-fixtures script (LibreOffice for the first two).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

std::string fixture(std::string_view name) {
  return read_text(source_dir() / "tests/data/file-forms" / name);
}

// The exported vehicles by vehicle_id, each a map from column name to value.
std::map<std::string, std::map<std::string, std::string>> vehicles_of(const Workspace& ws) {
  auto rows = parse_csv(ws.export_table("vehicles").out);
  std::map<std::string, std::map<std::string, std::string>> vehicles;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> vehicle;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c)
      vehicle[rows[0][c]] = rows[r][c];
    vehicles[vehicle["vehicle_id"]] = vehicle;
  }
  return vehicles;
}

// fleet.csv's three vehicles, as imported from any of its forms.
void check_fleet_imported(const Workspace& ws) {
  auto vehicles = vehicles_of(ws);
  REQUIRE(vehicles.size() == 3);
  CHECK(vehicles["V01"]["plate"] == "京A10001");
  CHECK(vehicles["V02"]["owner_name"] == "李四, 经理");
  CHECK(vehicles["V02"]["status"] == "-1");
  CHECK(vehicles["V03"]["city"] == "广州");
}

void check_imports_fixture(std::string_view name) {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01", fixture(name));
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.find("3 rows, 3 new") != std::string::npos);
  check_fleet_imported(ws);
}

}  // namespace

TEST_CASE("Excel's Unicode text (UTF-16LE, tab separated) is imported", "[cli][import][forms]") {
  REQUIRE(fixture("fleet-unicode-text.txt").starts_with("\xFF\xFE"));
  check_imports_fixture("fleet-unicode-text.txt");
}

TEST_CASE("Unicode text is imported even where the config says gb18030", "[cli][import][forms]") {
  Workspace ws;
  auto result =
      ws.import_fleet("2026-03-01", fixture("fleet-unicode-text.txt"), {"--encoding", "gb18030"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  check_fleet_imported(ws);
}

TEST_CASE("a semicolon-separated snapshot is imported", "[cli][import][forms]") {
  check_imports_fixture("fleet-semicolon.csv");
}

TEST_CASE("a snapshot with CR-only line ends is imported", "[cli][import][forms]") {
  REQUIRE(fixture("fleet-cr.csv").find('\n') == std::string::npos);
  check_imports_fixture("fleet-cr.csv");
}

TEST_CASE("a snapshot with a double BOM is imported", "[cli][import][forms]") {
  check_imports_fixture("fleet-double-bom.csv");
}

TEST_CASE("an Excel sep= line names the separator", "[cli][import][forms]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01",
                                "sep=|\r\nvehicle_id|plate|owner_phone|status\r\n"
                                "S1|京A1|13800000001|-1\r\n");
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(vehicles_of(ws)["S1"]["plate"] == "京A1");
}

TEST_CASE("full-width digits and letters are read as ASCII, in the header too",
          "[cli][import][forms]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01",
                                "ｖｅｈｉｃｌｅ＿ｉｄ,plate,owner_phone,status,lost_income\n"
                                "Ｗ１,京Ａ１２３４５,１３８　０００００００１,－１,\"１，２８０\"\n");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  auto vehicles = vehicles_of(ws);
  REQUIRE(vehicles.count("W1") == 1);
  CHECK(vehicles["W1"]["plate"] == "京A12345");
  CHECK(vehicles["W1"]["owner_phone"] == "13800000001");
  CHECK(vehicles["W1"]["status"] == "-1");
  CHECK(vehicles["W1"]["lost_income"] == "1280.0");
}

TEST_CASE("a UTF-8 snapshot with one GBK row is refused at that row, importing nothing",
          "[cli][import][forms]") {
  Workspace ws;
  auto result = ws.import_fleet("2026-03-01", fixture("fleet-mixed.csv"));
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: fleet-2026-03-01.csv:5:2: byte 273: not valid UTF-8, which the "
        "file is before it (a row in another encoding, such as GBK?)\n");
  CHECK(parse_csv(ws.export_table("vehicles").out).size() <= 1);
}

}  // namespace ownercare::test
