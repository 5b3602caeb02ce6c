#include "ownercare/emit/output_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/json.hpp"
#include "ownercare/core/sha256.hpp"
#include "ownercare/csv/writer.hpp"
#include "ownercare/emit/xlsx_lists.hpp"

namespace ownercare::emit {

const std::vector<FileSpec>& output_files() {
  static const std::vector<FileSpec> files = {
      {"sms",
       "sms.csv",
       {"task_id", "subject_kind", "subject_id", "rule", "step", "phone", "text", "segments",
        "send_at"},
       true},
      {"calls",
       "calls.csv",
       {"task_id", "subject_kind", "subject_id", "rule", "step", "attempt", "window", "name",
        "phone", "other_phones", "team", "reason", "context"},
       true},
      {"handoff",
       "handoff.csv",
       {"task_id", "subject_kind", "subject_id", "rule", "step", "plate", "status",
        "days_in_status", "sms_sent", "calls_made", "last_outcome", "status_label",
        "status_since", "city", "history"},
       false},
      {"delist", "delist.csv", {"subject_id", "plate", "delisted_on", "reason"}, false},
  };
  return files;
}

const FileSpec& output_file(const std::string& key) {
  for (const auto& file : output_files()) {
    if (file.key == key) return file;
  }
  throw InternalError("no output file " + key);
}

std::string summary_with_files(const std::string& summary,
                               const std::vector<WrittenFile>& files) {
  JsonWriter json;
  json.begin_object();
  for (const auto& file : files) {
    json.key(file.name).begin_object();
    json.key("rows").value(file.rows);
    json.key("sha256").value(file.sha256);
    json.end_object();
  }
  json.end_object();
  // Indent the files object one level, and put it before the summary's closing brace.
  std::string files_text = json.text();
  while (!files_text.empty() && files_text.back() == '\n') files_text.pop_back();
  std::string indented;
  for (char c : files_text) {
    indented += c;
    if (c == '\n') indented += "  ";
  }
  auto close = summary.rfind('}');
  if (close == std::string::npos) throw InternalError("summary is not a JSON object");
  std::string head = summary.substr(0, close);
  while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) head.pop_back();
  bool empty_object = !head.empty() && head.back() == '{';
  return head + (empty_object ? "\n  " : ",\n  ") + "\"files\": " + indented + "\n}\n";
}

void check_output_folder(const std::filesystem::path& out, Date as_of) {
  std::error_code error;
  auto out_status = std::filesystem::status(out, error);
  if (std::filesystem::exists(out_status) && !std::filesystem::is_directory(out_status)) {
    throw UsageError(fmt::format("--out {} is a file, not a folder", out.string()));
  }
  auto final_dir = out / as_of.iso();
  auto status = std::filesystem::symlink_status(final_dir, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status)) {
    throw UsageError(fmt::format(
        "{} exists and is not a folder (a symbolic link or a file); ownercare-evaluate "
        "replaces OUT/DATE whole: remove it or choose another --out",
        final_dir.string()));
  }
}

PreparedOutput prepare_output(const std::filesystem::path& out, Date as_of,
                              const std::vector<store::EmittedRow>& rows,
                              const std::string& summary, const OutputOptions& options) {
  PreparedOutput prepared;
  check_output_folder(out, as_of);
  create_folders(out);
  auto pid = std::to_string(current_process_id());
  prepared.final_dir = out / as_of.iso();
  prepared.temp_dir = out / ("." + as_of.iso() + ".tmp-" + pid);
  prepared.old_dir = out / ("." + as_of.iso() + ".old-" + pid);
  std::error_code error;
  std::filesystem::remove_all(prepared.temp_dir, error);
  try {
    create_folders(prepared.temp_dir);
    // One file at a time, written as soon as it is built: a night of a hundred thousand calls
    // makes a calls.csv of tens of megabytes, and only one such text is held at once. Its
    // size is reckoned first, so the text is allocated once instead of doubling as it grows.
    for (const auto& spec : output_files()) {
      std::size_t estimate = 4096;
      for (const auto& row : rows) {
        if (row.file != spec.key) continue;
        for (const auto& cell : row.cells) estimate += cell.size() + 4;
      }
      csv::Writer writer(csv::WriterOptions{options.bom}, estimate + estimate / 16);
      writer.row(header_row(spec.key, spec.columns, options.headers));
      std::size_t count = 0;
      for (const auto& row : rows) {
        if (row.file != spec.key) continue;
        writer.row(row.cells);
        ++count;
      }
      std::string text = writer.take();
      prepared.files.push_back({spec.name, count, sha256_hex(text)});
      write_new_file(prepared.temp_dir / spec.name, text,
                     spec.owner_only ? FileAccess::owner_only : FileAccess::shared);
    }
    prepared.summary = summary_with_files(summary, prepared.files);
    // The summary lists unreachable phones: owner-only too.
    write_new_file(prepared.temp_dir / "summary.json", prepared.summary, FileAccess::owner_only);
    if (options.xlsx) {
      // For people: owner-only, all of them (names and plates too, not only phones).
      WorkbookOptions workbook{"", as_of};
      for (const auto& list : xlsx_lists()) {
        workbook.title = fmt::format("{} {}", list.sheet_name, as_of.iso());
        write_new_file(prepared.temp_dir / list.name,
                       render_workbook({list_sheet(list, rows)}, workbook, prepared.temp_dir),
                       FileAccess::owner_only);
      }
    }
    // Each file was synced as it was written; now their names, and the folder's own.
    sync_folder(prepared.temp_dir);
    sync_folder(out);
  } catch (const std::filesystem::filesystem_error& failure) {
    discard_output(prepared);
    throw InternalError(fmt::format("{}: cannot write the output: {}",
                                    prepared.final_dir.string(), failure.code().message()));
  } catch (...) {
    discard_output(prepared);
    throw;
  }
  return prepared;
}

