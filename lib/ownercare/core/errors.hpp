// The error hierarchy of ownercare and the exit codes it maps to.
//
// Library code throws one of these; only `cli::run_tool` catches them and turns them into an
// exit code and one message per line on stderr. A message names where the problem is
// (`file:line:column: what`), never how the code found it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ownercare {

// The documented exit codes (README "Exit codes", every --help).
enum class ExitCode : int {
  ok = 0,       // done
  failure = 1,  // unexpected failure (I/O, database); nothing half-written
  usage = 2,    // bad flags, bad config, bad rules
  refused = 3,  // input refused: unreadable, wrong columns, too many invalid rows, backdated
  safety = 4,   // safety stop: a snapshot would make too many vehicles disappear
  locked = 5,   // another run holds the lock
};

// The text of the exit code table, as printed in every --help.
const char* exit_code_help();

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string message) : std::runtime_error(message), code_(code) {}
  // Several messages reported together (validation collects every problem of a file).
  Error(ExitCode code, std::vector<std::string> messages);
  ExitCode code() const { return code_; }
  // Every message, one per line; what() holds them joined by newlines.
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  ExitCode code_;
  std::vector<std::string> messages_{what()};
};

class UsageError : public Error {
 public:
  explicit UsageError(std::string message) : Error(ExitCode::usage, std::move(message)) {}
  explicit UsageError(std::vector<std::string> messages)
      : Error(ExitCode::usage, std::move(messages)) {}
};

class InputError : public Error {
 public:
  explicit InputError(std::string message) : Error(ExitCode::refused, std::move(message)) {}
  explicit InputError(std::vector<std::string> messages)
      : Error(ExitCode::refused, std::move(messages)) {}
};

class SafetyError : public Error {
 public:
  explicit SafetyError(std::string message) : Error(ExitCode::safety, std::move(message)) {}
};

class LockError : public Error {
 public:
  explicit LockError(std::string message) : Error(ExitCode::locked, std::move(message)) {}
};

class InternalError : public Error {
 public:
  explicit InternalError(std::string message) : Error(ExitCode::failure, std::move(message)) {}
};

// "file:line:column: what" (column omitted when 0, line omitted when 0).
std::string located(const std::string& file, std::uint64_t line, std::uint64_t column,
                    const std::string& what);

}  // namespace ownercare
