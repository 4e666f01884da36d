#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "analysis/compare_stats.hpp"

using namespace kolcat::analysis;
using namespace kolcat::catalogue;
using namespace kolcat::curated;

using namespace kolcat;

namespace {
using Ranks = std::vector<std::optional<int>>;
using Numbers = std::vector<std::optional<double>>;
constexpr auto none = std::nullopt;
}  // namespace

TEST_CASE("compare: sex gap and ratio") {
    CHECK(analysis::sex_gap({10.0, 12.0, 8.0}) == doctest::Approx(4.0));
    CHECK(analysis::sex_ratio({10.0, 12.0, 8.0}) == doctest::Approx(1.5));
    CHECK(analysis::sex_gap({10.0, 8.0, 12.0}) == doctest::Approx(-4.0));

    SUBCASE("a missing sex gives a missing gap and ratio, never 0") {
        CHECK_FALSE(analysis::sex_gap({10.0, 12.0, none}));
        CHECK_FALSE(analysis::sex_gap({10.0, none, 8.0}));
        CHECK_FALSE(analysis::sex_ratio({10.0, none, 8.0}));
        CHECK_FALSE(analysis::sex_ratio({10.0, 12.0, none}));
    }
    SUBCASE("men at 0: the ratio is missing, the gap is not") {
        CHECK_FALSE(analysis::sex_ratio({1.0, 2.0, 0.0}));
        CHECK(analysis::sex_gap({1.0, 2.0, 0.0}) == doctest::Approx(2.0));
        CHECK(analysis::sex_ratio({0.0, 0.0, 5.0}) == doctest::Approx(0.0));
    }
    CHECK(analysis::difference(5.0, 3.0) == doctest::Approx(2.0));
    CHECK_FALSE(analysis::difference(5.0, none));
    CHECK_FALSE(analysis::difference(none, 3.0));
}

TEST_CASE("compare: ranks follow the direction, 1 is best") {
    const Numbers values{3.0, 1.0, 2.0};
    CHECK(competition_ranks(values, curated::Direction::higher_is_better) == Ranks{1, 3, 2});
    CHECK(competition_ranks(values, curated::Direction::lower_is_better) == Ranks{3, 1, 2});
    // Neutral: by value descending, like higher_is_better (the output says it is neutral).
    CHECK(competition_ranks(values, curated::Direction::neutral) == Ranks{1, 3, 2});
}

TEST_CASE("compare: ties share a rank and the next rank skips") {
    const Numbers values{5.0, 7.0, 5.0, 1.0};
    CHECK(competition_ranks(values, curated::Direction::higher_is_better) == Ranks{2, 1, 2, 4});
    CHECK(competition_ranks(values, curated::Direction::lower_is_better) == Ranks{2, 4, 2, 1});
    CHECK(competition_ranks({4.0, 4.0, 4.0}, curated::Direction::higher_is_better) ==
          Ranks{1, 1, 1});
}

TEST_CASE("compare: missing values get no rank and take no place") {
    const Numbers values{none, 2.0, none, 9.0};
    CHECK(competition_ranks(values, curated::Direction::higher_is_better) ==
          Ranks{none, 2, none, 1});
    CHECK(competition_ranks(values, curated::Direction::lower_is_better) ==
          Ranks{none, 1, none, 2});
    CHECK(competition_ranks({none, none}, curated::Direction::neutral) == Ranks{none, none});
    CHECK(competition_ranks({}, curated::Direction::neutral).empty());
    // A value of 0 is a value, ranked like any other.
    CHECK(competition_ranks({0.0, none, -1.0}, curated::Direction::higher_is_better) ==
          Ranks{1, none, 2});
}

TEST_CASE("compare: the period is the focus unit's latest year unless one is asked for") {
    using Source = analysis::PeriodChoice::Source;
    const analysis::YearCoverage coverage;
    const analysis::PeriodChoice latest =
        analysis::choose_period(std::nullopt, false, {2019, 2021, 2020}, {2022, 2023}, coverage);
    CHECK(latest.period == 2021);
    CHECK(latest.source == Source::focus_latest);

    const analysis::PeriodChoice requested =
        analysis::choose_period(catalogue::parse_year_set("2015"), false, {2021}, {2022}, coverage);
    CHECK(requested.period == 2015);
    CHECK(requested.source == Source::requested);

    const analysis::PeriodChoice others =
        analysis::choose_period(std::nullopt, false, {}, {2018, 2022}, coverage);
    CHECK(others.period == 2022);
    CHECK(others.source == Source::others_latest);

    const analysis::PeriodChoice nothing =
        analysis::choose_period(std::nullopt, false, {}, {}, coverage);
    CHECK_FALSE(nothing.period);
    CHECK(nothing.source == Source::none);
}

