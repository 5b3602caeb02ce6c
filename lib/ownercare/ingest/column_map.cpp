#include "ownercare/ingest/column_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/toml_text.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/ingest/dealer_rows.hpp"
#include "ownercare/ingest/fleet_row.hpp"
#include "ownercare/ingest/optout_rows.hpp"
#include "ownercare/outcomes/record.hpp"

namespace ownercare::ingest {

const std::set<std::string>& canonical_column_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> all;
    for (const auto* columns :
         {&fleet_columns(), &sales_columns(), &service_columns(), &member_columns(),
          &optout_columns(), &outcomes::outcome_columns()}) {
      for (const auto& column : *columns) all.insert(column.name);
    }
    return all;
  }();
  return names;
}

std::map<std::string, std::string> load_column_map(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::string text;
  try {
    text = read_file(file);
  } catch (const Error& error) {
    throw UsageError(error.what());
  }
  toml::table root = parse_toml(text, name);
  // (line, column, message): sorted into file order at the end, since toml++ walks keys in
  // name order.
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::string>> problems;
  auto problem = [&](const toml::source_region& where, std::string what) {
    problems.emplace_back(where.begin.line, where.begin.column, std::move(what));
  };
  std::map<std::string, std::string> map;
  const toml::table* columns = nullptr;
  for (auto&& [key, node] : root) {
    if (key.str() == "columns" && node.is_table()) {
      columns = node.as_table();
    } else if (key.str() == "columns") {
      problem(node.source(), "\"columns\" must be a table: [columns] then \"header\" = \"name\"");
    } else {
      problem(key.source(), fmt::format("unknown key \"{}\" (a column map has one table, "
                                        "[columns])",
                                        key.str()));
    }
  }
  if (!columns && problems.empty()) {
    throw UsageError(fmt::format("{}: no [columns] table (write [columns] and then lines like "
                                 "\"车主姓名\" = \"customer_name\")",
                                 name));
  }
  if (columns) {
    // In file order, so that of two spellings of one header the second is the one refused.
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, node] : *columns) entries.emplace_back(&key, &node);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.first->source().begin.line < b.first->source().begin.line;
    });
    std::map<std::string, std::string> normalised_names;  // normalised header -> as written
    for (const auto& [key_pointer, node_pointer] : entries) {
      const toml::key& key = *key_pointer;
      const toml::node& node = *node_pointer;
      std::string header(key.str());
      auto value = node.value<std::string>();
      if (!node.is_string() || !value) {
        problem(node.source(), fmt::format("\"{}\" must map to a column name (a string)", header));
        continue;
      }
      if (!canonical_column_names().count(*value)) {
        problem(node.source(), fmt::format("\"{}\" is not a column of any input (fleet, sales, "
                                           "service, members, optouts, outcomes); see the "
                                           "README for "
                                           "the names",
                                           *value));
        continue;
      }
      auto [previous, added] =
          normalised_names.emplace(csv::normalise_header_name(header), header);
      if (!added) {
        problem(key.source(), fmt::format("\"{}\" is the same header name as \"{}\"", header,
                                          previous->second));
        continue;
      }
      map.emplace(header, *value);
    }
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end());
    std::vector<std::string> messages;
    for (const auto& [line, column, what] : problems) {
      messages.push_back(located(name, line, column, what));
    }
    throw UsageError(messages);
  }
  return map;
}

}  // namespace ownercare::ingest
