// The words an outcome file may use for a result or a disposition (SPEC 3.6): ownercare's own
// names (`no_answer`, `callback`, ...), the Chinese words call centres and SMS platforms write
// (无人接听, 回拨, ...), and a site's own codes from a value map (outcomes/value_map.hpp).
//
// One table serves both directions: reading a file (word -> value) and printing a report
// (value -> its Chinese name, the first word of its entry), so every word the report prints is
// one a file may use.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ownercare::outcomes {

enum class OutcomeKind { result, disposition };

struct OutcomeWords {
  std::string_view value;  // ownercare's name: "no_answer", "callback", ...
  OutcomeKind kind;
  std::vector<std::string_view> words;  // Chinese words; the first is the name reports print
};

// Every result, then every disposition, in the order SPEC 3.6 lists them. No word appears in
// two entries.
const std::vector<OutcomeWords>& outcome_words();

// The results and dispositions ownercare knows, in that order.
const std::vector<std::string>& known_results();
const std::vector<std::string>& known_dispositions();

struct OutcomeValue {
  OutcomeKind kind;
  std::string value;
};

// What `text` (trimmed) means: a value-map entry (keys compared trimmed and ASCII
// case-folded) wins, then ownercare's own names (ASCII case-folded), then the Chinese words
// (compared exactly). nullopt when none knows it.
std::optional<OutcomeValue> translate_outcome_word(
    std::string_view text, const std::map<std::string, std::string>& value_map = {});

// The Chinese name of a result or disposition ("无人接听" for no_answer); `value` itself when
// it is none.
std::string chinese_name(std::string_view value);

// The result and disposition a line's two cells say, or the reason they cannot be read.
struct LineOutcome {
  std::string result;
  std::string disposition;  // empty for none
  bool disposition_in_result_cell = false;  // it came from the result cell
};
struct OutcomeProblem {
  bool in_disposition;  // false: the result cell
  std::string reason;
};

// Reads a line's result and disposition cells for a task of `channel` (sms, call, handoff).
// A disposition written in the result cell (满意, CALLBK mapped to callback, ...) means the
// customer was reached: the result is then `reached` for a call, `done` for a hand-off and
// `delivered` for an SMS, and the disposition cell, when filled, must say the same. A result
// in the disposition cell is accepted only when it repeats the result cell. Whether the pair
// fits the task is checked by the caller.
struct LineCells {
  std::string_view result;
  std::string_view disposition;
};
std::optional<OutcomeProblem> read_outcome_cells(LineCells cells, std::string_view channel,
                                                 const std::map<std::string, std::string>& value_map,
                                                 LineOutcome& outcome);

}  // namespace ownercare::outcomes
