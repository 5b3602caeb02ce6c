#include "ownercare/engine/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <thread>
#include <map>
#include <tuple>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/json.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/emit/output_folder.hpp"
#include "ownercare/engine/contact_policy.hpp"
#include "ownercare/engine/fleet_subjects.hpp"
#include "ownercare/engine/planner.hpp"
#include "ownercare/engine/task_id.hpp"
#include "ownercare/store/fleet_queries.hpp"
#include "ownercare/store/fleet_store.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::engine {

namespace {

using rules::Channel;

// Per rule, step and channel: what this evaluation did.
struct StepCounts {
  int emitted = 0;
  int created = 0;
  int held = 0;
  int skipped = 0;
  int suppressed = 0;
  int deferred = 0;
  int cancelled = 0;
  int expired = 0;
};

struct Unreachable {
  std::string subject_kind;
  std::string subject_id;
  std::string rule;
  std::string step;
  std::string phone;
  std::string reason;
};

// A row for one of the files with the key it is sorted by.
struct PendingRow {
  std::tuple<std::size_t, int, std::string, std::string> order;  // rule, step day, step, subject
  store::EmittedRow row;
};

// A call or hand-off listed tonight, whose row is built once tonight's SMS are stored.
struct Listing {
  store::TaskRow task;
  const rules::Rule* rule;  // hand-offs: for the status label
  const rules::Step* step;
  store::FleetSubject subject;
};

// An SMS that may go out today: a new task or a deferred one.
struct SmsWork {
  store::TaskRow task;
  bool is_new = false;
  const rules::Rule* rule = nullptr;
  const rules::Step* step = nullptr;
  store::FleetSubject subject;
  std::optional<Holiday> holiday;
  std::string text;
};

class Night {
 public:
  Night(store::Database& db, const rules::RuleSet& rules, Date as_of)
      : db_(db), rules_(rules), as_of_(as_of), tasks_(db), fleet_(db) {}

  void run() {
    sms_new_.reserve(4096);
    suppressions_ = tasks_.suppressions();
    delisted_ = fleet_.delisted_vehicles();
    handle_pending();
    plan_new_tasks();
    supersede_deferred();
    send_sms();
    tasks_.flush();  // the listings' history counts tonight's SMS
    emit_listings();
    list_delistings();
    tasks_.flush();
  }

  std::vector<store::EmittedRow> rows() {
    std::sort(rows_.begin(), rows_.end(), [](const PendingRow& a, const PendingRow& b) {
      return std::tie(a.row.file, a.order) < std::tie(b.row.file, b.order);
    });
    std::vector<store::EmittedRow> sorted;
    sorted.reserve(rows_.size());
    for (auto& pending : rows_) sorted.push_back(std::move(pending.row));
    return sorted;
  }

  std::string summary(const std::vector<std::string>& warnings) const {
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
    json.key("warnings").begin_array();
    for (const auto& warning : warnings) json.value(warning);
    json.end_array();
    json.end_object();
    return json.text();
  }

 private:
  // Counts are looked up for every task: the key is built in a reused buffer and found
  // without allocating, and a new entry is made only once per rule and step.
  StepCounts& counts(const std::string& rule, const std::string& step,
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

  static bool has_other_conditions(const rules::Rule& rule) {
    return std::any_of(rule.when.begin(), rule.when.end(),
                       [](const rules::Condition& c) { return c.field != "status"; });
  }

  std::size_t rule_order(const std::string& name) const {
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      if (rules_.rules[i].name == name) return i;
    }
    return rules_.rules.size();
  }

  const rules::Step* find_step(const rules::Rule& rule, const std::string& name) const {
    for (const auto& step : rule.steps) {
      if (step.name == name) return &step;
    }
    return nullptr;
  }

  std::optional<Holiday> holiday_at(Date first_off) const {
    for (const auto& holiday : rules_.calendar.holidays()) {
      if (holiday.first_off == first_off) return holiday;
    }
    return std::nullopt;
  }

  void add_row(const std::string& file, const store::TaskRow& task, int step_day,
               std::vector<std::string> cells) {
    ++file_rows_[file];
    counts(task.rule, task.step, task.channel).emitted++;
    rows_.push_back({{rule_order(task.rule), step_day, task.step, task.subject_id},
                     {file, task.task_id, std::move(cells)}});
  }

