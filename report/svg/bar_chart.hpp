#pragma once
// Horizontal bar chart of one key figure's latest values across the compared regions: the
// focus region stands out by a darker bar, a bold label and a triangle marker (not by colour
// alone), and the national value (Riket) is a dashed reference line with a direct label.

#include <optional>
#include <string>
#include <vector>

#include "report/html_builder.hpp"
#include "report/svg/parts.hpp"

namespace kolcat::report {

struct BarDatum {
    std::string label;
    std::optional<double> value;  // missing: drawn as the "no data" text, never as a bar
    bool focus = false;
};

struct ReferenceValue {
    std::string label;  // "Riket"
    std::optional<double> value;
};

struct BarChart {
    std::string title;           // the accessible name
    std::vector<BarDatum> bars;  // drawn top to bottom in this order
    std::optional<ReferenceValue> reference;
    svg::ChartNumbers numbers;
};

void draw_bar_chart(HtmlBuilder& out, const BarChart& chart);
std::string bar_chart_svg(const BarChart& chart);

}  // namespace kolcat::report
