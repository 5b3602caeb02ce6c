// Which steps are due tonight: the candidates of each rule (episodes, dealer dates, holidays,
// calls ended unreached), the range of anchors they are looked up in (back to the day after the
// last evaluation, so missed nights are accounted for), and the tasks made of them.
#include "ownercare/engine/night.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/engine/due_dates.hpp"
#include "ownercare/engine/fleet_subjects.hpp"
#include "ownercare/engine/task_id.hpp"
#include "ownercare/engine/vehicle_due.hpp"

namespace ownercare::engine::night {

void Night::plan_new_tasks() {
  for (const auto& rule : rules_.rules) {
    if (rule.subject != rules::SubjectKind::fleet) {
      plan_dealer_rule(rule);
    } else if (rule.anchor == rules::AnchorKind::episode_start) {
      plan_episode_rule(rule);
    } else {
      plan_holiday_rule(rule);
    }
    pass_done();
  }
}

Date Night::first_unevaluated_day() const {
  if (last_evaluation_ && *last_evaluation_ < as_of_) return last_evaluation_->plus_days(1);
  return as_of_;
}

std::vector<std::pair<Date, Date>> Night::anchor_ranges(const rules::Rule& rule) const {
  std::vector<std::pair<Date, Date>> ranges;
  const Date first_day = first_unevaluated_day();
  for (const auto& step : rule.steps) {
    if (!step.after.empty()) continue;
    ranges.emplace_back(
        std::min(as_of_.plus_days(-step.day - rule.grace_days), first_day.plus_days(-step.day)),
        as_of_.plus_days(-step.day));
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<Date, Date>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second.plus_days(1)) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

void Night::plan_episode_rule(const rules::Rule& rule) {
  // Episodes whose start puts one of the steps within its grace today.
  auto merged = anchor_ranges(rule);
  auto statuses = fleet_statuses(rule);
  static const std::set<std::string> none;
  for (const auto& [from, to] : merged) {
    auto existing = tasks_.existing_steps_between(rule.name, from, to);
    for (const auto& episode : fleet_.open_episodes_started_between(statuses, from, to)) {
      auto found = existing.find({episode.vehicle_id, episode.started_on});
      plan_episode(rule, episode, found == existing.end() ? none : found->second);
    }
  }
  // Episodes back from a gap in the snapshots since the last evaluation: every step that fell
  // due meanwhile is planned (sent within grace, recorded as skipped past it), whatever the
  // ranges above hold.
  if (!resumed_) {
    resumed_ = fleet_.episodes_resumed_between(first_unevaluated_day(), as_of_);
  }
  for (const auto& resumed : *resumed_) {
    const auto& episode = resumed.episode;
    if (std::find(statuses.begin(), statuses.end(), resumed.status) == statuses.end()) continue;
    bool covered = std::any_of(merged.begin(), merged.end(), [&](const auto& range) {
      return range.first <= episode.started_on && episode.started_on <= range.second;
    });
    if (covered) continue;
    auto existing =
        tasks_.existing_steps_between(rule.name, episode.started_on, episode.started_on);
    auto found = existing.find({episode.vehicle_id, episode.started_on});
    plan_episode(rule, episode, found == existing.end() ? none : found->second);
  }
}

void Night::plan_episode(const rules::Rule& rule, const store::FleetQueries::EpisodeRef& episode,
                         const std::set<std::string>& done) {
  auto planned = plan_steps(rule, episode.started_on, as_of_, done);
  if (planned.empty() || delisted_.count(episode.vehicle_id) || paused_.count(episode.vehicle_id)) {
    return;
  }
  // Only a step that goes out, or a condition beyond status, needs the whole vehicle;
  // steps only recorded as skipped (most of a first night's) do not.
  bool baseline = baseline_.count(episode.episode_id) > 0;
  bool sends = !baseline && std::any_of(planned.begin(), planned.end(), [](const PlannedStep& p) {
    return p.decision == StepDecision::send;
  });
  store::FleetSubject subject;
  if (sends || has_other_conditions(rule)) {
    auto full = fleet_.by_episode(episode.episode_id);
    if (!full || !fleet_matches(rule, *full)) return;
    subject = std::move(*full);
  } else {
    subject.vehicle_id = episode.vehicle_id;
    subject.episode_id = episode.episode_id;
    subject.started_on = episode.started_on;
  }
  if (baseline) {
    // In this status since before ownercare was installed: its cadence speaks of a change
    // that happened long ago, so each step is recorded, never sent.
    for (auto& item : planned) item.decision = StepDecision::baseline;
  }
  plan_subject(rule, fleet_subject(std::move(subject)), episode.started_on, std::nullopt, planned);
}

std::vector<Holiday> Night::holidays_due(const rules::Rule& rule) const {
  int lead = -rule.first_day();
  // After missed nights, also the holidays whose steps fell due on them (recorded as
  // skipped: a pre-holiday message is never sent on or after the holiday).
  Date from = std::min(as_of_.plus_days(1), first_unevaluated_day().plus_days(lead));
  return rules_.calendar.holidays_between(from, as_of_.plus_days(lead + rule.grace_days));
}

void Night::plan_holiday_rule(const rules::Rule& rule) {
  auto holidays = holidays_due(rule);
  if (holidays.empty()) return;
  auto statuses = fleet_statuses(rule);
  auto subjects = fleet_.episodes_started_between(statuses, Date(1970, 1, 1), as_of_);
  static const std::set<std::string> none;
  for (const auto& holiday : holidays) {
    auto existing = tasks_.existing_steps_between(rule.name, holiday.first_off, holiday.first_off);
    for (const auto& subject : subjects) {
      if (!fleet_matches(rule, subject)) continue;
      auto found = existing.find({subject.vehicle_id, holiday.first_off});
      auto planned = plan_steps(rule, holiday.first_off, as_of_,
                                found == existing.end() ? none : found->second);
      if (!planned.empty()) {
        plan_subject(rule, fleet_subject(subject), holiday.first_off, holiday, planned);
      }
    }
  }
}

void Night::plan_subject(const rules::Rule& rule, const Subject& subject, Date anchor,
                         const std::optional<Holiday>& holiday,
                         const std::vector<PlannedStep>& planned) {
  bool held = rule.holdout > 0 && stable_share(rule.name, subject.id) < rule.holdout;
  const bool fleet = subject.kind == rules::SubjectKind::fleet;
  for (const auto& item : planned) {
    const auto& step = *item.step;
    store::TaskRow task;
    task.task_id =
        make_task_id(rule.name, step.name, subject.kind_name(), subject.id, anchor.iso());
    task.rule = rule.name;
    task.step = step.name;
    task.channel = rules::channel_name(step.channel);
    task.subject_kind = subject.kind_name();
    task.subject_id = subject.id;
    task.anchor_on = anchor;
    if (fleet) task.episode_id = subject.fleet.episode_id;
    task.due_on = item.due_on;
    task.created_on = as_of_;
    task.priority = rule.priority;
    task.state_on = as_of_;
    task.phone = subject.first_phone();
    task.max_attempts = step.channel == Channel::call ? step.max_attempts : 1;
    if (item.decision == StepDecision::missed) {
      finish(task, "skipped",
             fmt::format("missed: due {}, more than {} days late", item.due_on.iso(),
                         rule.grace_days));
      save(task, true);
      continue;
    }
    if (item.decision == StepDecision::superseded) {
      finish(task, "skipped", fmt::format("superseded: a later step of this rule is due today"));
      save(task, true);
      continue;
    }
    if (item.decision == StepDecision::baseline) {
      finish(task, "skipped", "baseline: in this status since before ownercare was installed");
      save(task, true);
      continue;
    }
    auto& latest = latest_due_[{rule.name, subject.id, anchor}];
    latest = std::max(latest, item.due_on);
    if (held) {
      finish(task, "held", "holdout group");
      save(task, true);
      continue;
    }
    if (step.channel == Channel::sms) {
      sms_new_.push_back(prepare_sms(std::move(task), true, rule, step, subject, holiday));
      continue;
    }
    if (step.channel == Channel::call) {
      try_call(task, rule, step, subject, true);
    } else {
      list_handoff(task, rule, step, subject);
    }
    save(task, true);
  }
}

bool Night::uses_vehicle_dates() const {
  return std::any_of(rules_.rules.begin(), rules_.rules.end(), [](const rules::Rule& rule) {
    return rule.subject == rules::SubjectKind::vehicle && vehicle_due_column(rule.anchor);
  });
}

std::vector<store::Candidate> Night::dealer_candidates(const rules::Rule& rule, Date from,
                                                       Date to) {
  using rules::AnchorKind;
  if (auto column = vehicle_due_column(rule.anchor)) {
    return dealer_.vehicles_due_between(*column, from, to);
  }
  switch (rule.anchor) {
    case AnchorKind::sale_date:
      return dealer_.vehicles_sold_between(from, to);
    case AnchorKind::closed:
      return dealer_.orders_closed_between(from, to);
    case AnchorKind::card_expires:
      return dealer_.members_expiring_between(from, to);
    case AnchorKind::balance_low:
      return dealer_.members_balance_changed_between(from, to);
    case AnchorKind::last_visit: {
      // The anchor is the visit plus after_months; months have different lengths, so the
      // visits are read a few days wider and the anchors filtered exactly.
      std::vector<store::Candidate> list;
      for (auto& candidate :
           dealer_.vehicles_last_visit_between(from.plus_months(-rule.after_months).plus_days(-3),
                                               to.plus_months(-rule.after_months))) {
        Date anchor = candidate.anchor.plus_months(rule.after_months);
        if (anchor < from || anchor > to) continue;
        list.push_back({std::move(candidate.subject_id), anchor});
      }
      return list;
    }
    default:
      return {};
  }
}

std::set<std::string> Night::steps_done_since(const rules::Rule& rule, const Subject& subject,
                                              std::optional<Date> epoch) {
  std::set<std::string> done;
  for (const auto& task : tasks_.tasks_of(subject.kind_name(), subject.id)) {
    if (task.rule != rule.name) continue;
    if (epoch && task.created_on <= *epoch) continue;
    done.insert(task.step);
  }
  return done;
}

void Night::plan_dealer_rule(const rules::Rule& rule) {
  if (rule.anchor == rules::AnchorKind::holiday) {
    plan_dealer_holiday(rule);
    return;
  }
  static const std::set<std::string> none;
  const bool moving = anchor_moves(rule.anchor);
  for (const auto& [from, to] : anchor_ranges(rule)) {
    auto existing = tasks_.existing_steps_between(rule.name, from, to);
    for (const auto& candidate : dealer_candidates(rule, from, to)) {
      auto found = existing.find({candidate.subject_id, candidate.anchor});
      const auto& done = found == existing.end() ? none : found->second;
      auto planned = plan_steps(rule, candidate.anchor, as_of_, done);
      if (planned.empty()) continue;
      auto subject = load_subject(dealer_, rule.subject, candidate.subject_id);
      if (!subject || !subject->stopped.empty() || !dealer_matches(rule, *subject)) continue;
      if (rule.anchor == rules::AnchorKind::balance_low &&
          !balance_fell_below(*subject->member, rule.balance_below)) {
        continue;
      }
      if (moving) {
        std::optional<Date> epoch;
        if (rule.anchor == rules::AnchorKind::service_due) epoch = last_service(*subject);
        auto earlier = steps_done_since(rule, *subject, epoch);
        if (!earlier.empty()) {
          earlier.insert(done.begin(), done.end());
          planned = plan_steps(rule, candidate.anchor, as_of_, earlier);
          if (planned.empty()) continue;
        }
      }
      plan_subject(rule, *subject, candidate.anchor, std::nullopt, planned);
    }
  }
}

std::optional<Date> Night::last_service(const Subject& subject) {
  if (!subject.vehicle) return std::nullopt;
  auto services = dealer_.services(subject.vehicle->vin);
  if (services.empty()) return std::nullopt;
  return services.back().closed;
}

void Night::plan_dealer_holiday(const rules::Rule& rule) {
  auto holidays = holidays_due(rule);
  if (holidays.empty()) return;
  auto ids = rule.subject == rules::SubjectKind::member ? dealer_.active_members()
                                                        : dealer_.active_vehicles();
  static const std::set<std::string> none;
  for (const auto& holiday : holidays) {
    auto existing = tasks_.existing_steps_between(rule.name, holiday.first_off, holiday.first_off);
    for (const auto& id : ids) {
      auto found = existing.find({id, holiday.first_off});
      auto planned = plan_steps(rule, holiday.first_off, as_of_,
                                found == existing.end() ? none : found->second);
      if (planned.empty()) continue;
      auto subject = load_subject(dealer_, rule.subject, id);
      if (!subject || !subject->stopped.empty() || !dealer_matches(rule, *subject)) continue;
      plan_subject(rule, *subject, holiday.first_off, holiday, planned);
    }
  }
}

void Night::plan_fallbacks() {
  for (const auto& rule : rules_.rules) {
    for (const auto& step : rule.steps) {
      if (step.after.empty()) continue;
      // After missed nights, also the calls that ended on them: their follow-up is
      // recorded as skipped when the call ended more than grace days ago.
      const Date in_grace = as_of_.plus_days(-rule.grace_days);
      const Date from = std::min(in_grace, first_unevaluated_day());
      for (auto& call : tasks_.calls_closed_unreached(rule.name, step.after, from, as_of_)) {
        auto task_id = make_task_id(rule.name, step.name, call.subject_kind, call.subject_id,
                                    call.anchor_on.iso());
        if (tasks_.find(task_id)) continue;
        std::optional<Subject> subject;
        if (rule.subject == rules::SubjectKind::fleet) {
          if (paused_.count(call.subject_id)) continue;
          if (call.episode_id) {
            if (auto fleet = fleet_.by_episode(*call.episode_id)) subject = fleet_subject(*fleet);
          }
        } else {
          subject = load_subject(dealer_, rule.subject, call.subject_id);
        }
        if (!subject || !subject->stopped.empty()) continue;
        std::optional<Holiday> holiday;
        if (rule.anchor == rules::AnchorKind::holiday) holiday = holiday_at(call.anchor_on);
        PlannedStep planned{&step, as_of_, StepDecision::send};
        if (call.state_on < in_grace) planned = {&step, call.state_on, StepDecision::missed};
        plan_subject(rule, *subject, call.anchor_on, holiday, {planned});
      }
    }
  }
}

}  // namespace ownercare::engine::night
