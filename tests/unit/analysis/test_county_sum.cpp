#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/county_sum.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;
using analysis::GenderValues;
using analysis::ValueSeries;

namespace {

const analysis::UnitComparison& unit(const analysis::KpiComparison& result, const std::string& id) {
    const auto found = std::find_if(result.units.begin(), result.units.end(),
                                    [&](const analysis::UnitComparison& u) { return u.id == id; });
    REQUIRE(found != result.units.end());
    return *found;
}

const std::vector<std::string> kNorrbotten{"2505", "2506", "2510", "2513", "2514", "2518", "2521",
                                           "2523", "2560", "2580", "2581", "2582", "2583", "2584"};

}  // namespace

TEST_CASE("county sums: a count's title") {
    CHECK(analysis::is_count_title("Utflyttade, antal"));
    CHECK_FALSE(analysis::is_count_title("Utflyttade, antal per 1000 invånare"));
    CHECK_FALSE(analysis::is_count_title("antal"));
    CHECK_FALSE(analysis::is_count_title("Heltidsarbetande, andel (%)"));
    CHECK(analysis::is_county_count("K", "Utflyttade, antal"));
    CHECK_FALSE(analysis::is_county_count("A", "Utflyttade, antal"));
    CHECK_FALSE(analysis::is_county_count("K", "Heltidsarbetande, andel (%)"));
}

TEST_CASE("county sums: per gender, only when every member has a value") {
    const std::vector<std::string> members{"a", "b", "c"};
    std::map<std::string, ValueSeries> series;
    // 2020: everyone has T, K, M. T = 10 + 20 + 5 = 35, K = 4 + 12 + 2 = 18, M = 6 + 8 + 3 = 17.
    series["a"][2020] = {10.0, 4.0, 6.0};
    series["b"][2020] = {20.0, 12.0, 8.0};
    series["c"][2020] = {5.0, 2.0, 3.0};
    // 2021: a has no M, so M has no sum; T = 1 + 2 + 3 = 6, K = 1 + 1 + 1 = 3.
    series["a"][2021] = {1.0, 1.0, std::nullopt};
    series["b"][2021] = {2.0, 1.0, 1.0};
    series["c"][2021] = {3.0, 1.0, 2.0};
    // 2022: only a: no sum at all, so no year.
    series["a"][2022] = {7.0, 3.0, 4.0};
    // A unit that is not a member changes nothing.
    series["x"][2020] = {1000.0, 500.0, 500.0};

    const ValueSeries sums = analysis::county_sums(members, series);
    REQUIRE(sums.size() == 2);
    CHECK(sums.at(2020) == GenderValues{35.0, 18.0, 17.0});
    CHECK(sums.at(2021) == GenderValues{6.0, 3.0, std::nullopt});
    CHECK(sums.count(2022) == 0);

    const auto in_2021 = analysis::members_missing(members, series, 2021);
    CHECK(in_2021.t.empty());
    CHECK(in_2021.k.empty());
    CHECK(in_2021.m == std::vector<std::string>{"a"});
    const auto in_2022 = analysis::members_missing(members, series, 2022);
    CHECK(in_2022.t == std::vector<std::string>{"b", "c"});
    CHECK(in_2022.m == std::vector<std::string>{"b", "c"});
    CHECK(analysis::members_missing(members, series, 2020).empty());
    // No members: no sum.
    CHECK(analysis::county_sums({}, series).empty());
}

