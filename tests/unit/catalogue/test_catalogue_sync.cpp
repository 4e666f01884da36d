// The catalogue's sync state: runs, segments, pages, sweeps and resume.
#include <doctest/doctest.h>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_segment;
using test::make_value;

namespace {

std::vector<std::string> cells(const catalogue::Catalogue& catalogue) {
    std::vector<std::string> rows;
    catalogue.for_each_value({}, [&](const catalogue::Value& value) {
        rows.push_back(value.kpi + "," + value.municipality + "," + std::to_string(value.period) +
                       "," + std::string(catalogue::to_string(value.gender)) + "=" +
                       (value.value ? std::to_string(static_cast<int>(*value.value)) : "null"));
    });
    return rows;
}

// A first full sync of N1 x {0025, 2580}: two years, T only.
void seed(catalogue::Catalogue& catalogue) {
    catalogue::SyncRun run = catalogue.begin_run(
        test::make_run({make_segment(0, {"N1"}, {"0025", "2580"})}, true, "2026-01-10T00:00:00Z"));
    catalogue.commit_page(run.id, 0,
                          {make_value("N1", "0025", 2020, catalogue::Gender::T, 1),
                           make_value("N1", "0025", 2021, catalogue::Gender::T, 2),
                           make_value("N1", "2580", 2020, catalogue::Gender::T, 3),
                           make_value("N1", "2580", 2021, catalogue::Gender::T, 4)},
                          std::nullopt, 1);
    catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-01-10T00:01:00Z", {},
                         std::nullopt, 1);
}

}  // namespace

TEST_CASE("begin_run stores the run and its plan; the run can be read back") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK_FALSE(catalogue.last_run().has_value());
    catalogue::SyncRun planned =
        test::make_run({make_segment(0, {"N1", "N2"}, {"0025"}, {2020, 2021}),
                        make_segment(1, {"N3"}, {"G33632"}, {}, "2026-01-01")},
                       true);
    planned.scope.years = {2020, 2021};
    planned.missing_ids = {"N07401"};
    const catalogue::SyncRun run = catalogue.begin_run(planned);
    CHECK(run.id > 0);

    const auto stored = catalogue.last_run();
    REQUIRE(stored.has_value());
    CHECK(stored->id == run.id);
    CHECK(stored->started_at == planned.started_at);
    CHECK(stored->status == catalogue::RunStatus::running);
    CHECK(stored->api_url == planned.api_url);
    CHECK(stored->scope == planned.scope);
    CHECK(stored->full);
    CHECK(stored->missing_ids == std::vector<std::string>{"N07401"});
    REQUIRE(stored->segments.size() == 2);
    CHECK(stored->segments[0].kpis == std::vector<std::string>{"N1", "N2"});
    CHECK(stored->segments[0].years == std::vector<int>{2020, 2021});
    CHECK_FALSE(stored->segments[0].from_date.has_value());
    CHECK(stored->segments[1].units == std::vector<std::string>{"G33632"});
    CHECK(stored->segments[1].from_date == std::optional<std::string>("2026-01-01"));
    CHECK_FALSE(stored->segments[1].done);
    CHECK(catalogue.unfinished_run()->id == run.id);
    CHECK_FALSE(catalogue.last_finished_run().has_value());
}

