// Unit tests of ingest/dealer_rows and ingest/column_map: the columns of the sales, service and
// members files with their Chinese header names, the value normalisations (category, order
// type, kilometres, yuan, phones, dates), the row parsers' rejects (line, column, reason), and
// the column map file (format, located errors, and that it renames headers).
#include "ownercare/ingest/dealer_rows.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/dealer_support.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/csv/reader.hpp"
#include "ownercare/ingest/column_map.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::UsageError;
using ownercare::csv::ColumnSpec;
using ownercare::ingest::load_column_map;
using ownercare::ingest::parse_kilometres;
using ownercare::ingest::parse_yuan;
using ownercare::ingest::Reject;
using ownercare::ingest::Rejects;
using ownercare::test::test_vin;
using ownercare::test::TempDir;
using ownercare::test::with_check_digit;
using ownercare::test::write_text;

namespace {

const Date kAsOf(2026, 3, 1);

// The result of parsing the second record of a CSV text (the first is its header).
template <class Facts>
struct Parsed {
  bool ok = false;
  Facts facts;
  std::vector<Reject> rejects;
};

template <class Parser, class Facts>
Parsed<Facts> parse_second_record(const std::string& text,
                                  const std::vector<ColumnSpec>& columns,
                                  const std::map<std::string, std::string>& column_map = {}) {
  std::istringstream in(text);
  ownercare::csv::Reader reader(in, "file.csv");
  ownercare::csv::Record record;
  REQUIRE(reader.next(record));
  auto header = ownercare::csv::HeaderMap::match(record, columns, "file.csv", column_map);
  REQUIRE(reader.next(record));
  Rejects rejects("file.csv");
  Parser parser(header, kAsOf, rejects);
  Parsed<Facts> parsed;
  parsed.ok = parser.parse(record, parsed.facts);
  parsed.rejects = rejects.all();
  return parsed;
}

Parsed<ownercare::store::SaleFacts> parse_sale(const std::string& text,
                                               const std::map<std::string, std::string>& map = {}) {
  return parse_second_record<ownercare::ingest::SalesRowParser, ownercare::store::SaleFacts>(
      text, ownercare::ingest::sales_columns(), map);
}

Parsed<ownercare::store::ServiceOrderFacts> parse_order(const std::string& text) {
  return parse_second_record<ownercare::ingest::ServiceRowParser,
                             ownercare::store::ServiceOrderFacts>(
      text, ownercare::ingest::service_columns());
}

Parsed<ownercare::store::MemberFacts> parse_member(const std::string& text) {
  return parse_second_record<ownercare::ingest::MemberRowParser, ownercare::store::MemberFacts>(
      text, ownercare::ingest::member_columns());
}

// The aliases of the column named `name` among `columns`.
std::vector<std::string> aliases_of(const std::vector<ColumnSpec>& columns,
                                    const std::string& name) {
  for (const auto& column : columns) {
    if (column.name == name) return column.aliases;
  }
  FAIL("no column " << name);
  return {};
}

bool has_all(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  return std::all_of(want.begin(), want.end(), [&](const std::string& name) {
    return std::find(have.begin(), have.end(), name) != have.end();
  });
}

// "file.csv:LINE:COLUMN: FIELD: REASON" of the only reject.
std::string only_reject(const std::vector<Reject>& rejects) {
  REQUIRE(rejects.size() == 1);
  const auto& reject = rejects[0];
  return fmt::format("{}:{}: {}: {}", reject.line, reject.column, reject.field, reject.reason);
}

std::string load_map_problems(const std::string& text) {
  TempDir dir;
  write_text(dir / "map.toml", text);
  try {
    load_column_map(dir / "map.toml");
  } catch (const UsageError& error) {
    std::string all = error.what();
    // Messages name the map by its full path; tests compare what follows it.
    std::string path = (dir / "map.toml").string();
    for (auto at = all.find(path); at != std::string::npos; at = all.find(path)) {
      all.replace(at, path.size(), "map.toml");
    }
    return all;
  }
  return "";
}

}  // namespace

// --- columns and aliases

TEST_CASE("dealer rows: sales requires vin, dealer_code and sale_date only", "[dealer_rows]") {
  std::vector<std::string> required;
  for (const auto& column : ownercare::ingest::sales_columns()) {
    if (column.required) required.push_back(column.name);
  }
  CHECK(required == std::vector<std::string>{"vin", "dealer_code", "sale_date"});
}

