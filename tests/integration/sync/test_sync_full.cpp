// A full sync against the fake Kolada server ends with a catalogue equal to the server's data.
#include <doctest/doctest.h>

#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::FakeKoladaServer;

TEST_CASE("sync: a full sync stores the server's metadata and every value, group means included") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    Transport transport;
    std::vector<sync::SyncProgress> progress;
    auto options = sync_options(server, everything(make_dataset()), at_day(2026, 3, 1));
    options.progress = [&](const sync::SyncProgress& p) { progress.push_back(p); };

    const sync::SyncReport report = sync::run_sync(catalogue, transport.fetcher, options);

    // metadata: every list
    REQUIRE(report.metadata.has_value());
    CHECK(report.metadata->kpis == 30);
    CHECK(report.metadata->municipalities == 33);
    CHECK(report.metadata->municipality_groups == 3);
    CHECK(report.metadata->kpi_groups == 1);
    CHECK(catalogue.municipality("0025")->title == "Region Norrbotten");
    CHECK(catalogue.group(catalogue::GroupKind::municipality_group, "G910000")->members.size() ==
          10);

    // 30 kpis x 36 units: 2 x 2 segments of at most 25 ids for the 33 municipalities, regions
    // and Riket, 2 x 1 for the 3 groups, every year in one request
    CHECK(report.scope.kpis.size() == 30);
    CHECK(report.scope.units.size() == 36);
    CHECK(report.segments_total == 6);
    CHECK(report.pages > 4);  // per_page 1000: several pages per segment
    CHECK(report.missing_ids.empty());
    for (const auto& request : server.request_log()) {
        CHECK(request.status == 200);
        CHECK(request.target.find("/year/") == std::string::npos);
    }

    // every cell, group means of the G9... groups included
    check_equal_to_server(catalogue, server, report.scope);
    const Cells cells = catalogue_cells(catalogue);
    CHECK(cells.count(report.scope.kpis[0] + "/G910000/2024/T") == 1);
    CHECK(cells.at(report.scope.kpis[0] + "/G910000/2024/T").count == 10);
    const std::string second = report.scope.kpis[1];
    const std::string unit = make_dataset().municipalities.front().id;
    CHECK_FALSE(cells.at(second + "/" + unit + "/2022/T").value.has_value());
    CHECK(cells.at(second + "/" + unit + "/2022/T").status == "Sekretess");
    CHECK(integrity(catalogue) == "ok");

    // the run and its progress
    const auto run = catalogue.last_finished_run();
    REQUIRE(run.has_value());
    CHECK(run->requests == transport.fetcher.requests());
    CHECK(catalogue.meta("api_url") == server.base_url());
    CHECK(catalogue.meta("data_source") == "kolada");
    REQUIRE_FALSE(progress.empty());
    CHECK(progress.back().phase == sync::SyncPhase::finished);
    CHECK(progress.back().segments_done == 6);
    CHECK(progress.back().values == static_cast<std::int64_t>(cells.size()));
}

TEST_CASE("sync: a KPI group scope reports the retired member it cannot sync") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    Transport transport;
    sync::ScopeRequest request;
    request.kpi_groups = {"G2KPI900"};
    request.units = {"0025", "0000", "G910001", "9999"};
    request.years = {2023, 2024};
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, request, at_day(2026, 3, 1)));
    CHECK(report.scope.kpis.size() == 8);
    CHECK(report.missing_ids == std::vector<std::string>{"9999", "N07401"});
    CHECK(catalogue.last_finished_run()->missing_ids == report.missing_ids);
    CHECK(logged(server, "/year/2023,2024") == 2);  // the units, then the group
    check_equal_to_server(catalogue, server, report.scope);
}

TEST_CASE("sync: the demo server's data is labelled as demo data") {
    demo::ServerOptions demo;
    demo.demo_header = true;
    demo::FakeKoladaServer server(make_dataset(), demo);
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    Transport transport;
    sync::ScopeRequest request;
    request.kpis = {make_dataset().kpis.front().id};
    request.units = {"0025"};
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, request, at_day(2026, 3, 1)));
    CHECK(report.data_source == "demo");
    CHECK(catalogue.meta("data_source") == "demo");
}

TEST_CASE("sync: the request floor is counted for the summary, and only when asked for") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    Transport transport;
    auto options = sync_options(server, everything(make_dataset()), at_day(2026, 3, 1));
    options.count_floor = false;  // `kolcat sync --quiet` prints no summary
    const auto quiet = sync::run_sync(catalogue, transport.fetcher, options);
    CHECK_FALSE(quiet.floor.has_value());
    check_equal_to_server(catalogue, server, quiet.scope);

    options.count_floor = true;
    const auto shown = sync::run_sync(catalogue, transport.fetcher, options);
    REQUIRE(shown.floor.has_value());
    CHECK(shown.floor->items > 0);
    CHECK(shown.floor->floor > 0);
}
