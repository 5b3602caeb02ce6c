// Test data for the dealer and car-wash imports (sales, service, members), shared by the unit
// and CLI tests: valid VINs (the check digit computed here, independently of core/vin), rows
// of each kind with plain defaults, and a one-line look into a database.
//
// Header-only and independent of cli_support.hpp, so unit tests can include it too.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace ownercare::test {

// `vin` (17 characters of the VIN alphabet) with position 9 set to its check digit (ISO 3779:
// transliterate, weigh 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, sum modulo 11, 10 is 'X').
inline std::string with_check_digit(std::string vin) {
  static constexpr std::string_view letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  static constexpr int letter_values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                          5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  static constexpr int weights[] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    char c = vin.at(i);
    int value = c >= '0' && c <= '9' ? c - '0' : letter_values[letters.find(c)];
    sum += value * weights[i];
  }
  vin[8] = sum % 11 == 10 ? 'X' : static_cast<char>('0' + sum % 11);
  return vin;
}

// The n-th test VIN: "LSVAU2180N2" and n in six digits, with a correct check digit.
inline std::string test_vin(int n) { return with_check_digit(fmt::format("LSVAU2180N2{:06}", n)); }

// A field as CSV writes it: quoted when it holds a comma, quote or line break.
inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

inline std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  return line + "\n";
}

// Every SPEC 3.3 column, in the documented order.
inline constexpr std::string_view kSalesHeader =
    "vin,plate,brand,model,category,dealer_code,customer_name,mobile,home_phone,office_phone,"
    "birthday,sale_date,registration_date,warranty_start,warranty_end,warranty_km,odometer_km,"
    "odometer_date\n";

// One sold vehicle; the columns a test does not care about have plain values.
struct SaleLine {
  std::string vin;
  std::string customer_name = "张伟";
  std::string mobile = "13912345678";
  std::string sale_date = "2025-01-10";
  std::string odometer_km;
  std::string odometer_date;
  std::string plate = "京A12345";
  std::string dealer_code = "D001";
  std::string home_phone;
  std::string office_phone;
  std::string category = "乘用车";
  std::string brand = "大众";
  std::string model = "朗逸";
  std::string birthday;
  std::string registration_date;
  std::string warranty_start;
  std::string warranty_end;
  std::string warranty_km;

  std::string csv() const {
    return csv_line({vin, plate, brand, model, category, dealer_code, customer_name, mobile,
                     home_phone, office_phone, birthday, sale_date, registration_date,
                     warranty_start, warranty_end, warranty_km, odometer_km, odometer_date});
  }
};

inline std::string sales_csv(const std::vector<SaleLine>& lines) {
  std::string text(kSalesHeader);
  for (const auto& line : lines) text += line.csv();
  return text;
}

// Vehicles test_vin(first) ... test_vin(first + count - 1), each with its own name and mobile.
inline std::vector<SaleLine> numbered_sales(int count, int first = 1) {
  std::vector<SaleLine> lines;
  for (int n = first; n < first + count; ++n) {
    SaleLine line;
    line.vin = test_vin(n);
    line.customer_name = fmt::format("客户{}", n);
    line.mobile = fmt::format("1391234{:04}", n);
    lines.push_back(line);
  }
  return lines;
}

// Every SPEC 3.4 column, in the documented order.
inline constexpr std::string_view kServiceHeader =
    "order_id,vin,member_id,dealer_code,type,opened,closed,mileage_km,advisor,suggestion,"
    "complaint,amount\n";

struct OrderLine {
  std::string order_id;
  std::string vin;
  std::string member_id;
  std::string closed = "2026-02-20";
  std::string mileage_km;
  std::string type = "保养";
  std::string dealer_code = "D001";
  std::string opened;
  std::string advisor = "刘洋";
  std::string suggestion;
  std::string complaint;
  std::string amount = "480.00";

  std::string csv() const {
    return csv_line({order_id, vin, member_id, dealer_code, type, opened, closed, mileage_km,
                     advisor, suggestion, complaint, amount});
  }
};

// An order of a vehicle, and one of a member (a wash), with the other columns' defaults.
inline OrderLine vehicle_order(std::string order_id, std::string vin) {
  OrderLine line;
  line.order_id = std::move(order_id);
  line.vin = std::move(vin);
  return line;
}
inline OrderLine member_order(std::string order_id, std::string member_id) {
  OrderLine line;
  line.order_id = std::move(order_id);
  line.member_id = std::move(member_id);
  line.type = "洗车";
  line.dealer_code = "F01";
  line.amount = "35";
  return line;
}

inline std::string service_csv(const std::vector<OrderLine>& lines) {
  std::string text(kServiceHeader);
  for (const auto& line : lines) text += line.csv();
  return text;
}

// Every SPEC 3.5 column, in the documented order.
inline constexpr std::string_view kMembersHeader =
    "member_id,name,mobile,region,franchise,card_type,balance,expires,joined\n";

struct MemberLine {
  std::string member_id;
  std::string mobile = "13712345678";
  std::string balance = "200.00";
  std::string region = "华东";
  std::string franchise = "F01";
  std::string name = "陈静";
  std::string card_type = "月卡";
  std::string expires = "2026-12-31";
  std::string joined = "2025-05-01";

  std::string csv() const {
    return csv_line({member_id, name, mobile, region, franchise, card_type, balance, expires,
                     joined});
  }
};

inline std::string members_csv(const std::vector<MemberLine>& lines) {
  std::string text(kMembersHeader);
  for (const auto& line : lines) text += line.csv();
  return text;
}

// Members M001 ... with their own mobiles.
inline std::vector<MemberLine> numbered_members(int count, int first = 1) {
  std::vector<MemberLine> lines;
  for (int n = first; n < first + count; ++n) {
    MemberLine line;
    line.member_id = fmt::format("M{:03}", n);
    line.mobile = fmt::format("1371234{:04}", n);
    lines.push_back(line);
  }
  return lines;
}

// The first column of the first row of `sql` on a database file, as text ("" for NULL or no
// row); "|" joins the columns when the query selects several.
inline std::string query_db(const std::filesystem::path& db, const std::string& sql) {
  SQLite::Database connection(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement query(connection, sql);
  if (!query.executeStep()) return "";
  std::string row;
  for (int i = 0; i < query.getColumnCount(); ++i) {
    if (i) row += "|";
    row += query.getColumn(i).isNull() ? "" : query.getColumn(i).getString();
  }
  return row;
}

}  // namespace ownercare::test
