// XLSX workbooks for people (call-centre agents, dealers, ops staff opening a list in Excel or
// WPS), written with libxlsxwriter. The CSVs stay what machines read; these files are the same
// rows made safe to open: every cell is typed by its column, never guessed by the spreadsheet,
// so a landline's leading zero, a VIN or a task id stays text, a count is a number and a date
// a date. Every sheet has one header row of Chinese headings, each with the column's English
// (contract) name as its cell comment, frozen, with an autofilter over the whole table and
// column widths fitted to the content (CJK characters count two, capped); printed on A4
// landscape, one page wide, the header row on every page.
//
// A workbook is the same bytes for the same sheets and options: its created time is given
// (the night or the report's date, never "now"), and libxlsxwriter writes no other timestamp
// (its zip entries carry 1980-01-01).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/core/files.hpp"

namespace ownercare::emit {

// Whether this build can write XLSX (CMake option OWNERCARE_XLSX, on by default; a build
// without libxlsxwriter says so when asked for XLSX).
bool xlsx_supported();
// The message a tool gives (UsageError, exit 2) when asked for XLSX by a build without it.
inline constexpr const char* kNoXlsxSupport = "this build has no XLSX support";

// How a column's cells are written. A cell that does not read as its column's kind is
// written as text (never dropped); an empty cell stays an empty cell.
enum class CellKind {
  text,      // always a string cell with the text format "@", even "057187654321" or "=1+1"
  number,    // "-12", "3.50": a number when the cell is a plain decimal of up to 15 digits,
             // shown with as many decimals as the text has
  date,      // "YYYY-MM-DD": a date shown yyyy-mm-dd
  datetime,  // "YYYY-MM-DD HH:MM": a date and time shown yyyy-mm-dd hh:mm
};

struct SheetColumn {
  std::string heading;  // the header cell: Chinese, for people
  std::string name;     // the contract's English name, the header cell's comment
  CellKind kind = CellKind::text;
};

struct Sheet {
  std::string name;  // at most 31 characters are kept (Excel's limit)
  std::vector<SheetColumn> columns;
  std::vector<std::vector<std::string>> rows;  // each as many cells as columns (extra ignored)
};

struct WorkbookOptions {
  std::string title;  // the document title (file properties)
  Date created;       // the created and modified time: this date, 00:00 UTC
};

// Excel's own limits: a text cell of more characters is cut (and ends in "…"), more rows
// refuse the workbook with InternalError.
inline constexpr std::size_t kMaxCellCharacters = 32767;
inline constexpr std::size_t kMaxSheetRows = 1048575;  // data rows below the header
// Column widths in Excel's character units: the widest cell (display width) plus 2, between
// these bounds.
inline constexpr double kMinColumnWidth = 6;
inline constexpr double kMaxColumnWidth = 60;

// The column width for cells of these display widths (the heading's included).
double column_width(std::size_t widest_display_width);

// The workbook as bytes. libxlsxwriter writes only to a named file: it writes one in
// `scratch_folder` (created owner-only, removed before returning, also on failure), which
// must exist. Scratch files there of runs that died (a kill -9) are removed first. Throws
// InternalError when libxlsxwriter fails or a sheet has too many rows.
std::string render_workbook(const std::vector<Sheet>& sheets, const WorkbookOptions& options,
                            const std::filesystem::path& scratch_folder);

// render_workbook() written to `path` atomically (core/files.hpp write_file_atomically), with
// the given access; the scratch file goes beside `path`. Throws InternalError.
void write_workbook(const std::filesystem::path& path, const std::vector<Sheet>& sheets,
                    const WorkbookOptions& options, FileAccess access);

}  // namespace ownercare::emit
