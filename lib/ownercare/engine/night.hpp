// One evaluation's night, as ownercare-evaluate runs it (engine/evaluate.hpp): the passes over
// pending tasks, new steps, SMS and listings, and the rows and summary they give. Internal to
// the engine; its parts live in night.cpp (the passes' common ground and pending tasks),
// night_plan.cpp (which steps are due), night_calls.cpp (calls, hand-offs, the call limit) and
// night_sms.cpp (the SMS and their limit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ownercare/core/calendar.hpp"
#include "ownercare/core/date.hpp"
#include "ownercare/core/progress.hpp"
#include "ownercare/engine/call_limit.hpp"
#include "ownercare/engine/planner.hpp"
#include "ownercare/engine/subject.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/dealer_queries.hpp"
#include "ownercare/store/fleet_queries.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::engine::night {

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

// A call listed tonight, which claimed a place on its phone (its index is the claim's handle).
// A night may list a hundred thousand calls: kept small.
struct ClaimedCall {
  const rules::Rule* rule;
  const rules::Step* step;
  std::uint32_t index;      // its row: listings_[index] when fleet, else rows_[index]
  Date due_on;
  bool fleet;
  bool new_try;             // the listing began a new try (attempt was raised)
  bool first_listing;       // the task was never listed before tonight
};

// An SMS that may go out today: a new task or a deferred one. Its phone is chosen and its text
// rendered when it is planned (prepare_sms()), so it does not keep its subject: a first night of
// ten million vehicles plans a million of them before the quota decides.
struct SmsWork {
  store::TaskRow task;  // its phone as stored: send_sms() sets `phone` when it goes on
  bool is_new = false;
  const rules::Rule* rule = nullptr;
  const rules::Step* step = nullptr;
  std::string phone;    // the phone chosen, or the first one when none could be
  std::string problem;  // why no phone could be chosen ("" when one was)
  bool rendered = false;  // false: a placeholder of the text has no value
  std::string text;       // the whole message, signature included
};

class Night {
 public:
  // `progress`, when not null, is told of the "evaluate" phase: one unit per rule planned, and
  // one for the passes before and after the rules.
  Night(store::Database& db, const rules::RuleSet& rules, Date as_of,
        Progress* progress = nullptr)
      : db_(db),
        rules_(rules),
        as_of_(as_of),
        progress_(progress),
        tasks_(db),
        fleet_(db),
        dealer_(db) {}

  void run();

  std::vector<store::EmittedRow> rows();

  std::string summary(const std::vector<std::string>& warnings) const;

 private:
  // Counts are looked up for every task: the key is built in a reused buffer and found
  // without allocating, and a new entry is made only once per rule and step.
  StepCounts& counts(const std::string& rule, const std::string& step, const std::string& channel);

  static bool has_other_conditions(const rules::Rule& rule);

  std::size_t rule_order(const std::string& name) const;

  const rules::Step* find_step(const rules::Rule& rule, const std::string& name) const;

  std::optional<Holiday> holiday_at(Date first_off) const;

  void add_row(const std::string& file, const store::TaskRow& task, int step_day,
               std::vector<std::string> cells);

  // Closes a task for good with a state and reason, counting it.
  void finish(store::TaskRow& task, const std::string& state, const std::string& reason);

  // Stores a task; a new one is moved into the insert queue, so `task` is not used after.
  void save(store::TaskRow& task, bool is_new);

  bool suppressed(const std::string& phone, const char* channel) const;

  // The phone to use on a channel, or why there is none.
  PhoneChoice phone_for(const Subject& subject, Channel channel) const;

  void note_unreachable(const store::TaskRow& task, const std::string& phone,
                        const std::string& reason);

  // --- calls and hand-offs -------------------------------------------------------------

  // Lists a call (a new try or the same try again) on the phone chosen for it: a new try takes
  // the next window (for an office phone, one within office hours), the same try keeps its
  // window. A call whose only phone is an office phone waits for the next working day; one
  // with no phone is suppressed. A fleet call's row is built in emit_listings(), after
  // tonight's SMS are stored, so its history counts them.
  void try_call(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                const Subject& subject, bool new_try);

  // A call that lost its place on its phone (call limit): it waits for tomorrow (a new try
  // then, or the same try listed again), unless its step was never listed and tomorrow is past
  // its grace: then it is skipped.
  void give_way(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                bool new_try, bool first_listing);

  // One call per phone per day (SPEC 6.13): of the calls listed tonight, those that a more
  // important call to their phone displaces have their listing taken back and wait; the calls
  // that keep their place tell the agent what else is due for this customer.
  void settle_call_limit();

  // A rule's title up to its colon: "保修到期提醒：保修结束前30天…" -> "保修到期提醒".
  static std::string short_title(const rules::Rule& rule);

  bool inside_office_hours(const rules::Window& window) const;

  void list_handoff(store::TaskRow& task, const rules::Rule& rule, const rules::Step& step,
                    const Subject& subject);

  void emit_listings();

  void emit_dealer_call(const store::TaskRow& task, const rules::Rule& rule,
                        const rules::Step& step, const Subject& subject,
                        const std::vector<std::string>& other_phones);

