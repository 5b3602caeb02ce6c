// ownercare-bench-generate-dealer: writes the dealer network's nights that scripts/bench times.
//
// The benchmark needs a dealer network that looks like a real DMS export, at any size: the
// sales snapshot (every sold vehicle, a full file each night) and the night's service orders,
// then the next night with a small share of the sales rows changed, so that the second night
// measures what a nightly run really does (almost everything unchanged, every order new).
// Everything is derived from --seed: the same flags always give byte-identical files, night N
// is night 1 with the changes of nights 2..N applied, and the sales rows keep their order
// (vehicles sold since are appended).
//
// What the rows look like. Sales: 17-character VINs of real Chinese manufacturer codes with a
// correct ISO 3779 check digit and the model year of the sale; a small list of brands and
// models, mostly passenger cars, some vans and trucks (commercial, truck) and taxis; dealers
// D001..D200 in weighted cities, a vehicle's plate from its dealer's city (new-energy plates
// too), no plate yet for cars sold in the last days; Chinese owner names, ~2% companies; plain
// 11-digit mobiles (~0.4% empty, ~0.3% invalid), home landlines for ~12% and office landlines
// for ~8% of people (most companies), written as digits with the area code (010xxxxxxxx);
// birthdays of owners aged 22-72 (a few 29 February; none for companies); sale dates evenly
// over the ten years before night 1, rows in sale order, so that every night meets each kind
// of reminder (new-car call, first and periodic maintenance, inspection, warranty end,
// birthday, lost customer) a few hundred to a few thousand times; registration a few days
// after the sale; an odometer reading (km and date) for ~70% of the vehicles older than a
// month. Every vehicle drives its own steady daily distance, so that every reading, in the
// sales file and in the orders, agrees with every other.
// Service: the night's orders, all closed the day before the night, one a vehicle, for
// vehicles sold before (younger vehicles visit more often): maintenance, repair,
// first_maintenance (vehicles in their first months), warranty (vehicles under three years),
// wash; the mileage at the visit for ~96%; an advisor of the dealer; an open repair
// suggestion on ~8% and a complaint on ~1%; an amount in yuan.
// Night 2 on (--change-share, default 1% of the sales rows): new odometer readings (half of
// them from the previous night's orders, as a DMS copies them), new phones, a few owner
// changes (new name and phones, sometimes a new plate), plates and registrations of the cars
// registered since, and a few hundred new sales at the end of the file.
// The files are UTF-8 without a BOM and need no quoting, so that `sqlite3 .import --csv`
// reads exactly the same rows.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bench/cities.hpp"
#include "bench/random.hpp"
#include "ownercare/core/date.hpp"
#include "ownercare/core/text.hpp"

namespace {

using ownercare::Date;
using ownercare::utf8_length;

using ownercare::bench::City;
using ownercare::bench::draw_city;
using ownercare::bench::kCities;
using ownercare::bench::kCityCount;
using ownercare::bench::Random;

// Streams of the seed, so that adding a draw in one place does not shift every other value.
// Entity numbers are below 2^32; bits 32-39 carry a version (a changed phone).
enum Stream : std::uint64_t {
  vehicle_stream = 1ULL << 40,
  owner_stream = 2ULL << 40,
  mobile_stream = 3ULL << 40,
  home_stream = 4ULL << 40,
  dealer_stream = 5ULL << 40,
  advisor_stream = 6ULL << 40,
  order_stream = 7ULL << 40,
  change_stream = 8ULL << 40,
  new_sale_stream = 9ULL << 40,
};


enum Category : std::uint8_t { passenger = 0, commercial = 1, truck = 2 };
constexpr const char* kCategoryNames[] = {"passenger", "commercial", "truck"};

// The models sold, with the manufacturer's WMI (the VIN's first three characters), two VDS
// characters of the model line, the plant codes and the category.
struct Model {
  const char* brand;
  const char* name;
  const char* wmi;
  const char* line;    // VIN positions 4-5
  const char* plants;  // VIN position 11
  Category category;
  int weight;
};

constexpr Model kModels[] = {
    {"大众", "朗逸", "LSV", "AA", "SN", passenger, 14},
    {"大众", "帕萨特", "LSV", "CB", "SN", passenger, 6},
    {"一汽-大众", "速腾", "LFV", "2A", "35", passenger, 8},
    {"一汽-大众", "迈腾", "LFV", "3B", "35", passenger, 5},
    {"丰田", "卡罗拉", "LFM", "AR", "4T", passenger, 7},
    {"丰田", "凯美瑞", "LVG", "BN", "6C", passenger, 6},
    {"本田", "雅阁", "LHG", "CV", "12", passenger, 6},
    {"本田", "CR-V", "LVH", "RW", "24", passenger, 5},
    {"日产", "轩逸", "LGB", "H5", "CG", passenger, 9},
    {"长安福特", "福克斯", "LVS", "HF", "CD", passenger, 4},
    {"长安福特", "锐际", "LVS", "KZ", "CH", passenger, 2},
    {"别克", "英朗", "LSG", "KE", "AS", passenger, 5},
    {"别克", "GL8", "LSG", "UL", "AS", passenger, 3},
    {"宝马", "3系", "LBV", "5U", "SY", passenger, 3},
    {"宝马", "X3", "LBV", "TY", "SY", passenger, 2},
    {"五菱", "荣光", "LZW", "AD", "LN", commercial, 2},
    {"江铃", "顺达", "LEF", "YD", "NB", truck, 2},
};
constexpr std::size_t kModelCount = sizeof(kModels) / sizeof(kModels[0]);

constexpr const char* kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "欧阳", "司马", "诸葛", "上官"};
constexpr std::size_t kSurnameCount = sizeof(kSurnames) / sizeof(kSurnames[0]);

