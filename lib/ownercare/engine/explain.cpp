#include "ownercare/engine/explain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/errors.hpp"
#include "ownercare/engine/fleet_subjects.hpp"
#include "ownercare/engine/planner.hpp"
#include "ownercare/engine/subject.hpp"
#include "ownercare/engine/vehicle_due.hpp"
#include "ownercare/store/dealer_queries.hpp"
#include "ownercare/store/fleet_queries.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::engine {

namespace {

std::string describe_task(const store::TaskRow& task) {
  std::string text = task.state;
  if (task.sent_on) {
    text += (task.channel == "sms" ? " on " : ", first listed ") + task.sent_on->iso();
  }
  if (task.attempt > 1) text += fmt::format(", try {}", task.attempt);
  if (!task.window.empty()) text += fmt::format(" {}", task.window);
  if (task.next_on) text += fmt::format(", next on {}", task.next_on->iso());
  if (!task.last_result.empty()) {
    text += ", last outcome " + task.last_result;
    if (!task.last_disposition.empty()) text += "/" + task.last_disposition;
  }
  if (!task.reason.empty()) text += " (" + task.reason + ")";
  return text;
}

const char* decision_text(StepDecision decision) {
  switch (decision) {
    case StepDecision::send: return "due: would go out tonight";
    case StepDecision::missed: return "would be skipped: more than grace days late";
    case StepDecision::superseded: return "would be skipped: a later step of this rule is due";
    case StepDecision::baseline:
      return "would be skipped: in this status since before ownercare was installed";
  }
  return "";
}

// Lines for the steps of one rule and anchor.
void explain_steps(const rules::Rule& rule, Date anchor, Date as_of,
                   const std::vector<store::TaskRow>& tasks, std::vector<std::string>& lines,
                   const char* indent = "  ") {
  std::set<std::string> existing;
  for (const auto& task : tasks) {
    if (task.rule == rule.name && task.anchor_on == anchor) existing.insert(task.step);
  }
  auto planned = plan_steps(rule, anchor, as_of, existing);
  for (const auto& step : rule.steps) {
    Date due = anchor.plus_days(step.day);
    std::string state;
    auto task = std::find_if(tasks.begin(), tasks.end(), [&](const store::TaskRow& t) {
      return t.rule == rule.name && t.anchor_on == anchor && t.step == step.name;
    });
    if (task != tasks.end()) {
      state = fmt::format("task {}: {}", task->task_id, describe_task(*task));
    } else {
      auto plan = std::find_if(planned.begin(), planned.end(),
                               [&](const PlannedStep& p) { return p.step == &step; });
      if (plan != planned.end()) {
        state = decision_text(plan->decision);
      } else if (due > as_of) {
        state = fmt::format("in {} days", due.days_since(as_of));
      } else {
        state = "no task";
      }
    }
    lines.push_back(fmt::format("{}{:<12} day {:>3}  {:<7} {}  {}", indent, step.name, step.day,
                                rules::channel_name(step.channel), due.iso(), state));
  }
}

void explain_holidays(const rules::RuleSet& rules, const rules::Rule& rule, Date as_of,
                      const std::vector<store::TaskRow>& tasks, std::vector<std::string>& lines) {
  int lead = -rule.first_day();
  auto holidays = rules.calendar.holidays_between(as_of.plus_days(1 - rule.grace_days),
                                                  as_of.plus_days(lead + 60));
  if (holidays.empty()) {
    lines.push_back(fmt::format("  no holiday known in the next {} days (the calendar ends "
                                "{})",
                                lead + 60, rules.calendar.covered_until().iso()));
  }
  for (const auto& holiday : holidays) {
    lines.push_back(fmt::format("  {} from {}{}:", holiday.name, holiday.first_off.iso(),
                                holiday.estimated ? " (estimated)" : ""));
    explain_steps(rule, holiday.first_off, as_of, tasks, lines, "    ");
  }
}

std::string phone_line(const Subject& subject, const rules::RuleSet& rules, Date as_of,
                       store::TaskStore& task_store) {
  auto suppressions = task_store.suppressions_on(as_of);
  auto suppressed = [&](const std::string& phone, const char* channel) {
    auto found = suppressions.find(phone);
    return found != suppressions.end() && found->second.count(channel) > 0;
  };
  bool working = rules.calendar.is_working_day(as_of);
  auto sms = choose_phone(subject, rules::Channel::sms, working, suppressed);
  auto call = choose_phone(subject, rules::Channel::call, working, suppressed);
  std::string phones;
  for (const auto& phone : subject.phones) {
    if (phone.kind == "empty") continue;
    phones += fmt::format("{}{} {} ({})", phones.empty() ? "" : ", ", phone.role, phone.number,
                          phone.kind);
  }
  return fmt::format("phones: {}; SMS {}; calls {}", phones.empty() ? "none" : phones,
                     sms.phone ? "to " + sms.phone->number : "no (" + sms.problem + ")",
                     call.phone ? "to " + call.phone->number
                     : call.wait_for_working_day ? std::string("wait for a working day (office)")
                                                 : "no (" + call.problem + ")");
}

// A sold vehicle, a service order or a car-wash member.
std::vector<std::string> explain_dealer(store::Database& db, const rules::RuleSet& rules,
                                        Date as_of, const Subject& subject) {
  store::DealerQueries dealer(db);
  store::TaskStore task_store(db);
  std::vector<std::string> lines;
  std::optional<store::VehicleDue> due;
  if (subject.kind == rules::SubjectKind::vehicle) {
    const auto& v = *subject.vehicle;
    lines.push_back(fmt::format("vehicle {} {} {} {}, dealer {}, owner {}, sold {}", v.vin,
                                v.plate.empty() ? "-" : v.plate, v.brand, v.model, v.dealer_code,
                                v.customer_name.empty() ? "-" : v.customer_name,
                                v.sale_date.iso()));
    if (v.odometer_km) {
      lines.push_back(fmt::format("odometer {} km on {}; last visit {}", *v.odometer_km,
                                  v.odometer_date ? v.odometer_date->iso() : "-",
                                  v.last_visit_on.iso()));
    }
    // Recurring dates from today on; the stored ones (vehicle_due) may be a night older.
    due = compute_vehicle_due(v, dealer.readings(v.vin), dealer.services(v.vin), rules.terms,
                              as_of, as_of);
    auto show = [](const std::optional<Date>& date) { return date ? date->iso() : "-"; };
    lines.push_back(fmt::format("due: warranty end {}, first service {}, next service {}, "
                                "inspection {}, birthday {}",
                                show(due->warranty_end_on), show(due->first_service_on),
                                show(due->next_service_on), show(due->inspection_on),
                                show(due->birthday_on)));
  } else if (subject.kind == rules::SubjectKind::order) {
    const auto& o = *subject.order;
    lines.push_back(fmt::format("order {} ({}) closed {}, {}{}", o.order_id, o.type,
                                o.closed.iso(), o.vin.empty() ? "member " + o.member_id : "vehicle " + o.vin,
                                o.dealer_code.empty() ? "" : ", dealer " + o.dealer_code));
  } else {
    const auto& m = *subject.member;
    lines.push_back(fmt::format("member {} {}, {}, card {} expires {}, balance {}", m.member_id,
                                m.name.empty() ? "-" : m.name, subject.team,
                                m.card_type.empty() ? "-" : m.card_type,
                                m.expires ? m.expires->iso() : "-",
                                m.balance ? fmt::format("{}", *m.balance) : "-"));
  }
  if (!subject.stopped.empty()) lines.push_back(subject.stopped + ": no rule applies");
  lines.push_back(phone_line(subject, rules, as_of, task_store));

  auto tasks = task_store.tasks_of(subject.kind_name(), subject.id);
  for (const auto& rule : rules.rules) {
    if (rule.subject != subject.kind) continue;
    std::string title = rule.title.empty() ? "" : " (" + rule.title + ")";
    if (!subject.stopped.empty() || !dealer_matches(rule, subject)) {
      lines.push_back(fmt::format("rule {}{}: does not apply: {}", rule.name, title,
                                  subject.stopped.empty() ? "a `when` condition does not match"
                                                          : subject.stopped));
      continue;
    }
    if (rule.anchor == rules::AnchorKind::holiday) {
      lines.push_back(fmt::format("rule {}{}: applies", rule.name, title));
      explain_holidays(rules, rule, as_of, tasks, lines);
      continue;
    }
    std::optional<Date> anchor;
    switch (rule.anchor) {
      case rules::AnchorKind::sale_date: anchor = subject.vehicle->sale_date; break;
      case rules::AnchorKind::last_visit:
        anchor = subject.vehicle->last_visit_on.plus_months(rule.after_months);
        break;
      case rules::AnchorKind::warranty_end: anchor = due->warranty_end_on; break;
      case rules::AnchorKind::first_service_due: anchor = due->first_service_on; break;
      case rules::AnchorKind::service_due: anchor = due->next_service_on; break;
      case rules::AnchorKind::inspection_due: anchor = due->inspection_on; break;
      case rules::AnchorKind::birthday: anchor = due->birthday_on; break;
      case rules::AnchorKind::closed: anchor = subject.order->closed; break;
      case rules::AnchorKind::card_expires: anchor = subject.member->expires; break;
      case rules::AnchorKind::balance_low:
        if (balance_fell_below(*subject.member, rule.balance_below)) {
          anchor = subject.member->balance_changed_on;
        }
        break;
      default: break;
    }
    if (!anchor) {
      lines.push_back(fmt::format("rule {}{}: does not apply: no {} date", rule.name, title,
                                  rules::anchor_kind_name(rule.anchor)));
      continue;
    }
    lines.push_back(fmt::format("rule {}{}: applies, anchor {} {}", rule.name, title,
                                rules::anchor_kind_name(rule.anchor), anchor->iso()));
    explain_steps(rule, *anchor, as_of, tasks, lines);
  }
  return lines;
}

}  // namespace