void publish_output(const PreparedOutput& prepared) {
  std::error_code error;
  try {
    if (std::filesystem::exists(std::filesystem::symlink_status(prepared.final_dir))) {
      std::filesystem::rename(prepared.final_dir, prepared.old_dir);
    }
    std::filesystem::rename(prepared.temp_dir, prepared.final_dir);
  } catch (const std::filesystem::filesystem_error& failure) {
    if (!std::filesystem::exists(std::filesystem::symlink_status(prepared.final_dir)) &&
        std::filesystem::exists(std::filesystem::symlink_status(prepared.old_dir))) {
      std::filesystem::rename(prepared.old_dir, prepared.final_dir, error);
    }
    throw InternalError(fmt::format("{}: cannot put the folder in place: {}",
                                    prepared.final_dir.string(), failure.code().message()));
  }
  // The rename happened; syncing it is for durability only, so a failure is not reported.
  try {
    sync_folder(prepared.final_dir.parent_path());
  } catch (const Error&) {
  }
  std::filesystem::remove_all(prepared.old_dir, error);
}

void discard_output(const PreparedOutput& prepared) {
  std::error_code error;
  std::filesystem::remove_all(prepared.temp_dir, error);
}

namespace {

// The date and process id of ".YYYY-MM-DD.tmp-PID" or ".YYYY-MM-DD.old-PID", if `name` is
// exactly that.
std::optional<std::pair<Date, unsigned long>> stale_folder_name(const std::string& name) {
  constexpr std::uint64_t kLargestPid = 0xFFFFFFFFu;
  // "." + 10 + ".tmp-" (5) + at least one digit.
  if (name.size() < 17 || name.size() > 26 || name[0] != '.') return std::nullopt;
  auto date = Date::parse(name.substr(1, 10));
  auto kind = name.substr(11, 5);
  if (!date || date->iso() != name.substr(1, 10) || (kind != ".tmp-" && kind != ".old-")) {
    return std::nullopt;
  }
  std::uint64_t pid = 0;
  for (std::size_t i = 16; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    pid = pid * 10 + static_cast<std::uint64_t>(name[i] - '0');
    if (pid > kLargestPid) return std::nullopt;
  }
  return std::pair{*date, static_cast<unsigned long>(pid)};
}

}  // namespace

std::vector<Date> remove_stale_output(const std::filesystem::path& out) {
  std::vector<Date> dates;
  std::error_code error;
  std::filesystem::directory_iterator entries(out, error);
  if (error) return dates;
  for (const auto& entry : entries) {
    auto found = stale_folder_name(entry.path().filename().string());
    if (!found || process_exists(found->second)) continue;
    if (!entry.is_directory(error) || entry.is_symlink(error)) continue;
    std::filesystem::remove_all(entry.path(), error);
    if (!error) dates.push_back(found->first);
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  return dates;
}

std::vector<WrittenFile> write_output(const std::filesystem::path& out, Date as_of,
                                      const std::vector<store::EmittedRow>& rows,
                                      const std::string& summary, const OutputOptions& options) {
  auto prepared = prepare_output(out, as_of, rows, summary, options);
  publish_output(prepared);
  return prepared.files;
}

}  // namespace ownercare::emit
