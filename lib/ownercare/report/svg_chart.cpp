#include "ownercare/report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ownercare/report/display_width.hpp"

namespace ownercare::report {

namespace {

// Local fonts only, Chinese first; a page opened anywhere finds one of them or sans-serif.
constexpr const char* kFonts =
    "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Zen Hei','Microsoft YaHei',"
    "'PingFang SC',sans-serif";
constexpr const char* kInk = "#222222";
constexpr const char* kGrid = "#dddddd";
constexpr const char* kMuted = "#555555";
// Series: dark, middle and light in grey, told apart by dash and marker as well.
struct SeriesStyle {
  const char* colour;
  const char* dash;
  const char* marker;  // circle, square, triangle, diamond
};
constexpr SeriesStyle kSeries[] = {{"#1b3a5c", "none", "circle"},
                                   {"#e08a1e", "7 4", "square"},
                                   {"#b03a2e", "2 3", "triangle"},
                                   {"#5d8aa8", "10 3 2 3", "diamond"}};
constexpr const char* kBarColour = "#1b3a5c";
constexpr const char* kMarkColour = "#e08a1e";
constexpr const char* kMarkText = "#8a3b00";
// Pixels per display column at font size 12 (a Chinese character is two columns).
constexpr double kColumnWidth = 6.5;
constexpr double kLineStep = 18;
constexpr std::size_t kLabelColumns = 26;  // longer bar labels are cut to 24 columns and "…"
constexpr std::size_t kCutColumns = 24;

double text_width(std::string_view text) {
  return static_cast<double>(display_width(text)) * kColumnWidth;
}

// The first UTF-8 characters of `text` that fit in `columns` display columns.
std::string cut_to(std::string_view text, std::size_t columns) {
  std::size_t end = 0;
  while (end < text.size()) {
    std::size_t next = end + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    if (display_width(text.substr(0, next)) > columns) break;
    end = next;
  }
  return std::string(text.substr(0, end));
}

std::string svg_open(double width, double height, const std::string& title,
                     const std::string& description) {
  return fmt::format(
      "<svg width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "font-family=\"{2}\" font-size=\"12\" fill=\"{3}\">\n"
      "<title>{4}</title>\n<desc>{5}</desc>\n"
      "<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{4}</text>\n",
      coordinate(width), coordinate(height), kFonts, kInk, escape_html(title),
      escape_html(description));
}

std::string text_at(double x, double y, std::string_view text, const char* anchor = "start",
                    const std::string& extra = "") {
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}>{}</text>\n", coordinate(x),
                     coordinate(y), anchor, extra, escape_html(text));
}

std::string line_at(double x1, double y1, double x2, double y2, const char* stroke,
                    const std::string& extra = "") {
  return fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"{}/>\n", coordinate(x1),
      coordinate(y1), coordinate(x2), coordinate(y2), stroke, extra);
}

std::string no_data(const std::string& title, const std::string& description) {
  return svg_open(kBarWidth, kNoDataHeight, title, description) +
         text_at(8, 52, kNoData, "start", fmt::format(" fill=\"{}\"", kMuted)) + "</svg>\n";
}

std::string marker(const SeriesStyle& style, double x, double y) {
  std::string shape = style.marker;
  if (shape == "circle") {
    return fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"/>\n", coordinate(x),
                       coordinate(y), style.colour);
  }
  if (shape == "square") {
    return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"6\" height=\"6\" fill=\"{}\"/>\n",
                       coordinate(x - 3), coordinate(y - 3), style.colour);
  }
  std::string points =
      shape == "triangle"
          ? fmt::format("{},{} {},{} {},{}", coordinate(x), coordinate(y - 4), coordinate(x + 4),
                        coordinate(y + 3), coordinate(x - 4), coordinate(y + 3))
          : fmt::format("{},{} {},{} {},{} {},{}", coordinate(x), coordinate(y - 4),
                        coordinate(x + 4), coordinate(y), coordinate(x), coordinate(y + 4),
                        coordinate(x - 4), coordinate(y));
  return fmt::format("<polygon points=\"{}\" fill=\"{}\"/>\n", points, style.colour);
}

