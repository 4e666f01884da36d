#pragma once
// Pieces the report's charts share: the <svg> root, linear scales, estimated text widths,
// greyscale-safe markers and the look (ink, fills, fonts). Charts are drawn with presentation
// attributes rather than classes, so each one stands on its own when copied out of the report.

#include <string>
#include <string_view>
#include <vector>

#include "report/html_builder.hpp"
#include "report/svg/format.hpp"

namespace kolcat::report::svg {

// The palette: each pair differs in lightness, not only in hue, so it survives greyscale
// printing; shapes and dash styles carry the meaning as well.
inline constexpr std::string_view ink = "#1a1a1a";         // text, axes, focus markers
inline constexpr std::string_view muted_ink = "#555555";   // tick labels, "no data"
inline constexpr std::string_view grid = "#dddddd";        // grid lines
inline constexpr std::string_view focus_fill = "#0b2e59";  // the focus region: very dark
inline constexpr std::string_view other_fill = "#a9bdd6";  // compared regions: light
inline constexpr std::string_view other_stroke = "#5f7590";
inline constexpr std::string_view highlight_band = "#eef1f5";  // behind the focus row
inline constexpr std::string_view reference_ink = "#333333";   // Riket
inline constexpr double font_size = 12;
inline constexpr double small_font_size = 11;

// How a chart writes its numbers, and the words it needs in the report's language.
struct ChartNumbers {
    text::NumberStyle style;
    int decimals = 1;
    std::string unit;                 // the axis caption: "andel (%)", "kr", "dagar"; may be empty
    std::string no_data = "no data";  // drawn where a value is missing (never a zero bar)
};

// Maps a data interval onto a pixel interval.
struct LinearScale {
    double domain_low = 0;
    double domain_high = 1;
    double range_low = 0;
    double range_high = 1;

    double operator()(double value) const;
};

// A rough width of text in pixels at `size` (no font metrics are available): enough to lay
// out labels and keep them apart.
double estimated_text_width(std::string_view text, double size = font_size);

// Shortens a label to at most `max_columns` columns, ending with "…".
std::string fit_label(std::string_view text, std::size_t max_columns);

// Opens <svg> with a viewBox, an accessible name (role="img", aria-label) and a <title>.
void open_svg(HtmlBuilder& out, double width, double height, std::string_view accessible_name,
              std::string_view css_class);

// Markers, each centred on (x, y). The class names the element's role, for the report's
// style sheet and for tests.
void focus_marker(HtmlBuilder& out, double x, double y);  // a right-pointing triangle
void circle_marker(HtmlBuilder& out, double x, double y, double radius, std::string_view fill,
                   std::string_view stroke, std::string_view css_class);
void square_marker(HtmlBuilder& out, double x, double y, double side, std::string_view fill,
                   std::string_view stroke, std::string_view css_class);

// <text> at (x, y) with the given anchor ("start", "middle", "end") and extra attributes.
void text_at(HtmlBuilder& out, double x, double y, std::string_view anchor, std::string_view text,
             Attributes extra = {});

// A line segment.
void line(HtmlBuilder& out, double x1, double y1, double x2, double y2, std::string_view stroke,
          double width, std::string_view dash = {}, std::string_view css_class = {});

// Attributes for secondary text: small and grey.
Attributes muted_text(std::string_view css_class);
// Attributes that draw a white outline behind text, so that a value label stays legible where
// it crosses a grid or reference line.
Attributes halo();
// Attributes for the "no data" text: grey italics.
Attributes no_data_text();

}  // namespace kolcat::report::svg
