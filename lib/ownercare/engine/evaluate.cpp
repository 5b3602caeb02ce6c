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
#include "ownercare/engine/call_limit.hpp"
#include "ownercare/engine/contact_policy.hpp"
#include "ownercare/engine/due_dates.hpp"
#include "ownercare/engine/fleet_subjects.hpp"
#include "ownercare/engine/planner.hpp"
#include "ownercare/engine/subject.hpp"
#include "ownercare/engine/vehicle_due.hpp"
#include "ownercare/engine/task_id.hpp"
#include "ownercare/store/dealer_queries.hpp"
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
  bool dropped = false;  // a call that lost its place to a more important one on its phone
};

// A call or hand-off listed tonight, whose row is built once tonight's SMS are stored.
struct Listing {
  store::TaskRow task;
  const rules::Rule* rule;
  const rules::Step* step;
  Subject subject;
  bool dropped = false;  // a call that lost its place to a more important one on its phone
  std::string also_due;  // the calls that gave way to it, for its context
};

// A call that claimed a place on its phone tonight (CallLimit's handle is its index).
struct ClaimedCall {
  bool fleet;              // its row is listings_[index]; else rows_[index]
  std::size_t index;
  bool new_try;            // the listing began a new try (attempt was raised)
  bool first_listing;      // the task was never listed before tonight
  bool lost = false;       // gave way as it came, never listed
  const rules::Rule* rule;
  const rules::Step* step;
  Date due_on;
};

// An SMS that may go out today: a new task or a deferred one.
struct SmsWork {
  store::TaskRow task;
  bool is_new = false;
  const rules::Rule* rule = nullptr;
  const rules::Step* step = nullptr;
  Subject subject;
  std::optional<Holiday> holiday;
  std::string text;
};

class Night {
 public:
  Night(store::Database& db, const rules::RuleSet& rules, Date as_of)
      : db_(db), rules_(rules), as_of_(as_of), tasks_(db), fleet_(db), dealer_(db),
        call_limit_(rules.policy.calls_per_phone_per_day) {}

  void run() {
    sms_new_.reserve(4096);
    suppressions_ = tasks_.suppressions();
    delisted_ = fleet_.delisted_vehicles();
    paused_ = fleet_.paused_vehicles();
    baseline_ = fleet_.baseline_episodes();
    last_evaluation_ = tasks_.last_evaluation();
    if (uses_vehicle_dates()) {
      refresh_vehicle_due(dealer_, rules_, as_of_);
    }
    handle_pending();
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
  }

