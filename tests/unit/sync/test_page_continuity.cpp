// PageContinuity: a page joins the one before when its first item is one already read, and the
// items it repeats are dropped. Pages are written out by hand as Kolada would send them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sync/kolada/page_continuity.hpp"

using namespace kolcat;

namespace {

// One item per period of N1 at 0025: the given genders, in Kolada's order.
std::vector<catalogue::Value> items(std::initializer_list<int> periods, int genders = 1) {
    std::vector<catalogue::Value> values;
    for (const int period : periods) {
        for (int g = 0; g < genders; ++g) {
            catalogue::Value value;
            value.kpi = "N1";
            value.municipality = "0025";
            value.period = period;
            value.gender = static_cast<catalogue::Gender>(g);
            value.value = period;
            values.push_back(value);
        }
    }
    return values;
}

std::vector<int> periods_of(const std::vector<catalogue::Value>& values) {
    std::vector<int> periods;
    for (const auto& value : values) {
        periods.push_back(value.period);
    }
    return periods;
}

}  // namespace

TEST_CASE("continuity: pages that overlap as asked are joined and lose what they repeat") {
    sync::PageContinuity continuity;
    auto first = items({1, 2, 3, 4}, 3);
    CHECK(continuity.join(first, false));
    CHECK(first.size() == 12);
    auto second = items({4, 5, 6}, 3);  // overlaps by one item, all three genders
    CHECK(continuity.join(second, true));
    CHECK(periods_of(second) == std::vector<int>{5, 5, 5, 6, 6, 6});
    auto third = items({5, 6, 7});  // overlaps by two
    CHECK(continuity.join(third, true));
    CHECK(periods_of(third) == std::vector<int>{7});
}

TEST_CASE("continuity: a deletion behind the page moves it up; within the overlap it is joined") {
    sync::PageContinuity continuity;
    auto first = items({1, 2, 3, 4});
    CHECK(continuity.join(first, false));
    auto second = items({4, 5, 6, 7});
    CHECK(continuity.join(second, true));
    // Page 3 overlaps by two (6, 7); item 2 was deleted meanwhile, so it begins at 7.
    auto third = items({7, 8, 9});
    CHECK(continuity.join(third, true));
    CHECK(periods_of(third) == std::vector<int>{8, 9});
}

TEST_CASE("continuity: more deletions than the overlap, or no overlap, prove nothing") {
    SUBCASE("moved past the overlap") {
        sync::PageContinuity continuity;
        auto first = items({1, 2, 3, 4});
        CHECK(continuity.join(first, false));
        auto second = items({6, 7});  // it should have begun at 4: 4 and 5 may be lost
        CHECK_FALSE(continuity.join(second, true));
        CHECK(periods_of(second) == std::vector<int>{6, 7});
    }
    SUBCASE("a page not asked to overlap") {
        sync::PageContinuity continuity;
        auto first = items({1, 2});
        CHECK(continuity.join(first, false));
        auto second = items({2, 3});
        CHECK_FALSE(continuity.join(second, false));
        CHECK(second.size() == 2);
    }
    SUBCASE("an empty page where the overlap should be") {
        sync::PageContinuity continuity;
        auto first = items({1, 2});
        CHECK(continuity.join(first, false));
        std::vector<catalogue::Value> empty;
        CHECK_FALSE(continuity.join(empty, true));
    }
    SUBCASE("the same period of another unit is another item") {
        sync::PageContinuity continuity;
        auto first = items({1, 2});
        CHECK(continuity.join(first, false));
        auto second = items({2, 3});
        second.front().municipality = "2580";
        CHECK_FALSE(continuity.join(second, true));
    }
}

TEST_CASE("continuity: an item added before the page moves it down; it is still joined") {
    sync::PageContinuity continuity;
    auto first = items({1, 2, 3, 4});
    CHECK(continuity.join(first, false));
    auto second = items({3, 4, 5});  // asked to begin at 4; one item added before it
    CHECK(continuity.join(second, true));
    CHECK(periods_of(second) == std::vector<int>{5});
}
