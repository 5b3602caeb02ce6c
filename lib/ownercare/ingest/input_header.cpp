#include "ownercare/ingest/input_header.hpp"

#include <fmt/format.h>

#include "ownercare/core/errors.hpp"

namespace ownercare::ingest {

InputHeader read_input_header(csv::Reader& reader, const std::vector<csv::ColumnSpec>& columns,
                              const std::map<std::string, std::string>& column_map) {
  const auto& file = reader.display_name();
  csv::Record record;
  if (!reader.next(record)) {
    throw InputError(fmt::format("{}: refused: the file is empty (a header row is required)",
                                 file));
  }
  InputHeader header{csv::HeaderMap::match(record, columns, file, column_map),
                     {record.fields.begin(), record.fields.end()},
                     std::nullopt};
  header.map.set_separator(reader.separator());
  if (!header.map.unknown_columns().empty()) {
    std::string list;
    for (const auto& name : header.map.unknown_columns()) {
      list += (list.empty() ? "" : ", ") + name;
    }
    header.warning =
        fmt::format("warning: {}:{}: ignoring unknown columns: {}", file, record.line, list);
  }
  return header;
}

}  // namespace ownercare::ingest