TEST_CASE("A page with next_url records where to resume; the last page marks the segment done") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const catalogue::SyncRun run = catalogue.begin_run(
        test::make_run({make_segment(0, {"N1"}, {"0025"}), make_segment(1, {"N2"}, {"0025"})}));
    const std::string next = "https://api.kolada.se/v3/data?kpi=N1&page=2&per_page=5000";
    catalogue.commit_page(run.id, 0, {make_value("N1", "0025", 2020, catalogue::Gender::T, 1)},
                          next, 3);

    // As after a kill -9: a fresh object sees the saved progress.
    catalogue::Catalogue reopened = catalogue::Catalogue::open(file.path());
    auto unfinished = reopened.unfinished_run();
    REQUIRE(unfinished.has_value());
    CHECK(unfinished->id == run.id);
    CHECK(unfinished->requests == 3);
    CHECK(unfinished->values_written == 1);
    CHECK(unfinished->segments[0].resume_url == std::optional<std::string>(next));
    CHECK_FALSE(unfinished->segments[0].done);
    CHECK_FALSE(unfinished->segments[1].resume_url.has_value());

    reopened.commit_page(run.id, 0, {make_value("N1", "0025", 2021, catalogue::Gender::T, 2)},
                         std::nullopt, 4);
    unfinished = reopened.unfinished_run();
    CHECK(unfinished->segments[0].done);
    CHECK_FALSE(unfinished->segments[0].resume_url.has_value());
    CHECK(unfinished->values_written == 2);

    reopened.commit_page(run.id, 1, {}, std::nullopt, 5);
    reopened.finish_run(run.id, catalogue::RunStatus::finished, "2026-11-20T08:05:00Z", {"N07401"},
                        std::nullopt, 5);
    CHECK_FALSE(reopened.unfinished_run().has_value());
    const auto finished = reopened.last_finished_run();
    REQUIRE(finished.has_value());
    CHECK(finished->status == catalogue::RunStatus::finished);
    CHECK(finished->finished_at == std::optional<std::string>("2026-11-20T08:05:00Z"));
    CHECK(finished->missing_ids == std::vector<std::string>{"N07401"});
    CHECK(finished->requests == 5);
    CHECK(cells(reopened).size() == 2);
}

TEST_CASE("Failed runs can be resumed; abandoned runs and runs before a finished one cannot") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const catalogue::SyncRun first =
        catalogue.begin_run(test::make_run({make_segment(0, {"N1"}, {"0025"})}));
    catalogue.finish_run(first.id, catalogue::RunStatus::failed, "2026-11-20T08:05:00Z", {},
                         "the retry budget is spent", 9);
    auto resumable = catalogue.unfinished_run();
    REQUIRE(resumable.has_value());
    CHECK(resumable->status == catalogue::RunStatus::failed);
    CHECK(resumable->error == std::optional<std::string>("the retry budget is spent"));

    // A page landing for it means it runs again.
    catalogue.commit_page(first.id, 0, {}, "https://api.kolada.se/v3/data?page=2", 10);
    resumable = catalogue.unfinished_run();
    CHECK(resumable->status == catalogue::RunStatus::running);
    CHECK_FALSE(resumable->error.has_value());
    CHECK_FALSE(resumable->finished_at.has_value());

    catalogue.finish_run(first.id, catalogue::RunStatus::abandoned, "2026-11-20T08:06:00Z", {},
                         std::nullopt, 10);
    CHECK_FALSE(catalogue.unfinished_run().has_value());

    const catalogue::SyncRun second =
        catalogue.begin_run(test::make_run({make_segment(0, {"N1"}, {"0025"})}));
    CHECK(second.id > first.id);
    const catalogue::SyncRun third =
        catalogue.begin_run(test::make_run({make_segment(0, {"N1"}, {"0025"})}));
    catalogue.finish_run(third.id, catalogue::RunStatus::finished, "2026-11-20T09:00:00Z", {},
                         std::nullopt, 1);
    CHECK_FALSE(catalogue.unfinished_run().has_value());  // `second` is older than a finished run
    CHECK(catalogue.last_run()->id == third.id);
    CHECK_THROWS_AS(
        catalogue.finish_run(999, catalogue::RunStatus::finished, "x", {}, std::nullopt, 0),
        catalogue::CatalogueError);
    CHECK_THROWS_WITH_AS(catalogue.commit_page(third.id, 7, {}, std::nullopt, 0),
                         doctest::Contains("no segment 7"), catalogue::CatalogueError);
}

