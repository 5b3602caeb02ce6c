// Progress of a long run: what the library tells whoever watches, and the one line on a
// terminal that the tools draw from it.
//
// The library only reports: a phase begins ("read", "compare", "write") with its total when
// known, and now and then (every few thousand rows, never per row) how much of it is done. It
// does not know whether anybody watches: a null `Progress*` means nobody does, and then a
// loop pays one increment and one compare per row. The tools decide whether to draw: a
// TerminalProgress only when stderr is a terminal and --quiet is not given, so under cron,
// in pipes and in the tests nothing at all is written.
//
// TerminalProgress redraws one line with "\r", at most once per `interval` (100 ms: ten
// redraws a second), and erases it when it is done with, before anything else is printed.
// A run of several steps (the night: which step, which file) sets a step prefix, e.g.
//   nightly [2/5] import sales-2026-12-06.csv: compare 40%
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace ownercare {

enum class ProgressUnit { rows, bytes };

// What a long run reports. The library may call it from a second thread (a file read ahead
// of its comparison), so an implementation serialises its calls itself.
class Progress {
 public:
  virtual ~Progress() = default;
  // A phase begins, with `total` units to do (nullopt when unknown, e.g. a file read from
  // stdin). It is the phase shown from now on.
  virtual void begin(std::string_view phase, std::optional<std::uint64_t> total,
                     ProgressUnit unit) = 0;
  // `done` units of `phase` are done. An update of a phase other than the last one begun is
  // ignored: a phase running on behind a later one does not take the line back.
  virtual void update(std::string_view phase, std::uint64_t done) = 0;
};

// How often a loop passes its count on: every this many rows.
inline constexpr std::uint64_t kProgressRows = 4096;

// A loop's side of one phase: begins it (when somebody watches) and passes the count on every
// kProgressRows units, so that a loop over millions of rows costs an increment and a compare
// per row whether or not anybody watches.
class PhaseProgress {
 public:
  PhaseProgress() = default;  // nobody watches
  PhaseProgress(Progress* progress, std::string_view phase, std::optional<std::uint64_t> total,
                ProgressUnit unit = ProgressUnit::rows);

  // One unit more done (a row compared, a row written).
  void step() {
    if (++done_ >= next_) pass_on(done_);
  }
  // One row more read: true every kProgressRows rows when somebody watches, and the caller
  // then passes its position (bytes read) on with at().
  bool row_due() { return ++done_ >= next_; }
  // `done` units are done: passed on now.
  void at(std::uint64_t done) { pass_on(done); }

 private:
  void pass_on(std::uint64_t done);

  Progress* progress_ = nullptr;
  std::string phase_;
  std::uint64_t done_ = 0;
  std::uint64_t next_ = std::numeric_limits<std::uint64_t>::max();
};

// The line on a terminal. Not a terminal check of its own: the tool creates one only when
// stderr is a terminal and it is not --quiet.
class TerminalProgress final : public Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::milliseconds kInterval{100};
  static constexpr std::size_t kColumns = 79;  // the line is cut to fit an 80-column terminal

  // Draws on `out` lines that start with `prefix` ("ownercare-import: fleet.csv").
  explicit TerminalProgress(std::ostream& out, std::string prefix = {},
                            Clock clock = std::chrono::steady_clock::now);
  // Erases the line.
  ~TerminalProgress() override;
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  // A new step of a longer run: its prefix ("nightly [2/5] import sales-2026-12-06.csv"),
  // with no phase yet. It is drawn at once, as far as the interval allows.
  void step(std::string prefix);
  void begin(std::string_view phase, std::optional<std::uint64_t> total,
             ProgressUnit unit) override;
  void update(std::string_view phase, std::uint64_t done) override;
  // Erases the line (when one is shown), so that whatever comes next starts on a clean line.
  // The next update draws again.
  void clear();

  // The line as it is drawn now, e.g. "ownercare-import: fleet.csv: read 40%" (without the
  // "\r" and the erasing): for the tests.
  std::string line() const;

 private:
  std::string line_locked() const;
  void draw_if_due();

  mutable std::mutex mutex_;
  std::ostream& out_;
  Clock clock_;
  std::string prefix_;
  std::string phase_;
  std::optional<std::uint64_t> total_;
  ProgressUnit unit_ = ProgressUnit::rows;
  std::uint64_t done_ = 0;
  std::optional<std::chrono::steady_clock::time_point> last_draw_;
  std::string drawn_;  // the line on the terminal now, empty when none
};

}  // namespace ownercare
