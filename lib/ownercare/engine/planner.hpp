// Which steps of a rule are due for one subject on one date (SPEC 6.3): the pure decision,
// with no database, so that it can be tested day by day.
//
// A step is due when its day has come and it has no task yet. Due steps more than
// `grace_days` late are skipped as missed. Of the rest, only those of the latest day are sent
// (an SMS and a call of the same day both go); earlier ones are skipped as superseded.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/rules/rule_set.hpp"

namespace ownercare::engine {

// baseline: never planned here; the engine turns the steps of an episode a first install
// started (--baseline) into it, to record them as skipped.
enum class StepDecision { send, missed, superseded, baseline };

struct PlannedStep {
  const rules::Step* step;
  Date due_on;
  StepDecision decision;
};

// `existing` holds the names of steps that already have a task for this subject and anchor.
// Returns the due steps without a task, in day order, each with its decision.
std::vector<PlannedStep> plan_steps(const rules::Rule& rule, Date anchor, Date as_of,
                                    const std::set<std::string>& existing);

// The last date a step due on `due_on` may still go out: grace days later, but never on or
// after the anchor for a step that comes before its anchor (a pre-holiday SMS must not arrive
// during the holiday).
Date last_send_date(const rules::Rule& rule, const rules::Step& step, Date anchor);

}  // namespace ownercare::engine
