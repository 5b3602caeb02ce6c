// Value maps (`ownercare-record --values FILE`, config key `outcome_values`): a TOML file that
// teaches ownercare-record a call centre's own result codes, such as a dialer's call statuses.
//
//   [values]
//   "NA" = "no_answer"      # code in the file = ownercare's result or disposition
//   "CALLBK" = "callback"   # a disposition in the result column means the customer was reached
//
// A code mapped here wins over ownercare's own words. A target that is no result or
// disposition is a usage error naming the map file, line and column: a typo must not turn a
// whole night's outcomes into rejected lines, or worse, into another outcome.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace ownercare::outcomes {

// Code as the file writes it, trimmed and ASCII case-folded -> result or disposition name.
// Throws UsageError, with every problem located ("values.toml:3:8: ..."), for an unreadable
// file, a TOML syntax error, a key outside [values], an empty code, a value that is not a
// string, a target that is no result or disposition, and two codes that are the same once
// trimmed and case-folded.
std::map<std::string, std::string> load_value_map(const std::filesystem::path& file);

}  // namespace ownercare::outcomes
