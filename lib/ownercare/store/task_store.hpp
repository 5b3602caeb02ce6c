// Tasks, suppressions, evaluations and emitted rows: the statements the engine and the
// outcome recorder use.
//
// Task states:
//   listed      emitted and waiting for an outcome (a call is listed again each night until it
//               expires; a hand-off waits for `done`)
//   sent        an SMS emitted; delivered / failed once its outcome is recorded
//   retry       a call waiting for its next try on next_on
//   deferred    an SMS held back by the per-phone limit, tried again on next_on
//   done        reached (call) or worked (hand-off)
//   unreached   a call closed without reaching anyone
//   expired     a call listed until it expired without an outcome: not worked
//   skipped     never sent: missed past grace, superseded by a later step, or over the limit
//   suppressed  never sent: do-not-call, opt-out, landline for SMS, no valid phone
//   held        the subject is in the rule's holdout group: recorded, not emitted
//   cancelled   was pending when its episode closed or its vehicle was delisted
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

struct TaskRow {
  std::string task_id;
  std::string rule;
  std::string step;
  std::string channel;
  std::string subject_kind;
  std::string subject_id;
  Date anchor_on;
  std::optional<std::int64_t> episode_id;
  Date due_on;
  Date created_on;
  int priority = 0;
  std::string state;
  Date state_on;
  std::string reason;
  std::string phone;
  int attempt = 0;
  int misses = 0;
  int max_attempts = 1;
  std::string window;
  std::optional<Date> next_on;
  std::optional<Date> listed_since;
  std::optional<Date> sent_on;
  std::string last_result;
  std::string last_disposition;
};

struct OutcomeRow {
  std::string task_id;
  int attempt = 0;
  std::string result;
  std::string disposition;
  std::string at;
  std::optional<Date> appointment_date;
  std::optional<int> satisfaction;
  std::string new_phone;
  std::string note;
  Date recorded_on;
  std::int64_t record_id = 0;
  std::uint64_t line = 0;
};

// The cell of a calls row that holds the call script, the step's text the agent reads
// (calls.csv's `reason`, emit/output_folder.cpp): stored once per distinct text, in script_text.
inline constexpr std::size_t kCallScriptCell = 11;

struct EmittedRow {
  std::string file;  // sms | calls | handoff | delist
  std::string task_id;
  std::vector<std::string> cells;
};

class TaskStore {
 public:
  explicit TaskStore(Database& db);
  ~TaskStore();

  // Names of the steps that already have a task, for every subject of a rule whose anchor lies
  // between `from` and `to`: (subject_id, anchor_on) -> step names.
  std::map<std::pair<std::string, Date>, std::set<std::string>> existing_steps_between(
      const std::string& rule, Date from, Date to);
  std::optional<TaskRow> find(const std::string& task_id);
  // Every task of a subject, by due date.
  std::vector<TaskRow> tasks_of(const std::string& subject_kind, const std::string& subject_id);
  // Calls of a rule's step that ended between `from` and `to` without reaching anyone
  // (unreached, expired, or suppressed: do-not-call, no phone), in task_id order.
  std::vector<TaskRow> calls_closed_unreached(const std::string& rule, const std::string& step,
                                              Date from, Date to);
  // Tasks with a next_on (waiting for something), in task_id order.
  std::vector<TaskRow> pending();
  void insert(const TaskRow& task);
  // Inserts tasks 32 to a statement: queue_insert() keeps the task, flush() writes what is
  // queued. Queued tasks are not visible to queries until flushed.
  void queue_insert(TaskRow task);
  void flush();
  void update(const TaskRow& task);  // every mutable column, by task_id

  // SMS emitted per phone on the days from `from` to `to`, inclusive.
  std::map<std::string, int, std::less<>> sms_sent_per_phone(Date from, Date to);

  // phone -> channels suppressed for it ("call", "sms", "all"): the suppression table only
  // (do-not-call and opt-out outcomes, invalid numbers).
  std::map<std::string, std::set<std::string>, std::less<>> suppressions();
  // What the night `as_of` must respect: suppressions() and the opt-out lists' phones whose
  // latest event on or before `as_of` is an 'add' (store/optout_store.hpp).
  std::map<std::string, std::set<std::string>, std::less<>> suppressions_on(Date as_of);
  // The channels one phone is suppressed for.
  std::set<std::string> suppressed_channels(const std::string& phone);
  // Adds a suppression unless the phone already has one for that channel; nothing for an
  // empty phone (none, or erased).
  void suppress(const std::string& phone, const std::string& channel, Date since,
                const std::string& reason, const std::string& task_id);

  // Outcomes of the task, oldest try first.
  std::vector<OutcomeRow> outcomes(const std::string& task_id);
  std::optional<OutcomeRow> outcome(const std::string& task_id, int attempt);
  void insert_outcome(const OutcomeRow& outcome);

  std::optional<Date> last_evaluation();
  // The stored summary of an evaluation, if that date was evaluated.
  std::optional<std::string> evaluation_summary(Date as_of);
  void save_evaluation(Date as_of, const std::string& rules_digest, const std::string& summary,
                       const std::vector<EmittedRow>& rows);
  std::vector<EmittedRow> emitted_rows(Date as_of);
  // Deletes the emitted rows of every night before `before`, marking those evaluations as
  // pruned by the night `night` and emptying their stored summary (a re-run's summary.json,
  // tens of kilobytes a night; the line stays, so the date is still known as evaluated);
  // returns how many rows went.
  std::int64_t prune_emitted_rows(Date before, Date night);
  // The night that deleted the emitted rows of the evaluation `as_of`, if one did.
  std::optional<Date> rows_pruned_on(Date as_of);

 private:
  struct Statements;
  Database& db_;
  std::unique_ptr<Statements> statements_;
  std::vector<TaskRow> queued_;
};

// Cells of an emitted row stored as one text, joined by U+001F. A U+001F inside a cell (no
// export has a reason to hold one) is stored as a space.
std::string join_cells(const std::vector<std::string>& cells);
std::vector<std::string> split_cells(const std::string& joined);

// The newest night evaluated in the database at `db_path`, read on its own read-only
// connection from a database of any schema version: ownercare-nightly asks before its backup,
// and an older database is migrated only after that, by the night's first writing step.
// Nothing when no night was evaluated. Throws InternalError when it cannot be read.
std::optional<Date> last_evaluated_night(const std::filesystem::path& db_path);

}  // namespace ownercare::store
