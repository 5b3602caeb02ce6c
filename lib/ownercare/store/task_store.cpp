#include "ownercare/store/task_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/errors.hpp"
#include "ownercare/store/columns.hpp"
#include "ownercare/store/optout_store.hpp"

namespace ownercare::store {

namespace {

constexpr const char* kTaskColumns =
    "task_id, rule, step, channel, subject_kind, subject_id, anchor_on, episode_id, due_on, "
    "created_on, priority, state, state_on, reason, phone, attempt, misses, max_attempts, window, "
    "next_on, listed_since, sent_on, last_result, last_disposition";

TaskRow read_task(SQLite::Statement& query) {
  TaskRow task;
  task.task_id = query.getColumn(0).getString();
  task.rule = query.getColumn(1).getString();
  task.step = query.getColumn(2).getString();
  task.channel = query.getColumn(3).getString();
  task.subject_kind = query.getColumn(4).getString();
  task.subject_id = query.getColumn(5).getString();
  task.anchor_on = *column_date(query.getColumn(6));
  if (!query.getColumn(7).isNull()) task.episode_id = query.getColumn(7).getInt64();
  task.due_on = *column_date(query.getColumn(8));
  task.created_on = *column_date(query.getColumn(9));
  task.priority = query.getColumn(10).getInt();
  task.state = query.getColumn(11).getString();
  task.state_on = *column_date(query.getColumn(12));
  task.reason = column_text(query.getColumn(13));
  task.phone = column_text(query.getColumn(14));
  task.attempt = query.getColumn(15).getInt();
  task.misses = query.getColumn(16).getInt();
  task.max_attempts = query.getColumn(17).getInt();
  task.window = column_text(query.getColumn(18));
  task.next_on = column_date(query.getColumn(19));
  task.listed_since = column_date(query.getColumn(20));
  task.sent_on = column_date(query.getColumn(21));
  task.last_result = column_text(query.getColumn(22));
  task.last_disposition = column_text(query.getColumn(23));
  return task;
}

constexpr int kTaskColumnCount = 24;
constexpr std::size_t kTaskBatch = 32;

// Binds every column in kTaskColumns order, starting at 1 + base.
void bind_task(SQLite::Statement& statement, const TaskRow& task, int base = 0) {
  auto bind = [&](int index, const auto& value) { statement.bind(base + index, value); };
  auto bind_date = [&](int index, const std::optional<Date>& date) {
    store::bind_date(statement, base + index, date);
  };
  auto bind_text_or_null = [&](int index, const std::string& text) {
    store::bind_text_or_null(statement, base + index, text);
  };
  bind(1, task.task_id);
  bind(2, task.rule);
  bind(3, task.step);
  bind(4, task.channel);
  bind(5, task.subject_kind);
  bind(6, task.subject_id);
  bind(7, task.anchor_on.iso());
  if (task.episode_id) bind(8, *task.episode_id);
  else statement.bind(base + 8);
  bind(9, task.due_on.iso());
  bind(10, task.created_on.iso());
  bind(11, task.priority);
  bind(12, task.state);
  bind(13, task.state_on.iso());
  bind_text_or_null(14, task.reason);
  bind_text_or_null(15, task.phone);
  bind(16, task.attempt);
  bind(17, task.misses);
  bind(18, task.max_attempts);
  bind_text_or_null(19, task.window);
  bind_date(20, task.next_on);
  bind_date(21, task.listed_since);
  bind_date(22, task.sent_on);
  bind_text_or_null(23, task.last_result);
  bind_text_or_null(24, task.last_disposition);
}

std::string task_insert_sql(std::size_t rows) {
  return multi_row_insert(fmt::format("INSERT INTO task ({})", kTaskColumns), kTaskColumnCount,
                          rows);
}

OutcomeRow read_outcome(SQLite::Statement& query) {
  OutcomeRow outcome;
  outcome.task_id = query.getColumn(0).getString();
  outcome.attempt = query.getColumn(1).getInt();
  outcome.result = query.getColumn(2).getString();
  outcome.disposition = column_text(query.getColumn(3));
  outcome.at = column_text(query.getColumn(4));
  outcome.appointment_date = column_date(query.getColumn(5));
  if (!query.getColumn(6).isNull()) outcome.satisfaction = query.getColumn(6).getInt();
  outcome.new_phone = column_text(query.getColumn(7));
  outcome.note = column_text(query.getColumn(8));
  outcome.recorded_on = *column_date(query.getColumn(9));
  outcome.record_id = query.getColumn(10).getInt64();
  outcome.line = static_cast<std::uint64_t>(query.getColumn(11).getInt64());
  return outcome;
}

constexpr const char* kOutcomeColumns =
    "task_id, attempt, result, disposition, at, appointment_date, satisfaction, new_phone, "
    "note, recorded_on, record_id, line";

// The newest night in `evaluation`, for TaskStore and for a reader on its own connection.
std::optional<Date> newest_evaluation(SQLite::Database& db) {
  auto text = scalar_text(db, "SELECT max(as_of) FROM evaluation");
  if (text.empty()) return std::nullopt;
  return Date::parse(text);
}

}  // namespace

struct TaskStore::Statements {
  explicit Statements(SQLite::Database& db)
      : find(db, fmt::format("SELECT {} FROM task WHERE task_id = ?", kTaskColumns)),
        insert(db, task_insert_sql(1)),
        insert_batch(db, task_insert_sql(kTaskBatch)),
        update(db,
               "UPDATE task SET state = ?12, state_on = ?13, reason = ?14, phone = ?15, "
               "attempt = ?16, misses = ?17, max_attempts = ?18, window = ?19, next_on = ?20, "
               "listed_since = ?21, sent_on = ?22, last_result = ?23, last_disposition = ?24 "
               "WHERE task_id = ?1"),
        insert_outcome(db, fmt::format("INSERT INTO outcome ({}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                                       kOutcomeColumns)),
        outcome(db, fmt::format("SELECT {} FROM outcome WHERE task_id = ? AND attempt = ?",
                                kOutcomeColumns)),
        outcomes(db, fmt::format("SELECT {} FROM outcome WHERE task_id = ? ORDER BY attempt",
                                 kOutcomeColumns)) {}
  SQLite::Statement find, insert, insert_batch, update, insert_outcome, outcome,
      outcomes;
};

TaskStore::TaskStore(Database& db)
    : db_(db), statements_(std::make_unique<Statements>(db.sql())) {}
TaskStore::~TaskStore() = default;

void TaskStore::queue_insert(TaskRow task) {
  queued_.push_back(std::move(task));
  if (queued_.size() == kTaskBatch) flush();
}

void TaskStore::flush() {
  if (queued_.size() == kTaskBatch) {
    auto& statement = statements_->insert_batch;
    for (std::size_t r = 0; r < queued_.size(); ++r) {
      bind_task(statement, queued_[r], static_cast<int>(r) * kTaskColumnCount);
    }
    statement.exec();
    statement.reset();
  } else {
    for (const auto& task : queued_) insert(task);
  }
  queued_.clear();
}

std::map<std::pair<std::string, Date>, std::set<std::string>> TaskStore::existing_steps_between(
    const std::string& rule, Date from, Date to) {
  SQLite::Statement query(db_.sql(),
                          "SELECT subject_id, anchor_on, step FROM task "
                          "WHERE rule = ? AND anchor_on BETWEEN ? AND ?");
  query.bind(1, rule);
  query.bind(2, from.iso());
  query.bind(3, to.iso());
  std::map<std::pair<std::string, Date>, std::set<std::string>> existing;
  while (query.executeStep()) {
    existing[{query.getColumn(0).getString(), *Date::parse(query.getColumn(1).getText())}]
        .insert(query.getColumn(2).getString());
  }
  return existing;
}

std::optional<TaskRow> TaskStore::find(const std::string& task_id) {
  auto& query = statements_->find;
  query.bind(1, task_id);
  std::optional<TaskRow> task;
  if (query.executeStep()) task = read_task(query);
  query.reset();
  return task;
}

std::vector<TaskRow> TaskStore::tasks_of(const std::string& subject_kind,
                                         const std::string& subject_id) {
  SQLite::Statement query(db_.sql(),
                          fmt::format("SELECT {} FROM task WHERE subject_kind = ? AND "
                                      "subject_id = ? ORDER BY due_on, rule, step",
                                      kTaskColumns));
  query.bind(1, subject_kind);
  query.bind(2, subject_id);
  std::vector<TaskRow> tasks;
  while (query.executeStep()) tasks.push_back(read_task(query));
  return tasks;
}

std::vector<TaskRow> TaskStore::calls_closed_unreached(const std::string& rule,
                                                       const std::string& step, Date from,
                                                       Date to) {
  SQLite::Statement query(
      db_.sql(), fmt::format("SELECT {} FROM task INDEXED BY task_calls_unreached "
                             "WHERE rule = ?1 AND state_on BETWEEN ?3 AND ?4 AND channel = 'call' "
                             "AND state IN ('unreached', 'expired', 'suppressed') AND step = ?2 "
                             "ORDER BY task_id",
                             kTaskColumns));
  query.bind(1, rule);
  query.bind(2, step);
  query.bind(3, from.iso());
  query.bind(4, to.iso());
  std::vector<TaskRow> tasks;
  while (query.executeStep()) tasks.push_back(read_task(query));
  return tasks;
}

std::vector<TaskRow> TaskStore::pending() {
  // Through the partial index, sorted here: ORDER BY task_id would walk every task's id.
  SQLite::Statement query(db_.sql(),
                          fmt::format("SELECT {} FROM task INDEXED BY task_pending "
                                      "WHERE next_on IS NOT NULL",
                                      kTaskColumns));
  std::vector<TaskRow> tasks;
  while (query.executeStep()) tasks.push_back(read_task(query));
  std::sort(tasks.begin(), tasks.end(),
            [](const TaskRow& a, const TaskRow& b) { return a.task_id < b.task_id; });
  return tasks;
}

void TaskStore::insert(const TaskRow& task) {
  auto& statement = statements_->insert;
  bind_task(statement, task);
  statement.exec();
  statement.reset();
}

void TaskStore::update(const TaskRow& task) {
  auto& statement = statements_->update;
  bind_task(statement, task);
  if (statement.exec() != 1) {
    statement.reset();
    throw InternalError(fmt::format("task {} is not in the database", task.task_id));
  }
  statement.reset();
}

std::map<std::string, int, std::less<>> TaskStore::sms_sent_per_phone(Date from, Date to) {
  SQLite::Statement query(db_.sql(),
                          "SELECT phone, count(*) FROM task WHERE channel = 'sms' AND "
                          "sent_on BETWEEN ? AND ? GROUP BY phone");
  query.bind(1, from.iso());
  query.bind(2, to.iso());
  std::map<std::string, int, std::less<>> counts;
  while (query.executeStep()) {
    counts[column_text(query.getColumn(0))] = query.getColumn(1).getInt();
  }
  return counts;
}

std::map<std::string, std::set<std::string>, std::less<>> TaskStore::suppressions() {
  SQLite::Statement query(db_.sql(), "SELECT phone, channel FROM suppression");
  std::map<std::string, std::set<std::string>, std::less<>> all;
  while (query.executeStep()) {
    all[query.getColumn(0).getString()].insert(query.getColumn(1).getString());
  }
  return all;
}

std::map<std::string, std::set<std::string>, std::less<>> TaskStore::suppressions_on(Date as_of) {
  SQLite::Statement query(db_.sql(), std::string("SELECT phone, channel FROM suppression "
                                                 "UNION ALL ") +
                                         optouts_in_force_sql());
  query.bind(1, as_of.iso());
  std::map<std::string, std::set<std::string>, std::less<>> all;
  while (query.executeStep()) {
    all[query.getColumn(0).getString()].insert(query.getColumn(1).getString());
  }
  return all;
}

std::set<std::string> TaskStore::suppressed_channels(const std::string& phone) {
  SQLite::Statement query(db_.sql(), "SELECT channel FROM suppression WHERE phone = ?1");
  query.bind(1, phone);
  std::set<std::string> channels;
  while (query.executeStep()) channels.insert(query.getColumn(0).getString());
  return channels;
}

void TaskStore::suppress(const std::string& phone, const std::string& channel, Date since,
                         const std::string& reason, const std::string& task_id) {
  // No phone, no suppression: a task whose phone was erased (store/retention.hpp) must not
  // suppress '' for every erased task.
  if (phone.empty()) return;
  SQLite::Statement statement(db_.sql(),
                              "INSERT OR IGNORE INTO suppression (phone, channel, since, reason, "
                              "task_id) VALUES (?,?,?,?,?)");
  statement.bind(1, phone);
  statement.bind(2, channel);
  statement.bind(3, since.iso());
  statement.bind(4, reason);
  bind_text_or_null(statement, 5, task_id);
  statement.exec();
}

std::vector<OutcomeRow> TaskStore::outcomes(const std::string& task_id) {
  auto& query = statements_->outcomes;
  query.bind(1, task_id);
  std::vector<OutcomeRow> rows;
  while (query.executeStep()) rows.push_back(read_outcome(query));
  query.reset();
  return rows;
}

std::optional<OutcomeRow> TaskStore::outcome(const std::string& task_id, int attempt) {
  auto& query = statements_->outcome;
  query.bind(1, task_id);
  query.bind(2, attempt);
  std::optional<OutcomeRow> row;
  if (query.executeStep()) row = read_outcome(query);
  query.reset();
  return row;
}

void TaskStore::insert_outcome(const OutcomeRow& outcome) {
  auto& statement = statements_->insert_outcome;
  statement.bind(1, outcome.task_id);
  statement.bind(2, outcome.attempt);
  statement.bind(3, outcome.result);
  bind_text_or_null(statement, 4, outcome.disposition);
  bind_text_or_null(statement, 5, outcome.at);
  bind_date(statement, 6, outcome.appointment_date);
  if (outcome.satisfaction) statement.bind(7, *outcome.satisfaction);
  else statement.bind(7);
  bind_text_or_null(statement, 8, outcome.new_phone);
  bind_text_or_null(statement, 9, outcome.note);
  statement.bind(10, outcome.recorded_on.iso());
  statement.bind(11, outcome.record_id);
  statement.bind(12, static_cast<std::int64_t>(outcome.line));
  statement.exec();
  statement.reset();
}

std::optional<Date> TaskStore::last_evaluation() { return newest_evaluation(db_.sql()); }

std::optional<std::string> TaskStore::evaluation_summary(Date as_of) {
  SQLite::Statement query(db_.sql(), "SELECT summary FROM evaluation WHERE as_of = ?");
  query.bind(1, as_of.iso());
  if (!query.executeStep()) return std::nullopt;
  return query.getColumn(0).getString();
}

void TaskStore::save_evaluation(Date as_of, const std::string& rules_digest,
                                const std::string& summary,
                                const std::vector<EmittedRow>& rows) {
  SQLite::Statement evaluation(db_.sql(),
                               "INSERT INTO evaluation (as_of, rules_digest, summary) "
                               "VALUES (?,?,?)");
  evaluation.bind(1, as_of.iso());
  evaluation.bind(2, rules_digest);
  evaluation.bind(3, summary);
  evaluation.exec();
  // Each distinct call script once: script_text's id, by text.
  std::map<std::string, std::int64_t, std::less<>> script_ids;
  SQLite::Statement add_script(db_.sql(), "INSERT OR IGNORE INTO script_text (text) VALUES (?)");
  SQLite::Statement find_script(db_.sql(), "SELECT script_id FROM script_text WHERE text = ?");
  auto script_id = [&](const std::string& text) {
    auto found = script_ids.find(text);
    if (found != script_ids.end()) return found->second;
    add_script.bind(1, text);
    add_script.exec();
    add_script.reset();
    find_script.bind(1, text);
    find_script.executeStep();
    std::int64_t id = find_script.getColumn(0).getInt64();
    find_script.reset();
    script_ids.emplace(text, id);
    return id;
  };
  // 64 rows to a statement: a first night emits tens of thousands.
  constexpr std::size_t kRows = 64;
  constexpr int kColumns = 6;
  auto sql = [](std::size_t count) {
    return multi_row_insert(
        "INSERT INTO emitted_row (as_of, file, position, task_id, cells, script_id)", kColumns,
        count);
  };
  SQLite::Statement batch(db_.sql(), sql(kRows));
  SQLite::Statement single(db_.sql(), sql(1));
  std::string day = as_of.iso();
  std::map<std::string, int> positions;
  std::vector<std::string> joined(kRows);
  std::size_t start = 0;
  while (start < rows.size()) {
    std::size_t count = std::min(kRows, rows.size() - start);
    SQLite::Statement& statement = count == kRows ? batch : single;
    std::size_t step = count == kRows ? kRows : 1;
    for (std::size_t r = 0; r < step; ++r) {
      const auto& emitted = rows[start + r];
      int base = static_cast<int>(r) * kColumns;
      bool has_script = emitted.file == "calls" && emitted.cells.size() > kCallScriptCell &&
                        !emitted.cells[kCallScriptCell].empty();
      if (has_script) {
        // The row without its script; script_id gives it back (emitted_rows).
        auto cells = emitted.cells;
        cells[kCallScriptCell].clear();
        joined[r] = join_cells(cells);
        statement.bind(base + 6, script_id(join_cells({emitted.cells[kCallScriptCell]})));
      } else {
        joined[r] = join_cells(emitted.cells);
        statement.bind(base + 6);
      }
      statement.bindNoCopy(base + 1, day);
      statement.bindNoCopy(base + 2, emitted.file);
      statement.bind(base + 3, positions[emitted.file]++);
      if (emitted.task_id.empty()) statement.bind(base + 4);
      else statement.bindNoCopy(base + 4, emitted.task_id);
      statement.bindNoCopy(base + 5, joined[r]);
    }
    statement.exec();
    statement.reset();
    start += step;
  }
}

std::vector<EmittedRow> TaskStore::emitted_rows(Date as_of) {
  SQLite::Statement query(db_.sql(),
                          "SELECT e.file, e.task_id, e.cells, s.text FROM emitted_row e "
                          "LEFT JOIN script_text s ON s.script_id = e.script_id "
                          "WHERE e.as_of = ? ORDER BY e.file, e.position");
  query.bind(1, as_of.iso());
  std::vector<EmittedRow> rows;
  while (query.executeStep()) {
    EmittedRow row{query.getColumn(0).getString(), column_text(query.getColumn(1)),
                   split_cells(query.getColumn(2).getString())};
    if (!query.getColumn(3).isNull() && row.cells.size() > kCallScriptCell) {
      row.cells[kCallScriptCell] = query.getColumn(3).getString();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::int64_t TaskStore::prune_emitted_rows(Date before, Date night) {
  // The key starts with as_of: a range of the table's first pages.
  SQLite::Statement rows(db_.sql(), "DELETE FROM emitted_row WHERE as_of < ?");
  rows.bind(1, before.iso());
  std::int64_t deleted = rows.exec();
  SQLite::Statement evaluations(db_.sql(),
                                "UPDATE evaluation SET rows_pruned_on = ?, summary = '' "
                                "WHERE as_of < ? AND rows_pruned_on IS NULL");
  evaluations.bind(1, night.iso());
  evaluations.bind(2, before.iso());
  evaluations.exec();
  return deleted;
}

std::optional<Date> TaskStore::rows_pruned_on(Date as_of) {
  SQLite::Statement query(db_.sql(), "SELECT rows_pruned_on FROM evaluation WHERE as_of = ?");
  query.bind(1, as_of.iso());
  if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
  return Date::parse(query.getColumn(0).getString());
}

std::string join_cells(const std::vector<std::string>& cells) {
  std::string joined;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) joined += '\x1f';
    for (char c : cells[i]) joined += c == '\x1f' ? ' ' : c;
  }
  return joined;
}

std::vector<std::string> split_cells(const std::string& joined) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (;;) {
    auto end = joined.find('\x1f', start);
    if (end == std::string::npos) {
      cells.push_back(joined.substr(start));
      return cells;
    }
    cells.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
}

std::optional<Date> last_evaluated_night(const std::filesystem::path& db_path) {
  try {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    db.setBusyTimeout(10000);
    if (!db.tableExists("evaluation")) return std::nullopt;
    return newest_evaluation(db);
  } catch (const SQLite::Exception& failure) {
    throw InternalError(fmt::format("{}: {}", db_path.string(), failure.what()));
  }
}

}  // namespace ownercare::store
