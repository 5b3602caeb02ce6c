#include "crash/crash_world.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "cli/cli_support.hpp"
#include "crash/tool_process.hpp"

namespace ownercare::test {

namespace fs = std::filesystem;

namespace {

void generate(const fs::path& inputs, const std::string& generator,
              const std::vector<std::string>& args) {
  auto run = run_tool(inputs, tool_path(generator), args, inputs / "logs");
  if (run.exit_code != 0) {
    throw std::runtime_error(fmt::format("{} failed ({}): {}", generator, run.exit_code, run.err));
  }
}

// The rows of a CSV file as maps from column name to cell.
std::vector<std::vector<std::pair<std::string, std::string>>> csv_rows(const fs::path& file) {
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
  if (!fs::exists(file)) return rows;
  auto records = read_csv(file);
  if (records.empty()) return rows;
  const auto& header = records.front();
  for (std::size_t i = 1; i < records.size(); ++i) {
    auto& row = rows.emplace_back();
    for (std::size_t j = 0; j < header.size() && j < records[i].size(); ++j) {
      row.emplace_back(header[j], records[i][j]);
    }
  }
  return rows;
}

std::string cell(const std::vector<std::pair<std::string, std::string>>& row,
                 const std::string& column) {
  for (const auto& [name, value] : row) {
    if (name == column) return value;
  }
  throw std::runtime_error("no column " + column);
}

// What the call centre answered, in turn, for fleet and for dealer calls: every kind of result,
// the dispositions that change what the night after does (delist, marks, callbacks, do-not-call,
// sold vehicles, appointments), and calls left without an outcome.
struct Answer {
  const char* result;
  const char* disposition;
  int date_in_days;  // callback or appointment date, from the recording night; 0: none
};
constexpr std::array<Answer, 9> kFleetAnswers = {{{"no_answer", "", 0},
                                                  {"reached", "wait", 0},
                                                  {"busy", "", 0},
                                                  {"reached", "never", 0},
                                                  {"", "", 0},
                                                  {"reached", "relist", 0},
                                                  {"voicemail", "", 0},
                                                  {"reached", "callback", 2},
                                                  {"refused", "", 0}}};
constexpr std::array<Answer, 10> kDealerAnswers = {{{"reached", "satisfied", 0},
                                                    {"no_answer", "", 0},
                                                    {"reached", "unsatisfied", 0},
                                                    {"reached", "appointment", 7},
                                                    {"", "", 0},
                                                    {"busy", "", 0},
                                                    {"reached", "complaint", 0},
                                                    {"invalid_number", "", 0},
                                                    {"reached", "do_not_call", 0},
                                                    {"reached", "sold_vehicle", 0}}};

}  // namespace

CrashWorld::CrashWorld(fs::path inputs) : inputs_(std::move(inputs)), first_night_(2026, 3, 10) {
  fs::create_directories(inputs_ / "logs");
  for (int n = 1; n <= kNights; ++n) {
    generate(inputs_, "ownercare-bench-generate",
             {"--vehicles", std::to_string(kFleetVehicles), "--night", std::to_string(n),
              "--as-of", first_night_.iso(), "--out", "fleet-" + night(n).iso() + ".csv"});
  }
  generate(inputs_, "ownercare-bench-generate-dealer",
           {"--vehicles", std::to_string(kDealerVehicles), "--orders",
            std::to_string(kOrdersPerNight), "--nights", std::to_string(kNights), "--as-of",
            first_night_.iso(), "--out", "."});
}

std::vector<Step> CrashWorld::steps(int n) const {
  std::string date = night(n).iso();
  auto input = [&](const std::string& prefix) {
    return (inputs_ / (prefix + "-" + date + ".csv")).string();
  };
  auto import = [&](const std::string& kind) {
    Step step{date + " import " + kind, "import " + kind, "ownercare-import",
              {"--db", "ownercare.db", "--kind", kind, "--as-of", date}};
    // The first night of a new installation sends day-0 messages to every vehicle not rentable;
    // this fleet is made to, so a first-night stop must not refuse it.
    if (kind == "fleet" && n == 1) step.args.emplace_back("--force");
    step.args.push_back(input(kind));
    return step;
  };
  std::vector<Step> steps = {import("fleet"), import("sales"), import("service")};
  if (n > 1) {
    steps.push_back({date + " record", "record", "ownercare-record",
                     {"--db", "ownercare.db", "--as-of", date, input("outcomes")}});
  }
  steps.push_back({date + " evaluate", "evaluate", "ownercare-evaluate",
                   {"--db", "ownercare.db", "--rules", (source_dir() / "rules").string(),
                    "--as-of", date, "--out", "out"}});
  return steps;
}

void CrashWorld::write_outcomes(int n, const fs::path& out) const {
  auto folder = out / night(n).iso();
  auto recorded = night(n + 1);
  std::string at = night(n).iso() + " 15:00";
  std::string text =
      "task_id,result,disposition,at,callback_date,appointment_date,satisfaction,note\n";
  auto line = [&](const std::string& task_id, const Answer& answer, const std::string& note) {
    if (answer.result[0] == '\0') return;
    std::string date =
        answer.date_in_days == 0 ? "" : recorded.plus_days(answer.date_in_days).iso();
    bool callback = std::string_view(answer.disposition) == "callback";
    std::string satisfaction = std::string_view(answer.disposition) == "satisfied"     ? "5"
                               : std::string_view(answer.disposition) == "unsatisfied" ? "2"
                                                                                       : "";
    text += fmt::format("{},{},{},{},{},{},{},{}\n", task_id, answer.result, answer.disposition,
                        at, callback ? date : "", callback ? "" : date, satisfaction, note);
  };

  std::size_t index = 0;
  for (const auto& row : csv_rows(folder / "calls.csv")) {
    ++index;
    if (cell(row, "subject_kind") == "fleet") {
      line(cell(row, "task_id"), kFleetAnswers[index % kFleetAnswers.size()], "");
    } else {
      line(cell(row, "task_id"), kDealerAnswers[index % kDealerAnswers.size()], "问题已记录");
    }
  }
  index = 0;
  for (const auto& row : csv_rows(folder / "sms.csv")) {
    ++index;
    if (index % 37 == 0) line(cell(row, "task_id"), {"delivered", "do_not_call", 0}, "退订");
    else if (index % 11 == 0) line(cell(row, "task_id"), {"failed", "", 0}, "");
    else if (index % 3 == 0) line(cell(row, "task_id"), {"delivered", "", 0}, "");
  }
  index = 0;
  for (const auto& row : csv_rows(folder / "handoff.csv")) {
    if (++index % 2 == 0) line(cell(row, "task_id"), {"done", "", 0}, "已电话了解");
  }
  write_text(inputs_ / ("outcomes-" + recorded.iso() + ".csv"), text);
}

}  // namespace ownercare::test
