// Incremental sync: after a successful sync, the next asks only for changes (from_date, one day
// of margin), applies changed, added and deleted values, and ends equal to the server's data.
#include <doctest/doctest.h>

#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::FakeKoladaServer;

TEST_CASE("sync: incremental sync applies changed, added and deleted values via from_date") {
    const demo::Dataset initial = make_dataset();
    const std::string kpi0 = initial.kpis[0].id;
    const std::string kpi5 = initial.kpis[5].id;
    const std::string unit0 = initial.municipalities[0].id;
    const std::string unit3 = initial.municipalities[3].id;
    demo::FakeKoladaServer server(initial);
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    const sync::ScopeRequest scope = everything(initial);
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher,
                       sync_options(server, scope, at_day(2026, 3, 1)));
    }
    const Cells before = catalogue_cells(catalogue);

    // Kolada publishes on 2026-03-10: a changed value (also moves the group mean of unit0's
    // group), a new year, a deleted value.
    server.update_dataset([&](demo::Dataset& dataset) {
        dataset.today = "2026-03-10";
        dataset.set_value(kpi0, unit0, 2024, catalogue::Gender::T, 99.5);
        dataset.set_value(kpi5, unit3, 2025, catalogue::Gender::T, 12.0);
        dataset.set_value(kpi5, unit3, 2025, catalogue::Gender::K, 13.0);
        REQUIRE(dataset.delete_value(kpi0, unit3, 2023, catalogue::Gender::M));
    });
    server.clear_request_log();
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, scope, at_day(2026, 3, 11)));

    // The units were asked only for changes since the last sync's day minus one, once per run
    // (change_check.hpp): by key figure, every unit (2 key-figure chunks, against 2 chunks of
    // the 33 units and the groups' members), over 1970-2044 (3 chunks of years). The groups,
    // whose cells Kolada's change feed never holds, were asked for whole where a member
    // changed: kpi0 and kpi5 (unit0 and unit3 are members of G910000) x G910000, 1 request.
    CHECK(report.segments_incremental == 6);
    CHECK(report.segments_total == 7);
    std::size_t data_requests = 0;
    for (const auto& request : server.request_log()) {
        if (request.data) {
            ++data_requests;
            const bool group = request.target.find("/municipality/G") != std::string::npos;
            CHECK((request.target.find("from_date=2026-02-28") != std::string::npos) == !group);
        }
    }
    CHECK(data_requests == 7);  // one small page per segment
    std::int64_t group_values = 0;
    for (const auto& [key, cell] : catalogue_cells(catalogue)) {
        group_values += key.find("/G9") != std::string::npos ? 1 : 0;
    }
    CHECK(report.values_received < 100 + group_values);

    const Cells after = catalogue_cells(catalogue);
    CHECK(after.at(kpi0 + "/" + unit0 + "/2024/T").value == 99.5);
    CHECK(after.at(kpi5 + "/" + unit3 + "/2025/K").value == 13.0);
    CHECK(after.count(kpi0 + "/" + unit3 + "/2023/M") == 0);
    CHECK(before.count(kpi0 + "/" + unit3 + "/2023/M") == 1);
    CHECK(after.at(kpi0 + "/G910000/2024/T").value != before.at(kpi0 + "/G910000/2024/T").value);
    check_equal_to_server(catalogue, server, report.scope);

    // --full refetches everything and still ends equal
    server.clear_request_log();
    auto full = sync_options(server, scope, at_day(2026, 3, 12));
    full.full = true;
    Transport again;
    const auto refreshed = sync::run_sync(catalogue, again.fetcher, full);
    CHECK(refreshed.segments_incremental == 0);
    // No segment asks for changes only; the from_date requests are the checks for changes
    // made while a segment of several pages was read (see test_sync_misbehaving.cpp).
    CHECK(logged(server, "from_date") == logged(server, "from_date=2026-03-11"));
    CHECK(logged(server, "from_date") < logged(server, "/data/"));
    check_equal_to_server(catalogue, server, refreshed.scope);
}

TEST_CASE("sync: a full refresh removes values Kolada dropped without telling") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    sync::ScopeRequest scope;
    scope.all_kpis = true;
    scope.units = {"0025", "0000"};
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher,
                       sync_options(server, scope, at_day(2026, 3, 1)));
    }
    const std::string kpi0 = make_dataset().kpis[0].id;
    // replaced dataset: the region's values vanish with no tombstone
    demo::Dataset without = make_dataset();
    without.today = "2026-03-05";
    for (int year = 2021; year <= 2024; ++year) {
        for (const catalogue::Gender g :
             {catalogue::Gender::T, catalogue::Gender::K, catalogue::Gender::M}) {
            without.delete_value(kpi0, "0025", year, g);
        }
    }
    server.set_dataset(std::move(without));
    auto options = sync_options(server, scope, at_day(2026, 3, 6));
    options.full = true;
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher, options);
    CHECK(catalogue_cells(catalogue).count(kpi0 + "/0025/2024/T") == 0);
    check_equal_to_server(catalogue, server, report.scope);
}
