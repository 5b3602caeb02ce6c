// A subject as the engine handles it, whatever its kind: who it is, the phones it can be
// reached on (in the order they are tried), the team that works it, and the facts its
// templates and call context use. Fleet vehicles keep their own fast path
// (fleet_subjects.hpp); sold vehicles, service orders and members are read here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/calendar.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/dealer_queries.hpp"
#include "ownercare/store/fleet_queries.hpp"

namespace ownercare::engine {

struct ContactPhone {
  std::string number;
  std::string kind;  // mobile | landline | invalid | empty
  std::string role;  // owner (fleet) | mobile | home | office | other (more numbers in a cell)
};

struct Subject {
  rules::SubjectKind kind = rules::SubjectKind::fleet;
  std::string id;
  std::string name;
  std::vector<ContactPhone> phones;  // mobile, home, office
  std::string team;
  store::FleetSubject fleet;  // fleet subjects
  // Shared, not held inline: a fleet night keeps tens of thousands of subjects (its SMS), and
  // each would otherwise carry room for a vehicle, an order and a member it does not have.
  std::shared_ptr<const store::DealerVehicle> vehicle;  // a vehicle, or an order's vehicle
  std::shared_ptr<const store::ServiceOrder> order;     // order subjects
  std::shared_ptr<const store::Member> member;          // members, or a wash order's member
  // Why care has stopped for it ("" while it goes on): vehicle sold or gone, member gone.
  std::string stopped;

  const char* kind_name() const { return rules::subject_kind_name(kind); }
  // The phone shown when no phone could be chosen.
  std::string first_phone() const;
};

Subject fleet_subject(store::FleetSubject fleet);
// A vehicle, order or member by id; nullopt when it is not in the database.
std::optional<Subject> load_subject(store::DealerQueries& dealer, rules::SubjectKind kind,
                                    const std::string& id);

// True when the member's newest snapshot shows the balance below `threshold` where the one
// before was at or above it (or for a new member): a low-balance reminder's moment.
bool balance_fell_below(const store::Member& member, double threshold);

// True when the subject meets every condition of the rule (dealer kinds).
bool dealer_matches(const rules::Rule& rule, const Subject& subject);

// The phone to use for a channel, or why there is none. `suppressed(phone, channel)` says
// whether a phone is on a list for "sms", "call" or "all".
struct PhoneChoice {
  const ContactPhone* phone = nullptr;
  std::string problem;              // set when phone is null
  bool wait_for_working_day = false;  // only an office phone is left, and today is off
  std::vector<std::string> others;  // the other phones that could be called
};
template <class Suppressed>
PhoneChoice choose_phone(const Subject& subject, rules::Channel channel, bool working_day,
                         const Suppressed& suppressed);

// Template values of a dealer subject for a rule and anchor date.
class DealerValues {
 public:
  DealerValues(const rules::Rule& rule, const Subject& subject, Date anchor,
               const std::optional<Holiday>& holiday, std::optional<long long> due_km);
  std::optional<std::string_view> operator()(std::string_view name) const;

 private:
  const rules::Rule& rule_;
  std::vector<std::pair<std::string, std::string>> values_;
};

// What the agent reads before dialling (seed 002): the facts to verify, the last services,
// open repair suggestions, complaint history.
std::string dealer_call_context(store::DealerQueries& dealer, const Subject& subject,
                                const rules::Rule& rule, Date anchor);

// "保养" for maintenance ...: how an order type reads in an SMS.
std::string service_label(const std::string& type);

// --- template definition ---------------------------------------------------------------------

template <class Suppressed>
PhoneChoice choose_phone(const Subject& subject, rules::Channel channel, bool working_day,
                         const Suppressed& suppressed) {
  PhoneChoice choice;
  std::string first_problem;
  bool office_waits = false;
  const char* channel_key = channel == rules::Channel::sms ? "sms" : "call";
  for (const auto& phone : subject.phones) {
    std::string problem;
    if (phone.kind == "empty") continue;
    if (phone.kind == "invalid") {
      problem = "invalid phone";
    } else if (suppressed(phone.number, "all")) {
      problem = "phone marked invalid";
    } else if (channel == rules::Channel::sms && phone.kind != "mobile") {
      problem = "landline: no SMS";
    } else if (suppressed(phone.number, channel_key)) {
      problem = channel == rules::Channel::sms ? "opted out of SMS" : "do not call";
    } else if (channel == rules::Channel::call && phone.role == "office" && !working_day) {
      office_waits = true;
      continue;
    }
    if (!problem.empty()) {
      if (first_problem.empty()) first_problem = problem;
      continue;
    }
    if (!choice.phone) {
      choice.phone = &phone;
    } else if (channel == rules::Channel::call) {
      choice.others.push_back(phone.number);
    }
  }
  if (!choice.phone) {
    if (office_waits) {
      choice.wait_for_working_day = true;
    } else {
      choice.problem = first_problem.empty() ? "no phone" : first_problem;
    }
  }
  return choice;
}

}  // namespace ownercare::engine
