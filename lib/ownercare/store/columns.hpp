// Small helpers for binding and reading the column types the store uses: dates as
// 'YYYY-MM-DD' text, optional values as NULL, empty text as NULL where a column allows it.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <string_view>

#include "ownercare/core/date.hpp"

namespace ownercare::store {

void bind_date(SQLite::Statement& statement, int index, const std::optional<Date>& date);
void bind_number(SQLite::Statement& statement, int index, const std::optional<double>& number);
// Empty text is stored as NULL.
void bind_text_or_null(SQLite::Statement& statement, int index, const std::string& text);

std::optional<Date> column_date(const SQLite::Column& column);
std::string column_text(const SQLite::Column& column);  // "" for NULL

// "HEAD VALUES (?,...),(?,...)": an INSERT of `rows` rows of `columns` parameters each, for
// writing many rows with one statement. `head` is "INSERT INTO table (columns...)".
std::string multi_row_insert(std::string_view head, int columns, std::size_t rows);

// Runs a statement that returns no rows and makes it ready to run again.
void run(SQLite::Statement& statement);

}  // namespace ownercare::store
