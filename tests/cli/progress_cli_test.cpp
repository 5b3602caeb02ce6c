// ownercare-import's progress line: drawn on a terminal (a pseudo-terminal from util-linux's
// `script`, with the tool's stdout sent to a file so that only stderr reaches the terminal),
// erased before anything else is printed there, and never written without a terminal or with
// --quiet.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

// Vehicles V0001..Vn, all rentable, each with its own mobile.
std::string numbered_fleet(int count) {
  std::vector<std::string> rows;
  for (int i = 1; i <= count; ++i) {
    rows.push_back(fleet_row(fmt::format("V{:04}", i), fmt::format("京A{:05}", i),
                             fmt::format("车主{}", i), fmt::format("1381{:07}", i), 1));
  }
  return fleet_csv(rows);
}

// Runs `tool` with `args` with its stderr on a pseudo-terminal: `out` is what the terminal
// showed (the pty turns "\n" into "\r\n"), the tool's stdout goes to stdout.txt.
RunResult on_terminal(const Workspace& ws, std::string_view tool,
                      const std::vector<std::string>& args) {
  std::string command = shell_quote(tool_path(tool).string());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " >stdout.txt </dev/null";
  return ws.shell("SHELL=/bin/sh script -qec " + shell_quote(command) + " /dev/null");
}

RunResult import_on_terminal(const Workspace& ws, const std::vector<std::string>& args) {
  return on_terminal(ws, "ownercare-import", args);
}

bool have_script(const Workspace& ws) {
  return ws.shell("command -v script").exit_code == 0;
}

bool starts_with(const std::string& text, const std::string& start) {
  return text.compare(0, start.size(), start) == 0;
}

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

const std::vector<std::string> kImport = {"--db",     "ownercare.db", "--kind",
                                          "fleet",    "--as-of",      "2026-03-01",
                                          "fleet.csv"};

}  // namespace

// [posix]: a pseudo-terminal (`script`) or a pipe, through the shell.
TEST_CASE("import on a terminal draws one progress line on stderr and erases it at the end",
          "[cli][import][progress][posix]") {
  Workspace ws;
  if (!have_script(ws)) {
    WARN("no `script` (util-linux): the terminal is not tested");
    return;
  }
  ws.write("fleet.csv", numbered_fleet(20));
  auto result = import_on_terminal(ws, kImport);
  CHECK(result.exit_code == 0);
  // The first phase is drawn at once; later redraws depend on time, at most ten a second.
  CHECK(starts_with(result.out, "\rownercare-import: fleet.csv: read 0%\033[K"));
  CHECK(ends_with(result.out, "\r\033[K"));
  CHECK(result.out.find('\n') == std::string::npos);  // one line, redrawn
  CHECK(ws.read("stdout.txt") ==
        "fleet.csv: fleet 2026-03-01: 20 rows, 20 new, 0 changed, 0 unchanged, 0 gone, 0 back, "
        "0 rejected; episodes 0 opened, 0 closed\n");
}

// [posix]: a pseudo-terminal (`script`) or a pipe, through the shell.
TEST_CASE("import on a terminal erases the progress line before its messages",
          "[cli][import][progress][posix]") {
  Workspace ws;
  if (!have_script(ws)) {
    WARN("no `script` (util-linux): the terminal is not tested");
    return;
  }
  std::string csv = numbered_fleet(20);
  csv += fleet_row("BAD1", "京A99999", "车主", "13800000000", 7);
  csv += "\n";
  ws.write("fleet.csv", csv);
  auto result = import_on_terminal(ws, kImport);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("\r\033[Kownercare-import: rejected: fleet.csv:22:") != std::string::npos);

  // A file refused once read (too many invalid rows): the error starts on an erased line too.
  ws.write("bad.csv", numbered_fleet(2) + fleet_row("BAD1", "京A99998", "车主", "13800000001", 7) +
                          "\n" + fleet_row("BAD2", "京A99999", "车主", "13800000002", 7) + "\n");
  result = import_on_terminal(ws, {"--db", "ownercare.db", "--kind", "fleet", "--as-of",
                                   "2026-03-02", "bad.csv"});
  CHECK(result.exit_code == 3);
  CHECK(result.out.find("\r\033[Kownercare-import: error: bad.csv:") != std::string::npos);
  CHECK(ends_with(result.out, "nothing was imported (see bad.rejects.csv)\r\n"));
}

