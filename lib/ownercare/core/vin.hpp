// Vehicle identification numbers (VIN, 车架号) as sales and service exports give them.
//
// A VIN is 17 characters of 0-9 and A-Z without I, O and Q (ISO 3779). Position 9 is a check
// digit (GB 16735 makes it mandatory in China, as the US does): each character is
// transliterated to a number (digits as themselves; A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9),
// multiplied by its position's weight (8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2) and the sum taken
// modulo 11; a remainder of 10 is written 'X'. A mistyped VIN would attach service orders and
// reminders to the wrong car, so a VIN that fails any of this rejects its row, with the reason.
#pragma once

#include <string>
#include <string_view>

namespace ownercare {

struct VinCheck {
  std::string vin;     // trimmed and upper-cased, whether valid or not
  std::string reason;  // empty when valid; else why not, e.g. "has 16 characters, not 17"

  bool valid() const { return reason.empty(); }
};

// Normalises (trims spaces, upper-cases ASCII letters) and verifies `text`.
VinCheck check_vin(std::string_view text);

// The check digit ('0'-'9' or 'X') that position 9 of `vin` must hold. `vin` must be 17
// characters of the VIN alphabet (position 9 itself is not read).
char vin_check_digit(std::string_view vin);

}  // namespace ownercare
