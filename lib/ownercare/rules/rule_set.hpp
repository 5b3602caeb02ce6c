// The rule set: what the TOML files in a rules folder say, as plain structs.
//
// A rules folder holds rule files (*.toml), the contact policy (policy.toml) and the holiday
// calendar (holidays.toml). load_rule_set() reads them once and checks everything it can
// without a database: unknown keys, wrong types, unknown placeholders, SMS too long, steps
// that overlap, windows outside the allowed hours. The engine never sees toml++ types.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/calendar.hpp"
#include "ownercare/core/date.hpp"
#include "ownercare/rules/terms.hpp"

namespace ownercare::rules {

enum class Channel { sms, call, handoff };
enum class SubjectKind { fleet, vehicle, order, member };
// What a rule's step days count from.
enum class AnchorKind {
  episode_start,      // fleet: day 0 of a status episode
  holiday,            // fleet, vehicle, member: the first day off of each public holiday
  sale_date,          // vehicle: the day it was sold
  warranty_end,       // vehicle: the earlier of the time and the (projected) km limit
  first_service_due,  // vehicle: first maintenance due (km or months, whichever first)
  service_due,        // vehicle: periodic maintenance due after the last one
  inspection_due,     // vehicle: the next annual inspection (schedule by category and age)
  birthday,           // vehicle: the owner's birthday (29 Feb: 28 Feb in common years)
  last_visit,         // vehicle: after_months after its last service order (or the sale)
  closed,             // order: the day the vehicle left the workshop (or the wash was done)
  card_expires,       // member: the day the card expires
  balance_low,        // member: the snapshot in which the balance fell below balance_below
};

const char* channel_name(Channel channel);
const char* subject_kind_name(SubjectKind kind);
const char* anchor_kind_name(AnchorKind kind);
std::optional<SubjectKind> parse_subject_kind(std::string_view text);

// A time window "HH:MM-HH:MM" in minutes of the day.
struct Window {
  int begin = 0;
  int end = 0;
  std::string text() const;  // HH:MM-HH:MM
};

// One condition of a rule's `when` table: the subject's field must equal one of `values`.
struct Condition {
  std::string field;
  std::vector<std::string> values;  // as text; numbers written the way the subject reports them
};

struct Step {
  std::string name;
  int day = 0;  // offset from the anchor, in calendar days
  Channel channel = Channel::sms;
  // sms: the text with {placeholders}; the signature is put in front when rendering, and for
  // a marketing step the rule's opt_out after it (sms_text()).
  std::string text;
  // sms: used instead of `text` when one of text's placeholders has no value for a subject.
  std::string fallback_text;
  // sms: a marketing message (greetings, reminders, the fleet cadence), which ends with the
  // rule's opt_out. Every SMS step is one except a service message: an SMS sent `after` a call
  // (the SMS callback) and the steps of rules anchored on an order's closing; a step's own
  // `marketing = true|false` overrides.
  bool marketing = true;
  int send_at = 9 * 60;  // sms: minute of the day
  // call and handoff: what the agent or colleague is to do.
  std::string reason;
  std::vector<Window> windows;  // call: one per try, used in turn
  int max_attempts = 3;         // call: tries that reach nobody before it is closed unreached
  int expire_days = 3;          // call: nights a try stays listed without an outcome
  std::vector<std::string> dispositions;  // call: the answers the agent may record
  // sms: the name of a call step of the same rule. Such a step has no day of its own: it is
  // sent when that call ends without reaching the customer (unreached, refused, expired, or
  // not made because of do-not-call or no phone), e.g. an SMS callback after a service.
  std::string after;
  int line = 0;                           // in the rule file, for messages
  int column = 0;
};

struct Rule {
  std::string name;
  std::string title;
  std::string file;  // the rule file's name, for messages
  int line = 0;
  SubjectKind subject = SubjectKind::fleet;
  AnchorKind anchor = AnchorKind::episode_start;
  std::vector<Condition> when;
  int priority = 50;       // higher wins when the contact policy must choose
  int grace_days = 2;      // how late a missed step may still go out
  double holdout = 0;      // share of subjects kept as a control group, 0..0.5
  std::string signature;   // 【...】 put in front of every SMS text
  // The opt-out instruction ("回T退订") put after the text of every marketing SMS step, counted
  // in its length; empty when the rule file sets none (check warns).
  std::string opt_out;
  int max_segments = 2;    // an SMS longer than this many parts is refused by check
  std::map<std::string, std::string> params;  // the file's [params], usable as placeholders
  int after_months = 12;        // last_visit: months without a visit before the anchor
  double balance_below = 0;     // balance_low: the threshold, in yuan
  std::vector<Step> steps;                    // sorted by day, then file order

  // Days of the steps that are scheduled by day (not `after` another step).
  int first_day() const;
  int last_day() const;
  const Step* step(const std::string& name) const;
};

// What an SMS step sends around a rendered text: the signature in front, the opt-out
// instruction after it when the step is marketing.
std::string sms_text(const Rule& rule, const Step& step, std::string_view rendered);

struct ContactPolicy {
  int sms_per_phone_per_day = 1;
  // Calls listed per phone per day, across every rule (SPEC 6.13): the higher-priority call
  // goes and tells the agent what else is due; the others wait within their grace.
  int calls_per_phone_per_day = 1;
  int sms_per_phone_per_week = 3;  // rolling 7 days
  int sms_earliest = 8 * 60;
  int sms_latest = 21 * 60;
  std::vector<Window> call_hours;  // calls must lie inside one of these
  // Office numbers are called on working days in these hours only (SPEC 6.4).
  std::vector<Window> office_hours = {{9 * 60, 11 * 60 + 30}, {14 * 60, 17 * 60 + 30}};
  std::string calendar_file = "holidays.toml";
};

struct RuleSet {
  std::vector<Rule> rules;  // in file-name order, then file order
  ContactPolicy policy;
  Calendar calendar;
  std::filesystem::path folder;
  std::string digest;  // SHA-256 of every file read, in order: names a version of the rules
  std::vector<std::string> warnings;  // from check: problems that do not stop a run
  DealerTerms terms;                  // [[warranty]], [[maintenance]], ... of the rule files

  const Rule* find(const std::string& name) const;
  // The farthest a rule looks ahead of as_of (for holiday anchors: the largest lead), so a
  // run can warn when the calendar does not reach that far.
  int look_ahead_days() const;
};

// Reads and checks a rules folder. Throws UsageError listing every problem, each located as
// "file:line:column: what". Warnings (things that work but look wrong) go to
// RuleSet::warnings.
RuleSet load_rule_set(const std::filesystem::path& folder);

}  // namespace ownercare::rules
