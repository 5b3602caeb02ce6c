// ownercare-bench-generate: writes the fleet snapshots that scripts/bench times.
//
// The benchmark needs a fleet that looks like a real platform export, at any size, and the
// same fleet again on a later night with a small share of statuses changed, so that the second
// import measures what a nightly run really does (almost everything unchanged). Everything is
// derived from --seed: the same flags always give byte-identical files, and night N is night 1
// with the changes of nights 2..N applied, rows in the same order.
//
// What the rows look like: vehicle ids "V0000001"... in shuffled order (exports are not
// sorted); Chinese plates whose province matches the owner's city most of the time (new-energy
// plates too); Chinese owner names, a few rental companies, some owners with several cars (a
// shared phone); mobiles in the ways exports write them, ~1% landlines, ~0.5% invalid or empty
// phones. Statuses about 88% 1, 5% 0, 5% -1, 2% -2; half of the non-rentable rows carry a
// status_since within the 60 days before the snapshot; -1 rows last logged in more than the
// platform's 30-day threshold ago; -2 rows have a reject rate (some as percentages); every
// non-rentable row has a lost income. The file is UTF-8 without a BOM and needs no quoting, so
// that `sqlite3 .import --csv` reads exactly the same rows.
//
// More churn for the realistic and year-long benchmarks, each off by default so that the files
// above stay byte-identical: --login-share (rentable owners who logged in that day),
// --correction-share (owners whose phone or name the platform corrected), --new-share and
// --gone-share (vehicles listed for the first time, appended at the end; vehicles that leave
// the platform for good). Each draws from a stream of its own. --nights N --out-dir DIR writes
// nights --first..N as DIR/fleet-DATE.csv in one pass (night K's file is the same bytes as
// --night K writes), so a year of nights costs one replay, not one per night.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
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
enum Stream : std::uint64_t {
  vehicle_stream = 1,
  owner_stream = 2ULL << 40,
  order_stream = 3ULL << 40,
  change_stream = 4ULL << 40,
  login_stream = 5ULL << 40,
  correction_stream = 6ULL << 40,
  arrival_stream = 7ULL << 40,
  corrected_owner_stream = 8ULL << 40,
};

// The churn beyond status changes, applied every night after the first; all 0 by default.
struct Churn {
  double login_share = 0;       // of the rentable vehicles: last_login becomes that night
  double correction_share = 0;  // of the vehicles: the owner's phone (2/3) or name is corrected
  double new_share = 0;         // of night 1's fleet: new vehicles appended
  double gone_share = 0;        // of night 1's fleet: vehicles gone for good
};


// Common surnames, most frequent first (drawn with a falling weight), and a few compound ones.
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

// Mobile number blocks in use (3-digit prefixes).
constexpr int kMobilePrefixes[] = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151,
                                   152, 153, 155, 156, 157, 158, 159, 166, 173, 175, 176, 177,
                                   178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191,
                                   198, 199};
constexpr std::size_t kMobilePrefixCount = sizeof(kMobilePrefixes) / sizeof(kMobilePrefixes[0]);

// Plate letters never use I and O.
constexpr std::string_view kPlateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

constexpr std::int16_t kNoDate = std::numeric_limits<std::int16_t>::min();
constexpr std::int32_t kNone = -1;

// One vehicle, compact: dates are day offsets from the night-1 snapshot date, text that
// depends only on the owner is derived from the owner's number when the row is written.
struct Vehicle {
  std::uint32_t owner = 0;
  std::int8_t status = 1;
  bool rate_as_percent = false;
  std::int16_t status_since = kNoDate;
  std::int16_t last_login = kNoDate;
  std::int16_t login_minute = 0;
  std::int32_t reject_permille = kNone;
  std::int32_t lost_income_cents = kNone;
  bool gone = false;  // left the platform: no longer in the snapshots
  char plate[16] = {};
};


std::int8_t draw_status(Random& random) {
  std::uint32_t pick = random.below(100);
  if (pick < 88) return 1;
  if (pick < 93) return 0;
  if (pick < 98) return -1;
  return -2;
}

// A status for a vehicle that stops being rentable: 0, -1 and -2 in the night-1 proportions.
std::int8_t draw_unrentable_status(Random& random) {
  std::uint32_t pick = random.below(12);
  if (pick < 5) return 0;
  if (pick < 10) return -1;
  return -2;
}

