// What the crash test compares and checks after the nights: the output folders byte for byte,
// the database's integrity and its content against the unkilled reference, and what is left
// lying around. Each function returns a list of readable differences or problems (empty when
// all is well), so that a failure names what differs instead of printing two huge values.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ownercare::test {

// Every file under `root` whose path has no component starting with '.', by relative path,
// with its bytes.
std::map<std::string, std::string> visible_files(const std::filesystem::path& root);
// The paths under `root` (relative) with a component starting with '.': temporary folders.
std::vector<std::string> hidden_entries(const std::filesystem::path& root);

// The differences between two sets of files: missing, extra, or different bytes.
std::vector<std::string> file_differences(const std::map<std::string, std::string>& expected,
                                          const std::map<std::string, std::string>& actual);

// PRAGMA integrity_check (must say exactly "ok"), PRAGMA foreign_key_check (must be empty),
// tasks sharing a key (rule, step, subject_kind, subject_id, anchor_on) or a task_id.
std::vector<std::string> database_problems(const std::filesystem::path& db);

// Every row of every table, as text, sorted per table.
std::map<std::string, std::vector<std::string>> table_rows(const std::filesystem::path& db);
// The tables whose rows differ, with the first row found in one and not in the other.
std::vector<std::string> table_differences(
    const std::map<std::string, std::vector<std::string>>& expected,
    const std::map<std::string, std::vector<std::string>>& actual);

}  // namespace ownercare::test
