#include <doctest/doctest.h>

#include <string>

#include "report/svg/line_chart.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::report;
using kolcat::testing::joined_text;
using kolcat::testing::parse_markup;

namespace {

LineChart sample_chart() {
    LineChart chart;
    chart.title = "Ohälsotal 2013–2022";
    chart.first_year = 2013;
    chart.last_year = 2022;
    LineSeries focus{"Region Norrbotten", LineStyle::solid_circles, {}};
    for (int year = 2013; year <= 2022; ++year) {
        if (year == 2017) {
            focus.points.push_back({year, std::nullopt});  // a gap
        } else {
            focus.points.push_back({year, 30.0 - (year - 2013)});
        }
    }
    LineSeries national{"Riket",
                        LineStyle::dashed_squares,
                        {{2012, 99.0}, {2020, 25.0}, {2021, 24.5}}};  // 2012: out of range
    chart.series = {focus, national};
    chart.numbers.style = text::NumberStyle::swedish();
    chart.numbers.decimals = 1;
    chart.numbers.unit = "dagar";
    chart.numbers.no_data = "uppgift saknas";
    return chart;
}

}  // namespace

TEST_CASE("line chart: solid and dashed lines with markers, broken where a year is missing") {
    const auto svg = parse_markup(line_chart_svg(sample_chart()));
    const auto solid = svg->find_by_class("series-solid");
    const auto dashed = svg->find_by_class("series-dashed");
    REQUIRE(solid.size() == 1);
    REQUIRE(dashed.size() == 1);
    CHECK(solid[0]->attribute("stroke-dasharray").empty());
    CHECK_FALSE(dashed[0]->attribute("stroke-dasharray").empty());
    // 2017 is missing: the path starts again after it.
    const std::string path = solid[0]->attribute("d");
    CHECK(std::count(path.begin(), path.end(), 'M') == 2);
    // Nine focus points and two for Riket (2012 lies outside the chart).
    CHECK(svg->find_by_class("point").size() == 9 + 2);

    std::vector<std::string> years;
    for (const auto* node : svg->find_by_class("year")) {
        years.push_back(node->all_text());
    }
    CHECK(years.size() == 10);
    CHECK(std::find(years.begin(), years.end(), "2013") != years.end());
    CHECK(std::find(years.begin(), years.end(), "2022") != years.end());
}

TEST_CASE("line chart: direct labels carry the latest value and its year when older") {
    const auto svg = parse_markup(line_chart_svg(sample_chart()));
    CHECK(joined_text(svg->find_by_class("end-label")) ==
          "Region Norrbotten 21,0|Riket 24,5 (2021)");
    CHECK(svg->find_by_class("unit")[0]->all_text() == "dagar");
    // The y axis does not reach 99: the out-of-range year is ignored.
    for (const auto* tick : svg->find_by_class("tick")) {
        CHECK(std::stod(tick->all_text()) < 40);
    }
    // End labels are kept apart even when the values are close.
    const auto end_labels = svg->find_by_class("end-label");
    CHECK(std::abs(std::stod(end_labels[0]->attribute("y")) -
                   std::stod(end_labels[1]->attribute("y"))) >= 13);
}

TEST_CASE("line chart: a series without values is named in the legend as missing") {
    auto chart = sample_chart();
    chart.series[1].points.clear();
    auto svg = parse_markup(line_chart_svg(chart));
    CHECK(joined_text(svg->find_by_class("legend")) == "Region Norrbotten|Riket: uppgift saknas");
    CHECK(svg->find_by_class("series-dashed").empty());

    chart.series[0].points.clear();
    svg = parse_markup(line_chart_svg(chart));
    CHECK(svg->find_by_class("no-data").size() == 1);
    CHECK(svg->find_by_class("tick").empty());
    CHECK(line_chart_svg(chart) == line_chart_svg(chart));

    chart.last_year = 2000;
    CHECK_THROWS(line_chart_svg(chart));
}
