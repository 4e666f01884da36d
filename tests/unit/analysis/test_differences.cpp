#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/compare_order.hpp"
#include "analysis/differences.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;
using analysis::Behind;
using analysis::DifferenceFlag;
using Flags = std::vector<DifferenceFlag>;

TEST_CASE("differences: the relative gap is the gap over the mean of |K| and |M|") {
    // (60 − 80) / ((60 + 80) / 2) = −20 / 70
    CHECK(*analysis::relative_gap(60.0, 80.0) == doctest::Approx(-20.0 / 70.0));
    // (40 − 30) / 35 = 10 / 35: the same size, the other sign
    CHECK(*analysis::relative_gap(40.0, 30.0) == doctest::Approx(10.0 / 35.0));
    // Negative values: (−10 − 10) / ((10 + 10) / 2) = −2; the sign stays the gap's.
    CHECK(*analysis::relative_gap(-10.0, 10.0) == doctest::Approx(-2.0));
    CHECK(*analysis::relative_gap(5.0, 5.0) == 0.0);
    CHECK(*analysis::relative_gap(0.0, 0.0) == 0.0);  // no difference, not 0 / 0
    CHECK_FALSE(analysis::relative_gap(std::nullopt, 5.0));
    CHECK_FALSE(analysis::relative_gap(5.0, std::nullopt));
}

TEST_CASE("differences: who is behind follows the curated direction") {
    using curated::Direction;
    CHECK(analysis::who_is_behind(Direction::higher_is_better, 60.0, 80.0) == Behind::women);
    CHECK(analysis::who_is_behind(Direction::higher_is_better, 80.0, 60.0) == Behind::men);
    CHECK(analysis::who_is_behind(Direction::lower_is_better, 8.0, 10.0) == Behind::men);
    CHECK(analysis::who_is_behind(Direction::lower_is_better, 10.0, 8.0) == Behind::women);
    CHECK(analysis::who_is_behind(Direction::lower_is_better, 7.0, 7.0) == Behind::neither);
    CHECK(analysis::who_is_behind(Direction::neutral, 60.0, 80.0) == Behind::not_judged);
    CHECK_FALSE(analysis::who_is_behind(Direction::higher_is_better, std::nullopt, 8.0));
    CHECK(to_string(Behind::not_judged) == "not_judged");
}

TEST_CASE("differences: the median") {
    CHECK(*analysis::median({3.0, 1.0, 2.0}) == 2.0);
    CHECK(*analysis::median({4.0, 1.0, 3.0, 2.0}) == 2.5);  // (2 + 3) / 2
    CHECK(*analysis::median({-25.0, -2.0, 0.0, 10.0}) == -1.0);
    CHECK_FALSE(analysis::median({}));
}

