#include "ownercare/nightly/expired_files.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/nightly/inbox.hpp"

namespace ownercare::nightly {

namespace fs = std::filesystem;

namespace {

// "2026-12-07" as a date; nullopt for any other name.
std::optional<Date> date_name(const std::string& name) {
  auto date = Date::parse(name);
  if (!date || date->iso() != name) return std::nullopt;
  return date;
}

// The date of an archived file: KIND-YYYY-MM-DD.csv or KIND-YYYY-MM-DD.rejects.csv.
std::optional<Date> archived_date(const std::string& name) {
  const std::string rejects = ".rejects.csv";
  std::string inbox = name;
  if (name.size() > rejects.size() &&
      name.compare(name.size() - rejects.size(), rejects.size(), rejects) == 0) {
    inbox = name.substr(0, name.size() - rejects.size()) + ".csv";
  }
  auto file = inbox_name(inbox);
  if (!file) return std::nullopt;
  return file->date;
}

// nightly-YYYY-MM-DD.log
std::optional<Date> detail_log_date(const std::string& name) {
  const std::string prefix = "nightly-";
  const std::string suffix = ".log";
  if (name.size() != prefix.size() + 10 + suffix.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  return date_name(name.substr(prefix.size(), 10));
}

template <class DateOf>
void remove_dated(const fs::path& folder, bool folders, DateOf date_of, Date before,
                  bool dry_run, ExpiredFilesReport& report) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) return;
  std::vector<fs::path> expired;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    // Never follows a link: a dated name that is a link is not something the night made.
    auto status = it->symlink_status(error);
    if (error) break;
    if (folders ? !fs::is_directory(status) : !fs::is_regular_file(status)) continue;
    auto date = date_of(it->path().filename().string());
    if (date && *date < before) expired.push_back(it->path());
  }
  if (error) {
    report.problems.push_back(fmt::format("{}: {}", folder.string(), error.message()));
    return;
  }
  std::sort(expired.begin(), expired.end());
  for (const auto& path : expired) {
    if (dry_run) {
      report.removed.push_back(path);
      continue;
    }
    std::error_code removing;
    fs::remove_all(path, removing);
    if (removing) {
      report.problems.push_back(
          fmt::format("{}: cannot remove it: {}", path.string(), removing.message()));
    } else {
      report.removed.push_back(path);
    }
  }
}

}  // namespace

ExpiredFilesReport remove_expired_files(const ExpiredFolders& folders, Date before,
                                        bool dry_run) {
  ExpiredFilesReport report;
  remove_dated(folders.out, true, date_name, before, dry_run, report);
  if (folders.reports) remove_dated(*folders.reports, true, date_name, before, dry_run, report);
  remove_dated(folders.archive, false, archived_date, before, dry_run, report);
  remove_dated(folders.log_folder, false, detail_log_date, before, dry_run, report);
  return report;
}

}  // namespace ownercare::nightly
