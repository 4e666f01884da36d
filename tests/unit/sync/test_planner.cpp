#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/kolada/planner.hpp"

using namespace kolcat::catalogue;
using namespace kolcat::sync;

using namespace kolcat;

namespace {

std::vector<std::string> ids(const std::string& prefix, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(prefix + std::to_string(1000 + i));
    }
    return out;
}

std::vector<int> years(int first, int n) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(first + i);
    }
    return out;
}

// Every (kpi, unit, year) cell the plan requests, to check that chunking covers the scope once.
std::multiset<std::string> cells(const std::vector<catalogue::SyncSegment>& plan) {
    std::multiset<std::string> out;
    for (const auto& s : plan) {
        for (const auto& k : s.kpis) {
            for (const auto& u : s.units) {
                if (s.years.empty()) {
                    out.insert(k + "/" + u + "/*");
                }
                for (const int y : s.years) {
                    out.insert(k + "/" + u + "/" + std::to_string(y));
                }
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("planner: a small scope is one request for every year") {
    const catalogue::SyncScope scope{{"N00945", "N00952"}, {"0025", "2580"}, {}};
    const auto plan = sync::plan_sync(scope, {}, false, "2026-11-26");
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].seq == 0);
    CHECK(plan[0].kpis == scope.kpis);
    CHECK(plan[0].units == scope.units);
    CHECK(plan[0].years.empty());
    CHECK_FALSE(plan[0].from_date.has_value());
    CHECK_FALSE(plan[0].done);
    CHECK_FALSE(plan[0].resume_url.has_value());
}

TEST_CASE("planner: each dimension is split into chunks of at most 25") {
    const catalogue::SyncScope scope{ids("N", 26), ids("U", 51), years(1990, 30)};
    const auto plan = sync::plan_sync(scope, {}, false, "2026-11-26");
    // 2 kpi chunks x 3 unit chunks x 2 year chunks
    REQUIRE(plan.size() == 12);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CHECK(plan[i].seq == static_cast<int>(i));
        CHECK(plan[i].kpis.size() <= sync::max_ids_per_request);
        CHECK(plan[i].units.size() <= sync::max_ids_per_request);
        CHECK(plan[i].years.size() <= sync::max_ids_per_request);
        CHECK_FALSE(plan[i].years.empty());
    }
    CHECK(plan[0].kpis.size() == 25);
    CHECK(plan[0].units.size() == 25);
    CHECK(plan[0].years.size() == 25);
    CHECK(plan.back().kpis.size() == 1);
    CHECK(plan.back().units.size() == 1);
    CHECK(plan.back().years.size() == 5);
    // every cell exactly once
    const auto requested = cells(plan);
    CHECK(requested.size() == 26u * 51u * 30u);
    CHECK(std::set<std::string>(requested.begin(), requested.end()).size() == requested.size());
}

TEST_CASE("planner: exactly 25 ids stay in one request; years omitted means no year chunk") {
    const auto plan = sync::plan_sync(catalogue::SyncScope{ids("N", 25), ids("U", 25), {}}, {},
                                      false, "2026-11-26");
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].years.empty());
}

TEST_CASE("planner: duplicates are dropped and empty lists plan nothing") {
    const auto plan =
        sync::plan_sync(catalogue::SyncScope{{"N1", "N2", "N1"}, {"0025", "0025"}, {2020, 2020}},
                        {}, false, "2026-11-26");
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].kpis == std::vector<std::string>{"N1", "N2"});
    CHECK(plan[0].units == std::vector<std::string>{"0025"});
    CHECK(plan[0].years == std::vector<int>{2020});
    CHECK(sync::plan_sync(catalogue::SyncScope{{}, {"0025"}, {}}, {}, false, "2026-11-26").empty());
    CHECK(sync::plan_sync(catalogue::SyncScope{{"N1"}, {}, {}}, {}, false, "2026-11-26").empty());
}

TEST_CASE("planner: incremental from_date is the earliest synced date minus one day") {
    const catalogue::SyncScope scope{{"N1", "N2", "N3"}, {"0025", "2580"}, {}};
    sync::SyncedDates synced{
        {{"N1", "0025"}, "2026-03-01"}, {{"N1", "2580"}, "2026-02-10"},  // fully synced
        {{"N2", "0025"}, "2026-03-01"},                                  // 2580 never synced
        {{"N3", "0025"}, "2026-03-01"}, {{"N3", "2580"}, "2026-03-01"},  // fully synced
    };
    const auto plan = sync::plan_sync(scope, synced, false, "2026-03-05");
    REQUIRE(plan.size() == 3);
    // full fetches first, then by date ascending
    CHECK(plan[0].kpis == std::vector<std::string>{"N2"});
    CHECK_FALSE(plan[0].from_date.has_value());
    CHECK(plan[1].kpis == std::vector<std::string>{"N1"});
    CHECK(plan[1].from_date == "2026-02-09");
    CHECK(plan[2].kpis == std::vector<std::string>{"N3"});
    CHECK(plan[2].from_date == "2026-02-28");
}

