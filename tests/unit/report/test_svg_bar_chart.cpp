#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "report/svg/bar_chart.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::report;
using kolcat::testing::joined_text;
using kolcat::testing::parse_markup;

namespace {

// Relative luminance of "#rrggbb", 0 (black) .. 1 (white): what is left after greyscale printing.
double luminance(const std::string& colour) {
    REQUIRE(colour.size() == 7);
    const auto channel = [&](int at) {
        return std::stoi(colour.substr(static_cast<std::size_t>(at), 2), nullptr, 16) / 255.0;
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

BarChart sample_chart() {
    BarChart chart;
    chart.title = "Ohälsotal, dagar (2022)";
    chart.bars = {{"Region Västerbotten", 27.1, false},
                  {"Region Norrbotten", 24.88, true},
                  {"Region Gotland", std::nullopt, false},
                  {"Region Halland", 19.5, false}};
    chart.reference = ReferenceValue{"Riket", 22.4};
    chart.numbers.style = text::NumberStyle::swedish();
    chart.numbers.decimals = 1;
    chart.numbers.unit = "dagar";
    chart.numbers.no_data = "uppgift saknas";
    return chart;
}

}  // namespace

TEST_CASE("bar chart: one bar per value, the focus region stands out without colour") {
    const auto svg = parse_markup(bar_chart_svg(sample_chart()));
    CHECK(svg->name == "svg");
    CHECK(svg->attribute("role") == "img");
    CHECK(svg->attribute("aria-label") == "Ohälsotal, dagar (2022)");

    const auto bars = svg->find_by_class("bar");
    REQUIRE(bars.size() == 3);  // Gotland has no value: no bar
    const auto focus_bars = svg->find_by_class("bar-focus");
    REQUIRE(focus_bars.size() == 1);
    const std::string other_fill = bars[0]->attribute("fill");
    CHECK(luminance(other_fill) - luminance(focus_bars[0]->attribute("fill")) > 0.4);

    // Bold label, a marker and a band: three cues besides the fill.
    const auto focus_labels = svg->find_by_class("label-focus");
    REQUIRE(focus_labels.size() == 1);
    CHECK(focus_labels[0]->all_text() == "Region Norrbotten");
    CHECK(focus_labels[0]->attribute("font-weight") == "bold");
    CHECK(svg->find_by_class("focus-marker").size() == 1);
    CHECK(svg->find_by_class("focus-band").size() == 1);

    // Bars are proportional to their values from a common zero.
    const double west = std::stod(bars[0]->attribute("width"));
    const double north = std::stod(focus_bars[0]->attribute("width"));
    CHECK(west / north == doctest::Approx(27.1 / 24.88).epsilon(0.01));
}

TEST_CASE("bar chart: value labels, units, ticks and a missing value as text") {
    const auto svg = parse_markup(bar_chart_svg(sample_chart()));
    CHECK(joined_text(svg->find_by_class("value")) == "27,1|24,9|19,5");

    const auto missing = svg->find_by_class("no-data");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0]->all_text() == "uppgift saknas");

    const auto unit = svg->find_by_class("unit");
    REQUIRE(unit.size() == 1);
    CHECK(unit[0]->all_text() == "dagar");

    CHECK(joined_text(svg->find_by_class("tick")) == "0|10|20|30");
}

TEST_CASE("bar chart: Riket is a dashed reference line with a direct label") {
    auto chart = sample_chart();
    auto svg = parse_markup(bar_chart_svg(chart));
    const auto reference = svg->find_by_class("reference");
    REQUIRE(reference.size() == 1);
    CHECK_FALSE(reference[0]->attribute("stroke-dasharray").empty());
    CHECK(reference[0]->attribute("x1") == reference[0]->attribute("x2"));
    const auto label = svg->find_by_class("reference-label");
    REQUIRE(label.size() == 1);
    CHECK(label[0]->all_text() == "Riket 22,4");

    chart.reference->value.reset();
    svg = parse_markup(bar_chart_svg(chart));
    CHECK(svg->find_by_class("reference").empty());
    const auto missing = svg->find_by_class("reference-label");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0]->all_text() == "Riket: uppgift saknas");
}

TEST_CASE("bar chart: negative values grow left of zero") {
    BarChart chart;
    chart.title = "Lönegap";
    chart.bars = {{"A", -28150.0, true}, {"B", 4000.0, false}};
    chart.numbers.style = text::NumberStyle::english();
    chart.numbers.decimals = 0;
    const auto svg = parse_markup(bar_chart_svg(chart));
    const auto bars = svg->find_by_class("bar");
    REQUIRE(bars.size() == 2);
    const double negative_right =
        std::stod(bars[0]->attribute("x")) + std::stod(bars[0]->attribute("width"));
    const double positive_left = std::stod(bars[1]->attribute("x"));
    CHECK(negative_right == doctest::Approx(positive_left));  // both meet at zero
    CHECK(svg->find_by_class("value")[0]->all_text() == "-28,150");
}

TEST_CASE("bar chart: labels are escaped, long ones shortened with the full name kept") {
    BarChart chart;
    chart.title = "<script>alert(1)</script>";
    chart.bars = {{"Norrbottens läns kommuner (ovägt medel) & <b>", 3.0, false}};
    const std::string text = bar_chart_svg(chart);
    CHECK(text.find("<script>") == std::string::npos);
    CHECK(text.find("<b>") == std::string::npos);
    const auto svg = parse_markup(text);
    CHECK(svg->attribute("aria-label") == "<script>alert(1)</script>");
    const auto labels = svg->find_by_class("label");
    REQUIRE(labels.size() == 1);
    const auto titles = labels[0]->find_all("title");
    REQUIRE(titles.size() == 1);
    CHECK(titles[0]->text == "Norrbottens läns kommuner (ovägt medel) & <b>");
    CHECK(labels[0]->text.find("…") != std::string::npos);
}

TEST_CASE("bar chart: output is deterministic and an empty chart says no data") {
    CHECK(bar_chart_svg(sample_chart()) == bar_chart_svg(sample_chart()));
    BarChart empty;
    empty.title = "x";
    const auto svg = parse_markup(bar_chart_svg(empty));
    CHECK(svg->find_by_class("bar").empty());
    CHECK(svg->find_by_class("no-data").size() == 1);
}
