#include "report/svg/parts.hpp"

#include "text/text_width.hpp"

namespace kolcat::report::svg {

double LinearScale::operator()(double value) const {
    if (domain_high == domain_low) {
        return range_low;
    }
    return range_low + (value - domain_low) / (domain_high - domain_low) * (range_high - range_low);
}

double estimated_text_width(std::string_view text, double size) {
    // 0.58 em per character fits the system sans-serif fonts the report asks for.
    return static_cast<double>(text::display_width(text)) * size * 0.58;
}

std::string fit_label(std::string_view text, std::size_t max_columns) {
    return text::truncate_to_width(text, max_columns);
}

void open_svg(HtmlBuilder& out, double width, double height, std::string_view accessible_name,
              std::string_view css_class) {
    out.open("svg",
             {{"class", std::string(css_class)},
              {"viewBox", "0 0 " + format_coordinate(width) + " " + format_coordinate(height)},
              {"width", format_coordinate(width)},
              {"height", format_coordinate(height)},
              {"role", "img"},
              {"aria-label", std::string(accessible_name)},
              {"font-size", format_coordinate(font_size)}});
    out.element("title", {}, accessible_name);
}

void focus_marker(HtmlBuilder& out, double x, double y) {
    const std::string points = format_coordinate(x - 4) + "," + format_coordinate(y - 5) + " " +
                               format_coordinate(x + 4) + "," + format_coordinate(y) + " " +
                               format_coordinate(x - 4) + "," + format_coordinate(y + 5);
    out.empty("polygon",
              {{"class", "focus-marker"}, {"points", points}, {"fill", std::string(ink)}});
}

void circle_marker(HtmlBuilder& out, double x, double y, double radius, std::string_view fill,
                   std::string_view stroke, std::string_view css_class) {
    out.empty("circle", {{"class", std::string(css_class)},
                         {"cx", format_coordinate(x)},
                         {"cy", format_coordinate(y)},
                         {"r", format_coordinate(radius)},
                         {"fill", std::string(fill)},
                         {"stroke", std::string(stroke)},
                         {"stroke-width", "1.5"}});
}

void square_marker(HtmlBuilder& out, double x, double y, double side, std::string_view fill,
                   std::string_view stroke, std::string_view css_class) {
    out.empty("rect", {{"class", std::string(css_class)},
                       {"x", format_coordinate(x - side / 2)},
                       {"y", format_coordinate(y - side / 2)},
                       {"width", format_coordinate(side)},
                       {"height", format_coordinate(side)},
                       {"fill", std::string(fill)},
                       {"stroke", std::string(stroke)},
                       {"stroke-width", "1.5"}});
}

void text_at(HtmlBuilder& out, double x, double y, std::string_view anchor, std::string_view text,
             Attributes extra) {
    Attributes attributes = {{"x", format_coordinate(x)}, {"y", format_coordinate(y)}};
    if (anchor != "start") {
        attributes.emplace_back("text-anchor", std::string(anchor));
    }
    for (auto& attribute : extra) {
        attributes.push_back(std::move(attribute));
    }
    out.element("text", attributes, text);
}

void line(HtmlBuilder& out, double x1, double y1, double x2, double y2, std::string_view stroke,
          double width, std::string_view dash, std::string_view css_class) {
    Attributes attributes;
    if (!css_class.empty()) {
        attributes.emplace_back("class", std::string(css_class));
    }
    Attributes geometry = {
        {"x1", format_coordinate(x1)},   {"y1", format_coordinate(y1)},
        {"x2", format_coordinate(x2)},   {"y2", format_coordinate(y2)},
        {"stroke", std::string(stroke)}, {"stroke-width", format_coordinate(width)}};
    attributes.insert(attributes.end(), geometry.begin(), geometry.end());
    if (!dash.empty()) {
        attributes.emplace_back("stroke-dasharray", std::string(dash));
    }
    out.empty("line", attributes);
}

Attributes muted_text(std::string_view css_class) {
    return {{"class", std::string(css_class)},
            {"fill", std::string(muted_ink)},
            {"font-size", format_coordinate(small_font_size)}};
}

Attributes halo() {
    return {{"paint-order", "stroke"},
            {"stroke", "#ffffff"},
            {"stroke-width", "3"},
            {"stroke-linejoin", "round"}};
}

Attributes no_data_text() {
    return {{"class", "no-data"}, {"fill", std::string(muted_ink)}, {"font-style", "italic"}};
}

}  // namespace kolcat::report::svg
