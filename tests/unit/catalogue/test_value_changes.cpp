// The old value of each change since a date (for_each_value_change): exact where the record of
// old values tells it, "unknown" where it cannot, with hand-worked histories. The times a sync
// records are moved to round numbers (1000, 2000, ...) so that each step has its own second.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using catalogue::Gender;
using test::make_deletion;
using test::make_value;

namespace {

// Stores values as a sync does, then moves the times that write recorded (the clock's now) to
// `at`.
void store_at(catalogue::Catalogue& catalogue, std::int64_t at,
              const std::vector<catalogue::Value>& values) {
    test::store_values(catalogue, values);
    for (const char* sql :
         {"UPDATE kpi_value SET changed_at = ?1 WHERE changed_at > 1000000000",
          "UPDATE kpi_value_change SET changed_at = ?1 WHERE changed_at > 1000000000",
          "UPDATE kpi_value_deleted SET deleted_at = ?1 WHERE deleted_at > 1000000000"}) {
        catalogue.database().prepare(sql).bind(1, at).run();
    }
}

std::string number(const std::optional<catalogue::StoredValue>& stored) {
    if (!stored) {
        return "-";
    }
    if (!stored->value) {
        return "null";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%g", *stored->value);
    return text;
}

// "unit,period,gender,kind,old,new,changed_at": old "?" when unknown, "-" for nothing.
std::vector<std::string> changes(const catalogue::Catalogue& catalogue, std::int64_t since) {
    std::vector<std::string> rows;
    catalogue.for_each_value_change({}, since, [&](const catalogue::ValueChange& change) {
        rows.push_back(change.unit + "," + std::to_string(change.period) + "," +
                       std::string(to_string(change.gender)) + "," +
                       std::string(to_string(change.kind)) + "," +
                       (change.old_known ? number(change.old_value) : "?") + "," +
                       number(change.new_value) + "," +
                       (change.changed_at ? std::to_string(*change.changed_at) : "none"));
    });
    return rows;
}

using Rows = std::vector<std::string>;

// X (0001 2020 T): published at 1000 as 1, revised to 2 at 2000 and to 3 at 3000, deleted at
// 4000. Y (0002 2020 T): published at 1000 as 10, revised to 11 at 3000. Z (0003 2020 K):
// published at 2000 as 5. W (0003 2020 M): published at 2000 as 6 and deleted at 3000.
void write_history(catalogue::Catalogue& catalogue) {
    store_at(catalogue, 1000,
             {make_value("N1", "0001", 2020, Gender::T, 1.0),
              make_value("N1", "0002", 2020, Gender::T, 10.0)});
    store_at(catalogue, 2000,
             {make_value("N1", "0001", 2020, Gender::T, 2.0),
              make_value("N1", "0002", 2020, Gender::T, 10.0),  // again, unchanged
              make_value("N1", "0003", 2020, Gender::K, 5.0),
              make_value("N1", "0003", 2020, Gender::M, 6.0)});
    store_at(catalogue, 3000,
             {make_value("N1", "0001", 2020, Gender::T, 3.0),
              make_value("N1", "0002", 2020, Gender::T, 11.0),
              make_deletion("N1", "0003", 2020, Gender::M)});
    store_at(catalogue, 4000, {make_deletion("N1", "0001", 2020, Gender::T)});
}

// The history's changes since a date between 2000 and 3000: X held 2, Y 10 and W 6 then; Z
// was already there.
const Rows kSinceBetween2000And3000{"0001,2020,T,deleted,2,-,4000",
                                    "0002,2020,T,revised,10,11,3000",
                                    "0003,2020,M,deleted,6,-,3000"};

}  // namespace

TEST_CASE("A value published, revised twice and deleted: the old value at each date") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.old_values_known_since() == 0);  // a new catalogue knows its whole history
    write_history(catalogue);

    // Before everything: X came and went, W too: deleted with nothing before. Y and Z are new.
    CHECK(changes(catalogue, 500) ==
          Rows{"0001,2020,T,deleted,-,-,4000", "0002,2020,T,published,-,11,3000",
               "0003,2020,K,published,-,5,2000", "0003,2020,M,deleted,-,-,3000"});
    // At 1500 X held 1, Y 10, and W nothing yet; a change at the second asked for is a change
    // since then, so at 2000 too.
    const Rows since_1500{"0001,2020,T,deleted,1,-,4000", "0002,2020,T,revised,10,11,3000",
                          "0003,2020,K,published,-,5,2000", "0003,2020,M,deleted,-,-,3000"};
    CHECK(changes(catalogue, 1500) == since_1500);
    CHECK(changes(catalogue, 2000) == since_1500);
    CHECK(changes(catalogue, 2500) == kSinceBetween2000And3000);
    CHECK(changes(catalogue, 3500) == Rows{"0001,2020,T,deleted,3,-,4000"});
    CHECK(changes(catalogue, 4001).empty());
}

