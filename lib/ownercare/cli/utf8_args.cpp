#include "ownercare/cli/utf8_args.hpp"

#ifdef _WIN32
#include <windows.h>
// shellapi.h after windows.h: CommandLineToArgvW.
#include <shellapi.h>
// _setmode
#include <fcntl.h>
#include <io.h>
#endif

#include <stdexcept>

namespace ownercare::cli {

#ifdef _WIN32

namespace {

std::string utf8_of(const wchar_t* wide) {
  int size = WideCharToMultiByte(CP_UTF8, 0, wide, -1, nullptr, 0, nullptr, nullptr);
  if (size <= 0) throw std::runtime_error("a command-line argument is not valid UTF-16");
  std::string text(static_cast<std::size_t>(size), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide, -1, text.data(), size, nullptr, nullptr);
  text.pop_back();  // the NUL the conversion of a NUL-terminated string includes
  return text;
}

}  // namespace

std::vector<std::string> utf8_args_of(const wchar_t* command_line) {
  int count = 0;
  wchar_t** wide = CommandLineToArgvW(command_line, &count);
  if (wide == nullptr) throw std::runtime_error("cannot read the command line");
  std::vector<std::string> args;
  for (int i = 0; i < count; ++i) args.push_back(utf8_of(wide[i]));
  LocalFree(wide);
  return args;
}

Utf8Args::Utf8Args(int /*argc*/, char** /*argv*/) : args_(utf8_args_of(GetCommandLineW())) {
  // Messages (file names, Chinese words) are UTF-8; a console shows them only in code page
  // 65001. Output to a file or pipe is the same bytes either way.
  SetConsoleOutputCP(CP_UTF8);
  // The standard streams in binary mode: in text mode the C runtime would write every "\n" as
  // "\r\n" and stop reading stdin at a Ctrl-Z byte; the tools read and write exactly the bytes
  // they do on POSIX (a CSV on stdin or stdout included).
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  for (const auto& arg : args_) pointers_.push_back(arg.c_str());
  pointers_.push_back(nullptr);
}

#else

Utf8Args::Utf8Args(int argc, char** argv) : args_(argv, argv + argc) {
  for (const auto& arg : args_) pointers_.push_back(arg.c_str());
  pointers_.push_back(nullptr);
}

#endif

}  // namespace ownercare::cli
