#pragma once
// Dot plot of one key figure's latest values across the compared regions, for values far from
// zero (life expectancy, 80 to 84 years), where bars from zero would all look alike: a dot per
// unit on an axis that spans the values and is labelled, so that it plainly does not start at
// zero. The focus region and Riket are marked as in the bar chart.

#include <optional>
#include <string>
#include <vector>

#include "report/html_builder.hpp"
#include "report/svg/bar_chart.hpp"
#include "report/svg/parts.hpp"

namespace kolcat::report {

// The rule that chooses a dot plot over bars: every value on the same side of zero, and the
// smallest at least `far_from_zero_ratio` of the largest (by magnitude). Bars from zero would
// then differ by less than a fifth of their length. False when no value is present.
inline constexpr double far_from_zero_ratio = 0.8;
bool values_far_from_zero(const std::vector<std::optional<double>>& values);

struct DotChart {
    std::string title;           // the accessible name
    std::vector<BarDatum> dots;  // drawn top to bottom in this order
    std::optional<ReferenceValue> reference;
    std::string axis_note;  // under the axis: "the axis does not start at zero"
    svg::ChartNumbers numbers;
};

void draw_dot_chart(HtmlBuilder& out, const DotChart& chart);
std::string dot_chart_svg(const DotChart& chart);

}  // namespace kolcat::report
