#include "report/svg/line_chart.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace kolcat::report {
namespace {

constexpr double chart_width = 640;
constexpr double height = 250;
constexpr double plot_left = 64;
constexpr double plot_top = 34;              // unit caption and legend
constexpr double plot_bottom = height - 30;  // year labels
constexpr double label_gap = 13;             // least vertical distance of end labels
constexpr std::size_t max_label_columns = 28;

std::string_view dash_of(LineStyle style) {
    return style == LineStyle::dashed_squares ? "6 4" : "";
}

void marker(HtmlBuilder& out, LineStyle style, double x, double y) {
    if (style == LineStyle::dashed_squares) {
        svg::square_marker(out, x, y, 7, "#ffffff", svg::reference_ink, "point");
    } else {
        svg::circle_marker(out, x, y, 3.5, svg::focus_fill, svg::focus_fill, "point");
    }
}

std::string_view series_class(LineStyle style) {
    return style == LineStyle::dashed_squares ? "series series-dashed" : "series series-solid";
}

std::string_view ink_of(LineStyle style) {
    return style == LineStyle::dashed_squares ? svg::reference_ink : svg::focus_fill;
}

// Values by year within the chart's range.
std::map<int, double> present_points(const LineSeries& series, int first, int last) {
    std::map<int, double> points;
    for (const auto& point : series.points) {
        if (point.value && point.year >= first && point.year <= last) {
            points[point.year] = *point.value;
        }
    }
    return points;
}

// Moves label positions apart (keeping their order) so that no two are closer than `gap`.
void spread_labels(std::vector<double>& positions, double gap) {
    std::vector<std::size_t> order(positions.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return positions[a] < positions[b]; });
    for (std::size_t k = 1; k < order.size(); ++k) {
        const double least = positions[order[k - 1]] + gap;
        if (positions[order[k]] < least) {
            positions[order[k]] = least;
        }
    }
}

}  // namespace

