// The examples every --help ends with run as they stand. Each tool's (and each ownercare-rules
// subcommand's) help is read, its example command lines taken from the "Examples:" footer, and
// run in order, each expecting exit 0, in a folder laid out as README "Scheduling" has it
// (ownercare.toml, rules/, inbox/; built from examples/ with the shipped rules) after the
// night of 2026-09-26 ran there. The exit-code table stays in every help, before the examples.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

struct Help {
  std::string tool;
  std::vector<std::string> subcommand;  // ownercare-rules check, timeline, explain
};

const std::vector<Help> kHelps = {
    {"ownercare-import", {}},          {"ownercare-record", {}},
    {"ownercare-evaluate", {}},        {"ownercare-export", {}},
    {"ownercare-report", {}},          {"ownercare-nightly", {}},
    {"ownercare-rules", {}},           {"ownercare-rules", {"check"}},
    {"ownercare-rules", {"timeline"}}, {"ownercare-rules", {"explain"}},
};

// The folder the examples assume, after the night of 2026-09-26.
void prepare(const Workspace& ws) {
  auto examples = source_dir() / "examples";
  fs::copy(examples / "inbox", ws / "inbox", fs::copy_options::recursive);
  for (const auto& entry : fs::directory_iterator(examples)) {
    if (entry.path().extension() == ".toml" && entry.path().filename() != "ownercare.toml") {
      fs::copy_file(entry.path(), ws / entry.path().filename().string());
    }
  }
  // The examples' config names the checkout's rules ("../rules"); here they are beside it.
  std::string config = std::regex_replace(read_text(examples / "ownercare.toml"),
                                          std::regex("(^|\n)rules *=[^\n]*"), "$1rules = \"rules\"");
  REQUIRE(config.find("rules = \"rules\"") != std::string::npos);
  ws.write("ownercare.toml", config);
  ws.copy_rule_files("rules", {"fleet_status.toml", "dealer_care.toml", "warranty.toml",
                               "carwash.toml"});
  require_success(
      ws.run("ownercare-nightly", {"--config", "ownercare.toml", "--date", "2026-09-26"}));
}

// The command lines of the help's "Examples:" section, each split at spaces. The section must
// come last (every line after its heading an indented example or comment) and after the
// exit codes.
std::vector<std::vector<std::string>> examples_of(const std::string& help,
                                                  const std::string& tool) {
  auto heading = help.find("\nExamples:\n");
  REQUIRE(heading != std::string::npos);
  auto exit_codes = help.find("Exit codes:\n");
  REQUIRE(exit_codes != std::string::npos);
  CHECK(exit_codes < heading);
  std::vector<std::vector<std::string>> commands;
  for (const auto& line : split_lines(help.substr(heading + 11))) {
    if (line.empty()) continue;
    INFO(line);
    REQUIRE(line.rfind("  ", 0) == 0);
    if (line.rfind("  # ", 0) == 0) continue;
    std::vector<std::string> words;
    std::size_t start = 2;
    while (start < line.size()) {
      auto space = line.find(' ', start);
      if (space == std::string::npos) space = line.size();
      if (space > start) words.push_back(line.substr(start, space - start));
      start = space + 1;
    }
    REQUIRE(words.size() > 1);
    CHECK(words.front() == tool);
    commands.push_back(words);
  }
  return commands;
}

}  // namespace

TEST_CASE("every --help ends with examples that run as they stand", "[cli][help]") {
  auto help = GENERATE(from_range(kHelps));
  std::string name = help.tool;
  for (const auto& word : help.subcommand) name += " " + word;
  INFO(name);
  Workspace ws;
  auto args = help.subcommand;
  args.push_back("--help");
  auto shown = ws.run(help.tool, args);
  REQUIRE(shown.exit_code == 0);
  auto commands = examples_of(shown.out, help.tool);
  CHECK(commands.size() >= 2);
  CHECK(commands.size() <= 3);
  if (!help.subcommand.empty()) {
    for (const auto& command : commands) CHECK(command[1] == help.subcommand.front());
  }

  prepare(ws);
  for (const auto& command : commands) {
    std::string line;
    for (const auto& word : command) line += (line.empty() ? "" : " ") + word;
    INFO(line);
    auto result = ws.run(help.tool, std::vector<std::string>(command.begin() + 1, command.end()));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.err, !Catch::Contains(": error: "));
  }
}

}  // namespace ownercare::test
