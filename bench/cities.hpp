// The cities the benchmark generators place vehicles and owners in: plate prefixes, landline
// area codes, and a weight for how many cars each has. Shared by the fleet's and the dealer's
// generators.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bench/random.hpp"

namespace ownercare::bench {

struct City {
  const char* name;
  const char* province;   // the plate's first character
  const char* letters;    // the city's plate letters
  const char* area_code;  // landline area code with its trunk 0
  int weight;
};

// Weighted roughly like car sales (and car-sharing fleets) per city.
constexpr City kCities[] = {
    {"北京", "京", "ABCEFGHJKLMNPQ", "010", 120}, {"上海", "沪", "ABCDEFGHJKLMN", "021", 100},
    {"广州", "粤", "A", "020", 70},              {"深圳", "粤", "B", "0755", 80},
    {"杭州", "浙", "A", "0571", 55},             {"成都", "川", "A", "028", 65},
    {"重庆", "渝", "ABCDFGH", "023", 55},        {"武汉", "鄂", "A", "027", 45},
    {"西安", "陕", "AU", "029", 45},             {"南京", "苏", "A", "025", 40},
    {"苏州", "苏", "EU", "0512", 35},            {"天津", "津", "ABCDEFGHJKLMN", "022", 35},
    {"长沙", "湘", "A", "0731", 30},             {"郑州", "豫", "A", "0371", 30},
    {"青岛", "鲁", "BU", "0532", 25},            {"济南", "鲁", "A", "0531", 20},
    {"厦门", "闽", "D", "0592", 20},             {"福州", "闽", "A", "0591", 15},
    {"昆明", "云", "A", "0871", 20},             {"沈阳", "辽", "A", "024", 20},
    {"合肥", "皖", "A", "0551", 20},             {"哈尔滨", "黑", "A", "0451", 15},
    {"石家庄", "冀", "A", "0311", 15},           {"太原", "晋", "A", "0351", 10},
    {"贵阳", "贵", "A", "0851", 10},             {"南宁", "桂", "A", "0771", 10},
    {"海口", "琼", "A", "0898", 8},              {"乌鲁木齐", "新", "A", "0991", 5},
    {"大连", "辽", "B", "0411", 15},             {"宁波", "浙", "B", "0574", 15},
};
constexpr std::size_t kCityCount = sizeof(kCities) / sizeof(kCities[0]);

// A city's index, drawn by weight.
inline std::size_t draw_city(Random& random) {
  static const int total = [] {
    int sum = 0;
    for (const auto& city : kCities) sum += city.weight;
    return sum;
  }();
  int pick = static_cast<int>(random.below(static_cast<std::uint64_t>(total)));
  for (std::size_t i = 0; i < kCityCount; ++i) {
    pick -= kCities[i].weight;
    if (pick < 0) return i;
  }
  return kCityCount - 1;
}

}  // namespace ownercare::bench
