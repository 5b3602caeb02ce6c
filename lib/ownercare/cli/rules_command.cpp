#include "ownercare/cli/rules_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <utility>

#include "ownercare/engine/explain.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/rules/timeline.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/history.hpp"

namespace ownercare::cli {

int run_rules_check(const std::filesystem::path& folder, const HoldoutOverrides& holdout,
                    bool quiet, std::ostream& out,
                    std::ostream& err) {
  auto set = load_rules(folder, holdout);
  for (const auto& warning : set.warnings) err << "ownercare-rules: warning: " << warning << '\n';
  if (!quiet) {
    std::size_t steps = 0;
    for (const auto& rule : set.rules) steps += rule.steps.size();
    std::string calendar =
        set.calendar.empty()
            ? "no holiday calendar"
            : fmt::format("holidays {} to {}", set.calendar.covered_from().iso(),
                          set.calendar.covered_until().iso());
    if (auto estimated_from = set.calendar.estimated_from())
      calendar += fmt::format(" (estimated from {})", estimated_from->iso());
    out << fmt::format("{}: {} rules, {} steps, {}: ok\n", folder.string(), set.rules.size(),
                       steps, calendar);
    if (auto years = set.calendar.estimated_years(); !years.empty()) {
      out << fmt::format("note: the holidays of {} are estimated from the statutory rules (days "
                         "off only, adjusted working days unknown); run scripts/update-holidays "
                         "when the State Council publishes them\n",
                         fmt::join(years, ", "));
    }
  }
  return 0;
}

int run_rules_timeline(const std::filesystem::path& folder, const HoldoutOverrides& holdout,
                       const std::string& rule,
                       const std::string& start, std::ostream& out) {
  auto set = load_rules(folder, holdout);
  const rules::Rule* found = set.find(rule);
  if (!found) {
    std::string names;
    for (const auto& r : set.rules) names += (names.empty() ? "" : ", ") + r.name;
    throw UsageError(fmt::format("no rule \"{}\" in {} (rules: {})", rule, folder.string(), names));
  }
  std::optional<Date> anchor;
  if (!start.empty()) anchor = required_date(start, "--start");
  out << rules::rule_timeline(set, *found, anchor);
  return 0;
}

int run_rules_explain(const std::filesystem::path& db_path, const std::filesystem::path& rules,
                      const HoldoutOverrides& holdout,
                      Date as_of, const std::string& subject, std::ostream& out) {
  auto set = load_rules(rules, holdout);
  auto db = store::Database::open(db_path, store::OpenMode::read_only);
  for (const auto& line : engine::explain_subject(db, set, as_of, subject)) out << line << '\n';
  return 0;
}

int run_rules_explain_found(const std::filesystem::path& db_path,
                            const std::filesystem::path& rules, const HoldoutOverrides& holdout, Date as_of,
                            const std::string& text, std::ostream& out, std::ostream& err) {
  auto set = load_rules(rules, holdout);
  auto db = store::Database::open(db_path, store::OpenMode::read_only);
  auto found = store::find_subjects(db, text);
  if (found.empty()) {
    err << fmt::format("ownercare-rules: nothing found for \"{}\" (no vehicle id, VIN, order "
                       "id, member id, phone, plate or name matches)\n",
                       text);
    return 0;
  }
  out << fmt::format("{} found for \"{}\"\n",
                     count_of(static_cast<long long>(found.size()), "subject", "subjects"), text);
  for (const auto& subject : found) {
    out << fmt::format("\n== {} (matched by {})\n", subject.label, subject.matched_by);
    for (const auto& line : engine::explain_subject(db, set, as_of, subject.id)) {
      out << line << '\n';
    }
  }
  return 0;
}

namespace {

// check and timeline: --config (for its rules key) and --quiet, as the other tools have them.
void add_folder_flags(CLI::App& subcommand, RulesFlags& flags, const char* quiet_help) {
  subcommand.add_option("--config", flags.common.config,
                        "a TOML file of defaults: its rules key names the folder when none is "
                        "given");
  subcommand.add_flag("-q,--quiet", flags.common.quiet, quiet_help);
}

// The folder given, else the config's rules (the config is read either way, so a broken one
// is reported); a UsageError when there is neither.
struct RulesFolder {
  std::filesystem::path folder;
  HoldoutOverrides holdout;  // the config's [holdout], checked against the folder's rules
};

RulesFolder rules_folder(const RulesFlags& flags, const char* subcommand,
                         const char* arguments) {
  auto config = load_config_flag(flags.common);
  if (!flags.folder.empty()) return {flags.folder, holdout_overrides(config)};
  if (config.rules) return {*config.rules, holdout_overrides(config)};
  throw UsageError(fmt::format("{} needs the rules folder: give {} (or rules in the --config "
                               "file{})",
                               subcommand, arguments,
                               std::string(subcommand) == "timeline" ? " and RULE" : ""));
}

}  // namespace

int rules_main(int argc, const char* const* argv) {
  CLI::App app{"ownercare-rules: check rules, show a rule's timeline, explain one subject",
               "ownercare-rules"};
  app.require_subcommand(1);
  RulesFlags flags;
  app.add_flag("-q,--quiet", flags.common.quiet, "print nothing on success");
  app.footer(exit_code_help());
  add_examples(app, {"ownercare-rules check --config ownercare.toml",
                     "ownercare-rules timeline --config ownercare.toml offline_no_login --start "
                     "2026-09-26",
                     "ownercare-rules explain --config ownercare.toml --as-of 2026-09-26 FC1001"});

  auto* check = app.add_subcommand(
      "check", "check a rules folder: unknown keys, wrong types, undefined placeholders, SMS "
               "too long, overlapping steps, windows outside the allowed hours");
  check->add_option("folder", flags.folder,
                    "the rules folder (default: rules in the --config file)");
  add_folder_flags(*check, flags, "print nothing on success (errors still go to stderr)");
  check->footer(exit_code_help());
  add_examples(*check, {"# the rules folder the config names",
                        "ownercare-rules check --config ownercare.toml",
                        "# a folder given: nothing printed unless something is wrong",
                        "ownercare-rules check --quiet rules"});

  auto* timeline = app.add_subcommand("timeline", "print a rule's steps in order");
  timeline->add_option("folder", flags.folder,
                       "the rules folder (default: rules in the --config file; given one "
                       "argument, it is the rule)");
  timeline->add_option("rule", flags.rule, "the rule's name");
  timeline->add_option("--start", flags.start, "show each step's date for this anchor date");
  add_folder_flags(*timeline, flags,
                   "no chatter (the timeline asked for is printed all the same)");
  timeline->footer(exit_code_help());
  add_examples(*timeline, {"ownercare-rules timeline rules owner_paused",
                           "# each step's date for an episode starting 2026-09-26, the folder "
                           "from the config",
                           "ownercare-rules timeline --config ownercare.toml offline_no_login "
                           "--start 2026-09-26"});

  auto* explain = app.add_subcommand(
      "explain", "say why each rule does or does not fire for one subject on a date");
  explain->add_option("--db", flags.common.db, "the ownercare database");
  explain->add_option("--config", flags.common.config, "a TOML file of defaults for the flags");
  explain->add_option("--rules", flags.rules, "the rules folder");
  explain->add_option("--as-of", flags.as_of, "the date to explain (YYYY-MM-DD)");
  explain->add_option("--find", flags.find,
                      "explain every subject found by id, phone, plate or name (or its start), "
                      "as ownercare-export history finds them");
  explain->add_option("subject", flags.subject,
                      "the fleet vehicle id, VIN, service order id or member id");
  explain->footer(exit_code_help());
  add_examples(*explain, {"ownercare-rules explain --config ownercare.toml --as-of 2026-09-26 "
                          "FC1001",
                          "# every subject found by a phone, plate or name",
                          "ownercare-rules explain --config ownercare.toml --as-of 2026-09-26 "
                          "--find 13812340001"});

  return run_tool(
      "ownercare-rules", app, argc, argv,
      [&] {
        if (check->parsed()) {
          auto rules = rules_folder(flags, "check", "DIR");
          return run_rules_check(rules.folder, rules.holdout, flags.common.quiet, std::cout,
                                 std::cerr);
        }
        if (timeline->parsed()) {
          if (flags.rule.empty()) {  // one argument: the rule, the folder from the config
            if (flags.folder.empty()) throw UsageError("timeline needs RULE (the rule's name)");
            flags.rule = std::exchange(flags.folder, std::string());
          }
          auto rules = rules_folder(flags, "timeline", "DIR RULE");
          return run_rules_timeline(rules.folder, rules.holdout, flags.rule, flags.start,
                                    std::cout);
        }
        auto config = load_config_flag(flags.common);
        auto db = required_path(flags.common.db, config.db, "--db", "db");
        auto rules = required_path(flags.rules, config.rules, "--rules", "rules");
        Date as_of = flags.as_of.empty() ? today(config.timezone)
                                         : required_date(flags.as_of, "--as-of");
        if (flags.subject.empty() == flags.find.empty()) {
          throw UsageError("explain needs a subject id or --find TEXT (one of the two)");
        }
        if (!flags.find.empty()) {
          return run_rules_explain_found(db, rules, holdout_overrides(config), as_of, flags.find,
                                         std::cout, std::cerr);
        }
        return run_rules_explain(db, rules, holdout_overrides(config), as_of, flags.subject,
                                 std::cout);
      },
      std::cerr);
}

}  // namespace ownercare::cli
