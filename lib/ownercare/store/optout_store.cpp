#include "ownercare/store/optout_store.hpp"

namespace ownercare::store {

OptOutWriter::OptOutWriter(Database& db)
    : insert_(db.sql(),
              "INSERT OR IGNORE INTO optout (phone, channel, on_date, action, reason, import_id, "
              "line) VALUES (?,?,?,?,?,?,?)") {}

bool OptOutWriter::record(const OptOutEvent& event) {
  auto& statement = insert_;
  statement.reset();
  statement.bind(1, event.phone);
  statement.bind(2, event.channel);
  statement.bind(3, event.on.iso());
  statement.bind(4, event.lift ? "lift" : "add");
  statement.bind(5, event.reason);
  statement.bind(6, event.import_id);
  statement.bind(7, static_cast<std::int64_t>(event.line));
  return statement.exec() > 0;
}

const char* optouts_in_force_sql() {
  return "SELECT phone, channel FROM ("
         "SELECT phone, channel, action, row_number() OVER (PARTITION BY phone, channel "
         "ORDER BY on_date DESC, seq DESC) AS latest FROM optout WHERE on_date <= ?1) "
         "WHERE latest = 1 AND action = 'add'";
}

}  // namespace ownercare::store
