// The do-not-contact lists' events (sql/006_optouts.sql): written by ownercare-import --kind
// optouts, read by the night through TaskStore::suppressions_on().
#pragma once

#include <cstdint>
#include <string>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

struct OptOutEvent {
  std::string phone;    // normalised
  std::string channel;  // sms | call
  Date on;
  bool lift = false;
  std::string reason;
  std::int64_t import_id = 0;
  std::uint64_t line = 0;
};

// Writes events with one prepared statement (a company list may hold a million phones).
class OptOutWriter {
 public:
  explicit OptOutWriter(Database& db);
  // Records an event unless the same phone, channel, date and action is recorded already.
  // Returns true when it was new.
  bool record(const OptOutEvent& event);

 private:
  SQLite::Statement insert_;
};

// A SELECT of (phone, channel) for every phone and channel whose latest event on or before the
// date bound to ?1 is an 'add', for TaskStore::suppressions_on() to append to its own.
const char* optouts_in_force_sql();

}  // namespace ownercare::store