TEST_CASE("A value revised back shows its old value as the new one; a status change is a change") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    store_at(catalogue, 1000, {make_value("N1", "0001", 2020, Gender::T, 1.0)});
    store_at(catalogue, 2000, {make_value("N1", "0001", 2020, Gender::T, 2.0)});
    store_at(catalogue, 3000, {make_value("N1", "0001", 2020, Gender::T, 1.0)});
    CHECK(changes(catalogue, 1500) == Rows{"0001,2020,T,revised,1,1,3000"});
    CHECK(changes(catalogue, 2500) == Rows{"0001,2020,T,revised,2,1,3000"});
    catalogue::Value withheld = make_value("N1", "0001", 2020, Gender::T, std::nullopt);
    withheld.status = "Sekretess";
    store_at(catalogue, 4000, {withheld});
    CHECK(changes(catalogue, 3500) == Rows{"0001,2020,T,revised,1,null,4000"});
}

TEST_CASE("Old values before the record's start are unknown, never guessed") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    write_history(catalogue);
    // As after pruning: the changes up to 2500 are gone and the record is whole from 2501.
    catalogue.database().exec(
        "DELETE FROM kpi_value_change WHERE changed_at <= 2500;"
        "UPDATE meta SET value = '2501' WHERE key = 'old_values_known_since';");
    CHECK(catalogue.old_values_known_since() == 2501);
    // At 1500: X's first kept change (3000) replaced a 2 stored at 2000, after 1500: what X
    // held at 1500 is unknown, and W's too. Y's kept change replaced a 10 stored at 1000 and
    // held until 3000: known. Z was stored at 2000 with no change kept: it may have replaced a
    // value.
    CHECK(changes(catalogue, 1500) ==
          Rows{"0001,2020,T,deleted,?,-,4000", "0002,2020,T,revised,10,11,3000",
               "0003,2020,K,revised,?,5,2000", "0003,2020,M,deleted,?,-,3000"});
    // From the record's start on, the answers are exact again.
    CHECK(changes(catalogue, 2600) == kSinceBetween2000And3000);
}

TEST_CASE("A catalogue of schema 5 is upgraded: old values are known from the upgrade on") {
    test::TempCatalogueFile file;
    // Upgraded to schema 5 at 500: A stored before then (NULL), B changed at 1000 and C at
    // 1200, without a record of what they held before.
    test::create_catalogue_at_schema(
        file.path(), 5,
        "UPDATE meta SET value = '500' WHERE key = 'deletions_known_since';"
        "INSERT INTO kpi_key (key, id) VALUES (1, 'N1');"
        "INSERT INTO unit_key (key, id) VALUES (1, '0001'), (2, '0002'), (3, '0003');"
        "INSERT INTO sync_run (id, started_at, status, api_url, scope_kpis, scope_units, "
        "scope_years, full) VALUES (1, '2026-01-01T00:00:00Z', 'finished', 'x', '[]', '[]', "
        "'[]', 1);"
        "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run, "
        "changed_at) VALUES (1, 1, 2020, 0, 7.5, 1, '', 1, NULL), "
        "(1, 2, 2020, 0, 8.5, 1, '', 1, 1000), (1, 3, 2020, 0, 9.5, 1, '', 1, 1200);");
    const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.schema_version() == catalogue::current_schema_version());
    const auto upgraded = catalogue.old_values_known_since();
    CHECK(upgraded >= before);
    CHECK(catalogue.deletions_known_since() == 500);
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value") == 3);
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value_change") == 0);

    // Before the upgrade, B and C changed with no record of their old values.
    CHECK(changes(catalogue, 1100) == Rows{"0003,2020,T,revised,?,9.5,1200"});
    CHECK(changes(catalogue, upgraded).empty());

    // Revised after the upgrade (at 5000000000, after it), their old values are known for the
    // dates they held them: A's since before schema 5 recorded times, B's since 1000.
    store_at(catalogue, 5000000000,
             {make_value("N1", "0001", 2020, Gender::T, 1.0),
              make_value("N1", "0002", 2020, Gender::T, 2.0)});
    CHECK(changes(catalogue, upgraded) ==
          Rows{"0001,2020,T,revised,7.5,1,5000000000", "0002,2020,T,revised,8.5,2,5000000000"});
    CHECK(changes(catalogue, 1100) == Rows{"0001,2020,T,revised,7.5,1,5000000000",
                                           "0002,2020,T,revised,8.5,2,5000000000",
                                           "0003,2020,T,revised,?,9.5,1200"});
    // Before B's 1000 its old value is unknown; before 500 A's too.
    CHECK(changes(catalogue, 900) == Rows{"0001,2020,T,revised,7.5,1,5000000000",
                                          "0002,2020,T,revised,?,2,5000000000",
                                          "0003,2020,T,revised,?,9.5,1200"});
    CHECK(changes(catalogue, 400).front() == "0001,2020,T,revised,?,1,5000000000");
}

TEST_CASE("A new catalogue records old values from the start") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.old_values_known_since() == 0);
    CHECK(catalogue.database().query_int(
              "SELECT count(*) FROM sqlite_schema WHERE name IN ('kpi_value_change', "
              "'kpi_value_revised', 'kpi_value_removed')") == 3);
}
