// The report as one XLSX workbook for people: one sheet per table, named after the table
// (report_tables.hpp, so a table added there appears here too), its Chinese headings in the
// frozen header row with the CSV column names as their comments (emit/xlsx_workbook.hpp).
// Cells are typed by their column: a right-aligned column (counts, shares, amounts) holds
// numbers, a left-aligned column whose every filled cell is a date YYYY-MM-DD holds dates,
// every other cell is text (dealer codes, subject ids, phones keep their leading zeros); a
// blank cell stays blank.
#pragma once

#include <filesystem>
#include <vector>

#include "ownercare/emit/xlsx_workbook.hpp"
#include "ownercare/report/report_tables.hpp"
#include "ownercare/store/report_queries.hpp"

namespace ownercare::report {

// One table as a sheet.
emit::Sheet xlsx_sheet(const ReportTable& table);

// Writes the workbook to `file` atomically (its folder created when missing, 0755), readable
// by its owner only (0600, whatever the umask: the meeting list holds phones, and it is a file
// for people, often mailed on). Its created time is the period's --as-of, so the same report
// is the same bytes. Throws InternalError (UsageError in a build without XLSX support).
void write_xlsx_report(const std::filesystem::path& file, const store::ReportPeriod& period,
                       const std::vector<ReportTable>& tables);

}  // namespace ownercare::report
