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

namespace ownercare {

enum class PhoneKind { empty, mobile, landline, invalid };

struct Phone {
  std::string number;  // normalised digits; for an invalid phone, the input trimmed
  PhoneKind kind = PhoneKind::empty;

  bool callable() const { return kind == PhoneKind::mobile || kind == PhoneKind::landline; }
  bool textable() const { return kind == PhoneKind::mobile; }
};

Phone normalise_phone(std::string_view text);
const char* phone_kind_name(PhoneKind kind);  // "empty", "mobile", "landline", "invalid"

}  // namespace ownercare