TEST_CASE("differences: the flag rules") {
    analysis::GapFacts facts;
    SUBCASE("names") {
        CHECK(to_string(DifferenceFlag::widening) == "widening");
        CHECK(to_string(DifferenceFlag::larger_than_riket) == "larger_than_riket");
        CHECK(to_string(DifferenceFlag::larger_than_most) == "larger_than_most");
        CHECK(to_string(DifferenceFlag::reversed) == "reversed");
        CHECK(analysis::parse_difference_flag("reversed") == DifferenceFlag::reversed);
        CHECK_FALSE(analysis::parse_difference_flag("Reversed"));
        CHECK(analysis::difference_flag_choices() ==
              "widening, larger_than_riket, larger_than_most, reversed");
    }
    SUBCASE("widening: |gap| larger than the base year's, in absolute size") {
        facts.gap = -6.0;
        facts.gap_change = -2.0;  // base −4: |−6| > |−4|
        CHECK(analysis::difference_flags(facts) == Flags{DifferenceFlag::widening});
        facts.gap_change = -12.0;  // base 6: |−6| = |6|, equal is not larger
        CHECK(analysis::difference_flags(facts).empty());
        facts.gap_change = 1.0;  // base −7: narrowed
        CHECK(analysis::difference_flags(facts).empty());
        facts.gap = 0.2;
        facts.gap_change = 0.1;  // base 0.1 (0.2 − 0.1 in binary is 0.1 after tidying)
        CHECK(analysis::difference_flags(facts) == Flags{DifferenceFlag::widening});
        facts.gap_change.reset();  // no base year: not set
        CHECK(analysis::difference_flags(facts).empty());
    }
    SUBCASE("larger_than_riket and reversed") {
        facts.gap = -20.0;
        facts.riket_gap = 5.0;  // 20 > 5, signs differ
        CHECK(analysis::difference_flags(facts) ==
              Flags{DifferenceFlag::larger_than_riket, DifferenceFlag::reversed});
        facts.riket_gap = 20.0;  // equal size: not larger; still reversed
        CHECK(analysis::difference_flags(facts) == Flags{DifferenceFlag::reversed});
        facts.riket_gap = -30.0;  // smaller, same sign
        CHECK(analysis::difference_flags(facts).empty());
        facts.riket_gap = 0.0;  // a zero gap has no side: larger, never reversed
        CHECK(analysis::difference_flags(facts) == Flags{DifferenceFlag::larger_than_riket});
        facts.gap = 0.0;
        facts.riket_gap = -3.0;
        CHECK(analysis::difference_flags(facts).empty());
        facts.riket_gap.reset();
        facts.gap = 4.0;
        CHECK(analysis::difference_flags(facts).empty());
    }
    SUBCASE("larger_than_most: at least 3 in 4 of at least 4 compared units") {
        facts.gap = 5.0;
        // |gap| < 5 for 1, 2, 3, 4, −4.9: 5 of 8; 4 × 5 = 20 < 3 × 8 = 24.
        facts.compared_gaps = {1.0, 2.0, 3.0, 4.0, -4.9, 5.0, 6.0, -7.0};
        CHECK(analysis::smaller_gaps(facts) == 5);
        CHECK(analysis::difference_flags(facts).empty());
        // Now 6 of 8 (−5.0 is equal, not smaller): 4 × 6 = 24 ≥ 24.
        facts.compared_gaps = {1.0, 2.0, 3.0, 4.0, -4.9, 0.0, -5.0, 6.0};
        CHECK(analysis::smaller_gaps(facts) == 6);
        CHECK(analysis::difference_flags(facts) == Flags{DifferenceFlag::larger_than_most});
        // Three units, all smaller: too few to speak of "most".
        facts.compared_gaps = {1.0, 2.0, 3.0};
        CHECK(analysis::difference_flags(facts).empty());
        // Four units, three smaller: 12 ≥ 12.
        facts.compared_gaps = {1.0, 2.0, 3.0, 9.0};
        CHECK(analysis::difference_flags(facts) == Flags{DifferenceFlag::larger_than_most});
        facts.gap.reset();
        CHECK(analysis::difference_flags(facts).empty());
        CHECK(analysis::smaller_gaps(facts) == 0);
    }
}