TEST_CASE("dealer rows: the sales columns know the contract's Chinese names", "[dealer_rows]") {
  const auto& columns = ownercare::ingest::sales_columns();
  CHECK(has_all(aliases_of(columns, "vin"), {"车架号", "VIN码", "底盘号"}));
  CHECK(has_all(aliases_of(columns, "plate"), {"车牌号"}));
  CHECK(has_all(aliases_of(columns, "brand"), {"品牌"}));
  CHECK(has_all(aliases_of(columns, "model"), {"车型"}));
  CHECK(has_all(aliases_of(columns, "category"), {"车辆类别", "车辆类型"}));
  CHECK(has_all(aliases_of(columns, "dealer_code"), {"经销商代码", "服务站代码"}));
  CHECK(has_all(aliases_of(columns, "customer_name"), {"客户姓名", "车主姓名"}));
  CHECK(has_all(aliases_of(columns, "mobile"), {"手机", "手机号", "移动电话"}));
  CHECK(has_all(aliases_of(columns, "home_phone"), {"家庭电话", "住宅电话"}));
  CHECK(has_all(aliases_of(columns, "office_phone"), {"办公电话", "单位电话"}));
  CHECK(has_all(aliases_of(columns, "birthday"), {"生日", "出生日期"}));
  CHECK(has_all(aliases_of(columns, "sale_date"), {"销售日期", "开票日期"}));
  CHECK(has_all(aliases_of(columns, "registration_date"), {"上牌日期", "注册日期"}));
  CHECK(has_all(aliases_of(columns, "warranty_start"), {"保修开始日期"}));
  CHECK(has_all(aliases_of(columns, "warranty_end"), {"保修结束日期"}));
  CHECK(has_all(aliases_of(columns, "warranty_km"), {"保修里程"}));
  CHECK(has_all(aliases_of(columns, "odometer_km"), {"行驶里程", "里程数"}));
  CHECK(has_all(aliases_of(columns, "odometer_date"), {"里程日期", "读数日期"}));
}

TEST_CASE("dealer rows: the service columns know the contract's Chinese names",
          "[dealer_rows]") {
  const auto& columns = ownercare::ingest::service_columns();
  CHECK(has_all(aliases_of(columns, "order_id"), {"工单号", "委托书号"}));
  CHECK(has_all(aliases_of(columns, "vin"), {"车架号", "VIN码", "底盘号"}));
  CHECK(has_all(aliases_of(columns, "member_id"), {"会员号", "会员编号"}));
  CHECK(has_all(aliases_of(columns, "type"), {"维修类型", "工单类型"}));
  CHECK(has_all(aliases_of(columns, "opened"), {"开单日期", "进厂日期"}));
  CHECK(has_all(aliases_of(columns, "closed"), {"结算日期", "出厂日期", "交车日期"}));
  CHECK(has_all(aliases_of(columns, "mileage_km"), {"进厂里程"}));
  CHECK(has_all(aliases_of(columns, "advisor"), {"服务顾问"}));
  CHECK(has_all(aliases_of(columns, "suggestion"), {"维修建议", "建议维修"}));
  CHECK(has_all(aliases_of(columns, "complaint"), {"投诉", "投诉内容"}));
  CHECK(has_all(aliases_of(columns, "amount"), {"金额", "结算金额"}));
}

TEST_CASE("dealer rows: the members columns know the contract's Chinese names",
          "[dealer_rows]") {
  const auto& columns = ownercare::ingest::member_columns();
  CHECK(has_all(aliases_of(columns, "member_id"), {"会员号", "会员编号"}));
  CHECK(has_all(aliases_of(columns, "name"), {"姓名"}));
  CHECK(has_all(aliases_of(columns, "mobile"), {"手机", "手机号", "移动电话"}));
  CHECK(has_all(aliases_of(columns, "region"), {"区域"}));
  CHECK(has_all(aliases_of(columns, "franchise"), {"加盟店", "加盟商"}));
  CHECK(has_all(aliases_of(columns, "card_type"), {"卡类型"}));
  CHECK(has_all(aliases_of(columns, "balance"), {"余额", "卡内余额"}));
  CHECK(has_all(aliases_of(columns, "expires"), {"有效期", "到期日期"}));
  CHECK(has_all(aliases_of(columns, "joined"), {"入会日期", "注册时间"}));
}

