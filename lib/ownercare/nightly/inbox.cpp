#include "ownercare/nightly/inbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "ownercare/core/errors.hpp"

namespace ownercare::nightly {

const std::vector<std::string>& snapshot_kinds() {
  static const std::vector<std::string> kinds = {"fleet", "sales", "service", "members",
                                                 "optouts"};
  return kinds;
}

std::optional<InboxFile> inbox_name(const std::string& name) {
  // KIND-YYYY-MM-DD.csv: the date is the 10 characters before ".csv".
  constexpr std::size_t kDateAndExtension = 14;
  if (name.size() <= kDateAndExtension + 1) return std::nullopt;
  if (name.compare(name.size() - 4, 4, ".csv") != 0) return std::nullopt;
  std::size_t dash = name.size() - kDateAndExtension - 1;
  if (name[dash] != '-') return std::nullopt;
  std::string kind = name.substr(0, dash);
  const auto& kinds = snapshot_kinds();
  if (kind != "outcomes" && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    return std::nullopt;
  }
  std::string date_text = name.substr(dash + 1, 10);
  // Date::parse takes only YYYY-MM-DD with a real day, so "2026-02-30" is no inbox name.
  auto date = Date::parse(date_text);
  if (!date || date->iso() != date_text) return std::nullopt;
  return InboxFile{std::move(kind), *date, name};
}

Inbox scan_inbox(const std::filesystem::path& folder, Date night) {
  Inbox inbox;
  std::error_code error;
  std::filesystem::directory_iterator entries(folder, error);
  if (error) {
    throw InternalError(
        fmt::format("{}: cannot read the inbox folder: {}", folder.string(), error.message()));
  }
  for (const auto& entry : entries) {
    std::error_code status_error;
    if (!entry.is_regular_file(status_error)) continue;
    auto file = inbox_name(entry.path().filename().string());
    if (!file || night < file->date) continue;
    file->path = entry.path();
    (file->kind == "outcomes" ? inbox.outcomes : inbox.snapshots).push_back(std::move(*file));
  }
  const auto& kinds = snapshot_kinds();
  auto rank = [&](const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  };
  std::sort(inbox.snapshots.begin(), inbox.snapshots.end(),
            [&](const InboxFile& a, const InboxFile& b) {
              if (a.date != b.date) return a.date < b.date;
              return rank(a.kind) < rank(b.kind);
            });
  std::sort(inbox.outcomes.begin(), inbox.outcomes.end(),
            [](const InboxFile& a, const InboxFile& b) { return a.date < b.date; });
  return inbox;
}

}  // namespace ownercare::nightly