namespace {

// Five A-type key figures and one K-type, Norrbotten (0025) the focus, compared with five
// regions and with itself (which must not count). Every expected number is worked out by hand
// in the comments.
struct DifferencesCatalogue {
    TestCatalogue test{
        {make_kpi("A00001", "A", true, "Higher is better"),
         make_kpi("A00002", "A", true, "Lower is better"),
         make_kpi("A00003", "A", true, "Neutral, no gap"),
         make_kpi("A00004", "A", false, "Totals only"),
         make_kpi("A00005", "A", true, "Never synced"), make_kpi("K00001", "K", true, "Municipal")},
        false};
    DifferencesCatalogue() {
        std::vector<std::string> units;
        for (int county = 12; county <= 32; ++county) {
            units.push_back("G336" + std::to_string(county));
        }
        for (const auto& unit : test_municipalities()) {
            units.push_back(unit.id);
        }
        record_synced_pairs(test.catalogue(), {"A00001", "A00002", "A00003", "A00004", "K00001"},
                            units);
        std::vector<catalogue::Value> values;
        // A00001, higher is better. 2022: K 60, M 80: gap −20, ratio 0.75, women behind.
        // Base year 2017 (the earliest of 2017-2021 with T): gap 70 − 80 = −10, change −10:
        // widening. Riket +5: larger and reversed. Compared gaps −2, 10, −25, 0 (0006 has no
        // M): 3 of 4 smaller than 20, 12 ≥ 12: larger_than_most; median (−2 + 0) / 2 = −1.
        add_tkm(values, "A00001", "0025", 2017, 75.0, 70.0, 80.0);
        add_tkm(values, "A00001", "0025", 2022, 70.0, 60.0, 80.0);
        add_tkm(values, "A00001", "0000", 2022, 72.5, 75.0, 70.0);
        add_tkm(values, "A00001", "0001", 2022, 51.0, 50.0, 52.0);
        add_tkm(values, "A00001", "0003", 2022, 45.0, 50.0, 40.0);
        add_tkm(values, "A00001", "0004", 2022, 42.5, 30.0, 55.0);
        add_tkm(values, "A00001", "0005", 2022, 60.0, 60.0, 60.0);
        add_tkm(values, "A00001", "0006", 2022, 60.0, 60.0, std::nullopt);
        // A00002, lower is better. 2022: K 8, M 10: gap −2, men behind. 2016 lies outside
        // 2017-2021; the base is 2019: 4 − 7 = −3, change +1: narrowed. Riket −1: larger, same
        // sign. Compared 0, 3, −1: too few for larger_than_most; median 0.
        add_tkm(values, "A00002", "0025", 2016, 10.0, 1.0, 20.0);
        add_tkm(values, "A00002", "0025", 2019, 5.5, 4.0, 7.0);
        add_tkm(values, "A00002", "0025", 2022, 9.0, 8.0, 10.0);
        add_tkm(values, "A00002", "0000", 2022, 8.5, 8.0, 9.0);
        add_tkm(values, "A00002", "0001", 2022, 5.0, 5.0, 5.0);
        add_tkm(values, "A00002", "0003", 2022, 4.5, 6.0, 3.0);
        add_tkm(values, "A00002", "0004", 2022, 5.5, 5.0, 6.0);
        // A00003, neutral: K = M everywhere; gaps 0 are never larger than 0.
        for (const char* unit : {"0025", "0000", "0001", "0003", "0004", "0005"}) {
            add_tkm(values, "A00003", unit, 2021, 5.0, 5.0, 5.0);
            add_tkm(values, "A00003", unit, 2022, 5.0, 5.0, 5.0);
        }
        // A00004: T only; Kolada's flag false, design values: gaps' verdict "none".
        add_tkm(values, "A00004", "0025", 2022, 12.0, std::nullopt, std::nullopt);
        // K00001 through the county group G33632: K 40, M 30: gap 10, relative 10 / 35, the
        // same size as A00001's −20 / 70 (the tie goes to the smaller id). Riket −10: equal
        // size, not larger; opposite sign: reversed. No earlier year: no change.
        add_tkm(values, "K00001", "G33632", 2022, 35.0, 40.0, 30.0);
        add_tkm(values, "K00001", "0025", 2022, 1.0, 1.0, 100.0);  // not the focus of K
        add_tkm(values, "K00001", "0000", 2022, 35.0, 30.0, 40.0);
        store_values(test.catalogue(), values);
    }

    analysis::DifferencesRequest request() const {
        using curated::Breakdown;
        using curated::Direction;
        analysis::DifferencesRequest made;
        made.kpis = {{"A00001", Direction::higher_is_better, true, Breakdown::values, {}},
                     {"A00004", Direction::lower_is_better, true, Breakdown::values, {}},
                     {"A00002", Direction::lower_is_better, true, Breakdown::values, {}},
                     {"A00005", Direction::lower_is_better, true, Breakdown::values, {}},
                     {"A00003", Direction::neutral, true, Breakdown::values, {}},
                     {"K00001", Direction::higher_is_better, true, Breakdown::values, {}}};
        made.against = {"0001", "0003", "0004", "0005", "0006", "0025"};
        made.notes = {{"A00002", "2026-03-15", "Men wait longer.", "Ask the clinics.", {}},
                      {"A00009", "2026-03-16", "Elsewhere.", "None.", {}}};
        return made;
    }
};

const analysis::DifferenceRow& row_of(const std::vector<analysis::DifferenceRow>& rows,
                                      const std::string& kpi) {
    const auto found = std::find_if(rows.begin(), rows.end(),
                                    [&](const analysis::DifferenceRow& r) { return r.kpi == kpi; });
    REQUIRE(found != rows.end());
    return *found;
}

std::vector<std::string> ids_of(const std::vector<analysis::DifferenceRow>& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) {
        ids.push_back(row.kpi);
    }
    return ids;
}

}  // namespace