TEST_CASE("dealer rows: a DMS export with Chinese headers parses into facts", "[dealer_rows]") {
  auto vin = test_vin(1);
  auto parsed = parse_sale(
      "车架号,车牌号,品牌,车型,车辆类别,经销商代码,客户姓名,手机,家庭电话,办公电话,生日,"
      "开票日期,上牌日期,保修开始日期,保修结束日期,保修里程,行驶里程,里程日期\n" +
      vin +
      ",京a12345,大众,帕萨特,乘用车,D001,张伟,+86 139-1234-5678,010-12345678,0755 1234567,"
      "1980/2/29,2025-01-05 10:30,2025-01-08,2025-01-05,2028-01-04,\"100,000\",\"12,345 km\","
      "2026-02-01\n");
  REQUIRE(parsed.ok);
  const auto& f = parsed.facts;
  CHECK(f.vin == vin);
  CHECK(f.plate == "京A12345");
  CHECK(f.brand == "大众");
  CHECK(f.model == "帕萨特");
  CHECK(f.category == "passenger");
  CHECK(f.dealer_code == "D001");
  CHECK(f.customer_name == "张伟");
  CHECK(f.mobile == "13912345678");
  CHECK(f.mobile_kind == "mobile");
  CHECK(f.home_phone == "01012345678");
  CHECK(f.home_kind == "landline");
  CHECK(f.office_phone == "07551234567");
  CHECK(f.office_kind == "landline");
  CHECK(f.birthday == Date(1980, 2, 29));
  CHECK(f.sale_date == Date(2025, 1, 5));
  CHECK(f.registration_date == Date(2025, 1, 8));
  CHECK(f.warranty_start == Date(2025, 1, 5));
  CHECK(f.warranty_end == Date(2028, 1, 4));
  CHECK(f.warranty_km == 100000);
  CHECK(f.odometer_km == 12345);
  CHECK(f.odometer_date == Date(2026, 2, 1));
}

