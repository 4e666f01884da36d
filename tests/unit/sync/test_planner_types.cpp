// The planner with the metadata's types: no request for a pair that cannot hold a value, every
// pair that can exactly once, the layout with the fewest segments, and from_date over the units
// a key figure can have values for.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalogue/municipality.hpp"
#include "catalogue/pair_types.hpp"
#include "sync/kolada/planner.hpp"

using namespace kolcat;
using catalogue::Side;

namespace {

std::vector<std::string> numbered(const std::string& prefix, int first, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(prefix + std::to_string(first + i));
    }
    return out;
}

struct TypedScope {
    catalogue::SyncScope scope;
    catalogue::PairTypes types;
};

// `k`, `l`, `a` key figures of each type; `municipalities`, `regions`, Riket, and groups of
// each side.
TypedScope typed_scope(int k, int l, int a, int municipalities, int regions, int groups_each) {
    TypedScope out;
    const auto add_kpis = [&](const std::string& prefix, int n, Side side) {
        for (const auto& id : numbered(prefix, 10000, n)) {
            out.scope.kpis.push_back(id);
            out.types.set_kpi(id, side);
        }
    };
    add_kpis("K", k, Side::municipalities);
    add_kpis("L", l, Side::regions);
    add_kpis("A", a, Side::both);
    for (const auto& id : numbered("1", 100, municipalities)) {
        out.scope.units.push_back(id);
        out.types.set_unit(id, Side::municipalities);
    }
    for (const auto& id : numbered("00", 10, regions)) {
        out.scope.units.push_back(id);
        out.types.set_unit(id, Side::regions);
    }
    out.scope.units.push_back("0000");
    out.types.set_unit("0000", Side::both);
    int group = 100000;
    for (const Side side : {Side::municipalities, Side::regions, Side::both}) {
        for (int i = 0; i < groups_each; ++i) {
            const std::string id = "G" + std::to_string(group++);
            out.scope.units.push_back(id);
            out.types.set_unit(id, side);
        }
    }
    return out;
}

std::multiset<std::pair<std::string, std::string>> asked_pairs(
    const std::vector<catalogue::SyncSegment>& plan) {
    std::multiset<std::pair<std::string, std::string>> pairs;
    for (const auto& segment : plan) {
        CHECK(segment.kpis.size() <= sync::max_ids_per_request);
        CHECK(segment.units.size() <= sync::max_ids_per_request);
        for (const auto& kpi : segment.kpis) {
            for (const auto& unit : segment.units) {
                pairs.emplace(kpi, unit);
            }
        }
    }
    return pairs;
}

void check_covers_possible_pairs_once(const TypedScope& typed,
                                      const std::vector<catalogue::SyncSegment>& plan) {
    const auto pairs = asked_pairs(plan);
    std::size_t possible = 0;
    for (const auto& kpi : typed.scope.kpis) {
        for (const auto& unit : typed.scope.units) {
            const bool can = typed.types.can_hold_value(kpi, unit);
            possible += can ? 1 : 0;
            INFO(kpi << " x " << unit);
            CHECK(pairs.count({kpi, unit}) == (can ? 1U : 0U));
        }
    }
    CHECK(pairs.size() == possible);
}

}  // namespace

TEST_CASE("pair types: the sides of key figures, units and groups") {
    CHECK(catalogue::kpi_side("K") == Side::municipalities);
    CHECK(catalogue::kpi_side("L") == Side::regions);
    CHECK(catalogue::kpi_side("A") == Side::both);
    CHECK(catalogue::kpi_side("") == Side::both);  // unknown: never ruled out
    CHECK(catalogue::unit_side({"2580", "Luleå", "K"}) == Side::municipalities);
    CHECK(catalogue::unit_side({"0025", "Region Norrbotten", "L"}) == Side::regions);
    CHECK(catalogue::unit_side({"0000", "Riket", "L"}) == Side::both);
    CHECK(catalogue::group_side({Side::municipalities, Side::municipalities}) ==
          Side::municipalities);
    CHECK(catalogue::group_side({Side::regions}) == Side::regions);
    CHECK(catalogue::group_side({Side::municipalities, Side::regions}) == Side::both);
    CHECK(catalogue::group_side({}) == Side::both);
    CHECK_FALSE(catalogue::can_hold_value(Side::municipalities, Side::regions));
    CHECK_FALSE(catalogue::can_hold_value(Side::regions, Side::municipalities));
    CHECK(catalogue::can_hold_value(Side::municipalities, Side::both));
    CHECK(catalogue::can_hold_value(Side::both, Side::regions));
}