TEST_CASE("planner: --full ignores synced dates") {
    const catalogue::SyncScope scope{{"N1"}, {"0025"}, {}};
    const sync::SyncedDates synced{{{"N1", "0025"}, "2026-03-01"}};
    const auto plan = sync::plan_sync(scope, synced, true, "2026-03-05");
    REQUIRE(plan.size() == 1);
    CHECK_FALSE(plan[0].from_date.has_value());
}

TEST_CASE("planner: KPIs with the same from_date share requests") {
    catalogue::SyncScope scope{ids("N", 30), {"0025"}, {}};
    sync::SyncedDates synced;
    for (std::size_t i = 0; i < scope.kpis.size(); ++i) {
        // alternate two sync dates
        synced.set(scope.kpis[i], "0025", i % 2 == 0 ? "2026-01-10" : "2026-02-10");
    }
    const auto plan = sync::plan_sync(scope, synced, false, "2026-03-01");
    REQUIRE(plan.size() == 2);  // 15 + 15, not 4 requests
    CHECK(plan[0].from_date == "2026-01-09");
    CHECK(plan[0].kpis.size() == 15);
    CHECK(plan[0].kpis.front() == scope.kpis[0]);
    CHECK(plan[1].from_date == "2026-02-09");
    CHECK(plan[1].kpis.size() == 15);
    CHECK(plan[1].kpis.front() == scope.kpis[1]);
}

TEST_CASE("planner: a synced date after today or malformed is handled safely") {
    const catalogue::SyncScope scope{{"N1", "N2"}, {"0025"}, {}};
    const sync::SyncedDates synced{{{"N1", "0025"}, "2027-01-01"}, {{"N2", "0025"}, "yesterday"}};
    const auto plan = sync::plan_sync(scope, synced, false, "2026-03-01");
    REQUIRE(plan.size() == 2);
    CHECK(plan[0].kpis == std::vector<std::string>{"N2"});  // malformed: full fetch
    CHECK_FALSE(plan[0].from_date.has_value());
    CHECK(plan[1].from_date == "2026-02-28");  // capped at today, minus one day
    CHECK_THROWS_AS(sync::plan_sync(scope, synced, false, "2026-13-01"), std::invalid_argument);
}

TEST_CASE("planner: municipality groups get segments of their own, whole, after the units") {
    const catalogue::SyncScope scope{{"N1", "N2"}, {"G33632", "0025", "G176784", "2580"}, {}};
    sync::SyncedDates synced;
    for (const auto& kpi : scope.kpis) {
        for (const auto& unit : scope.units) {
            synced.set(kpi, unit, "2026-03-01");
        }
    }
    for (const bool full : {false, true}) {
        CAPTURE(full);
        const auto plan = sync::plan_sync(scope, synced, full, "2026-03-05");
        REQUIRE(plan.size() == 2);
        CHECK(plan[0].units == std::vector<std::string>{"0025", "2580"});
        CHECK(plan[0].kpis == scope.kpis);
        CHECK(plan[0].from_date ==
              (full ? std::nullopt : std::optional<std::string>("2026-02-28")));
        CHECK(plan[1].seq == 1);
        CHECK(plan[1].units == std::vector<std::string>{"G33632", "G176784"});
        CHECK(plan[1].kpis == scope.kpis);
        CHECK(plan[1].years.empty());
        CHECK_FALSE(plan[1].from_date.has_value());  // even though every pair was synced
    }
}

TEST_CASE("planner: a group never synced does not make the units' key figure whole") {
    // A group added to the scope, or one whose members changed (its dates are forgotten).
    const catalogue::SyncScope scope{{"N1"}, {"2580", "G33632"}, {}};
    const sync::SyncedDates synced{{{"N1", "2580"}, "2026-03-01"}};
    const auto plan = sync::plan_sync(scope, synced, false, "2026-03-05");
    REQUIRE(plan.size() == 2);
    CHECK(plan[0].units == std::vector<std::string>{"2580"});
    CHECK(plan[0].from_date == "2026-02-28");
    CHECK(plan[1].units == std::vector<std::string>{"G33632"});
    CHECK_FALSE(plan[1].from_date.has_value());
}