constexpr const char* kGivenNames[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "霞", "平", "刚", "桂英", "秀英", "秀兰", "建华", "建国", "志强", "海燕",
    "文", "华", "辉", "鹏", "飞", "波", "斌", "宇", "浩", "凯", "俊", "帆", "琳", "婷", "雪",
    "倩", "颖", "欣", "佳", "晨", "阳", "昊", "然", "梓", "涵", "子", "轩", "博", "思", "雨",
    "嘉", "怡", "瑶", "一", "诺", "泽", "晓", "东", "红", "玉", "兰", "春", "国", "庆", "荣"};
constexpr std::size_t kGivenNameCount = sizeof(kGivenNames) / sizeof(kGivenNames[0]);

constexpr const char* kCompanyWords[] = {"顺达", "恒通", "安行", "鑫源", "宏运", "众联",
                                         "途安", "畅行", "佳程", "盛世"};
constexpr std::size_t kCompanyWordCount = sizeof(kCompanyWords) / sizeof(kCompanyWords[0]);
constexpr const char* kCompanyKinds[] = {"汽车租赁有限公司", "物流有限公司", "商贸有限公司",
                                         "出租汽车有限公司"};
constexpr std::size_t kCompanyKindCount = sizeof(kCompanyKinds) / sizeof(kCompanyKinds[0]);

// Mobile number blocks in use (3-digit prefixes, all 1[3-9]x).
constexpr int kMobilePrefixes[] = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151,
                                   152, 153, 155, 156, 157, 158, 159, 166, 173, 175, 176, 177,
                                   178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191,
                                   198, 199};
constexpr std::size_t kMobilePrefixCount = sizeof(kMobilePrefixes) / sizeof(kMobilePrefixes[0]);

// Open repair suggestions and complaints as advisors type them (no ASCII commas: the files
// need no quoting).
constexpr const char* kSuggestions[] = {
    "前刹车片剩余3毫米，建议下次保养时更换", "轮胎有裂纹，建议更换两条前轮胎",
    "方向跑偏，建议做四轮定位",             "蓄电池老化，建议更换",
    "空调滤芯较脏，建议更换",               "节气门积碳，建议清洗",
    "雨刮片老化，建议更换",                 "变速箱油已到更换周期，建议更换",
    "减震器轻微渗油，建议观察",             "刹车油含水量偏高，建议更换"};
constexpr std::size_t kSuggestionCount = sizeof(kSuggestions) / sizeof(kSuggestions[0]);
constexpr const char* kComplaints[] = {
    "等待时间过长", "维修后异响仍未解决", "收费不透明，结算比报价高", "洗车不干净",
    "服务顾问态度差", "交车时间比约定晚了两个小时", "车内有油渍"};
constexpr std::size_t kComplaintCount = sizeof(kComplaints) / sizeof(kComplaints[0]);

constexpr double kCompanyShare = 0.02;  // of the buyers
constexpr std::size_t kDealers = 200;
constexpr std::uint64_t kAdvisorsPerDealer = 6;
constexpr int kSaleYears = 10;
constexpr int kSaleDays = 3652;  // ten years before night 1

constexpr std::int16_t kNoDate = std::numeric_limits<std::int16_t>::min();
constexpr std::int32_t kNone = -1;

// Plate letters never use I and O.
constexpr std::string_view kPlateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
// The VIN alphabet: no I, O, Q.
constexpr std::string_view kVinAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

// ISO 3779 / GB 16735 check digit (VIN position 9), computed here on its own rather than with
// the library's, so that the benchmark's input does not depend on the code it measures.
char check_digit(const char* vin) {
  static constexpr int kWeights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    char c = vin[i];
    int value = 0;
    if (c >= '0' && c <= '9') value = c - '0';
    else if (c >= 'A' && c <= 'H') value = c - 'A' + 1;
    else if (c >= 'J' && c <= 'N') value = c - 'J' + 1;
    else if (c == 'P') value = 7;
    else if (c == 'R') value = 9;
    else if (c >= 'S' && c <= 'Z') value = c - 'S' + 2;
    else throw std::logic_error("not a VIN character");
    sum += value * kWeights[i];
  }
  int remainder = sum % 11;
  return remainder == 10 ? 'X' : static_cast<char>('0' + remainder);
}

