// One row of a sales snapshot, a service file or a members snapshot (SPEC 3.3-3.5): the
// columns of each (with the Chinese header names DMS and car-wash exports use), the value
// normalisations they share (VINs, phones, kilometres, yuan, categories, order types), and
// the parsers that turn a CSV record into normalised facts or a reject naming its line,
// column and reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/store/dealer_store.hpp"

namespace ownercare::ingest {

// Positions in sales_columns(), service_columns() and member_columns(). Each enum sits in its
// own namespace because the kinds share column names (vin, mobile, dealer_code, ...).
namespace sales_column {
enum Column : std::size_t {
  vin,
  plate,
  brand,
  model,
  category,
  dealer_code,
  customer_name,
  mobile,
  home_phone,
  office_phone,
  birthday,
  sale_date,
  registration_date,
  warranty_start,
  warranty_end,
  warranty_km,
  odometer_km,
  odometer_date,
};
}  // namespace sales_column

namespace service_column {
enum Column : std::size_t {
  order_id,
  vin,
  member_id,
  dealer_code,
  type,
  opened,
  closed,
  mileage_km,
  advisor,
  suggestion,
  complaint,
  amount,
};
}  // namespace service_column

namespace member_column {
enum Column : std::size_t {
  member_id,
  name,
  mobile,
  region,
  franchise,
  card_type,
  balance,
  expires,
  joined,
};
}  // namespace member_column

// The columns of each kind (canonical names, aliases, required), for matching headers, the
// column map's check and the README.
const std::vector<csv::ColumnSpec>& sales_columns();
const std::vector<csv::ColumnSpec>& service_columns();
const std::vector<csv::ColumnSpec>& member_columns();

// "乘用车" -> "passenger", "Truck" -> "truck"; other values trimmed and ASCII lower-cased.
std::string normalise_category(std::string_view text);
// "保养" -> "maintenance", "首保" -> "first_maintenance", "Repair" -> "repair", ...; other
// values trimmed and ASCII lower-cased.
std::string normalise_service_type(std::string_view text);
// A whole number of kilometres, 0 to 9,999,999: "12,345", "12345 km", "12345公里",
// "12345.0". nullopt for anything else (including empty text).
std::optional<std::int64_t> parse_kilometres(std::string_view text);
// An amount in yuan, 0 or more: "1,234.50", "¥88", "￥88", "88元". nullopt otherwise.
std::optional<double> parse_yuan(std::string_view text);

// Reads the fields of one record as the parsers need them; every failure adds a reject
// naming the column (by its canonical name and 1-based position) and returns false.
class FieldReader {
 public:
  FieldReader(const csv::HeaderMap& header, const std::vector<csv::ColumnSpec>& columns,
              Date as_of, Rejects& rejects)
      : header_(header), columns_(columns), as_of_(as_of), rejects_(rejects) {}
  void start(const csv::Record& record) { record_ = &record; }

  std::string_view text(std::size_t column) const;  // trimmed; "" when absent
  // A one-line text (control characters become spaces), or a free text that keeps its line
  // breaks (`lines`), into `out`.
  void text_into(std::size_t column, std::string& out, bool lines = false) const;
  bool reject(std::size_t column, std::string reason);
  // Rejects a record whose shape is wrong (HeaderMap::check_row); true when it is right.
  bool row_shape();
  // An id (at most 64 bytes, no control characters); `required` rejects an empty one.
  bool identifier(std::size_t column, bool required, std::string& out);
  // A VIN, normalised and verified (core/vin.hpp); empty is fine unless `required`.
  bool vin(std::size_t column, bool required, std::string& out);
  // A date; empty is nullopt, or a reject when `required`. `not_after` rejects a later date.
  bool date(std::size_t column, bool required, std::optional<Date>& out,
            std::optional<Date> not_after = std::nullopt, const char* not_after_what = nullptr);
  bool kilometres(std::size_t column, std::optional<std::int64_t>& out);
  bool yuan(std::size_t column, std::optional<double>& out);
  // A phone, normalised, with its kind; never rejects (an invalid phone keeps its row). Further
  // numbers in the cell (core/phone.hpp parse_phone_cell) are appended to `others`, separated
  // by ";"; a number in scientific notation is kept out, with a warning.
  void phone(std::size_t column, std::string& number, std::string& kind,
             std::string* others = nullptr) const;
  Date as_of() const { return as_of_; }
  bool has(std::size_t column) const { return header_.has(column); }

 private:
  const csv::HeaderMap& header_;
  const std::vector<csv::ColumnSpec>& columns_;
  Date as_of_;
  Rejects& rejects_;
  const csv::Record* record_ = nullptr;
};

// Each parser fills `facts` and returns true, or adds a reject and returns false.
class SalesRowParser {
 public:
  SalesRowParser(const csv::HeaderMap& header, Date as_of, Rejects& rejects)
      : fields_(header, sales_columns(), as_of, rejects) {}
  bool parse(const csv::Record& record, store::SaleFacts& facts);
  // After parse() returned false: true when the row's key (its VIN) could be read.
  bool key_read() const { return key_read_; }

 private:
  FieldReader fields_;
  bool key_read_ = false;
};

class ServiceRowParser {
 public:
  ServiceRowParser(const csv::HeaderMap& header, Date as_of, Rejects& rejects)
      : fields_(header, service_columns(), as_of, rejects) {}
  bool parse(const csv::Record& record, store::ServiceOrderFacts& facts);
  bool key_read() const { return key_read_; }

 private:
  FieldReader fields_;
  bool key_read_ = false;
};

class MemberRowParser {
 public:
  MemberRowParser(const csv::HeaderMap& header, Date as_of, Rejects& rejects)
      : fields_(header, member_columns(), as_of, rejects) {}
  bool parse(const csv::Record& record, store::MemberFacts& facts);
  bool key_read() const { return key_read_; }

 private:
  FieldReader fields_;
  bool key_read_ = false;
};

}  // namespace ownercare::ingest
