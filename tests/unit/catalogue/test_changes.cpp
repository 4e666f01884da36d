// The catalogue's record of changes: changed_at on each value (moved only when the value,
// count or status changes), tombstones for deleted values, and the upgrade of a catalogue made
// before they existed.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_deletion;
using test::make_value;
using test::store_values;

namespace {

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<std::string> changes(const catalogue::Catalogue& catalogue, std::int64_t since) {
    std::vector<std::string> rows;
    catalogue.for_each_change({}, since, [&](const catalogue::Value& value) {
        rows.push_back(value.kpi + "," + value.municipality + "," + std::to_string(value.period) +
                       "," + std::string(catalogue::to_string(value.gender)) + "," +
                       (value.is_deleted ? "deleted"
                        : value.value    ? std::to_string(*value.value)
                                         : "null"));
    });
    return rows;
}

std::optional<std::int64_t> changed_at(catalogue::Catalogue& catalogue, int period) {
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT changed_at IS NULL, changed_at FROM kpi_value WHERE period = ?1 AND gender = 0");
    select.bind(1, period);
    REQUIRE(select.step());
    if (select.column_int(0) != 0) {
        return std::nullopt;
    }
    return select.column_int64(1);
}

}  // namespace

TEST_CASE("A new catalogue remembers every deletion; values carry when they changed") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.deletions_known_since() == 0);

    const auto before = now_seconds();
    store_values(catalogue, {make_value("N1", "0001", 2020, catalogue::Gender::T, 1.5),
                             make_value("N1", "0001", 2021, catalogue::Gender::T, 2.5),
                             make_value("N1", "0002", 2020, catalogue::Gender::T, 3.5)});
    const auto first = changed_at(catalogue, 2021);
    REQUIRE(first.has_value());
    CHECK(*first >= before);
    CHECK(*first <= now_seconds());
    CHECK(changes(catalogue, before).size() == 3);
    CHECK(changes(catalogue, now_seconds() + 1).empty());

    // A second later: one value revised, one stored again unchanged, one deleted.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const auto second_sync = now_seconds();
    store_values(catalogue, {make_value("N1", "0001", 2020, catalogue::Gender::T, 9.5),
                             make_value("N1", "0001", 2021, catalogue::Gender::T, 2.5),
                             make_deletion("N1", "0002", 2020, catalogue::Gender::T)});
    CHECK(changed_at(catalogue, 2021) == first);  // unchanged: its time stays
    CHECK(changes(catalogue, second_sync) ==
          std::vector<std::string>{"N1,0001,2020,T,9.500000", "N1,0002,2020,T,deleted"});
    // Stored again, the deleted value is live again: no tombstone in the answer.
    store_values(catalogue, {make_value("N1", "0002", 2020, catalogue::Gender::T, 4.5)});
    CHECK(changes(catalogue, second_sync) ==
          std::vector<std::string>{"N1,0001,2020,T,9.500000", "N1,0002,2020,T,4.500000"});
}

TEST_CASE("A catalogue of schema 4 with values is upgraded: its old values have no change time") {
    test::TempCatalogueFile file;
    test::create_catalogue_at_schema(
        file.path(), 4,
        "INSERT INTO kpi_key (key, id) VALUES (1, 'N1');"
        "INSERT INTO unit_key (key, id) VALUES (1, '0001');"
        "INSERT INTO sync_run (id, started_at, status, api_url, scope_kpis, scope_units, "
        "scope_years, full) VALUES (1, '2026-01-01T00:00:00Z', 'finished', 'x', '[]', '[]', "
        "'[]', 1);"
        "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run) "
        "VALUES (1, 1, 2020, 0, 7.5, 1, '', 1);");
    const auto before = now_seconds();
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.schema_version() == catalogue::current_schema_version());
    CHECK(catalogue.deletions_known_since() >= before);
    CHECK(catalogue.deletions_known_since() <= now_seconds());
    CHECK_FALSE(changed_at(catalogue, 2020).has_value());
    CHECK(test::all_values(catalogue).size() == 1);
    CHECK(changes(catalogue, catalogue.deletions_known_since()).empty());
    // Asked from before the upgrade, it may have changed then: it is in the answer.
    CHECK(changes(catalogue, 0) == std::vector<std::string>{"N1,0001,2020,T,7.500000"});
    // Changed after the upgrade, it carries its time.
    store_values(catalogue, {make_value("N1", "0001", 2020, catalogue::Gender::T, 8.5)});
    CHECK(changes(catalogue, catalogue.deletions_known_since()) ==
          std::vector<std::string>{"N1,0001,2020,T,8.500000"});
}

TEST_CASE("The tombstones are bounded: the oldest go, and deletions_known_since moves past them") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const auto over = catalogue::Catalogue::max_tombstones + 5;
    // Tombstones deleted at seconds 1, 2, ..., max + 5 (one each).
    catalogue::Statement insert = catalogue.database().prepare(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
        "INSERT INTO kpi_value_deleted (kpi, unit, period, gender, deleted_at) "
        "SELECT 1, 1, i, 0, i FROM n");
    insert.bind(1, over);
    insert.step();
    store_values(catalogue,
                 {make_value("N1", "0001", 2020, catalogue::Gender::T, 1.5)});  // finishes a run
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value_deleted") ==
          catalogue::Catalogue::max_tombstones);
    CHECK(catalogue.database().query_int("SELECT min(deleted_at) FROM kpi_value_deleted") == 6);
    CHECK(catalogue.deletions_known_since() == 6);
}
