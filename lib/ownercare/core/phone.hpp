// Phone numbers as the SMS platform and the call centre need them.
//
// Normalising removes spaces, dashes, dots, parentheses and a +86 / 0086 / 86 country prefix.
// A mobile is 1[3-9] followed by 9 digits. A landline has its area code: 0, then a 2- or
// 3-digit area code, then a 7- or 8-digit number (10 to 12 digits in all). Landlines can be
// called but never get an SMS. Anything else is invalid: the subject is kept and reported as
// unreachable, never rejected for it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ownercare {

enum class PhoneKind { empty, mobile, landline, invalid };

struct Phone {
  std::string number;  // normalised digits; for an invalid phone, the input trimmed
  PhoneKind kind = PhoneKind::empty;

  bool callable() const { return kind == PhoneKind::mobile || kind == PhoneKind::landline; }
  bool textable() const { return kind == PhoneKind::mobile; }
};

// Also removes what spreadsheets add: a leading ' (Excel's mark for text) and a trailing .0
// (a number cell shown as text).
Phone normalise_phone(std::string_view text);

// A phone cell as exports write it. Several numbers in one cell, separated by 、 / ; , or
// spaces between whole numbers, give the first as `first` and the rest as `others` (invalid
// parts included, so nothing typed is lost). A number in scientific notation (1.39123E+10:
// Excel turned it into a float and lost its last digits) is invalid, with `scientific` set so
// that the importer can say why.
struct PhoneCell {
  Phone first;
  std::vector<Phone> others;
  bool scientific = false;
};
PhoneCell parse_phone_cell(std::string_view text);
// What an importer says of a phone in scientific notation.
std::string scientific_phone_warning(std::string_view text);
// Appends the numbers of `phones` to `list`, separated by ";" (how other phones are stored).
void append_other_phones(const std::vector<Phone>& phones, std::string& list);
// The numbers of a stored list, each classified again.
std::vector<Phone> split_other_phones(std::string_view list);
const char* phone_kind_name(PhoneKind kind);  // "empty", "mobile", "landline", "invalid"

}  // namespace ownercare