  // --- the nightly passes --------------------------------------------------------------

  // Pending tasks: cancel what lost its reason, expire unworked calls, list calls again and
  // try again, and gather deferred SMS.
  void handle_pending();

  void plan_new_tasks();

  // The first day whose steps this evaluation answers for: the day after the last evaluation
  // (after missed nights, their steps are found too, and recorded as skipped past their grace),
  // else today.
  Date first_unevaluated_day() const;

  // The anchors that put one of a rule's steps within its grace today, or due on a night that
  // was missed, as merged date ranges.
  std::vector<std::pair<Date, Date>> anchor_ranges(const rules::Rule& rule) const;

  void plan_episode_rule(const rules::Rule& rule);

  // Plans the due steps of one open episode for an episode rule; `done` names the steps that
  // have a task already.
  void plan_episode(const rules::Rule& rule, const store::FleetQueries::EpisodeRef& episode,
                    const std::set<std::string>& done);

  // The holidays whose pre-holiday steps may be due tonight: those starting after today, within
  // the rule's lead plus grace.
  std::vector<Holiday> holidays_due(const rules::Rule& rule) const;

  void plan_holiday_rule(const rules::Rule& rule);

  // Creates the tasks of the steps planned for one subject and anchor.
  void plan_subject(const rules::Rule& rule, const Subject& subject, Date anchor,
                    const std::optional<Holiday>& holiday, const std::vector<PlannedStep>& planned);

  // --- dealer and car-wash rules ------------------------------------------------------

  bool uses_vehicle_dates() const;

  // Subjects whose anchor lies between `from` and `to`, from the index that holds it.
  std::vector<store::Candidate> dealer_candidates(const rules::Rule& rule, Date from, Date to);

  // Step names a subject already has under any anchor of the rule, among the tasks created
  // after `epoch`: a warranty end or service due date moves as odometer readings come in, and
  // a step done under the old date must not be done again under the new one. For service
  // reminders the epoch is the last maintenance: tasks before it were for the period it ended.
  std::set<std::string> steps_done_since(const rules::Rule& rule, const Subject& subject,
                                         std::optional<Date> epoch);

  void plan_dealer_rule(const rules::Rule& rule);

  std::optional<Date> last_service(const Subject& subject);

  void plan_dealer_holiday(const rules::Rule& rule);

  // Steps sent `after` a call: for each call of the rule that ended tonight or within the
  // rule's grace without reaching the customer, the follow-up SMS (once: its task id is
  // derived like any other).
  void plan_fallbacks();

  // The last day an SMS may still go out. A step sent after a call counts its grace from the
  // night the call ended (its due date), not from its rule's anchor.
  Date last_day_for(const SmsWork& item) const;

  std::optional<std::string> render_sms(const rules::Rule& rule, const rules::Step& step,
                                        const store::TaskRow& task, const Subject& subject,
                                        const std::optional<Holiday>& holiday) const;

  // An SMS planned tonight, with its phone chosen and its text rendered.
  SmsWork prepare_sms(store::TaskRow task, bool is_new, const rules::Rule& rule,
                      const rules::Step& step, const Subject& subject,
                      const std::optional<Holiday>& holiday) const;

  std::optional<long long> due_km(const rules::Rule& rule, const Subject& subject) const;

  // A deferred SMS whose rule has a later step due today for the same subject gives way.
  void supersede_deferred();

  void send_sms();

  void list_delistings();

  // One more unit of the evaluate phase done.
  void pass_done() {
    if (progress_) progress_->update("evaluate", ++passes_done_);
  }

  store::Database& db_;
  const rules::RuleSet& rules_;
  Date as_of_;
  Progress* progress_;
  std::uint64_t passes_done_ = 0;
  store::TaskStore tasks_;
  store::FleetQueries fleet_;
  store::DealerQueries dealer_;
  std::map<std::string, std::set<std::string>, std::less<>> suppressions_;
  std::set<std::string> delisted_;
  std::set<std::string> paused_;         // fleet vehicles gone, their episodes paused
  std::set<std::int64_t> baseline_;      // open episodes a --baseline import started
  std::optional<Date> last_evaluation_;  // before this one
  std::optional<std::vector<store::FleetQueries::ResumedEpisode>> resumed_;
  std::vector<SmsWork> deferred_;
  std::deque<SmsWork> sms_new_;  // a deque: growing it never holds two copies
  std::vector<Listing> listings_;
  std::vector<CallClaim> call_claims_;
  std::vector<ClaimedCall> claimed_calls_;
  std::map<std::tuple<std::string, std::string, Date>, Date> latest_due_;
  std::vector<PendingRow> rows_;
  std::map<std::string, std::size_t> file_rows_;
  std::map<std::string, StepCounts, std::less<>> step_counts_;  // "rule\x1fstep\x1fchannel"
  std::string count_key_;
  std::map<std::string, int> suppressed_reasons_;
  std::map<std::string, int> skipped_reasons_;
  std::vector<Unreachable> unreachable_;
};

}  // namespace ownercare::engine::night