TEST_CASE("dealer rows: the other Chinese names of the sales columns match too",
          "[dealer_rows]") {
  auto parsed = parse_sale("VIN码,服务站代码,车主姓名,移动电话,住宅电话,单位电话,销售日期,里程数\n" +
                           test_vin(2) + ",S01,李娜,13812345678,,,2025-06-01,800\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.dealer_code == "S01");
  CHECK(parsed.facts.customer_name == "李娜");
  CHECK(parsed.facts.mobile == "13812345678");
  CHECK(parsed.facts.odometer_km == 800);
  auto chassis = parse_sale("底盘号,经销商代码,销售日期\n" + test_vin(3) + ",D1,2025-06-01\n");
  CHECK(chassis.ok);
}

// --- value normalisations

TEST_CASE("dealer rows: Chinese categories map to passenger, commercial and truck",
          "[dealer_rows]") {
  using ownercare::ingest::normalise_category;
  CHECK(normalise_category("乘用车") == "passenger");
  CHECK(normalise_category("小型客车") == "passenger");
  CHECK(normalise_category(" 私家车 ") == "passenger");
  CHECK(normalise_category("营运") == "commercial");
  CHECK(normalise_category("出租") == "commercial");
  CHECK(normalise_category("商用车") == "commercial");
  CHECK(normalise_category("货车") == "truck");
  CHECK(normalise_category("卡车") == "truck");
}

TEST_CASE("dealer rows: other categories are lower-cased and otherwise kept", "[dealer_rows]") {
  using ownercare::ingest::normalise_category;
  CHECK(normalise_category("Passenger") == "passenger");
  CHECK(normalise_category("SUV") == "suv");
  CHECK(normalise_category("新能源") == "新能源");
  CHECK(normalise_category("") == "");
}

TEST_CASE("dealer rows: Chinese order types map to the canonical types", "[dealer_rows]") {
  using ownercare::ingest::normalise_service_type;
  for (const char* repair : {"维修", "一般维修", "机修", "钣喷"}) {
    CHECK(normalise_service_type(repair) == "repair");
  }
  for (const char* maintenance : {"保养", "定保", "定期保养"}) {
    CHECK(normalise_service_type(maintenance) == "maintenance");
  }
  for (const char* first : {"首保", "强保", "首次保养"}) {
    CHECK(normalise_service_type(first) == "first_maintenance");
  }
  for (const char* warranty : {"保修", "索赔", "三包"}) {
    CHECK(normalise_service_type(warranty) == "warranty");
  }
  CHECK(normalise_service_type("洗车") == "wash");
  CHECK(normalise_service_type("精洗") == "wash");
}

TEST_CASE("dealer rows: other order types are lower-cased and trimmed", "[dealer_rows]") {
  using ownercare::ingest::normalise_service_type;
  CHECK(normalise_service_type(" Repair ") == "repair");
  CHECK(normalise_service_type("美容") == "美容");
}

TEST_CASE("dealer rows: kilometres take commas, a km suffix and a zero fraction",
          "[dealer_rows]") {
  CHECK(parse_kilometres("12345") == 12345);
  CHECK(parse_kilometres("12,345") == 12345);
  CHECK(parse_kilometres("12345km") == 12345);
  CHECK(parse_kilometres("12,345 KM") == 12345);
  CHECK(parse_kilometres("12345公里") == 12345);
  CHECK(parse_kilometres("12345.0") == 12345);
  CHECK(parse_kilometres("0") == 0);
  CHECK(parse_kilometres("9999999") == 9999999);
}

TEST_CASE("dealer rows: kilometres with decimals are rounded, halves up", "[dealer_rows]") {
  CHECK(parse_kilometres("12345.6") == 12346);
  CHECK(parse_kilometres("12345.4") == 12345);
  CHECK(parse_kilometres("12345.5") == 12346);
  CHECK(parse_kilometres("12,345.49 km") == 12345);
  CHECK(parse_kilometres("9999999.4") == 9999999);
  CHECK_FALSE(parse_kilometres("9999999.5"));  // rounds past the limit
  CHECK_FALSE(parse_kilometres("12345."));
  CHECK_FALSE(parse_kilometres("12345.6.7"));
}

TEST_CASE("dealer rows: kilometres refuse signs, words and huge numbers", "[dealer_rows]") {
  CHECK_FALSE(parse_kilometres("-5"));
  CHECK_FALSE(parse_kilometres("+5"));
  CHECK_FALSE(parse_kilometres("abc"));
  CHECK_FALSE(parse_kilometres("km"));
  CHECK_FALSE(parse_kilometres(""));
  CHECK_FALSE(parse_kilometres("10000000"));
  CHECK_FALSE(parse_kilometres("13912345678"));
}

TEST_CASE("dealer rows: yuan take ¥, ￥, 元 and thousands commas", "[dealer_rows]") {
  CHECK(parse_yuan("1,234.50") == Approx(1234.5));
  CHECK(parse_yuan("¥88") == Approx(88));
  CHECK(parse_yuan("￥88.8") == Approx(88.8));
  CHECK(parse_yuan("200元") == Approx(200));
  CHECK(parse_yuan("0") == Approx(0));
}

TEST_CASE("dealer rows: yuan refuse negative amounts and words", "[dealer_rows]") {
  CHECK_FALSE(parse_yuan("-5"));
  CHECK_FALSE(parse_yuan("五十"));
  CHECK_FALSE(parse_yuan(""));
}

// --- sales rows

TEST_CASE("dealer rows: a sales row with a bad check digit is rejected at the vin column",
          "[dealer_rows]") {
  auto vin = test_vin(4);
  vin[8] = vin[8] == '0' ? '1' : '0';
  auto parsed = parse_sale("plate,vin,dealer_code,sale_date\n京A1," + vin + ",D1,2025-01-01\n");
  CHECK_FALSE(parsed.ok);
  CHECK(only_reject(parsed.rejects) ==
        fmt::format("2:2: vin: \"{}\" check digit (character 9) is '{}', the other characters "
                    "give '{}'",
                    vin, vin[8], test_vin(4)[8]));
  CHECK(parsed.rejects[0].value == vin);
  CHECK(parsed.rejects[0].cells == std::vector<std::string>{"京A1", vin, "D1", "2025-01-01"});
}

TEST_CASE("dealer rows: a VIN of the wrong length is rejected saying so", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date\nLSVAU2180N218329,D1,2025-01-01\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:1: vin: \"LSVAU2180N218329\" has 16 characters, not 17");
}