TEST_CASE("differences: rows, flags, median, change and order on a hand-made catalogue") {
    DifferencesCatalogue fixture;
    const auto rows = analysis::find_differences(fixture.test.catalogue(), fixture.request());

    SUBCASE("judged rows by |relative gap|, the ones that cannot be judged last, none dropped") {
        // |−20/70| = |10/35| = 0.2857 (A00001 before K00001 by id), |−2/9| = 0.222, 0; then
        // A00004 and A00005 in the request's order.
        CHECK(ids_of(rows) ==
              std::vector<std::string>{"A00001", "K00001", "A00002", "A00003", "A00004", "A00005"});
    }
    SUBCASE("A00001: every flag") {
        const auto& row = row_of(rows, "A00001");
        CHECK(row.judged);
        CHECK(row.period == 2022);
        CHECK(row.focus_unit == "0025");
        CHECK(*row.k == 60.0);
        CHECK(*row.m == 80.0);
        CHECK(*row.gap == -20.0);
        CHECK(*row.ratio == doctest::Approx(0.75));
        CHECK(*row.relative_gap == doctest::Approx(-20.0 / 70.0));
        CHECK(row.behind == Behind::women);
        CHECK(row.base_year == 2017);
        CHECK(*row.gap_change == -10.0);
        CHECK(*row.riket_gap == 5.0);
        CHECK(*row.median_gap == -1.0);
        CHECK(row.units_compared == 5);  // 0001, 0003, 0004, 0005, 0006; not the focus
        CHECK(row.units_with_gap == 4);
        CHECK(row.units_smaller_gap == 3);
        CHECK(row.flags == Flags{DifferenceFlag::widening, DifferenceFlag::larger_than_riket,
                                 DifferenceFlag::larger_than_most, DifferenceFlag::reversed});
        CHECK_FALSE(row.verdict);
        CHECK(row.notes.empty());
    }
    SUBCASE("A00002: men behind, narrowing, larger than Riket only; its note") {
        const auto& row = row_of(rows, "A00002");
        CHECK(*row.gap == -2.0);
        CHECK(*row.relative_gap == doctest::Approx(-2.0 / 9.0));
        CHECK(row.behind == Behind::men);
        CHECK(row.base_year == 2019);
        CHECK(*row.gap_change == 1.0);
        CHECK(*row.riket_gap == -1.0);
        CHECK(*row.median_gap == 0.0);
        CHECK(row.units_with_gap == 3);
        CHECK(row.flags == Flags{DifferenceFlag::larger_than_riket});
        REQUIRE(row.notes.size() == 1);
        CHECK(row.notes.front().action == "Ask the clinics.");
    }
    SUBCASE("A00003: neutral, gaps of 0 set no flag") {
        const auto& row = row_of(rows, "A00003");
        CHECK(row.judged);
        CHECK(*row.relative_gap == 0.0);
        CHECK(row.behind == Behind::not_judged);
        CHECK(row.base_year == 2021);
        CHECK(*row.gap_change == 0.0);
        CHECK(row.units_with_gap == 4);
        CHECK(row.flags.empty());
    }
    SUBCASE("K00001: through the county group; an equal Riket gap is not larger") {
        const auto& row = row_of(rows, "K00001");
        CHECK(row.focus_unit == "G33632");
        CHECK(*row.gap == 10.0);
        CHECK(*row.riket_gap == -10.0);
        CHECK_FALSE(row.gap_change);
        CHECK_FALSE(row.base_year);
        CHECK_FALSE(row.median_gap);  // no county group compared has values
        CHECK(row.units_with_gap == 0);
        CHECK(row.flags == Flags{DifferenceFlag::reversed});
    }
    SUBCASE("cannot be judged: the gaps verdict; never synced is no missing value") {
        const auto& totals = row_of(rows, "A00004");
        CHECK_FALSE(totals.judged);
        CHECK(totals.verdict == analysis::Verdict::none);
        CHECK_FALSE(totals.behind);
        CHECK(totals.flags.empty());
        const auto& never = row_of(rows, "A00005");
        CHECK_FALSE(never.judged);
        CHECK_FALSE(never.synced);
        CHECK(never.verdict == analysis::Verdict::not_synced);
        CHECK(std::find(never.not_synced_units.begin(), never.not_synced_units.end(), "0025") !=
              never.not_synced_units.end());
    }
    SUBCASE("JSON: the documented keys first, numbers and nulls") {
        const nlohmann::ordered_json json = row_of(rows, "A00001");
        std::vector<std::string> keys;
        for (auto it = json.begin(); it != json.end(); ++it) {
            keys.push_back(it.key());
        }
        const std::vector<std::string> documented{
            "kpi",       "title",     "period",       "K",      "M",
            "gap",       "ratio",     "relative_gap", "behind", "gap_change",
            "base_year", "riket_gap", "median_gap",   "flags"};
        REQUIRE(keys.size() > documented.size());
        CHECK(std::vector<std::string>(keys.begin(), keys.begin() + 14) == documented);
        CHECK(json.at("behind") == "women");
        CHECK(json.at("flags") == nlohmann::ordered_json::array({"widening", "larger_than_riket",
                                                                 "larger_than_most", "reversed"}));
        const nlohmann::ordered_json never = row_of(rows, "A00005");
        CHECK(never.at("K").is_null());
        CHECK(never.at("behind").is_null());
        CHECK(never.at("synced") == false);
        CHECK(never.at("verdict") == "not_synced");
        const nlohmann::ordered_json noted = row_of(rows, "A00002");
        CHECK(noted.at("notes").at(0).at("date") == "2026-03-15");
    }
}

