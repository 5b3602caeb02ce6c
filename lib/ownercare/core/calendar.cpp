// The public-holiday calendar: loading rules/holidays.toml and answering "is this a day off"
// and "which holidays start in this range".
//
// The file lists only the exceptions to the working week: statutory days off and adjusted
// working days (weekends worked in exchange). Every other weekend day is off and every other
// weekday is a working day. A holiday is a run of listed days off with the same name; the run
// also bridges unlisted weekend days, so a source that listed Friday and Monday of one holiday
// still yields one holiday and not two.
//
// The years after the last official notice are estimated (scripts/update-holidays): the file's
// estimated_from says where, and every day listed from there on carries estimated = true, so
// neither a hand edit nor a half-updated file can mix official and estimated days unnoticed.
#include "ownercare/core/calendar.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "ownercare/core/errors.hpp"
#include "ownercare/core/files.hpp"
#include "ownercare/core/text.hpp"
#include "ownercare/core/toml_text.hpp"

namespace ownercare {

namespace {

constexpr std::array<std::string_view, 5> kTopKeys = {"source", "covered_from", "covered_until",
                                                      "estimated_from", "day"};
constexpr std::array<std::string_view, 4> kDayKeys = {"date", "name", "off", "estimated"};

template <std::size_t N>
bool is_one_of(std::string_view key, const std::array<std::string_view, N>& keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

template <std::size_t N>
std::string key_list(const std::array<std::string_view, N>& keys) {
  std::string list;
  for (std::string_view key : keys) {
    if (!list.empty()) list += ", ";
    list += key;
  }
  return list;
}

Date to_date(const toml::date& date) { return Date(date.year, date.month, date.day); }

// Collects every problem of one file, each located at the node it is about.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void at(const toml::source_region& where, const std::string& what) {
    messages_.push_back(located(file_, where.begin.line, where.begin.column, what));
  }
  void in_file(const std::string& what) { messages_.push_back(located(file_, 0, 0, what)); }
  void throw_if_any() const {
    if (!messages_.empty()) throw UsageError(messages_);
  }

 private:
  std::string file_;
  std::vector<std::string> messages_;
};

std::optional<Date> read_date(const toml::table& table, std::string_view key,
                              const toml::source_region& table_source, Problems& problems,
                              const std::string& prefix) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    problems.at(table_source, prefix + std::string(key) + " is missing");
    return std::nullopt;
  }
  const auto* date = node->as_date();
  if (date == nullptr) {
    problems.at(node->source(),
                prefix + std::string(key) + " must be a date like 2026-10-01 (without quotes)");
    return std::nullopt;
  }
  return to_date(date->get());
}

struct LocatedDay {
  Calendar::Day day;
  toml::source_region source;
  bool estimated_valid = true;  // false: `estimated` is not a boolean (reported already)
};

}  // namespace

Calendar::Calendar(std::vector<Day> days, Date covered_from, Date covered_until,
                   std::optional<Date> estimated_from)
    : days_(std::move(days)),
      covered_from_(covered_from),
      covered_until_(covered_until),
      estimated_from_(estimated_from) {
  std::stable_sort(days_.begin(), days_.end(),
                   [](const Day& a, const Day& b) { return a.date < b.date; });
  for (const Day& day : days_) {
    if (!day.off) continue;
    if (!holidays_.empty()) {
      Holiday& last = holidays_.back();
      bool bridged = true;
      for (Date between = last.last_off.plus_days(1); between < day.date;
           between = between.plus_days(1)) {
        if (!is_off_day(between)) {
          bridged = false;
          break;
        }
      }
      if (last.name == day.name && bridged) {
        last.last_off = day.date;
        last.estimated = last.estimated || day.estimated;
        continue;
      }
    }
    holidays_.push_back(Holiday{day.name, day.date, day.date, day.estimated});
  }
}

