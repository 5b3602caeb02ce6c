// Stable task ids: the same rule, step, subject and anchor always give the same id, so a
// second evaluation finds the task already there instead of creating it again.
#pragma once

#include <string>
#include <string_view>

namespace ownercare::engine {

// "T" and 16 hex digits of SHA-256 over the key (the letter keeps spreadsheets from reading
// an id such as 1e100... as a number).
std::string make_task_id(std::string_view rule, std::string_view step,
                         std::string_view subject_kind, std::string_view subject_id,
                         std::string_view anchor_on);

// A share in [0, 1) fixed by rule and subject, for holdout groups.
double stable_share(std::string_view rule, std::string_view subject_id);

}  // namespace ownercare::engine
