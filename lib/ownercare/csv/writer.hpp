// CSV writer for everything ownercare emits: RFC 4180 quoting, CRLF-free LF line ends, an
// optional UTF-8 BOM (on by default so Excel shows Chinese), and no cell a spreadsheet would
// run as a formula.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ownercare::csv {

struct WriterOptions {
  bool bom = true;
};

// Builds CSV text in memory; the caller writes it out (see core/files.hpp), which lets the
// emitter hash each file and write it atomically.
class Writer {
 public:
  explicit Writer(WriterOptions options = {});
  // `capacity`: the expected size of the text, allocated up front.
  Writer(WriterOptions options, std::size_t capacity);
  // Appends one record. Cells are made formula-safe (see formula_safe) and quoted when they
  // hold a comma, a quote, CR or LF, or start or end with a space.
  void row(const std::vector<std::string>& cells);
  void row(const std::vector<std::string_view>& cells);
  const std::string& text() const { return text_; }
  std::string take() { return std::move(text_); }
  std::size_t rows() const { return rows_; }

 private:
  WriterOptions options_;
  std::string text_;
  std::size_t rows_ = 0;
};

// A text cell that starts with '=', '+', '-', '@', TAB or CR is prefixed with a single quote so
// that Excel, WPS and LibreOffice show it as text instead of running it. A plain number
// (optional sign, digits, optional decimal part, e.g. "-12.5", "+3") is left alone.
std::string formula_safe(std::string_view cell);

// Quotes a cell for CSV when needed (no formula handling).
void append_cell(std::string& out, std::string_view cell);

}  // namespace ownercare::csv
