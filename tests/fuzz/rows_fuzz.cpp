// libFuzzer target: the row parsers of every input kind (ingest/fleet_row, ingest/dealer_rows)
// behind the header matching they need, and the encoding of the dealer facts they give.
//
// The first byte picks the kind (fleet, sales, service, members); the rest is the file,
// header first. Every record is parsed; a parsed dealer row's facts must come back equal
// from their stored encoding.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/ingest/dealer_rows.hpp"
#include "ownercare/ingest/fleet_row.hpp"
#include "ownercare/ingest/input_header.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/store/dealer_store.hpp"

namespace {

using ownercare::Date;

const Date kAsOf(2026, 9, 28);

// The facts must survive their stored encoding unchanged.
template <class Facts>
void check_encoding(const Facts& facts) {
  std::string encoded;
  ownercare::store::encode(facts, encoded);
  Facts decoded;
  ownercare::store::decode(encoded, decoded);
  std::string again;
  ownercare::store::encode(decoded, again);
  if (again != encoded) std::abort();
}

template <class Parser, class Facts>
void parse_rows(ownercare::csv::Reader& reader, const std::vector<ownercare::csv::ColumnSpec>& columns,
                bool dealer) {
  auto header = ownercare::ingest::read_input_header(reader, columns, {});
  ownercare::ingest::Rejects rejects("fuzz.csv");
  Parser parser(header.map, kAsOf, rejects);
  ownercare::csv::Record record;
  while (reader.next(record)) {
    Facts facts;
    if (parser.parse(record, facts)) {
      if constexpr (!std::is_same_v<Facts, ownercare::store::FleetFacts>) {
        if (dealer) check_encoding(facts);
      } else {
        (void)facts.digest();
        (void)ownercare::ingest::cells_from_facts(facts, header.map, header.cells.size());
      }
    }
  }
  (void)rejects.messages(20);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::istringstream in{std::string(ownercare::fuzz::as_text(data + 1, size - 1))};
  try {
    ownercare::csv::Reader reader(in, "fuzz.csv");
    namespace ingest = ownercare::ingest;
    namespace store = ownercare::store;
    switch (data[0] % 4) {
      case 0:
        parse_rows<ingest::FleetRowParser, store::FleetFacts>(reader, ingest::fleet_columns(),
                                                               false);
        break;
      case 1:
        parse_rows<ingest::SalesRowParser, store::SaleFacts>(reader, ingest::sales_columns(),
                                                              true);
        break;
      case 2:
        parse_rows<ingest::ServiceRowParser, store::ServiceOrderFacts>(
            reader, ingest::service_columns(), true);
        break;
      default:
        parse_rows<ingest::MemberRowParser, store::MemberFacts>(reader, ingest::member_columns(),
                                                                 true);
        break;
    }
  } catch (const ownercare::Error&) {
    // A refused file: the documented outcome.
  }
  return 0;
}
