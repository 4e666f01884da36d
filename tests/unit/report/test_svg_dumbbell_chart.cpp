#include <doctest/doctest.h>

#include <string>

#include "report/svg/dumbbell_chart.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::report;
using kolcat::testing::joined_text;
using kolcat::testing::parse_markup;

namespace {

DumbbellChart sample_chart() {
    DumbbellChart chart;
    chart.title = "Ohälsotal: kvinnor och män";
    chart.rows = {{"Region Norrbotten", 30.39, 19.92, true},
                  {"Region Västerbotten", 31.0, std::nullopt, false},
                  {"Region Gotland", std::nullopt, std::nullopt, false},
                  {"Region Halland", 22.5, 16.25, false}};
    chart.women_label = "Kvinnor";
    chart.men_label = "Män";
    chart.women_short = "K";
    chart.men_short = "M";
    chart.missing_short = "saknas";
    chart.numbers.style = text::NumberStyle::swedish();
    chart.numbers.decimals = 1;
    chart.numbers.unit = "dagar";
    chart.numbers.no_data = "uppgift saknas";
    return chart;
}

}  // namespace

TEST_CASE("dumbbell chart: women and men have distinct shapes, joined where both exist") {
    const auto svg = parse_markup(dumbbell_chart_svg(sample_chart()));
    // One legend marker each, plus one per value.
    CHECK(svg->find_by_class("women").size() == 1 + 3);
    CHECK(svg->find_by_class("men").size() == 1 + 2);
    for (const auto* women : svg->find_by_class("women")) {
        CHECK(women->name == "circle");
    }
    for (const auto* men : svg->find_by_class("men")) {
        CHECK(men->name == "rect");
        CHECK(men->attribute("fill") == "#ffffff");  // hollow: apart from the circles in greyscale
    }
    CHECK(svg->find_by_class("gap-line").size() == 2);

    CHECK(joined_text(svg->find_by_class("legend")) == "Kvinnor|Män");
}

TEST_CASE("dumbbell chart: values are written out and missing ones say so") {
    const auto svg = parse_markup(dumbbell_chart_svg(sample_chart()));
    CHECK(joined_text(svg->find_by_class("value-women")) == "K 30,4|K 31,0|K 22,5");
    CHECK(joined_text(svg->find_by_class("value-men")) == "M 19,9|M saknas|M 16,3");
    const auto missing = svg->find_by_class("no-data");
    REQUIRE(missing.size() == 1);  // Gotland: neither value
    CHECK(missing[0]->all_text() == "uppgift saknas");

    // The gap line of the focus row runs from the women's value to the men's.
    const auto lines = svg->find_by_class("gap-line");
    const double women_x = std::stod(lines[0]->attribute("x1"));
    const double men_x = std::stod(lines[0]->attribute("x2"));
    CHECK(women_x > men_x);  // 30.4 lies right of 19.9
    CHECK(svg->find_by_class("label-focus").size() == 1);
    CHECK(svg->find_by_class("unit")[0]->all_text() == "dagar");
}

TEST_CASE("dumbbell chart: no values at all gives one no-data note and no axis") {
    DumbbellChart chart;
    chart.title = "x";
    chart.rows = {{"A", std::nullopt, std::nullopt, true}};
    const auto svg = parse_markup(dumbbell_chart_svg(chart));
    CHECK(svg->find_by_class("tick").empty());
    CHECK(svg->find_by_class("no-data").size() == 2);  // the plot's note and the row's
    CHECK(dumbbell_chart_svg(chart) == dumbbell_chart_svg(chart));
}