TEST_CASE("dealer rows: a VIN with an O is rejected naming the character", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date\nLSVAUO180N2183294,D1,2025-01-01\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:1: vin: \"LSVAUO180N2183294\" character 6 is 'O'; a VIN has no I, O or Q");
}

TEST_CASE("dealer rows: a lower-case VIN is stored upper-case", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date\n 1m8gdm9axkp042788 ,D1,2025-01-01\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.vin == "1M8GDM9AXKP042788");
}

TEST_CASE("dealer rows: an empty dealer_code is rejected", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date\n" + test_vin(5) + ", ,2025-01-01\n");
  CHECK(only_reject(parsed.rejects) == "2:2: dealer_code: is empty");
}

TEST_CASE("dealer rows: an empty or unreadable sale_date is rejected", "[dealer_rows]") {
  auto empty = parse_sale("vin,dealer_code,sale_date\n" + test_vin(6) + ",D1,\n");
  CHECK(only_reject(empty.rejects) == "2:3: sale_date: is empty");
  auto bad = parse_sale("vin,dealer_code,sale_date\n" + test_vin(6) + ",D1,2025-02-30\n");
  CHECK(only_reject(bad.rejects) == "2:3: sale_date: \"2025-02-30\" is not a date (YYYY-MM-DD)");
}

TEST_CASE("dealer rows: a sale after the snapshot date is rejected", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date\n" + test_vin(7) + ",D1,2026-03-02\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:3: sale_date: 2026-03-02 is after the snapshot date 2026-03-01");
}

TEST_CASE("dealer rows: an odometer reading after the snapshot date is rejected",
          "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date,odometer_km,odometer_date\n" + test_vin(8) +
                           ",D1,2025-01-01,500,2026-04-01\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:5: odometer_date: 2026-04-01 is after the snapshot date 2026-03-01");
}

TEST_CASE("dealer rows: a mileage that is not whole kilometres is rejected", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date,odometer_km\n" + test_vin(9) +
                           ",D1,2025-01-01,12.5万\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:4: odometer_km: \"12.5万\" is not a number of kilometres (0 to 9,999,999)");
}

TEST_CASE("dealer rows: an invalid phone keeps the row with kind invalid", "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date,mobile,office_phone\n" + test_vin(10) +
                           ",D1,2025-01-01,12345,\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.mobile == "12345");
  CHECK(parsed.facts.mobile_kind == "invalid");
  CHECK(parsed.facts.office_phone.empty());
  CHECK(parsed.facts.office_kind == "empty");
}

