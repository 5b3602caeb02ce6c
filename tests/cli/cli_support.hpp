// Support for the CLI tests: run a real ownercare binary in a fresh folder and capture what it
// did (exit code, stdout, stderr), plus the few helpers every CLI test file needs to set up a
// night (a fleet snapshot, the shipped rules) and to look at what a tool wrote.
//
// Each test makes its own Workspace: the tools run with it as their working directory, so
// tests pass relative paths ("fleet.csv", "ownercare.db") and can assert messages exactly as a
// user would see them. The captured streams live in a second folder, so they never show up
// among the files a test lists.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/temp_dir.hpp"

#ifdef _WIN32
struct _STARTUPINFOW;         // STARTUPINFOW, of <windows.h>
struct _PROCESS_INFORMATION;  // PROCESS_INFORMATION
#endif

namespace ownercare::test {

struct RunResult {
  int exit_code = -1;  // the tool's exit status; 128 + N when killed by signal N
  std::string out;     // stdout, byte for byte
  std::string err;     // stderr, byte for byte
};

// The UTF-8 byte order mark ownercare puts in front of CSV files by default.
inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The header of a fleet snapshot with every SPEC 3.2 column, in the documented order.
inline constexpr std::string_view kFleetHeader =
    "vehicle_id,plate,owner_name,owner_phone,city,status,status_since,last_login,reject_rate,"
    "lost_income";

class Workspace {
 public:
  // The names the helpers below use for the database and the output folder.
  static constexpr const char* db = "ownercare.db";
  static constexpr const char* out = "out";

  const std::filesystem::path& path() const { return work_.path(); }
  std::filesystem::path operator/(std::string_view name) const { return work_ / name; }

  // Writes a file in the workspace (folders created as needed) and returns its path.
  std::filesystem::path write(std::string_view name, std::string_view text) const;
  std::string read(std::string_view name) const;
  bool exists(std::string_view name) const;

  // Runs `binary` ("ownercare-import", ...) from the build folder with `args`, in the
  // workspace, stdin from `stdin_text` (or /dev/null), through std::system. On Windows through
  // CreateProcessW, and every backslash of stdout and stderr is turned into "/", so messages
  // naming joined paths compare as on POSIX.
  RunResult run(std::string_view binary, const std::vector<std::string>& args,
                const std::optional<std::string>& stdin_text = std::nullopt) const;
  // Runs a shell command line in the workspace (for pipes); stdout and stderr captured.
  // POSIX only: on Windows it throws, and tests that use it are tagged [posix].
  RunResult shell(const std::string& command) const;

  // Copies shipped rules into the workspace as folder `name`, for tests that break them or
  // want messages that name a relative path. copy_rules: the fleet rules of the checkout
  // (fleet_status.toml) with the policy and the calendar.
  std::filesystem::path copy_rules(std::string_view name = "rules") const;
  // The dealer and car-wash rules (dealer_care, warranty, carwash) with policy and calendar.
  std::filesystem::path copy_dealer_rules(std::string_view name = "rules") const;
  std::filesystem::path copy_rule_files(std::string_view name,
                                        const std::vector<std::string>& files) const;

  // The steps of a night, with the names above. The snapshot is written as
  // "fleet-DATE.csv"; `extra` flags are appended.
  RunResult import_fleet(std::string_view date, std::string_view csv,
                         const std::vector<std::string>& extra = {}) const;
  RunResult evaluate(std::string_view date, const std::vector<std::string>& extra = {}) const;
  RunResult record(std::string_view date, std::string_view file_name, std::string_view csv) const;
  RunResult export_table(std::string_view table, const std::vector<std::string>& extra = {}) const;

 private:
  TempDir work_;
  TempDir captures_;
};

// The path of a tool in the build folder (with .exe on Windows).
std::filesystem::path tool_path(std::string_view binary);
// `text` quoted for /bin/sh.
std::string shell_quote(std::string_view text);

// A fleet snapshot: kFleetHeader and the given rows, each ending in a newline.
std::string fleet_csv(const std::vector<std::string>& rows);
// One snapshot row; the other columns are left empty.
std::string fleet_row(std::string_view vehicle_id, std::string_view plate,
                      std::string_view owner_name, std::string_view phone, int status,
                      std::string_view status_since = "");

// The records of a CSV text or file, parsed by ownercare's own reader (a BOM is skipped).
std::vector<std::vector<std::string>> parse_csv(std::string_view text);
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& file);
// The text split at '\n' (a final newline does not make an empty last line).
std::vector<std::string> split_lines(std::string_view text);
// The names of the entries of a folder, sorted.
std::vector<std::string> folder_entries(const std::filesystem::path& folder);
// True when the file can be read and written by its owner only (mode 0600). On Windows, which
// has no mode bits, true when it is a file.
bool owner_only(const std::filesystem::path& file);

// Requires a run to have succeeded, showing its stderr when it did not (for set-up steps).
void require_success(const RunResult& result);

#ifdef _WIN32
// CreateProcessW (creation flag CREATE_NO_WINDOW), tried up to five times when the start fails
// other than for a missing file, as Wine's now and then does. False when every try failed;
// `errors` then lists each try's GetLastError().
bool create_process(const wchar_t* application, std::wstring& command_line, bool inherit_handles,
                    const wchar_t* directory, _STARTUPINFOW& startup,
                    _PROCESS_INFORMATION& process, std::string& errors);
#endif

// Holds `<db>.lock` the way a running night does (flock, exclusive; LockFileEx on Windows),
// until destroyed.
class HeldLock {
 public:
  explicit HeldLock(const std::filesystem::path& lock_file);
  ~HeldLock();
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;

 private:
#ifdef _WIN32
  void* handle_ = nullptr;
#else
  int fd_ = -1;
#endif
};

}  // namespace ownercare::test
