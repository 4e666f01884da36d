// A faithful Kolada that misbehaves in ways no specification spells out: data revised while a
// client pages through one answer, group memberships revised between syncs, answers that drip, and
// waits the user must be told about.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/support/test_hostile_support.hpp"
#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::Dataset;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultSpec;

namespace {

// One key figure over ten municipalities (sorted as the server sorts them), two years each:
// twenty items, four pages of five.
struct PagedScope {
    std::string kpi;
    std::vector<std::string> units;
    sync::ScopeRequest request() const {
        sync::ScopeRequest scope;
        scope.kpis = {kpi};
        scope.units = units;
        return scope;
    }
};

PagedScope paged_scope(const demo::Dataset& dataset) {
    PagedScope scope;
    scope.kpi = dataset.kpis.front().id;
    for (std::size_t i = 0; i < 10; ++i) {
        scope.units.push_back(dataset.municipalities[i].id);
    }
    std::sort(scope.units.begin(), scope.units.end());
    return scope;
}

// Deletes every gender of one item, so that the item leaves a full answer and every item
// after it moves one place up.
void delete_item(demo::Dataset& dataset, const std::string& kpi, const std::string& unit,
                 int period) {
    int deleted = 0;
    for (const catalogue::Gender gender :
         {catalogue::Gender::T, catalogue::Gender::K, catalogue::Gender::M}) {
        deleted += dataset.delete_value(kpi, unit, period, gender) ? 1 : 0;
    }
    REQUIRE(deleted > 0);
}

int first_period(const demo::FakeKoladaServer& server, const std::string& kpi,
                 const std::string& unit) {
    int period = 0;
    server.read_dataset([&](const demo::Dataset& dataset) {
        demo::DataQuery query;
        query.kpis = {kpi};
        query.units = {unit};
        const auto values = dataset.answer(query);
        REQUIRE_FALSE(values.empty());
        period = values.front().period;
    });
    return period;
}

// A started server, the paged scope, a fresh catalogue and the options of a first sync on
// 2026-03-01 with `per_page` items a page.
struct PagedSync {
    explicit PagedSync(int per_page)
        : server(make_dataset()),
          scope(paged_scope(make_dataset())),
          catalogue(catalogue::Catalogue::open(dir / "catalogue.sqlite")) {
        server.start();  // before the options: they name its port
        options = sync_options(server, scope.request(), at_day(2026, 3, 1));
        options.per_page = per_page;
    }
    demo::FakeKoladaServer server;
    PagedScope scope;
    TempDir dir;
    catalogue::Catalogue catalogue;
    sync::SyncOptions options;
};

// Once `pages` data pages are served, the answer's first item (its first unit's first period)
// is deleted, on 2026-03-02: every later item moves up one place. Returns that period.
int delete_first_item_after(demo::FakeKoladaServer& server, const PagedScope& scope, int pages) {
    const int period = first_period(server, scope.kpi, scope.units.front());
    demo::Faults faults;
    faults.revision = [kpi = scope.kpi, unit = scope.units.front(), period](demo::Dataset& data) {
        data.today = "2026-03-02";
        delete_item(data, kpi, unit, period);
    };
    faults.revision_after_pages = pages;
    server.set_faults(faults);
    return period;
}

}  // namespace

TEST_CASE("sync: an item deleted while the pages of its answer are read loses no other item") {
    for (const bool full_refresh : {false, true}) {
        CAPTURE(full_refresh);
        PagedSync paged(5);
        auto& [server, scope, dir, catalogue, options] = paged;
        if (full_refresh) {
            // A first sync stores everything; the revision comes during a later --full.
            Transport transport;
            sync::run_sync(catalogue, transport.fetcher, options);
            options.full = true;
            options.now = [] { return at_day(2026, 3, 2); };
        }

        // Once page 1 is served, its first item is deleted: the item that opened page 2 now
        // closes page 1, which the client has already read.
        delete_first_item_after(server, scope, 1);

        Transport transport;
        const auto report = sync::run_sync(catalogue, transport.fetcher, options);
        CHECK(server.fault_counters().revisions == 1);
        check_equal_to_server(catalogue, server, report.scope);
        CHECK(integrity(catalogue) == "ok");

        // and the next (incremental) sync keeps it so
        server.clear_faults();
        options.full = false;
        options.now = [] { return at_day(2026, 3, 3); };
        Transport again;
        const auto next = sync::run_sync(catalogue, again.fetcher, options);
        CHECK(next.segments_incremental == next.segments_total);
        check_equal_to_server(catalogue, server, next.scope);
    }
}

