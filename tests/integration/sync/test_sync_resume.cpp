// kill -9 in the middle of a sync, then a resume: the catalogue stays intact (integrity_check ok)
// and ends identical to one made by an uninterrupted sync, without fetching finished pages again.
//
// The sync to kill runs in a forked child process (the engine itself, not the CLI: the CLI's own
// crash tests live in test_crash_consistency.cpp). The child only opens its own catalogue
// connection and curl handle; the server's threads stay in the parent.
#include <doctest/doctest.h>

#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultSpec;

namespace {

// Everything a sync leaves in the catalogue: the values, and when each pair was synced.
std::string catalogue_state(catalogue::Catalogue& catalogue) {
    std::string dump;
    for (const auto& [key, cell] : catalogue_cells(catalogue)) {
        dump += key + "=" + (cell.value ? std::to_string(*cell.value) : "null") + "," +
                std::to_string(cell.count.value_or(-1)) + "," + cell.status + "\n";
    }
    catalogue::Statement pairs = catalogue.database().prepare(
        "SELECT k.id, u.id, p.synced_on FROM synced_pair p JOIN kpi_key k ON k.key = p.kpi "
        "JOIN unit_key u ON u.key = p.unit ORDER BY 1, 2");
    while (pairs.step()) {
        dump +=
            pairs.column_text(0) + "/" + pairs.column_text(1) + "@" + pairs.column_text(2) + "\n";
    }
    return dump;
}

}  // namespace

TEST_CASE("sync: kill -9 mid-sync, then a resume ends identical to an uninterrupted sync") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    TempDir dir;
    auto options = sync_options(server, everything(make_dataset()), at_day(2026, 3, 1));
    options.per_page = 250;  // ten data pages

    // the reference: one uninterrupted sync
    auto reference = catalogue::Catalogue::open(dir / "reference.sqlite");
    {
        Transport transport;
        sync::run_sync(reference, transport.fetcher, options);
    }
    const std::int64_t data_pages = server.counters().data_requests;
    REQUIRE(data_pages >= 8);

    // slow data answers spread the sync over time, so the kill lands while pages are committed
    demo::Faults faults;
    faults.slow = demo::FaultSpec::chance(1.0);
    faults.slow_ms = 20;
    server.set_faults(faults);
    const auto path = dir / "killed.sqlite";
    // three kills, each in a resume of the last: at most 7 of the 10 pages get through
    for (const std::int64_t kill_after : {2, 3, 2}) {
        CAPTURE(kill_after);
        REQUIRE(sync_and_kill(server, path, options, kill_after));
        auto killed = catalogue::Catalogue::open(path);
        CHECK(integrity(killed) == "ok");
        const auto unfinished = killed.unfinished_run();
        REQUIRE(unfinished.has_value());
        CHECK(unfinished->status == catalogue::RunStatus::running);
    }

    server.clear_faults();
    server.clear_request_log();
    auto resumed = catalogue::Catalogue::open(path);
    Transport transport;
    const auto report = sync::run_sync(resumed, transport.fetcher, options);
    CHECK(report.resumed);
    CHECK(report.segments_already_done + report.segments_fetched == report.segments_total);
    std::int64_t fetched_now = 0;
    for (const auto& request : server.request_log()) {
        fetched_now += request.data ? 1 : 0;
    }
    CHECK(fetched_now < data_pages);  // finished pages were not fetched again
    CHECK(integrity(resumed) == "ok");
    CHECK(catalogue_state(resumed) == catalogue_state(reference));
    check_equal_to_server(resumed, server, report.scope);
}
