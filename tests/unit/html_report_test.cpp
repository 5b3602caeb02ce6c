// Unit tests of the HTML report: the page is self-contained (no reference to anything outside
// it), escapes what customers wrote, holds every table and the four charts; the charts are
// built from the figures as report_charts.hpp says. The figures are built by hand.
#include "ownercare/report/html_report.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ownercare/report/report_charts.hpp"
#include "ownercare/report/report_tables.hpp"

using ownercare::Date;
using ownercare::report::ReportFigures;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

std::string lower(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

constexpr const char* kHostileName = "<script>alert(\"x\")</script>&'张'";
constexpr const char* kHostileNote =
    "<img src=x onerror=alert(1)> \"修车\" & 'slow' http://evil.example/a.png";

// A week with two dealers (one below target), unreachable outcomes, a meeting entry written
// by a hostile customer, fleet curves (status -2 opened nothing) and two weeks of trend.
ReportFigures sample_figures() {
  ReportFigures figures;
  figures.period = {Date(2026, 3, 2), Date(2026, 3, 8), Date(2026, 3, 8)};
  figures.dealer_callbacks = {{"D001", 4, 4, 2, 0}, {kHostileName, 5, 5, 5, 1}};
  const auto results = ownercare::report::unreachable_results().size();
  figures.unreachable = {{"D001", std::vector<long long>(results, 0), 0},
                         {kHostileName, std::vector<long long>(results, 0), 1}};
  figures.unreachable[0].per_result[0] = 3;  // no_answer
  figures.unreachable[1].per_result[0] = 2;
  figures.unreachable[1].per_result[1] = 1;  // busy
  figures.satisfaction = {{"D001", {}, 0, 0, 0}, {kHostileName, {0, 0, 0, 1, 0}, 1, 0, 0}};
  ownercare::store::MeetingEntry entry;
  entry.dealer = kHostileName;
  entry.date = Date(2026, 3, 5);
  entry.subject_kind = "order";
  entry.subject_id = "O1";
  entry.customer = kHostileName;
  entry.phone = "13812345678";
  entry.disposition = "complaint";
  entry.note = kHostileNote;
  figures.meeting = {entry};
  ownercare::report::FleetCurve minus_one{-1, 4, {}};
  for (int day = 0; day <= ownercare::report::kCurveDays; ++day) {
    minus_one.back_by_day[static_cast<std::size_t>(day)] = day < 5 ? 0 : day < 15 ? 2 : 3;
  }
  ownercare::report::FleetCurve minus_two{-2, 0, {}};
  ownercare::report::FleetCurve zero{0, 2, {}};
  zero.back_by_day.fill(1);
  figures.fleet_curves = {minus_one, minus_two, zero};
  figures.fleet_weeks = {{"2026-02-23", 5, 1, 2, 3, 0, 0, 0, 2, 0},
                         {"2026-03-02", 4, 0, 0, 0, 0, 0, 0, 4, 0}};
  return figures;
}

std::string sample_page() {
  auto figures = sample_figures();
  return ownercare::report::render_html_report(figures, ownercare::report::report_tables(figures));
}

}  // namespace

TEST_CASE("the HTML page refers to nothing outside itself", "[report][html]") {
  auto page = lower(sample_page());
  for (const char* reference : {"http:", "https:", "//", "src=", "url(", "@import", "<link",
                                "<script", "<img", "<iframe", "<object", "<embed", "href=",
                                "@font-face", "xlink"}) {
    INFO(reference);
    CHECK(!contains(page, reference));
  }
}

TEST_CASE("the HTML page is UTF-8 Chinese with the period on top", "[report][html]") {
  auto page = sample_page();
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n", 0) == 0);
  CHECK(contains(page, "<meta charset=\"utf-8\">"));
  CHECK(contains(page, "期间 (period): 2026-03-02 至 (to) 2026-03-08, 截至 (as of) 2026-03-08"));
  // Printable: a chart is never cut, rows are not split, a table's header repeats per page.
  CHECK(contains(page, "@media print"));
  CHECK(contains(page, "figure { margin: 12px 0 22px; break-inside: avoid;"));
  CHECK(contains(page, "thead { display: table-header-group; }"));
  CHECK(contains(page, "tr { break-inside: avoid;"));
  CHECK(page.substr(page.size() - 8) == "</html>\n");
}

