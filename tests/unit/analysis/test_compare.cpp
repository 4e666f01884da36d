#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;

namespace {

const analysis::UnitComparison& unit(const analysis::KpiComparison& result, const std::string& id) {
    const auto found = std::find_if(result.units.begin(), result.units.end(),
                                    [&](const analysis::UnitComparison& u) { return u.id == id; });
    REQUIRE(found != result.units.end());
    return *found;
}

analysis::CompareRequest against_regions(std::vector<analysis::CompareKpi> kpis) {
    analysis::CompareRequest request;
    request.kpis = std::move(kpis);
    request.against = test_region_ids();
    request.against.push_back("0000");
    return request;
}

}  // namespace

TEST_CASE("compare: an A-type key figure across the regions") {
    TestCatalogue test({make_kpi("N00957", "A", true, "Ohälsotal")});
    std::vector<catalogue::Value> values;
    add_tkm(values, "N00957", "0025", 2021, 24.0, 30.0, 20.0);
    add_tkm(values, "N00957", "0025", 2022, 25.0, 30.0, 20.0);
    add_tkm(values, "N00957", "0024", 2022, 22.0, 26.0, 18.0);
    add_tkm(values, "N00957", "0023", 2022, 25.0, 28.0, std::nullopt);
    add_tkm(values, "N00957", "0001", 2023, 10.0, 11.0, 9.0);  // later than the focus' latest
    add_tkm(values, "N00957", "0000", 2022, 20.0, 24.0, 16.0);
    add_tkm(values, "N00957", "0000", 2019, 22.0, 26.0, 18.0);
    store_values(test.catalogue(), values);

    auto request = against_regions({{"N00957", curated::Direction::lower_is_better, true}});
    request.trend_years = 3;
    const auto results = analysis::compare(test.catalogue(), request);
    REQUIRE(results.size() == 1);
    const analysis::KpiComparison& result = results.front();

    CHECK(result.title == "Ohälsotal");
    CHECK(result.municipality_type == "A");
    CHECK(result.direction == curated::Direction::lower_is_better);
    // The focus region's latest year, not the latest year of any region.
    CHECK(result.period.period == 2022);
    CHECK(result.period.source == analysis::PeriodChoice::Source::focus_latest);

    SUBCASE("every region is listed, none dropped; Riket is the national row only") {
        CHECK(result.units.size() == 21);
        CHECK(result.units_ranked == 21);
        CHECK(result.units_with_data == 3);
        CHECK(std::none_of(result.units.begin(), result.units.end(),
                           [](const analysis::UnitComparison& u) { return u.id == "0000"; }));
    }
    SUBCASE("values, gap, ratio and the direction-aware rank with ties") {
        const analysis::UnitComparison& norrbotten = unit(result, "0025");
        CHECK(norrbotten.is_focus);
        CHECK(norrbotten.title == "Region Norrbotten");
        CHECK(*norrbotten.values.t == doctest::Approx(25.0));
        CHECK(*norrbotten.gap == doctest::Approx(10.0));
        CHECK(*norrbotten.ratio == doctest::Approx(1.5));
        CHECK(norrbotten.rank == 2);  // lower is better: 22 (Västerbotten) first, then 25 twice
        CHECK(unit(result, "0024").rank == 1);
        CHECK(unit(result, "0023").rank == 2);
        CHECK_FALSE(unit(result, "0023").gap);  // no M value: missing, not 0
        CHECK_FALSE(unit(result, "0023").ratio);
    }
    SUBCASE("a unit without a value in the period stays, with everything missing") {
        const analysis::UnitComparison& stockholm = unit(result, "0001");
        CHECK_FALSE(stockholm.values.t);
        CHECK_FALSE(stockholm.rank);
        CHECK_FALSE(stockholm.difference_from_national);
        const analysis::UnitComparison& gotland = unit(result, "0009");
        CHECK_FALSE(gotland.values.any());
    }
    SUBCASE("national value and the difference from it") {
        CHECK(result.national.id == "0000");
        CHECK(result.national.title == "Riket");
        CHECK(*result.national.values.t == doctest::Approx(20.0));
        CHECK(*result.national.gap == doctest::Approx(8.0));
        CHECK(*unit(result, "0025").difference_from_national == doctest::Approx(5.0));
    }
    SUBCASE("order: by rank, then the units without data by Swedish title") {
        CHECK(result.units[0].id == "0024");
        CHECK(result.units[3].rank == std::nullopt);
        std::vector<std::string> unranked;
        for (const auto& u : result.units) {
            if (!u.rank) {
                unranked.push_back(u.title);
            }
        }
        const auto position = [&](const std::string& title) {
            return std::find(unranked.begin(), unranked.end(), title) - unranked.begin();
        };
        CHECK(position("Region Värmland") < position("Region Örebro län"));
        CHECK(position("Region Örebro län") < position("Region Östergötland"));
        CHECK(position("Region Skåne") < position("Region Sörmland"));
        CHECK(position("Region Blekinge") < position("Region Dalarna"));
    }
    SUBCASE("trend over the last 3 years") {
        const auto& trend = unit(result, "0025").trend;
        REQUIRE(trend);
        CHECK(trend->from_period == 2021);
        CHECK(*trend->t == doctest::Approx(1.0));
        REQUIRE(result.national.trend);
        CHECK(result.national.trend->from_period == 2019);
        CHECK(*result.national.trend->t == doctest::Approx(-2.0));
        CHECK_FALSE(unit(result, "0024").trend);  // no earlier value
    }
}

