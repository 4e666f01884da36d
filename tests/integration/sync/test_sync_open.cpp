// Full syncs that leave the unit list open (/data/kpi/{ids}/year/{years}: every unit) when the
// scope holds every unit of the metadata: the values stored are exactly the server's, the
// requests are those worked out from the data set, a second --full sync removes and updates
// exactly what changed, group cells and key figures outside the scope stay as they were, and a
// kill in the middle of an open segment still ends with the exact values.
#include <doctest/doctest.h>

#include <set>
#include <tuple>

#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;

namespace {

// 30 key figures (type A) x 150 municipalities x 2023-2024, 15 groups of ten municipalities,
// Riket and two regions, and values of the first key figure for a region and Riket over
// 2021-2024. 153 units: an open plan (2 chunks of key figures x 3 chunks of years, 6 segments)
// takes at most half the segments of named lists (2 x 7 chunks of units), so units go open.
demo::Dataset wide_dataset() {
    demo::Dataset dataset = demo::generate_dataset(30, 150, 2, 11);
    dataset.today = "2026-03-01";
    dataset.municipalities.push_back({"0000", "Riket", "L"});
    dataset.municipalities.push_back({"0025", "Region Norrbotten", "L"});
    dataset.municipalities.push_back({"0001", "Region Stockholm", "L"});
    const std::string first = dataset.kpis.front().id;
    for (int year = 2021; year <= 2024; ++year) {
        dataset.set_value(first, "0025", year, catalogue::Gender::T, 40.0 + year % 10,
                          "2025-03-15");
        dataset.set_value(first, "0025", year, catalogue::Gender::M, 38.125 + year % 10,
                          "2025-03-15");
        dataset.set_value(first, "0000", year, catalogue::Gender::T, 41.0 / 3.0 + year,
                          "2025-03-15");
    }
    return dataset;
}

std::vector<std::string> kpi_ids(const demo::Dataset& dataset, std::size_t first, std::size_t n) {
    std::vector<std::string> ids;
    for (std::size_t i = first; i < first + n; ++i) {
        ids.push_back(dataset.kpis[i].id);
    }
    return ids;
}

// The items (key figure, unit, year) the server holds for these lists: what one request chain
// for them pages.
std::size_t server_items(const demo::FakeKoladaServer& server, std::vector<std::string> kpis,
                         std::vector<std::string> units, std::vector<int> years = {}) {
    std::set<std::tuple<std::string, std::string, int>> items;
    server.read_dataset([&](const demo::Dataset& dataset) {
        demo::DataQuery query;
        query.kpis = std::move(kpis);
        query.units = std::move(units);
        query.years = std::move(years);
        for (const catalogue::Value& v : dataset.answer(query)) {
            items.emplace(v.kpi, v.municipality, v.period);
        }
    });
    return items.size();
}

// The requests of a full segment of `items` items from a per_page of 1 000: its pages overlap,
// page n asking for 1 001 - n items and reaching item n (1 001 - n); each begins with an item
// the page before held, so no closing check follows.
std::size_t segment_requests(std::size_t items) {
    std::size_t pages = 1;
    while (pages * (1001 - pages) < items) {
        ++pages;
    }
    return pages;
}

// The same for a segment of groups: pages of 1 000 that do not overlap.
std::size_t group_segment_requests(std::size_t items) {
    return std::max<std::size_t>(1, (items + 999) / 1000);
}

std::size_t data_requests(const demo::FakeKoladaServer& server) {
    std::size_t n = 0;
    for (const auto& request : server.request_log()) {
        n += request.data ? 1 : 0;
    }
    return n;
}

sync::ScopeRequest some_kpis_every_unit(const demo::Dataset& dataset) {
    sync::ScopeRequest scope;
    scope.kpis = kpi_ids(dataset, 0, 10);
    scope.all_municipalities = true;
    scope.all_regions = true;
    scope.units.push_back("0000");
    return scope;
}

std::vector<std::string> units_but_groups(const demo::Dataset& dataset) {
    std::vector<std::string> units;
    for (const auto& m : dataset.municipalities) {
        units.push_back(m.id);
    }
    return units;
}

std::vector<std::string> groups_of(const demo::Dataset& dataset) {
    std::vector<std::string> groups;
    for (const auto& g : dataset.municipality_groups) {
        groups.push_back(g.id);
    }
    return groups;
}

}  // namespace

