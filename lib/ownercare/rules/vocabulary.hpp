// What a rule may name, per subject kind: the fields a `when` condition can test, the
// placeholders a template can use, and the dispositions a call can end with. Rules are data,
// so this whitelist is the whole language; the engine supplies exactly these values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ownercare/rules/rule_set.hpp"

namespace ownercare::rules {

struct Placeholder {
  std::string name;
  bool always_present;  // false: some subjects lack it, so a fallback_text is advised
  std::string meaning;  // for `ownercare-rules check` messages and the README
};

const std::vector<std::string>& condition_fields(SubjectKind kind);
const std::vector<Placeholder>& placeholders(SubjectKind kind, AnchorKind anchor);
// Dispositions a reached call (or a done hand-off) of this subject kind may carry.
const std::vector<std::string>& dispositions(SubjectKind kind);
// Anchors a rule of this subject kind may use.
const std::vector<AnchorKind>& anchors(SubjectKind kind);

// The {names} used in a template, in order of appearance. `{{` and `}}` are literal braces.
// Sets `error` (and returns what it found so far) on an unclosed or empty brace.
std::vector<std::string> template_placeholders(std::string_view text, std::string& error);

}  // namespace ownercare::rules
