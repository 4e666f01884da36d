#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/coverage.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;

namespace {

void add_years(std::vector<catalogue::Value>& values, const std::string& kpi,
               const std::string& unit, int first, int last, bool by_sex) {
    for (int year = first; year <= last; ++year) {
        add_tkm(values, kpi, unit, year, 50.0, by_sex ? std::optional(40.0) : std::nullopt,
                by_sex ? std::optional(60.0) : std::nullopt);
    }
}

const analysis::CoverageGroup& goal_group(const analysis::CoverageResult& result, int goal) {
    const auto found =
        std::find_if(result.groups.begin(), result.groups.end(),
                     [&](const analysis::CoverageGroup& group) { return group.goal == goal; });
    REQUIRE(found != result.groups.end());
    return *found;
}

const analysis::CoverageGroup& named_group(const analysis::CoverageResult& result,
                                           const std::string& name) {
    const auto found =
        std::find_if(result.groups.begin(), result.groups.end(),
                     [&](const analysis::CoverageGroup& group) { return group.name == name; });
    REQUIRE(found != result.groups.end());
    return *found;
}

std::vector<std::string> lacking_ids(const analysis::CoverageGroup& group) {
    std::vector<std::string> ids;
    for (const auto& kpi : group.lacking) {
        ids.push_back(kpi.kpi);
    }
    return ids;
}

// The hand-made catalogue, focus 0025 (Norrbotten). Each key figure's recent years are its last
// 3 years with a T value for the focus (the county group G33632 for the K-type one):
//   A1 (goals 5)    0025 2018-2022 T, K, M; 2023 K and M without T (no recent year)
//                   -> recent 2020-2022: 3 cells, 3 with K and M
//   A2 (goals 5, 2) 0025 2019-2020 T, K, M; 2021-2022 T only
//                   -> recent 2020-2022: 3 cells, 1 with K and M (partial)
//   A3 (goals 2)    0025 2020-2022 T only, flag true
//                   -> 3 cells, 0 with K and M (flag_without_values)
//   A4 (goals 2)    nothing for 0025 (only 0024 2022 T, K, M) -> no T for the unit
//   K1 (goals 5)    G33632 2021-2022 T, K, M; 0025 T only (not a K figure's focus)
//                   -> 2 cells, 2 with K and M
//   N99999 (goal 6) curated, not in the metadata, never synced
// Sub-goal 2: A2, A3, A4: with T 2, with K and M 0, cells 3 + 3 = 6, complete 1 + 0 = 1.
// Sub-goal 5: A1, A2, K1: with T 3, with K and M 2 (A1, K1), cells 3 + 3 + 2 = 8,
//             complete 3 + 1 + 2 = 6 -> 0.75.
// All: with T 4, with K and M 2, cells 3 + 3 + 3 + 2 = 11, complete 3 + 1 + 0 + 2 = 6.
// The other regions:
//   0024: A1 2020-2021 T, K, M and 2022 T only (3 cells, 2 complete); K1 G33631 2022 T only
//         (1 cell, 0); A4 2022 T, K, M (1 cell, 1).
//   0023: A1 2022 T only (1 cell, 0).
//   Sub-goal 5: 0025 6/8 = 0.75, 0024 (2 + 0)/(3 + 1) = 0.5, 0023 0/1 = 0
//               -> median of {0, 0.5, 0.75} = 0.5, 3 regions.
//   Sub-goal 2: 0025 1/6, 0024 (A4) 1/1 = 1 -> median (1/6 + 1) / 2 = 7/12, 2 regions.
//   All: 0025 6/11, 0024 (2 + 0 + 1)/(3 + 1 + 1) = 0.6, 0023 0 -> median 6/11, 3 regions.
struct CoverageCatalogue {
    TestCatalogue test{{
        make_kpi("A00001", "A", true, "Complete", "Hälso- och sjukvård"),
        make_kpi("A00002", "A", true, "Partial", "Hälso- och sjukvård"),
        make_kpi("A00003", "A", true, "Flag only", "Arbetsmarknad"),
        make_kpi("A00004", "A", true, "Elsewhere", "Arbetsmarknad"),
        make_kpi("K00001", "K", true, "Municipal", "Kommunen, övergripande"),
    }};
    CoverageCatalogue() {
        std::vector<catalogue::Value> values;
        add_years(values, "A00001", "0025", 2018, 2022, true);
        add_tkm(values, "A00001", "0025", 2023, std::nullopt, 1.0, 1.0);
        add_years(values, "A00002", "0025", 2019, 2020, true);
        add_years(values, "A00002", "0025", 2021, 2022, false);
        add_years(values, "A00003", "0025", 2020, 2022, false);
        add_years(values, "A00004", "0024", 2022, 2022, true);
        add_years(values, "K00001", "G33632", 2021, 2022, true);
        add_years(values, "K00001", "0025", 2018, 2022, false);
        add_years(values, "A00001", "0024", 2020, 2021, true);
        add_years(values, "A00001", "0024", 2022, 2022, false);
        add_years(values, "K00001", "G33631", 2022, 2022, false);
        add_years(values, "A00001", "0023", 2022, 2022, false);
        store_values(test.catalogue(), values);
    }
    analysis::CoverageRequest request() const {
        analysis::CoverageRequest request;
        request.curated = {{"A00001", curated::Breakdown::values, std::nullopt, {5}},
                           {"A00002", curated::Breakdown::values, std::nullopt, {5, 2}},
                           {"A00003", curated::Breakdown::values, std::nullopt, {2}},
                           {"A00004", curated::Breakdown::values, std::nullopt, {2}},
                           {"K00001", curated::Breakdown::values, std::nullopt, {5}},
                           {"N99999", curated::Breakdown::values, std::nullopt, {6}}};
        request.sub_goals = {
            {2, "Ekonomisk jämställdhet", "Economic equality", "", std::nullopt, {}},
            {5, "Jämställd hälsa", "Equal health", "", std::nullopt, {}},
            {6, "Mäns våld mot kvinnor ska upphöra", "Men's violence", "", std::nullopt, {}}};
        return request;
    }
};

}  // namespace

