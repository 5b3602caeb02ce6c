#include "ownercare/emit/xlsx_workbook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/report/display_width.hpp"

#ifdef OWNERCARE_XLSX
#include <xlsxwriter.h>
#endif

#ifdef _WIN32
#include <windows.h>
#endif

namespace ownercare::emit {

double column_width(std::size_t widest_display_width) {
  return std::clamp(static_cast<double>(widest_display_width) + 2, kMinColumnWidth,
                    kMaxColumnWidth);
}

#ifdef OWNERCARE_XLSX

bool xlsx_supported() { return true; }

namespace {

// A plain decimal ("-12", "3.50") of at most 15 digits, which a double holds as written;
// anything else (a leading zero "007", "1e5", " 3") is not a number cell.
std::optional<double> number_cell(const std::string& cell) {
  std::size_t i = cell.size() > 0 && cell[0] == '-' ? 1 : 0;
  std::size_t digits = 0;
  std::size_t integer_digits = 0;
  bool point = false;
  for (std::size_t j = i; j < cell.size(); ++j) {
    char c = cell[j];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (!point) ++integer_digits;
    } else if (c == '.' && !point && j > i && j + 1 < cell.size()) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || digits > 15) return std::nullopt;
  if (integer_digits > 1 && cell[i] == '0') return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (error != std::errc{} || end != cell.data() + cell.size()) return std::nullopt;
  return value;
}

// Exactly "YYYY-MM-DD" (a real date), or "YYYY-MM-DD HH:MM" when `with_time`.
std::optional<lxw_datetime> date_cell(const std::string& cell, bool with_time) {
  if (cell.size() != (with_time ? 16u : 10u)) return std::nullopt;
  auto date = Date::parse(cell.substr(0, 10));
  if (!date || date->iso() != cell.substr(0, 10)) return std::nullopt;
  lxw_datetime value{};
  value.year = date->year();
  value.month = static_cast<int>(date->month());
  value.day = static_cast<int>(date->day());
  if (with_time) {
    if (cell[10] != ' ') return std::nullopt;
    auto minute = parse_clock(cell.substr(11));
    if (!minute || *minute >= 24 * 60 || format_clock(*minute) != cell.substr(11)) {
      return std::nullopt;
    }
    value.hour = *minute / 60;
    value.min = *minute % 60;
  }
  return value;
}

// `text` cut to Excel's limit of characters, its last kept character replaced by "…".
std::string within_cell_limit(const std::string& text) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters > kMaxCellCharacters) {
      // Character i is one too many: drop it and the rest, and the one before for the "…".
      std::size_t cut = i - 1;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      return text.substr(0, cut) + "\xE2\x80\xA6";
    }
  }
  return text;
}

// Excel refuses sheet names longer than 31 characters, with []:*?/\ or twice the same.
std::string sheet_name(const std::string& wanted, std::set<std::string>& taken) {
  std::string name;
  for (char c : wanted) {
    name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  }
  auto cut = [](std::string text, std::size_t characters) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == characters) {
        return text.substr(0, i);
      }
    }
    return text;
  };
  if (name.empty()) name = "sheet";
  name = cut(name, 31);
  for (int n = 2; taken.count(name); ++n) {
    auto suffix = fmt::format("~{}", n);
    name = cut(name, 31 - suffix.size()) + suffix;
  }
  taken.insert(name);
  return name;
}