TEST_CASE("compare: --year with a set of years picks the set's latest year with focus data") {
    using Source = analysis::PeriodChoice::Source;
    const analysis::YearCoverage coverage;
    const std::vector<int> focus{2014, 2016, 2019, 2021};
    const std::vector<int> others{2012, 2016, 2020, 2023};
    // 2015,2019-2020,2022-: of the focus's years only 2019 is in it (2021 falls in the gap).
    auto choice = analysis::choose_period(catalogue::parse_year_set("2015,2019-2020,2022-"), false,
                                          focus, others, coverage);
    CHECK(choice.period == 2019);
    CHECK(choice.source == Source::set_focus);
    choice =
        analysis::choose_period(catalogue::parse_year_set("2016-"), false, focus, others, coverage);
    CHECK(choice.period == 2021);
    CHECK(choice.source == Source::set_focus);
    choice =
        analysis::choose_period(catalogue::parse_year_set("-2015"), false, focus, others, coverage);
    CHECK(choice.period == 2014);
    // The focus has nothing in 2022-2023: the latest of the others in the set.
    choice = analysis::choose_period(catalogue::parse_year_set("2022-2023"), false, focus, others,
                                     coverage);
    CHECK(choice.period == 2023);
    CHECK(choice.source == Source::set_others);
    // Nobody has a value in the set.
    choice = analysis::choose_period(catalogue::parse_year_set("2000-2005,2017"), false, focus,
                                     others, coverage);
    CHECK_FALSE(choice.period);
    CHECK(choice.source == Source::none);
}

TEST_CASE("compare: --year common is the latest year in which at least half have a T value") {
    using Source = analysis::PeriodChoice::Source;
    analysis::YearCoverage coverage;
    coverage.units_compared = 5;
    coverage.units_with_t = {{2019, 5}, {2020, 3}, {2021, 2}, {2022, 1}};
    // Half of 5 is 2.5: 3 units are enough, 2 are not.
    CHECK(latest_common_year(coverage) == 2020);
    const auto choice = analysis::choose_period(std::nullopt, true, {2022}, {2022}, coverage);
    CHECK(choice.period == 2020);
    CHECK(choice.source == Source::common);

    coverage.units_compared = 4;  // now 2 of 4 is half
    CHECK(latest_common_year(coverage) == 2021);

    CHECK(analysis::at_least_half(11, 21));
    CHECK_FALSE(analysis::at_least_half(10, 21));
    CHECK(analysis::at_least_half(1, 1));
    CHECK_FALSE(analysis::at_least_half(0, 1));
    CHECK_FALSE(analysis::at_least_half(0, 0));

    coverage.units_compared = 21;
    const auto no_year = analysis::choose_period(std::nullopt, true, {2022}, {2022}, coverage);
    CHECK_FALSE(no_year.period);
    CHECK(no_year.source == Source::common);
}

TEST_CASE("compare: change over the last N years") {
    std::map<int, analysis::GenderValues> series;
    series[2018] = {10.0, 12.0, 8.0};
    series[2020] = {11.0, 12.5, 9.5};
    series[2022] = {14.0, 15.0, 13.0};

    SUBCASE("from the earliest year of the window that has a value") {
        const auto change = analysis::change_over(series, 2022, 3);  // window 2019..2021: 2020
        REQUIRE(change);
        CHECK(change->from_period == 2020);
        CHECK(change->to_period == 2022);
        CHECK(*change->t == doctest::Approx(3.0));
        CHECK(*change->k == doctest::Approx(2.5));
        CHECK(*change->m == doctest::Approx(3.5));
        CHECK(*change->gap == doctest::Approx(2.0 - 3.0));  // gap 3 -> 2
    }
    SUBCASE("exactly N years back when that year has a value") {
        const auto change = analysis::change_over(series, 2022, 4);
        REQUIRE(change);
        CHECK(change->from_period == 2018);
        CHECK(*change->t == doctest::Approx(4.0));
    }
    SUBCASE("nothing in the window, or nothing in the end year") {
        CHECK_FALSE(analysis::change_over(series, 2022, 1));
        CHECK_FALSE(analysis::change_over(series, 2021, 5));
        CHECK_FALSE(analysis::change_over(series, 2022, 0));
    }
    SUBCASE("the base is the first year of the window with a T value, not one with only K, M") {
        series[2019] = {std::nullopt, 11.0, 7.0};                    // K and M only
        const auto change = analysis::change_over(series, 2022, 3);  // window 2019..2021
        REQUIRE(change);
        CHECK(change->from_period == 2020);
        CHECK(*change->t == doctest::Approx(3.0));
        CHECK(*change->gap == doctest::Approx(2.0 - 3.0));
        // A window with K and M but no T gives no change at all.
        series.erase(2020);
        CHECK_FALSE(analysis::change_over(series, 2022, 3));
    }
    SUBCASE("a sex missing at either end leaves that change missing") {
        series[2020].m = std::nullopt;
        const auto change = analysis::change_over(series, 2022, 2);
        REQUIRE(change);
        CHECK(change->t);
        CHECK(change->k);
        CHECK_FALSE(change->m);
        CHECK_FALSE(change->gap);
    }
}