// Lines of text from `y` on, one kLineStep apart; returns the y after the last.
double write_notes(std::string& svg, const std::vector<std::string>& notes, double y) {
  for (const auto& note : notes) {
    svg += text_at(8, y, note, "start", fmt::format(" fill=\"{}\"", kMuted));
    y += kLineStep;
  }
  return y;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      // Not needed for HTML, but a note holding "http://x" or "src=" then cannot even look
      // like a reference to a check of the page (or a careless reader of its source).
      case '/': escaped += "&#47;"; break;
      case ':': escaped += "&#58;"; break;
      case '=': escaped += "&#61;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string coordinate(double value) {
  double rounded = std::round(value * 10) / 10;
  if (rounded == 0) rounded = 0;  // no "-0"
  std::string text = fmt::format("{:.1f}", rounded);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

Axis count_axis(double largest) {
  Axis axis;
  if (!(largest > 0)) {
    axis.max = 1;
    axis.ticks = {{0, "0"}, {1, "1"}};
    return axis;
  }
  double raw = largest / 5;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double normal = raw / magnitude;
  double step = (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10) * magnitude;
  step = std::max(step, 1.0);
  axis.max = std::ceil(largest / step - 1e-9) * step;
  for (double value = 0; value <= axis.max + step / 2; value += step) {
    axis.ticks.push_back({value, fmt::format("{:.0f}", value)});
  }
  return axis;
}

Axis percent_axis() {
  Axis axis;
  axis.max = 100;
  for (int value = 0; value <= 100; value += 20) {
    axis.ticks.push_back({static_cast<double>(value), fmt::format("{}%", value)});
  }
  return axis;
}

std::string render_line_chart(const LineChart& chart) {
  bool any = std::any_of(chart.series.begin(), chart.series.end(),
                         [](const LineSeries& series) { return !series.points.empty(); });
  if (!any) return no_data(chart.title, chart.description);

  const double left = kLinePlotLeft;
  const double right = kLinePlotLeft + kLinePlotWidth;
  const double top = kLinePlotTop;
  const double bottom = kLinePlotTop + kLinePlotHeight;
  const double x_span = chart.x_max > chart.x_min ? chart.x_max - chart.x_min : 1;
  const double y_max = chart.y_axis.max > 0 ? chart.y_axis.max : 1;
  auto px = [&](double x) { return left + (x - chart.x_min) / x_span * kLinePlotWidth; };
  auto py = [&](double y) { return bottom - y / y_max * kLinePlotHeight; };

  std::string body;
  for (const auto& tick : chart.y_axis.ticks) {
    body += line_at(left, py(tick.value), right, py(tick.value), kGrid);
    body += text_at(left - 6, py(tick.value) + 4, tick.label, "end");
  }
  body += line_at(left, top, left, bottom, kInk);
  body += line_at(left, bottom, right, bottom, kInk);
  for (const auto& tick : chart.x_ticks) {
    body += line_at(px(tick.value), bottom, px(tick.value), bottom + 5, kInk);
    body += text_at(px(tick.value), bottom + 18, tick.label, "middle");
  }
  body += text_at(left + kLinePlotWidth / 2, bottom + 38, chart.x_label, "middle");
  body += fmt::format(
      "<text transform=\"rotate(-90)\" x=\"{}\" y=\"16\" text-anchor=\"middle\">{}</text>\n",
      coordinate(-(top + kLinePlotHeight / 2)), escape_html(chart.y_label));

  double legend_x = left;
  double legend_y = bottom + 64;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const auto& series = chart.series[s];
    const auto& style = kSeries[s % std::size(kSeries)];
    if (!series.points.empty()) {
      std::string points;
      for (const auto& [x, y] : series.points) {
        points += (points.empty() ? "" : " ") + coordinate(px(x)) + "," + coordinate(py(y));
      }
      body += fmt::format(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "stroke-dasharray=\"{}\"/>\n",
          points, style.colour, style.dash);
      for (const auto& [x, y] : series.points) body += marker(style, px(x), py(y));
    }
    double item = 34 + text_width(series.name) + 18;
    if (legend_x > left && legend_x + item > kLineWidth - 8) {
      legend_x = left;
      legend_y += kLineStep;
    }
    body += line_at(legend_x, legend_y - 4, legend_x + 28, legend_y - 4, style.colour,
                    fmt::format(" stroke-width=\"2\" stroke-dasharray=\"{}\"", style.dash));
    body += marker(style, legend_x + 14, legend_y - 4);
    body += text_at(legend_x + 34, legend_y, series.name);
    legend_x += item;
  }
  double end = write_notes(body, chart.notes, legend_y + kLineStep + 4);
  double height = std::max(kLineHeight, end - kLineStep + 14);
  return svg_open(kLineWidth, height, chart.title, chart.description) + body + "</svg>\n";
}

