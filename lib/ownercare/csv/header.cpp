// Header matching: one lookup table from normalised names to columns, then one pass over the
// header cells. Every problem (each duplicate, each missing required column) is collected before
// the file is refused, so a user fixes them all in one go.
#include "ownercare/csv/header.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/csv/dialect.hpp"

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

std::string normalise_header_name(std::string_view name) {
  name = trim(name);
  // Templates mark required columns with an asterisk: "*车架号".
  while (!name.empty() && name.front() == '*') name = trim(name.substr(1));
  while (!name.empty() && name.back() == '*') name = trim(name.substr(0, name.size() - 1));
  // A unit in brackets after the name: "行驶里程(km)", "金额（元）".
  static constexpr std::string_view kOpen = "\xEF\xBC\x88", kClose = "\xEF\xBC\x89";
  if (name.size() > 2 && name.back() == ')') {
    if (auto open = name.rfind('('); open != std::string_view::npos && open > 0) {
      name = trim(name.substr(0, open));
    }
  } else if (name.size() > kClose.size() &&
             name.substr(name.size() - kClose.size()) == kClose) {
    if (auto open = name.rfind(kOpen); open != std::string_view::npos && open > 0) {
      name = trim(name.substr(0, open));
    }
  }
  return ascii_lower(name);
}

bool looks_like_phone_column(std::string_view name) {
  std::string lower = ascii_lower(name);
  for (std::string_view word : {"\xE7\x94\xB5\xE8\xAF\x9D" /* 电话 */,
                                "\xE6\x89\x8B\xE6\x9C\xBA" /* 手机 */, "phone", "mobile",
                                "tel"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

HeaderMap HeaderMap::match(const Record& header, const std::vector<ColumnSpec>& columns,
                           const std::string& file,
                           const std::map<std::string, std::string>& extra_aliases) {
  // Normalised name -> (spec index, rank). Built-in names first, ranked in the order the spec
  // lists them (the canonical name, then its aliases, most specific first); a column map
  // overrides them and ranks above all, since it is the user's explicit word for their files.
  struct Target {
    std::size_t index;
    int rank;
  };
  std::unordered_map<std::string, Target> index_of;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    index_of.emplace(normalise_header_name(columns[i].name), Target{i, 1});
    int rank = 2;
    for (const auto& alias : columns[i].aliases) {
      index_of.emplace(normalise_header_name(alias), Target{i, rank++});
    }
  }
  std::vector<std::vector<std::string>> extra_names(columns.size());
  for (const auto& [found_name, canonical] : extra_aliases) {
    // A column map may name columns of other kinds of input; those entries do not apply here.
    std::string target = normalise_header_name(canonical);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (normalise_header_name(columns[i].name) != target) continue;
      index_of.insert_or_assign(normalise_header_name(found_name), Target{i, 0});
      extra_names[i].push_back(found_name);
      break;
    }
  }

  HeaderMap map;
  map.positions_.assign(columns.size(), std::nullopt);
  std::vector<int> ranks(columns.size(), 0);
  std::vector<std::string> problems;
  // Cells that name a column another cell names better: (position, column).
  std::vector<std::pair<std::size_t, std::size_t>> shadowed;
  for (std::size_t position = 0; position < header.fields.size(); ++position) {
    std::string_view cell = header.fields[position];
    std::string name = normalise_header_name(cell);
    auto found = index_of.find(name);
    if (found == index_of.end()) {
      map.unknown_.emplace_back(cell);
      continue;
    }
    auto [index, rank] = found->second;
    auto& slot = map.positions_[index];
    if (slot && normalise_header_name(header.fields[*slot]) == name) {
      // The same name twice: which one holds the data cannot be told.
      problems.push_back(
          located(file, header.line, position + 1,
                  fmt::format("column \"{}\" repeats column {} \"{}\" (both mean {})", cell,
                              *slot + 1, header.fields[*slot], columns[index].name)));
      continue;
    }
    if (slot && ranks[index] <= rank) {
      shadowed.emplace_back(position, index);
      continue;
    }
    if (slot) shadowed.emplace_back(*slot, index);
    slot = position;
    ranks[index] = rank;
  }
  // Two names of one column (a DMS export with both 手机 and 联系电话): the more specific one
  // is read, the other ignored with a warning.
  std::sort(shadowed.begin(), shadowed.end());
  for (const auto& [position, index] : shadowed) {
    const auto used = *map.positions_[index];
    map.notes_.push_back(located(
        file, header.line, position + 1,
        fmt::format("ignoring column \"{}\": column {} \"{}\" is read as {} (a column map "
                    "can choose the other)",
                    header.fields[position], used + 1, header.fields[used], columns[index].name)));
  }
  // A file whose phone column has a name ownercare does not know would import every subject
  // without a phone and never call anyone: refused, naming the column.
  bool wants_phone = false, has_phone = false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i].phone) continue;
    wants_phone = true;
    has_phone = has_phone || map.positions_[i].has_value();
  }
  if (wants_phone && !has_phone) {
    std::string phone_names, first_phone;
    for (const auto& column : columns) {
      if (!column.phone) continue;
      phone_names += (phone_names.empty() ? "" : ", ") + column.name;
      if (first_phone.empty()) first_phone = column.name;
    }
    for (std::size_t position = 0; position < header.fields.size(); ++position) {
      std::string_view cell = header.fields[position];
      if (index_of.count(normalise_header_name(cell)) || !looks_like_phone_column(cell)) continue;
      problems.push_back(located(
          file, header.line, position + 1,
          fmt::format("column \"{}\" looks like a phone column, but no phone column ({}) was "
                      "recognised: name it in a column map (--columns; \"{}\" = \"{}\")",
                      cell, phone_names, cell, first_phone)));
    }
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
                      fmt::format("the row has {} fields, the header {} (is a value with {} "
                                  "not quoted?)",
                                  count, width_, separator_name(separator_))};
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
