#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "curated/indicators_store.hpp"
#include "report/collect.hpp"
#include "report/html.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::report;
using namespace kolcat::test_compare;

namespace {

const std::vector<std::string> kNorrbotten{"2505", "2506", "2510", "2513", "2514", "2518", "2521",
                                           "2523", "2560", "2580", "2581", "2582", "2583", "2584"};

// The project's curated set plus a K-type count, N01801, under sub-goal 2.
curated::IndicatorSet set_with_a_count() {
    curated::IndicatorSet set = curated::load_indicators(
        std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators", std::nullopt);
    set.kpis.erase(
        std::remove_if(set.kpis.begin(), set.kpis.end(),
                       [](const curated::CuratedKpi& kpi) { return kpi.id == "N01801"; }),
        set.kpis.end());
    curated::CuratedKpi count;
    count.id = "N01801";
    count.goals = {2};
    count.targets = {"10.2"};
    count.level = curated::KpiLevel::municipality;
    count.rationale = "A count, for the test.";
    set.kpis.push_back(count);
    return set;
}

}  // namespace

TEST_CASE("report: a count's county is the sum of its municipalities, labelled in Swedish") {
    TestCatalogue test({make_kpi("N01801", "K", true, "Utflyttade, antal")});
    curated::store_indicators(test.catalogue(), set_with_a_count());
    std::vector<catalogue::Value> values;
    // 2022: 14 municipalities of 100 (T), 40 (K), 60 (M): 1 400, 560, 840. 2021: 10 each: 140.
    for (const auto& id : kNorrbotten) {
        add_tkm(values, "N01801", id, 2022, 100.0, 40.0, 60.0);
        add_tkm(values, "N01801", id, 2021, 10.0, 4.0, 6.0);
    }
    // Kolada's stored mean of the county group: never shown for a count.
    add_tkm(values, "N01801", "G33632", 2022, 100.0, 40.0, 60.0);
    add_tkm(values, "N01801", "G33632", 2021, 10.0, 4.0, 6.0);
    store_values(test.catalogue(), values);

    ReportRequest request;
    request.region = "0025";
    request.against = "0024";
    request.generated_at = "2026-11-26T12:00:00Z";
    const ReportData data = collect_report(test.catalogue(), request);
    const ReportKpi* count = nullptr;
    for (const auto& section : data.sections) {
        for (const auto& kpi : section.kpis) {
            if (kpi.id == "N01801") {
                count = &kpi;
            }
        }
    }
    REQUIRE(count != nullptr);
    CHECK(count->sums_counties);
    const auto focus = std::find_if(count->units.begin(), count->units.end(),
                                    [](const ReportUnit& unit) { return unit.is_focus; });
    REQUIRE(focus != count->units.end());
    CHECK(focus->id == "G33632");
    CHECK(focus->is_county_sum);
    CHECK(focus->label == "Norrbotten: summa av länets kommuner");
    CHECK(focus->short_label == "Norrbotten (kommunsumma)");
    CHECK(focus->values.t == 1400.0);
    CHECK(focus->values.k == 560.0);
    CHECK(focus->values.m == 840.0);
    // The trend is the sum's too: 140 in 2021, 1 400 in 2022.
    REQUIRE(count->focus_trend.size() == 10);
    CHECK(count->focus_trend[8] == std::pair<int, std::optional<double>>{2021, 140.0});
    CHECK(count->focus_trend[9] == std::pair<int, std::optional<double>>{2022, 1400.0});
    const std::string html = render_report_html(data);
    CHECK(html.find("länen jämförs genom summan av länets kommuner") != std::string::npos);
}
