// One customer's history (issue 11 point 6): finding subjects from what an operator has in
// hand (an id, a phone number, a plate, a name) and putting together everything stored about
// each of them in date order, for `ownercare-export history --find` and `ownercare-rules
// explain --find`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ownercare/store/database.hpp"

namespace ownercare::store {

// A subject found: its kind as tasks name it (fleet | vehicle | order | member), its id, a
// line describing it, and how the text matched it ("id", "phone", "plate", "name",
// "name prefix"; several joined by ", ").
struct FoundSubject {
  std::string kind;
  std::string id;
  std::string label;
  std::string matched_by;
};

// Subjects matching `text`, full-width forms folded and surrounding spaces ignored:
// - an id: a fleet vehicle id, a VIN (any case), a service order id, a member id;
// - a phone, normalised as imports normalise it (core/phone.hpp), against every phone of a
//   subject: a fleet owner's phone, a sold vehicle's mobile, home, office and other phones
//   and the mobile a call replaced, a member's mobile and other phones;
// - a plate, ignoring case and spaces (fleet and sold vehicles);
// - a name (fleet owner, customer, member): exact matches, or when there is none, names
//   starting with the text.
// In order of kind (fleet, vehicle, order, member), then id; each subject once. Throws
// UsageError for an empty text.
std::vector<FoundSubject> find_subjects(Database& db, std::string_view text);

// One thing that happened to a subject.
struct HistoryEvent {
  std::string date;    // YYYY-MM-DD
  std::string event;   // a short word: snapshot, episode, task, sent, outcome, change, ...
  std::string detail;  // one line
};

// Everything stored about `subject`, oldest first (events of one date in the order they
// happen: snapshots, then tasks, then what the night and the calls did).
std::vector<HistoryEvent> subject_history(Database& db, const FoundSubject& subject);

}  // namespace ownercare::store
