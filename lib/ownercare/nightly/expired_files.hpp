// The files ownercare-nightly made that hold names and phones, removed once older than
// retain_days (issue 12 point 5): the database erases its own copies of them
// (store/retention.hpp), and these are the copies outside it.
//
// Only what the night made and named by date is removed, so nothing a person put beside it is
// ever touched: in the output and report folders the folders named YYYY-MM-DD (sms.csv,
// calls.csv, calls.xlsx, handoff.csv, summary.json, the week's report), in the archive the
// snapshots and outcome files named KIND-YYYY-MM-DD.csv and their KIND-YYYY-MM-DD.rejects.csv,
// in the log folder the detail logs nightly-YYYY-MM-DD.log. The backups are bounded by
// keep_backups instead (store/backup.hpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::nightly {

struct ExpiredFolders {
  std::filesystem::path out;
  std::optional<std::filesystem::path> reports;
  std::filesystem::path archive;
  std::filesystem::path log_folder;
};

struct ExpiredFilesReport {
  std::vector<std::filesystem::path> removed;  // in the order removed
  std::vector<std::string> problems;           // what could not be removed, and why
};

// Removes the files and folders above dated before `before` (the night minus retain_days).
// A folder that does not exist is skipped; a file that cannot be removed is reported in
// `problems`, never thrown, so the rest is still removed. With `dry_run`, lists them in
// `removed` and removes nothing.
ExpiredFilesReport remove_expired_files(const ExpiredFolders& folders, Date before,
                                        bool dry_run = false);

}  // namespace ownercare::nightly
