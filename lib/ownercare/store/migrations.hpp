// The schema migrations of sql/, compiled into the library (cmake/embed_sql.cmake).
#pragma once

#include <vector>

namespace ownercare::store {

struct Migration {
  int version;       // the number the file name starts with; PRAGMA user_version after it
  const char* name;  // the file name without .sql
  const char* sql;
};

// Every migration, in version order.
const std::vector<Migration>& migrations();

}  // namespace ownercare::store
