// ownercare-report: the dealer and car-wash figures of a period (SPEC 8), as aligned text on
// stdout or as one CSV file per table. Reads only (no lock, the database is opened read-only),
// so it is safe while a night runs.
//
//   ownercare-report --db DB [--config FILE] --as-of D [--from D] [--to D]
//                    [--format text|csv|html|xlsx] [--out DIR|FILE] [--table NAME]
//                    [--bom|--no-bom] [--headers en|zh] [--rules DIR]
//
// The period is --from ... --to, inclusive; --to defaults to --as-of and --from to six days
// before --to (a week). --to may not be after --as-of: the report counts nothing emitted or
// recorded after --as-of, so it reads the same whenever it is run again.
// --format csv writes NAME.csv for every table into --out (created when missing); with
// --table only that table, to stdout when there is no --out. Files start with a UTF-8 BOM
// unless --no-bom (or bom = false in the config); stdout gets none unless --bom, as in
// ownercare-export. --headers zh (or headers = "zh" in the config) heads each CSV table's
// columns with their Chinese headings instead of the English names. --format text (the
// default) prints to stdout; --table keeps one table.
// --format html writes one self-contained page (report/html_report.hpp) to --out FILE,
// atomically and owner-only (the meeting table holds phones), or to stdout; --table is
// refused there (the page shows every table), as is an --out that is a folder or the database.
// --format xlsx writes one workbook, the file --out (required), a sheet per table
// (report/xlsx_report.hpp); a build without libxlsxwriter refuses it (exit 2).
// Exit codes: 0 done, 1 failure, 2 usage (bad flag, unknown --format or --table, --from after
// --to, --to after --as-of, an --out over the database), 3 the database is missing or not migrated.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "ownercare/cli/common.hpp"
#include "ownercare/store/report_queries.hpp"

namespace ownercare::cli {

enum class ReportFormat { text, csv, html, xlsx };

struct ReportFlags {
  CommonFlags common;
  std::string as_of;
  std::string from;
  std::string to;
  std::string format;
  std::string out;
  std::string table;
  std::string rules;
  std::optional<bool> bom;
  std::string headers;  // en | zh; empty: the config's, else en
  std::string html;     // with --format csv --out DIR: the HTML page too, from the same figures
};

struct ReportSettings {
  std::filesystem::path db;
  store::ReportPeriod period;
  ReportFormat format = ReportFormat::text;
  // csv: the folder (stdout when absent, needs table); html: the file (stdout when absent);
  // xlsx: the file, required
  std::optional<std::filesystem::path> out;
  std::optional<std::string> table;          // all tables when absent
  bool bom = true;
  // The rules (--rules or the config's), read for their holdout shares: a rule with a share
  // gets a lift row even before any subject was held.
  std::optional<std::filesystem::path> rules;
  HoldoutOverrides holdout;  // the config's [holdout] shares
  emit::HeaderLanguage headers = emit::HeaderLanguage::english;  // csv only: the header row
  // csv with out: the HTML page of the same figures, written after the tables (the nightly's
  // two reports from one reading of the database).
  std::optional<std::filesystem::path> html;
};

void define_report(CLI::App& app, ReportFlags& flags);
// Checks the flags without touching a file other than --config; throws UsageError.
ReportSettings resolve_report(const ReportFlags& flags);
int run_report(const ReportSettings& settings, std::ostream& out, std::ostream& err);
int report_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
