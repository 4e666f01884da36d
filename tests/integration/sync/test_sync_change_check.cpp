// The change checks of an incremental sync: one set of from_date requests per run over every key
// figure of the scope's units and the groups' members, then only the groups whose members
// changed. After it, every stored cell (groups included) equals a fresh full sync's.
#include <doctest/doctest.h>

#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;

namespace {

// make_dataset's group G910000 has the municipalities 0..9 as members; the scope holds five of
// them, a region and the group, so members 5..9 lie outside it.
sync::ScopeRequest partial_scope(const demo::Dataset& dataset) {
    sync::ScopeRequest scope;
    scope.all_kpis = true;
    for (std::size_t i = 0; i < 5; ++i) {
        scope.units.push_back(dataset.municipalities[i].id);
    }
    scope.units.push_back("0025");
    scope.units.push_back("G910000");
    return scope;
}

std::size_t data_requests(const demo::FakeKoladaServer& server) {
    std::size_t n = 0;
    for (const auto& request : server.request_log()) {
        n += request.data ? 1 : 0;
    }
    return n;
}

}  // namespace

TEST_CASE("sync: an incremental sync checks once per run and ends equal to a fresh full sync") {
    const demo::Dataset initial = make_dataset();
    REQUIRE(initial.municipality_groups.front().id == "G910000");
    const std::string kpi0 = initial.kpis[0].id;
    const std::string kpi1 = initial.kpis[1].id;
    const std::string kpi5 = initial.kpis[5].id;
    const std::string kpi7 = initial.kpis[7].id;
    const std::string unit0 = initial.municipalities[0].id;
    const std::string unit2 = initial.municipalities[2].id;
    const std::string unit3 = initial.municipalities[3].id;
    const std::string outside = initial.municipalities[8].id;  // a member outside the scope
    demo::FakeKoladaServer server(initial);
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    const sync::ScopeRequest scope = partial_scope(initial);
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher,
                       sync_options(server, scope, at_day(2026, 3, 1)));
    }
    const Cells before = catalogue_cells(catalogue);

    SUBCASE("nothing changed: the checks alone") {
        server.clear_request_log();
        Transport transport;
        const auto report = sync::run_sync(catalogue, transport.fetcher,
                                           sync_options(server, scope, at_day(2026, 3, 11)));
        // By unit: the 5 municipalities, the region and the group's 5 other members are 11
        // ids, one request's worth, against 2 chunks of the 30 key figures. Years 1970-2026
        // (57, the generated data holding nothing earlier) go 25 to a request: 3 requests,
        // the last filled up to 2044.
        CHECK(data_requests(server) == 3);
        CHECK(logged(server, "from_date=2026-02-28") == 3);
        CHECK(logged(server, "/data/municipality/") == 3);
        CHECK(report.values_received == 0);
        CHECK(report.segments_total == 3);
        CHECK((catalogue_cells(catalogue) == before));
        check_equal_to_server(catalogue, server, report.scope);
    }

    SUBCASE("a changed, a deleted, a new year's value and a member outside the scope") {
        server.update_dataset([&](demo::Dataset& dataset) {
            dataset.today = "2026-03-10";
            dataset.set_value(kpi0, unit0, 2024, catalogue::Gender::T, 99.5);
            REQUIRE(dataset.delete_value(kpi1, unit2, 2023, catalogue::Gender::M));
            dataset.set_value(kpi5, unit3, 2025, catalogue::Gender::T, 12.0);
            // Moves the group's mean for kpi7 2024 T, through a member the scope leaves out.
            dataset.set_value(kpi7, outside, 2024, catalogue::Gender::T, 500.0);
        });
        server.clear_request_log();
        Transport transport;
        const auto report = sync::run_sync(catalogue, transport.fetcher,
                                           sync_options(server, scope, at_day(2026, 3, 11)));
        // The 3 checks, then the group for the 4 key figures whose members changed, whole: one
        // request (4 key figures, 1 group, every year).
        CHECK(data_requests(server) == 4);
        CHECK(logged(server, "/municipality/G910000") == 1);
        CHECK(logged(server, "/municipality/G910000?") == 1);  // no years, no from_date
        const Cells after = catalogue_cells(catalogue);
        CHECK(after.at(kpi0 + "/" + unit0 + "/2024/T").value == 99.5);
        CHECK(after.count(kpi1 + "/" + unit2 + "/2023/M") == 0);
        CHECK(before.count(kpi1 + "/" + unit2 + "/2023/M") == 1);
        CHECK(after.at(kpi5 + "/" + unit3 + "/2025/T").value == 12.0);
        CHECK(after.count(kpi7 + "/" + outside + "/2024/T") == 0);  // outside the scope
        CHECK(after.at(kpi7 + "/G910000/2024/T").value !=
              before.at(kpi7 + "/G910000/2024/T").value);
        check_equal_to_server(catalogue, server, report.scope);

        // A fresh full sync of the same scope, into a new catalogue, stores the same cells.
        auto fresh = catalogue::Catalogue::open(dir / "fresh.sqlite");
        Transport again;
        sync::run_sync(fresh, again.fetcher, sync_options(server, scope, at_day(2026, 3, 11)));
        const Cells want = catalogue_cells(fresh);
        INFO(describe_difference(after, want));
        CHECK((after == want));

        // The next sync starts from this one's date minus the day of margin, so it sees the
        // changes of 2026-03-10 again and fetches the group once more; the cells stay equal.
        server.clear_request_log();
        Transport third;
        const auto next = sync::run_sync(catalogue, third.fetcher,
                                         sync_options(server, scope, at_day(2026, 3, 12)));
        CHECK(logged(server, "from_date=2026-03-10") == 3);
        CHECK(data_requests(server) == 4);
        CHECK((catalogue_cells(catalogue) == after));
        check_equal_to_server(catalogue, server, next.scope);
    }
}

TEST_CASE("sync: the checks of a whole-catalogue scope go by key figure when that is fewer") {
    // One key figure x every unit: a check by key figure is one request per chunk of years, by
    // unit it would be two (36 units).
    const demo::Dataset initial = make_dataset();
    const std::string kpi0 = initial.kpis[0].id;
    demo::FakeKoladaServer server(initial);
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    sync::ScopeRequest scope = everything(initial);
    scope.all_kpis = false;
    scope.kpis = {kpi0};
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher,
                       sync_options(server, scope, at_day(2026, 3, 1)));
    }
    server.update_dataset([&](demo::Dataset& dataset) {
        dataset.today = "2026-03-10";
        dataset.set_value(kpi0, initial.municipalities[25].id, 2023, catalogue::Gender::K, 7.0);
    });
    server.clear_request_log();
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, scope, at_day(2026, 3, 11)));
    CHECK(logged(server, "/data/kpi/" + kpi0 + "/year/") == 3);
    // Municipality 25 is a member of G910002 only: that group is fetched again, not the others.
    CHECK(logged(server, "/municipality/G910002?") == 1);
    CHECK(data_requests(server) == 4);
    check_equal_to_server(catalogue, server, report.scope);
}
