// ownercare-report --format html run for real: the page on stdout or in an owner-only --out
// file, what it refuses (an --out over the database or a folder, --table), and the page
// rendered by a real browser (headless Chromium, which scripts/install-deps installs) to a
// PNG that is checked to be a picture of the page, not a blank one.
//
// The database: dealer D001 closed three repair orders in the week 2026-03-02 ... 2026-03-08;
// two got a callback call, one reached (1 of 3: below the 80% target) with a complaint from a
// customer whose name and note hold markup; one call went unanswered.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

void write_database(const Workspace& ws) {
  auto db = store::Database::open(ws / Workspace::db, store::OpenMode::create);
  db.sql().exec(R"sql(
    INSERT INTO record_log (record_id, as_of, file_name, file_sha256, lines_read, applied,
                            repeated, rejected)
      VALUES (1, '2026-03-06', 'outcomes.csv', 'digest', 2, 2, 0, 0);
    INSERT INTO dealer_vehicle (vin, row_hash, dealer_code, customer_name, sale_date,
                                last_visit_on, owner_since, first_seen, changed_on)
      VALUES ('LSVAA4182E2000001', 0, 'D001', '张<b>伟</b>', '2023-03-01', '2026-03-03',
              '2023-03-01', '2026-01-01', '2026-03-03');
    INSERT INTO service_order (order_id, row_hash, vin, member_id, dealer_code, type, closed,
                               advisor, complaint, amount, first_seen, changed_on)
      VALUES ('O1', 0, 'LSVAA4182E2000001', NULL, 'D001', 'repair', '2026-03-03', '王芳', '',
              NULL, '2026-03-03', '2026-03-03'),
             ('O2', 0, 'LSVAA4182E2000001', NULL, 'D001', 'repair', '2026-03-04', '王芳', '',
              NULL, '2026-03-04', '2026-03-04'),
             ('O3', 0, 'LSVAA4182E2000001', NULL, 'D001', 'repair', '2026-03-05', '王芳', '',
              NULL, '2026-03-05', '2026-03-05');
    INSERT INTO task (task_id, rule, step, channel, subject_kind, subject_id, anchor_on, due_on,
                      created_on, priority, state, state_on, phone, sent_on)
      VALUES ('T1', 'service_callback', 'call', 'call', 'order', 'O1', '2026-03-03',
              '2026-03-04', '2026-03-04', 50, 'done', '2026-03-06', '13812345678', '2026-03-04'),
             ('T2', 'service_callback', 'call', 'call', 'order', 'O2', '2026-03-04',
              '2026-03-05', '2026-03-05', 50, 'listed', '2026-03-05', '13812345678',
              '2026-03-05');
    INSERT INTO outcome (task_id, attempt, result, disposition, at, satisfaction, note,
                         recorded_on, record_id, line)
      VALUES ('T1', 1, 'reached', 'complaint', '2026-03-05 10:30', 2,
              '<script>alert("x")</script> 修车太慢 & 贵', '2026-03-06', 1, 2),
             ('T2', 1, 'no_answer', '', '2026-03-05 11:00', NULL, '', '2026-03-06', 1, 3);
  )sql");
}