std::string render_bar_chart(const BarChart& chart) {
  if (chart.bars.empty()) return no_data(chart.title, chart.description);

  const double left = kBarPlotLeft;
  const double top = kBarPlotTop;
  const double bottom = top + static_cast<double>(chart.bars.size()) * kBarRow;
  const double value_max = chart.axis.max > 0 ? chart.axis.max : 1;
  auto px = [&](double value) {
    return left + std::clamp(value, 0.0, value_max) / value_max * kBarPlotWidth;
  };

  std::string body;
  for (const auto& tick : chart.axis.ticks) {
    body += line_at(px(tick.value), top, px(tick.value), bottom, kGrid);
    body += text_at(px(tick.value), bottom + 16, tick.label, "middle");
  }
  body += line_at(left, top, left, bottom, kInk);
  body += line_at(left, bottom, left + kBarPlotWidth, bottom, kInk);
  std::string values;  // drawn last, over the target line
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const auto& bar = chart.bars[i];
    double row = top + static_cast<double>(i) * kBarRow;
    double middle = row + kBarRow / 2 + 4;
    if (display_width(bar.label) > kLabelColumns) {
      body += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}…</text>\n",
          coordinate(left - 8), coordinate(middle), escape_html(bar.label),
          escape_html(cut_to(bar.label, kCutColumns)));
    } else {
      body += text_at(left - 8, middle, bar.label, "end");
    }
    double width = px(bar.value) - left;
    body += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n",
                        coordinate(left), coordinate(row + kBarGap), coordinate(width),
                        coordinate(kBarRow - 2 * kBarGap),
                        bar.marked ? kMarkColour : kBarColour);
    std::string mark;
    if (bar.marked && !chart.mark_label.empty()) {
      mark = fmt::format("<tspan font-weight=\"bold\" fill=\"{}\"> ▼ {}</tspan>", kMarkText,
                         escape_html(chart.mark_label));
    }
    // A white halo keeps the value legible where the target line crosses it.
    values += fmt::format(
        "<text x=\"{}\" y=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" "
        "paint-order=\"stroke\">{}{}</text>\n",
        coordinate(left + width + 6), coordinate(middle), escape_html(bar.value_label), mark);
  }
  // The target over the bars, the values over the target.
  if (chart.target) {
    double x = px(*chart.target);
    // White under the dashes: the line shows across a dark bar as well as on paper.
    body += line_at(x, top - 4, x, bottom + 2, "#ffffff", " stroke-width=\"3.5\"");
    body += line_at(x, top - 4, x, bottom + 2, kInk,
                    " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
    body += text_at(x, top - 8, chart.target_label, "middle");
  }
  body += values;
  body += text_at(left + kBarPlotWidth / 2, bottom + 36, chart.value_label, "middle");
  double y = bottom + 58;
  if (!chart.legend.empty()) {
    body += text_at(8, y, chart.legend, "start", fmt::format(" fill=\"{}\"", kMuted));
    y += kLineStep;
  }
  y = write_notes(body, chart.notes, y);
  return svg_open(kBarWidth, y - kLineStep + 14, chart.title, chart.description) + body +
         "</svg>\n";
}

}  // namespace ownercare::report
