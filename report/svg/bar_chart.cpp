#include "report/svg/bar_chart.hpp"

#include <algorithm>

#include "report/svg/row_chart.hpp"

namespace kolcat::report {
namespace {

using namespace svg::row_chart;

constexpr double value_column = 66;  // value labels right of the longest bar
constexpr double top = 30;           // room for the reference line's label
constexpr double bar_height = 13;
constexpr double bottom = 42;  // tick labels and the unit caption

}  // namespace

void draw_bar_chart(HtmlBuilder& out, const BarChart& chart) {
    const auto [plot_top, plot_bottom, height, plot_left, plot_right] =
        row_frame(chart.bars, top, bottom, value_column);
    const auto& numbers = chart.numbers;

    std::vector<std::optional<double>> all_values;
    for (const auto& bar : chart.bars) {
        all_values.push_back(bar.value);
    }
    if (chart.reference) {
        all_values.push_back(chart.reference->value);
    }
    // Bars grow from zero, so zero is always on the axis.
    const auto extent = extent_of(all_values).value_or(Extent{0, 0});
    const AxisTicks ticks = nice_ticks(std::min(0.0, extent.low), std::max(0.0, extent.high), 5);
    const svg::LinearScale x{ticks.first(), ticks.last(), plot_left, plot_right};

    svg::open_svg(out, chart_width, height, chart.title, "chart chart-bars");

    for (const double tick : ticks.values) {
        const double at = x(tick);
        svg::line(out, at, plot_top, at, plot_bottom, tick == 0 ? svg::muted_ink : svg::grid,
                  tick == 0 ? 1.0 : 0.75);
        svg::text_at(out, at, plot_bottom + 14, "middle",
                     text::format_number(tick, ticks.decimals, numbers.style),
                     svg::muted_text("tick"));
    }
    if (!numbers.unit.empty()) {
        svg::text_at(out, (plot_left + plot_right) / 2, plot_bottom + 32, "middle", numbers.unit,
                     svg::muted_text("unit"));
    }

    const double zero = x(0);
    if (chart.bars.empty()) {
        svg::text_at(out, zero + 4, plot_top + row_height / 2 + 4, "start", numbers.no_data,
                     svg::no_data_text());
    }
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const BarDatum& bar = chart.bars[i];
        const double row_top = plot_top + static_cast<double>(i) * row_height;
        const double middle = row_top + row_height / 2;
        const double baseline = middle + 4;
        draw_row_label(out, bar.label, bar.focus, row_top, baseline);

        if (!bar.value) {
            const bool room_right = plot_right - zero > 80;
            svg::text_at(out, room_right ? zero + 4 : zero - 4, baseline,
                         room_right ? "start" : "end", numbers.no_data, svg::no_data_text());
            continue;
        }
        const double value = *bar.value;
        const double end = x(value);
        out.empty("rect", {{"class", bar.focus ? "bar bar-focus" : "bar"},
                           {"x", format_coordinate(std::min(zero, end))},
                           {"y", format_coordinate(middle - bar_height / 2)},
                           {"width", format_coordinate(std::abs(end - zero))},
                           {"height", format_coordinate(bar_height)},
                           {"fill", std::string(bar.focus ? svg::focus_fill : svg::other_fill)},
                           {"stroke", std::string(bar.focus ? svg::ink : svg::other_stroke)},
                           {"stroke-width", "0.75"}});
        Attributes value_attributes = {{"class", "value"}};
        if (bar.focus) {
            value_attributes.emplace_back("font-weight", "bold");
        }
        for (auto& attribute : svg::halo()) {
            value_attributes.push_back(std::move(attribute));
        }
        const bool negative = value < 0;
        svg::text_at(out, negative ? end - 4 : end + 4, baseline, negative ? "end" : "start",
                     text::format_number(value, numbers.decimals, numbers.style), value_attributes);
    }

    // The national reference: a dashed line across the rows, labelled above the plot.
    if (chart.reference) {
        const ReferenceValue& reference = *chart.reference;
        draw_reference(out, reference.label, reference.value,
                       reference.value ? x(*reference.value) : 0, plot_left, plot_top, plot_bottom,
                       numbers);
    }
    out.close("svg");
}

std::string bar_chart_svg(const BarChart& chart) {
    HtmlBuilder out;
    draw_bar_chart(out, chart);
    return out.finish();
}

}  // namespace kolcat::report
