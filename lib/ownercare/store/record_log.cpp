#include "ownercare/store/record_log.hpp"

namespace ownercare::store {

bool file_recorded(Database& db, Date as_of, const std::string& file_sha256) {
  SQLite::Statement query(db.sql(),
                          "SELECT 1 FROM record_log WHERE as_of = ? AND file_sha256 = ?");
  query.bind(1, as_of.iso());
  query.bind(2, file_sha256);
  return query.executeStep();
}

std::vector<Date> nights_file_recorded(Database& db, const std::string& file_sha256) {
  SQLite::Statement query(db.sql(),
                          "SELECT as_of FROM record_log WHERE file_sha256 = ? ORDER BY as_of");
  query.bind(1, file_sha256);
  std::vector<Date> nights;
  while (query.executeStep()) nights.push_back(*Date::parse(query.getColumn(0).getText()));
  return nights;
}

namespace {
void bind_line(SQLite::Statement& statement, const RecordLogLine& line) {
  statement.bind(1, line.as_of.iso());
  statement.bind(2, line.file_name);
  statement.bind(3, line.file_sha256);
  statement.bind(4, line.lines_read);
  statement.bind(5, line.applied);
  statement.bind(6, line.repeated);
  statement.bind(7, line.rejected);
}
}  // namespace

std::optional<Date> newest_record(Database& db) {
  SQLite::Statement query(db.sql(), "SELECT max(as_of) FROM record_log");
  if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
  return Date::parse(query.getColumn(0).getText());
}

std::int64_t insert_record_log(Database& db, const RecordLogLine& line) {
  SQLite::Statement statement(db.sql(),
                              "INSERT INTO record_log (as_of, file_name, file_sha256, lines_read, "
                              "applied, repeated, rejected) VALUES (?,?,?,?,?,?,?)");
  bind_line(statement, line);
  statement.exec();
  return db.sql().getLastInsertRowid();
}

void update_record_log(Database& db, std::int64_t record_id, const RecordLogLine& line) {
  SQLite::Statement statement(db.sql(),
                              "UPDATE record_log SET as_of = ?1, file_name = ?2, file_sha256 = ?3, "
                              "lines_read = ?4, applied = ?5, repeated = ?6, rejected = ?7 "
                              "WHERE record_id = ?8");
  bind_line(statement, line);
  statement.bind(8, record_id);
  statement.exec();
}

}  // namespace ownercare::store
