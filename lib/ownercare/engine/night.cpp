// The night's common ground: the order of its passes, the rows and summary it gives, the counts
// it keeps, and the first pass over the tasks waiting from earlier nights.
#include "ownercare/engine/night.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/json.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/emit/output_folder.hpp"
#include "ownercare/engine/fleet_subjects.hpp"
#include "ownercare/engine/vehicle_due.hpp"

namespace ownercare::engine::night {

void Night::run() {
  if (progress_) progress_->begin("evaluate", rules_.rules.size() + 2, ProgressUnit::rows);
  suppressions_ = tasks_.suppressions_on(as_of_);
  delisted_ = fleet_.delisted_vehicles();
  paused_ = fleet_.paused_vehicles();
  baseline_ = fleet_.baseline_episodes();
  last_evaluation_ = tasks_.last_evaluation();
  if (uses_vehicle_dates()) {
    refresh_vehicle_due(dealer_, rules_, as_of_);
  }
  handle_pending();
  pass_done();
  plan_new_tasks();
  tasks_.flush();  // calls closed tonight are found by plan_fallbacks()
  settle_call_limit();
  plan_fallbacks();
  supersede_deferred();
  send_sms();
  tasks_.flush();  // the listings' history counts tonight's SMS
  emit_listings();
  list_delistings();
  tasks_.flush();
  pass_done();
}

std::vector<store::EmittedRow> Night::rows() {
  std::sort(rows_.begin(), rows_.end(), [](const PendingRow& a, const PendingRow& b) {
    return std::tie(a.row.file, a.order) < std::tie(b.row.file, b.order);
  });
  std::vector<store::EmittedRow> sorted;
  sorted.reserve(rows_.size());
  for (auto& pending : rows_) {
    if (!pending.dropped) sorted.push_back(std::move(pending.row));
  }
  return sorted;
}

std::string Night::summary(const std::vector<std::string>& warnings) const {
  JsonWriter json;
  json.begin_object();
  json.key("as_of").value(as_of_.iso());
  json.key("rules_digest").value(rules_.digest);
  json.key("rows").begin_object();
  for (const auto& spec : emit::output_files()) {
    auto found = file_rows_.find(spec.key);
    json.key(spec.key).value(found == file_rows_.end() ? 0 : found->second);
  }
  json.end_object();
  json.key("steps").begin_array();
  for (const auto& [key, counts] : step_counts_) {
    auto parts = split(key, '\x1f');
    const auto& rule = parts[0];
    const auto& step = parts[1];
    const auto& channel = parts[2];
    json.begin_object();
    json.key("rule").value(rule);
    json.key("step").value(step);
    json.key("channel").value(channel);
    json.key("emitted").value(counts.emitted);
    json.key("created").value(counts.created);
    json.key("held").value(counts.held);
    json.key("skipped").value(counts.skipped);
    json.key("suppressed").value(counts.suppressed);
    json.key("deferred").value(counts.deferred);
    json.key("cancelled").value(counts.cancelled);
    json.key("expired").value(counts.expired);
    json.end_object();
  }
  json.end_array();
  auto reasons = [&](const char* name, const std::map<std::string, int>& counts) {
    json.key(name).begin_object();
    for (const auto& [reason, count] : counts) json.key(reason).value(count);
    json.end_object();
  };
  int deferred = 0;
  for (const auto& [key, counts] : step_counts_) deferred += counts.deferred;
  json.key("deferred").value(deferred);
  reasons("suppressed", suppressed_reasons_);
  reasons("skipped", skipped_reasons_);
  // Sorted, so the file does not depend on the order SQLite returned candidates in.
  auto unreachable = unreachable_;
  std::sort(unreachable.begin(), unreachable.end(), [](const Unreachable& a, const Unreachable& b) {
    return std::tie(a.subject_id, a.rule, a.step) < std::tie(b.subject_id, b.rule, b.step);
  });
  json.key("unreachable").begin_array();
  for (const auto& item : unreachable) {
    json.begin_object();
    json.key("subject_kind").value(item.subject_kind);
    json.key("subject_id").value(item.subject_id);
    json.key("rule").value(item.rule);
    json.key("step").value(item.step);
    json.key("phone").value(item.phone);
    json.key("reason").value(item.reason);
    json.end_object();
  }
  json.end_array();
  // The estimated holidays (no official notice yet) with a day off between tonight and as far
  // as the holiday rules look ahead: what the night's pre-holiday planning rests on.
  json.key("holidays_estimated").begin_array();
  for (const auto& holiday : rules_.calendar.estimated_holidays_touching(
           as_of_, as_of_.plus_days(rules_.look_ahead_days()))) {
    json.value(holiday.first_off.iso() + " " + holiday.name);
  }
  json.end_array();
  json.key("warnings").begin_array();
  for (const auto& warning : warnings) json.value(warning);
  json.end_array();
  json.end_object();
  return json.text();
}

StepCounts& Night::counts(const std::string& rule, const std::string& step,
                          const std::string& channel) {
  count_key_.assign(rule);
  count_key_ += '\x1f';
  count_key_ += step;
  count_key_ += '\x1f';
  count_key_ += channel;
  auto found = step_counts_.find(count_key_);
  if (found == step_counts_.end()) found = step_counts_.emplace(count_key_, StepCounts{}).first;
  return found->second;
}

bool Night::has_other_conditions(const rules::Rule& rule) {
  return std::any_of(rule.when.begin(), rule.when.end(),
                     [](const rules::Condition& c) { return c.field != "status"; });
}

std::size_t Night::rule_order(const std::string& name) const {
  for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
    if (rules_.rules[i].name == name) return i;
  }
  return rules_.rules.size();
}

