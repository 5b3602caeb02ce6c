// Matching a CSV header row to the columns a kind of input expects.
//
// Names are compared after trimming spaces (ASCII and U+3000), asterisks (a template's mark of
// a required column) and a unit in brackets ("行驶里程(km)", "金额（元）"), and ASCII case folding, against
// the column's canonical name and its aliases (the Chinese names common in exports, and those a
// column map adds). Columns may come in any order; unknown columns are collected for one
// warning; a missing required column, the same name in two header cells, or (for kinds with
// phone columns) an unknown column that looks like a phone column when no phone column was
// recognised, refuse the file with every problem listed. Two different names of one column
// (手机 and 联系电话) read the one listed first among the column's names, and warn.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/csv/reader.hpp"

namespace ownercare::csv {

struct ColumnSpec {
  std::string name;                  // canonical name, as the README documents it
  std::vector<std::string> aliases;  // other accepted header names
  bool required = false;
  bool phone = false;  // a phone column: a file without any is checked for an unknown one
};

class HeaderMap {
 public:
  // Matches `header` against `columns`. `extra_aliases` maps a header name found in a file to a
  // canonical column name (from a column map file). Throws InputError naming `file` and the
  // header line for missing required columns and duplicates.
  static HeaderMap match(const Record& header, const std::vector<ColumnSpec>& columns,
                         const std::string& file,
                         const std::map<std::string, std::string>& extra_aliases = {});

  // Position in the record of column `spec_index` (index into the `columns` given to match),
  // or nullopt when the file does not have it.
  std::optional<std::size_t> position(std::size_t spec_index) const {
    return positions_[spec_index];
  }
  bool has(std::size_t spec_index) const { return positions_[spec_index].has_value(); }
  // The field of column `spec_index` in `record`, or "" when the column is absent or the
  // record is short.
  std::string_view field(const Record& record, std::size_t spec_index) const;
  // Header cells that matched no column, as written in the file.
  const std::vector<std::string>& unknown_columns() const { return unknown_; }
  // Warnings about the header, located: a cell ignored because another names its column
  // better (both 手机 and 联系电话).
  const std::vector<std::string>& notes() const { return notes_; }
  // The header's width: its cells up to the last one that is not empty (a spreadsheet's
  // trailing commas do not make columns).
  std::size_t width() const { return width_; }
  // The column (index into `columns`) at a 0-based position of the record, if one is there.
  std::optional<std::size_t> column_at(std::size_t position) const;

  // What is wrong with a record as a whole, before its values are read: a field count other
  // than the header's (trailing empty fields aside: spreadsheets write them), or a NUL byte in a
  // cell. `column` is 1-based: the first extra or missing field, or the cell with the NUL.
  struct RowProblem {
    std::size_t column;
    std::optional<std::size_t> spec_index;  // the column's index in `columns`, when known
    std::string reason;
  };
  std::optional<RowProblem> check_row(const Record& record) const;
  // The file's separator, for check_row's hint at an unquoted value ("a comma" by default).
  void set_separator(char separator) { separator_ = separator; }

 private:
  std::vector<std::optional<std::size_t>> positions_;
  std::size_t width_ = 0;
  std::vector<std::string> unknown_;
  std::vector<std::string> notes_;
  char separator_ = ',';
};

// The normalised form header names are compared in: trimmed, ASCII lower case.
std::string normalise_header_name(std::string_view name);

}  // namespace ownercare::csv
