// Header matching: one lookup table from normalised names to columns, then one pass over the
// header cells. Every problem (each duplicate, each missing required column) is collected before
// the file is refused, so a user fixes them all in one go.
#include "ownercare/csv/header.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/text.hpp"

namespace ownercare::csv {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

}  // namespace

std::string normalise_header_name(std::string_view name) { return ascii_lower(trim(name)); }

HeaderMap HeaderMap::match(const Record& header, const std::vector<ColumnSpec>& columns,
                           const std::string& file,
                           const std::map<std::string, std::string>& extra_aliases) {
  // Normalised name -> spec index. Built-in names first; a column map overrides them, since it is
  // the user's explicit word for their files.
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    index_of.emplace(normalise_header_name(columns[i].name), i);
    for (const auto& alias : columns[i].aliases) index_of.emplace(normalise_header_name(alias), i);
  }
  std::vector<std::vector<std::string>> extra_names(columns.size());
  for (const auto& [found_name, canonical] : extra_aliases) {
    // A column map may name columns of other kinds of input; those entries do not apply here.
    std::string target = normalise_header_name(canonical);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (normalise_header_name(columns[i].name) != target) continue;
      index_of.insert_or_assign(normalise_header_name(found_name), i);
      extra_names[i].push_back(found_name);
      break;
    }
  }

  HeaderMap map;
  map.positions_.assign(columns.size(), std::nullopt);
  std::vector<std::string> problems;
  for (std::size_t position = 0; position < header.fields.size(); ++position) {
    std::string_view cell = header.fields[position];
    auto found = index_of.find(normalise_header_name(cell));
    if (found == index_of.end()) {
      map.unknown_.emplace_back(cell);
      continue;
    }
    auto& slot = map.positions_[found->second];
    if (slot) {
      problems.push_back(
          located(file, header.line, position + 1,
                  fmt::format("column \"{}\" repeats column {} \"{}\" (both mean {})", cell,
                              *slot + 1, header.fields[*slot], columns[found->second].name)));
      continue;
    }
    slot = position;
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i].required || map.positions_[i]) continue;
    std::string what = fmt::format("missing required column \"{}\"", columns[i].name);
    std::vector<std::string> also = columns[i].aliases;
    also.insert(also.end(), extra_names[i].begin(), extra_names[i].end());
    if (!also.empty()) what += fmt::format(" (also accepted: {})", join(also));
    problems.push_back(located(file, header.line, 0, what));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  map.width_ = header.fields.size();
  while (map.width_ > 0 && trim(header.fields[map.width_ - 1]).empty()) --map.width_;
  return map;
}

std::optional<std::size_t> HeaderMap::column_at(std::size_t position) const {
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (positions_[i] == position) return i;
  }
  return std::nullopt;
}

std::optional<HeaderMap::RowProblem> HeaderMap::check_row(const Record& record) const {
  const std::size_t count = record.fields.size();
  if (count < width_) {
    return RowProblem{count + 1, std::nullopt,
                      fmt::format("the row has {} fields, the header {}", count, width_)};
  }
  for (std::size_t i = width_; i < count; ++i) {
    if (trim(record.fields[i]).empty()) continue;
    return RowProblem{i + 1, std::nullopt,
                      fmt::format("the row has {} fields, the header {} (is a value with a "
                                  "comma not quoted?)",
                                  count, width_)};
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (record.fields[i].find('\0') != std::string_view::npos) {
      return RowProblem{i + 1, column_at(i), "holds a NUL byte"};
    }
  }
  return std::nullopt;
}

std::string_view HeaderMap::field(const Record& record, std::size_t spec_index) const {
  const auto& position = positions_[spec_index];
  if (!position || *position >= record.fields.size()) return {};
  return record.fields[*position];
}

}  // namespace ownercare::csv