TEST_CASE("sync: a deletion within the pages' overlap needs no closing check and loses nothing") {
    // Twenty items from per_page 10: page 1 holds items 1-10, page 2 (9 a page) 10-18, page 3
    // (8 a page) 17-24, so page 3 overlaps page 2 by two items.
    PagedSync paged(10);
    auto& [server, scope, dir, catalogue, options] = paged;

    // Once page 2 is served, the answer's first item is deleted: page 3 moves up one place and
    // begins with item 18, which page 2 held. Nothing was skipped, so no closing check follows.
    const int period = delete_first_item_after(server, scope, 2);

    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher, options);
    CHECK(server.fault_counters().revisions == 1);
    std::size_t data_requests = 0;
    for (const auto& request : server.request_log()) {
        if (request.data) {
            ++data_requests;
            CHECK(request.target.find("from_date") == std::string::npos);
        }
    }
    CHECK(data_requests == 3);
    // Every cell the server holds now is stored; so is the deleted item, read before it went.
    Cells expected = server_cells(server, report.scope);
    const std::string deleted =
        scope.kpi + "/" + scope.units.front() + "/" + std::to_string(period);
    Cells stored = catalogue_cells(catalogue);
    std::size_t deleted_cells = 0;
    for (auto cell = stored.begin(); cell != stored.end();) {
        if (cell->first.rfind(deleted + "/", 0) == 0) {
            ++deleted_cells;
            cell = stored.erase(cell);
        } else {
            ++cell;
        }
    }
    CHECK(deleted_cells > 0);
    CHECK((stored == expected));

    // The next sync asks what changed since the run began, and removes it.
    server.clear_faults();
    options.now = [] { return at_day(2026, 3, 3); };
    Transport again;
    const auto next = sync::run_sync(catalogue, again.fetcher, options);
    check_equal_to_server(catalogue, server, next.scope);
}

TEST_CASE("sync: a group whose members changed gets fresh means, not the old members' ones") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    const demo::Dataset dataset = make_dataset();
    REQUIRE_FALSE(dataset.municipality_groups.empty());
    const catalogue::Group group = dataset.municipality_groups.front();
    REQUIRE(group.members.size() >= 3);
    sync::ScopeRequest scope;
    scope.kpis = {dataset.kpis[0].id, dataset.kpis[2].id};
    scope.units = {group.id, "0025"};
    auto options = sync_options(server, scope, at_day(2026, 3, 1));
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher, options);
    }

    // Kolada moves two members out of the group; no value changes, so from_date reports none.
    server.update_dataset([&](demo::Dataset& data) {
        for (auto& g : data.municipality_groups) {
            if (g.id == group.id) {
                g.members.erase(g.members.begin(), g.members.begin() + 2);
            }
        }
    });
    const Cells before = catalogue_cells(catalogue);
    options.now = [] { return at_day(2026, 3, 5); };
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher, options);
    check_equal_to_server(catalogue, server, report.scope);
    CHECK_FALSE((catalogue_cells(catalogue) == before));
    const auto stored = catalogue.group(catalogue::GroupKind::municipality_group, group.id);
    REQUIRE(stored.has_value());
    CHECK(stored->members.size() == group.members.size() - 2);

    // The next sync is incremental: its change checks (1 key-figure chunk x 3 chunks of the
    // years 1970-2044) cover the region and the group's members; none changed since, so the
    // group, fetched whole by the sync before, is not fetched again.
    options.now = [] { return at_day(2026, 3, 6); };
    Transport again;
    const auto next = sync::run_sync(catalogue, again.fetcher, options);
    CHECK(next.segments_total == 3);
    CHECK(next.segments_incremental == 3);
    check_equal_to_server(catalogue, server, next.scope);
}