TEST_CASE(
    "differences: --flag keeps the judged rows with any of the flags, and every row that "
    "cannot be judged") {
    DifferencesCatalogue fixture;
    auto request = fixture.request();
    request.flags = {DifferenceFlag::reversed};
    CHECK(ids_of(analysis::find_differences(fixture.test.catalogue(), request)) ==
          std::vector<std::string>{"A00001", "K00001", "A00004", "A00005"});
    request.flags = {DifferenceFlag::widening, DifferenceFlag::larger_than_riket};
    CHECK(ids_of(analysis::find_differences(fixture.test.catalogue(), request)) ==
          std::vector<std::string>{"A00001", "A00002", "A00004", "A00005"});
}

TEST_CASE("compare --sort: value, gap and ratio, highest first, missing last, ties by rank") {
    // Compare's order on entry: the county (reference), then by rank a, b, d, then c (no rank).
    analysis::KpiComparison comparison;
    auto unit = [](std::string id, std::optional<int> rank, std::optional<double> t,
                   std::optional<double> gap, std::optional<double> ratio) {
        analysis::UnitComparison u;
        u.id = std::move(id);
        u.rank = rank;
        u.values.t = t;
        u.gap = gap;
        u.ratio = ratio;
        return u;
    };
    analysis::UnitComparison county = unit("r", std::nullopt, 1.0, 100.0, 100.0);
    county.is_reference = true;
    comparison.units = {county, unit("a", 1, 10.0, 2.0, 1.2),
                        unit("b", 2, 12.0, -3.0, std::nullopt), unit("d", 3, 12.0, 5.0, 2.0),
                        unit("c", std::nullopt, std::nullopt, std::nullopt, std::nullopt)};
    auto order = [&](analysis::UnitOrder how) {
        analysis::KpiComparison sorted = comparison;
        analysis::order_units(sorted, how);
        std::string ids;
        for (const auto& u : sorted.units) {
            ids += u.id;
        }
        return ids;
    };
    CHECK(order(analysis::UnitOrder::rank) == "rabdc");
    CHECK(order(analysis::UnitOrder::value) == "rbdac");  // 12 (b, d: rank order), 10, none
    CHECK(order(analysis::UnitOrder::gap) == "rdabc");    // 5, 2, −3, none
    CHECK(order(analysis::UnitOrder::ratio) == "rdabc");  // 2, 1.2, then b and c (none)
    CHECK(analysis::parse_unit_order("gap") == analysis::UnitOrder::gap);
    CHECK_FALSE(analysis::parse_unit_order("size"));
}