TEST_CASE("A full segment sweeps what the run did not deliver; an incremental one does not") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    seed(catalogue);
    // Outside every later segment's scope: must survive all sweeps.
    {
        catalogue::SyncRun other =
            catalogue.begin_run(test::make_run({make_segment(0, {"N9"}, {"0025"})}));
        catalogue.commit_page(other.id, 0,
                              {make_value("N9", "0025", 2020, catalogue::Gender::T, 9)},
                              std::nullopt, 1);
        catalogue.finish_run(other.id, catalogue::RunStatus::finished, "x", {}, std::nullopt, 1);
    }

    SUBCASE("incremental: only the changes apply") {
        catalogue::SyncRun run = catalogue.begin_run(
            test::make_run({make_segment(0, {"N1"}, {"0025", "2580"}, {}, "2026-01-09")}));
        catalogue.commit_page(run.id, 0,
                              {make_value("N1", "0025", 2021, catalogue::Gender::T, 20),
                               test::make_deletion("N1", "2580", 2020, catalogue::Gender::T)},
                              std::nullopt, 1);
        CHECK(cells(catalogue) == std::vector<std::string>{"N1,0025,2020,T=1", "N1,0025,2021,T=20",
                                                           "N1,2580,2021,T=4", "N9,0025,2020,T=9"});
    }
    SUBCASE("full: values missing from every page of the segment are removed") {
        catalogue::SyncRun run =
            catalogue.begin_run(test::make_run({make_segment(0, {"N1"}, {"0025", "2580"})}, true));
        catalogue.commit_page(run.id, 0, {make_value("N1", "0025", 2021, catalogue::Gender::T, 20)},
                              "https://api.kolada.se/v3/data?page=2", 1);
        // Nothing is swept before the segment is done: an interrupted sync loses nothing.
        CHECK(cells(catalogue).size() == 5);
        catalogue.commit_page(run.id, 0, {make_value("N1", "2580", 2022, catalogue::Gender::K, 5)},
                              std::nullopt, 2);
        CHECK(cells(catalogue) == std::vector<std::string>{"N1,0025,2021,T=20", "N1,2580,2022,K=5",
                                                           "N9,0025,2020,T=9"});
        CHECK(catalogue.unfinished_run()->values_written == 2 + 3);  // 2 stored, 3 swept
    }
    SUBCASE("full with years: only those years are swept") {
        catalogue::SyncRun run = catalogue.begin_run(
            test::make_run({make_segment(0, {"N1"}, {"0025", "2580"}, {2021})}, true));
        catalogue.commit_page(run.id, 0, {make_value("N1", "2580", 2021, catalogue::Gender::T, 40)},
                              std::nullopt, 1);
        CHECK(cells(catalogue) == std::vector<std::string>{"N1,0025,2020,T=1", "N1,2580,2020,T=3",
                                                           "N1,2580,2021,T=40",
                                                           "N9,0025,2020,T=9"});
    }
}

TEST_CASE("synced_dates records pairs of segments over every year, at the run's start date") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    seed(catalogue);  // run started 2026-01-10
    catalogue::SyncRun run = catalogue.begin_run(test::make_run(
        {make_segment(0, {"N1"}, {"0025"}, {}, "2026-01-09"),
         make_segment(1, {"N2"}, {"0025"}, {2021}), make_segment(2, {"N3"}, {"0025"})},
        false, "2026-02-01T12:00:00Z"));
    catalogue.commit_page(run.id, 0, {}, std::nullopt, 1);
    catalogue.commit_page(run.id, 1, {}, std::nullopt, 2);
    catalogue.commit_page(run.id, 2, {}, "https://api.kolada.se/v3/data?page=2", 3);

    const std::vector<std::string> kpis{"N1", "N2", "N3", "N404"};
    const std::vector<std::string> units{"0025", "2580", "9999"};
    const auto dates = catalogue.synced_dates(kpis, units);
    using Pair = std::pair<std::string, std::string>;
    std::map<Pair, std::string> found;
    for (const auto& kpi : kpis) {
        for (const auto& unit : units) {
            if (const std::string* date = dates.find(kpi, unit)) {
                found[{kpi, unit}] = *date;
            }
        }
    }
    CHECK(found == std::map<Pair, std::string>{{{"N1", "0025"}, "2026-02-01"},
                                               {{"N1", "2580"}, "2026-01-10"}});
    CHECK(catalogue.synced_dates({"N1"}, {"2580"}).size() == 1);
    CHECK(catalogue.synced_dates({}, {"2580"}).empty());
}

