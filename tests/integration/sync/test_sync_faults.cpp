// Faults on the wire: every transient one is survived and the catalogue ends equal to the
// server's data; a spent retry budget fails the sync, keeps the pages stored before it, stores
// nothing partial, and the next sync resumes.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::FaultCounters;
using kolcat::demo::Faults;
using kolcat::demo::FaultScope;
using kolcat::demo::FaultSpec;

namespace {

struct FaultCase {
    const char* name;
    void (*arm)(demo::Faults&);
    std::int64_t (*fired)(const demo::FaultCounters&);
};

const FaultCase fault_cases[] = {
    {"503", [](demo::Faults& f) { f.http_503 = demo::FaultSpec::count(3, 1); },
     [](const demo::FaultCounters& c) { return c.http_503; }},
    {"429 with Retry-After",
     [](demo::Faults& f) {
         f.http_429 = demo::FaultSpec::count(2, 2);
         f.retry_after_seconds = 7;
     },
     [](const demo::FaultCounters& c) { return c.http_429; }},
    {"cut-off body", [](demo::Faults& f) { f.truncated_body = demo::FaultSpec::count(3, 1); },
     [](const demo::FaultCounters& c) { return c.truncated_body; }},
    {"invalid JSON", [](demo::Faults& f) { f.invalid_json = demo::FaultSpec::count(3, 1); },
     [](const demo::FaultCounters& c) { return c.invalid_json; }},
    {"500", [](demo::Faults& f) { f.http_500 = demo::FaultSpec::count(2, 4); },
     [](const demo::FaultCounters& c) { return c.http_500; }},
};

}  // namespace

TEST_CASE("sync: transient faults are retried and the catalogue ends equal to the server's data") {
    for (const auto& fault : fault_cases) {
        CAPTURE(fault.name);
        demo::FakeKoladaServer server(make_dataset());
        server.start();
        demo::Faults faults;
        faults.scope = demo::FaultScope::all;  // metadata requests too
        fault.arm(faults);
        server.set_faults(faults);
        TempDir dir;
        auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
        Transport transport;

        // all 30 kpis (two chunks), a few units of every kind: metadata and data requests
        sync::ScopeRequest request;
        request.all_kpis = true;
        request.units = {"0000", "0025", "G910000"};
        for (std::size_t i = 0; i < 3; ++i) {
            request.units.push_back(make_dataset().municipalities[i].id);
        }
        const auto report = sync::run_sync(catalogue, transport.fetcher,
                                           sync_options(server, request, at_day(2026, 3, 1)));
        CHECK(fault.fired(server.fault_counters()) >= 2);
        CHECK(transport.fetcher.retries() >= 2);
        CHECK(report.requests == transport.fetcher.requests());
        check_equal_to_server(catalogue, server, report.scope);
        if (std::string(fault.name).find("429") != std::string::npos) {
            // Retry-After honoured (in virtual time): at least 7 s per 429
            CHECK(transport.clock.total_slept() >= std::chrono::seconds(14));
        }
    }
}

TEST_CASE("sync: slow answers beyond the transfer timeout are retried") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    demo::Faults faults;
    faults.slow = demo::FaultSpec::count(2, 1);
    faults.slow_ms = 600;
    server.set_faults(faults);
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    http::FetcherOptions options = fast_fetcher_options();
    options.http.transfer_timeout = std::chrono::milliseconds(200);
    Transport transport(options);

    sync::ScopeRequest request;
    request.all_kpis = true;
    request.units = {"0025", "0000", "G910000"};
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, request, at_day(2026, 3, 1)));
    CHECK(server.fault_counters().slow == 2);
    CHECK(transport.fetcher.retries() >= 2);
    check_equal_to_server(catalogue, server, report.scope);
}

TEST_CASE(
    "sync: a spent retry budget fails the sync; stored pages stay whole; a resume "
    "finishes") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    demo::Faults faults;
    faults.http_503 = demo::FaultSpec::count(1000, 5);  // data pages 6.. fail, whatever the retries
    server.set_faults(faults);
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    http::FetcherOptions fetcher_options = fast_fetcher_options();
    fetcher_options.retry.max_attempts = 3;
    auto options = sync_options(server, everything(make_dataset()), at_day(2026, 3, 1));
    options.per_page = 250;  // ten data pages
    std::string message;
    {
        Transport transport(fetcher_options);
        try {
            sync::run_sync(catalogue, transport.fetcher, options);
        } catch (const http::SyncError& error) {
            message = error.what();
        }
    }
    CHECK(message.find("503") != std::string::npos);

    // Five data pages landed, each whole; every stored cell is the server's
    const auto run = catalogue.last_run();
    REQUIRE(run.has_value());
    CHECK(run->status == catalogue::RunStatus::failed);
    REQUIRE(run->error.has_value());
    CHECK(run->error->find("503") != std::string::npos);
    const Cells stored = catalogue_cells(catalogue);
    const Cells want = server_cells(server, run->scope);
    std::int64_t served = 0;
    for (const auto& request : server.request_log()) {
        if (request.data && request.status == 200) {
            ++served;
        }
    }
    CHECK(served == 5);
    // Every item served is stored. Page n of an answer repeats the last n - 1 items of page
    // n - 1 (its per_page is one smaller: overlapping_pages.hpp), so the distinct items stored
    // are the items served less those repeats.
    std::int64_t repeated = 0;
    for (const auto& request : server.request_log()) {
        if (request.data && request.status == 200) {
            const auto page = request.target.find("&page=");
            repeated +=
                page == std::string::npos ? 0 : std::stoll(request.target.substr(page + 6)) - 1;
        }
    }
    CHECK(repeated > 0);
    std::set<std::string> stored_items;
    for (const auto& [key, cell] : stored) {
        stored_items.insert(key.substr(0, key.rfind('/')));
    }
    CHECK(static_cast<std::int64_t>(stored_items.size()) ==
          server.counters().items_served - repeated);
    for (const auto& [key, cell] : stored) {
        REQUIRE(want.count(key) == 1);
        CHECK((want.at(key) == cell));
    }
    CHECK(integrity(catalogue) == "ok");

    // the next sync resumes: no finished page is fetched again
    server.clear_faults();
    std::vector<std::string> finished_pages;
    for (const auto& request : server.request_log()) {
        if (request.data && request.status == 200) {
            finished_pages.push_back(request.target);
        }
    }
    server.clear_request_log();
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher, options);
    CHECK(report.resumed);
    CHECK(report.run_id == run->id);
    for (const auto& target : finished_pages) {
        CHECK(logged_exactly(server, target) == 0);
    }
    check_equal_to_server(catalogue, server, report.scope);
}

TEST_CASE("sync: a next_url to another host or in a loop fails the sync with a clear message") {
    for (const bool foreign : {true, false}) {
        CAPTURE(foreign);
        demo::FakeKoladaServer server(make_dataset());
        server.start();
        demo::Faults faults;
        (foreign ? faults.foreign_next_url : faults.looping_next_url) = demo::FaultSpec::once(1);
        server.set_faults(faults);
        TempDir dir;
        auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
        Transport transport;
        CHECK_THROWS_WITH_AS(
            sync::run_sync(catalogue, transport.fetcher,
                           sync_options(server, everything(make_dataset()), at_day(2026, 3, 1))),
            doctest::Contains(foreign ? "refusing next_url to another host" : "loops back"),
            http::SyncError);
        CHECK(catalogue.last_run()->status == catalogue::RunStatus::failed);
        CHECK(integrity(catalogue) == "ok");
    }
}
