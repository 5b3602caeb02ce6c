// Calls and hand-offs: a call listed on the phone chosen for it in the window of its try, the
// limit of calls per phone per day across rules (engine/call_limit.hpp), the rows agents and
// colleagues work from, and the delist list.
#include "ownercare/engine/night.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/errors.hpp"
#include "ownercare/engine/fleet_subjects.hpp"

namespace ownercare::engine::night {

void Night::try_call(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                     const Subject& subject, bool new_try) {
  auto choice = phone_for(subject, Channel::call);
  if (choice.wait_for_working_day) {
    // Tried again tomorrow as a new try (the window may change with the phone).
    task.state = "retry";
    task.state_on = as_of_;
    task.reason = "office phone only: waits for a working day";
    task.next_on = as_of_.plus_days(1);
    return;
  }
  if (!choice.phone) {
    note_unreachable(task, subject.first_phone(), choice.problem);
    finish(task, "suppressed", choice.problem);
    return;
  }
  const bool first_listing = !task.sent_on;
  bool office = choice.phone->role == "office";
  if (new_try || task.phone != choice.phone->number) {
    if (new_try) task.attempt += 1;
    std::size_t index = static_cast<std::size_t>(std::max(task.attempt, 1) - 1);
    const rules::Window* window = &step.windows[index % step.windows.size()];
    if (office) {
      for (std::size_t i = 0; i < step.windows.size(); ++i) {
        const auto& candidate = step.windows[(index + i) % step.windows.size()];
        if (inside_office_hours(candidate)) {
          window = &candidate;
          break;
        }
      }
    }
    task.window = window->text();
    task.listed_since = as_of_;
  }
  task.phone = choice.phone->number;
  task.state = "listed";
  task.state_on = as_of_;
  task.reason.clear();
  task.next_on = as_of_.plus_days(1);
  if (!task.sent_on) task.sent_on = as_of_;
  const bool fleet = subject.kind == rules::SubjectKind::fleet;
  // Its place on the phone is settled once every call of the night is known
  // (settle_call_limit); until then it is listed like any other.
  call_claims_.push_back({rule.priority, task.due_on,
                          static_cast<std::uint32_t>(rule_order(rule.name)),
                          static_cast<std::uint32_t>(claimed_calls_.size())});
  claimed_calls_.push_back(
      {&rule, &step, static_cast<std::uint32_t>(fleet ? listings_.size() : rows_.size()),
       task.due_on, fleet, new_try, first_listing});
  if (fleet) {
    listings_.push_back({task, &rule, &step, subject, false, {}});
  } else {
    // A dealer call's row does not depend on tonight's SMS: it is built now, so that a night
    // listing a hundred thousand calls does not keep a hundred thousand subjects.
    emit_dealer_call(task, rule, step, subject, choice.others);
  }
}

void Night::give_way(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                     bool new_try, bool first_listing) {
  if (first_listing && as_of_.plus_days(1) > last_send_date(rule, step, task.anchor_on)) {
    finish(task, "skipped",
           "call limit: the phone had a more important call each day "
           "within grace");
    return;
  }
  task.state = new_try ? "retry" : "listed";
  task.state_on = as_of_;
  task.reason = "call limit: a more important call to this phone today";
  task.next_on = as_of_.plus_days(1);
  counts(task.rule, task.step, task.channel).deferred++;
}

void Night::settle_call_limit() {
  // What the night's rows say of each call: its phone, and subject and step for ties.
  auto cells_of = [&](std::size_t handle) -> const std::vector<std::string>* {
    const auto& call = claimed_calls_[handle];
    return call.fleet ? nullptr : &rows_[call.index].row.cells;
  };
  auto phone_of = [&](std::size_t handle) -> const std::string& {
    if (const auto* cells = cells_of(handle)) return cells->at(8);
    return listings_[claimed_calls_[handle].index].task.phone;
  };
  auto identity = [&](std::size_t handle) -> std::pair<const std::string&, const std::string&> {
    if (const auto* cells = cells_of(handle)) return {cells->at(2), cells->at(4)};
    const auto& task = listings_[claimed_calls_[handle].index].task;
    return {task.subject_id, task.step};
  };
  auto conflicts =
      allocate_calls(call_claims_, rules_.policy.calls_per_phone_per_day, phone_of,
                     [&](std::size_t a, std::size_t b) { return identity(a) < identity(b); });
  call_claims_.clear();
  call_claims_.shrink_to_fit();
  for (const auto& conflict : conflicts) {
    std::string also_due;
    for (std::size_t handle : conflict.lost) {
      const auto& lost = claimed_calls_[handle];
      also_due +=
          (also_due.empty() ? "" : "; ") + short_title(*lost.rule) + " " + lost.due_on.iso();
    }
    also_due = "同日待办 also due: " + also_due;
    for (std::size_t handle : conflict.listed) {
      const auto& kept = claimed_calls_[handle];
      if (kept.fleet) {
        listings_[kept.index].also_due = also_due;
      } else {
        auto& context = rows_[kept.index].row.cells.at(12);
        context = also_due + " | " + context;
      }
    }
    // The calls that gave way: their listing is taken back, and they wait as they were.
    for (std::size_t handle : conflict.lost) {
      const auto& call = claimed_calls_[handle];
      const std::string& task_id =
          call.fleet ? listings_[call.index].task.task_id : rows_[call.index].row.task_id;
      auto task = tasks_.find(task_id);
      if (!task) throw InternalError("call " + task_id + " vanished from the database");
      if (call.new_try) task->attempt -= 1;
      if (call.first_listing) task->sent_on.reset();
      give_way(*task, *call.rule, *call.step, call.new_try, call.first_listing);
      tasks_.update(*task);
      if (call.fleet) {
        listings_[call.index].dropped = true;
      } else {
        rows_[call.index].dropped = true;
        --file_rows_["calls"];
        counts(task->rule, task->step, task->channel).emitted--;
      }
    }
  }
}

std::string Night::short_title(const rules::Rule& rule) {
  const std::string& title = rule.title.empty() ? rule.name : rule.title;
  auto colon = std::min(title.find("\xEF\xBC\x9A"), title.find(':'));  // "：" or ":"
  return colon == std::string::npos ? title : title.substr(0, colon);
}

bool Night::inside_office_hours(const rules::Window& window) const {
  const auto& hours = rules_.policy.office_hours;
  return std::any_of(hours.begin(), hours.end(), [&](const rules::Window& allowed) {
    return allowed.begin <= window.begin && window.end <= allowed.end;
  });
}

void Night::list_handoff(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                         const Subject& subject) {
  task.state = "listed";
  task.state_on = as_of_;
  task.attempt = 1;
  task.sent_on = as_of_;
  task.next_on.reset();
  listings_.push_back({task, &rule, &step, subject, false, {}});
}

void Night::emit_listings() {
  for (const auto& listing : listings_) {
    if (listing.dropped) continue;
    const auto& task = listing.task;
    const auto& subject = listing.subject.fleet;
    auto history = fleet_.history(subject.vehicle_id, subject.episode_id, subject.started_on);
    if (task.channel == "call") {
      std::string context = fleet_call_context(subject, as_of_, history);
      if (!listing.also_due.empty()) context = listing.also_due + "；" + context;
      add_row("calls", task, listing.step->day,
              {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
               std::to_string(task.attempt), task.window, subject.owner_name, subject.owner_phone,
               "", subject.city, listing.step->reason, std::move(context)});
    } else {
      add_row(
          "handoff", task, listing.step->day,
          {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step, subject.plate,
           std::to_string(subject.status), std::to_string(as_of_.days_since(subject.started_on)),
           std::to_string(history.sms_sent), std::to_string(history.calls_made),
           history.last_outcome, listing.rule->title, subject.started_on.iso(), subject.city,
           history.lines});
    }
  }
}

void Night::emit_dealer_call(const store::TaskRow& task, const rules::Rule& rule,
                             const rules::Step& step, const Subject& subject,
                             const std::vector<std::string>& other_phones) {
  std::string others;
  for (const auto& phone : other_phones) others += (others.empty() ? "" : ";") + phone;
  add_row("calls", task, step.day,
          {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
           std::to_string(task.attempt), task.window, subject.name, task.phone, others,
           subject.team, step.reason, dealer_call_context(dealer_, subject, rule, task.anchor_on)});
}

void Night::list_delistings() {
  for (const auto& delisting : fleet_.delistings_to_emit()) {
    ++file_rows_["delist"];
    rows_.push_back(
        {{0, 0, "", delisting.vehicle_id},
         {"delist",
          "",
          {delisting.vehicle_id, delisting.plate, delisting.delisted_on.iso(), delisting.reason}}});
    fleet_.mark_delisting_emitted(delisting.vehicle_id, as_of_);
  }
}

}  // namespace ownercare::engine::night
