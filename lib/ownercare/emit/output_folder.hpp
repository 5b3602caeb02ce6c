// Writing a day's work: OUT/DATE/ with sms.csv, calls.csv, handoff.csv, delist.csv and
// summary.json (and calls.xlsx and handoff.xlsx when asked for), all built first, written into OUT/.DATE.tmp-PID, synced to disk and renamed
// into place, so the folder appears complete or not at all. Folders are created 0755, files
// with phones 0600 and the others 0644, whatever the umask.
//
// A run killed while writing leaves OUT/.DATE.tmp-PID (or, replacing an earlier folder,
// OUT/.DATE.old-PID); remove_stale_output() removes those of processes that no longer exist.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/emit/column_names.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::emit {

// The output files in the order they are written, with their columns (SPEC 5).
struct FileSpec {
  std::string key;   // sms | calls | handoff | delist
  std::string name;  // sms.csv ...
  std::vector<std::string> columns;
  bool owner_only;   // holds phone numbers
};
const std::vector<FileSpec>& output_files();
const FileSpec& output_file(const std::string& key);

struct WrittenFile {
  std::string name;
  std::size_t rows = 0;
  std::string sha256;
};

struct OutputOptions {
  bool bom = true;
  // The header row of calls.csv, handoff.csv and delist.csv (sms.csv keeps the contract's
  // names). The rows are the same either way; summary.json's digests are of the files as
  // written, so they stay true whichever is chosen.
  HeaderLanguage headers = HeaderLanguage::english;
  // Also calls.xlsx and handoff.xlsx (emit/xlsx_lists.hpp), owner-only, beside the CSVs in
  // the same folder. They are not in summary.json's "files" (the contract's list, which
  // machines check); the same night writes them byte-identical (their created time is the
  // night's date).
  bool xlsx = false;
};

// Renders every file from `rows` (grouped by EmittedRow::file, kept in order), adds the files'
// row counts and digests to `summary` (a JSON object from the engine), and writes the folder
// OUT/DATE atomically, replacing an earlier one. Returns what was written.
std::vector<WrittenFile> write_output(const std::filesystem::path& out, Date as_of,
                                      const std::vector<store::EmittedRow>& rows,
                                      const std::string& summary, const OutputOptions& options);

// Refuses, with UsageError, an OUT that is not a folder and an OUT/DATE that exists but is not
// a real folder (a file, or a symbolic link, dangling or not): the folder is replaced whole,
// and the rename would fail after the night was stored. Called before a night is computed,
// and again by prepare_output().
void check_output_folder(const std::filesystem::path& out, Date as_of);

// The same in two steps, so the files are written and synced before the database commits
// and appear only once it has: prepare_output() writes OUT/.DATE.tmp-PID and syncs it,
// publish_output() renames it to OUT/DATE (replacing an earlier one), discard_output()
// removes it. prepare_output() throws UsageError (see check_output_folder) or InternalError,
// leaving nothing; publish_output() throws InternalError, leaving OUT/DATE as it was and the
// prepared folder in place (the next evaluation removes it, see remove_stale_output).
struct PreparedOutput {
  std::vector<WrittenFile> files;
  std::string summary;  // summary.json as written
  std::filesystem::path temp_dir, final_dir, old_dir;
};
PreparedOutput prepare_output(const std::filesystem::path& out, Date as_of,
                              const std::vector<store::EmittedRow>& rows,
                              const std::string& summary, const OutputOptions& options);
void publish_output(const PreparedOutput& prepared);
void discard_output(const PreparedOutput& prepared);

// Removes the folders OUT/.DATE.tmp-PID and OUT/.DATE.old-PID (exactly that pattern) whose
// process no longer exists: what a killed run left. Returns the dates of the folders removed,
// so the caller can tell whether a stored night's OUT/DATE never appeared. A folder it cannot
// remove is left; never throws.
std::vector<Date> remove_stale_output(const std::filesystem::path& out);

// The summary with a "files" member added as its last member.
std::string summary_with_files(const std::string& summary, const std::vector<WrittenFile>& files);

}  // namespace ownercare::emit