std::string draw_plate(Random& random, const City& home) {
  // Most cars carry their city's plate; some come from another city.
  const City& city = random.chance(0.92) ? home : kCities[random.below(kCityCount)];
  std::string plate = city.province;
  std::string_view letters = city.letters;
  plate += letters[random.below(letters.size())];
  if (random.chance(0.18)) {
    // New-energy plate: D or F, then five digits (small cars).
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
  return plate;
}

std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return hash;
}

// The fleet: built as night 1 shows it, then changed night by night by apply_night.
class Fleet {
 public:
  Fleet(std::uint64_t seed, std::size_t size)
      : seed_(seed), first_size_(size), vehicles_(size), versions_(size) {
    auto& plates = plates_;
    plates.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
      Random random(seed, vehicle_stream + i);
      Vehicle& vehicle = vehicles_[i];
      vehicle.status = draw_status(random);
      // Small fleets: about 8% of the cars belong to an owner who already has one.
      vehicle.owner = (i > 0 && random.chance(0.08)) ? vehicles_[random.below(i)].owner
                                                      : static_cast<std::uint32_t>(i);
      const City& home = kCities[owner_city(vehicle.owner)];
      std::string plate;
      do plate = draw_plate(random, home);
      while (!plates.insert(hash_text(plate)).second);
      std::memcpy(vehicle.plate, plate.data(), plate.size());
      fill_night_one(random, vehicle);
    }
    order_.resize(size);
    for (std::size_t i = 0; i < size; ++i) order_[i] = static_cast<std::uint32_t>(i);
    Random random(seed, order_stream);
    for (std::size_t i = size; i > 1; --i) std::swap(order_[i - 1], order_[random.below(i)]);
  }

  // Applies night `night`'s changes (night >= 2, snapshot date = night-1 date + night - 1):
  // `share` of the fleet changes status, 40% back to rentable, 45% from rentable to 0/-1/-2,
  // the rest from one non-rentable status to another. Returns how many rows changed.
  std::size_t apply_night(int night, double share) {
    auto today = static_cast<std::int16_t>(night - 1);
    Random random(seed_, change_stream + static_cast<std::uint64_t>(night));
    std::vector<std::uint32_t> rentable, unrentable;
    for (std::size_t i = 0; i < vehicles_.size(); ++i) {
      if (vehicles_[i].gone) continue;
      (vehicles_[i].status == 1 ? rentable : unrentable).push_back(static_cast<std::uint32_t>(i));
    }
    auto total =
        static_cast<std::size_t>(std::llround(share * static_cast<double>(vehicles_.size())));
    std::size_t to_rentable = std::min(unrentable.size(), total * 40 / 100);
    std::size_t switching = std::min(unrentable.size() - to_rentable, total * 15 / 100);
    std::size_t to_unrentable = std::min(rentable.size(), total - to_rentable - switching);
    // Partial Fisher-Yates: the first k of each list become a random sample without repeats.
    auto sample = [&random](std::vector<std::uint32_t>& list, std::size_t k) {
      for (std::size_t i = 0; i < k; ++i) {
        std::swap(list[i], list[i + random.below(list.size() - i)]);
      }
    };
    sample(unrentable, to_rentable + switching);
    sample(rentable, to_unrentable);

    for (std::size_t i = 0; i < to_rentable; ++i) {
      Vehicle& vehicle = vehicles_[unrentable[i]];
      vehicle.status = 1;
      vehicle.status_since = kNoDate;
      vehicle.reject_permille = kNone;
      vehicle.lost_income_cents = kNone;
      // The owner opened the app to list the car again.
      vehicle.last_login = today;
      vehicle.login_minute = static_cast<std::int16_t>(random.between(7 * 60, 23 * 60));
    }
    for (std::size_t i = to_rentable; i < to_rentable + switching; ++i) {
      Vehicle& vehicle = vehicles_[unrentable[i]];
      // One of the two other non-rentable statuses, with equal chance.
      static constexpr std::int8_t kOthers[3][2] = {{-1, -2}, {0, -2}, {0, -1}};
      std::int8_t status = kOthers[-vehicle.status][random.below(2)];
      become_unrentable(random, vehicle, status, today);
    }
    for (std::size_t i = 0; i < to_unrentable; ++i) {
      become_unrentable(random, vehicles_[rentable[i]], draw_unrentable_status(random), today);
    }
    return to_rentable + switching + to_unrentable;
  }

  // Applies night `night`'s churn beyond the status changes (after apply_night): logins,
  // corrections, gone and new vehicles. Each kind draws from its own stream, and a share of 0
  // draws nothing, so the files of the default flags do not change.
  void apply_churn(int night, const Churn& churn) {
    auto today = static_cast<std::int16_t>(night - 1);
    auto night_stream = static_cast<std::uint64_t>(night);
    if (churn.login_share > 0) {
      Random random(seed_, login_stream + night_stream);
      for (auto& vehicle : vehicles_) {
        if (vehicle.gone || vehicle.status != 1 || !random.chance(churn.login_share)) continue;
        vehicle.last_login = today;
        vehicle.login_minute = static_cast<std::int16_t>(random.between(6 * 60, 23 * 60 + 59));
      }
    }
    auto count = [&](double share, std::size_t of) {
      return static_cast<std::size_t>(std::llround(share * static_cast<double>(of)));
    };
    if (churn.correction_share > 0) {
      Random random(seed_, correction_stream + night_stream);
      std::size_t corrections = count(churn.correction_share, vehicles_.size());
      for (std::size_t i = 0; i < corrections; ++i) {
        const Vehicle& vehicle = vehicles_[random.below(vehicles_.size())];
        if (vehicle.gone) continue;
        Versions& versions = versions_[vehicle.owner];
        // Two of three corrections are a new phone, the rest a corrected name.
        auto& version = random.below(3) < 2 ? versions.phone : versions.name;
        if (version < 255) ++version;
      }
    }
    if (churn.gone_share > 0) {
      Random random(seed_, arrival_stream + 2 * night_stream);
      std::size_t leaving = count(churn.gone_share, first_size_);
      for (std::size_t i = 0; i < leaving; ++i) vehicles_[random.below(vehicles_.size())].gone = true;
    }
    if (churn.new_share > 0) {
      Random random(seed_, arrival_stream + 2 * night_stream + 1);
      std::size_t arriving = count(churn.new_share, first_size_);
      for (std::size_t i = 0; i < arriving; ++i) {
        auto index = static_cast<std::uint32_t>(vehicles_.size());
        Vehicle vehicle;
        vehicle.owner = index;  // a new owner
        Random draws(seed_, vehicle_stream + index);
        std::string plate;
        do plate = draw_plate(draws, kCities[owner_city(index)]);
        while (!plates_.insert(hash_text(plate)).second);
        std::memcpy(vehicle.plate, plate.data(), plate.size());
        // Listed today, rentable: the owner just set it up in the app.
        vehicle.status = 1;
        vehicle.last_login = today;
        vehicle.login_minute = static_cast<std::int16_t>(random.between(6 * 60, 23 * 60 + 59));
        vehicles_.push_back(vehicle);
        versions_.emplace_back();
        order_.push_back(index);
      }
    }
  }

  // Writes the current state to `file`, rows in the shuffled order; dates are offsets from
  // `night_one`.
  void write(std::FILE* file, Date night_one) const {
    DateTexts dates(night_one);
    fmt::memory_buffer buffer;
    buffer.reserve(1 << 20);
    fmt::format_to(std::back_inserter(buffer),
                   "vehicle_id,plate,owner_name,owner_phone,city,status,status_since,"
                   "last_login,reject_rate,lost_income\n");
    std::string name, phone;
    for (std::uint32_t index : order_) {
      const Vehicle& vehicle = vehicles_[index];
      if (vehicle.gone) continue;
      owner_name(vehicle.owner, name);
      owner_phone(vehicle.owner, phone);
      auto out = std::back_inserter(buffer);
      out = fmt::format_to(out, "V{:07},{},{},{},{},{},", index + 1, vehicle.plate, name, phone,
                           kCities[owner_city(vehicle.owner)].name, vehicle.status);
      if (vehicle.status_since != kNoDate) {
        out = fmt::format_to(out, "{}", dates.at(vehicle.status_since));
      }
      *out++ = ',';
      if (vehicle.last_login != kNoDate) {
        out = fmt::format_to(out, "{} {:02}:{:02}", dates.at(vehicle.last_login),
                             vehicle.login_minute / 60, vehicle.login_minute % 60);
      }
      *out++ = ',';
      if (vehicle.reject_permille != kNone) {
        if (vehicle.rate_as_percent) {
          out = fmt::format_to(out, "{}%", vehicle.reject_permille / 10);
        } else {
          out = fmt::format_to(out, "0.{:03}", vehicle.reject_permille);
        }
      }
      *out++ = ',';
      if (vehicle.lost_income_cents != kNone) {
        out = fmt::format_to(out, "{}.{:02}", vehicle.lost_income_cents / 100,
                             vehicle.lost_income_cents % 100);
      }
      *out++ = '\n';
      if (buffer.size() > (1 << 20) - 512) flush(file, buffer);
    }
    flush(file, buffer);
  }

  // How many vehicles have each status: 1, 0, -1, -2.
  std::array<std::size_t, 4> status_counts() const {
    std::array<std::size_t, 4> counts{};
    for (const auto& vehicle : vehicles_) {
      if (vehicle.gone) continue;
      counts[vehicle.status == 1 ? 0 : static_cast<std::size_t>(-vehicle.status + 1)]++;
    }
    return counts;
  }

 private:
  // ISO texts of the dates around the snapshots, computed once.
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
    static constexpr int kFirst = -400;
    static constexpr int kLast = 4000;
    std::vector<std::string> texts_;
  };

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

  // Surname then one or two given-name characters; about 1% are rental companies, 0.3% empty.
  void owner_name(std::uint32_t owner, std::string& name) const {
    Random random(seed_, owner_stream + owner);
    std::size_t city = draw_city(random);
    name.clear();
    if (int version = versions_[owner].name; version > 0) {
      // A corrected name: a person's name drawn afresh (the city stays).
      Random fresh(seed_ ^ static_cast<std::uint64_t>(version), corrected_owner_stream + owner);
      name = kSurnames[fresh.below(kSurnameCount)];
      name += kGivenNames[fresh.below(kGivenNameCount)];
      return;
    }
    std::uint32_t kind = random.below(1000);
    if (kind < 3) return;
    if (kind < 13) {
      name = fmt::format("{}{}{}汽车租赁有限公司", kCities[city].name,
                         kCompanyWords[random.below(kCompanyWordCount)],
                         kCompanyWords[random.below(kCompanyWordCount)]);
      return;
    }
    // Falling weight: the first surnames are much more common.
    double u = random.unit();
    name = kSurnames[static_cast<std::size_t>(u * u * static_cast<double>(kSurnameCount))];
    // Given names are one or two characters long.
    std::string_view given = kGivenNames[random.below(kGivenNameCount)];
    name += given;
    if (utf8_length(given) == 1 && random.chance(0.7)) {
      do given = kGivenNames[random.below(kGivenNameCount)];
      while (utf8_length(given) != 1);
      name += given;
    }
  }

  // Mobiles as exports write them, about 1.2% landlines, 0.4% invalid and 0.1% empty.
  void owner_phone(std::uint32_t owner, std::string& phone) const {
    Random random(seed_ ^ 0x5A5A5A5A5A5A5A5AULL, owner_stream + owner);
    const City& city = kCities[owner_city(owner)];
    phone.clear();
    if (int version = versions_[owner].phone; version > 0) {
      // A corrected phone: always a plain mobile.
      Random fresh(seed_ ^ (static_cast<std::uint64_t>(version) << 8),
                   corrected_owner_stream + owner);
      phone = fmt::format("{}{:04}{:04}", kMobilePrefixes[fresh.below(kMobilePrefixCount)],
                          fresh.between(0, 9999), fresh.between(0, 9999));
      return;
    }
    std::uint32_t kind = random.below(1000);
    if (kind < 1) return;
    if (kind < 5) {
      static constexpr const char* kInvalid[] = {"1391234567", "138001380000", "12345678901",
                                                 "无", "0000", "1350013x000", "13800"};
      phone = kInvalid[random.below(sizeof(kInvalid) / sizeof(kInvalid[0]))];
      if (phone == "1391234567" || phone == "12345678901") {
        // Vary the numbers a bit so that not all invalid phones are one shared phone.
        phone.back() = static_cast<char>('0' + random.below(10));
      }
      return;
    }
    if (kind < 17) {
      bool short_local = std::strlen(city.area_code) == 4 && random.chance(0.3);
      phone = fmt::format("{}-{}", city.area_code,
                          short_local ? random.between(2000000, 8999999)
                                      : random.between(20000000, 89999999));
      return;
    }
    int prefix = kMobilePrefixes[random.below(kMobilePrefixCount)];
    int middle = random.between(0, 9999);
    int last = random.between(0, 9999);
    std::uint32_t style = random.below(100);
    if (style < 90) phone = fmt::format("{}{:04}{:04}", prefix, middle, last);
    else if (style < 95) phone = fmt::format("{} {:04} {:04}", prefix, middle, last);
    else if (style < 98) phone = fmt::format("{}-{:04}-{:04}", prefix, middle, last);
    else phone = fmt::format("+86 {}{:04}{:04}", prefix, middle, last);
  }

  static void fill_night_one(Random& random, Vehicle& vehicle) {
    // Logged in within the last few days, 1.5% never (empty).
    if (!random.chance(0.015)) {
      vehicle.last_login = static_cast<std::int16_t>(-random.between(0, 3));
      vehicle.login_minute = static_cast<std::int16_t>(random.between(0, 1439));
    }
    if (vehicle.status == 1) return;
    // The status began within the 60 days before the snapshot; half the rows say when.
    auto began = static_cast<std::int16_t>(-random.between(0, 59));
    if (random.chance(0.5)) vehicle.status_since = began;
    fill_unrentable(random, vehicle, began, 0);
  }

  // Sets what a non-rentable row carries: -1 rows last logged in more than 30 days before the
  // status began, -2 rows a reject rate above the 80% threshold; all a lost income.
  static void fill_unrentable(Random& random, Vehicle& vehicle, std::int16_t began,
                              std::int16_t today) {
    if (vehicle.status == -1) {
      vehicle.last_login = static_cast<std::int16_t>(began - random.between(30, 34));
      vehicle.login_minute = static_cast<std::int16_t>(random.between(0, 1439));
    }
    if (vehicle.status == -2) {
      vehicle.reject_permille = random.between(800, 990);
      vehicle.rate_as_percent = random.chance(0.15);
      if (vehicle.rate_as_percent) vehicle.reject_permille -= vehicle.reject_permille % 10;
    } else {
      vehicle.reject_permille = kNone;
    }
    int days = today - began + 1;
    vehicle.lost_income_cents = days * random.between(12000, 45000);
  }

  static void become_unrentable(Random& random, Vehicle& vehicle, std::int8_t status,
                                std::int16_t today) {
    vehicle.status = status;
    // Half the exports date the change; the rest leave it to the snapshots.
    vehicle.status_since = random.chance(0.5) ? today : kNoDate;
    fill_unrentable(random, vehicle, today, today);
  }

  // How often an owner's phone and name were corrected (0: as on night 1).
  struct Versions {
    std::uint8_t phone = 0;
    std::uint8_t name = 0;
  };

  std::uint64_t seed_;
  std::size_t first_size_;
  std::vector<Vehicle> vehicles_;
  std::vector<Versions> versions_;  // by owner (an owner is the index of its first vehicle)
  std::vector<std::uint32_t> order_;
  std::unordered_set<std::uint64_t> plates_;  // hashes of the plates in use
};

}  // namespace