void draw_line_chart(HtmlBuilder& out, const LineChart& chart) {
    if (chart.last_year < chart.first_year) {
        throw std::invalid_argument("line chart: the last year comes before the first");
    }
    const auto& numbers = chart.numbers;
    std::vector<std::map<int, double>> points;
    std::vector<std::optional<double>> all_values;
    for (const auto& series : chart.series) {
        points.push_back(present_points(series, chart.first_year, chart.last_year));
        for (const auto& [year, value] : points.back()) {
            all_values.emplace_back(value);
        }
    }
    const auto extent = extent_of(all_values);

    // Direct labels: name, latest value and its year when that is not the last year. The plot
    // leaves them the room they need at the right.
    std::vector<std::string> end_labels(chart.series.size());
    double widest_label = 0;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        if (points[i].empty()) {
            continue;
        }
        const auto& [year, value] = *points[i].rbegin();
        std::string text = svg::fit_label(chart.series[i].label, max_label_columns) + " " +
                           text::format_number(value, numbers.decimals, numbers.style);
        if (year != chart.last_year) {
            text += " (" + std::to_string(year) + ")";
        }
        const bool bold = chart.series[i].style == LineStyle::solid_circles;
        widest_label = std::max(widest_label, svg::estimated_text_width(text) * (bold ? 1.1 : 1.0));
        end_labels[i] = std::move(text);
    }
    const double plot_right = chart_width - std::clamp(widest_label + 14, 80.0, 270.0);

    svg::open_svg(out, chart_width, height, chart.title, "chart chart-trend");

    // Legend: a sample of each line's style and its label.
    double legend_x = plot_left;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const auto& series = chart.series[i];
        svg::line(out, legend_x, 14, legend_x + 28, 14, ink_of(series.style), 2,
                  dash_of(series.style), "legend-line");
        if (series.style == LineStyle::dashed_squares) {
            svg::square_marker(out, legend_x + 14, 14, 7, "#ffffff", svg::reference_ink,
                               "legend-marker");
        } else {
            svg::circle_marker(out, legend_x + 14, 14, 3.5, svg::focus_fill, svg::focus_fill,
                               "legend-marker");
        }
        std::string text = svg::fit_label(series.label, 40);
        if (points[i].empty()) {
            text += ": " + numbers.no_data;
        }
        svg::text_at(out, legend_x + 34, 18, "start", text, {{"class", "legend"}});
        legend_x += 34 + svg::estimated_text_width(text) + 24;
    }

    const int years = chart.last_year - chart.first_year;
    const svg::LinearScale x{static_cast<double>(chart.first_year),
                             static_cast<double>(chart.last_year), plot_left + 10,
                             years == 0 ? plot_left + 10 : plot_right - 10};
    // Year labels: every year while they fit, otherwise every second (always the last).
    const int every = years > 12 ? 2 : 1;
    for (int year = chart.last_year; year >= chart.first_year; year -= every) {
        svg::text_at(out, x(year), plot_bottom + 16, "middle", std::to_string(year),
                     svg::muted_text("year"));
    }
    svg::line(out, plot_left, plot_bottom, plot_right, plot_bottom, svg::muted_ink, 1);

    if (!extent) {
        svg::text_at(out, (plot_left + plot_right) / 2, (plot_top + plot_bottom) / 2, "middle",
                     numbers.no_data, svg::no_data_text());
        out.close("svg");
        return;
    }

    const AxisTicks ticks = nice_ticks(extent->low, extent->high, 5);
    const svg::LinearScale y{ticks.first(), ticks.last(), plot_bottom, plot_top + 6};
    for (const double tick : ticks.values) {
        svg::line(out, plot_left, y(tick), plot_right, y(tick), svg::grid, 0.75);
        svg::text_at(out, plot_left - 6, y(tick) + 4, "end",
                     text::format_number(tick, ticks.decimals, numbers.style),
                     svg::muted_text("tick"));
    }
    if (!numbers.unit.empty()) {
        svg::text_at(out, 0, plot_top - 2, "start", numbers.unit, svg::muted_text("unit"));
    }

    // Lines: a path broken wherever a year is missing; markers at every value.
    std::vector<double> label_positions;
    std::vector<std::size_t> labelled;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const auto& series = chart.series[i];
        std::string path;
        int previous_year = 0;
        bool first = true;
        for (const auto& [year, value] : points[i]) {
            const bool continues = !first && year == previous_year + 1;
            path += (continues ? " L" : (first ? "M" : " M")) + format_coordinate(x(year)) + " " +
                    format_coordinate(y(value));
            previous_year = year;
            first = false;
        }
        if (!path.empty()) {
            Attributes attributes = {{"class", std::string(series_class(series.style))},
                                     {"d", path},
                                     {"fill", "none"},
                                     {"stroke", std::string(ink_of(series.style))},
                                     {"stroke-width", "2"}};
            if (!dash_of(series.style).empty()) {
                attributes.emplace_back("stroke-dasharray", std::string(dash_of(series.style)));
            }
            out.empty("path", attributes);
        }
        for (const auto& [year, value] : points[i]) {
            marker(out, series.style, x(year), y(value));
        }
        if (!points[i].empty()) {
            label_positions.push_back(y(points[i].rbegin()->second) + 4);
            labelled.push_back(i);
        }
    }

    spread_labels(label_positions, label_gap);
    for (std::size_t k = 0; k < labelled.size(); ++k) {
        const std::size_t i = labelled[k];
        Attributes attributes = {{"class", "end-label"}};
        if (chart.series[i].style == LineStyle::solid_circles) {
            attributes.emplace_back("font-weight", "bold");
        }
        for (auto& attribute : svg::halo()) {
            attributes.push_back(std::move(attribute));
        }
        svg::text_at(out, plot_right + 6, label_positions[k], "start", end_labels[i], attributes);
    }
    out.close("svg");
}

std::string line_chart_svg(const LineChart& chart) {
    HtmlBuilder out;
    draw_line_chart(out, chart);
    return out.finish();
}

}  // namespace kolcat::report
