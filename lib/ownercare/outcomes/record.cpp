#include "ownercare/outcomes/record.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/phone.hpp"
#include "ownercare/core/sha256.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/ingest/input_header.hpp"
#include "ownercare/ingest/rejects.hpp"
#include "ownercare/ingest/share_limit.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/rules/vocabulary.hpp"
#include "ownercare/engine/subject.hpp"
#include "ownercare/store/dealer_queries.hpp"
#include "ownercare/store/fleet_queries.hpp"
#include "ownercare/store/record_log.hpp"
#include "ownercare/store/task_store.hpp"

namespace ownercare::outcomes {

namespace {

enum Column : std::size_t {
  task_id,
  result,
  disposition,
  at,
  appointment_date,
  callback_date,
  satisfaction,
  new_phone,
  note,
  attempt,
};

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

const std::vector<std::string>& results_for(const std::string& channel) {
  static const std::vector<std::string> sms = {"delivered", "failed"};
  static const std::vector<std::string> call = {"reached",  "no_answer",      "busy",
                                                "voicemail", "refused", "invalid_number",
                                                "not_found"};
  static const std::vector<std::string> handoff = {"done"};
  if (channel == "sms") return sms;
  if (channel == "call") return call;
  return handoff;
}

std::string join(const std::vector<std::string>& list) {
  std::string text;
  for (const auto& item : list) text += (text.empty() ? "" : ", ") + item;
  return text;
}

rules::SubjectKind subject_kind_of(const std::string& name) {
  if (name == "vehicle") return rules::SubjectKind::vehicle;
  if (name == "order") return rules::SubjectKind::order;
  if (name == "member") return rules::SubjectKind::member;
  return rules::SubjectKind::fleet;
}

bool same_outcome(const store::OutcomeRow& a, const store::OutcomeRow& b) {
  return a.result == b.result && a.disposition == b.disposition && a.at == b.at &&
         a.appointment_date == b.appointment_date && a.satisfaction == b.satisfaction &&
         a.new_phone == b.new_phone && a.note == b.note;
}

class Recorder {
 public:
  Recorder(store::Database& db, const RecordOptions& options, ingest::Rejects& rejects,
           RecordReport& report)
      : options_(options),
        rejects_(rejects),
        report_(report),
        tasks_(db),
        fleet_(db),
        dealer_(db) {}