namespace {

// Writes the fleet's current state to `out` ("-": stdout).
void write_file(const Fleet& fleet, const std::string& out, Date night_one) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      out == "-" ? stdout : std::fopen(out.c_str(), "wb"),
      out == "-" ? [](std::FILE*) { return 0; } : &std::fclose);
  if (!file) throw std::runtime_error("cannot open " + out + " for writing");
  fleet.write(file.get(), night_one);
  if (std::fflush(file.get()) != 0) throw std::runtime_error("cannot write " + out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "ownercare-bench-generate: writes a deterministic fleet snapshot for scripts/bench.\n"
      "Night N is night 1 with the changes of nights 2..N, rows in the same order."};
  std::size_t vehicles = 1000000;
  int night = 1;
  int nights = 0;
  int first = 1;
  double change_share = 0.02;
  Churn churn;
  std::uint64_t seed = 20260310;
  std::string as_of_text = "2026-03-10";
  std::string out;
  std::string out_dir;
  app.add_option("--vehicles", vehicles, "fleet size (default 1000000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{99999999}));
  app.add_option("--night", night, "which night's snapshot: 1, 2, ... (default 1)")
      ->check(CLI::Range(1, 3650));
  app.add_option("--change-share", change_share,
                 "share of the fleet whose status changes each night after the first "
                 "(default 0.02)")
      ->check(CLI::Range(0.0, 0.5));
  app.add_option("--login-share", churn.login_share,
                 "share of the rentable vehicles whose last_login becomes each night's date "
                 "(default 0)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--correction-share", churn.correction_share,
                 "share of the vehicles whose owner's phone or name is corrected each night "
                 "(default 0)")
      ->check(CLI::Range(0.0, 0.5));
  app.add_option("--new-share", churn.new_share,
                 "new vehicles each night, as a share of night 1's fleet (default 0)")
      ->check(CLI::Range(0.0, 0.05));
  app.add_option("--gone-share", churn.gone_share,
                 "vehicles gone for good each night, as a share of night 1's fleet (default 0)")
      ->check(CLI::Range(0.0, 0.05));
  app.add_option("--seed", seed, "random seed (default 20260310)");
  app.add_option("--as-of", as_of_text, "night 1's snapshot date (default 2026-03-10)");
  auto* out_option = app.add_option("--out", out, "the CSV file to write, or - for stdout");
  auto* nights_option =
      app.add_option("--nights", nights,
                     "write nights --first..N in one pass, as OUT-DIR/fleet-DATE.csv")
          ->check(CLI::Range(1, 3650));
  auto* dir_option = app.add_option("--out-dir", out_dir, "the folder for --nights (must exist)");
  app.add_option("--first", first, "with --nights: the first night to write (default 1)")
      ->check(CLI::Range(1, 3650));
  out_option->excludes(nights_option);
  nights_option->needs(dir_option);
  dir_option->needs(nights_option);
  try {
    app.parse(argc, argv);
    if (out.empty() && nights == 0) throw CLI::RequiredError("--out or --nights");
  } catch (const CLI::ParseError& error) {
    // --help exits 0; a usage error exits 2, as ownercare's tools do.
    return app.exit(error) == 0 ? 0 : 2;
  }

  auto night_one = Date::parse(as_of_text);
  if (!night_one) {
    std::cerr << "ownercare-bench-generate: error: --as-of \"" << as_of_text
              << "\" is not a date (YYYY-MM-DD)\n";
    return 2;
  }
  try {
    Fleet fleet(seed, vehicles);
    std::size_t changed = 0;
    auto advance = [&](int n) {
      changed += fleet.apply_night(n, change_share);
      fleet.apply_churn(n, churn);
    };
    auto summary = [&](const std::string& file, int n) {
      auto counts = fleet.status_counts();
      std::size_t live = counts[0] + counts[1] + counts[2] + counts[3];
      // The summary goes to stdout unless stdout is the file.
      (file == "-" ? std::cerr : std::cout) << fmt::format(
          "ownercare-bench-generate: {}: night {} ({}), {} vehicles, status 1: {}, 0: {}, "
          "-1: {}, -2: {}; {} status changes since night 1\n",
          file, n, night_one->plus_days(n - 1).iso(), live, counts[0], counts[1], counts[2],
          counts[3], changed);
    };
    if (nights > 0) {
      for (int n = 1; n <= nights; ++n) {
        if (n >= 2) advance(n);
        if (n < first) continue;
        auto file = (std::filesystem::path(out_dir) /
                     ("fleet-" + night_one->plus_days(n - 1).iso() + ".csv"))
                        .string();
        write_file(fleet, file, *night_one);
        summary(file, n);
      }
      return 0;
    }
    for (int n = 2; n <= night; ++n) advance(n);
    write_file(fleet, out, *night_one);
    summary(out, night);
  } catch (const std::exception& error) {
    std::cerr << "ownercare-bench-generate: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
