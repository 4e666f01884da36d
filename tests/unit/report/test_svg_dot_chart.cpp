#include <doctest/doctest.h>

#include <string>

#include "report/svg/dot_chart.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::report;
using kolcat::testing::joined_text;
using kolcat::testing::parse_markup;

namespace {

DotChart life_expectancy() {
    DotChart chart;
    chart.title = "Medellivslängd män, år (2023)";
    chart.dots = {{"Region Jönköpings län", 82.16, false},
                  {"Region Norrbotten", 81.71, true},
                  {"Region Gotland", std::nullopt, false},
                  {"Region Värmland", 80.23, false}};
    chart.reference = ReferenceValue{"Riket", 81.34};
    chart.axis_note = "axeln börjar inte på noll";
    chart.numbers.style = text::NumberStyle::swedish();
    chart.numbers.decimals = 2;
    chart.numbers.unit = "år";
    chart.numbers.no_data = "uppgift saknas";
    return chart;
}

double number(const std::string& text) {
    return std::stod(text);
}

}  // namespace

TEST_CASE("dot plot rule: values on one side of zero, the smallest at least 0.8 of the largest") {
    CHECK(values_far_from_zero({80.23, 84.5}));                // life expectancy: 0.95
    CHECK(values_far_from_zero({std::nullopt, 90.0, 100.0}));  // 0.9; a missing value is skipped
    CHECK(values_far_from_zero({80.0, 100.0}));                // exactly 0.8
    CHECK(values_far_from_zero({-90.0, -100.0}));              // both negative
    CHECK_FALSE(values_far_from_zero({19.5, 24.88}));          // 0.78: bars still differ
    CHECK_FALSE(values_far_from_zero({79.0, 100.0}));
    CHECK_FALSE(values_far_from_zero({-5.0, 3.0}));  // both sides of zero
    CHECK_FALSE(values_far_from_zero({0.0, 0.0}));
    CHECK_FALSE(values_far_from_zero({}));
    CHECK_FALSE(values_far_from_zero({std::nullopt}));
}

TEST_CASE("dot plot: a dot per value on a labelled axis that does not start at zero") {
    const auto svg = parse_markup(dot_chart_svg(life_expectancy()));
    CHECK(svg->attribute("class") == "chart chart-dots");
    CHECK(svg->attribute("aria-label") == "Medellivslängd män, år (2023)");
    const auto dots = svg->find_by_class("dot");
    REQUIRE(dots.size() == 3);  // Gotland has no value: no dot
    CHECK(svg->find_by_class("dot-focus").size() == 1);
    CHECK(svg->find_by_class("no-data")[0]->all_text() == "uppgift saknas");

    // Values 80.23 to 82.16: ticks every 0.5 from 80 to 82.5, none at zero.
    const auto ticks = svg->find_by_class("tick");
    CHECK(joined_text(ticks) == "80,0|80,5|81,0|81,5|82,0|82,5");
    CHECK(svg->find_by_class("axis-not-zero").size() == 1);
    CHECK(svg->find_by_class("unit")[0]->all_text() == "år; axeln börjar inte på noll");

    // Each dot where its value lies between the first and last tick: 81.71 is at
    // (81.71 − 80) / (82.5 − 80) = 0.684 of the way.
    const double first = number(ticks.front()->attribute("x"));
    const double last = number(ticks.back()->attribute("x"));
    CHECK(number(dots[1]->attribute("cx")) ==
          doctest::Approx(first + 0.684 * (last - first)).epsilon(0.01));
    CHECK(number(dots[0]->attribute("cx")) > number(dots[1]->attribute("cx")));
    CHECK(number(dots[2]->attribute("cx")) < number(dots[1]->attribute("cx")));

    CHECK(joined_text(svg->find_by_class("value")) == "82,16|81,71|80,23");
    CHECK(svg->find_by_class("reference-label")[0]->all_text() == "Riket 81,34");
}
