// The invalid rows of an input file: each with its line, column and reason, reported on
// stderr (the first few) and written whole to a rejects CSV beside the input.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/csv/header.hpp"
#include "ownercare/csv/reader.hpp"

namespace ownercare::ingest {

struct Reject {
  std::uint64_t line = 0;
  std::uint64_t column = 0;  // 1-based field position; 0 when the whole row is at fault
  std::string field;         // the column's canonical name
  std::string value;
  std::string reason;
  std::vector<std::string> cells;  // the row as read
};

class Rejects {
 public:
  explicit Rejects(std::string file_name) : file_name_(std::move(file_name)) {}
  void add(const csv::Record& record, std::uint64_t column, std::string field, std::string value,
           std::string reason);
  void add(Reject reject) { rejects_.push_back(std::move(reject)); }
  // A row rejected as a whole (HeaderMap::check_row), its field named from `columns`.
  void add(const csv::Record& record, const csv::HeaderMap::RowProblem& problem,
           const std::vector<csv::ColumnSpec>& columns);
  // Puts the rejects in line order (some are found after the file has been read).
  void sort_by_line();
  std::size_t size() const { return rejects_.size(); }
  bool empty() const { return rejects_.empty(); }
  const std::vector<Reject>& all() const { return rejects_; }
  // "file:line:column: field: reason" for the first `limit` rejects, then one line saying how
  // many more there are.
  std::vector<std::string> messages(std::size_t limit) const;
  // A value kept, but not as written, that a person should look at (a phone in scientific
  // notation). The first kWarningsKept are kept located for stderr; the rest are counted.
  static constexpr std::size_t kWarningsKept = 20;
  void warn(std::uint64_t line, std::uint64_t column, const std::string& field,
            const std::string& what);
  // "warning: file:line:column: field: what" lines, then one saying how many more there were.
  std::vector<std::string> warning_messages() const;
  // A phone cell read (empty ones are not counted); `invalid` when it held no valid number
  // (the row is kept, but no SMS or call can reach that phone).
  void count_phone(bool invalid) {
    ++phones_;
    if (invalid) ++invalid_phones_;
  }
  // "warning: file: N of M phones (P%) are not valid phone numbers ..." when more than
  // `max_share` of the phone cells read were invalid, in a file of at least
  // kMinimumPhonesForShare phones (in a handful of rows a share says nothing of the export);
  // nothing otherwise.
  static constexpr std::int64_t kMinimumPhonesForShare = 20;
  std::optional<std::string> invalid_phone_warning(double max_share) const;
  // Writes line, column, field, value, reason and the original cells under `header`
  // (owner-only: rejected rows may hold phone numbers).
  void write(const std::filesystem::path& path, const std::vector<std::string>& header,
             bool bom) const;

 private:
  std::string file_name_;
  std::vector<Reject> rejects_;
  std::vector<std::string> warnings_;
  std::size_t warning_count_ = 0;
  std::int64_t phones_ = 0;
  std::int64_t invalid_phones_ = 0;
};

// The default rejects file for an input: beside it, "<stem>.rejects.csv"; for stdin,
// "<kind>-<date>.rejects.csv" in the current folder.
std::filesystem::path default_rejects_path(const std::filesystem::path& input,
                                           const std::string& kind, const std::string& date);

}  // namespace ownercare::ingest