const rules::Step* Night::find_step(const rules::Rule& rule, const std::string& name) const {
  for (const auto& step : rule.steps) {
    if (step.name == name) return &step;
  }
  return nullptr;
}

std::optional<Holiday> Night::holiday_at(Date first_off) const {
  for (const auto& holiday : rules_.calendar.holidays()) {
    if (holiday.first_off == first_off) return holiday;
  }
  return std::nullopt;
}

void Night::add_row(const std::string& file, const store::TaskRow& task, int step_day,
                    std::vector<std::string> cells) {
  ++file_rows_[file];
  counts(task.rule, task.step, task.channel).emitted++;
  rows_.push_back({{rule_order(task.rule), step_day, task.step, task.subject_id},
                   {file, task.task_id, std::move(cells)}});
}

void Night::finish(store::TaskRow& task, const std::string& state, const std::string& reason) {
  task.state = state;
  task.state_on = as_of_;
  task.reason = reason;
  task.next_on.reset();
  auto& c = counts(task.rule, task.step, task.channel);
  if (state == "skipped") {
    ++c.skipped;
    ++skipped_reasons_[reason.substr(0, reason.find(':'))];
  } else if (state == "suppressed") {
    ++c.suppressed;
    ++suppressed_reasons_[reason];
  } else if (state == "cancelled") {
    ++c.cancelled;
  } else if (state == "expired") {
    ++c.expired;
  } else if (state == "held") {
    ++c.held;
  }
}

void Night::save(store::TaskRow& task, bool is_new) {
  if (is_new) {
    counts(task.rule, task.step, task.channel).created++;
    tasks_.queue_insert(std::move(task));
  } else {
    tasks_.update(task);
  }
}

bool Night::suppressed(const std::string& phone, const char* channel) const {
  auto found = suppressions_.find(phone);
  if (found == suppressions_.end()) return false;
  return found->second.count(channel) || found->second.count("all");
}

PhoneChoice Night::phone_for(const Subject& subject, Channel channel) const {
  return choose_phone(
      subject, channel, rules_.calendar.is_working_day(as_of_),
      [this](const std::string& phone, const char* which) { return suppressed(phone, which); });
}

void Night::note_unreachable(const store::TaskRow& task, const std::string& phone,
                             const std::string& reason) {
  if (reason == "no phone" || reason == "invalid phone" || reason == "phone marked invalid") {
    unreachable_.push_back(
        {task.subject_kind, task.subject_id, task.rule, task.step, phone, reason});
  }
}

void Night::handle_pending() {
  for (auto& task : tasks_.pending()) {
    const rules::Rule* rule = rules_.find(task.rule);
    const rules::Step* step = rule ? find_step(*rule, task.step) : nullptr;
    if (!step) {
      finish(task, "cancelled", "rule or step no longer in the rule set");
      save(task, false);
      continue;
    }
    std::optional<Subject> subject;
    if (rule->subject != rules::SubjectKind::fleet) {
      subject = load_subject(dealer_, rule->subject, task.subject_id);
      if (!subject || !subject->stopped.empty()) {
        finish(task, "cancelled", subject ? subject->stopped : "no longer in the database");
        save(task, false);
        continue;
      }
    } else if (task.episode_id) {
      auto state = fleet_.episode_state(*task.episode_id);
      if (state.delisted) {
        finish(task, "cancelled", "vehicle delisted");
        save(task, false);
        continue;
      }
      // Missing from the snapshots, its episode paused: nothing is listed or sent until it
      // comes back (or its episode ends, when the import closes it).
      if (paused_.count(task.subject_id)) continue;
      if (!state.open) {
        finish(task, "cancelled", "status episode over");
        save(task, false);
        continue;
      }
      if (auto fleet = fleet_.by_episode(*task.episode_id)) subject = fleet_subject(*fleet);
    }
    if (!subject || *task.next_on > as_of_) continue;

    if (task.state == "deferred") {
      std::optional<Holiday> holiday;
      if (rule->anchor == rules::AnchorKind::holiday) holiday = holiday_at(task.anchor_on);
      deferred_.push_back(prepare_sms(task, false, *rule, *step, *subject, holiday));
      continue;
    }
    if (task.state == "listed") {
      if (as_of_.days_since(*task.listed_since) >= step->expire_days) {
        finish(task, "expired",
               fmt::format("try {} listed {} days without an outcome", task.attempt,
                           step->expire_days));
        save(task, false);
        continue;
      }
      try_call(task, *rule, *step, *subject, false);
      save(task, false);
      continue;
    }
    if (task.state == "retry") {
      try_call(task, *rule, *step, *subject, true);
      save(task, false);
    }
  }
}

}  // namespace ownercare::engine::night