TEST_CASE("differences: a pair is judged as one, the women's key figure against the men's") {
    TestCatalogue test{{make_kpi("P00001", "A", false, "Medellivslängd kvinnor, år"),
                        make_kpi("P00002", "A", false, "Medellivslängd män, år")},
                       false};
    std::vector<std::string> units = {"0000", "0001", "0003", "0004", "0005", "0025"};
    record_synced_pairs(test.catalogue(), {"P00001", "P00002"}, units);
    std::vector<catalogue::Value> values;
    // T only: each key figure measures one sex.
    const auto add = [&](const std::string& unit, int year, double women, double men) {
        add_tkm(values, "P00001", unit, year, women, std::nullopt, std::nullopt);
        add_tkm(values, "P00002", unit, year, men, std::nullopt, std::nullopt);
    };
    add("0025", 2017, 83.0, 79.0);
    add("0025", 2022, 84.0, 79.5);
    add("0000", 2022, 84.5, 81.0);
    add("0001", 2022, 84.0, 80.0);
    add("0003", 2022, 83.0, 80.0);
    add("0004", 2022, 85.0, 80.5);
    add("0005", 2022, 82.0, 79.0);
    store_values(test.catalogue(), values);

    analysis::DifferencesRequest request;
    // The partner P00002 is not asked for: it is compared all the same, to join the pair.
    request.kpis = {{"P00001", curated::Direction::higher_is_better, true, curated::Breakdown::pair,
                     std::string("P00002")}};
    request.against = {"0001", "0003", "0004", "0005"};
    const auto rows = analysis::find_differences(test.catalogue(), request);
    REQUIRE(rows.size() == 1);
    const auto& row = rows[0];
    // By hand, 2022: K 84.0 (women's key figure), M 79.5 (men's): gap 4.5, ratio 84 / 79.5,
    // relative gap 4.5 / 81.75; higher is better, so men are behind. Base year 2017: gap 83 − 79
    // = 4, change +0.5: widening. Riket 84.5 − 81 = 3.5: larger. Compared gaps 4, 3, 4.5, 3:
    // 3 of 4 smaller than 4.5 (4.5 is not): larger_than_most; median (3 + 4) / 2 = 3.5.
    CHECK(row.judged);
    CHECK(row.kpi == "P00001");
    CHECK(row.pair_women == "P00001");
    CHECK(row.pair_men == "P00002");
    CHECK(*row.k == 84.0);
    CHECK(*row.m == 79.5);
    CHECK(*row.gap == doctest::Approx(4.5));
    CHECK(*row.ratio == doctest::Approx(84.0 / 79.5));
    CHECK(*row.relative_gap == doctest::Approx(4.5 / 81.75));
    CHECK(row.behind == Behind::men);
    CHECK(row.base_year == 2017);
    CHECK(*row.gap_change == doctest::Approx(0.5));
    CHECK(*row.riket_gap == doctest::Approx(3.5));
    CHECK(*row.median_gap == doctest::Approx(3.5));
    CHECK(row.flags == Flags{DifferenceFlag::widening, DifferenceFlag::larger_than_riket,
                             DifferenceFlag::larger_than_most});
    const nlohmann::ordered_json json = row;
    CHECK(json.at("pair") == nlohmann::ordered_json{{"women", "P00001"}, {"men", "P00002"}});

    SUBCASE("titles that do not say which sex: not judged, the gaps verdict says it is a pair") {
        test.catalogue().replace_kpis({make_kpi("P00001", "A", false, "Medellivslängd, år"),
                                       make_kpi("P00002", "A", false, "Medellivslängd män, år")});
        const auto unjoined = analysis::find_differences(test.catalogue(), request);
        REQUIRE(unjoined.size() == 1);
        CHECK_FALSE(unjoined[0].judged);
        CHECK(unjoined[0].verdict == analysis::Verdict::pair);
    }
}
