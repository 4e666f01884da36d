#include <doctest/doctest.h>

#include <string>

#include "report/html.hpp"
#include "tests/support/test_html_support.hpp"
#include "tests/support/test_report_sample.hpp"

using namespace kolcat;
using namespace kolcat::report;
using namespace kolcat::report_sample;
using kolcat::testing::joined_text;
using kolcat::testing::MarkupNode;
using kolcat::testing::parse_markup;

namespace {

// N00923 (men) draws the pair as women against men; N00925 (women) points to it.
ReportData life_expectancy_report() {
    ReportData data = sample_report();
    ReportKpi men;
    men.id = "N00923";
    men.title = "Medellivslängd män, år";
    men.unit_of_measure = "år";
    men.direction = curated::Direction::higher_is_better;
    men.design = curated::Breakdown::pair;
    men.partner = "N00925";
    men.verdict = analysis::Verdict::pair;
    men.period = 2023;
    men.units = {unit("0021", "Region Jönköpings län", 82.16, std::nullopt, std::nullopt),
                 unit("0025", "Region Norrbotten", 81.71, std::nullopt, std::nullopt, true),
                 unit("0017", "Region Värmland", 80.23, std::nullopt, std::nullopt)};
    men.national = unit("0000", "Riket", 81.34, std::nullopt, std::nullopt);
    men.national.is_national = true;
    men.decimals = 2;
    men.trend_first_year = 2021;
    men.trend_last_year = 2023;
    men.focus_trend = {{2021, 81.5}, {2022, 81.6}, {2023, 81.71}};
    men.national_trend = {{2021, 81.2}, {2022, 81.3}, {2023, 81.34}};
    men.focus_gap_trend = {{2021, 3.5}, {2022, std::nullopt}, {2023, 3.31}};
    men.national_gap_trend = {{2021, 3.4}, {2022, 3.35}, {2023, 3.33}};
    men.pair_chart = ReportPairChart{"N00925",
                                     "N00923",
                                     {{"Region Jönköpings län", 85.35, 82.16, false},
                                      {"Region Norrbotten", 85.02, 81.71, true},
                                      {"Region Värmland", std::nullopt, 80.23, false},
                                      {"Riket", 84.67, 81.34, false}}};
    ReportKpi women = men;
    women.id = "N00925";
    women.title = "Medellivslängd kvinnor, år";
    women.partner = "N00923";
    women.pair_chart.reset();
    women.pair_drawn_at = "N00923";
    data.sections[1].kpis = {men, women};
    return data;
}

const MarkupNode* by_id(const MarkupNode& root, const std::string& id) {
    const auto found =
        root.find_all([&](const MarkupNode& node) { return node.attribute("id") == id; });
    REQUIRE(found.size() == 1);
    return found.front();
}

}  // namespace

TEST_CASE("report charts: a pair is drawn once, as women against men") {
    const auto root = parse_markup(render_report_html(life_expectancy_report()));
    const MarkupNode* men = by_id(*root, "goal-5-N00923");
    const auto pair = men->find_by_class("chart-pair");
    REQUIRE(pair.size() == 1);
    CHECK(pair[0]->find_all("figcaption")[0]->all_text() ==
          "Kvinnor och män (2023): N00925 (kvinnor) mot N00923 (män)");
    const auto svg = pair[0]->find_by_class("chart-dumbbell");
    REQUIRE(svg.size() == 1);
    // Women are the filled circles, men the hollow squares: one per value present.
    CHECK(svg[0]->find_by_class("women").size() == 1 + 3);  // the legend, then three values
    CHECK(svg[0]->find_by_class("men").size() == 1 + 4);
    CHECK(joined_text(svg[0]->find_by_class("label")) ==
          "Region Jönköpings län|Region Norrbotten|Region Värmland|Riket");

    // The partner draws no second chart and says where the pair is.
    const MarkupNode* women = by_id(*root, "goal-5-N00925");
    CHECK(women->find_by_class("chart-pair").empty());
    CHECK(women->find_by_class("chart-dumbbell").empty());
    const auto elsewhere = women->find_by_class("pair-elsewhere");
    REQUIRE(elsewhere.size() == 2);  // the women/men figure and the gap's trend
    CHECK(elsewhere[0]->all_text() ==
          "Paret visas i ett gemensamt diagram, kvinnor mot män, under N00923.");
    // One chart of the pair in the whole report.
    CHECK(root->find_by_class("chart-pair").size() == 1);
}

TEST_CASE("report charts: values far from zero are dots on an axis that does not start at 0") {
    const auto root = parse_markup(render_report_html(life_expectancy_report()));
    const MarkupNode* men = by_id(*root, "goal-5-N00923");
    const auto latest = men->find_by_class("chart-latest");
    REQUIRE(latest.size() == 1);
    CHECK(latest[0]->find_by_class("chart-bars").empty());
    REQUIRE(latest[0]->find_by_class("chart-dots").size() == 1);
    CHECK(latest[0]->find_by_class("unit")[0]->all_text() == "år; axeln börjar inte på noll");
    // Sick days, 19.5 to 24.88 (0.78 of the largest), keep their bars.
    const MarkupNode* sick = by_id(*root, "goal-2-N00957");
    CHECK(sick->find_by_class("chart-bars").size() == 1);
    CHECK(sick->find_by_class("chart-dots").empty());
}

TEST_CASE("report charts: the gap's trend stands next to the T trend") {
    const auto root = parse_markup(render_report_html(life_expectancy_report()));
    const MarkupNode* men = by_id(*root, "goal-5-N00923");
    const auto figures = men->find_all("figure");
    REQUIRE(figures.size() == 4);
    CHECK(figures[2]->attribute("class") == "chart-figure chart-trend");
    CHECK(figures[3]->attribute("class") == "chart-figure chart-gap-trend");
    CHECK(figures[3]->find_all("figcaption")[0]->all_text() == "Skillnad K − M 2021–2023");
    const auto svg = figures[3]->find_by_class("chart-trend");
    REQUIRE(svg.size() == 1);
    // The focus line breaks at 2022 (no gap) and ends on 3.31; Riket's on 3.33.
    CHECK(joined_text(svg[0]->find_by_class("end-label")) == "Region Norrbotten 3,31|Riket 3,33");
    CHECK(svg[0]->find_by_class("unit")[0]->all_text() == "skillnad K − M");
    // Without a gap series the figure says so.
    const MarkupNode* sick = by_id(*root, "goal-2-N00957");
    const auto gap = sick->find_by_class("chart-gap-trend");
    REQUIRE(gap.size() == 1);
    CHECK(gap[0]->find_by_class("no-data")[0]->all_text() ==
          "Inget år med värden för både kvinnor och män de senaste tio åren.");
}
