#pragma once
// The layout that the report's horizontal row charts (bars, dumbbells) share: one row per unit,
// its name on the left, the focus region marked with a band, a triangle and bold type.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "report/html_builder.hpp"
#include "report/svg/parts.hpp"

namespace kolcat::report::svg::row_chart {

inline constexpr double chart_width = 640;
inline constexpr double marker_column = 14;  // the focus triangle, left of the labels
inline constexpr double row_height = 20;
inline constexpr std::size_t max_label_columns = 30;

// The width of the label column for these rows (anything with `label` and `focus`), within
// bounds so that the plot keeps its room.
template <typename Row>
double label_column_width(const std::vector<Row>& rows) {
    double widest = 0;
    for (const auto& row : rows) {
        const double width = estimated_text_width(fit_label(row.label, max_label_columns));
        widest = std::max(widest, width * (row.focus ? 1.08 : 1.0));  // bold runs wider
    }
    return std::clamp(widest + 10, 70.0, 210.0);
}

// Where a row chart's plot lies: `top` above the rows for labels or a legend, `bottom` below
// them for the ticks and captions, `value_column` right of the plot for the values.
struct RowFrame {
    double plot_top = 0;
    double plot_bottom = 0;
    double height = 0;
    double plot_left = 0;
    double plot_right = 0;
};

template <typename Row>
RowFrame row_frame(const std::vector<Row>& rows, double top, double bottom, double value_column) {
    const std::size_t count = std::max<std::size_t>(rows.size(), 1);
    RowFrame frame;
    frame.plot_top = top;
    frame.plot_bottom = top + static_cast<double>(count) * row_height;
    frame.height = frame.plot_bottom + bottom;
    frame.plot_left = marker_column + label_column_width(rows);
    frame.plot_right = chart_width - value_column;
    return frame;
}

// The unit's name left of its row, cut to fit (the whole name as a tooltip); for the focus,
// bold, with a triangle and a band across the chart.
void draw_row_label(HtmlBuilder& out, const std::string& name, bool focus, double row_top,
                    double baseline);

// The national reference: a dashed line across the rows at `at` (nullopt: no value), labelled
// above the plot with its name and value, or "Riket: no data" at the plot's left.
void draw_reference(HtmlBuilder& out, const std::string& label, const std::optional<double>& value,
                    double at, double plot_left, double plot_top, double plot_bottom,
                    const ChartNumbers& numbers);

}  // namespace kolcat::report::svg::row_chart
