// Unit tests of the progress line: what TerminalProgress writes, with a fake clock and a string
// stream instead of a terminal (throttling, erasing, phases, unknown totals, step prefixes), and
// how often PhaseProgress passes a loop's count on.
#include "ownercare/core/progress.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using ownercare::PhaseProgress;
using ownercare::Progress;
using ownercare::ProgressUnit;
using ownercare::TerminalProgress;
using namespace std::chrono_literals;

namespace {

// A clock that moves only when the test says so.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  TerminalProgress::Clock clock() {
    return [this] { return now; };
  }
};

// A line as TerminalProgress draws it.
std::string drawn(const std::string& line) { return "\r" + line + "\033[K"; }

const std::string kErase = "\r\033[K";

}  // namespace

TEST_CASE("progress line: the first update is drawn at once, with the prefix and a percent",
          "[progress]") {
  std::ostringstream out;
  FakeClock time;
  TerminalProgress progress(out, "ownercare-import: fleet.csv", time.clock());
  progress.begin("read", 1000, ProgressUnit::bytes);
  CHECK(out.str() == drawn("ownercare-import: fleet.csv: read 0%"));
  time.now += 150ms;
  progress.update("read", 400);
  CHECK(out.str() == drawn("ownercare-import: fleet.csv: read 0%") +
                         drawn("ownercare-import: fleet.csv: read 40%"));
}

TEST_CASE("progress line: at most one redraw per interval, the newest state then",
          "[progress]") {
  std::ostringstream out;
  FakeClock time;
  TerminalProgress progress(out, "tool", time.clock());
  progress.begin("write", 100, ProgressUnit::rows);
  for (std::uint64_t done = 1; done <= 50; ++done) {
    time.now += 1ms;
    progress.update("write", done);
  }
  CHECK(out.str() == drawn("tool: write 0%"));  // 50 updates in 50 ms: none drawn
  time.now += 50ms;
  progress.update("write", 51);
  CHECK(out.str() == drawn("tool: write 0%") + drawn("tool: write 51%"));
  CHECK(progress.line() == "tool: write 51%");
}

TEST_CASE("progress line: an unchanged line is not written again", "[progress]") {
  std::ostringstream out;
  FakeClock time;
  TerminalProgress progress(out, "tool", time.clock());
  progress.begin("read", 1000000, ProgressUnit::bytes);
  time.now += 1s;
  progress.update("read", 10);  // still 0%
  CHECK(out.str() == drawn("tool: read 0%"));
}

TEST_CASE("progress line: clear erases the line once, and only a line that was drawn",
          "[progress]") {
  std::ostringstream out;
  FakeClock time;
  {
    TerminalProgress progress(out, "tool", time.clock());
    progress.clear();
    CHECK(out.str().empty());
    progress.begin("read", 10, ProgressUnit::rows);
    progress.clear();
    CHECK(out.str() == drawn("tool: read 0%") + kErase);
    progress.clear();
    CHECK(out.str() == drawn("tool: read 0%") + kErase);
    time.now += 1s;
    progress.update("read", 5);  // drawn again after a clear
  }  // and erased when it goes
  CHECK(out.str() == drawn("tool: read 0%") + kErase + drawn("tool: read 50%") + kErase);
}

TEST_CASE("progress line: nothing is written when no update comes", "[progress]") {
  std::ostringstream out;
  { TerminalProgress progress(out, "tool"); }
  CHECK(out.str().empty());
}

TEST_CASE("progress line: a new phase takes the line; the phase before it no longer can",
          "[progress]") {
  std::ostringstream out;
  FakeClock time;
  TerminalProgress progress(out, "tool", time.clock());
  progress.begin("read", 100, ProgressUnit::bytes);
  time.now += 1s;
  progress.begin("compare", 100, ProgressUnit::bytes);
  CHECK(progress.line() == "tool: compare 0%");
  time.now += 1s;
  progress.update("read", 90);  // the file read ahead on its own thread
  CHECK(progress.line() == "tool: compare 0%");
  progress.update("compare", 30);
  CHECK(progress.line() == "tool: compare 30%");
  CHECK(out.str() == drawn("tool: read 0%") + drawn("tool: compare 0%") +
                         drawn("tool: compare 30%"));
}

TEST_CASE("progress line: an unknown total shows the count so far", "[progress]") {
  std::ostringstream out;
  TerminalProgress progress(out, "tool");
  progress.begin("read", std::nullopt, ProgressUnit::bytes);
  progress.update("read", 3456789);
  CHECK(progress.line() == "tool: read 3.5 MB");
  progress.begin("write", std::nullopt, ProgressUnit::rows);
  progress.update("write", 12000);
  CHECK(progress.line() == "tool: write 12000 rows");
  progress.update("write", 1);
  CHECK(progress.line() == "tool: write 1 row");
  progress.begin("save", std::nullopt, ProgressUnit::rows);  // nothing counted yet
  CHECK(progress.line() == "tool: save");
}

