// Running a tool as its own process that the test can kill: the crash test needs to SIGKILL a
// real ownercare binary at a chosen moment, which std::system (tests/cli) cannot do.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ownercare::test {

struct ToolRun {
  bool killed = false;     // our SIGKILL ended it (it had not finished by then)
  int exit_code = -1;      // when it finished: its exit status; 128 + N when signal N ended it
  std::chrono::duration<double> elapsed{};  // from start to its end
  std::string err;         // its stderr
};

// Called about every millisecond while the tool runs, with the time since its start; returns
// true to have it killed (SIGKILL) at once.
using Watch = std::function<bool(std::chrono::duration<double>)>;

// Runs `tool` (a path) with `args` in `folder`, stdin from /dev/null, stdout and stderr into
// files under `captures`. With `kill_after`, sends SIGKILL once that much time has passed since
// the start unless the tool ended before; the result says which happened. With `watch`, calls
// it while waiting, and kills the tool when it says so.
ToolRun run_tool(const std::filesystem::path& folder, const std::filesystem::path& tool,
                 const std::vector<std::string>& args, const std::filesystem::path& captures,
                 std::optional<std::chrono::duration<double>> kill_after = std::nullopt,
                 const Watch& watch = nullptr);

}  // namespace ownercare::test