TEST_CASE("never_synced_pairs: pairs neither recorded as synced nor holding a stored value") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    seed(catalogue);  // N1 x {0025, 2580} synced over every year, with values
    catalogue::SyncRun run = catalogue.begin_run(test::make_run(
        {make_segment(0, {"N2"}, {"0025"}), make_segment(1, {"N3"}, {"2580"}, {2021}),
         make_segment(2, {"N4"}, {"0025"})},
        false, "2026-02-01T12:00:00Z"));
    // N2 x 0025: synced over every year, Kolada has no value (like a K key figure for a region).
    catalogue.commit_page(run.id, 0, {}, std::nullopt, 1);
    // N3 x 2580: a sync limited to 2021 is not recorded, but its stored value shows it was read.
    catalogue.commit_page(run.id, 1, {make_value("N3", "2580", 2021, catalogue::Gender::T, 5)},
                          std::nullopt, 2);
    // N4 x 0025: the segment never finished, so the pair was not synced.
    catalogue.commit_page(run.id, 2, {}, "https://api.kolada.se/v3/data?page=2", 3);

    using Pair = std::pair<std::string, std::string>;
    CHECK(
        catalogue.never_synced_pairs({"N1", "N2", "N3", "N4", "N404"}, {"0025", "2580", "9999"}) ==
        std::vector<Pair>{{"N1", "9999"},
                          {"N2", "2580"},
                          {"N2", "9999"},
                          {"N3", "0025"},
                          {"N3", "9999"},
                          {"N4", "0025"},
                          {"N4", "2580"},
                          {"N4", "9999"},
                          {"N404", "0025"},
                          {"N404", "2580"},
                          {"N404", "9999"}});
    CHECK(catalogue.never_synced_pairs({"N1", "N1"}, {"2580", "0025"}).empty());
    CHECK(catalogue.never_synced_pairs({}, {"0025"}).empty());
    CHECK(catalogue.synced_units() == std::vector<std::string>{"0025", "2580"});
}

TEST_CASE("A page that fails half-way leaves the catalogue unchanged") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    seed(catalogue);
    const auto before = cells(catalogue);
    catalogue::SyncRun run = catalogue.begin_run(
        test::make_run({make_segment(0, {"N1", "N5"}, {"0025", "2580"})}, true));
    // Fail on the last row of the page, after many rows (and new kpi keys) were written.
    catalogue.database().exec(
        "CREATE TEMP TRIGGER fail_on_1999 BEFORE INSERT ON kpi_value WHEN new.period = 1999 "
        "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    std::vector<catalogue::Value> page;
    for (int year = 2000; year < 2100; ++year) {
        page.push_back(make_value("N5", "0025", year, catalogue::Gender::T, year));
        page.push_back(make_value("N1", "0025", year, catalogue::Gender::K, year));
    }
    page.push_back(make_value("N5", "G99999", 1999, catalogue::Gender::M, 1));
    CHECK_THROWS_WITH_AS(catalogue.commit_page(run.id, 0, page, std::nullopt, 1),
                         doctest::Contains("simulated failure"), catalogue::CatalogueError);
    CHECK(cells(catalogue) == before);
    CHECK_FALSE(catalogue.unfinished_run()->segments[0].done);
    CHECK(catalogue.unfinished_run()->values_written == 0);
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_key WHERE id = 'N5'") == 0);

    // The same object can store the page once the cause is gone: the keys of the failed
    // transaction are not reused from a stale cache.
    catalogue.database().exec("DROP TRIGGER fail_on_1999");
    page.pop_back();
    catalogue.commit_page(run.id, 0, page, std::nullopt, 2);
    CHECK(cells(catalogue).size() == page.size());
    catalogue::ValueQuery n5;
    n5.kpis = {"N5"};
    CHECK(test::all_values(catalogue, n5).size() == 100);
    catalogue::Statement check = catalogue.database().prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.column_text(0) == "ok");
}