  void line(const csv::Record& record, const csv::HeaderMap& header, std::int64_t record_id) {
    record_ = &record;
    header_ = &header;
    auto id = text(Column::task_id);
    if (id.empty()) return reject(Column::task_id, "is empty");
    if (auto problem = header.check_row(record)) {
      rejects_.add(record, *problem, outcome_columns());
      return;
    }
    auto found = tasks_.find(std::string(id));
    if (!found) return reject(Column::task_id, fmt::format("unknown task id \"{}\"", id));
    store::TaskRow task = *found;
    if (task.attempt == 0 || !task.sent_on) {
      return reject(Column::task_id,
                    fmt::format("task {} was never sent (it is {})", task.task_id, task.state));
    }

    store::OutcomeRow outcome;
    outcome.task_id = task.task_id;
    outcome.recorded_on = options_.as_of;
    outcome.record_id = record_id;
    outcome.line = record.line;
    LineOutcome words;
    if (auto problem = read_outcome_cells({text(Column::result), text(Column::disposition)},
                                          task.channel, options_.value_map, words)) {
      return reject(problem->in_disposition ? Column::disposition : Column::result,
                    std::move(problem->reason));
    }
    outcome.result = words.result;
    outcome.disposition = words.disposition;
    // A disposition read from the result cell is reported there.
    const Column disposition_column =
        words.disposition_in_result_cell ? Column::result : Column::disposition;
    if (!contains(results_for(task.channel), outcome.result)) {
      return reject(Column::result,
                    fmt::format("{} is not a result of a {} task (use {})",
                                as_written(Column::result, outcome.result), task.channel,
                                join(results_for(task.channel))));
    }
    if (!outcome.disposition.empty()) {
      if (task.channel == "sms") {
        if (outcome.disposition != "do_not_call" || outcome.result != "delivered") {
          return reject(disposition_column,
                        "an SMS outcome takes only do_not_call (the customer opted out), with "
                        "delivered");
        }
      } else {
        if (outcome.result != "reached" && outcome.result != "done") {
          return reject(disposition_column,
                        fmt::format("a disposition needs result reached (or done for a "
                                    "hand-off), not {}",
                                    outcome.result));
        }
        const auto& allowed = rules::dispositions(subject_kind_of(task.subject_kind));
        if (!contains(allowed, outcome.disposition)) {
          return reject(disposition_column,
                        fmt::format("{} does not apply to {} tasks (use {})",
                                    as_written(disposition_column, outcome.disposition),
                                    task.subject_kind, join(allowed)));
        }
      }
    }
    std::optional<DateTime> when;
    if (auto at_text = text(Column::at); !at_text.empty()) {
      // Call-centre exports write times as spreadsheets do (an Excel number, 2026年3月1日 9:30).
      when = parse_cell_datetime(at_text);
      if (!when) return reject(Column::at, fmt::format("\"{}\" is not a date-time", at_text));
      if (when->date > options_.as_of) {
        return reject(Column::at, fmt::format("{} is after the recording date {}",
                                              when->text(), options_.as_of.iso()));
      }
      outcome.at = when->text();
    }
    for (Column column : {Column::appointment_date, Column::callback_date}) {
      if (auto date_text = text(column); !date_text.empty()) {
        auto date = parse_cell_date(date_text);
        if (!date) return reject(column, cell_date_problem(date_text));
        outcome.appointment_date = date;
      }
    }
    // A date agreed on the call cannot come before the call (its `at`, else the day the task
    // was first listed). One already past when the file is recorded is fine: the file may come
    // after missed nights, and a callback then is due at once.
    std::optional<Date> called_on = when ? std::optional(when->date) : task.sent_on;
    if (outcome.disposition == "callback") {
      if (!outcome.appointment_date) {
        return reject(disposition_column,
                      "callback needs the date to call again (callback_date or "
                      "appointment_date)");
      }
      if (called_on && *outcome.appointment_date < *called_on) {
        return reject(disposition_column,
                      fmt::format("the callback date {} is before the call ({})",
                                  outcome.appointment_date->iso(), called_on->iso()));
      }
    }
    if (outcome.disposition == "appointment") {
      if (!outcome.appointment_date) {
        return reject(disposition_column, "appointment needs appointment_date (the day booked)");
      }
      if (called_on && *outcome.appointment_date < *called_on) {
        return reject(Column::appointment_date,
                      fmt::format("the appointment {} is before the call ({})",
                                  outcome.appointment_date->iso(), called_on->iso()));
      }
    }
    if (auto score = text(Column::satisfaction); !score.empty()) {
      auto value = parse_integer(score);
      if (!value || *value < 1 || *value > 5) {
        return reject(Column::satisfaction, fmt::format("\"{}\" is not from 1 to 5", score));
      }
      outcome.satisfaction = static_cast<int>(*value);
    }
    if (auto phone_text = text(Column::new_phone); !phone_text.empty()) {
      auto phone = normalise_phone(phone_text);
      if (!phone.callable()) {
        return reject(Column::new_phone, fmt::format("\"{}\" is not a phone number", phone_text));
      }
      outcome.new_phone = phone.number;
    }
    if (outcome.disposition == "wrong_info" && outcome.new_phone.empty()) {
      return reject(disposition_column,
                    "wrong_info needs new_phone (the customer's correct number)");
    }
    outcome.note = std::string(text(Column::note));
    replace_controls_keep_lines(outcome.note);

    // Which try the outcome is for: the attempt column, else the last try listed on or
    // before the day of `at`, else the last try listed.
    outcome.attempt = task.attempt;
    if (auto attempt_text = text(Column::attempt); !attempt_text.empty()) {
      auto value = parse_integer(attempt_text);
      if (!value || *value < 1 || *value > task.attempt) {
        return reject(Column::attempt,
                      fmt::format("\"{}\" is not a try of this task (it has had {})",
                                  attempt_text, task.attempt));
      }
      outcome.attempt = static_cast<int>(*value);
    } else if (when && task.channel == "call" && task.listed_since &&
               when->date < *task.listed_since && task.attempt > 1) {
      outcome.attempt = task.attempt - 1;
    }

    auto key = std::make_pair(task.task_id, outcome.attempt);
    if (auto earlier = in_this_file_.find(key); earlier != in_this_file_.end()) {
      if (same_outcome(earlier->second, outcome)) {
        ++report_.repeated;
        return;
      }
      return reject(Column::result, fmt::format("conflicts with line {} for the same try {} of "
                                                "task {}",
                                                earlier->second.line, outcome.attempt,
                                                task.task_id));
    }
    if (auto stored = tasks_.outcome(task.task_id, outcome.attempt)) {
      if (same_outcome(*stored, outcome)) {
        ++report_.repeated;
        return;
      }
      return reject(Column::result,
                    fmt::format("try {} of task {} already has the outcome {}{} (recorded on {})",
                                outcome.attempt, task.task_id, stored->result,
                                stored->disposition.empty() ? "" : "/" + stored->disposition,
                                stored->recorded_on.iso()));
    }
    in_this_file_.emplace(key, outcome);
    tasks_.insert_outcome(outcome);
    apply(task, outcome, when);
    ++report_.applied;
  }

