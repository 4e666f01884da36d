#include "report/svg/row_chart.hpp"

namespace kolcat::report::svg::row_chart {

void draw_row_label(HtmlBuilder& out, const std::string& name, bool focus, double row_top,
                    double baseline) {
    if (focus) {
        out.empty("rect", {{"class", "focus-band"},
                           {"x", "0"},
                           {"y", format_coordinate(row_top)},
                           {"width", format_coordinate(chart_width)},
                           {"height", format_coordinate(row_height)},
                           {"fill", std::string(highlight_band)}});
        focus_marker(out, 6, row_top + row_height / 2);
    }
    const std::string label = fit_label(name, max_label_columns);
    Attributes attributes = {{"class", focus ? "label label-focus" : "label"},
                             {"x", format_coordinate(marker_column)},
                             {"y", format_coordinate(baseline)}};
    if (focus) {
        attributes.emplace_back("font-weight", "bold");
    }
    out.open("text", attributes);
    if (label != name) {
        out.element("title", {}, name);  // the whole name as a tooltip
    }
    out.text(label).close("text");
}

}  // namespace kolcat::report::svg::row_chart
