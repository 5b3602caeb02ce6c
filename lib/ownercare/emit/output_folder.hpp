// Writing a day's work: OUT/DATE/ with sms.csv, calls.csv, handoff.csv, delist.csv and
// summary.json, all built first, written into OUT/.DATE.tmp-PID and renamed into place, so the
// folder appears complete or not at all.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
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
};

// Renders every file from `rows` (grouped by EmittedRow::file, kept in order), adds the files'
// row counts and digests to `summary` (a JSON object from the engine), and writes the folder
// OUT/DATE atomically, replacing an earlier one. Returns what was written.
std::vector<WrittenFile> write_output(const std::filesystem::path& out, Date as_of,
                                      const std::vector<store::EmittedRow>& rows,
                                      const std::string& summary, const OutputOptions& options);

// The same in two steps, so the files can be prepared while the database commits and appear
// only once it has: prepare_output() writes OUT/.DATE.tmp-PID, publish_output() renames it to
// OUT/DATE (replacing an earlier one), discard_output() removes it.
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

// The summary with a "files" member added as its last member.
std::string summary_with_files(const std::string& summary, const std::vector<WrittenFile>& files);

}  // namespace ownercare::emit
