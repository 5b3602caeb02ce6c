#include "crash/tool_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

#include "support/temp_dir.hpp"

namespace ownercare::test {

namespace {

using Clock = std::chrono::steady_clock;

// Only async-signal-safe calls between fork and exec: the child must not allocate.
[[noreturn]] void exec_child(const char* folder, const char* out_file, const char* err_file,
                             char* const argv[]) {
  int in = open("/dev/null", O_RDONLY);
  int out = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in < 0 || out < 0 || err < 0 || chdir(folder) != 0) _exit(127);
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
  execv(argv[0], argv);
  _exit(127);
}

void sleep_for(std::chrono::duration<double> span) {
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(span).count();
  if (nanos <= 0) return;
  timespec request{static_cast<time_t>(nanos / 1000000000), static_cast<long>(nanos % 1000000000)};
  while (nanosleep(&request, &request) != 0 && errno == EINTR) {
  }
}

}  // namespace

ToolRun run_tool(const std::filesystem::path& folder, const std::filesystem::path& tool,
                 const std::vector<std::string>& args, const std::filesystem::path& captures,
                 std::optional<std::chrono::duration<double>> kill_after, const Watch& watch) {
  std::vector<std::string> words = {tool.string()};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  std::string folder_text = folder.string();
  std::string out_file = (captures / "stdout").string();
  std::string err_file = (captures / "stderr").string();

  auto start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) exec_child(folder_text.c_str(), out_file.c_str(), err_file.c_str(), argv.data());

  int status = 0;
  if (kill_after || watch) {
    // Poll in steps of at most a millisecond: the tools run for tens to hundreds of them.
    auto deadline = kill_after ? start + std::chrono::duration_cast<Clock::duration>(*kill_after)
                               : Clock::time_point::max();
    pid_t ended = 0;
    while ((ended = waitpid(pid, &status, WNOHANG)) == 0) {
      auto now = Clock::now();
      if (now >= deadline || (watch && watch(now - start))) {
        kill(pid, SIGKILL);
        ended = waitpid(pid, &status, 0);
        break;
      }
      sleep_for(std::min<std::chrono::duration<double>>(deadline - now,
                                                         std::chrono::milliseconds(1)));
    }
    if (ended != pid) throw std::runtime_error("waitpid failed");
  } else if (waitpid(pid, &status, 0) != pid) {
    throw std::runtime_error("waitpid failed");
  }

  ToolRun run;
  run.elapsed = Clock::now() - start;
  if (WIFSIGNALED(status)) {
    run.killed = WTERMSIG(status) == SIGKILL;
    run.exit_code = 128 + WTERMSIG(status);
  } else if (WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  }
  run.err = read_text(err_file);
  return run;
}

}  // namespace ownercare::test
