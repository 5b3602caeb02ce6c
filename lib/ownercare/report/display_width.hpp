// How many terminal columns a UTF-8 text takes, so the text report's columns line up when they
// hold Chinese names: East Asian wide and fullwidth characters (CJK ideographs, kana, hangul,
// fullwidth forms, CJK punctuation) take two columns, combining marks and zero-width
// characters none, everything else one. Ambiguous-width characters count one, as terminals
// outside East Asian locales show them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ownercare::report {

// Columns `text` takes; a byte that is not valid UTF-8 counts one column.
std::size_t display_width(std::string_view text);

// `text` on one line: CR, LF, TAB and other control characters become spaces, so that a note
// with a line break cannot break a table's alignment.
std::string single_line(std::string_view text);

}  // namespace ownercare::report
