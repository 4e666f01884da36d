#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "curated/indicators_store.hpp"
#include "report/collect.hpp"
#include "report/html.hpp"
#include "tests/support/test_compare_fixture.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::report;
using namespace kolcat::test_compare;
using kolcat::testing::MarkupNode;
using kolcat::testing::parse_markup;

namespace {

const curated::IndicatorSet& project_set() {
    static const curated::IndicatorSet set = curated::load_indicators(
        std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators", std::nullopt);
    return set;
}

// N00957 (A, lower is better, sub-goals 5 and 2) with a ten-year series for Norrbotten,
// N00209 (K: compared through the county groups) and N00945 (by construction, T only).
struct ReportCatalogue {
    TestCatalogue test{
        {make_kpi("N00957", "A", true, "Ohälsotal, dagar"),
         make_kpi("N00209", "K", true, "Heltidsarbetande månadsavlönade, kommun, andel (%)"),
         make_kpi("N00945", "A", false,
                  "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, "
                  "andel av antal dagar (%)"),
         make_kpi("N00923", "A", false, "Medellivslängd män, år"),
         make_kpi("N00925", "A", false, "Medellivslängd kvinnor, år")}};
    ReportCatalogue() {
        curated::store_indicators(test.catalogue(), project_set());
        std::vector<catalogue::Value> values;
        for (int year = 2011; year <= 2022; ++year) {
            const double t = 30.0 - (year - 2011) * 0.5;
            add_tkm(values, "N00957", "0025", year, t, t + 5, t - 5);
        }
        for (int year = 2016; year <= 2022; ++year) {
            add_tkm(values, "N00957", "0000", year, 22.0, 26.5, 17.5);
        }
        add_tkm(values, "N00957", "0024", 2022, 21.0, 25.0, 17.0);
        add_tkm(values, "N00957", "0013", 2022, 19.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00209", "G33632", 2022, 70.0, 60.0, 80.0);
        add_tkm(values, "N00209", "G33631", 2022, 75.5, 70.0, 81.0);
        add_tkm(values, "N00209", "0000", 2022, 73.0, 68.0, 84.0);
        add_tkm(values, "N00945", "0025", 2022, 30.1, std::nullopt, std::nullopt);
        add_tkm(values, "N00945", "0000", 2022, 32.3, std::nullopt, std::nullopt);
        // A pair: men's life expectancy (N00923) and women's (N00925), T only.
        add_tkm(values, "N00923", "0025", 2021, 80.1, std::nullopt, std::nullopt);
        add_tkm(values, "N00925", "0025", 2021, 83.8, std::nullopt, std::nullopt);
        add_tkm(values, "N00923", "0025", 2022, 80.5, std::nullopt, std::nullopt);
        add_tkm(values, "N00925", "0025", 2022, 84.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00923", "0024", 2022, 80.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00925", "0024", 2022, 84.25, std::nullopt, std::nullopt);
        add_tkm(values, "N00923", "0000", 2022, 80.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00925", "0000", 2022, 84.5, std::nullopt, std::nullopt);
        store_values(test.catalogue(), values);
    }
    catalogue::Catalogue& catalogue() { return test.catalogue(); }
};

ReportRequest request_against(const std::string& against) {
    ReportRequest request;
    request.region = "0025";
    request.against = against;
    request.generated_at = "2026-11-26T12:00:00Z";
    return request;
}

const ReportKpi& kpi_in(const ReportData& data, int goal, const std::string& id) {
    for (const auto& section : data.sections) {
        if (section.goal != goal) {
            continue;
        }
        for (const auto& kpi : section.kpis) {
            if (kpi.id == id) {
                return kpi;
            }
        }
    }
    FAIL("no " << id << " in sub-goal " << goal);
    throw std::logic_error("unreachable");
}

const ReportUnit& unit_in(const ReportKpi& kpi, const std::string& id) {
    const auto found = std::find_if(kpi.units.begin(), kpi.units.end(),
                                    [&](const ReportUnit& unit) { return unit.id == id; });
    REQUIRE(found != kpi.units.end());
    return *found;
}

}  // namespace

TEST_CASE("report data: one section per sub-goal holding its curated key figures") {
    ReportCatalogue fixture;
    const ReportData data = collect_report(fixture.catalogue(), request_against("0024,0013,0023"));
    REQUIRE(data.sections.size() == 6);
    for (const auto& section : data.sections) {
        std::vector<std::string> expected;
        for (const auto& kpi : project_set().kpis) {
            if (std::find(kpi.goals.begin(), kpi.goals.end(), section.goal) != kpi.goals.end()) {
                expected.push_back(kpi.id);
            }
        }
        std::vector<std::string> actual;
        for (const auto& kpi : section.kpis) {
            actual.push_back(kpi.id);
        }
        CHECK(actual == expected);
    }
    CHECK(data.focus_title == "Region Norrbotten");
    CHECK(data.against_units == std::vector<std::string>{"0024", "0013", "0023"});
    CHECK(data.synced_at == "2026-01-01T00:00:01Z");
    CHECK(data.generated_at == "2026-11-26T12:00:00Z");
    CHECK_FALSE(data.demo_data);
    // The sex-breakdown check covers every curated key figure.
    CHECK(data.gaps.size() == project_set().kpis.size());
}

TEST_CASE("report data: the catalogue's values, ranks, median and standing for a key figure") {
    ReportCatalogue fixture;
    const ReportData data = collect_report(fixture.catalogue(), request_against("0024,0013,0023"));
    const ReportKpi& sick = kpi_in(data, 5, "N00957");
    CHECK(sick.title == "Ohälsotal, dagar");
    CHECK(sick.unit_of_measure == "dagar");
    CHECK(sick.direction == curated::Direction::lower_is_better);
    CHECK(sick.period == 2022);
    REQUIRE(sick.units.size() == 4);  // the focus and three compared, none dropped
    const ReportUnit& focus = unit_in(sick, "0025");
    CHECK(focus.is_focus);
    CHECK(focus.values.t == 24.5);
    CHECK(focus.values.k == 29.5);
    CHECK(focus.values.m == 19.5);
    CHECK(focus.gap == 10.0);
    CHECK(focus.rank == 3);  // lower is better: 19, 21, 24.5
    CHECK(unit_in(sick, "0013").rank == 1);
    CHECK_FALSE(unit_in(sick, "0023").values.t.has_value());  // missing, not 0
    CHECK_FALSE(unit_in(sick, "0023").rank.has_value());
    CHECK(sick.national.values.t == 22.0);
    CHECK(focus.difference_from_national == doctest::Approx(2.5));
    CHECK(sick.comparison_median == 20.0);  // of 21 and 19; the focus is left out
    CHECK(sick.versus_median == Standing::worse);
    CHECK(sick.versus_national == Standing::worse);
    CHECK(sick.verdict == analysis::Verdict::by_values);
    CHECK(sick.decimals == 1);
    // The trend: the last ten years to the compared year, every year present in the list.
    CHECK(sick.trend_first_year == 2013);
    CHECK(sick.trend_last_year == 2022);
    REQUIRE(sick.focus_trend.size() == 10);
    CHECK(sick.focus_trend.front() == std::pair<int, std::optional<double>>{2013, 29.0});
    CHECK(sick.focus_trend.back() == std::pair<int, std::optional<double>>{2022, 24.5});
    CHECK_FALSE(sick.national_trend.front().second.has_value());  // 2013: not stored
    CHECK(sick.national_trend.back().second == 22.0);
}

TEST_CASE("report data: K-type key figures compare counties through their county groups") {
    ReportCatalogue fixture;
    const ReportData data = collect_report(fixture.catalogue(), request_against("0024"));
    const ReportKpi& fulltime = kpi_in(data, 2, "N00209");
    CHECK(fulltime.uses_county_groups);
    const ReportUnit& focus = unit_in(fulltime, "G33632");
    CHECK(focus.is_focus);
    CHECK(focus.is_county_group);
    CHECK(focus.label == "Norrbotten: länets kommuner (ovägt medel)");
    CHECK(focus.short_label == "Norrbotten (kommunsnitt)");
    CHECK(focus.values.t == 70.0);
    CHECK(unit_in(fulltime, "G33631").values.t == 75.5);
    CHECK(fulltime.versus_median == Standing::worse);    // higher is better: 70 < 75.5
    CHECK(fulltime.versus_national == Standing::worse);  // 70 < 73
    REQUIRE(fulltime.focus_trend.size() == 10);
    CHECK(fulltime.focus_trend.back().second == 70.0);

    ReportRequest english = request_against("0024");
    english.language = ReportLanguage::en;
    const ReportData data_en = collect_report(fixture.catalogue(), english);
    CHECK(unit_in(kpi_in(data_en, 2, "N00209"), "G33632").label ==
          "Norrbotten: county's municipalities (unweighted mean)");
}

TEST_CASE("report data: --goal keeps one sub-goal; an unknown --against is refused") {
    ReportCatalogue fixture;
    ReportRequest request = request_against("north");
    request.selection.goals = {4};
    const ReportData data = collect_report(fixture.catalogue(), request);
    REQUIRE(data.sections.size() == 1);
    CHECK(data.sections[0].goal == 4);
    CHECK(data.against_title == "Norra sjukvårdsregionen");
    for (const auto& entry : data.gaps) {
        CHECK(std::find(entry.goals.begin(), entry.goals.end(), 4) != entry.goals.end());
    }
    const ReportKpi& vab = kpi_in(data, 4, "N00945");
    CHECK(vab.design == curated::Breakdown::by_construction);
    CHECK(vab.verdict == analysis::Verdict::by_construction);
    CHECK(vab.versus_national == Standing::worse);  // higher is better: 30.1 < 32.3
    CHECK_THROWS_AS(collect_report(fixture.catalogue(), request_against("no-such-set")),
                    curated::IndicatorsError);
}

TEST_CASE("report: the numbers in the rendered tables are the catalogue's") {
    ReportCatalogue fixture;
    const ReportData data = collect_report(fixture.catalogue(), request_against("0024,0013,0023"));
    const auto root = parse_markup(render_report_html(data));

    // Every stored value of the compared year, as the catalogue holds it.
    std::map<std::tuple<std::string, std::string, int>, double> stored;  // kpi, unit, gender
    fixture.catalogue().for_each_value({}, [&](const catalogue::Value& value) {
        if (value.period == 2022 && value.value) {
            stored[{value.kpi, value.municipality, static_cast<int>(value.gender)}] = *value.value;
        }
    });
    int compared = 0;
    for (const auto* table : root->find_by_class("numbers")) {
        const std::string kpi = table->attribute("data-kpi");
        for (const auto* row : table->find_all("tr")) {
            const std::string unit = row->attribute("data-unit");
            if (unit.empty()) {
                continue;
            }
            const auto cells = row->find_all("td");
            REQUIRE(cells.size() == 8);
            for (int gender = 0; gender < 3; ++gender) {
                const auto* cell = cells[static_cast<std::size_t>(gender) + 1];
                const auto found = stored.find({kpi, unit, gender});
                INFO(kpi << " " << unit << " gender " << gender);
                if (found == stored.end()) {
                    CHECK(cell->all_text() == "–");
                } else {
                    REQUIRE(cell->has_attribute("data-value"));
                    CHECK(std::stod(cell->attribute("data-value")) == found->second);
                    ++compared;
                }
            }
        }
    }
    // N00957 (in two sections) 0025, 0024, 0013 and 0000; N00209 and N00945 likewise.
    CHECK(compared >= 20);
}

TEST_CASE("report data: the sex gap's trend, K − M year by year") {
    ReportCatalogue fixture;
    const ReportData data = collect_report(fixture.catalogue(), request_against("0024"));
    const ReportKpi& sick = kpi_in(data, 5, "N00957");
    // Norrbotten stores K = T + 5 and M = T − 5 every year: a gap of 10; Riket 26.5 − 17.5 = 9
    // from 2016.
    REQUIRE(sick.focus_gap_trend.size() == 10);
    for (const auto& [year, gap] : sick.focus_gap_trend) {
        INFO(year);
        REQUIRE(gap.has_value());
        CHECK(*gap == doctest::Approx(10.0));
    }
    REQUIRE(sick.national_gap_trend.size() == 10);
    CHECK(sick.national_gap_trend.front() == std::pair<int, std::optional<double>>{2013, {}});
    CHECK(sick.national_gap_trend.back().second == doctest::Approx(9.0));
    // N00945 stores no K or M: no gap series at all.
    CHECK(kpi_in(data, 4, "N00945").focus_gap_trend.empty());
    // The key figure's sub-goals, ascending, whatever the curated file's order.
    CHECK(sick.goals == std::vector<int>{2, 5});
}

TEST_CASE("report data: a pair is drawn once, women against men, from both key figures") {
    ReportCatalogue fixture;
    ReportRequest request = request_against("0024");
    request.selection.kpis = {"N00923", "N00925"};
    const ReportData data = collect_report(fixture.catalogue(), request);
    REQUIRE(data.sections.size() == 1);  // both serve sub-goal 5 only
    CHECK(data.sections[0].goal == 5);
    const ReportKpi& men = kpi_in(data, 5, "N00923");
    const ReportKpi& women = kpi_in(data, 5, "N00925");
    // N00923 comes first in the curated set: it draws; N00925 points to it.
    REQUIRE(men.pair_chart.has_value());
    CHECK_FALSE(men.pair_drawn_at.has_value());
    CHECK_FALSE(women.pair_chart.has_value());
    CHECK(women.pair_drawn_at == "N00923");
    const ReportPairChart& chart = *men.pair_chart;
    CHECK(chart.women_kpi == "N00925");
    CHECK(chart.men_kpi == "N00923");
    // The compared units in N00923's rank order (higher is better: 80.5, 80.0), then Riket.
    REQUIRE(chart.rows.size() == 3);
    CHECK(chart.rows[0].label == "Region Norrbotten");
    CHECK(chart.rows[0].focus);
    CHECK(chart.rows[0].women == 84.0);
    CHECK(chart.rows[0].men == 80.5);
    CHECK(chart.rows[1].women == 84.25);
    CHECK(chart.rows[1].men == 80.0);
    CHECK(chart.rows[2].label == "Riket");
    CHECK(chart.rows[2].women == 84.5);
    CHECK(chart.rows[2].men == 80.0);
    // The gap's trend: women's key figure minus men's, 2021: 83.8 − 80.1, 2022: 84 − 80.5.
    REQUIRE(men.focus_gap_trend.size() == 10);
    CHECK(men.focus_gap_trend[8].first == 2021);
    CHECK(*men.focus_gap_trend[8].second == doctest::Approx(3.7));
    CHECK(*men.focus_gap_trend[9].second == doctest::Approx(3.5));
    CHECK_FALSE(men.focus_gap_trend[7].second.has_value());
    CHECK(*men.national_gap_trend[9].second == doctest::Approx(4.5));
}

TEST_CASE("report data: a pair's member shown alone still draws women against men") {
    ReportCatalogue fixture;
    ReportRequest request = request_against("0024");
    request.selection.kpis = {"N00925"};
    const ReportData data = collect_report(fixture.catalogue(), request);
    std::vector<std::string> shown;
    for (const auto& section : data.sections) {
        for (const auto& kpi : section.kpis) {
            shown.push_back(kpi.id);
        }
    }
    CHECK(shown == std::vector<std::string>{"N00925"});  // the partner is read, not shown
    const ReportKpi& women = kpi_in(data, 5, "N00925");
    REQUIRE(women.pair_chart.has_value());
    CHECK(women.pair_chart->women_kpi == "N00925");
    // In N00925's rank order: Västerbotten's women 84.25 before Norrbotten's 84.
    REQUIRE(women.pair_chart->rows.size() == 3);
    CHECK(women.pair_chart->rows[0].label == "Region Västerbotten");
    CHECK(women.pair_chart->rows[0].men == 80.0);
    CHECK(women.pair_chart->rows[1].focus);
    CHECK(women.pair_chart->rows[1].men == 80.5);
    CHECK(data.gaps.size() == 1);
}

TEST_CASE("report data: --goal with several sub-goals, --sdg, --target and --kpi") {
    ReportCatalogue fixture;
    const auto ids_in = [](const ReportData& data) {
        std::set<std::string> ids;
        for (const auto& section : data.sections) {
            for (const auto& kpi : section.kpis) {
                ids.insert(kpi.id);
            }
        }
        return ids;
    };
    const auto expected_ids = [](const std::function<bool(const curated::CuratedKpi&)>& keep) {
        std::set<std::string> ids;
        for (const auto& kpi : project_set().kpis) {
            if (keep(kpi)) {
                ids.insert(kpi.id);
            }
        }
        return ids;
    };
    const auto has_goal = [](const curated::CuratedKpi& kpi, int goal) {
        return std::find(kpi.goals.begin(), kpi.goals.end(), goal) != kpi.goals.end();
    };

    ReportRequest goals = request_against("0024");
    goals.selection.goals = {3, 5, 6};
    const ReportData by_goals = collect_report(fixture.catalogue(), goals);
    std::vector<int> numbers;
    for (const auto& section : by_goals.sections) {
        numbers.push_back(section.goal);
    }
    CHECK(numbers == std::vector<int>{3, 5, 6});
    CHECK(ids_in(by_goals) == expected_ids([&](const curated::CuratedKpi& kpi) {
              return has_goal(kpi, 3) || has_goal(kpi, 5) || has_goal(kpi, 6);
          }));
    CHECK(by_goals.selection.goals == std::vector<int>{3, 5, 6});

    ReportRequest target = request_against("0024");
    target.selection.target = "5.5";
    const ReportData by_target = collect_report(fixture.catalogue(), target);
    const auto with_target = expected_ids([](const curated::CuratedKpi& kpi) {
        return std::find(kpi.targets.begin(), kpi.targets.end(), "5.5") != kpi.targets.end();
    });
    REQUIRE_FALSE(with_target.empty());
    CHECK(ids_in(by_target) == with_target);
    for (const auto& section : by_target.sections) {
        CHECK_FALSE(section.kpis.empty());  // sub-goals without such a key figure are left out
    }

    ReportRequest sdg = request_against("0024");
    sdg.selection.sdg = 5;
    CHECK(ids_in(collect_report(fixture.catalogue(), sdg)) ==
          expected_ids([](const curated::CuratedKpi& kpi) {
              return std::any_of(kpi.targets.begin(), kpi.targets.end(),
                                 [](const std::string& t) { return t.rfind("5.", 0) == 0; });
          }));

    // Filters combine: sub-goal 2 and N00957 (sub-goals 2 and 5) leaves one section.
    ReportRequest both = request_against("0024");
    both.selection.goals = {2};
    both.selection.kpis = {"N00957", "N00923"};  // N00923 serves sub-goal 5 only
    const ReportData narrowed = collect_report(fixture.catalogue(), both);
    REQUIRE(narrowed.sections.size() == 1);
    CHECK(narrowed.sections[0].goal == 2);
    CHECK(ids_in(narrowed) == std::set<std::string>{"N00957"});
}
