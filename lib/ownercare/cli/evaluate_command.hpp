// ownercare-evaluate: flags -> validated settings -> engine::evaluate.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "ownercare/cli/common.hpp"
#include "ownercare/engine/evaluate.hpp"

namespace ownercare::cli {

struct EvaluateFlags {
  CommonFlags common;
  std::string rules;
  std::string as_of;
  std::string out;
  bool dry_run = false;
  bool allow_future = false;
  std::optional<bool> bom;
  std::string headers;  // en | zh; empty: the config's, else en
  std::optional<bool> xlsx;  // --xlsx / --no-xlsx; else the config's xlsx, else false
  std::optional<int> rerun_days;  // --rerun-days; else the config's rerun_days, else 35
};

struct EvaluateSettings {
  std::filesystem::path db;
  std::filesystem::path rules;
  HoldoutOverrides holdout;  // the config's [holdout] shares
  std::optional<std::filesystem::path> config;  // an input too: OUT/DATE must not hold it
  engine::EvaluateOptions options;
  bool quiet = false;
  bool verbose = false;
};

void define_evaluate(CLI::App& app, EvaluateFlags& flags);
EvaluateSettings resolve_evaluate(const EvaluateFlags& flags);
// `report_out`, when given, receives the night's report (for ownercare-nightly).
int run_evaluate(const EvaluateSettings& settings, std::ostream& out, std::ostream& err,
                 engine::EvaluateReport* report_out = nullptr);
int evaluate_main(int argc, const char* const* argv);

}  // namespace ownercare::cli