RunResult report(const Workspace& ws, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--db", Workspace::db, "--as-of", "2026-03-08"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.run("ownercare-report", args);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("report --format html prints one self-contained page", "[cli][report][html]") {
  Workspace ws;
  write_database(ws);
  auto result = report(ws, {"--format", "html"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK(contains(result.out, "<meta charset=\"utf-8\">"));
  CHECK(contains(result.out, "期间 (period): 2026-03-02 至 (to) 2026-03-08"));
  CHECK(contains(result.out, "<td>D001</td><td class=\"num\">3</td>"));
  // The customer's name and note, escaped.
  CHECK(contains(result.out, "张&lt;b&gt;伟&lt;&#47;b&gt;"));
  CHECK(contains(result.out, "&lt;script&gt;alert(&quot;x&quot;)&lt;&#47;script&gt; 修车太慢 &amp; 贵"));
  CHECK(!contains(result.out, "<script"));
  CHECK(!contains(result.out, "<b>"));
}

TEST_CASE("report --format html --out writes the page owner-only, atomically replaced",
          "[cli][report][html]") {
  Workspace ws;
  write_database(ws);
  ws.write("week.html", "old");
  auto result = report(ws, {"--format", "html", "--out", "week.html"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  auto page = ws.read("week.html");
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(page, "13812345678"));
  CHECK(owner_only(ws / "week.html"));
  // No temporary file left beside it.
  std::vector<std::string> pages;
  for (const auto& name : folder_entries(ws.path())) {
    if (name.rfind("week", 0) == 0) pages.push_back(name);
  }
  CHECK(pages == std::vector<std::string>{"week.html"});
}

TEST_CASE("report --format html refuses an --out over the database, or a folder",
          "[cli][report][html]") {
  Workspace ws;
  write_database(ws);
  auto before = ws.read(Workspace::db);
  auto over = report(ws, {"--format", "html", "--out", "ownercare.db"});
  CHECK(over.exit_code == 2);
  CHECK(over.out.empty());
  CHECK(over.err ==
        "ownercare-report: error: --out ownercare.db is the same file as the database "
        "ownercare.db: it would be overwritten\n");
  CHECK(ws.read(Workspace::db) == before);

  fs::create_directory(ws / "week");
  auto folder = report(ws, {"--format", "html", "--out", "week"});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err ==
        "ownercare-report: error: --out week is a folder: --format html writes one file\n");
  CHECK(folder_entries(ws / "week").empty());

  auto table = report(ws, {"--format", "html", "--table", "callbacks"});
  CHECK(table.exit_code == 2);
  CHECK(table.err ==
        "ownercare-report: error: --table is for --format text or csv; the HTML page shows "
        "every table\n");
}

TEST_CASE("report --format csv --out --html writes the tables and the page from one reading",
          "[cli][report][html]") {
  Workspace ws;
  write_database(ws);
  require_success(report(ws, {"--format", "html", "--out", "alone.html"}));
  auto result = report(ws, {"--format", "csv", "--out", "week", "--html", "week/report.html"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  // The page is the one --format html writes, byte for byte, and as private.
  CHECK(ws.read("week/report.html") == ws.read("alone.html"));
  CHECK(owner_only(ws / "week" / "report.html"));
  // The tables are the ones --format csv alone writes.
  require_success(report(ws, {"--format", "csv", "--out", "tables"}));
  auto tables = folder_entries(ws / "tables");
  REQUIRE(!tables.empty());
  for (const auto& name : tables) {
    INFO(name);
    CHECK(ws.read("week/" + name) == ws.read("tables/" + name));
  }
  auto written = folder_entries(ws / "week");
  CHECK(written.size() == tables.size() + 1);
}

TEST_CASE("report --html is refused without --format csv --out, or over the database",
          "[cli][report][html]") {
  Workspace ws;
  write_database(ws);
  auto before = ws.read(Workspace::db);
  const std::string usage =
      "ownercare-report: error: --html is for --format csv --out DIR (every table): it writes "
      "the page beside them; for the page alone use --format html\n";
  auto html = report(ws, {"--format", "html", "--out", "a.html", "--html", "b.html"});
  CHECK(html.exit_code == 2);
  CHECK(html.err == usage);
  auto text = report(ws, {"--html", "b.html"});
  CHECK(text.exit_code == 2);
  CHECK(text.err == usage);
  auto one_table = report(ws, {"--format", "csv", "--table", "callbacks", "--html", "b.html"});
  CHECK(one_table.exit_code == 2);
  CHECK(one_table.err == usage);
  CHECK(!fs::exists(ws / "b.html"));

  auto over = report(ws, {"--format", "csv", "--out", "week", "--html", "ownercare.db"});
  CHECK(over.exit_code == 2);
  CHECK(over.err ==
        "ownercare-report: error: --html ownercare.db is the same file as the database "
        "ownercare.db: it would be overwritten\n");
  CHECK(ws.read(Workspace::db) == before);
  CHECK(!fs::exists(ws / "week"));

  fs::create_directory(ws / "page");
  auto folder = report(ws, {"--format", "csv", "--out", "week", "--html", "page"});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err ==
        "ownercare-report: error: --html page is a folder: --html names the page's file\n");
  CHECK(!fs::exists(ws / "week"));
}

// [posix]: runs Chromium and python3 through the shell. Chromium is bounded by `timeout 60`
// and tried twice, so a machine too busy for one start does not fail the suite.
TEST_CASE("report's HTML page renders in headless Chromium to a picture that is not blank",
          "[cli][report][html][posix]") {
  Workspace ws;
  write_database(ws);
  require_success(report(ws, {"--format", "html", "--out", "week.html"}));
  fs::create_directory(ws / "home");
  const std::string page = fs::absolute(ws / "week.html").string();
  const std::string png = fs::absolute(ws / "week.png").string();
  const std::string command =
      "HOME=" + shell_quote(fs::absolute(ws / "home").string()) +
      " timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
      "--no-first-run --hide-scrollbars --user-data-dir=" +
      shell_quote(fs::absolute(ws / "home" / "profile").string()) +
      " --screenshot=" + shell_quote(png) + " --window-size=1200,3000 " +
      shell_quote("file://" + page);
  RunResult browser;
  for (int attempt = 0; attempt < 2; ++attempt) {
    browser = ws.shell(command);
    if (browser.exit_code == 0 && fs::exists(png)) break;
  }
  INFO(browser.err);
  REQUIRE(browser.exit_code == 0);
  REQUIRE(fs::exists(png));
  // A blank 1200x3000 page compresses to a few kilobytes; this one holds text and charts.
  CHECK(fs::file_size(png) > 30000);

  // Width, height, distinct colours, then the pixels of the bar colour (#1b3a5c: axes'
  // neighbours, the heading rule, the unreachable bars) and of the below-target mark
  // (#e08a1e: D001's bar, 1 of 3 reached).
  auto summary = ws.shell("python3 " +
                          shell_quote((source_dir() / "tests/support/png_summary.py").string()) +
                          " " + shell_quote(png) + " 3000 1b3a5c e08a1e");
  INFO(summary.err);
  REQUIRE(summary.exit_code == 0);
  std::istringstream fields(summary.out);
  long long width = 0, height = 0, colours = 0, bar = 0, mark = 0;
  fields >> width >> height >> colours >> bar >> mark;
  CHECK(width == 1200);
  CHECK(height == 3000);
  CHECK(colours > 16);   // text is antialiased: many greys
  CHECK(bar > 1000);     // the unreachable bar alone is about 400 x 18 pixels
  CHECK(mark > 1000);    // D001's bar: 33% of 400 x 18
}

}  // namespace ownercare::test
