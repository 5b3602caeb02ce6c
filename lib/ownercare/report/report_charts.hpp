// The HTML report's four charts, built from the figures (SPEC 8; README "HTML report" says
// the same for users):
// * return to rentable: per fleet status (-1, -2, 0) the share of the episodes opened in the
//   period that were back to rentable by day N of the status, N = 0 ... kCurveDays, in
//   percent; a status with no episode opened gets no line, and a note says so;
// * callback success per dealer: reached / orders in percent, a bar per dealer, the 80% target
//   as a dashed line; a dealer below target (below_target) is drawn in the mark colour with
//   "未达标 (below target)" beside its value;
// * unreachable reasons: the dealers' call outcomes other than reached, summed over dealers,
//   a bar per result (Chinese name first) and one for any other result;
// * weekly trend: per week (Monday) the fleet episodes opened and those back to rentable
//   within 30 days, two lines.
// A chart with nothing to show (no dealer, no unreachable outcome, no episode) is empty, which
// the SVG renders as its no-data form.
#pragma once

#include "ownercare/report/report_figures.hpp"
#include "ownercare/report/svg_chart.hpp"

namespace ownercare::report {

// "状态 -1 自动下线（未登录） (status -1, offline: no login)": a fleet status in words, Chinese
// first (the Chinese words those of the fleet tables).
std::string fleet_status_name(int status);

LineChart return_curves_chart(const ReportFigures& figures);
BarChart callback_success_chart(const ReportFigures& figures);
BarChart unreachable_chart(const ReportFigures& figures);
LineChart weekly_trend_chart(const ReportFigures& figures);

}  // namespace ownercare::report