TEST_CASE("planner with types: Kolada's whole shape, every possible pair once") {
    // 3 649 K, 1 318 L and 1 132 A key figures (the 2026 catalogue), scaled down by 40, with
    // 290 municipalities, 21 regions, Riket and groups of each side.
    const TypedScope typed = typed_scope(91, 33, 28, 290, 21, 3);
    const auto plan = sync::plan_sync(typed.scope, {}, false, "2026-11-26", typed.types);
    check_covers_possible_pairs_once(typed, plan);
    // Layout 1: (K and A) 119 figures = 5 chunks x (290 + Riket) = 12 chunks -> 60;
    //           L 33 = 2 chunks x (21 + Riket) = 1 -> 2; A 28 = 2 chunks x 21 regions -> 2: 64.
    // Layout 2: (L and A) 61 = 3 x 1 -> 3; K 91 = 4 x 12 -> 48; A 28 = 2 x 290 (12) -> 24: 75.
    // Layout 3: A 28 = 2 x 312 (13) -> 26; K 4 x 12 -> 48; L 2 x 1 -> 2: 76.
    // Groups: (K and A) 119 = 5 x 1, (L and A) 61 = 3 x 1, all 152 = 7 x 1: 15.
    // Before types: 152 figures = 7 chunks x 312 units (13) = 91, groups 7 x 1 (9 groups) = 7.
    CHECK(plan.size() == 64 + 15);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CHECK(plan[i].seq == static_cast<int>(i));
        CHECK_FALSE(plan[i].from_date.has_value());
    }
    // Groups come last.
    for (std::size_t i = 0; i < 64; ++i) {
        CHECK_FALSE(sync::only_municipality_groups(plan[i].units));
    }
    for (std::size_t i = 64; i < plan.size(); ++i) {
        CHECK(sync::only_municipality_groups(plan[i].units));
    }
}

TEST_CASE("planner with types: regions and Riket only, the layout that fits them") {
    // The regions' side only: K figures can only have Riket.
    //   Layout 1: (K and A) 30 = 2 chunks x Riket -> 2; L 10 x 22 -> 1; A 20 x 21 -> 1: 4.
    //   Layout 2: (L and A) 30 = 2 x 22 -> 2; K 10 x Riket -> 1; A x no municipality: 3.
    const TypedScope typed = typed_scope(10, 10, 20, 0, 21, 0);
    const auto plan = sync::plan_sync(typed.scope, {}, false, "2026-11-26", typed.types);
    check_covers_possible_pairs_once(typed, plan);
    REQUIRE(plan.size() == 3);
    CHECK(plan[0].kpis.size() == 25);  // the 10 L and 15 of the A, in the scope's order
    CHECK(plan[0].units.size() == 22);
    CHECK(plan[2].units == std::vector<std::string>{"0000"});
    CHECK(plan[2].kpis.front().front() == 'K');
}

TEST_CASE("planner with types: from_date over the units a key figure can have values for") {
    TypedScope typed = typed_scope(1, 1, 1, 2, 1, 0);
    // K10000 synced for its units (municipalities and Riket), never for the region it cannot
    // have; L10000 synced for the region but not Riket; A10000 synced everywhere.
    sync::SyncedDates synced;
    for (const std::string unit : {"1100", "1101", "0000"}) {
        synced.set("K10000", unit, "2026-11-01");
    }
    synced.set("L10000", "0010", "2026-11-01");
    for (const std::string unit : {"1100", "1101", "0010", "0000"}) {
        synced.set("A10000", unit, "2026-11-20");
    }
    const auto plan = sync::plan_sync(typed.scope, synced, false, "2026-11-26", typed.types);
    check_covers_possible_pairs_once(typed, plan);
    std::map<std::string, std::set<std::string>> from_dates;  // kpi -> dates of its segments
    for (const auto& segment : plan) {
        for (const auto& kpi : segment.kpis) {
            from_dates[kpi].insert(segment.from_date.value_or("whole"));
        }
    }
    CHECK(from_dates["K10000"] == std::set<std::string>{"2026-10-31"});
    CHECK(from_dates["L10000"] == std::set<std::string>{"whole"});  // Riket never synced
    CHECK(from_dates["A10000"] == std::set<std::string>{"2026-11-19"});
    // Whole fetches first.
    CHECK_FALSE(plan.front().from_date.has_value());
}

TEST_CASE("planner with types: metadata that knows nothing plans as before") {
    const TypedScope typed = typed_scope(30, 0, 0, 40, 0, 2);
    const auto old_plan = sync::plan_sync(typed.scope, {}, false, "2026-11-26");
    const auto unknown =
        sync::plan_sync(typed.scope, {}, false, "2026-11-26", catalogue::PairTypes{});
    REQUIRE(old_plan.size() == unknown.size());
    for (std::size_t i = 0; i < old_plan.size(); ++i) {
        CHECK(old_plan[i].kpis == unknown[i].kpis);
        CHECK(old_plan[i].units == unknown[i].units);
    }
}
