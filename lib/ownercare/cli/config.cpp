#include "ownercare/cli/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

#include "ownercare/core/errors.hpp"
#include "ownercare/emit/column_names.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/toml_number.hpp"
#include "ownercare/core/toml_text.hpp"
#include "ownercare/store/retention.hpp"

namespace ownercare::cli {

Config load_config(const std::filesystem::path& file) {
  std::string text;
  try {
    text = read_file(file);
  } catch (const Error& error) {
    throw UsageError(error.what());
  }
  toml::table root = parse_toml(text, file.string());
  Config config;
  config.file = file;
  std::vector<std::string> problems;
  auto base = file.parent_path();
  auto where = [&](const toml::node& node) {
    return std::pair(node.source().begin.line, node.source().begin.column);
  };
  auto path_value = [&](const toml::key& key, const toml::node& node,
                        std::optional<std::filesystem::path>& out) {
    auto value = node.value<std::string>();
    if (!value || value->empty()) {
      auto [line, column] = where(node);
      problems.push_back(located(file.string(), line, column,
                                 fmt::format("\"{}\" must be a path (a string)", key.str())));
      return;
    }
    std::filesystem::path path(*value);
    out = path.is_absolute() ? path : base / path;
  };
  auto share_value = [&](const toml::key& key, const toml::node& node,
                         std::optional<double>& out) {
    std::string problem;
    auto value = finite_number(node, key.str(), 0, 1, problem);
    if (!value) {
      auto [line, column] = where(node);
      problems.push_back(located(file.string(), line, column, problem));
      return;
    }
    out = value;
  };
  auto whole_value = [&](const toml::key& key, const toml::node& node, std::int64_t low,
                         std::int64_t high, auto& out) {
    std::string problem;
    auto value = whole_number(node, key.str(), low, high, problem);
    if (!value) {
      auto [line, column] = where(node);
      problems.push_back(located(file.string(), line, column, problem));
      return;
    }
    out = static_cast<typename std::remove_reference_t<decltype(out)>::value_type>(*value);
  };
  for (auto&& [key, node] : root) {
    auto name = key.str();
    if (name == "db") path_value(key, node, config.db);
    else if (name == "rules") path_value(key, node, config.rules);
    else if (name == "out") path_value(key, node, config.out);
    else if (name == "inbox") path_value(key, node, config.inbox);
    else if (name == "archive") path_value(key, node, config.archive);
    else if (name == "log") path_value(key, node, config.log);
    else if (name == "reports") path_value(key, node, config.reports);
    else if (name == "columns") path_value(key, node, config.columns);
    else if (name == "outcome_values") path_value(key, node, config.outcome_values);
    else if (name == "max_disappear_share") share_value(key, node, config.max_disappear_share);
    else if (name == "max_invalid_share") share_value(key, node, config.max_invalid_share);
    else if (name == "max_first_night_share") share_value(key, node, config.max_first_night_share);
    else if (name == "resume_days") whole_value(key, node, 0, 366, config.resume_days);
    else if (name == "stale_days") whole_value(key, node, 1, 366, config.stale_days);
    else if (name == "keep_backups") whole_value(key, node, 0, 3660, config.keep_backups);
    else if (name == "retain_days") {
      whole_value(key, node, store::kMinRetainDays, 36500, config.retain_days);
    }
    else if (name == "rerun_days") whole_value(key, node, 1, 36500, config.rerun_days);
    else if (name == "max_invalid_phone_share") {
      share_value(key, node, config.max_invalid_phone_share);
    }
    else if (name == "holdout") {
      const auto* table = node.as_table();
      if (!table) {
        auto [line, column] = where(node);
        problems.push_back(located(file.string(), line, column,
                                   "\"holdout\" must be a table of rule = share (0 to 0.5)"));
      } else {
        for (auto&& [rule, share] : *table) {
          std::string problem;
          auto value = finite_number(share, "holdout." + std::string(rule.str()), 0, 0.5,
                                     problem);
          auto [line, column] = where(share);
          if (!value) {
            problems.push_back(located(file.string(), line, column, problem));
          } else {
            config.holdout[std::string(rule.str())] = {*value, line, column};
          }
        }
      }
    }
    else if (name == "expect") {
      // The input kinds a night must have: each a known kind, once.
      static const std::vector<std::string> kinds = {"fleet",   "sales",   "service",
                                                     "members", "optouts", "outcomes"};
      auto [line, column] = where(node);
      const auto* array = node.as_array();
      std::vector<std::string> expect;
      bool good = array != nullptr;
      if (array) {
        for (const auto& item : *array) {
          auto kind = item.value<std::string>();
          if (!kind || std::find(kinds.begin(), kinds.end(), *kind) == kinds.end() ||
              std::find(expect.begin(), expect.end(), *kind) != expect.end()) {
            good = false;
            break;
          }
          expect.push_back(*kind);
        }
      }
      if (!good) {
        problems.push_back(located(
            file.string(), line, column,
            "\"expect\" must be a list of different input kinds among \"fleet\", \"sales\", "
            "\"service\", \"members\", \"optouts\", \"outcomes\""));
      } else {
        config.expect = std::move(expect);
      }
    }
    else if (name == "headers") {
      auto value = node.value<std::string>();
      if (!value || !emit::parse_header_language(*value)) {
        auto [line, column] = where(node);
        problems.push_back(located(
            file.string(), line, column,
            "\"headers\" must be \"en\" (the contract's names) or \"zh\" (Chinese names for "
            "people)" + (value ? fmt::format(", not \"{}\"", *value) : std::string())));
      } else {
        config.headers = *value;
      }
    }
    else if (name == "max_field_bytes") {
      whole_value(key, node, 1024, std::int64_t{1} << 30, config.max_field_bytes);
    }
    else if (name == "timezone" || name == "encoding") {
      auto value = node.value<std::string>();
      if (!value) {
        auto [line, column] = where(node);
        problems.push_back(located(file.string(), line, column,
                                   fmt::format("\"{}\" must be a string", name)));
      } else if (name == "timezone") {
        config.timezone = *value;
      } else {
        config.encoding = *value;
      }
    } else if (name == "bom" || name == "xlsx") {
      // value<bool>() would take 3 for true: only a real boolean is accepted.
      auto value = node.is_boolean() ? node.value<bool>() : std::nullopt;
      if (!value) {
        auto [line, column] = where(node);
        problems.push_back(located(file.string(), line, column,
                                   fmt::format("\"{}\" must be true or false", name)));
      } else {
        (name == "bom" ? config.bom : config.xlsx) = *value;
      }
    } else {
      problems.push_back(located(
          file.string(), key.source().begin.line, key.source().begin.column,
          fmt::format("unknown key \"{}\" (known: db, rules, out, inbox, archive, log, "
                      "reports, timezone, encoding, bom, xlsx, max_disappear_share, "
                      "max_invalid_share, max_first_night_share, resume_days, max_field_bytes, "
                      "columns, outcome_values, expect, stale_days, keep_backups, retain_days, "
                      "rerun_days, max_invalid_phone_share, headers, holdout)",
                      name)));
    }
  }
  if (!problems.empty()) {
    // toml++ walks keys in name order; report them in the order of the file instead.
    auto line_of = [&](const std::string& message) {
      auto rest = message.substr(file.string().size() + 1);
      return std::stoull(rest.substr(0, rest.find(':')));
    };
    std::stable_sort(problems.begin(), problems.end(),
                     [&](const std::string& a, const std::string& b) {
                       return line_of(a) < line_of(b);
                     });
    throw UsageError(problems);
  }
  return config;
}

}  // namespace ownercare::cli
