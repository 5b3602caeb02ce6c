// Running the real binaries: std::system with the streams redirected to files, because that is
// exactly how cron and the nightly script run them (no terminal, so no progress output). On
// Windows (the cross-build, under Wine) CreateProcessW with the streams redirected to files
// likewise, as the Task Scheduler runs them; there is no shell there, so shell() refuses and
// the few tests that need one are tagged [posix].
#include "cli/cli_support.hpp"

#include <catch2/catch.hpp>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "ownercare/csv/reader.hpp"

namespace ownercare::test {

namespace fs = std::filesystem;

std::filesystem::path tool_path(std::string_view binary) {
#ifdef _WIN32
  return binary_dir() / (std::string(binary) + ".exe");
#else
  return binary_dir() / binary;
#endif
}

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

fs::path Workspace::write(std::string_view name, std::string_view text) const {
  auto file = work_ / name;
  write_text(file, text);
  return file;
}

std::string Workspace::read(std::string_view name) const { return read_text(work_ / name); }

bool Workspace::exists(std::string_view name) const { return fs::exists(work_ / name); }

#ifdef _WIN32

namespace {

std::wstring wide_of(std::string_view utf8) {
  if (utf8.empty()) return {};
  int size = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(),
                                 static_cast<int>(utf8.size()), nullptr, 0);
  if (size <= 0) throw std::runtime_error("not UTF-8: " + std::string(utf8));
  std::wstring wide(static_cast<std::size_t>(size), L'\0');
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), static_cast<int>(utf8.size()),
                      wide.data(), size);
  return wide;
}

// One argument quoted for CommandLineToArgvW (and the C runtime), which the tools read their
// arguments with: inside quotes, backslashes are literal unless they precede a quote.
std::wstring windows_quote(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) return arg;
  std::wstring quoted = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    if (c == L'"') quoted.append(backslashes * 2 + 1, L'\\');
    else quoted.append(backslashes, L'\\');
    backslashes = 0;
    quoted += c;
  }
  quoted.append(backslashes * 2, L'\\');
  return quoted + L"\"";
}

// A handle the child inherits: a capture file created empty, or an input file read.
HANDLE inheritable(const fs::path& file, bool write) {
  SECURITY_ATTRIBUTES attributes{sizeof attributes, nullptr, TRUE};
  HANDLE handle = CreateFileW(file.c_str(), write ? GENERIC_WRITE : GENERIC_READ,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &attributes,
                              write ? CREATE_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL,
                              nullptr);
  if (handle == INVALID_HANDLE_VALUE) throw std::runtime_error("cannot open " + file.string());
  return handle;
}

}  // namespace

bool create_process(const wchar_t* application, std::wstring& command_line, bool inherit_handles,
                    const wchar_t* directory, STARTUPINFOW& startup, PROCESS_INFORMATION& process,
                    std::string& errors) {
  // A start that fails has run nothing, so it is tried again: under Wine, CreateProcessW now
  // and then fails with ERROR_INTERNAL_ERROR (1359) for a tool that starts on the next try
  // (seen once in CI). A tool that is not there is not tried again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (attempt > 0) Sleep(static_cast<DWORD>(100 << attempt));
    if (CreateProcessW(application, command_line.data(), nullptr, nullptr,
                       inherit_handles ? TRUE : FALSE, CREATE_NO_WINDOW, nullptr, directory,
                       &startup, &process))
      return true;
    DWORD error = GetLastError();
    errors += (errors.empty() ? "" : ", ") + std::to_string(error);
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return false;
  }
  return false;
}

RunResult Workspace::shell(const std::string& command) const {
  throw std::logic_error("no shell on Windows for: " + command +
                         " (a test that needs one is tagged [posix])");
}

RunResult Workspace::run(std::string_view binary, const std::vector<std::string>& args,
                         const std::optional<std::string>& stdin_text) const {
  auto out_file = captures_ / "stdout";
  auto err_file = captures_ / "stderr";
  fs::path in_file = "NUL";
  if (stdin_text) {
    in_file = captures_ / "stdin";
    write_text(in_file, *stdin_text);
  }
  std::wstring command_line = windows_quote(tool_path(binary).wstring());
  for (const auto& arg : args) command_line += L" " + windows_quote(wide_of(arg));

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = inheritable(in_file, false);
  startup.hStdOutput = inheritable(out_file, true);
  startup.hStdError = inheritable(err_file, true);
  PROCESS_INFORMATION process{};
  std::wstring directory = path().wstring();
  std::string start_errors;
  bool started = create_process(nullptr, command_line, true, directory.c_str(), startup, process,
                                start_errors);
  CloseHandle(startup.hStdInput);
  CloseHandle(startup.hStdOutput);
  CloseHandle(startup.hStdError);
  if (!started) {
    throw std::runtime_error("cannot run " + tool_path(binary).string() + " (error " +
                             start_errors + ")");
  }
  WaitForSingleObject(process.hProcess, INFINITE);
  DWORD exit_code = 0;
  GetExitCodeProcess(process.hProcess, &exit_code);
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);

  RunResult result;
  result.exit_code = static_cast<int>(exit_code);
  result.out = read_text(out_file);
  result.err = read_text(err_file);
  // The tools join paths with Windows' separator ("out\2026-03-01", "rules\extra.toml"); the
  // tests' expected messages are written with "/" (so no test here may expect a backslash).
  std::replace(result.out.begin(), result.out.end(), '\\', '/');
  std::replace(result.err.begin(), result.err.end(), '\\', '/');
  return result;
}