// VIN position 10: the model year, in the 30-year cycle that starts with A = 2010.
char model_year_code(int year) {
  static constexpr std::string_view kCodes = "ABCDEFGHJKLMNPRSTVWXY123456789";
  if (year < 2010) throw std::logic_error("model years before 2010 are not generated");
  return kCodes[static_cast<std::size_t>(year - 2010) % kCodes.size()];
}


std::size_t draw_model(Random& random) {
  static const int total = [] {
    int sum = 0;
    for (const auto& model : kModels) sum += model.weight;
    return sum;
  }();
  int pick = static_cast<int>(random.below(static_cast<std::uint64_t>(total)));
  for (std::size_t i = 0; i < kModelCount; ++i) {
    pick -= kModels[i].weight;
    if (pick < 0) return i;
  }
  return kModelCount - 1;
}

void draw_plate(Random& random, const City& city, std::string& plate) {
  plate = city.province;
  std::string_view letters = city.letters;
  plate += letters[random.below(letters.size())];
  if (random.chance(0.12)) {
    // New-energy plate: D or F, then five digits.
    plate += random.chance(0.7) ? 'D' : 'F';
    for (int i = 0; i < 5; ++i) plate += static_cast<char>('0' + random.below(10));
  } else {
    // Five characters, mostly digits, at most two letters.
    int letters_left = 2;
    for (int i = 0; i < 5; ++i) {
      if (letters_left > 0 && random.chance(0.15)) {
        plate += kPlateLetters[random.below(kPlateLetters.size())];
        --letters_left;
      } else {
        plate += static_cast<char>('0' + random.below(10));
      }
    }
  }
}

// Surname then one or two given-name characters, the first surnames much more common.
void draw_person_name(Random& random, std::string& name) {
  double u = random.unit();
  name = kSurnames[static_cast<std::size_t>(u * u * static_cast<double>(kSurnameCount))];
  std::string_view given = kGivenNames[random.below(kGivenNameCount)];
  name += given;
  if (utf8_length(given) == 1 && random.chance(0.7)) {
    do given = kGivenNames[random.below(kGivenNameCount)];
    while (utf8_length(given) != 1);
    name += given;
  }
}

// A landline of `city`: the area code, then 8 digits (7 for some 4-digit codes), no dash.
std::string draw_landline(Random& random, const City& city) {
  bool short_local = std::strlen(city.area_code) == 4 && random.chance(0.3);
  return fmt::format("{}{}", city.area_code,
                     short_local ? random.between(2000000, 8999999)
                                 : random.between(20000000, 89999999));
}

std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return hash;
}

// What the sales row says about a vehicle's customer, derived from the owner's number and the
// versions of their phones.
struct Customer {
  std::string name;
  std::string mobile;
  std::string home_phone;
  std::string office_phone;
  std::int32_t birthday = kNone;  // day offset from night 1; kNone: not given
};

// One sold vehicle, compact: dates are day offsets from night 1; text that depends only on
// the owner is derived from the owner's number when the row is written.
struct Vehicle {
  char vin[17] = {};
  char plate[15] = {};            // NUL-terminated UTF-8; empty until registered
  std::uint32_t owner = 0;
  std::int32_t odometer_km = kNone;
  std::int16_t sale = 0;
  std::int16_t registration = kNoDate;  // kNoDate: never registered through the dealer
  std::int16_t odometer_date = kNoDate;
  std::uint16_t decikm_per_day = 0;     // its steady daily distance, in 0.1 km
  std::uint8_t model = 0;
  std::uint8_t dealer = 0;
  std::uint8_t category = passenger;
  std::uint8_t mobile_version = 0;      // bumped by a new mobile
  std::uint8_t home_version = 0;        // bumped by a new home phone

  // Kilometres on the odometer on day `day` (the steady daily distance since the sale).
  std::int32_t km_on(int day) const {
    return static_cast<std::int32_t>(static_cast<std::int64_t>(day - sale) * decikm_per_day / 10);
  }
};

struct Order {
  std::uint32_t vehicle = 0;
  std::int32_t mileage_km = kNone;
};

// ISO texts of day offsets from night 1, computed once: birthdays up to 80 years back.
class DateTexts {
 public:
  explicit DateTexts(Date night_one) {
    for (int offset = kFirst; offset <= kLast; ++offset) {
      texts_.push_back(night_one.plus_days(offset).iso());
    }
  }
  const std::string& at(int offset) const {
    return texts_.at(static_cast<std::size_t>(offset - kFirst));
  }

 private:
  static constexpr int kFirst = -80 * 366;
  static constexpr int kLast = 400;
  std::vector<std::string> texts_;
};