TEST_CASE("the HTML page escapes names and notes customers wrote", "[report][html]") {
  auto page = sample_page();
  CHECK(!contains(page, kHostileName));
  CHECK(!contains(page, kHostileNote));
  CHECK(!contains(page, "<script"));
  CHECK(contains(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;&#47;script&gt;&amp;&#39;张&#39;"));
  CHECK(contains(page, "&lt;img src&#61;x onerror&#61;alert(1)&gt; &quot;修车&quot; &amp; "
                       "&#39;slow&#39; http&#58;&#47;&#47;evil.example&#47;a.png"));
}

TEST_CASE("the HTML page shows the four charts, then every table", "[report][html]") {
  auto figures = sample_figures();
  auto tables = ownercare::report::report_tables(figures);
  auto page = ownercare::report::render_html_report(figures, tables);
  CHECK(occurrences(page, "<svg ") == 4);
  auto last_chart = page.rfind("</svg>");
  for (const auto& table : tables) {
    INFO(table.name);
    auto title = page.find(ownercare::report::escape_html(table.title));
    REQUIRE(title != std::string::npos);
    CHECK(title > last_chart);
  }
  // Numbers right-aligned: the callbacks row of D001 (4 orders, 2 reached: 50.0%).
  CHECK(contains(page, "<td>D001</td><td class=\"num\">4</td>"));
  CHECK(contains(page, "<td class=\"num\">50.0</td>"));
  // An empty table says so.
  CHECK(contains(page, "(无 none)"));
}

TEST_CASE("an HTML table has both header lines and its cells on one line", "[report][html]") {
  ownercare::report::ReportTable table{
      "t",
      "表 (table)",
      {{"dealer", "经销商", ownercare::report::Align::left},
       {"orders", "工单数", ownercare::report::Align::right}},
      {{"D\n001", "3"}}};
  auto html = ownercare::report::render_html_table(table);
  CHECK(contains(html, "<h3>表 (table)</h3>"));
  CHECK(contains(html, "<th>经销商<br><span class=\"en\">dealer</span></th>"));
  CHECK(contains(html, "<th class=\"num\">工单数<br><span class=\"en\">orders</span></th>"));
  CHECK(contains(html, "<tr><td>D 001</td><td class=\"num\">3</td></tr>"));
}

TEST_CASE("the return curves have one line per status with episodes, in percent",
          "[report][html]") {
  auto chart = ownercare::report::return_curves_chart(sample_figures());
  REQUIRE(chart.series.size() == 2);
  CHECK(chart.series[0].name == ownercare::report::fleet_status_name(-1) + " n=4");
  REQUIRE(chart.series[0].points.size() == ownercare::report::kCurveDays + 1);
  CHECK(chart.series[0].points[4] == std::pair<double, double>{4, 0});
  CHECK(chart.series[0].points[5] == std::pair<double, double>{5, 50});
  CHECK(chart.series[0].points[30] == std::pair<double, double>{30, 75});
  CHECK(chart.series[1].points[0] == std::pair<double, double>{0, 50});
  REQUIRE(!chart.notes.empty());
  CHECK(contains(chart.notes[0], ownercare::report::fleet_status_name(-2)));
  CHECK(contains(chart.notes[0], "no line"));
  CHECK(chart.x_max == ownercare::report::kCurveDays);
  CHECK(chart.y_axis.max == 100);
}

TEST_CASE("without episodes the return curves and the trend have no data", "[report][html]") {
  ReportFigures figures;
  CHECK(ownercare::report::return_curves_chart(figures).series.empty());
  CHECK(ownercare::report::weekly_trend_chart(figures).series.empty());
  CHECK(ownercare::report::callback_success_chart(figures).bars.empty());
  CHECK(ownercare::report::unreachable_chart(figures).bars.empty());
  auto page = ownercare::report::render_html_report(figures, {});
  CHECK(occurrences(page, "无数据 (no data)") == 4);
}

TEST_CASE("callback success is a bar per dealer against the 80% line, below target marked",
          "[report][html]") {
  auto chart = ownercare::report::callback_success_chart(sample_figures());
  REQUIRE(chart.bars.size() == 2);
  CHECK(chart.bars[0].label == "D001");
  CHECK(chart.bars[0].value == 50);
  CHECK(chart.bars[0].value_label == "50.0% (2/4)");
  CHECK(chart.bars[0].marked);
  CHECK(chart.bars[1].value == 100);
  CHECK(!chart.bars[1].marked);
  REQUIRE(chart.target);
  CHECK(*chart.target == 80);
  CHECK(chart.axis.max == 100);
}

TEST_CASE("unreachable reasons are summed over dealers, a bar per result", "[report][html]") {
  auto chart = ownercare::report::unreachable_chart(sample_figures());
  const auto& results = ownercare::report::unreachable_results();
  REQUIRE(chart.bars.size() == results.size() + 1);
  CHECK(contains(chart.bars[0].label, "(no_answer)"));
  CHECK(chart.bars[0].value == 5);
  CHECK(chart.bars[0].value_label == "5");
  CHECK(chart.bars[1].value == 1);
  CHECK(chart.bars[2].value == 0);
  CHECK(chart.bars.back().label == "其他 (other)");
  CHECK(chart.bars.back().value == 1);
  CHECK(chart.axis.max == 5);
}

TEST_CASE("the weekly trend draws opened and back within 30 days per week", "[report][html]") {
  auto chart = ownercare::report::weekly_trend_chart(sample_figures());
  REQUIRE(chart.series.size() == 2);
  CHECK(chart.series[0].points == std::vector<std::pair<double, double>>{{0, 5}, {1, 4}});
  CHECK(chart.series[1].points == std::vector<std::pair<double, double>>{{0, 3}, {1, 0}});
  REQUIRE(chart.x_ticks.size() == 2);
  CHECK(chart.x_ticks[1].label == "2026-03-02");
}
