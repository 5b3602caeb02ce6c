// One row of a do-not-contact list (SPEC 3.7, `ownercare-import --kind optouts`): its columns
// (with the Chinese header names SMS platforms and company lists use) and the parser that turns
// a CSV record into an opt-out, a lift, a reply to ignore, or a reject naming its line, column
// and reason.
//
// Two shapes of file are read alike:
// * a list: phone, and optionally channel (sms, call, all; empty means all), date (empty: the
//   list's date), reason, action (add, the default, or lift);
// * an SMS platform's replies: phone, content (what the customer replied), date (the reply's
//   time). A reply that is an unsubscribe word (unsubscribe_word()) is an SMS opt-out (unless
//   the row names another channel); any other reply is ignored and counted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/csv/header.hpp"
#include "ownercare/ingest/dealer_rows.hpp"
#include "ownercare/ingest/rejects.hpp"

namespace ownercare::ingest {

namespace optout_column {
enum Column : std::size_t { phone, channel, date, reason, action, content };
}  // namespace optout_column

const std::vector<csv::ColumnSpec>& optout_columns();

// True for the replies that mean "stop sending me SMS": T, TD, 退订, 退定 (a common slip), 退,
// compared trimmed, ASCII case ignored, trailing punctuation ignored ("TD。", "退订!").
bool unsubscribe_word(std::string_view reply);

struct OptOutRow {
  enum class Kind { opt_out, ignored_reply };
  Kind kind = Kind::opt_out;
  std::string phone;                  // normalised
  std::vector<std::string> channels;  // "sms", "call", or both (the list's "all")
  Date on;                            // effective from this night
  bool lift = false;                  // action lift: the phone may be contacted again from `on`
  std::string reason;
  std::uint64_t line = 0;
};

class OptOutRowParser {
 public:
  // `as_of` is the list's date: an empty date means it, and a date more than a day after it is
  // rejected (a typo would otherwise hold a suppression or a lift back for years).
  OptOutRowParser(const csv::HeaderMap& header, Date as_of, Rejects& rejects)
      : fields_(header, optout_columns(), as_of, rejects) {}
  // Fills `row` and returns true, or adds a reject and returns false.
  bool parse(const csv::Record& record, OptOutRow& row);

 private:
  FieldReader fields_;
};

}  // namespace ownercare::ingest