class Workbook {
 public:
  Workbook(const std::filesystem::path& file, const std::filesystem::path& scratch_folder)
      : file_(file), scratch_(scratch_folder.string()) {
    lxw_workbook_options options{};
    options.tmpdir = scratch_.data();
    workbook_ = workbook_new_opt(file_.string().c_str(), &options);
    if (!workbook_) fail("cannot start the workbook");
    heading_ = workbook_add_format(workbook_);
    format_set_bold(heading_);
    format_set_bg_color(heading_, 0xDDEBF7);
    format_set_bottom(heading_, LXW_BORDER_THIN);
    format_set_num_format(heading_, "@");
    // Every cell is aligned to the top of its row, where a wrapped cell's text starts.
    text_ = cell_format("@");
    wrapped_text_ = cell_format("@");
    format_set_text_wrap(wrapped_text_);
    number_ = cell_format(nullptr);
    date_ = cell_format("yyyy-mm-dd");
    datetime_ = cell_format("yyyy-mm-dd hh:mm");
  }
  ~Workbook() {
    // A workbook not closed (an error on the way) is closed here to free it; its file is
    // removed by the caller.
    if (workbook_) workbook_close(workbook_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  void properties(const WorkbookOptions& options) {
    lxw_doc_properties properties{};
    std::string title = options.title;
    properties.title = title.data();
    properties.created = static_cast<time_t>(options.created.serial() * 86400);
    check(workbook_set_properties(workbook_, &properties), "cannot set the properties");
  }

  void add(const Sheet& sheet, std::set<std::string>& taken) {
    if (sheet.rows.size() > kMaxSheetRows) {
      throw InternalError(fmt::format("{}: sheet {} has {} rows; Excel holds at most {}",
                                      file_.string(), sheet.name, sheet.rows.size(),
                                      kMaxSheetRows));
    }
    auto name = sheet_name(sheet.name, taken);
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook_, name.c_str());
    if (!worksheet) fail("cannot add the sheet " + name);
    auto columns = static_cast<lxw_col_t>(sheet.columns.size());
    std::vector<std::size_t> widths(sheet.columns.size(), 0);
    for (lxw_col_t c = 0; c < columns; ++c) {
      const auto& column = sheet.columns[c];
      check(worksheet_write_string(worksheet, 0, c, column.heading.c_str(), heading_),
            "cannot write a heading");
      if (!column.name.empty()) {
        check(worksheet_write_comment(worksheet, 0, c, column.name.c_str()),
              "cannot write a heading's note");
      }
      widths[c] = report::display_width(column.heading);
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      auto row = static_cast<lxw_row_t>(r + 1);
      const auto& cells = sheet.rows[r];
      row_lines_ = 1;
      for (lxw_col_t c = 0; c < columns && c < cells.size(); ++c) {
        widths[c] = std::max(widths[c], write_cell(worksheet, row, c, sheet.columns[c].kind,
                                                   cells[c]));
      }
      // Spreadsheets do not grow a row for its wrapped text on their own: as many lines as
      // its longest wrapped cell takes, within Excel's largest row height.
      if (row_lines_ > 1) {
        double height = std::min(409.0, LXW_DEF_ROW_HEIGHT * static_cast<double>(row_lines_));
        check(worksheet_set_row(worksheet, row, height, nullptr), "cannot set a row's height");
      }
    }
    for (lxw_col_t c = 0; c < columns; ++c) {
      // A text column's empty cells are text too: a phone typed in later keeps its zero.
      lxw_format* format = sheet.columns[c].kind == CellKind::text ? text_ : nullptr;
      check(worksheet_set_column(worksheet, c, c, column_width(widths[c]), format),
            "cannot set a column's width");
    }
    worksheet_freeze_panes(worksheet, 1, 0);
    // Printed: A4 landscape, one page wide, the header row on every page.
    worksheet_set_landscape(worksheet);
    worksheet_set_paper(worksheet, 9);
    worksheet_fit_to_pages(worksheet, 1, 0);
    check(worksheet_repeat_rows(worksheet, 0, 0), "cannot repeat the header when printed");
    if (columns > 0) {
      check(worksheet_autofilter(worksheet, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                                 columns - 1),
            "cannot set the autofilter");
    }
  }

  void close() {
    auto error = workbook_close(workbook_);
    workbook_ = nullptr;
    check(error, "cannot write the workbook");
  }

 private:
  // How many lines `text` takes wrapped in the widest column (a line break starts a line).
  static std::size_t wrapped_lines(const std::string& text) {
    constexpr auto kPerLine = static_cast<std::size_t>(kMaxColumnWidth) - 4;
    std::size_t lines = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      auto width = report::display_width(std::string_view(text).substr(start, end - start));
      lines += std::max<std::size_t>(1, (width + kPerLine - 1) / kPerLine);
      start = end + 1;
    }
    return lines;
  }

  // Writes one cell as its column's kind says; returns its display width.
  std::size_t write_cell(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col, CellKind kind,
                         const std::string& cell) {
    if (cell.empty()) return 0;
    if (kind == CellKind::number) {
      if (auto value = number_cell(cell)) {
        check(worksheet_write_number(worksheet, row, col, *value, decimals_format(cell)),
              "cannot write a number");
        return cell.size();
      }
    } else if (kind == CellKind::date || kind == CellKind::datetime) {
      bool with_time = kind == CellKind::datetime;
      if (auto value = date_cell(cell, with_time)) {
        check(worksheet_write_datetime(worksheet, row, col, &*value,
                                       with_time ? datetime_ : date_),
              "cannot write a date");
        return cell.size();
      }
    }
    auto text = within_cell_limit(cell);
    // A cell with line breaks is as wide as its widest line.
    std::size_t widest = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      widest = std::max(widest, report::display_width(
                                    std::string_view(text).substr(start, end - start)));
      start = end + 1;
    }
    // Text wider than the widest column wraps inside its cell instead of running over the
    // columns to its right (and off the printed page).
    bool wraps = column_width(widest) >= kMaxColumnWidth;
    check(worksheet_write_string(worksheet, row, col, text.c_str(), wraps ? wrapped_text_ : text_),
          "cannot write a text cell");
    if (wraps) row_lines_ = std::max(row_lines_, wrapped_lines(text));
    return widest;
  }

  // A cell format with this number format (none: General), aligned to the top.
  lxw_format* cell_format(const char* number_format) {
    lxw_format* format = workbook_add_format(workbook_);
    if (number_format) format_set_num_format(format, number_format);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    return format;
  }

  // "66.7" is shown 66.7 and "35.00" 35.00, as in the CSV: a format with as many decimals;
  // an integer keeps the General format.
  lxw_format* decimals_format(const std::string& cell) {
    auto point = cell.find('.');
    if (point == std::string::npos) return number_;
    auto decimals = cell.size() - point - 1;
    auto& format = decimals_[decimals];
    if (!format) format = cell_format(("0." + std::string(decimals, '0')).c_str());
    return format;
  }

  void check(lxw_error error, const std::string& what) {
    if (error != LXW_NO_ERROR) fail(fmt::format("{} ({})", what, lxw_strerror(error)));
  }
  [[noreturn]] void fail(const std::string& what) {
    throw InternalError(fmt::format("{}: {}", file_.string(), what));
  }

  std::filesystem::path file_;
  std::string scratch_;
  lxw_workbook* workbook_ = nullptr;
  lxw_format* heading_ = nullptr;
  lxw_format* text_ = nullptr;
  lxw_format* wrapped_text_ = nullptr;
  lxw_format* number_ = nullptr;
  lxw_format* date_ = nullptr;
  lxw_format* datetime_ = nullptr;
  std::map<std::size_t, lxw_format*> decimals_;
  std::size_t row_lines_ = 1;  // of the row being written
};

