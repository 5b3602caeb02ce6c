// Column maps (`--columns FILE`, config key `columns`): a TOML file that teaches the importers
// the header names of one site's exports, for every kind of input at once (ownercare-record's
// outcome files included).
//
//   [columns]
//   "车主姓名" = "customer_name"    # header name in the file = canonical column name
//   "联系手机" = "mobile"
//
// A header name mapped here wins over the built-in aliases. A canonical name that belongs to
// no kind of input (fleet, sales, service, members, optouts, outcomes) is a usage error naming
// the map file, line and column: a typo must not quietly leave a column unmapped.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace ownercare::ingest {

// Header name as written in the map -> canonical column name. Throws UsageError, with every
// problem located ("map.toml:3:12: ..."), for an unreadable file, a TOML syntax error, a key
// outside [columns], a value that is not a string, an unknown canonical name, and two header
// names that are the same once trimmed and case-folded.
std::map<std::string, std::string> load_column_map(const std::filesystem::path& file);

// Every canonical column name of every kind of input.
const std::set<std::string>& canonical_column_names();

}  // namespace ownercare::ingest
