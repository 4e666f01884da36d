// The full plan that leaves a list open when the scope covers everything Kolada has of it: every
// unit (key figure chunks x year chunks) or every key figure (unit chunks x year chunks), the
// layout with the fewest segments, groups named after them, and the URLs that leave a list out.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/pair_types.hpp"
#include "sync/kolada/change_check.hpp"
#include "sync/kolada/planner.hpp"

using namespace kolcat;
using catalogue::OpenList;
using catalogue::Side;

namespace {

std::vector<std::string> numbered(const std::string& prefix, int first, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(prefix + std::to_string(first + i));
    }
    return out;
}

std::vector<int> years_from(int first, int n) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(first + i);
    }
    return out;
}

// `kpis` key figures of mixed types, `municipalities` municipalities, 2 regions, Riket and
// `groups` municipality groups; the cover knows exactly those key figures and units.
struct Fixture {
    catalogue::SyncScope scope;
    catalogue::PairTypes types;
    sync::OpenCover cover;
    std::vector<std::string> units;  // the scope's units without its groups
};

Fixture fixture(int kpis, int municipalities, int groups) {
    Fixture out;
    int i = 0;
    for (const auto& id : numbered("N", 10000, kpis)) {
        const Side sides[] = {Side::municipalities, Side::regions, Side::both};
        out.scope.kpis.push_back(id);
        out.types.set_kpi(id, sides[i++ % 3]);
    }
    for (const auto& id : numbered("1", 100, municipalities)) {
        out.units.push_back(id);
        out.types.set_unit(id, Side::municipalities);
    }
    for (const std::string id : {"0001", "0002"}) {
        out.units.push_back(id);
        out.types.set_unit(id, Side::regions);
    }
    out.units.push_back("0000");
    out.types.set_unit("0000", Side::both);
    out.scope.units = out.units;
    for (const auto& id : numbered("G", 100000, groups)) {
        out.scope.units.push_back(id);
        out.types.set_unit(id, Side::both);
    }
    out.cover.kolada_kpis = out.scope.kpis;
    out.cover.kolada_units = out.units;
    out.cover.years = years_from(1970, 75);  // change_check_years: 1970-2044
    return out;
}

std::vector<catalogue::SyncSegment> plan(const Fixture& f) {
    return sync::plan_sync(f.scope, {}, true, "2026-03-01", f.types, f.cover);
}

}  // namespace

TEST_CASE("open plan: every unit covered, fewer key figure chunks: units left open") {
    // 60 key figures (20 of each type) x 203 units and 2 groups, no years: open units take 3
    // key figure chunks x 3 year chunks = 9 segments; named lists 20 (40 K and A key figures x
    // 201 units: 2 x 9, 20 L x 3 units: 1, 20 A x 2 regions: 1), at least twice as many; open
    // key figures are not possible (the cover knows one more key figure than the scope holds).
    Fixture f = fixture(60, 200, 2);
    f.cover.kolada_kpis.push_back("N99999");
    const auto segments = plan(f);
    REQUIRE(segments.size() >= 9);
    for (int i = 0; i < 9; ++i) {
        const auto& segment = segments[static_cast<std::size_t>(i)];
        CAPTURE(i);
        CHECK(segment.seq == i);
        CHECK(segment.open == OpenList::units);
        CHECK_FALSE(segment.from_date);
        CHECK(segment.units == f.units);  // the scope's units, no group
        const int chunk = i / 3;
        CHECK(segment.kpis ==
              std::vector<std::string>(f.scope.kpis.begin() + chunk * 25,
                                       f.scope.kpis.begin() + std::min(60, chunk * 25 + 25)));
        CHECK(segment.years == years_from(1970 + 25 * (i % 3), 25));
    }
    CHECK(segments[8].kpis.size() == 10);
    // The groups after them, named and whole, as without a cover.
    for (std::size_t i = 9; i < segments.size(); ++i) {
        CHECK(segments[i].open == OpenList::none);
        CHECK(sync::only_municipality_groups(segments[i].units));
        CHECK(segments[i].years.empty());
    }
    const auto without = sync::plan_sync(f.scope, {}, true, "2026-03-01", f.types);
    std::size_t group_segments = 0;
    for (const auto& segment : without) {
        group_segments += sync::only_municipality_groups(segment.units) ? 1 : 0;
    }
    CHECK(segments.size() == 9 + group_segments);

    CHECK(sync::segment_url("http://k/v3", segments[0], 5000) ==
          "http://k/v3/data/kpi/" +
              [&] {
                  std::string ids;
                  for (const auto& kpi : segments[0].kpis) {
                      ids += (ids.empty() ? "" : ",") + kpi;
                  }
                  return ids;
              }() +
              "/year/1970,1971,1972,1973,1974,1975,1976,1977,1978,1979,1980,1981,1982,1983,"
              "1984,1985,1986,1987,1988,1989,1990,1991,1992,1993,1994?per_page=5000");
}

