// Normalising phone numbers from dealer and platform exports.
//
// The exports write the same number in many ways: "139 1234 5678", "+86-139-1234-5678",
// "(010) 1234-5678", "+86 10 12345678" (a landline written internationally drops the trunk 0).
// Normalising keeps digits only and removes the country prefix, then classifies the result.
// Landline area codes follow the mainland plan: 10 and 20-29 have two digits, codes beginning
// with 3-9 have three; nothing else begins with 0 (so "0086..." is never taken for a landline).
#include "ownercare/core/phone.hpp"

#include <optional>

#include "ownercare/core/text.hpp"

namespace ownercare {

namespace {

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

bool is_mobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

bool is_landline(std::string_view digits) {
  if (digits.size() < 10 || digits.size() > 12 || digits[0] != '0') return false;
  std::size_t area_length;
  if (digits[1] == '1') {
    if (digits[2] != '0') return false;  // 010 is the only area code beginning with 1
    area_length = 2;
  } else if (digits[1] == '2') {
    area_length = 2;
  } else if (digits[1] >= '3' && digits[1] <= '9') {
    area_length = 3;
  } else {
    return false;
  }
  std::size_t local_length = digits.size() - 1 - area_length;
  return local_length == 7 || local_length == 8;
}

std::optional<Phone> classify(std::string_view digits) {
  if (is_mobile(digits)) return Phone{std::string(digits), PhoneKind::mobile};
  if (is_landline(digits)) return Phone{std::string(digits), PhoneKind::landline};
  return std::nullopt;
}

// What follows a country prefix: a mobile, a landline without its trunk 0, or (a common
// mistake) a landline with it.
std::optional<Phone> classify_national(std::string_view digits) {
  if (auto phone = classify(digits)) return phone;
  if (!digits.empty() && digits[0] != '0') {
    std::string with_trunk = "0" + std::string(digits);
    if (is_landline(with_trunk)) return Phone{with_trunk, PhoneKind::landline};
  }
  return std::nullopt;
}

}  // namespace

Phone normalise_phone(std::string_view text) {
  std::string_view trimmed = trim(text);
  if (trimmed.empty()) return Phone{};
  Phone invalid{std::string(trimmed), PhoneKind::invalid};

  std::string kept;
  kept.reserve(trimmed.size());
  for (char c : trimmed) {
    if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    kept += c;
  }
  bool plus = !kept.empty() && kept[0] == '+';
  std::string_view digits(kept);
  if (plus) digits.remove_prefix(1);
  if (!all_digits(digits)) return invalid;

  if (plus) {
    if (digits.substr(0, 2) != "86") return invalid;  // a foreign number
    return classify_national(digits.substr(2)).value_or(invalid);
  }
  if (auto phone = classify(digits)) return *phone;
  if (digits.substr(0, 4) == "0086") return classify_national(digits.substr(4)).value_or(invalid);
  if (digits.substr(0, 2) == "86") return classify_national(digits.substr(2)).value_or(invalid);
  return invalid;
}

const char* phone_kind_name(PhoneKind kind) {
  switch (kind) {
    case PhoneKind::empty:
      return "empty";
    case PhoneKind::mobile:
      return "mobile";
    case PhoneKind::landline:
      return "landline";
    case PhoneKind::invalid:
      return "invalid";
  }
  return "invalid";
}

}  // namespace ownercare
