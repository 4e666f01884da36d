// The catalogue's schema: creation, migration through user_version, and refusals.
#include <doctest/doctest.h>

#include <fstream>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat::catalogue;

using namespace kolcat;

namespace {

std::int64_t user_version_of(const std::filesystem::path& path) {
    catalogue::Database db(path, SQLITE_OPEN_READONLY);
    return db.query_int("PRAGMA user_version");
}

bool has_table(catalogue::Database& db, const std::string& name) {
    catalogue::Statement select = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = ?1");
    select.bind(1, name);
    return select.step();
}

}  // namespace

TEST_CASE("The migration steps are numbered 1, 2, 3, ... without gaps") {
    const auto steps = migrations();
    REQUIRE_FALSE(steps.empty());
    int expected = 1;
    for (const catalogue::Migration& step : steps) {
        CHECK(step.version == expected);
        ++expected;
    }
    CHECK(current_schema_version() == steps.back().version);
}

TEST_CASE("A new file is created with the whole schema, in WAL mode") {
    test::TempCatalogueFile file;
    {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
        CHECK(catalogue.schema_version() == current_schema_version());
        catalogue::Database& db = catalogue.database();
        catalogue::Statement journal = db.prepare("PRAGMA journal_mode");
        REQUIRE(journal.step());
        CHECK(journal.column_text(0) == "wal");
        for (const char* table :
             {"meta", "kpi", "kpi_fts", "municipality", "municipality_group",
              "municipality_group_member", "kpi_group", "kpi_group_member", "kpi_key", "unit_key",
              "kpi_value", "sync_run", "sync_segment", "sync_missing_id", "synced_block"}) {
            CAPTURE(table);
            CHECK(has_table(db, table));
        }
        // synced_pair is a view over synced_block, for diagnostics.
        CHECK(db.query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'synced_pair' AND "
                           "type = 'view'") == 1);
        catalogue::Statement check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.column_text(0) == "ok");
    }
    CHECK(user_version_of(file.path()) == current_schema_version());
    // Opening again changes nothing.
    catalogue::Catalogue again = catalogue::Catalogue::open(file.path());
    CHECK(again.schema_version() == current_schema_version());
}

TEST_CASE("The directories of a new catalogue are created") {
    test::TempCatalogueFile file;
    const auto nested = file.path().parent_path() / (file.path().filename().string() + ".d") /
                        "kolcat" / "catalogue.sqlite";
    {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(nested);
        CHECK(std::filesystem::exists(nested));
    }
    std::filesystem::remove_all(nested.parent_path().parent_path());
}

TEST_CASE("A catalogue at version 1 is migrated step by step to the current version") {
    test::TempCatalogueFile file;
    {
        catalogue::Database db(file.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        db.exec(migrations().front().sql);
        db.exec("PRAGMA user_version = 1");
        db.exec("INSERT INTO meta (key, value) VALUES ('data_source', 'kolada')");
    }
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.schema_version() == current_schema_version());
    CHECK(catalogue.meta("data_source") == std::optional<std::string>("kolada"));
}

TEST_CASE("A catalogue from a newer kolcat is refused, and left as it was") {
    test::TempCatalogueFile file;
    const int newer = current_schema_version() + 1;
    {
        catalogue::Catalogue::open(file.path());
    }
    {
        catalogue::Database db(file.path(), SQLITE_OPEN_READWRITE);
        db.exec("PRAGMA user_version = " + std::to_string(newer));
    }
    CHECK_THROWS_WITH_AS(catalogue::Catalogue::open(file.path()),
                         doctest::Contains("newer than this kolcat"), catalogue::CatalogueError);
    CHECK_THROWS_WITH_AS(catalogue::Catalogue::open(file.path(), catalogue::OpenMode::read_only),
                         doctest::Contains("newer than this kolcat"), catalogue::CatalogueError);
    CHECK(user_version_of(file.path()) == newer);
}

TEST_CASE("Another program's SQLite file is refused") {
    test::TempCatalogueFile file;
    {
        catalogue::Database db(file.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        db.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
    }
    CHECK_THROWS_WITH_AS(catalogue::Catalogue::open(file.path()),
                         doctest::Contains("not a kolcat catalogue"), catalogue::CatalogueError);
}

TEST_CASE("A file that is not SQLite at all gives a clear error") {
    test::TempCatalogueFile file;
    {
        std::ofstream out(file.path());
        out << "this is not a database, just some text that is long enough to have a header\n";
    }
    CHECK_THROWS_WITH_AS(catalogue::Catalogue::open(file.path()),
                         doctest::Contains("not a database"), catalogue::CatalogueError);
}

TEST_CASE("Read-only open needs an existing, current catalogue") {
    test::TempCatalogueFile file;
    CHECK_THROWS_WITH_AS(catalogue::Catalogue::open(file.path(), catalogue::OpenMode::read_only),
                         doctest::Contains("no catalogue at"), catalogue::CatalogueError);
    CHECK_FALSE(std::filesystem::exists(file.path()));
    {
        // An empty file: a catalogue that was never migrated.
        std::ofstream touch(file.path());
    }
    CHECK_THROWS_WITH_AS(catalogue::Catalogue::open(file.path(), catalogue::OpenMode::read_only),
                         doctest::Contains("needs an upgrade"), catalogue::CatalogueError);
}
