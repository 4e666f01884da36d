// Database::prepare reuses the compiled statements that are no longer in use.
#include <doctest/doctest.h>

#include <memory>
#include <optional>

#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;

namespace {

constexpr const char* kSelect = "SELECT i FROM t WHERE ?1 IS NULL OR i >= ?1 ORDER BY i";

Database open_scratch(const test::TempCatalogueFile& file) {
    Database db(file.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE TABLE t (i INTEGER); INSERT INTO t (i) VALUES (1), (2), (3);");
    return db;
}

// The statements the connection holds, in use or idle.
int compiled_statements(const Database& db) {
    int count = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s != nullptr;
         s = sqlite3_next_stmt(db.handle(), s)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("A statement prepared again is the idle one, from its first row and unbound") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    {
        Statement first = db.prepare(kSelect);
        first.bind(1, 2);
        REQUIRE(first.step());
        CHECK(first.column_int(0) == 2);  // left in the middle of its rows
    }
    CHECK(compiled_statements(db) == 1);
    Statement again = db.prepare(kSelect);
    CHECK(compiled_statements(db) == 1);
    // ?1 is NULL again: every row, from the first.
    REQUIRE(again.step());
    CHECK(again.column_int(0) == 1);
}

TEST_CASE("Statements of the same text in use at once are separate") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    Statement a = db.prepare(kSelect);
    REQUIRE(a.step());
    Statement b = db.prepare(kSelect);
    CHECK(compiled_statements(db) == 2);
    REQUIRE(b.step());
    CHECK(b.column_int(0) == 1);
    REQUIRE(a.step());
    CHECK(a.column_int(0) == 2);
    Statement other = db.prepare("SELECT count(*) FROM t");
    REQUIRE(other.step());
    CHECK(other.column_int(0) == 3);
}

TEST_CASE("A statement left in the middle of its rows holds no lock once it is given back") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    {
        Statement reading = db.prepare(kSelect);
        REQUIRE(reading.step());
    }
    // Another connection can write at once: the idle statement's read was reset.
    Database writer(file.path(), SQLITE_OPEN_READWRITE, std::chrono::milliseconds(0));
    writer.exec("INSERT INTO t (i) VALUES (4)");
    CHECK(db.query_int("SELECT count(*) FROM t") == 4);
}

TEST_CASE("A statement may outlive its connection's Database") {
    test::TempCatalogueFile file;
    auto db = std::make_unique<Database>(open_scratch(file));
    std::optional<Statement> statement = db->prepare(kSelect);
    db.reset();
    REQUIRE(statement->step());
    CHECK(statement->column_int(0) == 1);
    statement.reset();  // finalized; the connection closes with it
}
