// The settings of a connection that writes: durable commits in WAL mode, checkpoints that come
// seldom during a sync, and a log that does not stay large.
#include <doctest/doctest.h>

#include <string>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;

namespace {

std::int64_t pragma(catalogue::Catalogue& catalogue, const std::string& name) {
    return catalogue.database().query_int("PRAGMA " + name);
}

}  // namespace

TEST_CASE("A catalogue opened for writing checkpoints every 16 384 pages of log") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(pragma(catalogue, "wal_autocheckpoint") == 16384);
    CHECK(pragma(catalogue, "journal_size_limit") == 64 * 1024 * 1024);
    // NORMAL (1): in WAL mode every commit survives a killed process.
    CHECK(pragma(catalogue, "synchronous") == 1);
}
