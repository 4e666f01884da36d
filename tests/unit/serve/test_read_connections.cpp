// The server's pooled read-only connections: reused between requests, yet each request sees
// what a writer committed before it (also after the file was replaced), and a request's
// deadline interrupts the catalogue's work for it without spoiling the connection.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "catalogue/catalogue.hpp"
#include "serve/read_connections.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_value;

namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point far_deadline() {
    return Clock::now() + std::chrono::minutes(10);
}

void store_values(catalogue::Catalogue& catalogue, const std::vector<catalogue::Value>& values) {
    catalogue::SyncRun run = catalogue.begin_run(test::make_run({test::make_segment(0, {}, {})}));
    catalogue.commit_page(run.id, 0, values, std::nullopt, 1);
    catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-11-20T08:01:00Z", {},
                         std::nullopt, 1);
}

std::optional<double> value_of(const catalogue::Catalogue& catalogue, const std::string& kpi) {
    std::optional<double> found;
    catalogue::ValueQuery query;
    query.kpis = {kpi};
    catalogue.for_each_value(query, [&](const catalogue::Value& value) { found = value.value; });
    return found;
}

std::size_t value_count(const catalogue::Catalogue& catalogue) {
    std::size_t count = 0;
    catalogue.for_each_value({}, [&](const catalogue::Value&) { ++count; });
    return count;
}

}  // namespace

TEST_CASE("serve connections: reused, and a reused one sees a later commit") {
    test::TempCatalogueFile file;
    auto writer = catalogue::Catalogue::open(file.path());
    store_values(writer, {make_value("N1", "0001", 2020, catalogue::Gender::T, 1.5)});

    serve::ReadConnections connections(file.path());
    CHECK(connections.idle() == 0);
    {
        auto lease = connections.lease(far_deadline());
        CHECK(value_of(lease.catalogue(), "N1") == 1.5);
    }
    CHECK(connections.idle() == 1);  // given back, not closed

    store_values(writer, {make_value("N1", "0001", 2020, catalogue::Gender::T, 2.5)});
    {
        auto lease = connections.lease(far_deadline());
        CHECK(connections.idle() == 0);  // the same connection, borrowed again
        CHECK(value_of(lease.catalogue(), "N1") == 2.5);
    }
    CHECK(connections.idle() == 1);

    // Two requests at once get two connections.
    {
        auto first = connections.lease(far_deadline());
        auto second = connections.lease(far_deadline());
        CHECK(&first.catalogue() != &second.catalogue());
    }
    CHECK(connections.idle() == 2);
}

TEST_CASE("serve connections: a catalogue file replaced by another is read anew") {
    test::TempCatalogueFile file;
    test::TempCatalogueFile other;
    {
        auto writer = catalogue::Catalogue::open(file.path());
        store_values(writer, {make_value("N1", "0001", 2020, catalogue::Gender::T, 1.5)});
        auto replacement = catalogue::Catalogue::open(other.path());
        store_values(replacement, {make_value("N1", "0001", 2020, catalogue::Gender::T, 7.5)});
    }
    serve::ReadConnections connections(file.path());
    {
        auto lease = connections.lease(far_deadline());
        CHECK(value_of(lease.catalogue(), "N1") == 1.5);
    }
    std::filesystem::rename(other.path(), file.path());
    std::error_code ignored;
    std::filesystem::remove(file.path().string() + "-wal", ignored);
    std::filesystem::remove(file.path().string() + "-shm", ignored);
    auto lease = connections.lease(far_deadline());
    CHECK(value_of(lease.catalogue(), "N1") == 7.5);

    std::filesystem::remove(file.path());
    CHECK_THROWS_AS(connections.lease(far_deadline()), catalogue::CatalogueError);
}

TEST_CASE("serve connections: work past the deadline stops with RequestTimeLimit") {
    test::TempCatalogueFile file;
    {
        auto writer = catalogue::Catalogue::open(file.path());
        std::vector<catalogue::Value> values;
        for (int unit = 0; unit < 200; ++unit) {
            for (int year = 2000; year < 2020; ++year) {
                values.push_back(make_value("N1", std::to_string(1000 + unit), year,
                                            catalogue::Gender::T, unit + year / 1000.0));
            }
        }
        store_values(writer, values);
    }
    serve::ReadConnections connections(file.path());
    {
        // A deadline already past: the first progress check of the scan stops it.
        auto lease = connections.lease(Clock::now() - std::chrono::seconds(1));
        CHECK_THROWS_AS(
            lease.run([](const catalogue::Catalogue& catalogue) { return value_count(catalogue); }),
            serve::RequestTimeLimit);
        CHECK(lease.expired());
    }
    // The connection came back healthy, and the next request, with time, reads everything.
    CHECK(connections.idle() == 1);
    auto lease = connections.lease(far_deadline());
    CHECK(!lease.expired());
    CHECK(lease.run([](const catalogue::Catalogue& catalogue) { return value_count(catalogue); }) ==
          4000);
    CHECK(connections.idle() == 0);
}
