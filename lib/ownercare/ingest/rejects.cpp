#include "ownercare/ingest/rejects.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/csv/writer.hpp"

namespace ownercare::ingest {

void Rejects::add(const csv::Record& record, std::uint64_t column, std::string field,
                  std::string value, std::string reason) {
  Reject reject{record.line, column, std::move(field), std::move(value), std::move(reason), {}};
  reject.cells.assign(record.fields.begin(), record.fields.end());
  rejects_.push_back(std::move(reject));
}

void Rejects::add(const csv::Record& record, const csv::HeaderMap::RowProblem& problem,
                  const std::vector<csv::ColumnSpec>& columns) {
  std::string field = problem.spec_index ? columns[*problem.spec_index].name : "";
  std::string value;
  if (problem.column >= 1 && problem.column <= record.fields.size()) {
    value.assign(record.fields[problem.column - 1]);
  }
  add(record, problem.column, std::move(field), std::move(value), problem.reason);
}

void Rejects::sort_by_line() {
  std::stable_sort(rejects_.begin(), rejects_.end(),
                   [](const Reject& a, const Reject& b) { return a.line < b.line; });
}

std::vector<std::string> Rejects::messages(std::size_t limit) const {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < rejects_.size() && i < limit; ++i) {
    const auto& reject = rejects_[i];
    std::string what = reject.field.empty() ? reject.reason
                                            : fmt::format("{}: {}", reject.field, reject.reason);
    lines.push_back(located(file_name_, reject.line, reject.column, what));
  }
  if (rejects_.size() > limit) {
    lines.push_back(fmt::format("{}: ... and {} more rejected rows", file_name_,
                                rejects_.size() - limit));
  }
  return lines;
}

void Rejects::warn(std::uint64_t line, std::uint64_t column, const std::string& field,
                   const std::string& what) {
  if (++warning_count_ > kWarningsKept) return;
  warnings_.push_back(
      "warning: " + located(file_name_, line, column, fmt::format("{}: {}", field, what)));
}

std::vector<std::string> Rejects::warning_messages() const {
  std::vector<std::string> lines = warnings_;
  if (warning_count_ > warnings_.size()) {
    lines.push_back(fmt::format("warning: {}: ... and {} more such values", file_name_,
                                warning_count_ - warnings_.size()));
  }
  return lines;
}

void Rejects::write(const std::filesystem::path& path, const std::vector<std::string>& header,
                    bool bom) const {
  csv::Writer writer(csv::WriterOptions{bom});
  std::vector<std::string> top = {"line", "column", "field", "value", "reason"};
  top.insert(top.end(), header.begin(), header.end());
  writer.row(top);
  for (const auto& reject : rejects_) {
    std::vector<std::string> cells = {std::to_string(reject.line), std::to_string(reject.column),
                                      reject.field, reject.value, reject.reason};
    cells.insert(cells.end(), reject.cells.begin(), reject.cells.end());
    writer.row(cells);
  }
  write_file_atomically(path, writer.text(), FileAccess::owner_only);
}

std::filesystem::path default_rejects_path(const std::filesystem::path& input,
                                           const std::string& kind, const std::string& date) {
  if (input == "-") return fmt::format("{}-{}.rejects.csv", kind, date);
  auto path = input;
  path.replace_filename(input.stem().string() + ".rejects.csv");
  return path;
}

std::optional<std::string> Rejects::invalid_phone_warning(double max_share) const {
  if (phones_ < kMinimumPhonesForShare ||
      static_cast<double>(invalid_phones_) <= max_share * static_cast<double>(phones_)) {
    return std::nullopt;
  }
  return fmt::format("warning: {}: {} of {} phones ({:.0f}%) are not valid phone numbers, more "
                     "than max_invalid_phone_share ({:.0f}%) allows: their owners get no SMS or "
                     "call; is a phone column mapped to the wrong column, or the export "
                     "damaged?",
                     file_name_, invalid_phones_, phones_,
                     100.0 * static_cast<double>(invalid_phones_) / static_cast<double>(phones_),
                     100.0 * max_share);
}

}  // namespace ownercare::ingest
