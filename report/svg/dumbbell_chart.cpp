#include "report/svg/dumbbell_chart.hpp"

#include <algorithm>

#include "report/svg/row_chart.hpp"

namespace kolcat::report {
namespace {

using namespace svg::row_chart;

constexpr double value_column = 160;  // "K 30,4" and "M 19,9" in two columns right of the plot
constexpr double men_value_offset = 75;
constexpr double top = 32;  // the legend
constexpr double bottom = 42;
constexpr double circle_radius = 4.5;
constexpr double square_side = 8.5;

// Women: a filled circle; men: a hollow square. Different shapes and fills, so that the two
// stay apart in greyscale and for readers who cannot tell colours apart.
void women_marker(HtmlBuilder& out, double x, double y) {
    svg::circle_marker(out, x, y, circle_radius, svg::focus_fill, svg::ink, "women");
}

void men_marker(HtmlBuilder& out, double x, double y) {
    svg::square_marker(out, x, y, square_side, "#ffffff", svg::ink, "men");
}

}  // namespace

void draw_dumbbell_chart(HtmlBuilder& out, const DumbbellChart& chart) {
    const auto [plot_top, plot_bottom, height, plot_left, plot_right] =
        row_frame(chart.rows, top, bottom, value_column);
    const auto& numbers = chart.numbers;

    std::vector<std::optional<double>> all_values;
    for (const auto& row : chart.rows) {
        all_values.push_back(row.women);
        all_values.push_back(row.men);
    }
    const auto extent = extent_of(all_values);

    svg::open_svg(out, chart_width, height, chart.title, "chart chart-dumbbell");

    // Legend: the two shapes with their names.
    women_marker(out, plot_left + 6, 14);
    svg::text_at(out, plot_left + 16, 18, "start", chart.women_label, {{"class", "legend"}});
    const double men_x = plot_left + 30 + svg::estimated_text_width(chart.women_label) + 12;
    men_marker(out, men_x, 14);
    svg::text_at(out, men_x + 10, 18, "start", chart.men_label, {{"class", "legend"}});

    if (!extent) {
        svg::text_at(out, (plot_left + plot_right) / 2, (plot_top + plot_bottom) / 2 + 4, "middle",
                     numbers.no_data, svg::no_data_text());
    }
    // The gap is the point, so the axis spans the values rather than starting at zero.
    const AxisTicks ticks = nice_ticks(extent ? extent->low : 0, extent ? extent->high : 1, 5);
    const svg::LinearScale x{ticks.first(), ticks.last(), plot_left, plot_right};
    if (extent) {
        for (const double tick : ticks.values) {
            const double at = x(tick);
            svg::line(out, at, plot_top, at, plot_bottom, svg::grid, 0.75);
            svg::text_at(out, at, plot_bottom + 14, "middle",
                         text::format_number(tick, ticks.decimals, numbers.style),
                         svg::muted_text("tick"));
        }
        if (!numbers.unit.empty()) {
            svg::text_at(out, (plot_left + plot_right) / 2, plot_bottom + 32, "middle",
                         numbers.unit, svg::muted_text("unit"));
        }
    }

    const auto value_text = [&](const std::optional<double>& value) {
        return value ? text::format_number(*value, numbers.decimals, numbers.style)
                     : chart.missing_short;
    };
    for (std::size_t i = 0; i < chart.rows.size(); ++i) {
        const DumbbellRow& row = chart.rows[i];
        const double row_top = plot_top + static_cast<double>(i) * row_height;
        const double middle = row_top + row_height / 2;
        const double baseline = middle + 4;
        draw_row_label(out, row.label, row.focus, row_top, baseline);

        if (!row.women && !row.men) {
            svg::text_at(out, plot_left + 4, baseline, "start", numbers.no_data,
                         svg::no_data_text());
            continue;
        }
        if (row.women && row.men) {
            svg::line(out, x(*row.women), middle, x(*row.men), middle, "#8a8a8a", 2.5, {},
                      "gap-line");
        }
        // Men first, so that the women's filled circle stays visible when both coincide.
        if (row.men) {
            men_marker(out, x(*row.men), middle);
        }
        if (row.women) {
            women_marker(out, x(*row.women), middle);
        }
        const auto value_attributes = [&](std::string_view css_class) {
            Attributes attributes = {{"class", std::string(css_class)},
                                     {"font-size", format_coordinate(svg::small_font_size)}};
            if (row.focus) {
                attributes.emplace_back("font-weight", "bold");
            }
            return attributes;
        };
        svg::text_at(out, plot_right + 10, baseline, "start",
                     chart.women_short + " " + value_text(row.women),
                     value_attributes("value-women"));
        svg::text_at(out, plot_right + 10 + men_value_offset, baseline, "start",
                     chart.men_short + " " + value_text(row.men), value_attributes("value-men"));
    }
    out.close("svg");
}

std::string dumbbell_chart_svg(const DumbbellChart& chart) {
    HtmlBuilder out;
    draw_dumbbell_chart(out, chart);
    return out.finish();
}

}  // namespace kolcat::report