TEST_CASE("dealer rows: a sales file without the optional columns leaves them empty",
          "[dealer_rows]") {
  auto parsed = parse_sale("vin,dealer_code,sale_date\n" + test_vin(11) + ",D1,2025/1/5\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.sale_date == Date(2025, 1, 5));
  CHECK(parsed.facts.plate.empty());
  CHECK(parsed.facts.mobile_kind == "empty");
  CHECK_FALSE(parsed.facts.odometer_km);
  CHECK_FALSE(parsed.facts.warranty_start);
}

// --- service rows

TEST_CASE("dealer rows: a service order with Chinese headers parses into facts",
          "[dealer_rows]") {
  auto vin = test_vin(12);
  auto parsed = parse_order(
      "工单号,车架号,会员号,服务站代码,维修类型,进厂日期,出厂日期,进厂里程,服务顾问,维修建议,"
      "投诉内容,结算金额\n"
      "WO-1," + vin + ",,D001,首保,2026-02-19,2026-02-20 17:45,\"5,012\",刘洋,更换刹车片,,"
      "¥480.00\n");
  REQUIRE(parsed.ok);
  const auto& f = parsed.facts;
  CHECK(f.order_id == "WO-1");
  CHECK(f.vin == vin);
  CHECK(f.member_id.empty());
  CHECK(f.dealer_code == "D001");
  CHECK(f.type == "first_maintenance");
  CHECK(f.opened == Date(2026, 2, 19));
  CHECK(f.closed == Date(2026, 2, 20));
  CHECK(f.mileage_km == 5012);
  CHECK(f.advisor == "刘洋");
  CHECK(f.suggestion == "更换刹车片");
  CHECK(f.complaint.empty());
  CHECK(f.amount == Approx(480));
}

TEST_CASE("dealer rows: a wash order names a member and no vehicle", "[dealer_rows]") {
  auto parsed = parse_order("order_id,member_id,type,closed,加盟店\nW1,M001,洗车,2026-02-20,F01\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.member_id == "M001");
  CHECK(parsed.facts.vin.empty());
  CHECK(parsed.facts.type == "wash");
  CHECK(parsed.facts.dealer_code == "F01");
}

TEST_CASE("dealer rows: an order with neither vin nor member_id is rejected", "[dealer_rows]") {
  auto parsed = parse_order("order_id,type,closed,vin,member_id\nW1,洗车,2026-02-20,,\n");
  CHECK(only_reject(parsed.rejects) == "2:4: vin: the order has neither a vin nor a member_id");
}

TEST_CASE("dealer rows: an order's VIN is checked like a sale's", "[dealer_rows]") {
  auto parsed = parse_order("order_id,vin,member_id,type,closed\nW1,LSVAU2180N218329,M1,保养,"
                            "2026-02-20\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:2: vin: \"LSVAU2180N218329\" has 16 characters, not 17");
}

TEST_CASE("dealer rows: an order closed after the file's date is rejected", "[dealer_rows]") {
  auto parsed = parse_order("order_id,member_id,type,closed\nW1,M1,洗车,2026-03-02\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:4: closed: 2026-03-02 is after the file's date 2026-03-01");
}

TEST_CASE("dealer rows: an order opened after it closed is rejected", "[dealer_rows]") {
  auto parsed = parse_order("order_id,member_id,type,closed,opened\nW1,M1,洗车,2026-02-20,"
                            "2026-02-21\n");
  CHECK(only_reject(parsed.rejects) == "2:5: opened: 2026-02-21 is after closed 2026-02-20");
}

TEST_CASE("dealer rows: an order without a type or closed date is rejected", "[dealer_rows]") {
  auto no_type = parse_order("order_id,member_id,type,closed\nW1,M1, ,2026-02-20\n");
  CHECK(only_reject(no_type.rejects) == "2:3: type: is empty");
  auto no_closed = parse_order("order_id,member_id,type,closed\nW1,M1,洗车,\n");
  CHECK(only_reject(no_closed.rejects) == "2:4: closed: is empty");
}

TEST_CASE("dealer rows: an order amount that is not yuan is rejected", "[dealer_rows]") {
  auto parsed = parse_order("order_id,member_id,type,closed,amount\nW1,M1,洗车,2026-02-20,-30\n");
  CHECK(only_reject(parsed.rejects) == "2:5: amount: \"-30\" is not an amount in yuan");
}

// --- member rows

TEST_CASE("dealer rows: a member with Chinese headers parses into facts", "[dealer_rows]") {
  auto parsed = parse_member("会员编号,姓名,手机号,区域,加盟商,卡类型,卡内余额,到期日期,注册时间\n"
                             "M001,陈静,137 1234 5678,华东,F01,年卡,\"¥1,200.50\",2026-12-31,"
                             "2025-05-01 09:12:00\n");
  REQUIRE(parsed.ok);
  const auto& f = parsed.facts;
  CHECK(f.member_id == "M001");
  CHECK(f.name == "陈静");
  CHECK(f.mobile == "13712345678");
  CHECK(f.mobile_kind == "mobile");
  CHECK(f.region == "华东");
  CHECK(f.franchise == "F01");
  CHECK(f.card_type == "年卡");
  CHECK(f.balance == Approx(1200.5));
  CHECK(f.expires == Date(2026, 12, 31));
  CHECK(f.joined == Date(2025, 5, 1));
}

TEST_CASE("dealer rows: a member with an empty mobile is kept", "[dealer_rows]") {
  auto parsed = parse_member("member_id,mobile\nM001,\n");
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.mobile_kind == "empty");
}

TEST_CASE("dealer rows: a member without an id is rejected", "[dealer_rows]") {
  auto parsed = parse_member("member_id,mobile\n,13712345678\n");
  CHECK(only_reject(parsed.rejects) == "2:1: member_id: is empty");
}

TEST_CASE("dealer rows: a member who joined after the snapshot date is rejected",
          "[dealer_rows]") {
  auto parsed = parse_member("member_id,mobile,joined\nM1,13712345678,2026-03-05\n");
  CHECK(only_reject(parsed.rejects) ==
        "2:3: joined: 2026-03-05 is after the snapshot date 2026-03-01");
}

// --- column maps

TEST_CASE("column map: [columns] maps header names to canonical names", "[column_map]") {
  TempDir dir;
  write_text(dir / "map.toml",
             "# our DMS\n[columns]\n\"车主名称\" = \"customer_name\"\n\"联系手机\" = \"mobile\"\n");
  auto map = load_column_map(dir / "map.toml");
  CHECK(map == std::map<std::string, std::string>{{"车主名称", "customer_name"},
                                                  {"联系手机", "mobile"}});
}

TEST_CASE("column map: a mapped header name is understood when matching a file",
          "[column_map]") {
  auto parsed = parse_sale("识别号,经销商,开票时间\n" + test_vin(13) + ",D9,2025-01-01\n",
                           {{"识别号", "vin"}, {"经销商", "dealer_code"}, {"开票时间", "sale_date"}});
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.dealer_code == "D9");
}