// What a night changed, for the summary line.
struct NightChanges {
  std::size_t odometer = 0;
  std::size_t phones = 0;
  std::size_t owners = 0;
  std::size_t registered = 0;
  std::size_t new_sales = 0;
  std::size_t changed_rows = 0;  // rows of earlier vehicles that differ from the night before
};

// The dealer network: built as night 1 shows it, then changed night by night by apply_night.
class Network {
 public:
  Network(std::uint64_t seed, std::size_t size, Date night_one)
      : seed_(seed), night_one_(night_one), dates_(night_one) {
    for (std::size_t d = 0; d < kDealers; ++d) {
      Random random(seed, dealer_stream + d);
      dealer_city_[d] = draw_city(random);
    }
    for (std::size_t d = 0; d < kDealers; ++d) dealers_of_city_[dealer_city_[d]].push_back(d);
    vehicles_.reserve(size + size / 100 + 16);
    vins_.reserve(size + size / 100 + 16);
    plates_.reserve(size + size / 50 + 16);
    for (std::size_t i = 0; i < size; ++i) {
      // Sale dates evenly over the ten years before night 1, rows in sale order.
      auto sale = static_cast<std::int16_t>(-kSaleDays + static_cast<long long>(i) * kSaleDays /
                                                              static_cast<long long>(size));
      Random random(seed, vehicle_stream + i);
      // Families and small firms: about 5% of the cars belong to an owner who has one already.
      auto owner = (i > 0 && random.chance(0.05))
                       ? vehicles_[random.below(i)].owner
                       : static_cast<std::uint32_t>(i);
      add_vehicle(random, sale, owner);
    }
    next_owner_ = static_cast<std::uint32_t>(size) + 0x10000000U;
  }

  std::size_t size() const { return vehicles_.size(); }

  // Applies night `night`'s changes (night >= 2): `share` of the vehicles change (new
  // odometer readings, phones, a few owners), cars registered since get their plates, and
  // new sales are appended. `last_orders` are the previous night's orders.
  NightChanges apply_night(int night, double share, const std::vector<Order>& last_orders) {
    NightChanges changes;
    int today = night - 1;  // the night's offset from night 1
    Random random(seed_, change_stream + static_cast<std::uint64_t>(night));
    std::size_t count = vehicles_.size();
    std::vector<std::uint8_t> touched(count, 0);
    auto total = static_cast<std::size_t>(share * static_cast<double>(count) + 0.5);
    std::size_t owners = total == 0 ? 0 : std::max<std::size_t>(1, total / 200);
    std::size_t phones = total * 12 / 100;
    std::size_t readings = total - std::min(total, owners + phones);
    // A vehicle not yet touched tonight, sold at least `min_age` days ago.
    auto pick = [&](int min_age) -> Vehicle* {
      for (int tries = 0; tries < 1000; ++tries) {
        std::size_t index = random.below(count);
        if (touched[index] || today - vehicles_[index].sale < min_age) continue;
        touched[index] = 1;
        return &vehicles_[index];
      }
      return nullptr;
    };

    // Half of the readings are the mileage of yesterday's orders, as a DMS copies it over.
    std::size_t from_orders = 0;
    for (const auto& order : last_orders) {
      if (from_orders >= readings / 2) break;
      if (order.mileage_km == kNone || touched[order.vehicle]) continue;
      Vehicle& vehicle = vehicles_[order.vehicle];
      int read_on = today - 2;  // the orders closed the day before the previous night
      if (vehicle.odometer_date != kNoDate && vehicle.odometer_date >= read_on) continue;
      touched[order.vehicle] = 1;
      vehicle.odometer_date = static_cast<std::int16_t>(read_on);
      vehicle.odometer_km = order.mileage_km;
      ++from_orders;
    }
    changes.odometer = from_orders;
    for (std::size_t i = from_orders; i < readings; ++i) {
      Vehicle* vehicle = pick(30);
      if (vehicle == nullptr) break;
      auto read_on = static_cast<std::int16_t>(today - random.between(1, 3));
      if (vehicle->odometer_date != kNoDate && vehicle->odometer_date >= read_on) {
        read_on = static_cast<std::int16_t>(std::min(today - 1, vehicle->odometer_date + 1));
        if (vehicle->odometer_date >= read_on) continue;  // read yesterday already
      }
      vehicle->odometer_date = read_on;
      vehicle->odometer_km = vehicle->km_on(read_on);
      ++changes.odometer;
    }
    for (std::size_t i = 0; i < phones; ++i) {
      Vehicle* vehicle = pick(0);
      if (vehicle == nullptr) break;
      // Three in four a new mobile, else a (new) home phone (companies have none).
      if (random.chance(0.75) || owner_is_company(vehicle->owner)) ++vehicle->mobile_version;
      else ++vehicle->home_version;
      ++changes.phones;
    }
    for (std::size_t i = 0; i < owners; ++i) {
      // Used cars change hands after a year or more.
      Vehicle* vehicle = pick(365);
      if (vehicle == nullptr) break;
      vehicle->owner = next_owner_++;
      vehicle->mobile_version = 0;
      vehicle->home_version = 0;
      // A buyer from another city re-registers the car there.
      if (vehicle->plate[0] != '\0' && random.chance(0.3)) {
        set_plate(random, *vehicle, kCities[owner_city(vehicle->owner)]);
      }
      ++changes.owners;
    }
    changes.changed_rows = changes.odometer + changes.phones + changes.owners;
    // Cars registered since the night before show their plate and registration date now.
    for (std::size_t index = 0; index < count; ++index) {
      const Vehicle& vehicle = vehicles_[index];
      if (vehicle.registration == today - 1) {
        ++changes.registered;
        if (!touched[index]) ++changes.changed_rows;
      }
    }
    // New sales, appended: sold in the two days before the night (DMS entries lag a day).
    std::size_t new_sales = std::max<std::size_t>(1, count / 5000);
    for (std::size_t i = 0; i < new_sales; ++i) {
      std::uint64_t number = vehicles_.size();
      Random sale_random(seed_, new_sale_stream + number);
      auto sale = static_cast<std::int16_t>(today - sale_random.between(1, 2));
      add_vehicle(sale_random, sale, next_owner_++);
    }
    changes.new_sales = new_sales;
    return changes;
  }