TEST_CASE("planner: groups alone, and groups in chunks of 25 over every key figure and year") {
    const auto only_groups =
        sync::plan_sync(catalogue::SyncScope{{"N1"}, {"G1", "G2"}, {}}, {}, false, "2026-03-05");
    REQUIRE(only_groups.size() == 1);
    CHECK(only_groups[0].units == std::vector<std::string>{"G1", "G2"});

    // 26 key figures, of which 13 incremental; 30 units and 27 groups; 26 years.
    catalogue::SyncScope scope{ids("N", 26), ids("U", 30), years(2000, 26)};
    const auto groups = ids("G", 27);
    scope.units.insert(scope.units.begin() + 5, groups.begin(), groups.end());
    sync::SyncedDates synced;
    for (std::size_t k = 0; k < 13; ++k) {
        for (const auto& unit : scope.units) {
            synced.set(scope.kpis[k], unit, "2026-03-01");
        }
    }
    const auto plan = sync::plan_sync(scope, synced, false, "2026-03-05");
    // units: (1 full + 1 incremental kpi chunk) x 2 unit chunks x 2 year chunks = 8;
    // groups: 2 kpi chunks x 2 group chunks x 2 year chunks = 8, last
    REQUIRE(plan.size() == 16);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CAPTURE(i);
        CHECK(plan[i].seq == static_cast<int>(i));
        const bool group_segment = i >= 8;
        CHECK(sync::only_municipality_groups(plan[i].units) == group_segment);
        for (const auto& unit : plan[i].units) {
            CHECK(is_municipality_group_id(unit) == group_segment);
        }
        if (group_segment) {
            CHECK_FALSE(plan[i].from_date.has_value());
        }
    }
    CHECK(plan[8].kpis == std::vector<std::string>(scope.kpis.begin(), scope.kpis.begin() + 25));
    CHECK(plan[8].units == std::vector<std::string>(groups.begin(), groups.begin() + 25));
    // every cell exactly once
    const auto requested = cells(plan);
    CHECK(requested.size() == 26u * 57u * 26u);
    CHECK(std::set<std::string>(requested.begin(), requested.end()).size() == requested.size());
    CHECK_FALSE(sync::only_municipality_groups({}));
    CHECK_FALSE(sync::only_municipality_groups({"G1", "0025"}));
}

TEST_CASE("planner: the plan is deterministic") {
    catalogue::SyncScope scope{ids("N", 60), ids("U", 40), years(2000, 27)};
    sync::SyncedDates synced;
    for (const auto& k : scope.kpis) {
        for (const auto& u : scope.units) {
            synced.set(k, u, k < "N1030" ? "2026-01-01" : "2026-02-01");
        }
    }
    const auto a = sync::plan_sync(scope, synced, false, "2026-03-01");
    const auto b = sync::plan_sync(scope, synced, false, "2026-03-01");
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].kpis == b[i].kpis);
        CHECK(a[i].units == b[i].units);
        CHECK(a[i].years == b[i].years);
        CHECK(a[i].from_date == b[i].from_date);
    }
}

TEST_CASE("planner: day_before crosses month, year and leap-day boundaries") {
    CHECK(sync::day_before("2026-03-05") == "2026-03-04");
    CHECK(sync::day_before("2026-03-01") == "2026-02-28");
    CHECK(sync::day_before("2024-03-01") == "2024-02-29");
    CHECK(sync::day_before("2026-01-01") == "2025-12-31");
    CHECK_THROWS_AS(sync::day_before("2026-02-30"), std::invalid_argument);
    CHECK(sync::is_iso_date("2024-02-29"));
    CHECK_FALSE(sync::is_iso_date("2026-02-29"));
    CHECK_FALSE(sync::is_iso_date("2026-1-01"));
}

TEST_CASE("planner: segment and metadata URLs use the API's path form") {
    catalogue::SyncSegment segment;
    segment.kpis = {"N00945", "N00952"};
    segment.units = {"0025", "G33632"};
    CHECK(sync::segment_url("https://api.kolada.se/v3", segment) ==
          "https://api.kolada.se/v3/data/kpi/N00945,N00952/municipality/0025,G33632"
          "?per_page=5000");
    segment.years = {2020, 2021};
    segment.from_date = "2026-02-28";
    CHECK(sync::segment_url("http://127.0.0.1:9/v3/", segment, 100) ==
          "http://127.0.0.1:9/v3/data/kpi/N00945,N00952/municipality/0025,G33632/year/2020,2021"
          "?per_page=100&from_date=2026-02-28");
    segment.kpis = {"N 1"};
    CHECK(sync::segment_url("http://h/v3", segment).find("/kpi/N%201/") != std::string::npos);
    CHECK(sync::metadata_url("https://api.kolada.se/v3", "municipality_groups") ==
          "https://api.kolada.se/v3/municipality_groups?per_page=5000");
}
