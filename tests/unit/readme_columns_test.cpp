// Every column name and alias the importers accept is listed in the README's Inputs section
// (issue 9: "listed in the README"), so the documentation cannot fall behind the code.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "ownercare/ingest/dealer_rows.hpp"
#include "ownercare/ingest/fleet_row.hpp"

namespace {

std::string readme_inputs() {
  std::ifstream in(std::string(OWNERCARE_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  auto start = all.find("\n## Inputs");
  auto end = all.find("\n## Outputs");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  return all.substr(start, end - start);
}

// The table row of `column` (a line starting "| `column` |").
std::string table_row(const std::string& text, const std::string& heading,
                      const std::string& column) {
  auto section = text.find(heading);
  REQUIRE(section != std::string::npos);
  auto row = text.find("| `" + column + "` |", section);
  REQUIRE(row != std::string::npos);
  return text.substr(row, text.find('\n', row) - row);
}

void check_listed(const std::vector<ownercare::csv::ColumnSpec>& columns,
                  const std::string& heading) {
  const std::string text = readme_inputs();
  for (const auto& column : columns) {
    const std::string row = table_row(text, heading, column.name);
    for (const auto& alias : column.aliases) {
      INFO(heading << ": " << column.name << ": " << alias);
      // "as for sales" rows share the list of another table.
      if (row.find("as for sales") != std::string::npos) continue;
      CHECK(row.find(alias) != std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("README lists every fleet column name", "[readme]") {
  check_listed(ownercare::ingest::fleet_columns(), "### Fleet snapshot");
}

TEST_CASE("README lists every sales column name", "[readme]") {
  check_listed(ownercare::ingest::sales_columns(), "Sales snapshot (`--kind sales`)");
}

TEST_CASE("README lists every service column name", "[readme]") {
  check_listed(ownercare::ingest::service_columns(), "Service orders (`--kind service`)");
}

TEST_CASE("README lists every members column name", "[readme]") {
  check_listed(ownercare::ingest::member_columns(), "Car-wash members (`--kind members`)");
}
