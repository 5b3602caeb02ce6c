#include "ownercare/store/columns.hpp"

namespace ownercare::store {

void bind_date(SQLite::Statement& statement, int index, const std::optional<Date>& date) {
  if (date) statement.bind(index, date->iso());
  else statement.bind(index);
}

void bind_number(SQLite::Statement& statement, int index, const std::optional<double>& number) {
  if (number) statement.bind(index, *number);
  else statement.bind(index);
}

void bind_text_or_null(SQLite::Statement& statement, int index, const std::string& text) {
  if (text.empty()) statement.bind(index);
  else statement.bind(index, text);
}

std::optional<Date> column_date(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return Date::parse(column.getText());
}

std::string column_text(const SQLite::Column& column) {
  return column.isNull() ? std::string() : column.getString();
}

void run(SQLite::Statement& statement) {
  statement.exec();
  statement.reset();
}

}  // namespace ownercare::store