TEST_CASE("coverage: by sub-goal, the unit's shares and the median region's") {
    CoverageCatalogue fixture;
    const auto result = analysis::measure_coverage(fixture.test.catalogue(), fixture.request());
    CHECK(result.holds_unit_data);
    REQUIRE(result.groups.size() == 3);  // 2, 5, 6: no untagged key figure

    const auto& economy = goal_group(result, 2);
    CHECK(economy.name == "Economic equality");
    CHECK(economy.key_figures == 3);
    CHECK(economy.with_t == 2);
    CHECK(economy.with_k_and_m == 0);
    CHECK(economy.cells == 6);
    CHECK(economy.complete_cells == 1);
    CHECK(economy.share == doctest::Approx(1.0 / 6.0));
    CHECK(economy.median_region_share == doctest::Approx(7.0 / 12.0));
    CHECK(economy.regions == 2);
    CHECK(lacking_ids(economy) == std::vector<std::string>{"A00002", "A00003"});
    CHECK(economy.lacking[0].verdict == analysis::Verdict::partial);
    CHECK(economy.lacking[0].recent_years == std::vector<int>{2020, 2021, 2022});
    CHECK(economy.lacking[0].cells == 3);
    CHECK(economy.lacking[0].complete_cells == 1);
    CHECK(economy.lacking[1].verdict == analysis::Verdict::flag_without_values);
    CHECK(economy.without_t == std::vector<std::string>{"A00004"});

    const auto& health = goal_group(result, 5);
    CHECK(health.key_figures == 3);
    CHECK(health.with_t == 3);
    CHECK(health.with_k_and_m == 2);
    CHECK(health.cells == 8);
    CHECK(health.complete_cells == 6);
    CHECK(health.share == doctest::Approx(0.75));
    CHECK(health.median_region_share == doctest::Approx(0.5));
    CHECK(health.regions == 3);
    CHECK(lacking_ids(health) == std::vector<std::string>{"A00002"});

    const auto& violence = goal_group(result, 6);
    CHECK(violence.key_figures == 1);
    CHECK(violence.with_t == 0);
    CHECK_FALSE(violence.share.has_value());
    CHECK_FALSE(violence.median_region_share.has_value());
    CHECK(violence.not_synced == std::vector<std::string>{"N99999"});

    const auto& total = result.total;
    CHECK(total.key_figures == 6);
    CHECK(total.with_t == 4);
    CHECK(total.with_k_and_m == 2);
    CHECK(total.cells == 11);
    CHECK(total.complete_cells == 6);
    CHECK(total.share == doctest::Approx(6.0 / 11.0));
    CHECK(total.median_region_share == doctest::Approx(6.0 / 11.0));
    CHECK(total.regions == 3);
    REQUIRE(result.never_synced.size() == 1);
    CHECK(result.never_synced[0] == analysis::KpiUnitPair{"N99999", "0025"});

    SUBCASE("JSON") {
        const nlohmann::ordered_json json = result;
        CHECK(json["unit"] == "0025");
        CHECK(json["by"] == "goal");
        CHECK(json["scope"] == "curated");
        CHECK(json["total"]["share"].get<double>() == doctest::Approx(6.0 / 11.0));
        CHECK_FALSE(json["total"].contains("goal"));
        CHECK(json["groups"][0]["goal"] == 2);
        CHECK(json["groups"][0]["lacking"][1]["verdict"] == "flag_without_values");
        CHECK(json["groups"][2]["share"].is_null());
    }
}

