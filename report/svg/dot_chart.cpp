#include "report/svg/dot_chart.hpp"

#include <algorithm>
#include <cmath>

#include "report/svg/row_chart.hpp"

namespace kolcat::report {
namespace {

using namespace svg::row_chart;

constexpr double value_column = 66;  // value labels right of the plot
constexpr double top = 30;           // room for the reference line's label
constexpr double bottom = 46;        // tick labels, the unit and the axis note
constexpr double dot_radius = 4.5;

}  // namespace

bool values_far_from_zero(const std::vector<std::optional<double>>& values) {
    double smallest = 0;
    double largest = 0;
    bool any = false;
    bool positive = false;
    for (const auto& value : values) {
        if (!value) {
            continue;
        }
        if (*value == 0) {
            return false;
        }
        const double magnitude = std::abs(*value);
        if (!any) {
            positive = *value > 0;
            smallest = largest = magnitude;
            any = true;
            continue;
        }
        if ((*value > 0) != positive) {
            return false;
        }
        smallest = std::min(smallest, magnitude);
        largest = std::max(largest, magnitude);
    }
    return any && smallest >= far_from_zero_ratio * largest;
}

void draw_dot_chart(HtmlBuilder& out, const DotChart& chart) {
    const auto [plot_top, plot_bottom, height, plot_left, plot_right] =
        row_frame(chart.dots, top, bottom, value_column);
    const auto& numbers = chart.numbers;

    std::vector<std::optional<double>> all_values;
    for (const auto& dot : chart.dots) {
        all_values.push_back(dot.value);
    }
    if (chart.reference) {
        all_values.push_back(chart.reference->value);
    }
    // The axis spans the values, not zero: the differences are what the reader compares.
    const auto extent = extent_of(all_values).value_or(Extent{0, 0});
    const AxisTicks ticks = nice_ticks(extent.low, extent.high, 5);
    const svg::LinearScale x{ticks.first(), ticks.last(), plot_left, plot_right};

    svg::open_svg(out, chart_width, height, chart.title, "chart chart-dots");
    for (const double tick : ticks.values) {
        const double at = x(tick);
        svg::line(out, at, plot_top, at, plot_bottom, svg::grid, 0.75);
        svg::text_at(out, at, plot_bottom + 14, "middle",
                     text::format_number(tick, ticks.decimals, numbers.style),
                     svg::muted_text("tick"));
    }
    // The axis starts at its first tick: a broken baseline marks that it is not zero.
    svg::line(out, plot_left, plot_bottom, plot_right, plot_bottom, svg::muted_ink, 1, "4 3",
              "axis-not-zero");
    std::string caption = numbers.unit;
    if (!chart.axis_note.empty()) {
        caption += (caption.empty() ? "" : "; ") + chart.axis_note;
    }
    if (!caption.empty()) {
        svg::text_at(out, (plot_left + plot_right) / 2, plot_bottom + 32, "middle", caption,
                     svg::muted_text("unit"));
    }

    if (chart.dots.empty()) {
        svg::text_at(out, plot_left + 4, plot_top + row_height / 2 + 4, "start", numbers.no_data,
                     svg::no_data_text());
    }
    for (std::size_t i = 0; i < chart.dots.size(); ++i) {
        const BarDatum& dot = chart.dots[i];
        const double row_top = plot_top + static_cast<double>(i) * row_height;
        const double middle = row_top + row_height / 2;
        const double baseline = middle + 4;
        draw_row_label(out, dot.label, dot.focus, row_top, baseline);
        if (!dot.value) {
            svg::text_at(out, plot_left + 4, baseline, "start", numbers.no_data,
                         svg::no_data_text());
            continue;
        }
        // A dotted guide along the row leads the eye from the label to the dot.
        svg::line(out, plot_left, middle, plot_right, middle, svg::grid, 0.75, "1 3", "guide");
        const double at = x(*dot.value);
        svg::circle_marker(out, at, middle, dot.focus ? dot_radius + 1 : dot_radius,
                           dot.focus ? svg::focus_fill : svg::other_fill,
                           dot.focus ? svg::ink : svg::other_stroke,
                           dot.focus ? "dot dot-focus" : "dot");
        Attributes value_attributes = {{"class", "value"}};
        if (dot.focus) {
            value_attributes.emplace_back("font-weight", "bold");
        }
        for (auto& attribute : svg::halo()) {
            value_attributes.push_back(std::move(attribute));
        }
        svg::text_at(out, plot_right + 6, baseline, "start",
                     text::format_number(*dot.value, numbers.decimals, numbers.style),
                     value_attributes);
    }

    if (chart.reference) {
        const ReferenceValue& reference = *chart.reference;
        draw_reference(out, reference.label, reference.value,
                       reference.value ? x(*reference.value) : 0, plot_left, plot_top, plot_bottom,
                       numbers);
    }
    out.close("svg");
}

std::string dot_chart_svg(const DotChart& chart) {
    HtmlBuilder out;
    draw_dot_chart(out, chart);
    return out.finish();
}

}  // namespace kolcat::report
