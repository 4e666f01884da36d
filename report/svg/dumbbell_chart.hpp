#pragma once
// Women/men dumbbell chart: per region, a filled circle for women (K) and a hollow square for
// men (M), joined by a line whose length is the sex gap. Shapes and a legend carry the
// meaning, so the chart reads in greyscale. The values are written at the right.

#include <optional>
#include <string>
#include <vector>

#include "report/html_builder.hpp"
#include "report/svg/parts.hpp"

namespace kolcat::report {

struct DumbbellRow {
    std::string label;
    std::optional<double> women;  // K
    std::optional<double> men;    // M
    bool focus = false;
};

struct DumbbellChart {
    std::string title;  // the accessible name
    std::vector<DumbbellRow> rows;
    std::string women_label = "Women";  // legend
    std::string men_label = "Men";
    std::string women_short = "W";  // before the values at the right: "W 30.4", "M 19.9"
    std::string men_short = "M";
    std::string missing_short = "n/a";  // a missing value at the right: "M n/a"
    svg::ChartNumbers numbers;
};

void draw_dumbbell_chart(HtmlBuilder& out, const DumbbellChart& chart);
std::string dumbbell_chart_svg(const DumbbellChart& chart);

}  // namespace kolcat::report
