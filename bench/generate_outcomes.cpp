// ownercare-bench-generate-outcomes: the call centre's answers to one night's calls.csv, for
// scripts/bench-year (a year of nights records an outcome for every call, as a real call
// centre would).
//
// Every row of calls.csv gets one outcome line, drawn from the task id, the try and --seed (so
// the same file always gives the same answers): about 55% reached (fleet: relist, wait, never,
// callback in 3 days, do_not_call; other subjects: satisfied, unsatisfied, appointment), the
// rest no_answer, busy, voicemail, refused, invalid_number or not_found. `at` is the night's
// date (--date) at a time inside the call's window. The input is read as ownercare writes it
// (UTF-8, an optional BOM, RFC 4180 quoting); the output is UTF-8 with ownercare's outcome
// column names.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/random.hpp"
#include "ownercare/core/date.hpp"

namespace {

using ownercare::Date;
using ownercare::bench::Random;

// RFC 4180 records of `text` (no BOM).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

std::uint64_t hash_text(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return hash;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ownercare-bench-generate-outcomes: an outcome for every row of a calls.csv"};
  std::string calls;
  std::string out;
  std::string date_text;
  std::uint64_t seed = 20260310;
  app.add_option("--calls", calls, "the night's calls.csv")->required();
  app.add_option("--date", date_text, "the night the calls were made (YYYY-MM-DD)")->required();
  app.add_option("--out", out, "the outcome file to write")->required();
  app.add_option("--seed", seed, "random seed (default 20260310)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  auto date = Date::parse(date_text);
  if (!date) {
    std::cerr << "ownercare-bench-generate-outcomes: error: --date is not a date\n";
    return 2;
  }
  try {
    std::ifstream input(calls, std::ios::binary);
    if (!input) throw std::runtime_error("cannot read " + calls);
    std::string text((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    auto records = parse_csv(text);
    if (records.empty()) throw std::runtime_error(calls + ": no header");
    const auto& header = records.front();
    auto column = [&](const std::string& name) {
      for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) return i;
      }
      throw std::runtime_error(calls + ": no column " + name);
    };
    std::size_t task_id = column("task_id");
    std::size_t kind = column("subject_kind");
    std::size_t attempt = column("attempt");
    std::size_t window = column("window");

    std::ostringstream file;
    file << "task_id,result,disposition,at,callback_date\n";
    std::size_t lines = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
      const auto& row = records[r];
      if (row.size() <= window) continue;
      Random random(seed ^ hash_text(row[attempt]), hash_text(row[task_id]));
      // A minute inside the window's first hour ("09:00-11:30" -> 09:00 .. 09:59).
      std::string at = fmt::format("{} {}:{:02}", date->iso(), row[window].substr(0, 2),
                                   random.below(60));
      std::string result, disposition, callback;
      std::uint32_t pick = random.below(100);
      if (pick < 55) {
        result = "reached";
        std::uint32_t answer = random.below(100);
        if (row[kind] == "fleet") {
          disposition = answer < 40   ? "relist"
                        : answer < 75 ? "wait"
                        : answer < 83 ? "never"
                        : answer < 95 ? "callback"
                                      : "do_not_call";
          if (disposition == "callback") callback = date->plus_days(3).iso();
        } else {
          disposition = answer < 80 ? "satisfied" : answer < 90 ? "unsatisfied" : "appointment";
          if (disposition == "appointment") callback = date->plus_days(7).iso();
        }
      } else if (pick < 80) {
        result = "no_answer";
      } else if (pick < 88) {
        result = "busy";
      } else if (pick < 92) {
        result = "voicemail";
      } else if (pick < 96) {
        result = "refused";
      } else if (pick < 98) {
        result = "invalid_number";
      } else {
        result = "not_found";
      }
      file << row[task_id] << ',' << result << ',' << disposition << ',' << at << ','
           << callback << '\n';
      ++lines;
    }
    std::ofstream output(out, std::ios::binary);
    output << file.str();
    output.flush();
    if (!output) throw std::runtime_error("cannot write " + out);
    std::cout << fmt::format("ownercare-bench-generate-outcomes: {}: {} outcomes\n", out, lines);
  } catch (const std::exception& error) {
    std::cerr << "ownercare-bench-generate-outcomes: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