  // The night's orders: `count` orders closed the day before night `night`, for vehicles sold
  // before that day, one order a vehicle; younger vehicles come back more often.
  std::vector<Order> draw_orders(int night, std::size_t count) const {
    Random random(seed_, order_stream + static_cast<std::uint64_t>(night));
    int closed = night - 2;  // offset of the day before the night
    std::vector<Order> orders;
    orders.reserve(count);
    std::unordered_set<std::uint32_t> visited;
    visited.reserve(count * 2);
    while (orders.size() < count) {
      auto index = random.below(vehicles_.size());
      const Vehicle& vehicle = vehicles_[index];
      int age = closed - vehicle.sale;
      if (age < 1) continue;
      double come_back = age <= 3 * 365 ? 1.0 : age <= 6 * 365 ? 0.55 : 0.3;
      if (!random.chance(come_back) || !visited.insert(index).second) continue;
      Order order;
      order.vehicle = index;
      if (!random.chance(0.04)) order.mileage_km = vehicle.km_on(closed);
      orders.push_back(order);
    }
    return orders;
  }

  // Writes night `night`'s sales snapshot: every vehicle, in the same order every night.
  void write_sales(std::FILE* file, int night) const {
    int today = night - 1;
    fmt::memory_buffer buffer;
    buffer.reserve(1 << 20);
    fmt::format_to(std::back_inserter(buffer),
                   "vin,plate,brand,model,category,dealer_code,customer_name,mobile,home_phone,"
                   "office_phone,birthday,sale_date,registration_date,odometer_km,"
                   "odometer_date\n");
    Customer customer;
    for (const auto& vehicle : vehicles_) {
      describe_customer(vehicle, customer);
      const Model& model = kModels[vehicle.model];
      // Plates and registration dates reach the DMS once the car is registered.
      bool registered = vehicle.registration != kNoDate && vehicle.registration < today;
      auto out = std::back_inserter(buffer);
      out = fmt::format_to(out, "{},{},{},{},{},D{:03},{},{},{},{},",
                           std::string_view(vehicle.vin, 17), registered ? vehicle.plate : "",
                           model.brand, model.name, kCategoryNames[vehicle.category],
                           vehicle.dealer + 1, customer.name, customer.mobile,
                           customer.home_phone, customer.office_phone);
      if (customer.birthday != kNone) out = fmt::format_to(out, "{}", dates_.at(customer.birthday));
      out = fmt::format_to(out, ",{},", dates_.at(vehicle.sale));
      if (registered) out = fmt::format_to(out, "{}", dates_.at(vehicle.registration));
      *out++ = ',';
      if (vehicle.odometer_date != kNoDate && vehicle.odometer_date < today) {
        out = fmt::format_to(out, "{},{}", vehicle.odometer_km, dates_.at(vehicle.odometer_date));
      } else {
        *out++ = ',';
      }
      *out++ = '\n';
      if (buffer.size() > (1 << 20) - 1024) flush(file, buffer);
    }
    flush(file, buffer);
  }

