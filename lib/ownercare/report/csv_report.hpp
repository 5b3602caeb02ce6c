// The report as CSV for spreadsheets and pandas: one file per table, NAME.csv, its header the
// English column names (or, for people, the Chinese headings: `headers = "zh"`), written by csv::Writer (RFC 4180, LF line ends, formula-safe cells, a
// UTF-8 BOM unless turned off). Each file is written atomically (core/files.hpp); a table
// holding phone numbers (the meeting list) is created readable by its owner only (SPEC 5).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/emit/column_names.hpp"
#include "ownercare/report/report_tables.hpp"

namespace ownercare::report {

// One table as CSV text; its header the columns' names, or in Chinese their headings.
std::string render_csv_table(const ReportTable& table, bool bom,
                             emit::HeaderLanguage headers = emit::HeaderLanguage::english);

// Writes every table into `folder` (created with its parents when missing, 0755; the other
// files 0644, whatever the umask) and returns the files written, in table order. A file left from an earlier run is replaced; other files in
// the folder are left alone. Throws InternalError or std::filesystem::filesystem_error on I/O
// failure.
std::vector<std::filesystem::path> write_csv_tables(const std::filesystem::path& folder,
                                                    const std::vector<ReportTable>& tables,
                                                    bool bom,
                                                    emit::HeaderLanguage headers =
                                                        emit::HeaderLanguage::english);

}  // namespace ownercare::report
