#pragma once
// Trend chart: one line per series over a range of years (the focus region solid with round
// markers, Riket dashed with square markers), a legend showing each line's style, and a direct
// label with the latest value at the end of each line. A missing year breaks the line; it is
// never drawn as zero.

#include <optional>
#include <string>
#include <vector>

#include "report/html_builder.hpp"
#include "report/svg/parts.hpp"

namespace kolcat::report {

enum class LineStyle { solid_circles, dashed_squares };

struct YearValue {
    int year = 0;
    std::optional<double> value;
};

struct LineSeries {
    std::string label;
    LineStyle style = LineStyle::solid_circles;
    std::vector<YearValue> points;  // years outside the chart's range are ignored
};

struct LineChart {
    std::string title;  // the accessible name
    int first_year = 0;
    int last_year = 0;
    std::vector<LineSeries> series;
    svg::ChartNumbers numbers;
};

void draw_line_chart(HtmlBuilder& out, const LineChart& chart);
std::string line_chart_svg(const LineChart& chart);

}  // namespace kolcat::report