TEST_CASE("compare: --year picks the period; a year without values leaves them missing") {
    TestCatalogue test({make_kpi("N00957", "A", true)});
    std::vector<catalogue::Value> values;
    add_tkm(values, "N00957", "0025", 2021, 24.0, 30.0, 20.0);
    add_tkm(values, "N00957", "0025", 2022, 25.0, 30.0, 20.0);
    store_values(test.catalogue(), values);

    auto request = against_regions({{"N00957", curated::Direction::higher_is_better, true}});
    request.years = catalogue::parse_year_set("2021");
    auto result = analysis::compare(test.catalogue(), request).front();
    CHECK(result.period.period == 2021);
    CHECK(result.period.source == analysis::PeriodChoice::Source::requested);
    CHECK(*unit(result, "0025").values.t == doctest::Approx(24.0));

    request.years = catalogue::parse_year_set("2010");
    result = analysis::compare(test.catalogue(), request).front();
    CHECK(result.period.period == 2010);
    CHECK_FALSE(unit(result, "0025").values.t);
    CHECK(result.units_with_data == 0);
    CHECK(result.units.size() == 21);
}

TEST_CASE("compare: without focus values, the latest year of the compared units") {
    TestCatalogue test({make_kpi("N00957", "A", true)});
    std::vector<catalogue::Value> values;
    add_tkm(values, "N00957", "0024", 2020, 1.0, 1.0, 1.0);
    add_tkm(values, "N00957", "0023", 2018, 1.0, 1.0, 1.0);
    store_values(test.catalogue(), values);
    const auto result =
        analysis::compare(test.catalogue(),
                          against_regions({{"N00957", curated::Direction::neutral, false}}))
            .front();
    CHECK(result.period.period == 2020);
    CHECK(result.period.source == analysis::PeriodChoice::Source::others_latest);
    CHECK_FALSE(result.curated);
}

TEST_CASE("compare: a key figure with no values at all keeps every unit, all missing") {
    TestCatalogue test({make_kpi("N00957", "A", true)});
    const auto result =
        analysis::compare(test.catalogue(),
                          against_regions({{"N00957", curated::Direction::neutral, true}}))
            .front();
    CHECK_FALSE(result.period.period);
    CHECK(result.period.source == analysis::PeriodChoice::Source::none);
    CHECK(result.units.size() == 21);
    CHECK(result.units_with_data == 0);
    CHECK_FALSE(result.national.values.any());
}

TEST_CASE("compare: K-type key figures use the county groups, labelled") {
    TestCatalogue test({make_kpi("N00209", "K", true)});
    std::vector<catalogue::Value> values;
    add_tkm(values, "N00209", "G33632", 2022, 70.0, 60.0, 80.0);
    add_tkm(values, "N00209", "G33631", 2022, 75.0, 70.0, 80.0);
    add_tkm(values, "N00209", "0025", 2023, 1.0, 1.0, 1.0);  // never read for a K key figure
    add_tkm(values, "N00209", "0000", 2022, 73.0, 70.0, 84.0);
    store_values(test.catalogue(), values);

    const auto result =
        analysis::compare(test.catalogue(),
                          against_regions({{"N00209", curated::Direction::higher_is_better, true}}))
            .front();
    CHECK(result.uses_county_groups);
    CHECK(result.period.period == 2022);
    const analysis::UnitComparison& norrbotten = unit(result, "G33632");
    CHECK(norrbotten.requested == "0025");
    CHECK(norrbotten.is_focus);
    CHECK(norrbotten.is_county_group);
    CHECK(norrbotten.title == "Norrbotten: county's municipalities (unweighted mean)");
    CHECK(norrbotten.rank == 2);
    CHECK(unit(result, "G33631").rank == 1);
    CHECK(result.units.size() == 21);
    // Riket has municipal-level values for K key figures under 0000.
    CHECK(*result.national.values.t == doctest::Approx(73.0));
    CHECK(*norrbotten.difference_from_national == doctest::Approx(-3.0));
}