TEST_CASE("sync open: every key figure x every unit, units left open, then a second --full") {
    const demo::Dataset dataset = wide_dataset();
    demo::FakeKoladaServer server(dataset);
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    const sync::ScopeRequest scope = everything(dataset);
    const auto units = units_but_groups(dataset);
    const auto groups = groups_of(dataset);
    REQUIRE(groups.size() == 15);
    const auto first_chunk = kpi_ids(dataset, 0, 25);
    const auto second_chunk = kpi_ids(dataset, 25, 5);

    // The plan: key figures 1-25 and 26-30, each over the years 1970-1994, 1995-2019 and
    // 2020-2044 (the check years of a fresh catalogue in 2026), every unit; then the 30 key
    // figures x the 15 groups (2 chunks of key figures), named and whole.
    // The data lie in 2021-2024: the four chunks of years before 2020 are one empty request
    // each. 1-25 over 2020-2044: 25 x 150 municipalities x 2 years + 4 years of the region and
    // of Riket = 7 508 items, 8 overlapping pages (8 x 993 = 7 944); 26-30: 5 x 150 x 2 =
    // 1 500 items, 2 pages (2 x 999). Groups: 25 x 15 x 2 = 750 and 5 x 15 x 2 = 150 items, a
    // page each. 4 + 8 + 2 + 1 + 1 = 16 requests (named lists: 14 segments of up to 1 250
    // items, most of 2 pages, and the groups).
    REQUIRE(server_items(server, first_chunk, units) == 7508);
    REQUIRE(server_items(server, second_chunk, units) == 1500);
    REQUIRE(server_items(server, first_chunk, groups) == 750);
    REQUIRE(server_items(server, second_chunk, groups) == 150);
    const std::size_t expected = 4 + segment_requests(7508) + segment_requests(1500) +
                                 group_segment_requests(750) + group_segment_requests(150);
    CHECK(expected == 16);
    {
        Transport transport;
        const auto report = sync::run_sync(catalogue, transport.fetcher,
                                           sync_options(server, scope, at_day(2026, 3, 1)));
        CHECK(report.segments_total == 8);
        CHECK(data_requests(server) == expected);
        CHECK(logged(server, "/data/kpi/") == expected);
        CHECK(logged(server, "/municipality/") == 2);  // the groups only
        CHECK(logged(server, "/year/1970,") == 2);
        check_equal_to_server(catalogue, server, report.scope);
    }
    const Cells before = catalogue_cells(catalogue);
    const std::string kpi0 = dataset.kpis[0].id;
    const std::string kpi1 = dataset.kpis[1].id;
    const std::string kpi20 = dataset.kpis[20].id;
    const std::string unit0 = dataset.municipalities[0].id;
    const std::string unit2 = dataset.municipalities[2].id;
    REQUIRE(before.count(kpi1 + "/" + unit2 + "/2023/M") == 1);
    REQUIRE(before.count(kpi0 + "/0025/2022/T") == 1);

    server.update_dataset([&](demo::Dataset& data) {
        data.today = "2026-03-10";
        data.set_value(kpi0, unit0, 2024, catalogue::Gender::T, 99.5);
        REQUIRE(data.delete_value(kpi1, unit2, 2023, catalogue::Gender::M));
        REQUIRE(data.delete_value(kpi0, "0025", 2022, catalogue::Gender::T));
        data.set_value(kpi20, unit2, 2024, catalogue::Gender::K, -7.25);
    });

    SUBCASE("a second --full sync of the same scope: exactly the server's cells") {
        server.clear_request_log();
        Transport transport;
        auto options = sync_options(server, scope, at_day(2026, 3, 11));
        options.full = true;
        const auto report = sync::run_sync(catalogue, transport.fetcher, options);
        const Cells after = catalogue_cells(catalogue);
        CHECK(after.at(kpi0 + "/" + unit0 + "/2024/T").value == 99.5);
        CHECK(after.count(kpi1 + "/" + unit2 + "/2023/M") == 0);
        CHECK(after.count(kpi0 + "/0025/2022/T") == 0);
        CHECK(after.count(kpi0 + "/0025/2022/M") == 1);
        CHECK(after.at(kpi20 + "/" + unit2 + "/2024/K").value == -7.25);
        // The group of unit0 follows its member's new value.
        CHECK(after.at(kpi0 + "/G910000/2024/T").value !=
              before.at(kpi0 + "/G910000/2024/T").value);
        CHECK(after.size() == before.size() - 2);
        check_equal_to_server(catalogue, server, report.scope);
        std::size_t differing = 0;
        for (const auto& [key, cell] : before) {
            const auto found = after.find(key);
            differing += found == after.end() || !(found->second == cell) ? 1 : 0;
        }
        // 2 deleted, 2 changed, and the 3 cells of G910000 (units 0-9) whose members changed:
        // kpi0 2024 T, kpi20 2024 K, and kpi1 2023 M (one member fewer). No group holds 0025.
        CHECK(differing == 7);
    }

    SUBCASE("a --full sync of some key figures x --unit all: groups and other key figures stay") {
        server.clear_request_log();
        Transport transport;
        auto options = sync_options(server, some_kpis_every_unit(dataset), at_day(2026, 3, 11));
        options.full = true;
        const auto report = sync::run_sync(catalogue, transport.fetcher, options);
        // Key figures 1-10, units open, over 3 chunks of years: two empty, and 10 x 150 x 2 +
        // 4 years of the region (its 2022 item keeps its M value) and of Riket = 3 008 items
        // in 4 overlapping pages (4 x 997 = 3 988): 6 requests (named lists: 7 segments of 3
        // pages).
        REQUIRE(server_items(server, kpi_ids(dataset, 0, 10), units) == 3008);
        CHECK(report.segments_total == 3);
        CHECK(data_requests(server) == 2 + segment_requests(3008));
        CHECK(data_requests(server) == 6);
        CHECK(logged(server, "/municipality/") == 0);
        const Cells after = catalogue_cells(catalogue);
        CHECK(after.at(kpi0 + "/" + unit0 + "/2024/T").value == 99.5);
        CHECK(after.count(kpi1 + "/" + unit2 + "/2023/M") == 0);
        CHECK(after.count(kpi0 + "/0025/2022/T") == 0);
        // Outside the scope: a key figure's changed cell and every group cell stay as stored.
        CHECK(after.at(kpi20 + "/" + unit2 + "/2024/K") ==
              before.at(kpi20 + "/" + unit2 + "/2024/K"));
        for (const auto& [key, cell] : before) {
            if (key.find("/G9") != std::string::npos || key.rfind(kpi20, 0) == 0) {
                CAPTURE(key);
                REQUIRE(after.count(key) == 1);
                CHECK((after.at(key) == cell));
            }
        }
        CHECK(after.size() == before.size() - 2);
        // The scope's cells are the server's.
        const Cells want = server_cells(server, report.scope);
        std::size_t in_scope = 0;
        for (const auto& [key, cell] : after) {
            const bool scoped = key.find("/G9") == std::string::npos &&
                                key.substr(0, key.find('/')) <= dataset.kpis[9].id;
            if (scoped) {
                ++in_scope;
                CAPTURE(key);
                REQUIRE(want.count(key) == 1);
                CHECK((want.at(key) == cell));
            }
        }
        CHECK(in_scope == want.size());
    }

    SUBCASE("--all-kpis x 4 units x 2 years, --full: key figures open, nothing else touched") {
        // Every key figure is in the scope: one request names the 4 units and the 2 years and
        // leaves the key figures out (1 segment against 2 named ones, 30 key figures in 2
        // chunks), and the sweep keeps to those units and years.
        sync::ScopeRequest few;
        few.all_kpis = true;
        few.units = {unit0, unit2, "0025", "0000"};
        few.years = {2023, 2024};
        server.clear_request_log();
        Transport transport;
        auto options = sync_options(server, few, at_day(2026, 3, 11));
        options.full = true;
        const auto report = sync::run_sync(catalogue, transport.fetcher, options);
        // 30 x 2 units x 2 years + kpi0 for the region and Riket over 2023-2024 = 124 items:
        // one page.
        REQUIRE(server_items(server, kpi_ids(dataset, 0, 30), few.units, few.years) == 124);
        CHECK(report.segments_total == 1);
        CHECK(data_requests(server) == 1);
        CHECK(logged(server, "/data/municipality/") == 1);
        const Cells after = catalogue_cells(catalogue);
        CHECK(after.at(kpi0 + "/" + unit0 + "/2024/T").value == 99.5);
        CHECK(after.count(kpi1 + "/" + unit2 + "/2023/M") == 0);
        CHECK(after.at(kpi20 + "/" + unit2 + "/2024/K").value == -7.25);
        // Outside the years: the region's 2022 cell Kolada deleted stays until a sync asks.
        CHECK(after.count(kpi0 + "/0025/2022/T") == 1);
        CHECK(after.size() == before.size() - 1);
        // Every cell outside the scope (other units, the groups, other years) as it was.
        const Cells want = server_cells(server, report.scope);
        for (const auto& [key, cell] : before) {
            if (want.count(key) == 0 && key != kpi1 + "/" + unit2 + "/2023/M") {
                CAPTURE(key);
                REQUIRE(after.count(key) == 1);
                CHECK((after.at(key) == cell));
            }
        }
        // The scope's cells are the server's: 27 key figures of T, K and M and 3 of T only,
        // for 2 municipalities x 2 years, less the one deleted, and kpi0's T and M for the
        // region and T for Riket over the 2 years.
        CHECK(want.size() == (27 * 3 + 3) * 2 * 2 - 1 + 2 * 2 + 2);
        for (const auto& [key, cell] : want) {
            CAPTURE(key);
            REQUIRE(after.count(key) == 1);
            CHECK((after.at(key) == cell));
        }
    }
}

