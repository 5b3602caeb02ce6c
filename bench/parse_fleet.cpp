// ownercare-bench-parse: the floor of a fleet import, for scripts/bench. It reads a fleet
// snapshot exactly as ownercare-import does (the same reader, header and row parser, each
// row's digest computed) and stores nothing, so its time is what no import can go below
// without reading or parsing faster.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <exception>
#include <iostream>
#include <string>

#include "ownercare/core/date.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/ingest/fleet_row.hpp"
#include "ownercare/ingest/input_header.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/store/fleet_store.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Reads and parses a fleet snapshot as ownercare-import does, storing nothing."};
  std::string file;
  std::string as_of_text = "2026-03-10";
  app.add_option("file", file, "the fleet CSV")->required();
  app.add_option("--as-of", as_of_text, "the snapshot's date (default 2026-03-10)");
  CLI11_PARSE(app, argc, argv);
  try {
    auto as_of = ownercare::Date::parse(as_of_text);
    if (!as_of) throw std::runtime_error("--as-of: not a date");
    auto reader = ownercare::csv::Reader::open(file, {});
    auto input = ownercare::ingest::read_input_header(reader, ownercare::ingest::fleet_columns(), {});
    ownercare::ingest::Rejects rejects(reader.display_name());
    ownercare::ingest::FleetRowParser parser(input.map, *as_of, rejects);
    ownercare::store::FleetFacts facts;
    ownercare::csv::Record record;
    std::uint64_t rows = 0, valid = 0, digests = 0;
    while (reader.next(record)) {
      ++rows;
      if (parser.parse(record, facts)) {
        ++valid;
        digests ^= facts.digest();
      }
    }
    fmt::print("{} rows, {} valid (digest {:016x})\n", rows, valid, digests);
  } catch (const std::exception& error) {
    std::cerr << "ownercare-bench-parse: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
