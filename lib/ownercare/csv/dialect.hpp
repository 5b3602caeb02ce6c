// The separator and line ends of a CSV file, decided from its first line.
//
// Excel writes commas, or semicolons where the decimal mark is a comma, and tabs when saving
// "Unicode text"; DMS exports write any of the three; old Mac programs end lines with a lone
// CR. The header line says which: it is the one line every input has, and it holds only
// names, never the commas of a value like 1,280.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ownercare::csv {

struct Dialect {
  char separator = ',';
  // The first line ends are lone CRs, up to the header's and one more (or the end of the
  // input): then a lone CR ends lines, as CRLF does, and an LF is text. Otherwise LF and CRLF
  // end lines and a lone CR is text, as in "a\rb,c\n", one record.
  bool cr_line_ends = false;
  // Bytes of a `sep=X` first line (Excel's way of naming the separator) to skip, with its
  // line end; 0 when there is none.
  std::size_t skip = 0;
};

// What "a comma", "a tab", "a semicolon", or "`|`" names the separator in messages.
std::string separator_name(char separator);

// Looks at the start of a file (after its byte order marks), the same text grown on each call.
// A first line `sep=X` (any case; X a tab or ASCII punctuation but `"`) names the separator.
// Otherwise the separator is whichever of comma, tab and semicolon occurs most often outside
// quotes in the first record; a tie goes to comma, then tab; none (one column) means comma.
// Only text up to the second line end is looked at.
// Returns nothing while the first record is not complete in `text` and `ended` is false.
class DialectDetector {
 public:
  std::optional<Dialect> look(std::string_view text, bool ended);

 private:
  std::size_t scanned_ = 0;  // bytes of `text` already counted
  bool quoted_ = false;
  bool line_has_text_ = false;
  std::size_t lone_crs_ = 0;   // outside quotes, so far
  bool header_ended_ = false;  // at a lone CR after text: the end of the header if CRs end lines
  // Commas, tabs and semicolons outside quotes up to that lone CR and after it.
  std::size_t header_[3] = {};
  std::size_t after_header_[3] = {};
};

}  // namespace ownercare::csv
