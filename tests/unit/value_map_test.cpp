// Value maps (outcomes/value_map.hpp): codes folded, targets checked, every problem located,
// and the shipped VICIdial example maps the dialer's common call statuses.
#include "ownercare/outcomes/value_map.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "ownercare/core/errors.hpp"
#include "support/temp_dir.hpp"

using ownercare::outcomes::load_value_map;
using ownercare::test::TempDir;
using ownercare::test::write_text;

namespace {

// The message of the UsageError loading `text` throws ("" when it loads).
std::string load_error(const std::string& text) {
  TempDir dir;
  write_text(dir / "values.toml", text);
  try {
    load_value_map(dir / "values.toml");
  } catch (const ownercare::UsageError& error) {
    // Messages name the file by its full path; tests compare from its name on.
    std::string message = error.what();
    const std::string folder = (dir.path() / "").string();
    for (auto at = message.find(folder); at != std::string::npos; at = message.find(folder)) {
      message.erase(at, folder.size());
    }
    return message;
  }
  return "";
}

}  // namespace

TEST_CASE("value map: codes are kept trimmed and case-folded", "[outcomes][value_map]") {
  TempDir dir;
  write_text(dir / "values.toml",
             "[values]\n\"NA\" = \"no_answer\"\n\" CallBk \" = \"callback\"\n\"未接通\" = "
             "\"busy\"\n");
  auto map = load_value_map(dir / "values.toml");
  CHECK(map == std::map<std::string, std::string>{
                   {"na", "no_answer"}, {"callbk", "callback"}, {"未接通", "busy"}});
}

TEST_CASE("value map: a target that is no result or disposition is located",
          "[outcomes][value_map]") {
  CHECK(load_error("[values]\nNA = \"no_answer\"\nB = \"bussy\"\n") ==
        "values.toml:3:5: \"bussy\" is not a result (delivered, failed, reached, no_answer, "
        "busy, voicemail, refused, invalid_number, not_found, done) or a disposition (relist, "
        "wait, never, callback, satisfied, unsatisfied, complaint, appointment, do_not_call, "
        "driving, wrong_info, sold_vehicle)");
}

TEST_CASE("value map: a Chinese word is no target, only ownercare's names are",
          "[outcomes][value_map]") {
  CHECK(load_error("[values]\nNA = \"无人接听\"\n").find("values.toml:2:6: \"无人接听\" is not a "
                                                        "result") == 0);
}

TEST_CASE("value map: one code twice is refused at its second spelling",
          "[outcomes][value_map]") {
  CHECK(load_error("[values]\nNA = \"no_answer\"\n\"na \" = \"busy\"\n") ==
        "values.toml:3:1: \"na \" is the same code as \"NA\"");
}

TEST_CASE("value map: every problem is reported, in file order", "[outcomes][value_map]") {
  CHECK(load_error("x = 1\n[values]\nB = 3\nNA = \"nope\"\n") ==
        "values.toml:1:1: unknown key \"x\" (a value map has one table, [values])\n"
        "values.toml:3:5: \"B\" must map to a result or disposition (a string)\n"
        "values.toml:4:6: \"nope\" is not a result (delivered, failed, reached, no_answer, busy, "
        "voicemail, refused, invalid_number, not_found, done) or a disposition (relist, wait, "
        "never, callback, satisfied, unsatisfied, complaint, appointment, do_not_call, "
        "driving, wrong_info, sold_vehicle)");
}

TEST_CASE("value map: a file without [values] says how to write one", "[outcomes][value_map]") {
  CHECK(load_error("") == "values.toml: no [values] table (write [values] and then lines like "
                          "\"NA\" = \"no_answer\")");
}

TEST_CASE("value map: the shipped VICIdial example maps the common call statuses",
          "[outcomes][value_map]") {
  auto map = load_value_map(ownercare::test::source_dir() / "examples/vicidial-values.toml");
  const std::map<std::string, std::string> expected = {
      {"na", "no_answer"},       {"n", "no_answer"},       {"b", "busy"},
      {"ab", "busy"},            {"a", "voicemail"},       {"aa", "voicemail"},
      {"am", "voicemail"},       {"al", "voicemail"},      {"pm", "voicemail"},
      {"dc", "invalid_number"},  {"adc", "invalid_number"}, {"afax", "invalid_number"},
      {"dnc", "do_not_call"},    {"callbk", "callback"},   {"sale", "reached"},
      {"xfer", "reached"},       {"ni", "reached"},        {"np", "reached"},
      {"dec", "reached"},        {"drop", "no_answer"},    {"pdrop", "no_answer"},
      {"pu", "no_answer"},
  };
  for (const auto& [code, value] : expected) {
    INFO(code);
    REQUIRE(map.count(code));
    CHECK(map.at(code) == value);
  }
  CHECK(map.size() == expected.size());
}
