#include <doctest/doctest.h>

#include <algorithm>
#include <map>
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
                  "andel av antal dagar (%)")}};
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
    request.goal = 4;
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