TEST_CASE("compare: the focus is always compared, even when --against leaves it out") {
    TestCatalogue test({make_kpi("N00957", "A", true)});
    analysis::CompareRequest request;
    request.kpis = {{"N00957", curated::Direction::neutral, true}};
    request.against = {"0024", "0023", "0025"};
    const auto result = analysis::compare(test.catalogue(), request).front();
    REQUIRE(result.units.size() == 3);
    CHECK(std::count_if(result.units.begin(), result.units.end(),
                        [](const analysis::UnitComparison& u) { return u.is_focus; }) == 1);
    request.against = {"0024"};
    CHECK(analysis::compare(test.catalogue(), request).front().units.size() == 2);
}

TEST_CASE("compare: --within compares the county's municipalities with each other and the county") {
    TestCatalogue test({make_kpi("N00209", "K", true), make_kpi("N00957", "A", true)});
    CHECK(analysis::municipalities_of_county(test.catalogue(), "0025").size() == 14);
    CHECK(analysis::municipalities_of_county(test.catalogue(), "0024") ==
          std::vector<std::string>{"2480"});
    CHECK(analysis::municipalities_of_county(test.catalogue(), "2580").empty());

    std::vector<catalogue::Value> values;
    add_tkm(values, "N00209", "G33632", 2022, 70.0, 60.0, 80.0);
    add_tkm(values, "N00209", "2580", 2022, 75.0, 70.0, 80.0);
    add_tkm(values, "N00209", "2584", 2022, 65.0, 60.0, 70.0);
    add_tkm(values, "N00209", "2480", 2022, 99.0, 99.0, 99.0);  // Umeå is not in Norrbotten
    add_tkm(values, "N00957", "0025", 2022, 25.0, 30.0, 20.0);
    add_tkm(values, "N00957", "2580", 2022, 20.0, 24.0, 16.0);
    store_values(test.catalogue(), values);

    analysis::CompareRequest request;
    request.kpis = {{"N00209", curated::Direction::higher_is_better, true},
                    {"N00957", curated::Direction::lower_is_better, true}};
    request.within = "0025";
    const auto results = analysis::compare(test.catalogue(), request);

    const analysis::KpiComparison& k_type = results[0];
    REQUIRE(k_type.units.size() == 15);
    CHECK(k_type.units_ranked == 14);
    CHECK(k_type.units.front().id == "G33632");
    CHECK(k_type.units.front().is_reference);
    CHECK_FALSE(k_type.units.front().rank);
    CHECK(unit(k_type, "2580").title == "Luleå");
    CHECK(unit(k_type, "2580").rank == 1);
    CHECK(unit(k_type, "2584").rank == 2);
    CHECK(*unit(k_type, "2580").difference_from_reference == doctest::Approx(5.0));
    CHECK(*unit(k_type, "2584").difference_from_reference == doctest::Approx(-5.0));
    CHECK_FALSE(unit(k_type, "2505").values.t);
    // Units without data by title in Swedish order: Ä and Ö come after Z, not with A and O.
    const auto count = k_type.units.size();
    CHECK(k_type.units[count - 4].title == "Piteå");
    CHECK(k_type.units[count - 3].title == "Älvsbyn");
    CHECK(k_type.units[count - 2].title == "Överkalix");
    CHECK(k_type.units[count - 1].title == "Övertorneå");

    const analysis::KpiComparison& a_type = results[1];
    CHECK(a_type.units.front().id == "0025");
    CHECK(*unit(a_type, "2580").difference_from_reference == doctest::Approx(-5.0));
    CHECK(unit(a_type, "2580").rank == 1);
}

namespace {

// Four compared units (the focus 0025 and 0024, 0023, 0022) and Riket, with years in which
// some units have only K and M. T values per year among the four: 2020: 0024 (1 of 4);
// 2021: 0025, 0024, 0023 (3); 2022: 0024, 0023, 0022 (3); 2023: 0025 (1).
struct SparseYears {
    TestCatalogue test{{make_kpi("N00957", "A", true)}};
    SparseYears() {
        std::vector<catalogue::Value> values;
        add_tkm(values, "N00957", "0025", 2020, std::nullopt, 11.0, 9.0);
        add_tkm(values, "N00957", "0025", 2021, 12.0, 13.0, 11.0);
        add_tkm(values, "N00957", "0025", 2023, 14.0, 15.0, 13.0);
        add_tkm(values, "N00957", "0024", 2020, 20.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0024", 2021, 21.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0024", 2022, 22.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0023", 2021, 30.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0023", 2022, 31.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0022", 2022, 40.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0000", 2020, std::nullopt, 55.0, 45.0);
        add_tkm(values, "N00957", "0000", 2022, 51.0, 55.0, 47.0);
        add_tkm(values, "N00957", "0000", 2023, 52.0, 56.0, 48.0);
        store_values(test.catalogue(), values);
    }
    static analysis::CompareRequest request() {
        analysis::CompareRequest request;
        request.kpis = {{"N00957", curated::Direction::higher_is_better, true}};
        request.against = {"0024", "0023", "0022", "0000"};
        return request;
    }
};

}  // namespace

