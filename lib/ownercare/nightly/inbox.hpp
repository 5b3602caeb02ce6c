// The nightly inbox: the files a night processes, found by name. A snapshot is
// KIND-YYYY-MM-DD.csv (KIND: fleet, sales, service, members, optouts), an outcome file
// outcomes-YYYY-MM-DD.csv. Only files dated on or before the night count; later ones wait for
// their own night. Other names are left alone.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::nightly {

struct InboxFile {
  std::string kind;  // fleet, sales, service, members, optouts or outcomes
  Date date;
  std::filesystem::path path;
};

struct Inbox {
  // In date order; within a date in the order of snapshot_kinds(): a service order may name a
  // vehicle first sold in the same day's sales file, and a do-not-contact list comes after the
  // snapshots it applies to. After missed nights this imports every snapshot in the order the
  // days came.
  std::vector<InboxFile> snapshots;
  std::vector<InboxFile> outcomes;  // in date order
};

// fleet, sales, service, members, optouts.
const std::vector<std::string>& snapshot_kinds();

// The kind and date a file name gives ("sales-2026-12-06.csv"), if it is an inbox name.
std::optional<InboxFile> inbox_name(const std::string& name);

// The inbox's regular files dated on or before `night`. Throws InternalError when the folder
// cannot be read.
Inbox scan_inbox(const std::filesystem::path& folder, Date night);

}  // namespace ownercare::nightly