  // Writes night `night`'s service orders (closed the day before); returns the count of each
  // type: repair, maintenance, first_maintenance, warranty, wash.
  std::array<std::size_t, 5> write_orders(std::FILE* file, int night,
                                          const std::vector<Order>& orders) const {
    static constexpr const char* kTypes[] = {"repair", "maintenance", "first_maintenance",
                                             "warranty", "wash"};
    std::array<std::size_t, 5> counts{};
    int closed = night - 2;
    Date closed_date = night_one_.plus_days(closed);
    std::string compact_date = closed_date.iso();
    compact_date.erase(std::remove(compact_date.begin(), compact_date.end(), '-'),
                       compact_date.end());
    fmt::memory_buffer buffer;
    buffer.reserve(1 << 20);
    fmt::format_to(std::back_inserter(buffer),
                   "order_id,vin,dealer_code,type,opened,closed,mileage_km,advisor,suggestion,"
                   "complaint,amount\n");
    Random random(seed_, order_stream + (1ULL << 39) + static_cast<std::uint64_t>(night));
    std::string advisor;
    for (std::size_t i = 0; i < orders.size(); ++i) {
      const Order& order = orders[i];
      const Vehicle& vehicle = vehicles_[order.vehicle];
      int age = closed - vehicle.sale;
      std::size_t type = 0;
      std::uint32_t pick = random.below(100);
      if (age >= 90 && age <= 240 && pick < 60) type = 2;  // the first maintenance is due
      else if (pick < 45) type = 1;
      else if (pick < 72) type = 0;
      else if (pick < 83) type = age <= 3 * 365 ? 3 : 0;  // warranty only within three years
      else type = 4;
      ++counts[type];
      // Mostly the selling dealer; some go to another one.
      std::size_t dealer = random.chance(0.85) ? vehicle.dealer : random.below(kDealers);
      std::uint64_t advisor_number = dealer * 16 + random.below(kAdvisorsPerDealer);
      Random advisor_random(seed_, advisor_stream + advisor_number);
      draw_person_name(advisor_random, advisor);
      // Washes and maintenance are done the day they come in; repairs may take days.
      int opened = closed;
      if (type == 0 && random.chance(0.4)) opened -= random.between(1, 5);
      else if (type == 3 && random.chance(0.5)) opened -= random.between(1, 10);
      int amount_cents = 0;
      switch (type) {
        case 0: amount_cents = random.between(200, 8000) * 100 + random.between(0, 99); break;
        case 1: amount_cents = random.between(400, 1500) * 100; break;
        case 2: amount_cents = random.chance(0.7) ? 0 : random.between(200, 500) * 100; break;
        case 3: amount_cents = 0; break;
        default: amount_cents = random.between(3, 8) * 1000; break;
      }
      auto out = std::back_inserter(buffer);
      out = fmt::format_to(out, "WO{}{:06},{},D{:03},{},{},{},", compact_date, i + 1,
                           std::string_view(vehicle.vin, 17), dealer + 1, kTypes[type],
                           dates_.at(opened), dates_.at(closed));
      if (order.mileage_km != kNone) out = fmt::format_to(out, "{}", order.mileage_km);
      out = fmt::format_to(out, ",{},", advisor);
      if (type != 4 && random.chance(0.09)) {
        out = fmt::format_to(out, "{}", kSuggestions[random.below(kSuggestionCount)]);
      }
      *out++ = ',';
      if (random.chance(0.01)) {
        out = fmt::format_to(out, "{}", kComplaints[random.below(kComplaintCount)]);
      }
      out = fmt::format_to(out, ",{}.{:02}\n", amount_cents / 100, amount_cents % 100);
      if (buffer.size() > (1 << 20) - 1024) flush(file, buffer);
    }
    flush(file, buffer);
    return counts;
  }

 private:
  static void flush(std::FILE* file, fmt::memory_buffer& buffer) {
    if (std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size()) {
      throw std::runtime_error("cannot write the output file");
    }
    buffer.clear();
  }

  std::size_t owner_city(std::uint32_t owner) const {
    Random random(seed_, owner_stream + owner);
    return draw_city(random);
  }

  // The owner's first draws, as describe_customer makes them: the city, then the company.
  bool owner_is_company(std::uint32_t owner) const {
    Random random(seed_, owner_stream + owner);
    draw_city(random);
    return random.chance(kCompanyShare);
  }

