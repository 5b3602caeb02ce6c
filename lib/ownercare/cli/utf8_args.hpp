// The command line as UTF-8 on every system. On Windows a program's `char** argv` is in the
// ANSI code page (1252 or 936, "?" for what it cannot hold), so a Chinese file name would not
// survive; the tools' main() therefore takes its arguments from here, which on Windows reads
// the wide command line (GetCommandLineW, CommandLineToArgvW) and converts it to UTF-8, sets
// the console's output code page to UTF-8 and puts the standard streams in binary mode (no
// "\r\n" for "\n"). On POSIX argv is taken as it is.
#pragma once

#include <string>
#include <vector>

namespace ownercare::cli {

class Utf8Args {
 public:
  Utf8Args(int argc, char** argv);
  int argc() const { return static_cast<int>(pointers_.size()) - 1; }
  // NUL-terminated, argv[argc()] == nullptr; valid as long as this object lives.
  const char* const* argv() const { return pointers_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<const char*> pointers_;
};

#ifdef _WIN32
// The arguments of a Windows command line (CommandLineToArgvW's quoting rules) in UTF-8.
std::vector<std::string> utf8_args_of(const wchar_t* command_line);
#endif

}  // namespace ownercare::cli
