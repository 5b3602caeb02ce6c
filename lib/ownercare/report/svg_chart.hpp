// Small SVG charts for the HTML report: a line chart (the return-to-rentable curves, the weekly
// trend) and a horizontal bar chart (callback success per dealer against a target, unreachable
// reasons). Each chart is one <svg> element to be put inline in an HTML page: no xmlns (HTML
// needs none), no script, no font, image, url() or other reference; a <title> and a <desc>
// for screen readers; its own title drawn on top.
//
// Drawn to be read on paper in grey too: series differ by dash pattern and marker shape as
// well as colour, the colours differ in lightness, a marked bar carries a text label beside
// its colour. A chart without data draws its title and the note "无数据 (no data)" instead of
// empty axes.
//
// Geometry (SVG user units; the page scales the whole chart to its width). Coordinates are
// written with at most one decimal, without a trailing ".0".
//   Line chart: kLineWidth x kLineHeight; the plot area spans x kLinePlotLeft ...
//     kLinePlotLeft + kLinePlotWidth and y kLinePlotTop ... kLinePlotTop + kLinePlotHeight;
//     a point (x, y) is drawn at plot_left + (x - x_min) / (x_max - x_min) * plot_width,
//     plot_bottom - (y - y_min) / (y_max - y_min) * plot_height. Legend below the axis title.
//   Bar chart: kBarWidth wide; bar i (from 0, top down) is a rect at x kBarPlotLeft,
//     y kBarPlotTop + i * kBarRow + kBarGap, height kBarRow - 2 * kBarGap, width
//     value / value_max * kBarPlotWidth; labels right-aligned left of kBarPlotLeft; the value
//     and the mark label right of the bar; a target is a dashed vertical line at its value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ownercare::report {

// `text` safe inside HTML or SVG content and in a quoted attribute: & < > " ' become
// character references, and so do / : = (so that no text a customer wrote, "http://..." or
// "src=", reads like a reference in the page's source); other bytes are left as they are.
std::string escape_html(std::string_view text);

// A number as a coordinate: at most one decimal, no trailing ".0" ("372", "154.5", "-3").
std::string coordinate(double value);

// One labelled tick of an axis, at `value` in data units.
struct Tick {
  double value = 0;
  std::string label;
};

// An axis from 0 to a round maximum at or above `largest` with 4-6 ticks of a round step
// (1, 2 or 5 times a power of ten, at least 1: counts); largest <= 0 gives 0 ... 1.
struct Axis {
  double max = 1;
  std::vector<Tick> ticks;
};
Axis count_axis(double largest);
// 0 ... 100 in steps of 20, labelled "0%" ... "100%".
Axis percent_axis();

inline constexpr double kLineWidth = 720;
inline constexpr double kLineHeight = 360;
inline constexpr double kLinePlotLeft = 64;
inline constexpr double kLinePlotTop = 44;
inline constexpr double kLinePlotWidth = 616;
inline constexpr double kLinePlotHeight = 220;
inline constexpr double kNoDataHeight = 72;

struct LineSeries {
  std::string name;  // the legend: "中文 (English)"
  std::vector<std::pair<double, double>> points;  // (x, y) in data units, in x order
};

struct LineChart {
  std::string title;        // drawn on top and the SVG <title>
  std::string description;  // the SVG <desc>: what the chart shows, in words
  std::string x_label;
  std::string y_label;
  double x_min = 0;
  double x_max = 1;
  std::vector<Tick> x_ticks;
  Axis y_axis;                // from 0
  std::vector<LineSeries> series;  // at most 4 are told apart by dash and marker
  std::vector<std::string> notes;  // lines of text under the legend (e.g. what has no line)
};

inline constexpr double kBarWidth = 720;
inline constexpr double kBarPlotLeft = 180;
inline constexpr double kBarPlotTop = 52;
inline constexpr double kBarPlotWidth = 400;
inline constexpr double kBarRow = 28;
inline constexpr double kBarGap = 5;

struct Bar {
  std::string label;        // left of the bar; long labels are cut with "…" (full in <title>)
  double value = 0;         // in axis units, drawn from 0
  std::string value_label;  // right of the bar ("66.7% (2/3)")
  bool marked = false;      // drawn in the mark colour with the chart's mark_label
};

struct BarChart {
  std::string title;
  std::string description;
  std::string value_label;  // the axis title under the ticks
  Axis axis;
  std::vector<Bar> bars;
  std::optional<double> target;  // a dashed line at this value
  std::string target_label;      // written above the target line
  std::string mark_label;        // written after the value of a marked bar
  std::string legend;            // one line under the title (what the colours mean), optional
  std::vector<std::string> notes;
};

// The chart as one <svg> element; without any series or points (or bars), the no-data form.
std::string render_line_chart(const LineChart& chart);
std::string render_bar_chart(const BarChart& chart);

// The text the no-data form shows.
inline constexpr std::string_view kNoData = "无数据 (no data)";

}  // namespace ownercare::report