TEST_CASE("compare: a K-type count is the county's sum of its municipalities; a share the mean") {
    TestCatalogue test({make_kpi("N01801", "K", true, "Utflyttade, antal"),
                        make_kpi("N00209", "K", true, "Heltidsarbetande, andel (%)")});
    std::vector<catalogue::Value> values;
    // Norrbotten's 14 municipalities in 2022: T = 100 + i, K = 50 + i, M = 50, i = 0..13, so
    // T = 14 * 100 + (0 + ... + 13) = 1400 + 91 = 1491, K = 700 + 91 = 791, M = 14 * 50 = 700.
    for (std::size_t i = 0; i < kNorrbotten.size(); ++i) {
        const double n = static_cast<double>(i);
        add_tkm(values, "N01801", kNorrbotten[i], 2022, 100.0 + n, 50.0 + n, 50.0);
        // 2021: every municipality but the last has M: T and K sum, M does not.
        add_tkm(values, "N01801", kNorrbotten[i], 2021, 10.0, 5.0,
                i + 1 < kNorrbotten.size() ? std::optional(5.0) : std::nullopt);
    }
    // Kolada's stored county-group mean, which a count must not show.
    add_tkm(values, "N01801", "G33632", 2022, 106.5, 56.5, 50.0);
    // Västerbotten: the test catalogue lists one municipality of county 24, Umeå.
    add_tkm(values, "N01801", "2480", 2022, 500.0, 260.0, 240.0);
    add_tkm(values, "N01801", "G33631", 2022, 500.0, 260.0, 240.0);
    // The share: the county group's stored mean is the county's value.
    add_tkm(values, "N00209", "G33632", 2022, 60.0, 55.0, 65.0);
    for (const auto& municipality : kNorrbotten) {
        add_tkm(values, "N00209", municipality, 2022, 10.0, 10.0, 10.0);
    }
    store_values(test.catalogue(), values);

    analysis::CompareRequest request;
    request.kpis = {{"N01801", curated::Direction::neutral, true},
                    {"N00209", curated::Direction::higher_is_better, true}};
    request.against = {"0024", "0001"};
    const auto results = analysis::compare(test.catalogue(), request);
    REQUIRE(results.size() == 2);

    SUBCASE("the count: sums, labelled, with the members that lack values") {
        const auto& count = results[0];
        CHECK(count.sums_counties);
        CHECK(count.period.period == 2022);
        const auto& norrbotten = unit(count, "G33632");
        CHECK(norrbotten.aggregate == analysis::CountyAggregate::county_sum);
        CHECK(norrbotten.title == "Norrbotten: sum of the county's municipalities");
        CHECK(norrbotten.values == GenderValues{1491.0, 791.0, 700.0});
        CHECK(norrbotten.gap == doctest::Approx(91.0));
        CHECK(norrbotten.sum_members == kNorrbotten);
        CHECK(norrbotten.sum_missing_t.empty());
        CHECK(norrbotten.synced);
        // Neutral: ranked by value, highest first: Norrbotten's 1491 before Västerbotten's 500
        // (Umeå alone); with the mean (106.5) Norrbotten would come second.
        CHECK(norrbotten.rank == 1);
        const auto& vasterbotten = unit(count, "G33631");
        CHECK(vasterbotten.values == GenderValues{500.0, 260.0, 240.0});
        CHECK(vasterbotten.rank == 2);
        // Stockholm: the catalogue lists none of its municipalities, so no sum and no value.
        const auto& stockholm = unit(count, "G33612");
        CHECK(stockholm.aggregate == analysis::CountyAggregate::county_sum);
        CHECK(stockholm.sum_members.empty());
        CHECK_FALSE(stockholm.values.any());

        const nlohmann::ordered_json json = count;
        const auto& row = json["units"][0];
        CHECK(row["id"] == "G33632");
        CHECK(row["aggregate"] == "county_sum");
        CHECK(row["T"].get<double>() == 1491.0);
        CHECK(row["sum_members"].size() == 14);
        CHECK(row["sum_missing"]["M"].empty());
        CHECK(row["sum_not_synced"].empty());
    }
    SUBCASE("the count in a year where one member lacks M: T and K sum, M is missing") {
        auto one_year = request;
        one_year.years = catalogue::parse_year_set("2021");
        one_year.kpis.resize(1);
        const auto count = analysis::compare(test.catalogue(), one_year).front();
        const auto& norrbotten = unit(count, "G33632");
        // T = 14 * 10 = 140, K = 14 * 5 = 70; M: 2584 has none.
        CHECK(norrbotten.values == GenderValues{140.0, 70.0, std::nullopt});
        CHECK(norrbotten.sum_missing_m == std::vector<std::string>{"2584"});
        CHECK(norrbotten.sum_missing_t.empty());
        CHECK_FALSE(norrbotten.gap.has_value());
    }
    SUBCASE("the share: the county group's stored mean, as before") {
        const auto& share = results[1];
        CHECK_FALSE(share.sums_counties);
        const auto& norrbotten = unit(share, "G33632");
        CHECK(norrbotten.aggregate == analysis::CountyAggregate::county_mean);
        CHECK(norrbotten.values == GenderValues{60.0, 55.0, 65.0});
        CHECK(norrbotten.title == "Norrbotten: county's municipalities (unweighted mean)");
        CHECK(norrbotten.sum_members.empty());
        const nlohmann::ordered_json json = share;
        CHECK(json["units"][0]["aggregate"] == "county_mean");
        CHECK_FALSE(json["units"][0].contains("sum_missing"));
    }
}

TEST_CASE("compare: a county sum with a municipality never synced is not synced, not missing") {
    TestCatalogue test({make_kpi("N01801", "K", true, "Utflyttade, antal")}, false);
    std::vector<std::string> synced(kNorrbotten.begin(), kNorrbotten.end() - 1);  // not 2584
    synced.push_back("G33632");
    record_synced_pairs(test.catalogue(), {"N01801"}, synced);
    std::vector<catalogue::Value> values;
    for (std::size_t i = 0; i + 1 < kNorrbotten.size(); ++i) {
        add_tkm(values, "N01801", kNorrbotten[i], 2022, 10.0, 5.0, 5.0);
    }
    add_tkm(values, "N01801", "G33632", 2022, 10.0, 5.0, 5.0);
    store_values(test.catalogue(), values);

    analysis::CompareRequest request;
    request.kpis = {{"N01801", curated::Direction::neutral, true}};
    const auto result = analysis::compare(test.catalogue(), request).front();
    const auto& norrbotten = unit(result, "G33632");
    CHECK_FALSE(norrbotten.synced);
    CHECK(norrbotten.sum_not_synced == std::vector<std::string>{"2584"});
    CHECK_FALSE(norrbotten.values.t.has_value());
    // 2584 is not among the members "without a value": it is unknown.
    CHECK(std::find(norrbotten.sum_missing_t.begin(), norrbotten.sum_missing_t.end(), "2584") ==
          norrbotten.sum_missing_t.end());
}
