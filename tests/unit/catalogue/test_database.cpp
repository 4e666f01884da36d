// The RAII SQLite wrappers: statements, bindings, transactions and errors.
#include <doctest/doctest.h>

#include <string>

#include "catalogue/database.hpp"
#include "catalogue/value.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat::catalogue;

using namespace kolcat;

namespace {

Database open_scratch(const test::TempCatalogueFile& file) {
    Database db(file.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT)");
    return db;
}

std::int64_t row_count(const Database& db) {
    return db.query_int("SELECT count(*) FROM t");
}

}  // namespace

TEST_CASE("Statement binds and reads every type, UTF-8 included") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    const std::optional<double> no_number;
    const std::optional<std::string> some_text = std::string("Luleå");
    db.prepare("INSERT INTO t (i, r, s) VALUES (?1, ?2, ?3)")
        .bind(1, std::int64_t{9'000'000'000})
        .bind(2, 0.1 + 0.2)
        .bind(3, std::string("Jämställdhet, å ä ö"))
        .run();
    db.prepare("INSERT INTO t (i, r, s) VALUES (?1, ?2, ?3)")
        .bind(1, 7)
        .bind(2, no_number)
        .bind(3, some_text)
        .run();
    db.prepare("INSERT INTO t (i, r, s) VALUES (?1, ?2, ?3)")
        .bind(1, std::nullopt)
        .bind_null(2)
        .bind(3, "")
        .run();

    catalogue::Statement select = db.prepare("SELECT i, r, s FROM t ORDER BY rowid");
    REQUIRE(select.step());
    CHECK(select.column_int64(0) == 9'000'000'000);
    CHECK(select.column_double(1) == 0.1 + 0.2);  // full precision, no text round trip
    CHECK(select.column_text(2) == "Jämställdhet, å ä ö");
    REQUIRE(select.step());
    CHECK(select.column_int(0) == 7);
    CHECK_FALSE(select.column_optional_double(1).has_value());
    CHECK(select.column_optional_text(2) == std::optional<std::string>("Luleå"));
    REQUIRE(select.step());
    CHECK(select.column_is_null(0));
    CHECK_FALSE(select.column_optional_int(0).has_value());
    CHECK(select.column_optional_text(2) == std::optional<std::string>(""));
    CHECK_FALSE(select.step());
}

TEST_CASE("An empty string_view binds as empty text, not NULL") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    db.prepare("INSERT INTO t (s) VALUES (?1)").bind(1, std::string_view{}).run();
    CHECK(db.query_int("SELECT count(*) FROM t WHERE s = ''") == 1);
}

TEST_CASE("Statement can be reset and run again with new parameters") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    catalogue::Statement insert = db.prepare("INSERT INTO t (i) VALUES (?1)");
    for (int i = 0; i < 5; ++i) {
        insert.bind(1, i).run();
    }
    CHECK(row_count(db) == 5);
    CHECK(db.query_int("SELECT sum(i) FROM t") == 10);
}

TEST_CASE("Transaction rolls back unless committed") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    {
        catalogue::Transaction transaction(db);
        db.exec("INSERT INTO t (i) VALUES (1)");
        CHECK(db.in_transaction());
    }
    CHECK_FALSE(db.in_transaction());
    CHECK(row_count(db) == 0);
    {
        catalogue::Transaction transaction(db, catalogue::Transaction::Kind::deferred);
        db.exec("INSERT INTO t (i) VALUES (1)");
        transaction.commit();
    }
    CHECK(row_count(db) == 1);
    try {
        catalogue::Transaction transaction(db);
        db.exec("INSERT INTO t (i) VALUES (2)");
        throw std::runtime_error("half-way");
    } catch (const std::runtime_error&) {
    }
    CHECK(row_count(db) == 1);
}

TEST_CASE("SQLite failures become CatalogueError with SQLite's message") {
    test::TempCatalogueFile file;
    Database db = open_scratch(file);
    db.exec("CREATE TABLE u (id TEXT PRIMARY KEY)");
    CHECK_THROWS_WITH_AS(db.prepare("SELEC nothing"), doctest::Contains("syntax error"),
                         catalogue::CatalogueError);
    db.prepare("INSERT INTO u VALUES ('a')").run();
    catalogue::Statement duplicate = db.prepare("INSERT INTO u VALUES ('a')");
    CHECK_THROWS_WITH_AS(duplicate.run(), doctest::Contains("UNIQUE constraint failed"),
                         catalogue::CatalogueError);
    // The statement is usable again after the failure.
    duplicate.reset();
    CHECK_THROWS_AS(duplicate.run(), catalogue::CatalogueError);
    CHECK_THROWS_WITH_AS(db.exec("INSERT INTO missing VALUES (1)"),
                         doctest::Contains("no such table: missing"), catalogue::CatalogueError);
}

TEST_CASE("Opening a file that cannot exist fails with the path in the message") {
    const auto path = std::filesystem::temp_directory_path() / "kolcat-no-such-dir" / "x.sqlite";
    CHECK_THROWS_WITH_AS(Database(path, SQLITE_OPEN_READONLY),
                         doctest::Contains("kolcat-no-such-dir"), catalogue::CatalogueError);
}

TEST_CASE("Gender codes round-trip, and anything else is refused") {
    for (catalogue::Gender gender :
         {catalogue::Gender::T, catalogue::Gender::K, catalogue::Gender::M}) {
        CHECK(parse_gender(to_string(gender)) == gender);
    }
    CHECK(to_string(catalogue::Gender::K) == "K");
    CHECK_FALSE(parse_gender("t").has_value());
    CHECK_FALSE(parse_gender("").has_value());
    CHECK_FALSE(parse_gender("TK").has_value());
    CHECK_FALSE(parse_gender("X").has_value());
}

TEST_CASE("A writer that cannot get the lock in time says so") {
    test::TempCatalogueFile file;
    Database first = open_scratch(file);
    first.exec("PRAGMA journal_mode = WAL");
    Database second(file.path(), SQLITE_OPEN_READWRITE, std::chrono::milliseconds(50));
    catalogue::Transaction holding(first);
    auto begin_second = [&] { catalogue::Transaction waiting(second); };
    CHECK_THROWS_WITH_AS(begin_second(), doctest::Contains("database is locked"),
                         catalogue::CatalogueError);
    // A reader is not blocked by the writer (WAL).
    CHECK(second.query_int("SELECT count(*) FROM t") == 0);
}
