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

// "1.39123E+10", "1.3912345671e10": digits, a fraction, an exponent.
bool scientific_notation(std::string_view text) {
  std::size_t pos = 0;
  auto digits = [&] {
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    return pos > start;
  };
  if (!digits()) return false;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!digits()) return false;
  }
  if (pos >= text.size() || (text[pos] != 'E' && text[pos] != 'e')) return false;
  ++pos;
  if (pos < text.size() && text[pos] == '+') ++pos;
  return digits() && pos == text.size();
}

bool is_separator_at(std::string_view text, std::size_t pos, std::size_t& length) {
  static constexpr std::string_view kEnumerationComma = "\xE3\x80\x81";  // 、
  static constexpr std::string_view kFullWidthSemicolon = "\xEF\xBC\x9B";  // ；
  static constexpr std::string_view kFullWidthComma = "\xEF\xBC\x8C";  // ，
  char c = text[pos];
  if (c == '/' || c == ';' || c == ',' || c == '|') {
    length = 1;
    return true;
  }
  for (auto piece : {kEnumerationComma, kFullWidthSemicolon, kFullWidthComma}) {
    if (text.substr(pos, piece.size()) == piece) {
      length = piece.size();
      return true;
    }
  }
  return false;
}

// Whole numbers in a part written with spaces: the shortest runs of words that make a phone.
// Returns false when the words do not divide into phones. A phone is written in at most
// kMaxWordsPerPhone groups ("+86 139 1234 5678"), which also keeps a huge cell of short words
// linear to read.
constexpr std::size_t kMaxWordsPerPhone = 6;
bool split_by_spaces(std::string_view part, std::vector<Phone>& out) {
  std::vector<std::string_view> words;
  std::size_t start = std::string_view::npos;
  for (std::size_t i = 0; i <= part.size(); ++i) {
    bool space = i == part.size() || part[i] == ' ' || part[i] == '\t';
    if (!space && start == std::string_view::npos) start = i;
    if (space && start != std::string_view::npos) {
      words.push_back(part.substr(start, i - start));
      start = std::string_view::npos;
    }
  }
  std::vector<Phone> found;
  std::size_t i = 0;
  while (i < words.size()) {
    std::string joined;
    bool matched = false;
    for (std::size_t j = i; j < words.size() && j < i + kMaxWordsPerPhone; ++j) {
      joined += words[j];
      Phone phone = normalise_phone(joined);
      if (phone.callable()) {
        found.push_back(std::move(phone));
        i = j + 1;
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

}  // namespace

Phone normalise_phone(std::string_view text) {
  std::string_view trimmed = trim(text);
  if (!trimmed.empty() && trimmed.front() == '\'') trimmed = trim(trimmed.substr(1));
  if (trimmed.empty()) return Phone{};
  // A number cell shown as text: "13912345671.0" (digits, a dot, zeros).
  if (auto dot = trimmed.find('.'); dot != std::string_view::npos && dot + 1 < trimmed.size() &&
                                    all_digits(trimmed.substr(0, dot)) &&
                                    trimmed.find_first_not_of('0', dot + 1) ==
                                        std::string_view::npos) {
    trimmed = trimmed.substr(0, dot);
  }
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

// More numbers than this in one cell are not a customer's phones but a pasted list.
constexpr std::size_t kMaxPhonesPerCell = 8;

PhoneCell parse_phone_cell(std::string_view text) {
  PhoneCell cell;
  std::string_view trimmed = trim(text);
  if (!trimmed.empty() && trimmed.front() == '\'') trimmed = trim(trimmed.substr(1));
  if (trimmed.empty()) return cell;
  if (scientific_notation(trimmed)) {
    cell.first = Phone{std::string(trimmed), PhoneKind::invalid};
    cell.scientific = true;
    return cell;
  }
  Phone whole = normalise_phone(trimmed);
  if (whole.callable()) {
    cell.first = std::move(whole);
    return cell;
  }
  std::vector<Phone> phones;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= trimmed.size();) {
    std::size_t length = 0;
    if (i == trimmed.size() || is_separator_at(trimmed, i, length)) {
      auto part = trim(trimmed.substr(start, i - start));
      if (!part.empty()) {
        Phone phone = normalise_phone(part);
        if (!phone.callable() && !split_by_spaces(part, phones)) {
          phones.push_back(std::move(phone));
        } else if (phone.callable()) {
          phones.push_back(std::move(phone));
        }
      }
      if (i == trimmed.size()) break;
      i += length;
      start = i;
    } else {
      ++i;
    }
  }
  // One number, or so many that the cell is no list of a customer's phones: as written.
  if (phones.size() <= 1 || phones.size() > kMaxPhonesPerCell) {
    cell.first = std::move(whole);
    return cell;
  }
  cell.first = std::move(phones.front());
  cell.others.assign(std::make_move_iterator(phones.begin() + 1),
                     std::make_move_iterator(phones.end()));
  return cell;
}

std::string scientific_phone_warning(std::string_view text) {
  return "\"" + std::string(text) +
         "\" is a number in scientific notation: the spreadsheet turned the phone into a "
         "floating-point number and lost its last digits; kept out, so the subject is "
         "unreachable on it (format the column as text in the spreadsheet and export again)";
}

void append_other_phones(const std::vector<Phone>& phones, std::string& list) {
  for (const auto& phone : phones) {
    if (phone.number.empty()) continue;
    if (!list.empty()) list += ';';
    list += phone.number;
  }
}

std::vector<Phone> split_other_phones(std::string_view list) {
  std::vector<Phone> phones;
  std::size_t start = 0;
  while (start < list.size()) {
    auto end = list.find(';', start);
    if (end == std::string_view::npos) end = list.size();
    auto number = list.substr(start, end - start);
    if (!number.empty()) {
      Phone phone = normalise_phone(number);
      if (phone.kind == PhoneKind::empty) phone = Phone{std::string(number), PhoneKind::invalid};
      phones.push_back(std::move(phone));
    }
    start = end + 1;
  }
  return phones;
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