  // A new vehicle sold on day `sale` to `owner`; `random` is the vehicle's own stream.
  void add_vehicle(Random& random, std::int16_t sale, std::uint32_t owner) {
    Vehicle vehicle;
    vehicle.sale = sale;
    vehicle.owner = owner;
    std::size_t city = owner_city(owner);
    // Most buy from a dealer of their city.
    const auto& local = dealers_of_city_[city];
    vehicle.dealer = static_cast<std::uint8_t>(!local.empty() && random.chance(0.85)
                                                   ? local[random.below(local.size())]
                                                   : random.below(kDealers));
    vehicle.model = static_cast<std::uint8_t>(draw_model(random));
    const Model& model = kModels[vehicle.model];
    vehicle.category = model.category;
    // Some passenger cars are taxis and ride-hailing cars (营运: commercial).
    if (vehicle.category == passenger && random.chance(0.03)) vehicle.category = commercial;
    if (vehicle.category == passenger) {
      // 15 to 70 km a day; some drive far more (the km limit of the warranty comes first).
      vehicle.decikm_per_day = static_cast<std::uint16_t>(
          random.chance(0.06) ? random.between(700, 1500) : random.between(150, 700));
    } else {
      vehicle.decikm_per_day = static_cast<std::uint16_t>(random.between(1500, 3500));
    }
    set_vin(random, vehicle, model);
    // Registered a few days after the sale; a few never through the dealer.
    if (random.chance(0.97)) {
      vehicle.registration = static_cast<std::int16_t>(sale + random.between(1, 12));
      set_plate(random, vehicle, kCities[dealer_city_[vehicle.dealer]]);
    }
    // An odometer reading (the last visit's) for ~70% of the cars older than a month.
    int age = -sale;
    if (age > 30 && random.chance(0.7)) {
      vehicle.odometer_date = static_cast<std::int16_t>(
          random.between(std::max(static_cast<int>(sale) + 30, -730), -1));
      vehicle.odometer_km = vehicle.km_on(vehicle.odometer_date);
    }
    vehicles_.push_back(vehicle);
  }

  // A VIN nobody has: the model's WMI and line, three trim/engine characters, the check
  // digit, the model year (the next one for cars sold from September), a plant and a serial.
  void set_vin(Random& random, Vehicle& vehicle, const Model& model) {
    Date sold = night_one_.plus_days(vehicle.sale);
    int year = sold.year() + (sold.month() >= 9 && random.chance(0.5) ? 1 : 0);
    char* vin = vehicle.vin;
    do {
      std::memcpy(vin, model.wmi, 3);
      vin[3] = model.line[0];
      vin[4] = model.line[1];
      for (int i = 5; i < 8; ++i) vin[i] = kVinAlphabet[random.below(kVinAlphabet.size())];
      vin[8] = '0';
      vin[9] = model_year_code(year);
      std::string_view plants = model.plants;
      vin[10] = plants[random.below(plants.size())];
      for (int i = 11; i < 17; ++i) vin[i] = static_cast<char>('0' + random.below(10));
      vin[8] = check_digit(vin);
    } while (!vins_.insert(hash_text(std::string_view(vin, 17))).second);
  }

  void set_plate(Random& random, Vehicle& vehicle, const City& city) {
    std::string plate;
    do draw_plate(random, city, plate);
    while (!plates_.insert(hash_text(plate)).second);
    std::memset(vehicle.plate, 0, sizeof vehicle.plate);
    std::memcpy(vehicle.plate, plate.data(), std::min(plate.size(), sizeof vehicle.plate - 1));
  }

  // The customer columns of `vehicle`'s row.
  void describe_customer(const Vehicle& vehicle, Customer& customer) const {
    Random random(seed_, owner_stream + vehicle.owner);
    const City& city = kCities[draw_city(random)];
    // About 2% of buyers are companies: no birthday, an office phone mostly.
    bool company = random.chance(kCompanyShare);
    customer.office_phone.clear();
    customer.home_phone.clear();
    customer.birthday = kNone;
    if (company) {
      // Two different words: 恒通顺达, not 顺达顺达.
      std::uint32_t first = random.below(kCompanyWordCount);
      std::uint32_t second =
          (first + 1 + random.below(kCompanyWordCount - 1)) % kCompanyWordCount;
      customer.name = fmt::format("{}{}{}{}", city.name, kCompanyWords[first],
                                  kCompanyWords[second],
                                  kCompanyKinds[random.below(kCompanyKindCount)]);
      if (random.chance(0.8)) customer.office_phone = draw_landline(random, city);
    } else {
      draw_person_name(random, customer.name);
      // Owners aged 22 to 72 on night 1; 8% never gave a birthday.
      if (random.chance(0.92)) customer.birthday = -random.between(22 * 365, 72 * 365);
      if (random.chance(0.08)) customer.office_phone = draw_landline(random, city);
    }

    Random home(seed_, home_stream + vehicle.owner +
                           (static_cast<std::uint64_t>(vehicle.home_version) << 32));
    // A changed home phone is always given; an original one by 12% of the people.
    if (!company && (vehicle.home_version > 0 || home.chance(0.12))) {
      customer.home_phone = draw_landline(home, city);
    }

    Random mobile(seed_, mobile_stream + vehicle.owner +
                             (static_cast<std::uint64_t>(vehicle.mobile_version) << 32));
    std::uint32_t kind = mobile.below(1000);
    customer.mobile.clear();
    if (kind < 4) return;  // empty
    if (kind < 7) {
      // Typed wrong: a digit short or one too many.
      customer.mobile =
          fmt::format("1{}{:08}", mobile.between(30, 99), mobile.between(0, 99999999));
      if (kind == 4) customer.mobile.pop_back();
      else customer.mobile += static_cast<char>('0' + mobile.below(10));
      return;
    }
    customer.mobile =
        fmt::format("{}{:04}{:04}", kMobilePrefixes[mobile.below(kMobilePrefixCount)],
                    mobile.between(0, 9999), mobile.between(0, 9999));
  }