std::vector<std::string> explain_subject(store::Database& db, const rules::RuleSet& rules,
                                         Date as_of, const std::string& subject_id) {
  store::FleetQueries fleet(db);
  store::TaskStore task_store(db);
  auto record = fleet.vehicle(subject_id);
  if (!record) {
    store::DealerQueries dealer(db);
    for (auto kind : {rules::SubjectKind::vehicle, rules::SubjectKind::order,
                      rules::SubjectKind::member}) {
      if (auto subject = load_subject(dealer, kind, subject_id)) {
        return explain_dealer(db, rules, as_of, *subject);
      }
    }
    throw InputError(fmt::format("no fleet vehicle, sold vehicle (VIN), service order or "
                                 "member \"{}\" in the database",
                                 subject_id));
  }
  const auto& subject = record->subject;
  std::vector<std::string> lines;
  lines.push_back(fmt::format("vehicle {} {}, owner {} {} ({}), city {}", subject.vehicle_id,
                              subject.plate, subject.owner_name.empty() ? "-" : subject.owner_name,
                              subject.owner_phone.empty() ? "-" : subject.owner_phone,
                              subject.phone_kind, subject.city.empty() ? "-" : subject.city));
  if (record->has_episode) {
    lines.push_back(fmt::format("status {} since {} (day {} on {}); first seen {}",
                                subject.status, subject.started_on.iso(),
                                as_of.days_since(subject.started_on), as_of.iso(),
                                record->first_seen.iso()));
  } else {
    lines.push_back(fmt::format("status {}{}; first seen {}", subject.status,
                                subject.status == 1 ? " (rentable): no episode" : "",
                                record->first_seen.iso()));
  }
  if (!subject.mark.empty()) lines.push_back("marked: " + subject.mark);
  if (record->gone_on) {
    lines.push_back(fmt::format(
        "missing from the snapshots since {}: no rule applies{}", record->gone_on->iso(),
        record->has_episode ? " (its episode is paused: back within resume_days in the same "
                              "status, it continues)"
                            : ""));
  }
  if (record->delisted_on) {
    lines.push_back(fmt::format("delisted on {} ({}): no rule applies",
                                record->delisted_on->iso(), record->delist_reason));
  }
  auto suppressions = task_store.suppressions_on(as_of);
  auto found = suppressions.find(subject.owner_phone);
  std::string sms = subject.phone_kind == "mobile"     ? "allowed"
                    : subject.phone_kind == "landline" ? "no (landline)"
                                                        : "no (" + subject.phone_kind + " phone)";
  std::string calls = subject.phone_kind == "mobile" || subject.phone_kind == "landline"
                          ? "allowed"
                          : "no (" + subject.phone_kind + " phone)";
  if (found != suppressions.end()) {
    if (found->second.count("all")) sms = calls = "no (number marked invalid)";
    if (found->second.count("sms")) sms = "no (opted out)";
    if (found->second.count("call")) calls = "no (do not call)";
  }
  lines.push_back(fmt::format("contact: SMS {}; calls {}", sms, calls));

  auto tasks = task_store.tasks_of("fleet", subject.vehicle_id);
  bool eligible = record->has_episode && !record->gone_on && !record->delisted_on;
  for (const auto& rule : rules.rules) {
    if (rule.subject != rules::SubjectKind::fleet) continue;
    std::string title = rule.title.empty() ? "" : " (" + rule.title + ")";
    auto statuses = fleet_statuses(rule);
    bool status_ok = std::find(statuses.begin(), statuses.end(), subject.status) != statuses.end();
    if (!eligible || !status_ok || !fleet_matches(rule, subject)) {
      std::string why = !status_ok ? fmt::format("status is {}", subject.status)
                        : !eligible ? "no open episode"
                                    : "a `when` condition does not match";
      lines.push_back(fmt::format("rule {}{}: does not apply: {}", rule.name, title, why));
      // Tasks it had before still tell the story.
      for (const auto& task : tasks) {
        if (task.rule == rule.name) {
          lines.push_back(fmt::format("  {:<12} {}  task {}: {}", task.step, task.due_on.iso(),
                                      task.task_id, describe_task(task)));
        }
      }
      continue;
    }
    lines.push_back(fmt::format("rule {}{}: applies", rule.name, title));
    if (rule.anchor == rules::AnchorKind::episode_start) {
      explain_steps(rule, subject.started_on, as_of, tasks, lines);
      continue;
    }
    explain_holidays(rules, rule, as_of, tasks, lines);
  }
  return lines;
}

}  // namespace ownercare::engine