TEST_CASE("compare: the trend's base is each unit's first year with a T value in the window") {
    SparseYears fixture;
    auto request = SparseYears::request();
    request.trend_years = 3;  // period 2023, window 2020..2022
    const auto result = analysis::compare(fixture.test.catalogue(), request).front();
    REQUIRE(result.period.period == 2023);
    // Norrbotten: 2020 has K and M only, so the base is 2021 (T 12, K 13, M 11).
    const auto& focus = unit(result, "0025").trend;
    REQUIRE(focus);
    CHECK(focus->from_period == 2021);
    CHECK(focus->to_period == 2023);
    CHECK(*focus->t == doctest::Approx(2.0));
    CHECK(*focus->k == doctest::Approx(2.0));
    CHECK(*focus->m == doctest::Approx(2.0));
    CHECK(*focus->gap == doctest::Approx(0.0));  // gap 2 in 2021 and in 2023
    // Riket: 2020 has K and M only, 2021 nothing: the base is 2022 (T 51).
    const auto& national = result.national.trend;
    REQUIRE(national);
    CHECK(national->from_period == 2022);
    CHECK(*national->t == doctest::Approx(1.0));
    CHECK(*national->gap == doctest::Approx(0.0));  // 8 in 2022 and in 2023
    CHECK_FALSE(unit(result, "0024").trend);        // no value in 2023
}

TEST_CASE("compare: how many compared units have a T value, and --year common") {
    SparseYears fixture;
    auto request = SparseYears::request();
    SUBCASE("the default stays the focus's latest year; the common year is known") {
        const auto result = analysis::compare(fixture.test.catalogue(), request).front();
        CHECK(result.period.period == 2023);
        CHECK(result.period.source == analysis::PeriodChoice::Source::focus_latest);
        CHECK(result.units_ranked == 4);  // Riket is the national row, not compared
        CHECK(result.units_with_data == 1);
        CHECK_FALSE(analysis::at_least_half(result.units_with_data, result.units_ranked));
        CHECK(result.common_period == 2022);
    }
    SUBCASE("--year common: 2022, when 3 of the 4 have a T value") {
        request.common_year = true;
        const auto result = analysis::compare(fixture.test.catalogue(), request).front();
        CHECK(result.period.period == 2022);
        CHECK(result.period.source == analysis::PeriodChoice::Source::common);
        CHECK(result.units_with_data == 3);
        CHECK_FALSE(unit(result, "0025").values.t);
        CHECK(*unit(result, "0022").values.t == doctest::Approx(40.0));
        CHECK(unit(result, "0022").rank == 1);
    }
    SUBCASE("--year common with two compared units: a year in which one of them has T") {
        request.against = {"0022"};  // 0025 and 0022: 2023 (0025) is half
        request.common_year = true;
        const auto result = analysis::compare(fixture.test.catalogue(), request).front();
        CHECK(result.units_ranked == 2);
        CHECK(result.period.period == 2023);
    }
    SUBCASE("--year SET: the set's latest year with a value for the focus") {
        request.years = catalogue::parse_year_set("2020-2022");
        auto result = analysis::compare(fixture.test.catalogue(), request).front();
        CHECK(result.period.period == 2021);
        CHECK(result.period.source == analysis::PeriodChoice::Source::set_focus);
        CHECK(*unit(result, "0025").values.t == doctest::Approx(12.0));
        // The focus has nothing in 2022 or from 2024: the others' latest year in the set.
        request.years = catalogue::parse_year_set("2022,2024-");
        result = analysis::compare(fixture.test.catalogue(), request).front();
        CHECK(result.period.period == 2022);
        CHECK(result.period.source == analysis::PeriodChoice::Source::set_others);
        request.years = catalogue::parse_year_set("-2019");
        result = analysis::compare(fixture.test.catalogue(), request).front();
        CHECK_FALSE(result.period.period);
        CHECK(result.units.size() == 4);
    }
}
