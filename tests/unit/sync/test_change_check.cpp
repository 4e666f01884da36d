// The plan of an incremental sync: key figures with a pair never synced are fetched whole, the
// others are covered by change checks that leave one list open, by key figure or by unit,
// whichever makes fewer requests, with the groups' members among the units checked.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/pair_types.hpp"
#include "sync/kolada/change_check.hpp"

using namespace kolcat;

namespace {

std::vector<std::string> numbered(const std::string& prefix, int first, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(prefix + std::to_string(first + i));
    }
    return out;
}

sync::SyncedDates all_synced(const std::vector<std::string>& kpis,
                             const std::vector<std::string>& units, const std::string& date) {
    sync::SyncedDates dates;
    for (const auto& kpi : kpis) {
        for (const auto& unit : units) {
            dates.set(kpi, unit, date);
        }
    }
    return dates;
}

}  // namespace

TEST_CASE("change_check_years: from 1970 or the earliest stored year to the latest known") {
    // 1970..2026 is 57 years, 3 requests: the third names 2020..2044.
    const auto years = sync::change_check_years(std::nullopt, std::nullopt, 2026);
    REQUIRE(years.size() == 75);
    CHECK(years.front() == 1970);
    CHECK(years[56] == 2026);
    CHECK(years.back() == 2044);
    // 1965..2029 is 65 years, 3 requests: on to 2039.
    const auto wider = sync::change_check_years(1965, 2029, 2026);
    CHECK(wider.front() == 1965);
    CHECK(wider.back() == 2039);
    CHECK(wider.size() == 75);
    CHECK(sync::change_check_years(1998, 2020, 2026).front() == 1970);
    CHECK(sync::change_check_years(1998, 2020, 2026).back() == 2044);
    // 1970..2045 is 76 years: a fourth request, to 2069.
    CHECK(sync::change_check_years(std::nullopt, 2045, 2026).size() == 100);
}

TEST_CASE("plan_incremental_sync: every pair synced gives one check per chunk, by unit") {
    catalogue::SyncScope scope;
    scope.kpis = numbered("N", 10000, 30);   // 2 chunks of key figures
    scope.units = {"0025", "2505", "2506"};  // 1 chunk of units
    const auto synced = all_synced(scope.kpis, scope.units, "2026-03-01");
    const std::vector<int> years = sync::change_check_years(std::nullopt, std::nullopt, 2026);
    const auto plan =
        sync::plan_incremental_sync(scope, synced, false, "2026-03-11", {}, {}, years);
    REQUIRE(plan.size() == 3);  // 1 chunk of units x 3 chunks of 25 years
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CHECK(plan[i].seq == static_cast<int>(i));
        CHECK(plan[i].open == catalogue::OpenList::kpis);
        CHECK(plan[i].kpis == scope.kpis);  // what is stored: every key figure of the scope
        CHECK(plan[i].units == scope.units);
        CHECK(plan[i].from_date == "2026-02-28");
    }
    CHECK(plan[0].years.size() == 25);
    CHECK(plan[2].years.size() == 25);
    CHECK(sync::segment_url("http://x/v3", plan[1], 5000)
              .find("http://x/v3/data/municipality/0025,2505,2506/year/1995,1996,") == 0);
    CHECK(sync::segment_url("http://x/v3", plan[1], 5000)
              .ends_with(",2018,2019?per_page=5000&from_date=2026-02-28"));
}

