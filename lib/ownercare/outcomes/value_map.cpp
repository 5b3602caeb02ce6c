#include "ownercare/outcomes/value_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/core/toml_text.hpp"
#include "ownercare/outcomes/outcome_words.hpp"

namespace ownercare::outcomes {

namespace {

bool is_known(const std::string& name) {
  const auto& results = known_results();
  const auto& dispositions = known_dispositions();
  return std::find(results.begin(), results.end(), name) != results.end() ||
         std::find(dispositions.begin(), dispositions.end(), name) != dispositions.end();
}

std::string join(const std::vector<std::string>& list) {
  std::string text;
  for (const auto& item : list) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

std::map<std::string, std::string> load_value_map(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::string text;
  try {
    text = read_file(file);
  } catch (const Error& error) {
    throw UsageError(error.what());
  }
  toml::table root = parse_toml(text, name);
  // (line, column, message), sorted into file order at the end: toml++ walks keys in name order.
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::string>> problems;
  auto problem = [&](const toml::source_region& where, std::string what) {
    problems.emplace_back(where.begin.line, where.begin.column, std::move(what));
  };
  const toml::table* values = nullptr;
  for (auto&& [key, node] : root) {
    if (key.str() == "values" && node.is_table()) {
      values = node.as_table();
    } else if (key.str() == "values") {
      problem(node.source(), "\"values\" must be a table: [values] then \"CODE\" = \"result\"");
    } else {
      problem(key.source(), fmt::format("unknown key \"{}\" (a value map has one table, "
                                        "[values])",
                                        key.str()));
    }
  }
  if (!values && problems.empty()) {
    throw UsageError(fmt::format("{}: no [values] table (write [values] and then lines like "
                                 "\"NA\" = \"no_answer\")",
                                 name));
  }
  std::map<std::string, std::string> map;
  if (values) {
    // In file order, so that of two spellings of one code the second is the one refused.
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, node] : *values) entries.emplace_back(&key, &node);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.first->source().begin.line < b.first->source().begin.line;
    });
    std::map<std::string, std::string> written;  // folded code -> as written
    for (const auto& [key, node] : entries) {
      std::string code(key->str());
      auto value = node->value<std::string>();
      if (!node->is_string() || !value) {
        problem(node->source(),
                fmt::format("\"{}\" must map to a result or disposition (a string)", code));
        continue;
      }
      std::string folded = ascii_lower(trim(code));
      if (folded.empty()) {
        problem(key->source(), "a code must not be empty");
        continue;
      }
      if (!is_known(*value)) {
        problem(node->source(),
                fmt::format("\"{}\" is not a result ({}) or a disposition ({})", *value,
                            join(known_results()), join(known_dispositions())));
        continue;
      }
      auto [previous, added] = written.emplace(folded, code);
      if (!added) {
        problem(key->source(),
                fmt::format("\"{}\" is the same code as \"{}\"", code, previous->second));
        continue;
      }
      map.emplace(folded, *value);
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

}  // namespace ownercare::outcomes