#ifdef _WIN32
// libxlsxwriter built with MinGW opens its file with fopen, which takes a path in the ANSI code
// page, not UTF-8: a folder named in Chinese would not be found. Its short (8.3) name is ASCII
// where the volume makes short names; where it does not, say so.
std::filesystem::path ascii_folder(const std::filesystem::path& folder) {
  auto is_ascii = [](const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (is_ascii(folder.string())) return folder;
  std::wstring wide = folder.wstring();
  DWORD size = GetShortPathNameW(wide.c_str(), nullptr, 0);
  if (size > 0) {
    std::wstring short_name(size, L'\0');
    DWORD length = GetShortPathNameW(wide.c_str(), short_name.data(), size);
    short_name.resize(length);
    std::filesystem::path short_path(short_name);
    if (length > 0 && is_ascii(short_path.string())) return short_path;
  }
  throw InternalError(fmt::format(
      "{}: cannot write an XLSX file under a folder whose name is not ASCII on this volume "
      "(it has no short names): choose an output folder named in ASCII",
      folder.string()));
}
#else
const std::filesystem::path& ascii_folder(const std::filesystem::path& folder) { return folder; }
#endif

// Removes the scratch files (".xlsx-PID-N.tmp") that runs which died left in `folder`: a
// report killed mid-workbook leaves one holding names and phones. This process's own and
// those of processes still running are left.
void remove_dead_scratch_files(const std::filesystem::path& folder) {
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(folder, error)) {
    std::string name = item.path().filename().string();
    const std::string start = ".xlsx-";
    const std::string end = ".tmp";
    if (name.size() <= start.size() + end.size() || name.compare(0, start.size(), start) != 0 ||
        name.compare(name.size() - end.size(), end.size(), end) != 0) {
      continue;
    }
    std::string middle = name.substr(start.size(), name.size() - start.size() - end.size());
    auto dash = middle.find('-');
    if (dash == std::string::npos || dash == 0 || dash > 10) continue;
    unsigned long pid = 0;
    auto [at, failed] = std::from_chars(middle.data(), middle.data() + dash, pid);
    if (failed != std::errc() || at != middle.data() + dash) continue;
    if (!left_by_dead_run(pid)) continue;
    std::error_code ignored;
    std::filesystem::remove(item.path(), ignored);
  }
}

}  // namespace

std::string render_workbook(const std::vector<Sheet>& sheets, const WorkbookOptions& options,
                            const std::filesystem::path& scratch_folder) {
  static std::atomic<unsigned> counter{0};
  remove_dead_scratch_files(scratch_folder);
  auto scratch =
      scratch_folder / fmt::format(".xlsx-{}-{}.tmp", current_process_id(), ++counter);
  // Created first, owner-only: libxlsxwriter opens it for writing and so keeps that mode, and
  // no one else can read the phones in it even for a moment.
  create_private_file(scratch);
  std::string bytes;
  try {
    {
      auto folder = ascii_folder(scratch_folder);
      Workbook workbook(folder / scratch.filename(), folder);
      workbook.properties(options);
      std::set<std::string> taken;
      for (const auto& sheet : sheets) workbook.add(sheet, taken);
      workbook.close();
    }
    bytes = read_file(scratch);
  } catch (const Error&) {
    std::error_code error;
    std::filesystem::remove(scratch, error);
    throw;
  }
  std::error_code error;
  std::filesystem::remove(scratch, error);
  return bytes;
}

#else  // no libxlsxwriter in this build

bool xlsx_supported() { return false; }

std::string render_workbook(const std::vector<Sheet>&, const WorkbookOptions&,
                            const std::filesystem::path&) {
  throw UsageError(kNoXlsxSupport);
}

#endif

void write_workbook(const std::filesystem::path& path, const std::vector<Sheet>& sheets,
                    const WorkbookOptions& options, FileAccess access) {
  auto folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  write_file_atomically(path, render_workbook(sheets, options, folder), access);
}

}  // namespace ownercare::emit