  std::uint64_t seed_;
  Date night_one_;
  DateTexts dates_;
  std::array<std::size_t, kDealers> dealer_city_{};
  std::array<std::vector<std::size_t>, kCityCount> dealers_of_city_{};
  std::vector<Vehicle> vehicles_;
  std::unordered_set<std::uint64_t> vins_;
  std::unordered_set<std::uint64_t> plates_;
  std::uint32_t next_owner_ = 0;
};

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

File open_for_writing(const std::filesystem::path& path) {
  File file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) throw std::runtime_error("cannot open " + path.string() + " for writing");
  return file;
}

void finish(File& file, const std::filesystem::path& path) {
  if (std::fflush(file.get()) != 0 || std::fclose(file.release()) != 0) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "ownercare-bench-generate-dealer: writes a dealer network's sales snapshots and service "
      "orders for scripts/bench.\n"
      "For each night N = 1..--nights it writes OUT/sales-DATE.csv (every sold vehicle) and "
      "OUT/service-DATE.csv (the orders closed the day before). Night N is night 1 with the "
      "changes of nights 2..N; sales rows keep their order, new sales are appended."};
  std::size_t vehicles = 2000000;
  std::size_t orders = 50000;
  int nights = 2;
  double change_share = 0.01;
  std::uint64_t seed = 20260310;
  std::string as_of_text = "2026-03-10";
  std::string out;
  app.add_option("--vehicles", vehicles, "sold vehicles on night 1 (default 2000000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{9999999}));
  app.add_option("--orders", orders, "service orders per night (default 50000)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{999999}));
  app.add_option("--nights", nights, "how many nights to write (default 2)")
      ->check(CLI::Range(1, 300));
  app.add_option("--change-share", change_share,
                 "share of the sales rows changed each night after the first (default 0.01)")
      ->check(CLI::Range(0.0, 0.5));
  app.add_option("--seed", seed, "random seed (default 20260310)");
  app.add_option("--as-of", as_of_text, "night 1's date (default 2026-03-10)");
  app.add_option("--out", out, "the folder to write the files into (created if missing)")
      ->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help exits 0; a usage error exits 2, as ownercare's tools do.
    return app.exit(error) == 0 ? 0 : 2;
  }

  auto night_one = Date::parse(as_of_text);
  if (!night_one) {
    std::cerr << "ownercare-bench-generate-dealer: error: --as-of \"" << as_of_text
              << "\" is not a date (YYYY-MM-DD)\n";
    return 2;
  }
  if (night_one->plus_days(-kSaleDays).year() < 2010) {
    std::cerr << "ownercare-bench-generate-dealer: error: --as-of must be " << 2010 + kSaleYears
              << " or later (model-year codes start with 2010)\n";
    return 2;
  }
  if (orders > vehicles / 4) {
    // One order a vehicle a night, drawn until enough are found: keep them far apart.
    std::cerr << "ownercare-bench-generate-dealer: error: --orders must be at most a quarter of "
                 "--vehicles\n";
    return 2;
  }
  try {
    std::filesystem::path folder(out);
    std::filesystem::create_directories(folder);
    Network network(seed, vehicles, *night_one);
    std::vector<Order> last_orders;
    for (int night = 1; night <= nights; ++night) {
      NightChanges changes;
      if (night > 1) changes = network.apply_night(night, change_share, last_orders);
      std::string date = night_one->plus_days(night - 1).iso();

      auto sales_path = folder / ("sales-" + date + ".csv");
      File sales = open_for_writing(sales_path);
      network.write_sales(sales.get(), night);
      finish(sales, sales_path);

      last_orders = network.draw_orders(night, orders);
      auto service_path = folder / ("service-" + date + ".csv");
      File service = open_for_writing(service_path);
      auto types = network.write_orders(service.get(), night, last_orders);
      finish(service, service_path);

      std::cout << fmt::format(
          "ownercare-bench-generate-dealer: night {} ({}): {}: {} vehicles", night, date,
          sales_path.string(), network.size());
      if (night > 1) {
        std::cout << fmt::format(
            " ({} rows changed: {} odometer readings, {} phones, {} owners, {} registered; "
            "{} new sales)",
            changes.changed_rows, changes.odometer, changes.phones, changes.owners,
            changes.registered, changes.new_sales);
      }
      std::cout << fmt::format(
          "; {}: {} orders (repair {}, maintenance {}, first_maintenance {}, warranty {}, "
          "wash {})\n",
          service_path.string(), last_orders.size(), types[0], types[1], types[2], types[3],
          types[4]);
    }
  } catch (const std::exception& error) {
    std::cerr << "ownercare-bench-generate-dealer: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
