// The nights the crash test runs: a generated car-sharing fleet of 20,000 vehicles and a small
// dealer network (sales and service orders), a few nights of snapshots with changes, and the
// outcomes of each night's calls, SMS and hand-offs recorded the next night.
//
// The snapshots come from the benchmark's generators (bench/), so they look like real exports
// and are the same bytes for the same flags. The outcome files are made from the unkilled
// reference run's output of the night before, and the crashed run records the very same files:
// were its outputs to differ, those outcomes would meet other tasks and the difference would
// show up in every later night.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"

namespace ownercare::test {

// One run of one tool, as the night runs it.
struct Step {
  std::string name;  // "2026-03-11 import sales", for messages
  std::string kind;  // what is being killed: import fleet | import sales | import service |
                     // record | evaluate
  std::string tool;  // ownercare-import, ...
  std::vector<std::string> args;
};

class CrashWorld {
 public:
  static constexpr int kNights = 4;
  static constexpr int kFleetVehicles = 20000;
  static constexpr int kDealerVehicles = 4000;
  static constexpr int kOrdersPerNight = 200;

  // Generates every night's snapshots into `inputs` (created).
  explicit CrashWorld(std::filesystem::path inputs);

  Date night(int n) const { return first_night_.plus_days(n - 1); }  // n = 1 .. kNights
  // The steps of night n, in the order the nightly runs them: the fleet, sales and service
  // imports, the outcomes of the night before (from night 2 on), the evaluation. The tools run
  // in a folder of their own, with the database "ownercare.db" and the output folder "out".
  std::vector<Step> steps(int n) const;
  // Makes the outcome file night n + 1 records from night n's files in `out`.
  void write_outcomes(int n, const std::filesystem::path& out) const;

 private:
  std::filesystem::path inputs_;
  Date first_night_;
};

}  // namespace ownercare::test
