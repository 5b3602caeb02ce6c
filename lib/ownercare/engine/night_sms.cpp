// SMS: the texts rendered, the deferred ones that give way to a later step, and the per-phone
// limits deciding what goes tonight, what waits and what is skipped.
#include "ownercare/engine/night.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/text.hpp"
#include "ownercare/engine/contact_policy.hpp"
#include "ownercare/engine/due_dates.hpp"
#include "ownercare/engine/fleet_subjects.hpp"

namespace ownercare::engine::night {

Date Night::last_day_for(const SmsWork& item) const {
  if (!item.step->after.empty()) return item.task.due_on.plus_days(item.rule->grace_days);
  return last_send_date(*item.rule, *item.step, item.task.anchor_on);
}

std::optional<std::string> Night::render_sms(const rules::Rule& rule, const rules::Step& step,
                                             const store::TaskRow& task, const Subject& subject,
                                             const std::optional<Holiday>& holiday) const {
  if (subject.kind == rules::SubjectKind::fleet) {
    FleetValues values(rule, subject.fleet, as_of_, holiday);
    auto text = values.render(step.text);
    if (!text && !step.fallback_text.empty()) text = values.render(step.fallback_text);
    return text;
  }
  DealerValues values(rule, subject, task.anchor_on, holiday, due_km(rule, subject));
  auto text = render_with(step.text, values);
  if (!text && !step.fallback_text.empty()) text = render_with(step.fallback_text, values);
  return text;
}

SmsWork Night::prepare_sms(store::TaskRow task, bool is_new, const rules::Rule& rule,
                           const rules::Step& step, const Subject& subject,
                           const std::optional<Holiday>& holiday) const {
  SmsWork work{std::move(task), is_new, &rule, &step, {}, {}, false, {}};
  auto choice = phone_for(subject, Channel::sms);
  if (!choice.phone) {
    work.phone = subject.first_phone();
    work.problem = choice.problem.empty() ? std::string("no phone") : std::move(choice.problem);
    return work;
  }
  work.phone = choice.phone->number;
  if (auto text = render_sms(rule, step, work.task, subject, holiday)) {
    work.rendered = true;
    work.text = rules::sms_text(rule, step, *text);
  }
  return work;
}

std::optional<long long> Night::due_km(const rules::Rule& rule, const Subject& subject) const {
  if (!subject.vehicle) return std::nullopt;
  if (rule.anchor == rules::AnchorKind::warranty_end) {
    if (subject.vehicle->warranty_km) return subject.vehicle->warranty_km;
    if (const auto* term =
            warranty_term(rules_.terms, subject.vehicle->brand, subject.vehicle->model)) {
      return term->km;
    }
  }
  return std::nullopt;
}

void Night::supersede_deferred() {
  for (auto& work : deferred_) {
    auto found = latest_due_.find({work.task.rule, work.task.subject_id, work.task.anchor_on});
    if (found != latest_due_.end() && work.task.due_on < found->second) {
      finish(work.task, "skipped", "superseded: a later step of this rule is due today");
      save(work.task, false);
      work.rule = nullptr;
    }
  }
}

void Night::send_sms() {
  std::vector<SmsWork*> work;
  for (auto& item : deferred_) {
    if (item.rule) work.push_back(&item);
  }
  for (auto& item : sms_new_) work.push_back(&item);

  // Contact checks and rendering before the quota, so that a message that cannot go out
  // does not take a phone's place for the day.
  std::vector<SmsWork*> ready;
  for (SmsWork* item : work) {
    auto& task = item->task;
    task.phone = std::move(item->phone);
    if (!item->problem.empty()) {
      note_unreachable(task, task.phone, item->problem);
      finish(task, "suppressed", item->problem);
      save(task, item->is_new);
      continue;
    }
    if (!item->rendered) {
      finish(task, "skipped", "no value: a placeholder of the text has no value");
      save(task, item->is_new);
      continue;
    }
    ready.push_back(item);
  }

  std::vector<SmsCandidate> candidates;
  for (SmsWork* item : ready) {
    candidates.push_back({item->task.phone, item->rule->priority, item->task.due_on,
                          last_day_for(*item), rule_order(item->rule->name), item->task.subject_id,
                          item->task.step});
  }
  auto week = tasks_.sms_sent_per_phone(as_of_.plus_days(-6), as_of_.plus_days(-1));
  auto verdicts = allocate_sms(candidates, week, as_of_, rules_.policy);
  for (std::size_t i = 0; i < ready.size(); ++i) {
    SmsWork& item = *ready[i];
    auto& task = item.task;
    switch (verdicts[i]) {
      case SmsVerdict::send:
        task.state = "sent";
        task.state_on = as_of_;
        task.reason.clear();
        task.next_on.reset();
        task.attempt = 1;
        task.sent_on = as_of_;
        {
          auto segments = std::to_string(sms_segments(item.text));
          // The text moves into the row: the work item is not read again.
          add_row("sms", task, item.step->day,
                  {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
                   task.phone, std::move(item.text), std::move(segments),
                   as_of_.iso() + " " + format_clock(item.step->send_at)});
        }
        break;
      case SmsVerdict::defer:
        task.state = "deferred";
        task.state_on = as_of_;
        task.reason = "sms limit: the phone has its SMS for today or this week";
        task.next_on = as_of_.plus_days(1);
        counts(task.rule, task.step, task.channel).deferred++;
        break;
      case SmsVerdict::skip:
        finish(task, "skipped", "sms limit: no day left within grace");
        break;
    }
    save(task, item.is_new);
  }
}

}  // namespace ownercare::engine::night
