// One row of a fleet snapshot: its columns (with the Chinese names exports use), and the
// parser that turns a CSV record into normalised facts or a reject with line and column.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/store/fleet_store.hpp"

namespace ownercare::ingest {

// Positions in fleet_columns().
enum FleetColumn : std::size_t {
  vehicle_id,
  plate,
  owner_name,
  owner_phone,
  city,
  status,
  status_since,
  last_login,
  reject_rate,
  lost_income,
};

// The fleet snapshot's columns (canonical names and Chinese aliases), for docs and tests.
const std::vector<csv::ColumnSpec>& fleet_columns();

// Reads records into facts: trims, normalises phones and plates, parses dates, rates and
// amounts. An invalid row becomes a reject naming its column.
class FleetRowParser {
 public:
  FleetRowParser(const csv::HeaderMap& header, Date as_of, Rejects& rejects)
      : header_(header), as_of_(as_of), rejects_(rejects) {}
  // Fills `facts` and returns true, or adds a reject and returns false.
  bool parse(const csv::Record& record, store::FleetFacts& facts);
  // After parse() returned false: true when the row's vehicle_id could be read (it is in
  // facts.vehicle_id), so the row names a vehicle that is present although rejected.
  bool key_read() const { return key_read_; }

 private:
  std::string_view text(FleetColumn column) const;
  bool optional_date(FleetColumn column, std::optional<Date>& out);
  bool reject(FleetColumn column, std::string reason);

  const csv::HeaderMap& header_;
  Date as_of_;
  Rejects& rejects_;
  const csv::Record* record_ = nullptr;
  bool key_read_ = false;
};

// A row rebuilt from its (normalised) facts, in the file's column order: for rows whose
// original cells are gone by the time they are found invalid.
std::vector<std::string> cells_from_facts(const store::FleetFacts& facts,
                                          const csv::HeaderMap& header, std::size_t width);

}  // namespace ownercare::ingest