TEST_CASE("plan_incremental_sync: by key figure when there are fewer key figures") {
    catalogue::SyncScope scope;
    scope.kpis = {"N1", "N2"};
    scope.units = numbered("1", 100, 30);  // 2 chunks of units
    scope.years = {2024, 2025};
    auto synced = all_synced(scope.kpis, scope.units, "2026-03-05");
    synced.set("N2", "1100", "2026-03-01");  // the earliest date wins
    const auto plan = sync::plan_incremental_sync(scope, synced, false, "2026-03-11", {}, {}, {});
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].open == catalogue::OpenList::units);
    CHECK(plan[0].units == scope.units);
    CHECK(plan[0].years == scope.years);  // the scope's years, not the check's
    CHECK(plan[0].from_date == "2026-02-28");
    CHECK(sync::segment_url("http://x/v3", plan[0], 100) ==
          "http://x/v3/data/kpi/N1,N2/year/2024,2025?per_page=100&from_date=2026-02-28");
}

TEST_CASE("plan_incremental_sync: a pair never synced, groups and their members") {
    catalogue::SyncScope scope;
    scope.kpis = {"N1", "N2", "N3"};
    scope.units = {"2505", "G1", "G2"};
    // Every pair synced but N1 x 2505 (N1 is fetched whole, its groups too) and N2 x G2 (N2's
    // groups are fetched whole, its units checked).
    sync::SyncedDates synced;
    for (const auto& kpi : scope.kpis) {
        for (const auto& unit : scope.units) {
            if (!(kpi == "N1" && unit == "2505") && !(kpi == "N2" && unit == "G2")) {
                synced.set(kpi, unit, "2026-03-01");
            }
        }
    }
    synced.set("N3", "G1", "2026-02-01");  // the check goes back to the groups' dates
    const sync::GroupMembers groups{{"G1", {"2505", "2506"}}, {"G2", numbered("2", 600, 30)}};
    const auto plan =
        sync::plan_incremental_sync(scope, synced, false, "2026-03-11", {}, groups, {2025});
    REQUIRE(plan.size() == 4);
    // N1 whole: its unit, then its groups.
    CHECK(plan[0].kpis == std::vector<std::string>{"N1"});
    CHECK(plan[0].units == std::vector<std::string>{"2505"});
    CHECK_FALSE(plan[0].from_date);
    CHECK(plan[1].kpis == std::vector<std::string>{"N1"});
    CHECK(plan[1].units == std::vector<std::string>{"G1", "G2"});
    // N2's groups whole.
    CHECK(plan[2].kpis == std::vector<std::string>{"N2"});
    CHECK(plan[2].units == std::vector<std::string>{"G1", "G2"});
    CHECK_FALSE(plan[2].from_date);
    // One check by key figure (1 chunk) rather than by unit (2505, 2506 and G2's 30 members:
    // 2 chunks), from the earliest date, N3's group G1, minus a day.
    CHECK(plan[3].open == catalogue::OpenList::units);
    CHECK(plan[3].kpis == std::vector<std::string>{"N2", "N3"});
    CHECK(plan[3].units == std::vector<std::string>{"2505"});
    CHECK(plan[3].from_date == "2026-01-31");
}

TEST_CASE("plan_incremental_sync: full is plan_sync's full plan") {
    catalogue::SyncScope scope;
    scope.kpis = {"N1", "N2"};
    scope.units = {"2505", "G1"};
    const auto synced = all_synced(scope.kpis, scope.units, "2026-03-01");
    const auto plan = sync::plan_incremental_sync(scope, synced, true, "2026-03-11", {},
                                                  {{"G1", {"2505"}}}, {2025});
    REQUIRE(plan.size() == 2);
    CHECK_FALSE(plan[0].from_date);
    CHECK(plan[0].open == catalogue::OpenList::none);
    CHECK(plan[1].units == std::vector<std::string>{"G1"});
}

TEST_CASE("plan_group_refetch: groups whole, numbered on") {
    const auto plan = sync::plan_group_refetch({"N1", "N2"}, {"G1"}, {}, {}, "2026-03-11", 7);
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].seq == 7);
    CHECK(plan[0].kpis == std::vector<std::string>{"N1", "N2"});
    CHECK(plan[0].units == std::vector<std::string>{"G1"});
    CHECK_FALSE(plan[0].from_date);
    CHECK(plan[0].years.empty());
}
