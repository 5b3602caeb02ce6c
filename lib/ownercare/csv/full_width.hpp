// Full-width ASCII forms folded to ASCII, in every cell the CSV reader hands out.
//
// Chinese input methods and Excel on a Chinese Windows type digits, Latin letters and
// punctuation as their full-width forms (U+FF01..U+FF5E, and U+3000 for the space): a
// mileage `１２３４５`, a phone `１３９…`, a plate `京Ａ１２３４５`. Folded, they read as what
// the user meant. The reader folds each field after the record is split, so a full-width
// comma `，` in a cell becomes a comma in that cell and never a separator.
#pragma once

#include <cstddef>

namespace ownercare::csv {

// True when `text` holds a byte that may start a full-width form (0xEF or 0xE3): a quick look,
// 16 bytes at a time, so text without them costs almost nothing.
bool may_hold_full_width(const char* text, std::size_t size);

// Folds the full-width forms of `text` in place (each is 3 bytes of UTF-8 and becomes one)
// and returns the new size. Everything else, including invalid UTF-8, is left as it is.
std::size_t fold_full_width(char* text, std::size_t size);

}  // namespace ownercare::csv
