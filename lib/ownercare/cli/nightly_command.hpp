// ownercare-nightly: one night from a config file, for cron, systemd or the Windows Task
// Scheduler. In order, stopping at the first failure so that a night is never evaluated on a
// half-imported inbox:
//   0. a consistent copy of the database into backups/ beside it (keep_backups, default 7);
//   1. import every inbox snapshot KIND-YYYY-MM-DD.csv dated on or before the night, in date
//      order (nightly/inbox.hpp), each --as-of its own date;
//   2. record every inbox outcomes-YYYY-MM-DD.csv dated on or before the night, oldest first,
//      --as-of the night;
//   3. evaluate the night into OUT/DATE/;
//   3b. erase the names and phones older than retain_days (store/retention.hpp) and remove the
//      night's own dated folders and files older than that (nightly/expired_files.hpp);
//   4. when the config names `reports`, the week's report as CSV tables in REPORTS/DATE/ and
//      as one HTML page, REPORTS/DATE/report.html (owner-only: it holds the meeting list).
// The tools run in this process (cli::run_import, run_record, run_evaluate, run_report), with
// the flags a person would give them, written to the detail log as command lines.
//
// A processed file moves to the archive (with its rejects file); a file whose step failed stays
// in the inbox. Two nights never overlap: the run holds `<db>.nightly.lock`.
//
// Quiet on success. Each thing a person must look at is one "ownercare-nightly: warning: ..."
// line on stderr (cron mails stderr): rejected rows, nights missed, a kind stale or missing,
// no phone column, too many invalid phones, the holiday calendar running out or estimated.
// A night that ran exits 0 with warnings, 6 with --strict. Every run appends one summary line
// to the log; the tools' output goes to nightly-DATE.log beside it. On failure the summary
// line and the failing step's errors go to stderr.
#pragma once

#include <iosfwd>
#include <string>

namespace ownercare::cli {

struct NightlyFlags {
  std::string config;
  std::string date;
  std::string restore;  // --restore DATE: put the backup of that night back, and stop
  std::string bin;      // accepted for scripts written for scripts/nightly; not needed
  bool retention_report = false;  // print what tonight's erasure would erase, and stop
  bool allow_future = false;      // a --date more than a day ahead is meant (passed on)
  bool strict = false;
  bool verbose = false;
  bool quiet = false;
};

// Exit code of a night that ran but warned, with --strict.
inline constexpr int kWarningsExitCode = 6;

int run_nightly(const NightlyFlags& flags, std::ostream& out, std::ostream& err);
int nightly_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
