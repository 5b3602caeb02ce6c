// Unit tests of the HTML report's SVG charts: escaping, the round axes, points and bars at the
// coordinates svg_chart.hpp documents, the target line and the marked bars, and the no-data
// form of an empty chart.
#include "ownercare/report/svg_chart.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using ownercare::report::Axis;
using ownercare::report::Bar;
using ownercare::report::BarChart;
using ownercare::report::LineChart;
using ownercare::report::LineSeries;
using ownercare::report::Tick;

namespace {

// Every start tag `<NAME ...>` of the text, whole.
std::vector<std::string> tags(const std::string& text, const std::string& name) {
  std::vector<std::string> found;
  std::string open = "<" + name + " ";
  for (auto at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
    found.push_back(text.substr(at, text.find('>', at) - at + 1));
  }
  return found;
}

// The value of attribute `name` in a tag ("" when absent).
std::string attribute(const std::string& tag, const std::string& name) {
  auto at = tag.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  at += name.size() + 3;
  return tag.substr(at, tag.find('"', at) - at);
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

LineChart curve_chart() {
  LineChart chart;
  chart.title = "恢复可租 (back to rentable)";
  chart.description = "share back per day";
  chart.x_label = "天 (days)";
  chart.y_label = "% (share)";
  chart.x_min = 0;
  chart.x_max = 30;
  chart.x_ticks = {{0, "0"}, {15, "15"}, {30, "30"}};
  chart.y_axis = ownercare::report::percent_axis();
  chart.series = {{"状态 -1 (status -1)", {{0, 0}, {15, 50}, {30, 100}}},
                  {"状态 0 (status 0)", {{0, 10}, {30, 20}}}};
  return chart;
}

BarChart callback_chart() {
  BarChart chart;
  chart.title = "回访成功率 (callback success)";
  chart.description = "per dealer";
  chart.value_label = "成功率 (success)";
  chart.axis = ownercare::report::percent_axis();
  chart.bars = {{"D001", 50, "50.0% (1/2)", true}, {"D002", 100, "100.0% (2/2)", false}};
  chart.target = 80;
  chart.target_label = "目标 80% (target)";
  chart.mark_label = "未达标 (below target)";
  return chart;
}

}  // namespace

TEST_CASE("escape_html turns markup and quotes into character references", "[report][html]") {
  using ownercare::report::escape_html;
  CHECK(escape_html("<script>alert('x')</script> & \"y\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;&#47;script&gt; &amp; &quot;y&quot;");
  CHECK(escape_html("see http://x.cn/a?b=1") == "see http&#58;&#47;&#47;x.cn&#47;a?b&#61;1");
  CHECK(escape_html("张伟 京N12346") == "张伟 京N12346");
}

TEST_CASE("coordinates have at most one decimal and no trailing .0", "[report][html]") {
  using ownercare::report::coordinate;
  CHECK(coordinate(372) == "372");
  CHECK(coordinate(154.5) == "154.5");
  CHECK(coordinate(1.0 / 3) == "0.3");
  CHECK(coordinate(-0.01) == "0");
  CHECK(coordinate(-3) == "-3");
}

TEST_CASE("count axes end at a round maximum with round steps", "[report][html]") {
  auto values = [](const Axis& axis) {
    std::vector<double> found;
    for (const auto& tick : axis.ticks) found.push_back(tick.value);
    return found;
  };
  auto seven = ownercare::report::count_axis(7);
  CHECK(seven.max == 8);
  CHECK(values(seven) == std::vector<double>{0, 2, 4, 6, 8});
  CHECK(seven.ticks[1].label == "2");
  auto many = ownercare::report::count_axis(130);
  CHECK(many.max == 150);
  CHECK(values(many) == std::vector<double>{0, 50, 100, 150});
  CHECK(values(ownercare::report::count_axis(3)) == std::vector<double>{0, 1, 2, 3});
  CHECK(ownercare::report::count_axis(0).max == 1);
  auto percent = ownercare::report::percent_axis();
  CHECK(percent.max == 100);
  CHECK(percent.ticks.size() == 6);
  CHECK(percent.ticks.back().label == "100%");
}

TEST_CASE("a line chart draws each series' points where the geometry says", "[report][html]") {
  auto svg = ownercare::report::render_line_chart(curve_chart());
  CHECK(svg.rfind("<svg ", 0) == 0);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  // x 0..30 over 64..680, y 0..100 over 264..44.
  auto lines = tags(svg, "polyline");
  REQUIRE(lines.size() == 2);
  CHECK(attribute(lines[0], "points") == "64,264 372,154 680,44");
  CHECK(attribute(lines[1], "points") == "64,242 680,220");
  // The two series differ in dash pattern as well as in colour.
  CHECK(attribute(lines[0], "stroke") != attribute(lines[1], "stroke"));
  CHECK(attribute(lines[0], "stroke-dasharray") != attribute(lines[1], "stroke-dasharray"));
  // Accessible name and description, the title drawn, the legend names each series.
  CHECK(contains(svg, "<title>恢复可租 (back to rentable)</title>"));
  CHECK(contains(svg, "<desc>share back per day</desc>"));
  CHECK(occurrences(svg, "状态 -1 (status -1)") == 1);
  CHECK(occurrences(svg, "状态 0 (status 0)") == 1);
  // Ticks labelled on both axes.
  CHECK(contains(svg, ">15</text>"));
  CHECK(contains(svg, ">100%</text>"));
  CHECK(!contains(svg, ownercare::report::kNoData.data()));
}

TEST_CASE("a line chart without points shows the no-data note, not empty axes",
          "[report][html]") {
  auto chart = curve_chart();
  chart.series.clear();
  auto svg = ownercare::report::render_line_chart(chart);
  CHECK(contains(svg, "无数据 (no data)"));
  CHECK(contains(svg, "恢复可租 (back to rentable)"));
  CHECK(tags(svg, "polyline").empty());
  CHECK(tags(svg, "line").empty());
  chart.series = {{"状态 -1 (status -1)", {}}};
  CHECK(contains(ownercare::report::render_line_chart(chart), "无数据 (no data)"));
}

TEST_CASE("a bar chart draws bars to scale, the target line and marks the bars below it",
          "[report][html]") {
  auto svg = ownercare::report::render_bar_chart(callback_chart());
  std::vector<std::string> bars;
  for (const auto& rect : tags(svg, "rect")) {
    if (attribute(rect, "x") == "180") bars.push_back(rect);
  }
  REQUIRE(bars.size() == 2);
  // Row 0 at 52 + 5, row 1 at 52 + 28 + 5; 0..100 over 400 units.
  CHECK(attribute(bars[0], "y") == "57");
  CHECK(attribute(bars[0], "width") == "200");
  CHECK(attribute(bars[0], "height") == "18");
  CHECK(attribute(bars[1], "y") == "85");
  CHECK(attribute(bars[1], "width") == "400");
  // The marked bar in another colour and with the label; the other without.
  CHECK(attribute(bars[0], "fill") != attribute(bars[1], "fill"));
  CHECK(occurrences(svg, "未达标 (below target)") == 1);
  // The target: a dashed vertical line at 180 + 0.8 * 400.
  bool target = false;
  for (const auto& line : tags(svg, "line")) {
    if (attribute(line, "x1") == "500" && attribute(line, "x2") == "500" &&
        !attribute(line, "stroke-dasharray").empty()) {
      target = true;
    }
  }
  CHECK(target);
  CHECK(contains(svg, "目标 80% (target)"));
  CHECK(contains(svg, ">D001</text>"));
  CHECK(contains(svg, ">50.0% (1&#47;2)"));
  CHECK(contains(svg, "<title>回访成功率 (callback success)</title>"));
}

TEST_CASE("a bar chart escapes its labels and cuts long ones", "[report][html]") {
  auto chart = callback_chart();
  chart.bars[0].label = "<b>\"店\" & 'x'</b>";
  chart.bars[1].label = std::string(60, 'D');
  auto svg = ownercare::report::render_bar_chart(chart);
  CHECK(contains(svg, "&lt;b&gt;&quot;店&quot; &amp; &#39;x&#39;&lt;&#47;b&gt;"));
  CHECK(!contains(svg, "<b>"));
  CHECK(contains(svg, ">" + std::string(24, 'D') + "…</text>"));
  // The whole label stays available as the row's tooltip.
  CHECK(contains(svg, "<title>" + std::string(60, 'D') + "</title>"));
}

TEST_CASE("a bar chart without bars shows the no-data note", "[report][html]") {
  auto chart = callback_chart();
  chart.bars.clear();
  auto svg = ownercare::report::render_bar_chart(chart);
  CHECK(contains(svg, "无数据 (no data)"));
  CHECK(tags(svg, "rect").empty());
  CHECK(tags(svg, "line").empty());
}