TEST_CASE("open plan: every key figure covered, fewer unit chunks: key figures left open") {
    // 100 key figures (4 chunks) x 33 units (2 chunks) with the scope's years 2020-2024: open
    // key figures take 2 unit chunks x 1 year chunk = 2 segments, open units 4, named lists 10
    // (67 K and A x 31 units: 3 x 2, 33 L x 3: 2, 33 A x 2: 2).
    Fixture f = fixture(100, 30, 1);
    f.scope.years = years_from(2020, 5);
    const auto segments = plan(f);
    REQUIRE(segments.size() >= 2);
    for (int i = 0; i < 2; ++i) {
        const auto& segment = segments[static_cast<std::size_t>(i)];
        CHECK(segment.open == OpenList::kpis);
        CHECK(segment.kpis == f.scope.kpis);  // every key figure of the scope
        CHECK(segment.years == f.scope.years);
    }
    CHECK(segments[0].units == std::vector<std::string>(f.units.begin(), f.units.begin() + 25));
    CHECK(segments[1].units == std::vector<std::string>(f.units.begin() + 25, f.units.end()));
    CHECK(sync::segment_url("http://k/v3/", segments[1], 1000) ==
          "http://k/v3/data/municipality/1125,1126,1127,1128,1129,0001,0002,0000/year/"
          "2020,2021,2022,2023,2024?per_page=1000");
    for (std::size_t i = 2; i < segments.size(); ++i) {
        CHECK(segments[i].open == OpenList::none);
        CHECK(segments[i].units == std::vector<std::string>{"G100000"});
    }
}

TEST_CASE("open plan: both covered, the layout with fewer segments; a tie leaves units open") {
    // The scope names 2 years: one chunk of years, whichever list is open. Named lists: 4
    // segments for 30 x 33, 5 for 30 x 60, 7 for 80 x 20.
    const auto with_years = [](int kpis, int municipalities) {
        Fixture f = fixture(kpis, municipalities, 0);
        f.scope.years = {2023, 2024};
        return plan(f);
    };
    SUBCASE("30 key figures, 33 units: 2 chunks each, a tie") {
        const auto segments = with_years(30, 30);
        REQUIRE(segments.size() == 2);
        CHECK(segments[0].open == OpenList::units);
    }
    SUBCASE("30 key figures, 60 units: units open, 2 segments against 3") {
        const auto segments = with_years(30, 57);
        REQUIRE(segments.size() == 2);
        CHECK(segments[1].open == OpenList::units);
        CHECK(segments[1].units.size() == 60);
    }
    SUBCASE("80 key figures, 20 units: key figures open, 1 segment against 4") {
        const auto segments = with_years(80, 17);
        REQUIRE(segments.size() == 1);
        CHECK(segments[0].open == OpenList::kpis);
        CHECK(segments[0].kpis.size() == 80);
        CHECK(segments[0].units.size() == 20);
    }
}

TEST_CASE("open plan: named lists when the scope does not cover Kolada, or cannot use it") {
    const auto named = [](const Fixture& f) {
        return sync::plan_sync(f.scope, {}, true, "2026-03-01", f.types);
    };
    // 60 x 203 units would leave the units open (first test case).
    SUBCASE("a unit of Kolada outside the scope, a key figure too") {
        Fixture f = fixture(60, 200, 1);
        f.cover.kolada_units.push_back("2999");
        f.cover.kolada_kpis.push_back("N99999");
        CHECK(plan(f).size() == named(f).size());
        for (const auto& segment : plan(f)) {
            CHECK(segment.open == OpenList::none);
        }
    }
    SUBCASE("a cover that knows nothing") {
        Fixture f = fixture(60, 200, 1);
        f.cover.kolada_units.clear();
        f.cover.kolada_kpis.clear();
        for (const auto& segment : plan(f)) {
            CHECK(segment.open == OpenList::none);
        }
    }
    SUBCASE("no years to name") {
        Fixture f = fixture(60, 200, 1);
        f.cover.years.clear();
        for (const auto& segment : plan(f)) {
            CHECK(segment.open == OpenList::none);
        }
    }
    SUBCASE("an incremental plan_sync: key figures with a from_date never go open") {
        Fixture f = fixture(60, 200, 1);
        for (const auto& segment :
             sync::plan_sync(f.scope, {}, false, "2026-03-01", f.types, f.cover)) {
            CHECK(segment.open == OpenList::none);
        }
    }
    SUBCASE("open saves too little: 60 x 103 units, 9 open segments against 12 named") {
        Fixture f = fixture(60, 100, 1);
        const auto segments = plan(f);
        CHECK(segments.size() == named(f).size());
        for (const auto& segment : segments) {
            CHECK(segment.open == OpenList::none);
        }
    }
    SUBCASE("the named layout has fewer segments: 1 key figure x 20 units, every year") {
        // Named: 1 segment over every year; open: 3 chunks of years.
        Fixture f = fixture(1, 17, 0);
        const auto segments = plan(f);
        REQUIRE(segments.size() == 1);
        CHECK(segments[0].open == OpenList::none);
        CHECK(segments[0].years.empty());
    }
}

TEST_CASE("open plan: an incremental run's key figures fetched whole leave the units open") {
    // 30 key figures never synced and every unit in the scope: they are fetched whole, units
    // open, over the check years (2 x 3 segments against 15 named: 20 K and A x 301 units,
    // 1 x 13, and 1 each for L and A x the regions); no change check (nothing was synced).
    Fixture f = fixture(30, 300, 0);
    const auto years = years_from(1970, 75);
    const auto segments =
        sync::plan_incremental_sync(f.scope, {}, false, "2026-03-01", f.types, {}, years, f.cover);
    REQUIRE(segments.size() == 6);
    for (const auto& segment : segments) {
        CHECK(segment.open == OpenList::units);
        CHECK_FALSE(segment.from_date);
        CHECK_FALSE(sync::is_open_check(segment));
    }
}