 private:
  std::string_view text(Column column) const {
    return trim(header_->field(*record_, column));
  }

  // `value` quoted as the cell wrote it, with ownercare's name after a word or code:
  // "满意" (satisfied).
  std::string as_written(Column column, const std::string& value) const {
    auto written = text(column);
    if (ascii_lower(written) == value) return fmt::format("\"{}\"", value);
    return fmt::format("\"{}\" ({})", written, value);
  }

  void reject(Column column, std::string reason) {
    auto position = header_->position(column);
    rejects_.add(*record_, position ? *position + 1 : 0, outcome_columns()[column].name,
                 std::string(text(column)), std::move(reason));
  }

  void apply(store::TaskRow& task, const store::OutcomeRow& outcome,
             const std::optional<DateTime>& when) {
    Date on = when ? when->date : options_.as_of;
    // Dispositions act whatever state the task is in: an owner who says "never" is delisted
    // even if the call came after the episode closed.
    const auto& disposition = outcome.disposition;
    std::optional<engine::Subject> subject;
    if (task.subject_kind != "fleet") {
      subject = engine::load_subject(dealer_, subject_kind_of(task.subject_kind), task.subject_id);
    }
    if (disposition == "do_not_call" && task.channel != "sms" && subject) {
      // The customer asked not to be called: every phone of theirs, not only the one dialled.
      for (const auto& phone : subject->phones) {
        if (phone.kind == "mobile" || phone.kind == "landline") {
          tasks_.suppress(phone.number, "call", on, "do_not_call", task.task_id);
        }
      }
      ++report_.do_not_call;
    } else if (disposition == "do_not_call") {
      tasks_.suppress(task.phone, task.channel == "sms" ? "sms" : "call", on,
                      task.channel == "sms" ? "opt_out" : "do_not_call", task.task_id);
      ++report_.do_not_call;
    } else if (disposition == "wrong_info" && subject) {
      // The phone belongs to the vehicle's owner or the member, whatever the task is about.
      auto phone = normalise_phone(outcome.new_phone);
      if (subject->member && !subject->vehicle) {
        dealer_.correct_mobile("member", subject->member->member_id, phone.number,
                               phone_kind_name(phone.kind), on, task.task_id);
      } else if (subject->vehicle) {
        dealer_.correct_mobile("vehicle", subject->vehicle->vin, phone.number,
                               phone_kind_name(phone.kind), on, task.task_id);
      }
    } else if (disposition == "sold_vehicle" && subject && subject->vehicle) {
      dealer_.mark_sold(subject->vehicle->vin, on, task.task_id);
    } else if (disposition == "never" && task.subject_kind == "fleet") {
      fleet_.delist(task.subject_id, on, "车主表示永远不再出租（" + task.task_id + "）",
                    task.task_id);
      ++report_.delisted;
    } else if ((disposition == "wait" || disposition == "relist") &&
               task.subject_kind == "fleet") {
      fleet_.set_mark(task.subject_id, disposition, on);
    }
    if (outcome.result == "invalid_number" && !task.phone.empty()) {
      tasks_.suppress(task.phone, "all", on, "invalid_number", task.task_id);
    }
    task.last_result = outcome.result;
    task.last_disposition = disposition;

    // The task's own state moves only for its current try, and only while it is open.
    bool open = task.state == "listed" || task.state == "sent" || task.state == "retry";
    if (!open || outcome.attempt != task.attempt) {
      tasks_.update(task);
      return;
    }
    task.state_on = options_.as_of;
    task.next_on.reset();
    const auto& result = outcome.result;
    if (task.channel == "sms") {
      task.state = result;  // delivered | failed
    } else if (task.channel == "handoff") {
      task.state = "done";
    } else if (result == "reached") {
      if (disposition == "callback") {
        task.state = "retry";
        task.reason = "callback on " + outcome.appointment_date->iso();
        // A date already past (the file came after missed nights): due at once.
        task.next_on = std::max(*outcome.appointment_date, options_.as_of);
        ++report_.retries;
      } else if (disposition == "driving") {
        task.state = "retry";
        task.reason = "customer was driving";
        task.next_on = options_.as_of;
        ++report_.retries;
      } else {
        task.state = "done";
        task.reason.clear();
      }
    } else if (result == "no_answer" || result == "busy" || result == "voicemail") {
      task.misses += 1;
      if (task.misses >= task.max_attempts) {
        task.state = "unreached";
        task.reason = fmt::format("{} after {} tries", result, task.misses);
      } else {
        task.state = "retry";
        task.reason = result;
        task.next_on = options_.as_of;
        ++report_.retries;
      }
    } else if (result == "invalid_number" && subject && has_other_phone(*subject, task.phone)) {
      // The customer has another phone: the next try goes to it, and this one is no miss.
      task.state = "retry";
      task.reason = "invalid number: next phone";
      task.next_on = options_.as_of;
      ++report_.retries;
    } else {
      // refused, not_found, or invalid_number on the last phone: the call ends unreached.
      task.state = "unreached";
      task.reason = result;
    }
    tasks_.update(task);
  }

