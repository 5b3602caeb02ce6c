#include "crash/crash_checks.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>

#include "support/temp_dir.hpp"

namespace ownercare::test {

namespace fs = std::filesystem;

namespace {

bool has_hidden_component(const fs::path& relative) {
  for (const auto& part : relative) {
    if (part.string().starts_with('.')) return true;
  }
  return false;
}

// A value with its type, so that 1, 1.0 and '1' differ.
std::string typed_text(const SQLite::Column& column) {
  if (column.isNull()) return "null";
  if (column.isInteger()) return "i:" + column.getString();
  if (column.isFloat()) return fmt::format("f:{}", column.getDouble());
  if (column.isText()) return "t:" + column.getString();
  std::string hex = "b:";
  auto blob = column.getString();
  for (unsigned char c : blob) hex += fmt::format("{:02x}", c);
  return hex;
}

std::string shorten(const std::string& text) {
  return text.size() <= 300 ? text : text.substr(0, 300) + "...";
}

}  // namespace

std::map<std::string, std::string> visible_files(const fs::path& root) {
  std::map<std::string, std::string> files;
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    auto relative = entry.path().lexically_relative(root);
    if (has_hidden_component(relative) || !entry.is_regular_file()) continue;
    files.emplace(relative.generic_string(), read_text(entry.path()));
  }
  return files;
}

std::vector<std::string> hidden_entries(const fs::path& root) {
  std::vector<std::string> entries;
  if (!fs::exists(root)) return entries;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->path().filename().string().starts_with('.')) {
      entries.push_back(it->path().lexically_relative(root).generic_string());
      it.disable_recursion_pending();
    }
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

std::vector<std::string> file_differences(const std::map<std::string, std::string>& expected,
                                          const std::map<std::string, std::string>& actual) {
  std::vector<std::string> differences;
  for (const auto& [name, bytes] : expected) {
    auto found = actual.find(name);
    if (found == actual.end()) {
      differences.push_back(name + ": missing");
    } else if (found->second != bytes) {
      auto at = std::mismatch(bytes.begin(), bytes.end(), found->second.begin(),
                              found->second.end());
      differences.push_back(fmt::format("{}: differs from byte {} ({} and {} bytes)", name,
                                        at.first - bytes.begin(), bytes.size(),
                                        found->second.size()));
    }
  }
  for (const auto& [name, bytes] : actual) {
    if (!expected.contains(name)) differences.push_back(name + ": not in the reference");
  }
  return differences;
}

std::vector<std::string> database_problems(const fs::path& db) {
  std::vector<std::string> problems;
  SQLite::Database database(db.string(), SQLite::OPEN_READWRITE);
  std::vector<std::string> integrity;
  SQLite::Statement check(database, "PRAGMA integrity_check");
  while (check.executeStep()) integrity.push_back(check.getColumn(0).getString());
  if (integrity != std::vector<std::string>{"ok"}) {
    for (const auto& line : integrity) problems.push_back("integrity_check: " + line);
  }
  SQLite::Statement foreign(database, "PRAGMA foreign_key_check");
  while (foreign.executeStep()) {
    problems.push_back(fmt::format("foreign_key_check: {} row {} refers to a missing {}",
                                   foreign.getColumn(0).getString(),
                                   foreign.getColumn(1).getString(),
                                   foreign.getColumn(2).getString()));
  }
  SQLite::Statement same_key(database,
                             "SELECT rule, step, subject_kind, subject_id, anchor_on, count(*) "
                             "FROM task GROUP BY rule, step, subject_kind, subject_id, anchor_on "
                             "HAVING count(*) > 1");
  while (same_key.executeStep()) {
    problems.push_back(fmt::format(
        "{} tasks for rule {} step {} {} {} anchor {}", same_key.getColumn(5).getInt(),
        same_key.getColumn(0).getString(), same_key.getColumn(1).getString(),
        same_key.getColumn(2).getString(), same_key.getColumn(3).getString(),
        same_key.getColumn(4).getString()));
  }
  SQLite::Statement same_id(database,
                            "SELECT task_id, count(*) FROM task GROUP BY task_id "
                            "HAVING count(*) > 1");
  while (same_id.executeStep()) {
    problems.push_back(fmt::format("{} tasks with task_id {}", same_id.getColumn(1).getInt(),
                                   same_id.getColumn(0).getString()));
  }
  return problems;
}

std::map<std::string, std::vector<std::string>> table_rows(const fs::path& db) {
  std::map<std::string, std::vector<std::string>> tables;
  SQLite::Database database(db.string(), SQLite::OPEN_READWRITE);
  std::vector<std::string> names;
  SQLite::Statement list(database,
                         "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  while (list.executeStep()) names.push_back(list.getColumn(0).getString());
  for (const auto& name : names) {
    auto& rows = tables[name];
    SQLite::Statement select(database, "SELECT * FROM \"" + name + "\"");
    while (select.executeStep()) {
      std::string row;
      for (int i = 0; i < select.getColumnCount(); ++i) {
        if (i > 0) row += " | ";
        row += typed_text(select.getColumn(i));
      }
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
  }
  return tables;
}

std::vector<std::string> table_differences(
    const std::map<std::string, std::vector<std::string>>& expected,
    const std::map<std::string, std::vector<std::string>>& actual) {
  std::vector<std::string> differences;
  for (const auto& [table, rows] : expected) {
    auto found = actual.find(table);
    if (found == actual.end()) {
      differences.push_back(table + ": missing");
      continue;
    }
    if (found->second == rows) continue;
    std::vector<std::string> only_expected, only_actual;
    std::set_difference(rows.begin(), rows.end(), found->second.begin(), found->second.end(),
                        std::back_inserter(only_expected));
    std::set_difference(found->second.begin(), found->second.end(), rows.begin(), rows.end(),
                        std::back_inserter(only_actual));
    std::string text = fmt::format("{}: {} rows, reference {}; {} only in the reference, {} only "
                                   "here",
                                   table, found->second.size(), rows.size(),
                                   only_expected.size(), only_actual.size());
    if (!only_expected.empty()) text += "; e.g. reference: " + shorten(only_expected.front());
    if (!only_actual.empty()) text += "; e.g. here: " + shorten(only_actual.front());
    differences.push_back(text);
  }
  for (const auto& [table, rows] : actual) {
    if (!expected.contains(table)) differences.push_back(table + ": not in the reference");
  }
  return differences;
}

}  // namespace ownercare::test
