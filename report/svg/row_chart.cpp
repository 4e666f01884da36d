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

void draw_reference(HtmlBuilder& out, const std::string& label, const std::optional<double>& value,
                    double at, double plot_left, double plot_top, double plot_bottom,
                    const ChartNumbers& numbers) {
    if (!value) {
        Attributes attributes = no_data_text();
        attributes.front().second = "no-data reference-label";
        text_at(out, plot_left, plot_top - 10, "start", label + ": " + numbers.no_data, attributes);
        return;
    }
    line(out, at, plot_top - 6, at, plot_bottom, reference_ink, 1.5, "5 3", "reference");
    const std::string text =
        label + " " + text::format_number(*value, numbers.decimals, numbers.style);
    const double half = estimated_text_width(text) / 2;
    const std::string_view anchor = at - half < 0             ? "start"
                                    : at + half > chart_width ? "end"
                                                              : "middle";
    Attributes label_attributes = {{"class", "reference-label"}, {"font-weight", "bold"}};
    for (auto& attribute : halo()) {
        label_attributes.push_back(std::move(attribute));
    }
    text_at(out, at, plot_top - 10, anchor, text, label_attributes);
}

}  // namespace kolcat::report::svg::row_chart
