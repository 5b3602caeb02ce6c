// ownercare-rules: check a rules folder, print a rule's timeline, explain one subject.
#pragma once

#include <iosfwd>
#include <string>

#include "ownercare/cli/common.hpp"

namespace ownercare::cli {

struct RulesFlags {
  CommonFlags common;
  std::string folder;   // check, timeline; empty: the --config file's rules
  std::string rule;     // timeline
  std::string start;    // timeline --start
  std::string rules;    // explain --rules
  std::string as_of;    // explain --as-of
  std::string subject;  // explain
  std::string find;     // explain --find
};

int rules_main(int argc, const char* const* argv);
// The subcommands, for tests: each returns the exit code.
int run_rules_check(const std::filesystem::path& folder, const HoldoutOverrides& holdout,
                    bool quiet, std::ostream& out,
                    std::ostream& err);
int run_rules_timeline(const std::filesystem::path& folder, const HoldoutOverrides& holdout,
                       const std::string& rule,
                       const std::string& start, std::ostream& out);
int run_rules_explain(const std::filesystem::path& db, const std::filesystem::path& rules,
                      const HoldoutOverrides& holdout,
                      Date as_of, const std::string& subject, std::ostream& out);
// explain --find: each subject found (store/history.hpp) explained in turn; nothing found is
// said on `err` and is not an error.
int run_rules_explain_found(const std::filesystem::path& db, const std::filesystem::path& rules,
                            const HoldoutOverrides& holdout,
                            Date as_of, const std::string& text, std::ostream& out,
                            std::ostream& err);

}  // namespace ownercare::cli