TEST_CASE("column map: a map wins over a built-in alias", "[column_map]") {
  // This site's 手机 column is the office switchboard.
  auto parsed = parse_sale("vin,dealer_code,sale_date,手机\n" + test_vin(14) +
                               ",D1,2025-01-01,010-12345678\n",
                           {{"手机", "office_phone"}});
  REQUIRE(parsed.ok);
  CHECK(parsed.facts.office_phone == "01012345678");
  CHECK(parsed.facts.mobile.empty());
}

TEST_CASE("column map: names of every kind of input are canonical", "[column_map]") {
  const auto& names = ownercare::ingest::canonical_column_names();
  for (const char* name : {"vehicle_id", "owner_phone", "vin", "odometer_date", "order_id",
                           "mileage_km", "member_id", "balance", "joined"}) {
    CHECK(names.count(name) == 1);
  }
}

TEST_CASE("column map: an unknown canonical name is located at its value", "[column_map]") {
  CHECK(load_map_problems("[columns]\n\"客户名\" = \"custmer_name\"\n") ==
        "map.toml:2:9: \"custmer_name\" is not a column of any input (fleet, sales, service, "
        "members, optouts, outcomes); see the README for the names");
}

TEST_CASE("column map: every problem is reported in file order", "[column_map]") {
  CHECK(load_map_problems("[columns]\n\"b\" = \"nope\"\n\"a\" = 3\n") ==
        "map.toml:2:7: \"nope\" is not a column of any input (fleet, sales, service, members, "
        "optouts, outcomes); see the README for the names\n"
        "map.toml:3:7: \"a\" must map to a column name (a string)");
}

TEST_CASE("column map: a key outside [columns] is refused", "[column_map]") {
  CHECK(load_map_problems("vin = \"vin\"\n[columns]\n") ==
        "map.toml:1:1: unknown key \"vin\" (a column map has one table, [columns])");
}

TEST_CASE("column map: a file without [columns] is refused", "[column_map]") {
  CHECK_THAT(load_map_problems("# nothing\n"),
             Catch::StartsWith("map.toml: no [columns] table"));
}

TEST_CASE("column map: a TOML syntax error is located", "[column_map]") {
  CHECK_THAT(load_map_problems("[columns]\n\"车主\" = customer_name\n"),
             Catch::StartsWith("map.toml:2:"));
}

TEST_CASE("column map: a header name written without quotes is located", "[column_map]") {
  CHECK(load_map_problems("[columns]\n车主 = \"customer_name\"\n") ==
        "map.toml:2:1: \"车\" (U+8F66) stands outside a string or comment; TOML allows "
        "non-ASCII characters only inside quotes and comments");
}

TEST_CASE("column map: two spellings of one header name are refused", "[column_map]") {
  CHECK(load_map_problems("[columns]\n\"Phone\" = \"mobile\"\n\" phone\" = \"home_phone\"\n") ==
        "map.toml:3:1: \" phone\" is the same header name as \"Phone\"");
}

TEST_CASE("column map: a missing map file is a usage error", "[column_map]") {
  TempDir dir;
  CHECK_THROWS_AS(load_column_map(dir / "missing.toml"), UsageError);
}
