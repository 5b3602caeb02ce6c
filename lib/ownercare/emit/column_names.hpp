// The header names of the files people read, in English (the contract's, SPEC 5) or Chinese
// (`headers = "zh"`, `--headers zh`). One table, here, so every writer of calls, hand-offs and
// delistings (the CSV files, and spreadsheets later) gives a column the same Chinese name.
//
// Only the header row changes: the rows, their order and their values are the same in both.
// sms.csv has no Chinese header: the SMS platform reads it by the contract's names. The names
// of calls.csv and handoff.csv that ownercare-record also reads (task_id, attempt) are ones
// its outcome columns accept (任务编号, 第几次), and none of the others is a name record reads as
// another column, so a call list edited and sent back as an outcomes file is read as the
// English one would be (tests/unit/column_names_test.cpp checks both).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ownercare::emit {

enum class HeaderLanguage { english, chinese };

// "en" or "zh"; nullopt for anything else (the caller says where the value came from).
std::optional<HeaderLanguage> parse_header_language(std::string_view text);

// The Chinese name of `column` of output file `file` ("calls", "handoff", "delist"), or
// nullopt when the file or the column has none (sms: always the contract's names).
std::optional<std::string> chinese_heading(std::string_view file, std::string_view column);

// The header row of output file `file` with `columns` (its English names, in order): the
// English names, or for Chinese the names above (sms, and a column without one, in English).
std::vector<std::string> header_row(std::string_view file, const std::vector<std::string>& columns,
                                    HeaderLanguage language);

}  // namespace ownercare::emit
