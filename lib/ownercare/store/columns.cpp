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

std::string multi_row_insert(std::string_view head, int columns, std::size_t rows) {
  std::string row = "(";
  for (int c = 0; c < columns; ++c) row += c ? ",?" : "?";
  row += ")";
  std::string sql(head);
  sql += " VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) sql += ',';
    sql += row;
  }
  return sql;
}

void run(SQLite::Statement& statement) {
  statement.exec();
  statement.reset();
}

}  // namespace ownercare::store
