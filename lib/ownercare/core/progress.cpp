#include "ownercare/core/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace ownercare {

namespace {

// How far a phase is: "40%" of a known total, else the count so far ("12000 rows", "3.4 MB").
std::string amount(std::uint64_t done, std::optional<std::uint64_t> total, ProgressUnit unit) {
  if (total) {
    if (*total == 0) return "100%";
    auto percent = std::min<std::uint64_t>(100, done * 100 / *total);
    return fmt::format("{}%", percent);
  }
  if (unit == ProgressUnit::bytes) {
    return fmt::format("{:.1f} MB", static_cast<double>(done) / 1e6);
  }
  return fmt::format("{} {}", done, done == 1 ? "row" : "rows");
}

// Whether a code point takes two terminal columns: the East Asian wide and fullwidth blocks a
// Chinese file name uses. (report::display_width knows more, but core stays below report; a
// character counted one column too many only makes the line shorter.)
bool is_wide(char32_t code) {
  return (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
         (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
         (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF60) ||
         (code >= 0xFFE0 && code <= 0xFFE6) || (code >= 0x20000 && code <= 0x3FFFD);
}

// The longest start of `text` that takes at most `columns` terminal columns, cut between
// characters.
std::string cut_to_columns(const std::string& text, std::size_t columns) {
  if (text.size() <= columns) return text;  // each byte takes at most one column
  std::size_t used = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    auto lead = static_cast<unsigned char>(text[at]);
    char32_t code = lead;
    std::size_t next = at + 1;
    if (lead >= 0xC0) {
      code = lead >= 0xF0 ? lead & 0x07 : lead >= 0xE0 ? lead & 0x0F : lead & 0x1F;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
        code = (code << 6) | (static_cast<unsigned char>(text[next]) & 0x3F);
        ++next;
      }
    }
    used += is_wide(code) ? 2 : 1;
    if (used > columns) break;
    at = next;
  }
  return text.substr(0, at);
}

}  // namespace

// --- PhaseProgress

PhaseProgress::PhaseProgress(Progress* progress, std::string_view phase,
                             std::optional<std::uint64_t> total, ProgressUnit unit)
    : progress_(progress), phase_(phase) {
  if (!progress_) return;
  progress_->begin(phase_, total, unit);
  next_ = kProgressRows;
}

void PhaseProgress::pass_on(std::uint64_t done) {
  if (!progress_) return;
  next_ = done_ + kProgressRows;
  progress_->update(phase_, done);
}

// --- TerminalProgress

TerminalProgress::TerminalProgress(std::ostream& out, std::string prefix, Clock clock)
    : out_(out), clock_(std::move(clock)), prefix_(std::move(prefix)) {}

TerminalProgress::~TerminalProgress() { clear(); }

void TerminalProgress::step(std::string prefix) {
  std::lock_guard lock(mutex_);
  prefix_ = std::move(prefix);
  phase_.clear();
  total_.reset();
  done_ = 0;
  draw_if_due();
}

void TerminalProgress::begin(std::string_view phase, std::optional<std::uint64_t> total,
                             ProgressUnit unit) {
  std::lock_guard lock(mutex_);
  phase_.assign(phase);
  total_ = total;
  unit_ = unit;
  done_ = 0;
  draw_if_due();
}

void TerminalProgress::update(std::string_view phase, std::uint64_t done) {
  std::lock_guard lock(mutex_);
  if (phase != phase_) return;
  done_ = done;
  draw_if_due();
}

void TerminalProgress::clear() {
  std::lock_guard lock(mutex_);
  if (drawn_.empty()) return;
  out_ << "\r\033[K" << std::flush;
  drawn_.clear();
}

std::string TerminalProgress::line() const {
  std::lock_guard lock(mutex_);
  return line_locked();
}

std::string TerminalProgress::line_locked() const {
  if (phase_.empty()) return cut_to_columns(prefix_, kColumns);
  // A phase of unknown size with nothing counted yet shows its name alone.
  std::string phase = !total_ && done_ == 0 ? phase_ : phase_ + ' ' + amount(done_, total_, unit_);
  if (prefix_.empty()) return cut_to_columns(phase, kColumns);
  // A long prefix (a long file name) is cut, with "...", so that the phase stays in sight.
  std::string line = prefix_ + ": " + phase;
  if (cut_to_columns(line, kColumns) == line || phase.size() + 5 > kColumns) {
    return cut_to_columns(line, kColumns);
  }
  return cut_to_columns(prefix_, kColumns - phase.size() - 5) + "...: " + phase;
}

void TerminalProgress::draw_if_due() {
  std::string line = line_locked();
  if (line == drawn_ || line.empty()) return;
  auto now = clock_();
  if (last_draw_ && now - *last_draw_ < kInterval) return;
  // "\033[K" erases what a longer line before left on the right.
  out_ << '\r' << line << "\033[K" << std::flush;
  last_draw_ = now;
  drawn_ = std::move(line);
}

}  // namespace ownercare