TEST_CASE("coverage: the K-type key figure of a municipality is its own, not a county group's") {
    CoverageCatalogue fixture;
    auto request = fixture.request();
    request.unit = "2580";
    std::vector<catalogue::Value> values;
    // Luleå: K1 2020-2022 T, K, M -> 3 cells, 3 complete. The A key figures have nothing for it.
    add_years(values, "K00001", "2580", 2020, 2022, true);
    store_values(fixture.test.catalogue(), values);
    const auto result = analysis::measure_coverage(fixture.test.catalogue(), request);
    CHECK(result.total.with_t == 1);
    CHECK(result.total.cells == 3);
    CHECK(result.total.share == doctest::Approx(1.0));
    // The regions are still measured through their county groups (K1) and themselves (A):
    // the same regional shares as above, 6/11, 0.6 and 0.
    CHECK(result.total.median_region_share == doctest::Approx(6.0 / 11.0));
}

TEST_CASE("coverage: by operating area") {
    CoverageCatalogue fixture;
    auto request = fixture.request();
    request.by = analysis::CoverageGrouping::operating_area;
    const auto result = analysis::measure_coverage(fixture.test.catalogue(), request);
    // A1 and A2 (Hälso- och sjukvård): cells 3 + 3, complete 3 + 1 -> 4/6.
    const auto& health = named_group(result, "Hälso- och sjukvård");
    CHECK(health.key_figures == 2);
    CHECK(health.with_k_and_m == 1);
    CHECK(health.share == doctest::Approx(4.0 / 6.0));
    // A3 and A4 (Arbetsmarknad): A3 3 cells, 0 complete; A4 no T for 0025.
    const auto& work = named_group(result, "Arbetsmarknad");
    CHECK(work.with_t == 1);
    CHECK(work.share == doctest::Approx(0.0));
    CHECK(work.without_t == std::vector<std::string>{"A00004"});
    // N99999 has no metadata, so no operating area.
    CHECK(named_group(result, "No operating area").not_synced ==
          std::vector<std::string>{"N99999"});
    CHECK(result.total.share == doctest::Approx(6.0 / 11.0));
}

TEST_CASE("coverage --all: every key figure synced for the unit; nothing synced is said") {
    // No pair recorded as synced: a key figure counts as synced for a unit by its stored values.
    TestCatalogue test(
        {make_kpi("A00001", "A", true, "Here"), make_kpi("A00005", "A", true, "Not here"),
         make_kpi("K00001", "K", true, "Municipal")},
        false);
    std::vector<catalogue::Value> values;
    add_years(values, "A00001", "0025", 2021, 2022, true);     // 2 cells, 2 complete
    add_years(values, "K00001", "G33632", 2022, 2022, false);  // 1 cell, 0 complete
    add_years(values, "A00005", "0024", 2022, 2022, true);
    store_values(test.catalogue(), values);
    analysis::CoverageRequest request;
    request.all = true;
    const auto result = analysis::measure_coverage(test.catalogue(), request);
    CHECK(result.holds_unit_data);
    CHECK(result.total.key_figures == 2);  // A00005 was never synced for 0025
    CHECK(result.total.cells == 3);
    CHECK(result.total.share == doctest::Approx(2.0 / 3.0));
    REQUIRE(result.groups.size() == 1);
    CHECK(result.groups[0].name == "Not tagged with a sub-goal");
    CHECK(result.never_synced.empty());

    request.unit = "0023";
    const auto nothing = analysis::measure_coverage(test.catalogue(), request);
    CHECK_FALSE(nothing.holds_unit_data);
    CHECK(nothing.total.key_figures == 0);
    // What a sync would have to fetch: every key figure for 0023 (its county group for K).
    CHECK(nothing.never_synced == std::vector<analysis::KpiUnitPair>{{"A00001", "0023"},
                                                                     {"A00005", "0023"},
                                                                     {"K00001", "G33630"}});
}

TEST_CASE("coverage: the median of the regions' shares") {
    CHECK_FALSE(analysis::median_of({}).has_value());
    CHECK(analysis::median_of({0.3}) == doctest::Approx(0.3));
    CHECK(analysis::median_of({0.9, 0.1, 0.5}) == doctest::Approx(0.5));
    CHECK(analysis::median_of({0.9, 0.1, 0.5, 0.2}) == doctest::Approx(0.35));
}