  // Whether the subject has a phone to call other than `dialled` (and not marked invalid).
  bool has_other_phone(const engine::Subject& subject, const std::string& dialled) {
    for (const auto& phone : subject.phones) {
      if (phone.number == dialled) continue;
      if (phone.kind != "mobile" && phone.kind != "landline") continue;
      auto channels = tasks_.suppressed_channels(phone.number);
      if (channels.count("all") || channels.count("call")) continue;
      return true;
    }
    return false;
  }

  const RecordOptions& options_;
  ingest::Rejects& rejects_;
  RecordReport& report_;
  store::TaskStore tasks_;
  store::FleetQueries fleet_;
  store::DealerQueries dealer_;
  const csv::Record* record_ = nullptr;
  const csv::HeaderMap* header_ = nullptr;
  std::map<std::pair<std::string, int>, store::OutcomeRow> in_this_file_;
};

}  // namespace

// Header names as call centres, dialers and SMS platforms write them; README "Outcomes" lists
// them. A site's other names go in a column map (--columns).
const std::vector<csv::ColumnSpec>& outcome_columns() {
  static const std::vector<csv::ColumnSpec> columns = {
      {"task_id", {"任务ID", "任务编号", "任务号", "任务编码"}, true},
      {"result",
       {"结果", "外呼结果", "发送结果", "通话结果", "呼叫结果", "拨打结果", "回访结果",
        "发送状态", "接通情况"},
       true},
      {"disposition", {"处理结果", "客户意向", "处置", "客户反馈", "回访结论", "意向"}, false},
      {"at",
       {"时间", "外呼时间", "发送时间", "回访时间", "拨打时间", "呼叫时间", "通话时间",
        "通话开始时间"},
       false},
      {"appointment_date", {"预约日期", "预约时间", "预约到店日期"}, false},
      {"callback_date", {"回拨日期", "回拨时间", "再次联系日期", "下次联系日期", "下次回访日期"},
       false},
      {"satisfaction", {"满意度", "满意度评分", "评分"}, false},
      {"new_phone", {"新电话", "新号码", "新手机号", "正确号码"}, false},
      {"note", {"备注", "通话备注", "回访备注", "说明"}, false},
      {"attempt", {"次数", "第几次"}, false},
  };
  return columns;
}

namespace {
// Outcome files are a night's calls and SMS: tens of megabytes at most. Anything far larger is
// not an outcome file (a wrong path, /dev/zero) and is refused before it fills the memory.
constexpr std::size_t kMaxOutcomeFileBytes = std::size_t{256} << 20;
}  // namespace

RecordReport record_outcomes(store::Database& db, const RecordOptions& options) {
  RecordReport report;
  // Outcome files are small: read whole, so the file's digest can tell a repeat.
  std::string bytes;
  if (options.file == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    bytes = buffer.str();
    report.file_name = "<stdin>";
  } else {
    bytes = read_file(options.file, kMaxOutcomeFileBytes);
    report.file_name = options.file.string();
  }
  std::string digest = sha256_hex(bytes);
  if (store::file_recorded(db, options.as_of, digest)) {
    report.same_file_again = true;
    return report;
  }
  for (Date night : store::nights_file_recorded(db, digest)) {
    report.warnings.push_back(fmt::format(
        "warning: {}: a file with exactly these bytes was recorded for {}; its lines are "
        "applied again for {} (lines without attempt or at go to each call's latest try)",
        report.file_name, night.iso(), options.as_of.iso()));
  }
  std::istringstream stream(bytes);
  csv::Reader reader(stream, report.file_name, csv::ReaderOptions{options.encoding});
  auto input = ingest::read_input_header(reader, outcome_columns(), options.column_map);
  if (input.warning) report.warnings.push_back(*input.warning);
  const auto& header = input.map;
  const auto& header_cells = input.cells;

  store::Transaction transaction(db);
  std::int64_t record_id = store::insert_record_log(db, {options.as_of, report.file_name,
                                                         digest, 0, 0, 0, 0});
  ingest::Rejects rejects(report.file_name);
  Recorder recorder(db, options, rejects, report);
  csv::Record record;
  while (reader.next(record)) {
    ++report.lines_read;
    recorder.line(record, header, record_id);
  }
  report.rejected = static_cast<std::int64_t>(rejects.size());
  if (!rejects.empty()) {
    report.rejects_file = options.rejects_file
                              ? *options.rejects_file
                              : ingest::default_rejects_path(options.file, "outcomes",
                                                             options.as_of.iso());
    rejects.write(*report.rejects_file, header_cells, options.bom);
    report.reject_messages = rejects.messages(20);
  }
  if (ingest::more_than_share(static_cast<std::uint64_t>(report.rejected),
                              static_cast<std::uint64_t>(report.lines_read),
                              options.max_invalid_share)) {
    std::vector<std::string> messages = report.reject_messages;
    messages.push_back(fmt::format("{}: refused: {} of {} lines are invalid, more than {:.0f}%; "
                                   "nothing was recorded (see {})",
                                   report.file_name, report.rejected, report.lines_read,
                                   options.max_invalid_share * 100,
                                   report.rejects_file->string()));
    throw InputError(messages);
  }
  store::update_record_log(db, record_id,
                           {options.as_of, report.file_name, digest, report.lines_read,
                            report.applied, report.repeated, report.rejected});
  transaction.commit();
  return report;
}

}  // namespace ownercare::outcomes
