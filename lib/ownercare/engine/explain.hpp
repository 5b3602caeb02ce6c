// ownercare-rules explain: for one subject and date, why each rule does or does not fire.
//
// Read-only: it looks at what is stored (the vehicle, its episode, its tasks, suppressions)
// and at what the planner would decide, and says it in lines an operator can read.
#pragma once

#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::engine {

// Throws InputError when the database has no such subject.
std::vector<std::string> explain_subject(store::Database& db, const rules::RuleSet& rules,
                                         Date as_of, const std::string& subject_id);

}  // namespace ownercare::engine