Calendar Calendar::load(const std::filesystem::path& file) {
  const std::string file_name = file.string();
  std::string text;
  try {
    text = read_file(file);
  } catch (const InputError& error) {
    throw UsageError(error.what());
  }
  toml::table root = parse_toml(text, file_name);

  Problems problems(file_name);
  const toml::source_region file_start{};  // line 0: the message names the file only
  for (const auto& [key, node] : root) {
    if (!is_one_of(key.str(), kTopKeys)) {
      problems.at(key.source(), "unknown key \"" + std::string(key.str()) + "\" (expected " +
                                    key_list(kTopKeys) + ")");
    }
  }
  if (const toml::node* source = root.get("source"); source != nullptr && !source->is_string())
    problems.at(source->source(), "source must be a string");
  auto covered_from = read_date(root, "covered_from", file_start, problems, "");
  auto covered_until = read_date(root, "covered_until", file_start, problems, "");
  if (covered_from && covered_until && *covered_until < *covered_from) {
    problems.at(
        root.get("covered_until")->source(),
        "covered_until " + covered_until->iso() + " is before covered_from " + covered_from->iso());
  }
  std::optional<Date> estimated_from;
  if (root.contains("estimated_from")) {
    estimated_from = read_date(root, "estimated_from", file_start, problems, "");
    if (estimated_from && covered_from && covered_until &&
        (*estimated_from < *covered_from || *covered_until < *estimated_from)) {
      problems.at(root.get("estimated_from")->source(),
                  "estimated_from " + estimated_from->iso() +
                      " lies outside covered_from..covered_until (" + covered_from->iso() + ".." +
                      covered_until->iso() + ")");
    }
  }

  std::vector<LocatedDay> days;
  const toml::node* day_node = root.get("day");
  const toml::array* day_array = day_node != nullptr ? day_node->as_array() : nullptr;
  if (day_node == nullptr) {
    problems.in_file("no [[day]] entries");
  } else if (day_array == nullptr || !day_array->is_array_of_tables()) {
    problems.at(day_node->source(), "day must be a list of [[day]] tables");
  } else {
    for (const toml::node& element : *day_array) {
      const toml::table& table = *element.as_table();
      for (const auto& [key, node] : table) {
        if (!is_one_of(key.str(), kDayKeys)) {
          problems.at(key.source(), "unknown key \"" + std::string(key.str()) +
                                        "\" in [[day]] (expected " + key_list(kDayKeys) + ")");
        }
      }
      auto date = read_date(table, "date", table.source(), problems, "[[day]] ");
      const toml::node* name = table.get("name");
      std::string name_text;
      if (name == nullptr) {
        problems.at(table.source(), "[[day]] name is missing");
      } else if (!name->is_string() || trim(name->as_string()->get()).empty()) {
        problems.at(name->source(), "[[day]] name must be a non-empty string");
      } else {
        name_text = name->as_string()->get();
      }
      const toml::node* off = table.get("off");
      bool off_value = true;
      if (off == nullptr) {
        problems.at(table.source(), "[[day]] off is missing");
      } else if (!off->is_boolean()) {
        problems.at(off->source(),
                    "[[day]] off must be true (day off) or false (adjusted working day)");
      } else {
        off_value = off->as_boolean()->get();
      }
      const toml::node* estimated = table.get("estimated");
      bool estimated_value = false;
      if (estimated != nullptr && !estimated->is_boolean()) {
        problems.at(estimated->source(), "[[day]] estimated must be true or false");
      } else if (estimated != nullptr) {
        estimated_value = estimated->as_boolean()->get();
      }
      if (date) {
        const toml::source_region& where = table.get("date")->source();
        days.push_back(LocatedDay{Day{*date, name_text, off_value, estimated_value}, where,
                                  estimated == nullptr || estimated->is_boolean()});
      }
    }
  }

  for (std::size_t i = 0; i < days.size(); ++i) {
    const LocatedDay& entry = days[i];
    if (i > 0 && entry.day.date == days[i - 1].day.date) {
      problems.at(entry.source, entry.day.date.iso() + " is listed twice");
    } else if (i > 0 && entry.day.date < days[i - 1].day.date) {
      problems.at(entry.source, entry.day.date.iso() + " is listed after " +
                                    days[i - 1].day.date.iso() + "; list days in date order");
    }
    if (covered_from && covered_until &&
        (entry.day.date < *covered_from || *covered_until < entry.day.date)) {
      problems.at(entry.source, entry.day.date.iso() +
                                    " lies outside covered_from..covered_until (" +
                                    covered_from->iso() + ".." + covered_until->iso() + ")");
    }
    if (!entry.estimated_valid) continue;
    const std::string date = entry.day.date.iso();
    if (entry.day.estimated && !root.contains("estimated_from")) {
      problems.at(entry.source, date + " is marked estimated = true but the file has no "
                                       "estimated_from");
    } else if (entry.day.estimated && estimated_from && entry.day.date < *estimated_from) {
      problems.at(entry.source, date + " is marked estimated = true but lies before "
                                       "estimated_from " + estimated_from->iso());
    } else if (!entry.day.estimated && estimated_from && *estimated_from <= entry.day.date) {
      problems.at(entry.source,
                  date + " lies on or after estimated_from " + estimated_from->iso() +
                      " but is not marked estimated = true (official days come before "
                      "estimated_from: run scripts/update-holidays)");
    }
  }
  problems.throw_if_any();

  std::vector<Day> plain;
  plain.reserve(days.size());
  for (LocatedDay& entry : days) plain.push_back(std::move(entry.day));
  return Calendar(std::move(plain), *covered_from, *covered_until, estimated_from);
}

bool Calendar::is_estimated(Date date) const {
  return estimated_from_ && *estimated_from_ <= date && date <= covered_until_;
}

std::vector<int> Calendar::estimated_years() const {
  std::vector<int> years;
  if (!estimated_from_) return years;
  for (int year = estimated_from_->year(); year <= covered_until_.year(); ++year)
    years.push_back(year);
  return years;
}

std::vector<Holiday> Calendar::estimated_holidays_touching(Date from, Date to) const {
  std::vector<Holiday> found;
  for (const Holiday& holiday : holidays_) {
    if (holiday.estimated && holiday.first_off <= to && from <= holiday.last_off)
      found.push_back(holiday);
  }
  return found;
}

bool Calendar::is_off_day(Date date) const {
  auto found = std::lower_bound(days_.begin(), days_.end(), date,
                                [](const Day& day, Date wanted) { return day.date < wanted; });
  if (found != days_.end() && found->date == date) return found->off;
  return date.is_weekend();
}

std::vector<Holiday> Calendar::holidays_between(Date from, Date to) const {
  std::vector<Holiday> found;
  for (const Holiday& holiday : holidays_) {
    if (from <= holiday.first_off && holiday.first_off <= to) found.push_back(holiday);
  }
  return found;
}

}  // namespace ownercare
