// Opening a catalogue this process may not write: `OpenMode::read_only_immutable` reads a
// closed WAL catalogue without creating -wal or -shm files, whatever characters its path has.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "catalogue/catalogue.hpp"
#include "tests/support/test_compare_fixture.hpp"

namespace kolcat {

TEST_CASE("catalogue: read_only_immutable reads a closed catalogue and writes nothing") {
    test_compare::TempFolder folder;
    // Characters that mean something in an SQLite URI must still name the file.
    const auto path = folder.path() / "möte 100% #2?.sqlite";
    {
        catalogue::Catalogue writer = catalogue::Catalogue::open(path);
        writer.replace_kpis({test_compare::make_kpi("N00957", "A", true, "Ohälsotal, dagar")});
        writer.set_meta("data_source", "kolada");
    }
    REQUIRE_FALSE(std::filesystem::exists(path.string() + "-wal"));

    const catalogue::Catalogue reader =
        catalogue::Catalogue::open(path, catalogue::OpenMode::read_only_immutable);
    CHECK(reader.path() == path);
    CHECK(reader.has_metadata());
    REQUIRE(reader.kpi("N00957").has_value());
    CHECK(reader.kpi("N00957")->title == "Ohälsotal, dagar");
    CHECK(reader.meta("data_source") == "kolada");
    CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));
    CHECK_FALSE(std::filesystem::exists(path.string() + "-shm"));

    catalogue::Catalogue writable_handle =
        catalogue::Catalogue::open(path, catalogue::OpenMode::read_only_immutable);
    CHECK_THROWS_AS(writable_handle.set_meta("x", "y"), catalogue::CatalogueError);
    CHECK_THROWS_AS(catalogue::Catalogue::open(folder.path() / "missing.sqlite",
                                               catalogue::OpenMode::read_only_immutable),
                    catalogue::CatalogueError);
}

}  // namespace kolcat