TEST_CASE("sync: an answer that drips a few bytes a second is cut short and fetched again") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    demo::Faults faults;
    faults.drip = demo::FaultSpec::once();
    faults.drip_interval_ms = 100;  // 10 bytes/s: alive, but no real link is that slow
    faults.drip_max_ms = 30000;
    server.set_faults(faults);
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    http::FetcherOptions fetcher_options = fast_fetcher_options();
    fetcher_options.http.transfer_timeout = std::chrono::minutes(5);  // the default
    fetcher_options.http.stall_timeout = std::chrono::seconds(1);
    Transport transport(fetcher_options);
    sync::ScopeRequest scope;
    scope.kpis = {make_dataset().kpis.front().id};
    scope.units = {"0025", "0000"};

    const auto started = std::chrono::steady_clock::now();
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, scope, at_day(2026, 3, 1)));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(server.fault_counters().drip == 1);
    CHECK(transport.fetcher.retries() == 1);
    CHECK(took < std::chrono::seconds(8));  // the stall check, not the transfer timeout
    check_equal_to_server(catalogue, server, report.scope);
}

TEST_CASE("kolcat sync says why it pauses, also when stderr is not a terminal") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    demo::Faults faults;
    faults.http_429 = demo::FaultSpec::once();
    faults.retry_after_seconds = 1;
    server.set_faults(faults);
    hardening::ScratchDir scratch("sync-pause");
    const std::string kpi = make_dataset().kpis.front().id;
    const auto sync = [&](const std::string& catalogue, bool quiet) {
        std::vector<std::string> args{"sync",
                                      "--catalogue",
                                      (scratch.path() / catalogue).string(),
                                      "--api-url",
                                      server.base_url(),
                                      "--max-rps",
                                      "0",
                                      "--kpi",
                                      kpi,
                                      "--unit",
                                      "0025"};
        if (quiet) {
            args.push_back("--quiet");
        }
        return hardening::run_kolcat(args, scratch.path());
    };

    const auto told = sync("told.sqlite", false);
    CAPTURE(hardening::describe(told));
    CHECK(told.exit_code == 0);
    CHECK(told.err.find("sync: waiting 1.0 s (HTTP 429), attempt 2 of 8") != std::string::npos);

    // --quiet keeps short pauses to itself
    server.set_faults(faults);
    const auto quiet = sync("quiet.sqlite", true);
    CAPTURE(hardening::describe(quiet));
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
}

TEST_CASE("sync: a Retry-After longer than kolcat waits stops the sync at once and says when") {
    demo::FakeKoladaServer server(make_dataset());
    server.start();
    demo::Faults faults;
    faults.http_429 = demo::FaultSpec::once();
    faults.retry_after_seconds = 86400;
    server.set_faults(faults);
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    sync::ScopeRequest scope;
    scope.kpis = {make_dataset().kpis.front().id};
    scope.units = {"0025"};
    {
        Transport transport;
        std::vector<http::RetryNotice> notices;
        transport.fetcher.set_retry_notice(
            [&](const http::RetryNotice& n) { notices.push_back(n); });
        CHECK_THROWS_WITH_AS(
            sync::run_sync(catalogue, transport.fetcher,
                           sync_options(server, scope, at_day(2026, 3, 1))),
            doctest::Contains("HTTP 429, and the server asks kolcat to wait 86400 s (24 h), "
                              "longer than the 600 s (10 min) it waits; run kolcat sync again "
                              "after that: it continues where it stopped"),
            http::SyncError);
        // Neither a shortened pause nor a wait of a day.
        CHECK(notices.empty());
        CHECK(transport.clock.total_slept() == std::chrono::seconds(0));
    }
    CHECK(catalogue.last_run()->status == catalogue::RunStatus::failed);
    CHECK(integrity(catalogue) == "ok");
    CHECK(catalogue.meta(catalogue::meta_last_sync_failure)
              .value_or("")
              .find("asks kolcat to wait") != std::string::npos);

    // The server is willing again: the next sync finishes the job, and the failure is over.
    server.set_faults(demo::Faults{});
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher,
                                       sync_options(server, scope, at_day(2026, 3, 1)));
    check_equal_to_server(catalogue, server, report.scope);
    CHECK(catalogue.meta(catalogue::meta_last_sync_failure) == "");
}
