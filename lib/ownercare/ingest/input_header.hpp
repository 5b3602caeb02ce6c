// The header row every input file must start with: read, matched to the columns of its kind,
// and the unknown columns turned into one warning.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/csv/header.hpp"
#include "ownercare/csv/reader.hpp"

namespace ownercare::ingest {

struct InputHeader {
  csv::HeaderMap map;
  std::vector<std::string> cells;  // as written, for the rejects file
  std::optional<std::string> warning;  // "warning: FILE:LINE: ignoring unknown columns: ..."
};

// Reads the first record of `reader`. Throws InputError for an empty file, and for missing
// required or repeated columns (see csv::HeaderMap::match).
InputHeader read_input_header(csv::Reader& reader, const std::vector<csv::ColumnSpec>& columns,
                              const std::map<std::string, std::string>& column_map);

}  // namespace ownercare::ingest