TEST_CASE("sync open: kill -9 in the middle of an open segment, then a resume ends exact") {
    const demo::Dataset dataset = wide_dataset();
    demo::FakeKoladaServer server(dataset);
    server.start();
    TempDir dir;
    auto options = sync_options(server, everything(dataset), at_day(2026, 3, 1));

    auto reference = catalogue::Catalogue::open(dir / "reference.sqlite");
    {
        Transport transport;
        sync::run_sync(reference, transport.fetcher, options);
    }

    demo::Faults faults;
    faults.slow = demo::FaultSpec::chance(1.0);
    faults.slow_ms = 20;
    server.set_faults(faults);
    const auto path = dir / "killed.sqlite";
    // The third data request is the first page of key figures 1-25 over 2020-2044 (after two
    // empty chunks of years); a kill after 4 and then after 3 more lands inside that segment
    // of 8 pages.
    for (const std::int64_t kill_after : {4, 3}) {
        CAPTURE(kill_after);
        REQUIRE(sync_and_kill(server, path, options, kill_after));
        auto killed = catalogue::Catalogue::open(path);
        CHECK(integrity(killed) == "ok");
        const auto unfinished = killed.unfinished_run();
        REQUIRE(unfinished.has_value());
        CHECK(unfinished->segments[0].open == catalogue::OpenList::units);
    }
    server.clear_faults();
    server.clear_request_log();
    auto resumed = catalogue::Catalogue::open(path);
    Transport transport;
    const auto report = sync::run_sync(resumed, transport.fetcher, options);
    CHECK(report.resumed);
    CHECK(integrity(resumed) == "ok");
    CHECK((catalogue_cells(resumed) == catalogue_cells(reference)));
    CHECK(resumed.synced_pairs() == reference.synced_pairs());
    check_equal_to_server(resumed, server, report.scope);
}
