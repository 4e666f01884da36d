#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "catalogue/compare_stats.hpp"

using namespace kolcat;

namespace {
using Ranks = std::vector<std::optional<int>>;
using Numbers = std::vector<std::optional<double>>;
constexpr auto none = std::nullopt;
}  // namespace

TEST_CASE("compare: sex gap and ratio") {
    CHECK(sex_gap({10.0, 12.0, 8.0}) == doctest::Approx(4.0));
    CHECK(sex_ratio({10.0, 12.0, 8.0}) == doctest::Approx(1.5));
    CHECK(sex_gap({10.0, 8.0, 12.0}) == doctest::Approx(-4.0));

    SUBCASE("a missing sex gives a missing gap and ratio, never 0") {
        CHECK_FALSE(sex_gap({10.0, 12.0, none}));
        CHECK_FALSE(sex_gap({10.0, none, 8.0}));
        CHECK_FALSE(sex_ratio({10.0, none, 8.0}));
        CHECK_FALSE(sex_ratio({10.0, 12.0, none}));
    }
    SUBCASE("men at 0: the ratio is missing, the gap is not") {
        CHECK_FALSE(sex_ratio({1.0, 2.0, 0.0}));
        CHECK(sex_gap({1.0, 2.0, 0.0}) == doctest::Approx(2.0));
        CHECK(sex_ratio({0.0, 0.0, 5.0}) == doctest::Approx(0.0));
    }
    CHECK(difference(5.0, 3.0) == doctest::Approx(2.0));
    CHECK_FALSE(difference(5.0, none));
    CHECK_FALSE(difference(none, 3.0));
}

TEST_CASE("compare: ranks follow the direction, 1 is best") {
    const Numbers values{3.0, 1.0, 2.0};
    CHECK(competition_ranks(values, Direction::higher_is_better) == Ranks{1, 3, 2});
    CHECK(competition_ranks(values, Direction::lower_is_better) == Ranks{3, 1, 2});
    // Neutral: by value descending, like higher_is_better (the output says it is neutral).
    CHECK(competition_ranks(values, Direction::neutral) == Ranks{1, 3, 2});
}

TEST_CASE("compare: ties share a rank and the next rank skips") {
    const Numbers values{5.0, 7.0, 5.0, 1.0};
    CHECK(competition_ranks(values, Direction::higher_is_better) == Ranks{2, 1, 2, 4});
    CHECK(competition_ranks(values, Direction::lower_is_better) == Ranks{2, 4, 2, 1});
    CHECK(competition_ranks({4.0, 4.0, 4.0}, Direction::higher_is_better) == Ranks{1, 1, 1});
}

TEST_CASE("compare: missing values get no rank and take no place") {
    const Numbers values{none, 2.0, none, 9.0};
    CHECK(competition_ranks(values, Direction::higher_is_better) == Ranks{none, 2, none, 1});
    CHECK(competition_ranks(values, Direction::lower_is_better) == Ranks{none, 1, none, 2});
    CHECK(competition_ranks({none, none}, Direction::neutral) == Ranks{none, none});
    CHECK(competition_ranks({}, Direction::neutral).empty());
    // A value of 0 is a value, ranked like any other.
    CHECK(competition_ranks({0.0, none, -1.0}, Direction::higher_is_better) == Ranks{1, none, 2});
}

TEST_CASE("compare: the period is the focus unit's latest year unless one is asked for") {
    using Source = PeriodChoice::Source;
    const PeriodChoice latest = choose_period(std::nullopt, {2019, 2021, 2020}, {2022, 2023});
    CHECK(latest.period == 2021);
    CHECK(latest.source == Source::focus_latest);

    const PeriodChoice requested = choose_period(2015, {2021}, {2022});
    CHECK(requested.period == 2015);
    CHECK(requested.source == Source::requested);

    const PeriodChoice others = choose_period(std::nullopt, {}, {2018, 2022});
    CHECK(others.period == 2022);
    CHECK(others.source == Source::others_latest);

    const PeriodChoice nothing = choose_period(std::nullopt, {}, {});
    CHECK_FALSE(nothing.period);
    CHECK(nothing.source == Source::none);
}

TEST_CASE("compare: change over the last N years") {
    std::map<int, GenderValues> series;
    series[2018] = {10.0, 12.0, 8.0};
    series[2020] = {11.0, 12.5, 9.5};
    series[2022] = {14.0, 15.0, 13.0};

    SUBCASE("from the earliest year of the window that has a value") {
        const auto change = change_over(series, 2022, 3);  // window 2019..2021: 2020
        REQUIRE(change);
        CHECK(change->from_period == 2020);
        CHECK(change->to_period == 2022);
        CHECK(*change->t == doctest::Approx(3.0));
        CHECK(*change->k == doctest::Approx(2.5));
        CHECK(*change->m == doctest::Approx(3.5));
        CHECK(*change->gap == doctest::Approx(2.0 - 3.0));  // gap 3 -> 2
    }
    SUBCASE("exactly N years back when that year has a value") {
        const auto change = change_over(series, 2022, 4);
        REQUIRE(change);
        CHECK(change->from_period == 2018);
        CHECK(*change->t == doctest::Approx(4.0));
    }
    SUBCASE("nothing in the window, or nothing in the end year") {
        CHECK_FALSE(change_over(series, 2022, 1));
        CHECK_FALSE(change_over(series, 2021, 5));
        CHECK_FALSE(change_over(series, 2022, 0));
    }
    SUBCASE("a sex missing at either end leaves that change missing") {
        series[2020].m = std::nullopt;
        const auto change = change_over(series, 2022, 2);
        REQUIRE(change);
        CHECK(change->t);
        CHECK(change->k);
        CHECK_FALSE(change->m);
        CHECK_FALSE(change->gap);
    }
}