// [posix]: a pseudo-terminal (`script`) or a pipe, through the shell.
TEST_CASE("evaluate on a terminal draws its progress line and erases it",
          "[cli][evaluate][progress][posix]") {
  Workspace ws;
  if (!have_script(ws)) {
    WARN("no `script` (util-linux): the terminal is not tested");
    return;
  }
  require_success(ws.import_fleet("2026-03-01", numbered_fleet(20)));
  auto result = on_terminal(ws, "ownercare-evaluate",
                            {"--db", Workspace::db, "--rules", (source_dir() / "rules").string(),
                             "--as-of", "2026-03-01", "--out", Workspace::out});
  CHECK(result.exit_code == 0);
  CHECK(starts_with(result.out, "\rownercare-evaluate: 2026-03-01: evaluate 0%\033[K"));
  CHECK(ends_with(result.out, "\r\033[K"));
  CHECK(result.out.find('\n') == std::string::npos);
  CHECK(starts_with(ws.read("stdout.txt"), "2026-03-01: 0 sms, 0 calls"));

  // No terminal: nothing on stderr.
  require_success(ws.import_fleet("2026-03-02", numbered_fleet(20)));
  auto quiet = ws.evaluate("2026-03-02");
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err == "");
}

// [posix]: a pseudo-terminal (`script`) or a pipe, through the shell.
TEST_CASE("a night on a terminal keeps the tools' progress out of its detail log",
          "[cli][nightly][progress][posix]") {
  Workspace ws;
  if (!have_script(ws)) {
    WARN("no `script` (util-linux): the terminal is not tested");
    return;
  }
  // The example config and one night of its inbox, beside the rules it names ("../rules").
  namespace fs = std::filesystem;
  auto examples = source_dir() / "examples";
  fs::create_directories(ws / "examples" / "inbox");
  fs::copy_file(examples / "ownercare.toml", ws / "examples" / "ownercare.toml");
  for (const auto& entry : fs::directory_iterator(examples / "inbox")) {
    auto name = entry.path().filename().string();
    if (name.find("2026-09-26") != std::string::npos) {
      fs::copy_file(entry.path(), ws / "examples" / "inbox" / name);
    }
  }
  ws.copy_rule_files("rules", {"fleet_status.toml", "dealer_care.toml", "warranty.toml",
                               "carwash.toml"});
  auto result = on_terminal(ws, "ownercare-nightly",
                            {"--config", "examples/ownercare.toml", "--date", "2026-09-26"});
  CHECK(result.exit_code == 0);
  // The night's own line names the night and its step (the first is drawn at once), and is
  // erased at the end.
  CHECK(result.out.find("\rownercare-nightly 2026-09-26 ") != std::string::npos);
  CHECK(ends_with(result.out, "\r\033[K"));
  // --quiet: nothing on the terminal at all.
  auto quiet = on_terminal(ws, "ownercare-nightly", {"--config", "examples/ownercare.toml",
                                                     "--date", "2026-09-26", "--quiet"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.empty());
  // Each step's stderr goes to the detail log: an import or evaluation run inside the night
  // draws nothing into it, though stderr is a terminal.
  auto log = ws.read("examples/log/nightly-2026-09-26.log");
  CHECK(log.find("ownercare-evaluate") != std::string::npos);
  CHECK(log.find('\033') == std::string::npos);
  CHECK(log.find('\r') == std::string::npos);
}

// [posix]: a pseudo-terminal (`script`) or a pipe, through the shell.
TEST_CASE("import --quiet on a terminal writes nothing to it", "[cli][import][progress][posix]") {
  Workspace ws;
  if (!have_script(ws)) {
    WARN("no `script` (util-linux): the terminal is not tested");
    return;
  }
  ws.write("fleet.csv", numbered_fleet(20));
  std::vector<std::string> args = kImport;
  args.insert(args.begin(), "--quiet");
  auto result = import_on_terminal(ws, args);
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(ws.read("stdout.txt").empty());
}

// [posix]: a pseudo-terminal (`script`) or a pipe, through the shell.
TEST_CASE("import without a terminal writes no progress, however long the file",
          "[cli][import][progress][posix]") {
  Workspace ws;
  // 9,000 rows: each phase passes its count on twice (every 4,096 rows).
  ws.write("fleet.csv", numbered_fleet(9000));
  auto result = ws.run("ownercare-import", kImport);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  // And through a pipe, from stdin.
  auto piped = ws.shell("cat fleet.csv | " + shell_quote(tool_path("ownercare-import").string()) +
                        " --db ownercare.db --kind fleet --as-of 2026-03-02 -");
  CHECK(piped.exit_code == 0);
  CHECK(piped.err.empty());
}

}  // namespace ownercare::test
