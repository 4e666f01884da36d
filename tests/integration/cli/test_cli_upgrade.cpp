// Opening a catalogue of an older schema upgrades it, and says so: the upgrade to schema 11
// rebuilds every value, which takes a while on a large catalogue, once.
#include <doctest/doctest.h>

#include <string>

#include "catalogue/catalogue.hpp"
#include "catalogue/migrations.hpp"
#include "tests/support/kolcat_process.hpp"
#include "tests/support/temp_folder.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;

TEST_CASE("upgrade: a catalogue of schema 9 is upgraded once, with a note, and keeps its values") {
    test::TempCatalogueFile file;
    test::create_catalogue_at_schema(
        file.path(), 9,
        "INSERT INTO kpi_key (key, id) VALUES (1, 'N1');"
        "INSERT INTO unit_key (key, id) VALUES (1, '0025');"
        "INSERT INTO sync_run (id, started_at, status, api_url, scope_kpis, scope_units, "
        "scope_years, full) VALUES (1, '2026-01-01T00:00:00Z', 'finished', 'x', '[]', '[]', "
        "'[]', 1);"
        "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run, changed_at) "
        "VALUES (1, 1, 2020, 0, 74.1, 1, '', 1, 1000), (1, 1, 2021, 0, -0.25, 1, '', 1, 1000);");
    const testing::TempFolder scratch("upgrade");
    const auto status = [&] {
        return testing::Child({KOLCAT_BINARY, "status", "--catalogue", file.path().string()},
                              scratch.path())
            .wait();
    };
    const testing::ProcessResult first = status();
    CAPTURE(first.err);
    CHECK(first.exit_code == 0);
    CHECK(first.err.find("kolcat: upgrading the catalogue " + file.path().string() +
                         " from schema 9 to " +
                         std::to_string(catalogue::current_schema_version())) != std::string::npos);
    const testing::ProcessResult second = status();
    CHECK(second.exit_code == 0);
    CHECK(second.err.find("upgrading") == std::string::npos);

    catalogue::Catalogue upgraded =
        catalogue::Catalogue::open(file.path(), catalogue::OpenMode::read_only);
    catalogue::Statement select =
        upgraded.database().prepare("SELECT value FROM kpi_value ORDER BY period");
    REQUIRE(select.step());
    CHECK(select.column_double(0) == 74.1);
    REQUIRE(select.step());
    CHECK(select.column_double(0) == -0.25);
}