TEST_CASE("A page may repeat a cell: the last one wins") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue::SyncRun run =
        catalogue.begin_run(test::make_run({make_segment(0, {"N1"}, {"0025"})}, true));
    std::vector<catalogue::Value> page;
    for (int i = 0; i < 200; ++i) {  // more than one multi-row batch
        page.push_back(make_value("N1", "0025", 2000 + i % 50, catalogue::Gender::T, i));
    }
    page.push_back(test::make_deletion("N1", "0025", 2001, catalogue::Gender::T));
    catalogue.commit_page(run.id, 0, page, std::nullopt, 1);
    const auto values = test::all_values(catalogue);
    REQUIRE(values.size() == 49);
    CHECK(values[0].period == 2000);
    CHECK(values[0].value == std::optional<double>(150));
    CHECK(values[1].period == 2002);
    CHECK(values[1].value == std::optional<double>(152));
}

TEST_CASE("A full disk gives a clear error and an intact catalogue") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    seed(catalogue);
    const auto before = cells(catalogue);
    catalogue::SyncRun run =
        catalogue.begin_run(test::make_run({make_segment(0, {"N1"}, {"0025"})}, true));
    // Simulate a full disk: the file may not grow beyond its current size.
    const auto pages = catalogue.database().query_int("PRAGMA page_count");
    catalogue.database().exec("PRAGMA max_page_count = " + std::to_string(pages));
    std::vector<catalogue::Value> page;
    for (int year = 0; year < 15000; ++year) {
        page.push_back(make_value("N1", "0025", year, catalogue::Gender::T, 0.1 * year));
    }
    CHECK_THROWS_WITH_AS(catalogue.commit_page(run.id, 0, page, std::nullopt, 1),
                         doctest::Contains("full"), catalogue::CatalogueError);
    CHECK(cells(catalogue) == before);
    catalogue::Statement check = catalogue.database().prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.column_text(0) == "ok");
}

TEST_CASE("A repair run sweeps like a full sync, but is never the sync to resume or report") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    seed(catalogue);
    const auto finished_sync = catalogue.last_finished_run()->id;
    // An interrupted sync, then a repair of N1 x 0025 that finds 2021 gone and 2022 new.
    const catalogue::SyncRun interrupted = catalogue.begin_run(
        test::make_run({make_segment(0, {"N1"}, {"0025", "2580"})}, false, "2026-02-01T00:00:00Z"));
    catalogue::SyncRun repair =
        test::make_run({make_segment(0, {"N1"}, {"0025"})}, true, "2026-02-02T00:00:00Z");
    repair.kind = catalogue::RunKind::repair;
    repair = catalogue.begin_run(repair);
    catalogue.commit_page(repair.id, 0,
                          {make_value("N1", "0025", 2020, catalogue::Gender::T, 7),
                           make_value("N1", "0025", 2022, catalogue::Gender::T, 8)},
                          std::nullopt, 1);
    catalogue.finish_run(repair.id, catalogue::RunStatus::finished, "2026-02-02T00:01:00Z", {},
                         std::nullopt, 1);

    CHECK(cells(catalogue) == std::vector<std::string>{"N1,0025,2020,T=7", "N1,0025,2022,T=8",
                                                       "N1,2580,2020,T=3", "N1,2580,2021,T=4"});
    REQUIRE(catalogue.unfinished_run().has_value());
    CHECK(catalogue.unfinished_run()->id == interrupted.id);
    CHECK(catalogue.last_run()->id == interrupted.id);
    CHECK(catalogue.last_finished_run()->id == finished_sync);
    // The base of the next incremental sync stays the sync's date.
    CHECK(catalogue.synced_dates({"N1"}, {"0025"}).at({"N1", "0025"}) == "2026-01-10");
    catalogue::Catalogue reopened = catalogue::Catalogue::open(file.path());
    catalogue::Statement kind =
        reopened.database().prepare("SELECT kind FROM sync_run WHERE id = ?1");
    kind.bind(1, repair.id);
    REQUIRE(kind.step());
    CHECK(kind.column_text(0) == "repair");
}
