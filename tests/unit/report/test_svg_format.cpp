#include <doctest/doctest.h>

#include <cmath>

#include "report/svg/format.hpp"

using namespace kolcat;
using namespace kolcat::report;

TEST_CASE("format_number writes Swedish and English numbers with fixed decimals") {
    const auto sv = text::NumberStyle::swedish();
    const auto en = text::NumberStyle::english();
    CHECK(text::format_number(24.88, 1, sv) == "24,9");
    CHECK(text::format_number(24.88, 2, en) == "24.88");
    CHECK(text::format_number(312500, 0, sv) == "312\u00A0500");
    CHECK(text::format_number(312500, 0, en) == "312,500");
    CHECK(text::format_number(1234567.891, 2, en) == "1,234,567.89");
    CHECK(text::format_number(-28150, 0, sv) == "-28\u00A0150");
    CHECK(text::format_number(999, 0, en) == "999");
    CHECK(text::format_number(0, 1, sv) == "0,0");
    // Rounding to zero never shows a sign.
    CHECK(text::format_number(-0.04, 1, en) == "0.0");
    CHECK(text::format_number(-0.0, 0, en) == "0");
    CHECK(text::format_number(2.5, 0, en) == "3");  // halves round away from zero
    CHECK(text::format_number(16.25, 1, sv) == "16,3");
    CHECK(text::format_number(-16.25, 1, en) == "-16.3");
    CHECK(text::format_number(50, 1, en) == "50.0");
}

TEST_CASE("format_coordinate trims trailing zeros and never writes -0") {
    CHECK(format_coordinate(12) == "12");
    CHECK(format_coordinate(12.5) == "12.5");
    CHECK(format_coordinate(12.345) == "12.35");
    CHECK(format_coordinate(-3.001) == "-3");
    CHECK(format_coordinate(-0.001) == "0");
    CHECK(format_coordinate(640) == "640");
}

TEST_CASE("choose_decimals finds the places the values are stored with") {
    CHECK(text::choose_decimals({24.88, 30.39, 19.9}) == 2);
    CHECK(text::choose_decimals({49.5, 51.0, 12.3}) == 1);
    CHECK(text::choose_decimals({84, 80, 82}) == 0);
    CHECK(text::choose_decimals({33.333333}) == 2);
    CHECK(text::choose_decimals({312500.5, 12.25}) == 0);  // big magnitudes: whole numbers
    CHECK(text::choose_decimals({}) == 0);
}

TEST_CASE("nice_ticks covers the range with round steps") {
    const auto ticks = nice_ticks(0, 57.3, 5);
    CHECK(ticks.step == doctest::Approx(20));
    REQUIRE(ticks.values.size() == 4);
    CHECK(ticks.first() == 0);
    CHECK(ticks.last() == doctest::Approx(60));
    CHECK(ticks.decimals == 0);

    const auto small = nice_ticks(0.12, 0.87, 5);
    CHECK(small.step == doctest::Approx(0.2));
    CHECK(small.first() == doctest::Approx(0));
    CHECK(small.last() == doctest::Approx(1.0));
    CHECK(small.decimals == 1);

    const auto quarter = nice_ticks(0, 10, 5);
    CHECK(quarter.step == doctest::Approx(2.5));
    CHECK(quarter.decimals == 1);

    const auto negative = nice_ticks(-28150, 4000, 5);
    CHECK(negative.first() <= -28150);
    CHECK(negative.last() >= 4000);
    CHECK(negative.step == doctest::Approx(10000));
    bool has_zero = false;
    for (const double tick : negative.values) {
        has_zero = has_zero || tick == 0;
        if (tick == 0) {
            CHECK_FALSE(std::signbit(tick));  // no -0
        }
    }
    CHECK(has_zero);
}

TEST_CASE("nice_ticks widens an empty range and refuses non-finite bounds") {
    const auto flat = nice_ticks(50, 50, 5);
    CHECK(flat.first() < 50);
    CHECK(flat.last() > 50);
    const auto zero = nice_ticks(0, 0, 5);
    CHECK(zero.values.size() >= 2);
    CHECK(zero.first() <= 0);
    CHECK(zero.last() >= 1);
    CHECK_THROWS(nice_ticks(0, INFINITY, 5));
    CHECK_THROWS(nice_ticks(NAN, 1, 5));
}

TEST_CASE("extent_of skips missing values") {
    CHECK_FALSE(extent_of({std::nullopt, std::nullopt}).has_value());
    const auto extent = extent_of({std::nullopt, 3.5, -1.0, std::nullopt, 12.0});
    REQUIRE(extent.has_value());
    CHECK(extent->low == -1.0);
    CHECK(extent->high == 12.0);
}
