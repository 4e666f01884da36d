// The one year syntax: parsing, the one error message, and what a set answers.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/year_set.hpp"

using namespace kolcat;

namespace {

const std::string kMessageTail =
    "': use 2015, 2010-2023, 2010-, -2015 or a list such as 2015,2020,2022-2023 (years 1900 "
    "to 2100)";

std::string error_of(const std::string& text) {
    try {
        catalogue::parse_year_set(text);
    } catch (const catalogue::YearSyntaxError& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("year set: every form of the syntax") {
    CHECK(catalogue::parse_year_set("2015").spans() ==
          std::vector<catalogue::YearSpan>{{2015, 2015}});
    CHECK(catalogue::parse_year_set("2010-2023").spans() ==
          std::vector<catalogue::YearSpan>{{2010, 2023}});
    CHECK(catalogue::parse_year_set("2010-").spans() ==
          std::vector<catalogue::YearSpan>{{2010, std::nullopt}});
    CHECK(catalogue::parse_year_set("-2015").spans() ==
          std::vector<catalogue::YearSpan>{{std::nullopt, 2015}});
    CHECK(catalogue::parse_year_set("2015,2020,2022-2023").spans() ==
          std::vector<catalogue::YearSpan>{{2015, 2015}, {2020, 2020}, {2022, 2023}});
    // Spaces around pieces, any order, duplicates, touching and overlapping spans.
    CHECK(catalogue::parse_year_set(" 2022-2023 , 2015,2020, 2015").text() ==
          "2015,2020,2022-2023");
    CHECK(catalogue::parse_year_set("2010-2012,2013,2011").text() == "2010-2013");
    CHECK(catalogue::parse_year_set("2018-,2012-2019,2005").text() == "2005,2012-");
    CHECK(catalogue::parse_year_set("2003,-2001").text() == "-2001,2003");
    CHECK(catalogue::parse_year_set("-2005,2000-2010").text() == "-2010");
    CHECK(catalogue::parse_year_set("1900-2100").text() == "1900-2100");
}

TEST_CASE("year set: one message for every bad year") {
    for (const std::string bad :
         {"",      " ",     "x",          "20x0",      "soon",      "1800",       "2101",
          "12345", "+2015", "2015.0",     "2012-2010", "-",         "2010--2012", "2010-2012-2014",
          "2015,", ",2015", "2015,,2020", "2015;2020", "2015 2020", "−2015",      "2010–2012",
          "latest"}) {
        CAPTURE(bad);
        CHECK(error_of(bad) == "invalid year '" + bad + kMessageTail);
    }
}

TEST_CASE("year set: membership, open ends and the latest year of a set") {
    const catalogue::YearSet list = catalogue::parse_year_set("2015,2020,2022-2023");
    CHECK(list.contains(2015));
    CHECK_FALSE(list.contains(2016));
    CHECK(list.contains(2022));
    CHECK(list.contains(2023));
    CHECK_FALSE(list.contains(2024));
    CHECK(list.lowest() == 2015);
    CHECK(list.highest() == 2023);
    CHECK_FALSE(list.single_year());
    CHECK(catalogue::parse_year_set("2015").single_year() == 2015);
    CHECK(catalogue::parse_year_set("2015-2015").single_year() == 2015);
    CHECK_FALSE(catalogue::parse_year_set("2015-").single_year());

    const catalogue::YearSet open_end = catalogue::parse_year_set("2010-");
    CHECK(open_end.contains(2100));
    CHECK_FALSE(open_end.contains(2009));
    CHECK_FALSE(open_end.highest());
    const catalogue::YearSet open_start = catalogue::parse_year_set("-2015");
    CHECK(open_start.contains(1900));
    CHECK_FALSE(open_start.contains(2016));
    CHECK_FALSE(open_start.lowest());

    // The latest of the years that exist which the set holds.
    CHECK(list.latest_of({2014, 2021, 2020, 2024}) == 2020);
    CHECK(list.latest_of({2023, 2022}) == 2023);
    CHECK_FALSE(list.latest_of({2016, 2021}));
    CHECK(open_start.latest_of({2010, 2016, 2012}) == 2012);
}

TEST_CASE("year set: resolved between bounds, for a sync") {
    CHECK(catalogue::parse_year_set("2022-").resolve(1970, 2026) ==
          std::vector<int>{2022, 2023, 2024, 2025, 2026});
    CHECK(catalogue::parse_year_set("-1972,2000").resolve(1970, 2026) ==
          std::vector<int>{1970, 1971, 1972, 2000});
    CHECK(catalogue::parse_year_set("2015,2020,2022-2023").resolve(1970, 2026) ==
          std::vector<int>{2015, 2020, 2022, 2023});
    // Closed spans stay as written; an open end past the bound names nothing.
    CHECK(catalogue::parse_year_set("1950").resolve(1970, 2026) == std::vector<int>{1950});
    CHECK(catalogue::parse_year_set("2030-").resolve(1970, 2026).empty());
    CHECK(catalogue::parse_year_set("-2015").resolve(1970, 2026).size() == 46);
}
