#include "ownercare/core/errors.hpp"

#include <fmt/format.h>

namespace ownercare {

namespace {
std::string join_lines(const std::vector<std::string>& messages) {
  std::string all;
  for (const auto& message : messages) {
    if (!all.empty()) all += '\n';
    all += message;
  }
  return all;
}
}  // namespace

Error::Error(ExitCode code, std::vector<std::string> messages)
    : std::runtime_error(join_lines(messages)), code_(code), messages_(std::move(messages)) {}

const char* exit_code_help() {
  return "Exit codes:\n"
         "  0  done\n"
         "  1  unexpected failure (I/O, database); nothing half-written\n"
         "  2  usage error (bad flags, bad config, bad rules)\n"
         "  3  input refused (unreadable, wrong columns, too many invalid rows, backdated)\n"
         "  4  safety stop (a snapshot would make too many vehicles disappear)\n"
         "  5  another run holds the lock\n";
}

std::string located(const std::string& file, std::uint64_t line, std::uint64_t column,
                    const std::string& what) {
  if (line == 0) return fmt::format("{}: {}", file, what);
  if (column == 0) return fmt::format("{}:{}: {}", file, line, what);
  return fmt::format("{}:{}:{}: {}", file, line, column, what);
}

}  // namespace ownercare