  // Closes a task for good with a state and reason, counting it.
  void finish(store::TaskRow& task, const std::string& state, const std::string& reason) {
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

  // Stores a task; a new one is moved into the insert queue, so `task` is not used after.
  void save(store::TaskRow& task, bool is_new) {
    if (is_new) {
      counts(task.rule, task.step, task.channel).created++;
      tasks_.queue_insert(std::move(task));
    } else {
      tasks_.update(task);
    }
  }

  bool suppressed(const std::string& phone, const char* channel) const {
    auto found = suppressions_.find(phone);
    if (found == suppressions_.end()) return false;
    return found->second.count(channel) || found->second.count("all");
  }

  // Why a subject cannot be reached on a channel, or "" when it can.
  std::string contact_problem(const store::FleetSubject& subject, Channel channel) const {
    if (channel == Channel::handoff) return "";
    const auto& kind = subject.phone_kind;
    if (kind == "empty") return "no phone";
    if (kind == "invalid") return "invalid phone";
    if (suppressed(subject.owner_phone, "all")) return "phone marked invalid";
    if (channel == Channel::sms) {
      if (kind == "landline") return "landline: no SMS";
      if (suppressed(subject.owner_phone, "sms")) return "opted out of SMS";
    } else if (suppressed(subject.owner_phone, "call")) {
      return "do not call";
    }
    return "";
  }

  void note_unreachable(const store::TaskRow& task, const std::string& phone,
                        const std::string& reason) {
    if (reason == "no phone" || reason == "invalid phone" || reason == "phone marked invalid") {
      unreachable_.push_back(
          {task.subject_kind, task.subject_id, task.rule, task.step, phone, reason});
    }
  }

  // --- calls and hand-offs -------------------------------------------------------------

  // Lists a call (a new try or the same try again) or a hand-off. The row itself is built in
  // emit_listings(), after tonight's SMS are stored, so its history counts them.
  void list_call(store::TaskRow& task, const rules::Step& step,
                 const store::FleetSubject& subject, bool new_try) {
    if (new_try) {
      task.attempt += 1;
      const auto& window = step.windows[static_cast<std::size_t>(task.attempt - 1) %
                                        step.windows.size()];
      task.window = window.text();
      task.listed_since = as_of_;
    }
    task.phone = subject.owner_phone;
    task.state = "listed";
    task.state_on = as_of_;
    task.reason.clear();
    task.next_on = as_of_.plus_days(1);
    if (!task.sent_on) task.sent_on = as_of_;
    listings_.push_back({task, nullptr, &step, subject});
  }

  void list_handoff(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                    const store::FleetSubject& subject) {
    task.state = "listed";
    task.state_on = as_of_;
    task.attempt = 1;
    task.sent_on = as_of_;
    task.next_on.reset();
    listings_.push_back({task, &rule, &step, subject});
  }

  void emit_listings() {
    for (const auto& listing : listings_) {
      const auto& task = listing.task;
      const auto& subject = listing.subject;
      auto history = fleet_.history(subject.vehicle_id, subject.episode_id);
      if (task.channel == "call") {
        add_row("calls", task, listing.step->day,
                {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
                 std::to_string(task.attempt), task.window, subject.owner_name,
                 subject.owner_phone, "", subject.city, listing.step->reason,
                 fleet_call_context(subject, as_of_, history)});
      } else {
        add_row("handoff", task, listing.step->day,
                {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
                 subject.plate, std::to_string(subject.status),
                 std::to_string(as_of_.days_since(subject.started_on)),
                 std::to_string(history.sms_sent), std::to_string(history.calls_made),
                 history.last_outcome, listing.rule->title, subject.started_on.iso(),
                 subject.city, history.lines});
      }
    }
  }

  // --- the nightly passes --------------------------------------------------------------

  // Pending tasks: cancel what lost its reason, expire unworked calls, list calls again and
  // try again, and gather deferred SMS.
  void handle_pending() {
    for (auto& task : tasks_.pending()) {
      const rules::Rule* rule = rules_.find(task.rule);
      const rules::Step* step = rule ? find_step(*rule, task.step) : nullptr;
      if (!step) {
        finish(task, "cancelled", "rule or step no longer in the rule set");
        save(task, false);
        continue;
      }
      std::optional<store::FleetSubject> subject;
      if (task.episode_id) {
        auto state = fleet_.episode_state(*task.episode_id);
        if (state.delisted) {
          finish(task, "cancelled", "vehicle delisted");
          save(task, false);
          continue;
        }
        if (!state.open) {
          finish(task, "cancelled", "status episode over");
          save(task, false);
          continue;
        }
        subject = fleet_.by_episode(*task.episode_id);
      }
      if (!subject || *task.next_on > as_of_) continue;

      if (task.state == "deferred") {
        std::optional<Holiday> holiday;
        if (rule->anchor == rules::AnchorKind::holiday) holiday = holiday_at(task.anchor_on);
        deferred_.push_back({task, false, rule, step, *subject, holiday, {}});
        continue;
      }
      if (task.state == "listed") {
        if (as_of_.days_since(*task.listed_since) >= step->expire_days) {
          finish(task, "expired", fmt::format("try {} listed {} days without an outcome",
                                              task.attempt, step->expire_days));
          save(task, false);
          continue;
        }
        if (auto problem = contact_problem(*subject, Channel::call); !problem.empty()) {
          note_unreachable(task, subject->owner_phone, problem);
          finish(task, "suppressed", problem);
        } else {
          list_call(task, *step, *subject, false);
        }
        save(task, false);
        continue;
      }
      if (task.state == "retry") {
        if (auto problem = contact_problem(*subject, Channel::call); !problem.empty()) {
          note_unreachable(task, subject->owner_phone, problem);
          finish(task, "suppressed", problem);
        } else {
          list_call(task, *step, *subject, true);
        }
        save(task, false);
      }
    }
  }

  void plan_new_tasks() {
    for (const auto& rule : rules_.rules) {
      if (rule.subject != rules::SubjectKind::fleet) continue;
      if (rule.anchor == rules::AnchorKind::episode_start) {
        plan_episode_rule(rule);
      } else {
        plan_holiday_rule(rule);
      }
    }
  }

  void plan_episode_rule(const rules::Rule& rule) {
    // Episodes whose start puts one of the steps within its grace today.
    std::vector<std::pair<Date, Date>> ranges;
    for (const auto& step : rule.steps) {
      ranges.emplace_back(as_of_.plus_days(-step.day - rule.grace_days),
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
    auto statuses = fleet_statuses(rule);
    static const std::set<std::string> none;
    for (const auto& [from, to] : merged) {
      auto existing = tasks_.existing_steps_between(rule.name, from, to);
      for (const auto& episode : fleet_.open_episodes_started_between(statuses, from, to)) {
        auto found = existing.find({episode.vehicle_id, episode.started_on});
        const auto& done = found == existing.end() ? none : found->second;
        auto planned = plan_steps(rule, episode.started_on, as_of_, done);
        if (planned.empty() || delisted_.count(episode.vehicle_id)) continue;
        // Only a step that goes out, or a condition beyond status, needs the whole vehicle;
        // steps only recorded as skipped (most of a first night's) do not.
        bool sends = std::any_of(planned.begin(), planned.end(), [](const PlannedStep& p) {
          return p.decision == StepDecision::send;
        });
        store::FleetSubject subject;
        if (sends || has_other_conditions(rule)) {
          auto full = fleet_.by_episode(episode.episode_id);
          if (!full || !fleet_matches(rule, *full)) continue;
          subject = std::move(*full);
        } else {
          subject.vehicle_id = episode.vehicle_id;
          subject.episode_id = episode.episode_id;
          subject.started_on = episode.started_on;
        }
        plan_subject(rule, subject, episode.started_on, std::nullopt, planned);
      }
    }
  }

  void plan_holiday_rule(const rules::Rule& rule) {
    int lead = -rule.first_day();
    auto holidays = rules_.calendar.holidays_between(as_of_.plus_days(1),
                                                     as_of_.plus_days(lead + rule.grace_days));
    if (holidays.empty()) return;
    auto statuses = fleet_statuses(rule);
    auto subjects = fleet_.episodes_started_between(statuses, Date(1970, 1, 1), as_of_);
    static const std::set<std::string> none;
    for (const auto& holiday : holidays) {
      auto existing =
          tasks_.existing_steps_between(rule.name, holiday.first_off, holiday.first_off);
      for (const auto& subject : subjects) {
        if (!fleet_matches(rule, subject)) continue;
        auto found = existing.find({subject.vehicle_id, holiday.first_off});
        auto planned = plan_steps(rule, holiday.first_off, as_of_,
                                  found == existing.end() ? none : found->second);
        if (!planned.empty()) plan_subject(rule, subject, holiday.first_off, holiday, planned);
      }
    }
  }

  // Creates the tasks of the steps planned for one subject and anchor.
  void plan_subject(const rules::Rule& rule, const store::FleetSubject& subject, Date anchor,
                    const std::optional<Holiday>& holiday,
                    const std::vector<PlannedStep>& planned) {
    bool held = rule.holdout > 0 && stable_share(rule.name, subject.vehicle_id) < rule.holdout;
    for (const auto& item : planned) {
      const auto& step = *item.step;
      store::TaskRow task;
      task.task_id =
          make_task_id(rule.name, step.name, "fleet", subject.vehicle_id, anchor.iso());
      task.rule = rule.name;
      task.step = step.name;
      task.channel = rules::channel_name(step.channel);
      task.subject_kind = "fleet";
      task.subject_id = subject.vehicle_id;
      task.anchor_on = anchor;
      task.episode_id = subject.episode_id;
      task.due_on = item.due_on;
      task.created_on = as_of_;
      task.priority = rule.priority;
      task.state_on = as_of_;
      task.phone = subject.owner_phone;
      task.max_attempts = step.channel == Channel::call ? step.max_attempts : 1;
      if (item.decision == StepDecision::missed) {
        finish(task, "skipped",
               fmt::format("missed: due {}, more than {} days late", item.due_on.iso(),
                           rule.grace_days));
        save(task, true);
        continue;
      }
      if (item.decision == StepDecision::superseded) {
        finish(task, "skipped",
               fmt::format("superseded: a later step of this rule is due today"));
        save(task, true);
        continue;
      }
      latest_due_[{rule.name, subject.vehicle_id, anchor}] =
          std::max(latest_due_[{rule.name, subject.vehicle_id, anchor}], item.due_on);
      if (held) {
        finish(task, "held", "holdout group");
        save(task, true);
        continue;
      }
      if (step.channel == Channel::sms) {
        sms_new_.push_back({std::move(task), true, &rule, &step, subject, holiday, {}});
        continue;
      }
      if (auto problem = contact_problem(subject, step.channel); !problem.empty()) {
        note_unreachable(task, subject.owner_phone, problem);
        finish(task, "suppressed", problem);
      } else if (step.channel == Channel::call) {
        list_call(task, step, subject, true);
      } else {
        list_handoff(task, rule, step, subject);
      }
      save(task, true);
    }
  }

  // A deferred SMS whose rule has a later step due today for the same subject gives way.
  void supersede_deferred() {
    for (auto& work : deferred_) {
      auto found = latest_due_.find({work.task.rule, work.task.subject_id, work.task.anchor_on});
      if (found != latest_due_.end() && work.task.due_on < found->second) {
        finish(work.task, "skipped", "superseded: a later step of this rule is due today");
        save(work.task, false);
        work.rule = nullptr;
      }
    }
  }

  void send_sms() {
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
      task.phone = item->subject.owner_phone;
      if (auto problem = contact_problem(item->subject, Channel::sms); !problem.empty()) {
        note_unreachable(task, item->subject.owner_phone, problem);
        finish(task, "suppressed", problem);
        save(task, item->is_new);
        continue;
      }
      FleetValues values(*item->rule, item->subject, as_of_, item->holiday);
      auto text = values.render(item->step->text);
      if (!text && !item->step->fallback_text.empty()) {
        text = values.render(item->step->fallback_text);
      }
      if (!text) {
        finish(task, "skipped", "no value: a placeholder of the text has no value");
        save(task, item->is_new);
        continue;
      }
      item->text = item->rule->signature + *text;
      ready.push_back(item);
    }

    std::vector<SmsCandidate> candidates;
    for (SmsWork* item : ready) {
      candidates.push_back({item->task.phone, item->rule->priority, item->task.due_on,
                            last_send_date(*item->rule, *item->step, item->task.anchor_on),
                            rule_order(item->rule->name), item->task.subject_id,
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
          add_row("sms", task, item.step->day,
                  {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
                   task.phone, item.text, std::to_string(sms_segments(item.text)),
                   as_of_.iso() + " " + format_clock(item.step->send_at)});
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

  void list_delistings() {
    for (const auto& delisting : fleet_.delistings_to_emit()) {
      ++file_rows_["delist"];
      rows_.push_back({{0, 0, "", delisting.vehicle_id},
                       {"delist",
                        "",
                        {delisting.vehicle_id, delisting.plate, delisting.delisted_on.iso(),
                         delisting.reason}}});
      fleet_.mark_delisting_emitted(delisting.vehicle_id, as_of_);
    }
  }

  store::Database& db_;
  const rules::RuleSet& rules_;
  Date as_of_;
  store::TaskStore tasks_;
  store::FleetQueries fleet_;
  std::map<std::string, std::set<std::string>, std::less<>> suppressions_;
  std::set<std::string> delisted_;
  std::vector<SmsWork> deferred_;
  std::vector<SmsWork> sms_new_;
  std::vector<Listing> listings_;
  std::map<std::tuple<std::string, std::string, Date>, Date> latest_due_;
  std::vector<PendingRow> rows_;
  std::map<std::string, std::size_t> file_rows_;
  std::map<std::string, StepCounts, std::less<>> step_counts_;  // "rule\x1fstep\x1fchannel"
  std::string count_key_;
  std::map<std::string, int> suppressed_reasons_;
  std::map<std::string, int> skipped_reasons_;
  std::vector<Unreachable> unreachable_;
};

std::vector<std::string> night_warnings(store::Database& db, const rules::RuleSet& rules,
                                        Date as_of) {
  std::vector<std::string> warnings = rules.warnings;
  int ahead = rules.look_ahead_days();
  if (ahead > 0 && !rules.calendar.empty() &&
      as_of.plus_days(ahead) > rules.calendar.covered_until()) {
    warnings.push_back(fmt::format(
        "the holiday calendar ends on {}; holidays up to {} are unknown, so pre-holiday "
        "messages for them will not be sent (update holidays.toml)",
        rules.calendar.covered_until().iso(), as_of.plus_days(ahead).iso()));
  }
  auto newest = store::newest_import(db, "fleet");
  if (!newest) {
    warnings.push_back("no fleet snapshot has been imported yet");
  } else if (*newest < as_of) {
    long long days = as_of.days_since(*newest);
    warnings.push_back(fmt::format("the newest fleet snapshot is from {}, {} day{} before {}",
                                   newest->iso(), days, days == 1 ? "" : "s", as_of.iso()));
  }
  return warnings;
}

EvaluateReport report_from(const std::vector<store::EmittedRow>& rows, Date as_of) {
  EvaluateReport report;
  report.as_of = as_of;
  for (const auto& row : rows) {
    if (row.file == "sms") ++report.sms;
    else if (row.file == "calls") ++report.calls;
    else if (row.file == "handoff") ++report.handoffs;
    else if (row.file == "delist") ++report.delistings;
  }
  return report;
}

}  // namespace

EvaluateReport evaluate(store::Database& db, const rules::RuleSet& rules,
                        const EvaluateOptions& options) {
  store::TaskStore tasks(db);
  emit::OutputOptions output{options.bom};

  if (auto stored = tasks.evaluation_summary(options.as_of)) {
    auto rows = tasks.emitted_rows(options.as_of);
    EvaluateReport report = report_from(rows, options.as_of);
    report.rerun = true;
    report.dry_run = options.dry_run;
    report.folder = options.out / options.as_of.iso();
    report.summary = *stored;
    if (!options.dry_run) {
      auto files = emit::write_output(options.out, options.as_of, rows, *stored, output);
      report.summary = emit::summary_with_files(*stored, files);
    }
    return report;
  }
  if (auto last = tasks.last_evaluation(); last && options.as_of < *last) {
    throw InputError(fmt::format("refused: {} was never evaluated and {} already was; dates are "
                                 "evaluated in order",
                                 options.as_of.iso(), last->iso()));
  }
  if (auto newest = store::newest_import(db, "fleet"); newest && options.as_of < *newest) {
    throw InputError(fmt::format("refused: the database already holds the fleet snapshot of {}, "
                                 "so it cannot say what was due on {}",
                                 newest->iso(), options.as_of.iso()));
  }

  auto warnings = night_warnings(db, rules, options.as_of);
  store::Transaction transaction(db);
  Night night(db, rules, options.as_of);
  night.run();
  auto rows = night.rows();
  auto summary = night.summary(warnings);
  EvaluateReport report = report_from(rows, options.as_of);
  report.dry_run = options.dry_run;
  report.warnings = warnings;
  report.folder = options.out / options.as_of.iso();
  report.summary = summary;
  if (options.dry_run) return report;  // the transaction rolls back

  // The files are prepared on a second thread while the evaluation is stored, and appear only
  // once the commit has succeeded. If writing them fails after the commit, running the date
  // again writes them from what was stored, and creates nothing new.
  std::optional<emit::PreparedOutput> prepared;
  std::exception_ptr output_error;
  std::thread writer([&] {
    try {
      prepared = emit::prepare_output(options.out, options.as_of, rows, summary, output);
    } catch (...) {
      output_error = std::current_exception();
    }
  });
  try {
    tasks.save_evaluation(options.as_of, rules.digest, summary, rows);
    transaction.commit();
  } catch (...) {
    writer.join();
    if (prepared) emit::discard_output(*prepared);
    throw;
  }
  writer.join();
  if (output_error) std::rethrow_exception(output_error);
  emit::publish_output(*prepared);
  report.summary = prepared->summary;
  return report;
}

}  // namespace ownercare::engine