TEST_CASE("progress line: a total of nothing is done, and more than the total is 100%",
          "[progress]") {
  std::ostringstream out;
  TerminalProgress progress(out, "tool");
  progress.begin("write", 0, ProgressUnit::rows);
  CHECK(progress.line() == "tool: write 100%");
  progress.begin("read", 10, ProgressUnit::bytes);
  progress.update("read", 11);
  CHECK(progress.line() == "tool: read 100%");
}

TEST_CASE("progress line: a step prefix names the step and the file", "[progress]") {
  std::ostringstream out;
  FakeClock time;
  TerminalProgress progress(out, "", time.clock());
  progress.step("nightly [2/5] import sales-2026-12-06.csv");
  CHECK(out.str() == drawn("nightly [2/5] import sales-2026-12-06.csv"));
  time.now += 1s;
  progress.begin("compare", 10, ProgressUnit::rows);
  progress.update("compare", 4);
  CHECK(progress.line() == "nightly [2/5] import sales-2026-12-06.csv: compare 40%");
  time.now += 1s;
  progress.step("nightly [3/5] record calls-2026-12-06.csv");  // no phase yet
  CHECK(progress.line() == "nightly [3/5] record calls-2026-12-06.csv");
  progress.update("compare", 9);  // the step before's phase
  CHECK(progress.line() == "nightly [3/5] record calls-2026-12-06.csv");
}

TEST_CASE("progress line: a long prefix is cut to fit 79 columns, the phase kept in sight",
          "[progress]") {
  std::ostringstream out;
  TerminalProgress progress(out, std::string(68, 'a'));
  progress.begin("compare", 10, ProgressUnit::rows);
  CHECK(progress.line() == std::string(64, 'a') + "...: compare 0%");  // 79 columns
  progress.step(std::string(68, 'a'));
  CHECK(progress.line() == std::string(68, 'a'));
  // Chinese characters take two columns each: 39 of them fill 78 columns, a 40th would not fit.
  std::string wide;
  for (int i = 0; i < 45; ++i) wide += "车";
  progress.step(wide);
  std::string expected;
  for (int i = 0; i < 39; ++i) expected += "车";
  CHECK(progress.line() == expected);
  progress.begin("read", 10, ProgressUnit::bytes);
  progress.update("read", 4);
  // "...: read 40%" takes 13 columns: 33 characters of 2 fit in the 66 left.
  CHECK(progress.line() == expected.substr(0, 33 * 3) + "...: read 40%");
}

namespace {

// Records what a loop passes on.
struct Recorder : Progress {
  std::vector<std::string> calls;
  void begin(std::string_view phase, std::optional<std::uint64_t> total,
             ProgressUnit unit) override {
    calls.push_back(std::string("begin ") + std::string(phase) + " " +
                    (total ? std::to_string(*total) : "?") +
                    (unit == ProgressUnit::bytes ? " bytes" : " rows"));
  }
  void update(std::string_view phase, std::uint64_t done) override {
    calls.push_back(std::string(phase) + " " + std::to_string(done));
  }
};

}  // namespace

TEST_CASE("phase progress: a count is passed on every 4096 units, not per unit", "[progress]") {
  Recorder recorder;
  PhaseProgress write(&recorder, "write", 10000);
  for (int i = 0; i < 10000; ++i) write.step();
  write.at(10000);
  CHECK(recorder.calls == std::vector<std::string>{"begin write 10000 rows", "write 4096",
                                                   "write 8192", "write 10000"});
}

TEST_CASE("phase progress: a read passes its position on every 4096 rows", "[progress]") {
  Recorder recorder;
  PhaseProgress read(&recorder, "read", std::nullopt, ProgressUnit::bytes);
  std::uint64_t due = 0;
  for (int row = 1; row <= 9000; ++row) {
    if (read.row_due()) {
      ++due;
      read.at(static_cast<std::uint64_t>(row) * 10);
    }
  }
  CHECK(due == 2);
  CHECK(recorder.calls ==
        std::vector<std::string>{"begin read ? bytes", "read 40960", "read 81920"});
}

TEST_CASE("phase progress: nobody watching, nothing is due", "[progress]") {
  PhaseProgress nobody;
  PhaseProgress also_nobody(nullptr, "read", 10);
  for (int i = 0; i < 10000; ++i) {
    nobody.step();
    CHECK_FALSE(also_nobody.row_due());
  }
  nobody.at(5);  // harmless
}