  std::vector<store::EmittedRow> rows() {
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

  // The phone to use on a channel, or why there is none.
  PhoneChoice phone_for(const Subject& subject, Channel channel) const {
    return choose_phone(subject, channel, rules_.calendar.is_working_day(as_of_),
                        [this](const std::string& phone, const char* which) {
                          return suppressed(phone, which);
                        });
  }

  void note_unreachable(const store::TaskRow& task, const std::string& phone,
                        const std::string& reason) {
    if (reason == "no phone" || reason == "invalid phone" || reason == "phone marked invalid") {
      unreachable_.push_back(
          {task.subject_kind, task.subject_id, task.rule, task.step, phone, reason});
    }
  }

  // --- calls and hand-offs -------------------------------------------------------------

  // Lists a call (a new try or the same try again) on the phone chosen for it: a new try takes
  // the next window (for an office phone, one within office hours), the same try keeps its
  // window. A call whose only phone is an office phone waits for the next working day; one
  // with no phone is suppressed. A fleet call's row is built in emit_listings(), after
  // tonight's SMS are stored, so its history counts them.
  void try_call(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
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
    const int attempt_before = task.attempt;
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
    const std::size_t handle = claimed_calls_.size();
    claimed_calls_.push_back({fleet, fleet ? listings_.size() : rows_.size(), new_try,
                              first_listing, false, &rule, &step, task.due_on});
    long long loser = call_limit_.claim(
        task.phone,
        {rule.priority, task.due_on, rule_order(rule.name), task.subject_id, task.step}, handle);
    if (loser == static_cast<long long>(handle)) {
      // A more important call has this phone today: this one waits, as it was.
      claimed_calls_.back().lost = true;
      task.attempt = attempt_before;
      if (first_listing) task.sent_on.reset();
      give_way(task, rule, step, new_try, first_listing);
      return;
    }
    if (loser >= 0) displaced_.push_back(static_cast<std::size_t>(loser));
    if (fleet) {
      listings_.push_back({task, &rule, &step, subject, false, {}});
    } else {
      // A dealer call's row does not depend on tonight's SMS: it is built now, so that a night
      // listing a hundred thousand calls does not keep a hundred thousand subjects.
      emit_dealer_call(task, rule, step, subject, choice.others);
    }
  }

  // A call that lost its place on its phone (call limit): it waits for tomorrow (a new try
  // then, or the same try listed again), unless its step was never listed and tomorrow is past
  // its grace: then it is skipped.
  void give_way(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                bool new_try, bool first_listing) {
    if (first_listing && as_of_.plus_days(1) > last_send_date(rule, step, task.anchor_on)) {
      finish(task, "skipped", "call limit: the phone had a more important call each day "
                              "within grace");
      return;
    }
    task.state = new_try ? "retry" : "listed";
    task.state_on = as_of_;
    task.reason = "call limit: a more important call to this phone today";
    task.next_on = as_of_.plus_days(1);
    counts(task.rule, task.step, task.channel).deferred++;
  }

  // Calls listed earlier tonight that a more important call for their phone displaced: their
  // listing is taken back and they wait; the calls that keep their place tell the agent what
  // else is due for this customer.
  void settle_call_limit() {
    for (std::size_t handle : displaced_) {
      auto& call = claimed_calls_[handle];
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
    for (const auto& conflict : call_limit_.conflicts()) {
      std::string also_due;
      for (std::size_t handle : conflict.lost) {
        const auto& lost = claimed_calls_[handle];
        also_due += (also_due.empty() ? "" : "; ") + short_title(*lost.rule) + " " +
                    lost.due_on.iso();
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
    }
  }

  // A rule's title up to its colon: "保修到期提醒：保修结束前30天…" -> "保修到期提醒".
  static std::string short_title(const rules::Rule& rule) {
    const std::string& title = rule.title.empty() ? rule.name : rule.title;
    auto colon = std::min(title.find("\xEF\xBC\x9A"), title.find(':'));  // "：" or ":"
    return colon == std::string::npos ? title : title.substr(0, colon);
  }

  bool inside_office_hours(const rules::Window& window) const {
    const auto& hours = rules_.policy.office_hours;
    return std::any_of(hours.begin(), hours.end(), [&](const rules::Window& allowed) {
      return allowed.begin <= window.begin && window.end <= allowed.end;
    });
  }

  void list_handoff(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                    const Subject& subject) {
    task.state = "listed";
    task.state_on = as_of_;
    task.attempt = 1;
    task.sent_on = as_of_;
    task.next_on.reset();
    listings_.push_back({task, &rule, &step, subject, false, {}});
  }

  void emit_listings() {
    for (const auto& listing : listings_) {
      if (listing.dropped) continue;
      const auto& task = listing.task;
      const auto& subject = listing.subject.fleet;
      auto history = fleet_.history(subject.vehicle_id, subject.episode_id);
      if (task.channel == "call") {
        std::string context = fleet_call_context(subject, as_of_, history);
        if (!listing.also_due.empty()) context = listing.also_due + "；" + context;
        add_row("calls", task, listing.step->day,
                {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
                 std::to_string(task.attempt), task.window, subject.owner_name,
                 subject.owner_phone, "", subject.city, listing.step->reason,
                 std::move(context)});
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

  void emit_dealer_call(const store::TaskRow& task, const rules::Rule& rule,
                        const rules::Step& step, const Subject& subject,
                        const std::vector<std::string>& other_phones) {
    std::string others;
    for (const auto& phone : other_phones) others += (others.empty() ? "" : ";") + phone;
    add_row("calls", task, step.day,
            {task.task_id, task.subject_kind, task.subject_id, task.rule, task.step,
             std::to_string(task.attempt), task.window, subject.name, task.phone, others,
             subject.team, step.reason,
             dealer_call_context(dealer_, subject, rule, task.anchor_on)});
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

  void plan_new_tasks() {
    for (const auto& rule : rules_.rules) {
      if (rule.subject != rules::SubjectKind::fleet) {
        plan_dealer_rule(rule);
        continue;
      }
      if (rule.anchor == rules::AnchorKind::episode_start) {
        plan_episode_rule(rule);
      } else {
        plan_holiday_rule(rule);
      }
    }
  }

  // The first day whose steps this evaluation answers for: the day after the last evaluation
  // (after missed nights, their steps are found too, and recorded as skipped past their grace),
  // else today.
  Date first_unevaluated_day() const {
    if (last_evaluation_ && *last_evaluation_ < as_of_) return last_evaluation_->plus_days(1);
    return as_of_;
  }

  // The anchors that put one of a rule's steps within its grace today, or due on a night that
  // was missed, as merged date ranges.
  std::vector<std::pair<Date, Date>> anchor_ranges(const rules::Rule& rule) const {
    std::vector<std::pair<Date, Date>> ranges;
    const Date first_day = first_unevaluated_day();
    for (const auto& step : rule.steps) {
      if (!step.after.empty()) continue;
      ranges.emplace_back(std::min(as_of_.plus_days(-step.day - rule.grace_days),
                                   first_day.plus_days(-step.day)),
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

  void plan_episode_rule(const rules::Rule& rule) {
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

  // Plans the due steps of one open episode for an episode rule; `done` names the steps that
  // have a task already.
  void plan_episode(const rules::Rule& rule, const store::FleetQueries::EpisodeRef& episode,
                    const std::set<std::string>& done) {
    auto planned = plan_steps(rule, episode.started_on, as_of_, done);
    if (planned.empty() || delisted_.count(episode.vehicle_id) ||
        paused_.count(episode.vehicle_id)) {
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
    plan_subject(rule, fleet_subject(std::move(subject)), episode.started_on, std::nullopt,
                 planned);
  }

  // The holidays whose pre-holiday steps may be due tonight: those starting after today, within
  // the rule's lead plus grace.
  std::vector<Holiday> holidays_due(const rules::Rule& rule) const {
    int lead = -rule.first_day();
    // After missed nights, also the holidays whose steps fell due on them (recorded as
    // skipped: a pre-holiday message is never sent on or after the holiday).
    Date from = std::min(as_of_.plus_days(1), first_unevaluated_day().plus_days(lead));
    return rules_.calendar.holidays_between(from, as_of_.plus_days(lead + rule.grace_days));
  }

  void plan_holiday_rule(const rules::Rule& rule) {
    auto holidays = holidays_due(rule);
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
        if (!planned.empty()) {
          plan_subject(rule, fleet_subject(subject), holiday.first_off, holiday, planned);
        }
      }
    }
  }

  // Creates the tasks of the steps planned for one subject and anchor.
  void plan_subject(const rules::Rule& rule, const Subject& subject, Date anchor,
                    const std::optional<Holiday>& holiday,
                    const std::vector<PlannedStep>& planned) {
    bool held = rule.holdout > 0 && stable_share(rule.name, subject.id) < rule.holdout;
    const bool fleet = subject.kind == rules::SubjectKind::fleet;
    for (const auto& item : planned) {
      const auto& step = *item.step;
      store::TaskRow task;
      task.task_id = make_task_id(rule.name, step.name, subject.kind_name(), subject.id,
                                  anchor.iso());
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
        finish(task, "skipped",
               fmt::format("superseded: a later step of this rule is due today"));
        save(task, true);
        continue;
      }
      if (item.decision == StepDecision::baseline) {
        finish(task, "skipped",
               "baseline: in this status since before ownercare was installed");
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
        sms_new_.push_back({std::move(task), true, &rule, &step, subject, holiday, {}});
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

  // --- dealer and car-wash rules ------------------------------------------------------

  bool uses_vehicle_dates() const {
    return std::any_of(rules_.rules.begin(), rules_.rules.end(), [](const rules::Rule& rule) {
      return rule.subject == rules::SubjectKind::vehicle && vehicle_due_column(rule.anchor);
    });
  }

  // Subjects whose anchor lies between `from` and `to`, from the index that holds it.
  std::vector<store::Candidate> dealer_candidates(const rules::Rule& rule, Date from, Date to) {
    using rules::AnchorKind;
    if (auto column = vehicle_due_column(rule.anchor)) {
      return dealer_.vehicles_due_between(*column, from, to);
    }
    switch (rule.anchor) {
      case AnchorKind::sale_date: return dealer_.vehicles_sold_between(from, to);
      case AnchorKind::closed: return dealer_.orders_closed_between(from, to);
      case AnchorKind::card_expires: return dealer_.members_expiring_between(from, to);
      case AnchorKind::balance_low: return dealer_.members_balance_changed_between(from, to);
      case AnchorKind::last_visit: {
        // The anchor is the visit plus after_months; months have different lengths, so the
        // visits are read a few days wider and the anchors filtered exactly.
        std::vector<store::Candidate> list;
        for (auto& candidate : dealer_.vehicles_last_visit_between(
                 from.plus_months(-rule.after_months).plus_days(-3),
                 to.plus_months(-rule.after_months))) {
          Date anchor = candidate.anchor.plus_months(rule.after_months);
          if (anchor < from || anchor > to) continue;
          list.push_back({std::move(candidate.subject_id), anchor});
        }
        return list;
      }
      default: return {};
    }
  }

  // Step names a subject already has under any anchor of the rule, among the tasks created
  // after `epoch`: a warranty end or service due date moves as odometer readings come in, and
  // a step done under the old date must not be done again under the new one. For service
  // reminders the epoch is the last maintenance: tasks before it were for the period it ended.
  std::set<std::string> steps_done_since(const rules::Rule& rule, const Subject& subject,
                                         std::optional<Date> epoch) {
    std::set<std::string> done;
    for (const auto& task : tasks_.tasks_of(subject.kind_name(), subject.id)) {
      if (task.rule != rule.name) continue;
      if (epoch && task.created_on <= *epoch) continue;
      done.insert(task.step);
    }
    return done;
  }

  void plan_dealer_rule(const rules::Rule& rule) {
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

  std::optional<Date> last_service(const Subject& subject) {
    if (!subject.vehicle) return std::nullopt;
    auto services = dealer_.services(subject.vehicle->vin);
    if (services.empty()) return std::nullopt;
    return services.back().closed;
  }

  void plan_dealer_holiday(const rules::Rule& rule) {
    auto holidays = holidays_due(rule);
    if (holidays.empty()) return;
    auto ids = rule.subject == rules::SubjectKind::member ? dealer_.active_members()
                                                           : dealer_.active_vehicles();
    static const std::set<std::string> none;
    for (const auto& holiday : holidays) {
      auto existing =
          tasks_.existing_steps_between(rule.name, holiday.first_off, holiday.first_off);
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

  // Steps sent `after` a call: for each call of the rule that ended tonight or within the
  // rule's grace without reaching the customer, the follow-up SMS (once: its task id is
  // derived like any other).
  void plan_fallbacks() {
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

  // The last day an SMS may still go out. A step sent after a call counts its grace from the
  // night the call ended (its due date), not from its rule's anchor.
  Date last_day_for(const SmsWork& item) const {
    if (!item.step->after.empty()) return item.task.due_on.plus_days(item.rule->grace_days);
    return last_send_date(*item.rule, *item.step, item.task.anchor_on);
  }

  std::optional<std::string> render_sms(const SmsWork& item) const {
    const auto& step = *item.step;
    if (item.subject.kind == rules::SubjectKind::fleet) {
      FleetValues values(*item.rule, item.subject.fleet, as_of_, item.holiday);
      auto text = values.render(step.text);
      if (!text && !step.fallback_text.empty()) text = values.render(step.fallback_text);
      return text;
    }
    DealerValues values(*item.rule, item.subject, item.task.anchor_on, item.holiday,
                        due_km(*item.rule, item.subject));
    auto text = render_with(step.text, values);
    if (!text && !step.fallback_text.empty()) text = render_with(step.fallback_text, values);
    return text;
  }

  std::optional<long long> due_km(const rules::Rule& rule, const Subject& subject) const {
    if (!subject.vehicle) return std::nullopt;
    if (rule.anchor == rules::AnchorKind::warranty_end) {
      if (subject.vehicle->warranty_km) return subject.vehicle->warranty_km;
      if (const auto* term = warranty_term(rules_.terms, subject.vehicle->brand,
                                           subject.vehicle->model)) {
        return term->km;
      }
    }
    return std::nullopt;
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
      auto choice = phone_for(item->subject, Channel::sms);
      if (!choice.phone) {
        task.phone = item->subject.first_phone();
        note_unreachable(task, task.phone, choice.problem);
        finish(task, "suppressed", choice.problem);
        save(task, item->is_new);
        continue;
      }
      task.phone = choice.phone->number;
      auto text = render_sms(*item);
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
                            last_day_for(*item),
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
  store::DealerQueries dealer_;
  std::map<std::string, std::set<std::string>, std::less<>> suppressions_;
  std::set<std::string> delisted_;
  std::set<std::string> paused_;        // fleet vehicles gone, their episodes paused
  std::set<std::int64_t> baseline_;     // open episodes a --baseline import started
  std::optional<Date> last_evaluation_;  // before this one
  std::optional<std::vector<store::FleetQueries::ResumedEpisode>> resumed_;
  std::vector<SmsWork> deferred_;
  std::vector<SmsWork> sms_new_;
  std::vector<Listing> listings_;
  CallLimit call_limit_;
  std::vector<ClaimedCall> claimed_calls_;
  std::vector<std::size_t> displaced_;  // claimed calls that lost their place after listing
  std::map<std::tuple<std::string, std::string, Date>, Date> latest_due_;
  std::vector<PendingRow> rows_;
  std::map<std::string, std::size_t> file_rows_;
  std::map<std::string, StepCounts, std::less<>> step_counts_;  // "rule\x1fstep\x1fchannel"
  std::string count_key_;
  std::map<std::string, int> suppressed_reasons_;
  std::map<std::string, int> skipped_reasons_;
  std::vector<Unreachable> unreachable_;
};

// The inputs the rule set reads: fleet rules the fleet snapshot, vehicle rules the sales
// snapshot, order rules the service orders, member rules the members.
std::vector<const char*> input_kinds(const rules::RuleSet& rules) {
  std::vector<const char*> kinds;
  auto add = [&](const char* kind) {
    if (std::find_if(kinds.begin(), kinds.end(), [&](const char* k) {
          return std::string_view(k) == kind;
        }) == kinds.end()) {
      kinds.push_back(kind);
    }
  };
  for (const auto& rule : rules.rules) {
    switch (rule.subject) {
      case rules::SubjectKind::fleet: add("fleet"); break;
      case rules::SubjectKind::vehicle: add("sales"); break;
      case rules::SubjectKind::order: add("service"); break;
      case rules::SubjectKind::member: add("members"); break;
    }
  }
  return kinds;
}

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
  // A kind never imported is a business this database does not run (the shipped rules/ holds
  // the rules of all three): its rules find nothing, and that is not worth a nightly warning.
  // A kind that was imported but not tonight is: its rules work on yesterday's facts.
  for (const char* kind : input_kinds(rules)) {
    auto newest = store::newest_import(db, kind);
    if (newest && *newest < as_of) {
      long long days = as_of.days_since(*newest);
      warnings.push_back(fmt::format("the newest {} snapshot is from {}, {} day{} before {}",
                                     kind, newest->iso(), days, days == 1 ? "" : "s",
                                     as_of.iso()));
    }
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

// Removes the folders killed runs left in OUT, and warns of each stored night whose OUT/DATE
// is missing: a run killed between its commit and its rename (tonight's own date excepted,
// this run writes it).
std::vector<std::string> stale_output_warnings(store::TaskStore& tasks,
                                               const EvaluateOptions& options) {
  std::vector<std::string> warnings;
  for (Date date : emit::remove_stale_output(options.out)) {
    auto folder = options.out / date.iso();
    if (date == options.as_of || std::filesystem::exists(std::filesystem::symlink_status(folder)) ||
        !tasks.evaluation_summary(date)) {
      continue;
    }
    warnings.push_back(fmt::format(
        "{} is missing although {} was evaluated (a run stopped between storing the night and "
        "putting its folder in place): run ownercare-evaluate --as-of {} again to write its "
        "files",
        folder.string(), date.iso(), date.iso()));
  }
  return warnings;
}

}  // namespace

EvaluateReport evaluate(store::Database& db, const rules::RuleSet& rules,
                        const EvaluateOptions& options) {
  store::TaskStore tasks(db);
  emit::OutputOptions output{options.bom};
  std::vector<std::string> stale;
  if (!options.dry_run) {
    emit::check_output_folder(options.out, options.as_of);
    stale = stale_output_warnings(tasks, options);
  }

  if (auto stored = tasks.evaluation_summary(options.as_of)) {
    auto rows = tasks.emitted_rows(options.as_of);
    EvaluateReport report = report_from(rows, options.as_of);
    report.rerun = true;
    report.dry_run = options.dry_run;
    report.folder = options.out / options.as_of.iso();
    report.summary = *stored;
    report.warnings = stale;
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
  for (const char* kind : {"fleet", "sales", "service", "members"}) {
    if (auto newest = store::newest_import(db, kind); newest && options.as_of < *newest) {
      throw InputError(fmt::format("refused: the database already holds the {} snapshot of {}, "
                                   "so it cannot say what was due on {}",
                                   kind, newest->iso(), options.as_of.iso()));
    }
  }

  auto warnings = night_warnings(db, rules, options.as_of);
  warnings.insert(warnings.end(), stale.begin(), stale.end());
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

  // All or nothing: the files are written and synced (on a second thread, while the night is
  // saved) before the commit, and a failure of either rolls the night back. Only the rename
  // comes after the commit; if it fails, the night is stored and running the same date again
  // writes the files from the stored rows, creating nothing new.
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
  } catch (...) {
    writer.join();
    if (prepared) emit::discard_output(*prepared);
    throw;
  }
  writer.join();
  if (output_error) std::rethrow_exception(output_error);  // the transaction rolls back
  try {
    transaction.commit();
  } catch (...) {
    emit::discard_output(*prepared);
    throw;
  }
  try {
    emit::publish_output(*prepared);
  } catch (const Error& error) {
    throw InternalError(fmt::format(
        "{}; the night of {} is stored: run ownercare-evaluate --as-of {} again to write its "
        "files from what was stored",
        error.what(), options.as_of.iso(), options.as_of.iso()));
  }
  report.summary = prepared->summary;
  return report;
}

}  // namespace ownercare::engine
