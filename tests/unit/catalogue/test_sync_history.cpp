// The sync history is bounded: finishing a sync keeps the newest Catalogue::kept_runs runs, and
// always the run a sync would resume and the last two finished syncs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_run;
using test::make_segment;
using test::make_value;
using test::store_values;

namespace {

std::int64_t rows(catalogue::Catalogue& catalogue, const std::string& table) {
    return catalogue.database().query_int("SELECT count(*) FROM " + table);
}

std::int64_t finished_run(catalogue::Catalogue& catalogue, catalogue::RunKind kind,
                          const std::vector<std::string>& missing = {}) {
    catalogue::SyncRun run = make_run({make_segment(0, {"N1"}, {"0025"}, {}, "2026-01-01")});
    run.kind = kind;
    run = catalogue.begin_run(run);
    catalogue.commit_page(run.id, 0, {make_value("N1", "0025", 2020, catalogue::Gender::T, 1)},
                          std::nullopt, 1);
    catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-11-20T08:01:00Z", missing,
                         std::nullopt, 1);
    return run.id;
}

}  // namespace

TEST_CASE("sync history: the newest kept_runs runs stay, with their segments and missing ids") {
    static_assert(catalogue::Catalogue::kept_runs == 20);
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 25; ++i) {
        ids.push_back(finished_run(catalogue, catalogue::RunKind::sync, {"N404"}));
    }
    CHECK(rows(catalogue, "sync_run") == 20);
    // A finished run keeps the number of its segments, not the segments.
    CHECK(rows(catalogue, "sync_segment") == 0);
    CHECK(catalogue.last_finished_run()->segment_count == 1);
    CHECK(catalogue.last_finished_run()->incremental_segments == 1);
    CHECK(rows(catalogue, "sync_missing_id") == 20);
    CHECK(catalogue.database().query_int("SELECT min(id) FROM sync_run") == ids[5]);
    CHECK(catalogue.last_finished_run()->id == ids.back());
    CHECK(catalogue.previous_finished_run()->id == ids[23]);
    // The values written by pruned runs stay.
    CHECK(catalogue.counts().values == 1);
}

TEST_CASE("sync history: the run to resume and the last two syncs outlive many repairs") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const auto before_last = finished_run(catalogue, catalogue::RunKind::sync);
    const auto last = finished_run(catalogue, catalogue::RunKind::sync);
    // A sync interrupted after its first page: the next sync resumes it.
    catalogue::SyncRun interrupted = catalogue.begin_run(
        make_run({make_segment(0, {"N1"}, {"0025"}), make_segment(1, {"N2"}, {"0025"})}));
    catalogue.commit_page(interrupted.id, 0, {}, std::nullopt, 1);
    for (int i = 0; i < 30; ++i) {
        finished_run(catalogue, catalogue::RunKind::repair);
    }
    // The 20 newest repairs, the interrupted sync and the last two finished syncs.
    CHECK(rows(catalogue, "sync_run") == 23);
    REQUIRE(catalogue.unfinished_run().has_value());
    CHECK(catalogue.unfinished_run()->id == interrupted.id);
    CHECK(catalogue.unfinished_run()->segments.size() == 2);
    CHECK(catalogue.last_finished_run()->id == last);
    CHECK(catalogue.previous_finished_run()->id == before_last);

    // Finished, the interrupted run is an ordinary one: pruned once 20 newer runs exist.
    catalogue.finish_run(interrupted.id, catalogue::RunStatus::abandoned, "2026-11-20T09:00:00Z",
                         {}, std::nullopt, 1);
    for (int i = 0; i < 20; ++i) {
        finished_run(catalogue, catalogue::RunKind::sync);
    }
    CHECK(catalogue.database().query_int("SELECT count(*) FROM sync_run WHERE id = " +
                                         std::to_string(interrupted.id)) == 0);
    CHECK(rows(catalogue, "sync_run") == 20);
}

TEST_CASE("sync history: a full refresh still sweeps values written by pruned runs") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const auto full = [&](const std::vector<catalogue::Value>& values) {
        catalogue::SyncRun run =
            catalogue.begin_run(make_run({make_segment(0, {"N7"}, {"2580"})}, true));
        catalogue.commit_page(run.id, 0, values, std::nullopt, 1);
        catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-11-20T08:01:00Z", {},
                             std::nullopt, 1);
    };
    full({make_value("N7", "2580", 2019, catalogue::Gender::T, 1),
          make_value("N7", "2580", 2020, catalogue::Gender::T, 2)});
    for (int i = 0; i < 25; ++i) {
        store_values(catalogue, {make_value("N8", "2580", 2020, catalogue::Gender::T, i)});
    }
    full({make_value("N7", "2580", 2020, catalogue::Gender::T, 2)});
    catalogue::ValueQuery query;
    query.kpis = {"N7"};
    CHECK(test::all_values(catalogue, query).size() == 1);
}