#else

RunResult Workspace::shell(const std::string& command) const {
  auto out_file = captures_ / "stdout";
  auto err_file = captures_ / "stderr";
  std::string line = "cd " + shell_quote(path().string()) + " && { " + command + " ; } >" +
                     shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string());
  int status = std::system(line.c_str());
  RunResult result;
  if (status == -1) throw std::runtime_error("cannot run /bin/sh");
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.out = read_text(out_file);
  result.err = read_text(err_file);
  return result;
}

RunResult Workspace::run(std::string_view binary, const std::vector<std::string>& args,
                         const std::optional<std::string>& stdin_text) const {
  std::string command = shell_quote(tool_path(binary).string());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  if (stdin_text) {
    auto in_file = captures_ / "stdin";
    write_text(in_file, *stdin_text);
    command += " <" + shell_quote(in_file.string());
  } else {
    command += " </dev/null";
  }
  return shell(command);
}

#endif  // _WIN32

fs::path Workspace::copy_rules(std::string_view name) const {
  return copy_rule_files(name, {"fleet_status.toml"});
}

fs::path Workspace::copy_dealer_rules(std::string_view name) const {
  return copy_rule_files(name, {"dealer_care.toml", "warranty.toml", "carwash.toml"});
}

fs::path Workspace::copy_rule_files(std::string_view name,
                                    const std::vector<std::string>& files) const {
  auto target = work_ / name;
  fs::create_directories(target);
  for (const char* shared : {"policy.toml", "holidays.toml"}) {
    fs::copy_file(source_dir() / "rules" / shared, target / shared);
  }
  for (const auto& file : files) fs::copy_file(source_dir() / "rules" / file, target / file);
  return target;
}

RunResult Workspace::import_fleet(std::string_view date, std::string_view csv,
                                  const std::vector<std::string>& extra) const {
  std::string file = "fleet-" + std::string(date) + ".csv";
  write(file, csv);
  std::vector<std::string> args = {"--db", db, "--kind", "fleet", "--as-of", std::string(date)};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file);
  return run("ownercare-import", args);
}

RunResult Workspace::evaluate(std::string_view date, const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {"--db",    db,  "--rules", (source_dir() / "rules").string(),
                                    "--as-of", std::string(date), "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  return run("ownercare-evaluate", args);
}

RunResult Workspace::record(std::string_view date, std::string_view file_name,
                            std::string_view csv) const {
  write(file_name, csv);
  return run("ownercare-record",
             {"--db", db, "--as-of", std::string(date), std::string(file_name)});
}

RunResult Workspace::export_table(std::string_view table,
                                  const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {"--db", db};
  args.insert(args.end(), extra.begin(), extra.end());
  args.emplace_back(table);
  return run("ownercare-export", args);
}

std::string fleet_csv(const std::vector<std::string>& rows) {
  std::string text(kFleetHeader);
  text += '\n';
  for (const auto& row : rows) text += row + '\n';
  return text;
}

std::string fleet_row(std::string_view vehicle_id, std::string_view plate,
                      std::string_view owner_name, std::string_view phone, int status,
                      std::string_view status_since) {
  std::ostringstream row;
  row << vehicle_id << ',' << plate << ',' << owner_name << ',' << phone << ",北京," << status
      << ',' << status_since << ",,,";
  return row.str();
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::istringstream stream{std::string(text)};
  csv::ReaderOptions options{csv::Encoding::utf8};
  options.fold_full_width = false;  // what the tools wrote, byte for byte
  csv::Reader reader(stream, "test", options);
  std::vector<std::vector<std::string>> records;
  csv::Record record;
  while (reader.next(record)) records.emplace_back(record.fields.begin(), record.fields.end());
  return records;
}

std::vector<std::vector<std::string>> read_csv(const fs::path& file) {
  return parse_csv(read_text(file));
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> folder_entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool owner_only(const fs::path& file) {
#ifdef _WIN32
  // Windows has no mode bits: a file takes its folder's access list (core/files.cpp), which
  // these tests do not check (the README lists it as untested). The file must exist, though.
  return fs::is_regular_file(file);
#else
  auto permissions = fs::status(file).permissions();
  return permissions == (fs::perms::owner_read | fs::perms::owner_write);
#endif
}

void require_success(const RunResult& result) {
  INFO("stdout: " << result.out);
  INFO("stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
}

#ifdef _WIN32

// As FileLock on Windows (core/files.cpp): LockFileEx over the whole file.
HeldLock::HeldLock(const fs::path& lock_file) {
  HANDLE handle = CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                              OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle == INVALID_HANDLE_VALUE) throw std::runtime_error("cannot open " + lock_file.string());
  OVERLAPPED whole{};
  if (!LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD,
                  MAXDWORD, &whole)) {
    CloseHandle(handle);
    throw std::runtime_error("cannot lock " + lock_file.string());
  }
  handle_ = handle;
}

HeldLock::~HeldLock() {
  if (handle_ != nullptr) CloseHandle(static_cast<HANDLE>(handle_));
}

#else

HeldLock::HeldLock(const fs::path& lock_file) {
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) throw std::runtime_error("cannot open " + lock_file.string());
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot lock " + lock_file.string());
  }
}

HeldLock::~HeldLock() {
  if (fd_ >= 0) ::close(fd_);
}

#endif  // _WIN32

}  // namespace ownercare::test
