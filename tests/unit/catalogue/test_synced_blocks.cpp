// The record of synced pairs: blocks of key figures x units with a date (synced_blocks.hpp),
// the compact SyncedDates they are read into, and the schema step that made them.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"
#include "catalogue/synced_dates.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_segment;

namespace {

using Pair = std::pair<std::string, std::string>;
using Dates = std::map<Pair, std::string>;

// A sync run started on `day` whose segments (over every year) all complete, finished or not.
void sync_run(catalogue::Catalogue& catalogue, const std::string& day,
              const std::vector<catalogue::SyncSegment>& segments, bool finish = true) {
    const catalogue::SyncRun run =
        catalogue.begin_run(test::make_run(segments, false, day + "T08:00:00Z"));
    for (const auto& segment : segments) {
        catalogue.commit_page(run.id, segment.seq, {}, std::nullopt, segment.seq + 1);
    }
    if (finish) {
        catalogue.finish_run(run.id, catalogue::RunStatus::finished, day + "T08:05:00Z", {},
                             std::nullopt, static_cast<std::int64_t>(segments.size()));
    }
}

Dates dates_of(const catalogue::Catalogue& catalogue, const std::vector<std::string>& kpis,
               const std::vector<std::string>& units) {
    const auto dates = catalogue.synced_dates(kpis, units);
    Dates found;
    for (const auto& kpi : kpis) {
        for (const auto& unit : units) {
            if (const std::string* date = dates.find(kpi, unit)) {
                found[{kpi, unit}] = *date;
            }
        }
    }
    return found;
}

// The same pairs, read through the synced_pair view.
Dates dates_of_view(catalogue::Catalogue& catalogue) {
    Dates found;
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT k.id, u.id, p.synced_on FROM synced_pair p JOIN kpi_key k ON k.key = p.kpi "
        "JOIN unit_key u ON u.key = p.unit");
    while (select.step()) {
        found[{select.column_text(0), select.column_text(1)}] = select.column_text(2);
    }
    return found;
}

std::int64_t blocks(catalogue::Catalogue& catalogue) {
    return catalogue.database().query_int("SELECT count(*) FROM synced_block");
}

const std::vector<std::string> kKpis{"N1", "N2", "N3"};
const std::vector<std::string> kUnits{"0025", "2580"};

}  // namespace

TEST_CASE("SyncedDates: lookups, the setter, and growing by key figures and units") {
    catalogue::SyncedDates dates{{{"N1", "0025"}, "2026-01-10"}, {{"N2", "2580"}, "2026-02-01"}};
    CHECK(dates.size() == 2);
    REQUIRE(dates.find("N1", "0025") != nullptr);
    CHECK(*dates.find("N1", "0025") == "2026-01-10");
    CHECK(dates.at({"N2", "2580"}) == "2026-02-01");
    CHECK(dates.find("N1", "2580") == nullptr);  // both ids known, the pair never synced
    CHECK(dates.find("N9", "0025") == nullptr);
    CHECK_THROWS_AS(dates.at({"N2", "0025"}), std::out_of_range);
    // A new unit adds a column to every row: the dates already set stay on their pairs.
    dates.set("N1", "1280", "2026-03-01");
    dates.set("N3", "0025", "2026-01-10");
    CHECK(dates.size() == 4);
    CHECK(dates.at({"N1", "0025"}) == "2026-01-10");
    CHECK(dates.at({"N2", "2580"}) == "2026-02-01");
    CHECK(dates.at({"N1", "1280"}) == "2026-03-01");
    CHECK(dates.at({"N3", "0025"}) == "2026-01-10");
    CHECK(dates.find("N2", "1280") == nullptr);
    dates.set("N1", "0025", "2026-04-01");  // the setter replaces
    CHECK(dates.at({"N1", "0025"}) == "2026-04-01");
    CHECK(dates.size() == 4);

    catalogue::SyncedDates grid({"N1", "N2", "N1"}, {"0025"});
    CHECK(grid.empty());
    const auto newer = grid.date_index("2026-02-01");
    const auto older = grid.date_index("2026-01-10");
    CHECK(grid.date_index("2026-02-01") == newer);
    grid.assign(*grid.kpi_position("N2"), *grid.unit_position("0025"), newer);
    grid.assign(*grid.kpi_position("N2"), *grid.unit_position("0025"), older);  // the last wins
    CHECK(grid.at({"N2", "0025"}) == "2026-01-10");
    CHECK_FALSE(grid.unit_position("2580").has_value());
    CHECK(grid.size() == 1);
}

TEST_CASE("A pair's synced date is that of the last block written holding it") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    sync_run(catalogue, "2026-01-10", {make_segment(0, {"N1", "N2"}, {"0025", "2580"})});
    sync_run(catalogue, "2026-02-01", {make_segment(0, {"N1"}, {"0025"})});
    // A later run with an earlier date (a clock that ran ahead before and is right now): its
    // date wins, as it asks for more changes, never for fewer.
    sync_run(catalogue, "2026-01-05", {make_segment(0, {"N2"}, {"0025"})});
    const Dates expected{{{"N1", "0025"}, "2026-02-01"},
                         {{"N1", "2580"}, "2026-01-10"},
                         {{"N2", "0025"}, "2026-01-05"},
                         {{"N2", "2580"}, "2026-01-10"}};
    CHECK(dates_of(catalogue, kKpis, kUnits) == expected);
    CHECK(dates_of_view(catalogue) == expected);
    // Each block still decides a pair's date: none is dropped.
    CHECK(blocks(catalogue) == 3);
}

TEST_CASE("Finishing a run drops superseded blocks and merges blocks of one date") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());

    // Three rectangles of one date: {N1,N2} x 0025, {N1,N2} x 2580 and N3 x {0025,2580}.
    sync_run(catalogue, "2026-01-10",
             {make_segment(0, {"N1", "N2"}, {"0025"}), make_segment(1, {"N1", "N2"}, {"2580"}),
              make_segment(2, {"N3"}, {"0025", "2580"})},
             false);
    CHECK(blocks(catalogue) == 3);
    Dates expected;
    for (const auto& kpi : kKpis) {
        for (const auto& unit : kUnits) {
            expected[{kpi, unit}] = "2026-01-10";
        }
    }
    CHECK(dates_of(catalogue, kKpis, kUnits) == expected);
    // Finishing it: the first two share their key figures, {N1,N2} x {0025,2580}, which then
    // shares its units with the third: one block {N1,N2,N3} x {0025,2580}.
    const auto run = catalogue.unfinished_run();
    REQUIRE(run.has_value());
    catalogue.finish_run(run->id, catalogue::RunStatus::finished, "2026-01-10T09:00:00Z", {},
                         std::nullopt, 3);
    CHECK(blocks(catalogue) == 1);
    CHECK(dates_of(catalogue, kKpis, kUnits) == expected);

    // Newer dates for N1 x {0025,2580} and N2 x 0025. The old block still holds N2 x 2580 and
    // N3's pairs, and the two new blocks share neither list: three blocks.
    sync_run(catalogue, "2026-02-01",
             {make_segment(0, {"N1"}, {"0025", "2580"}), make_segment(1, {"N2"}, {"0025"})});
    expected[{"N1", "0025"}] = "2026-02-01";
    expected[{"N1", "2580"}] = "2026-02-01";
    expected[{"N2", "0025"}] = "2026-02-01";
    CHECK(blocks(catalogue) == 3);
    CHECK(dates_of(catalogue, kKpis, kUnits) == expected);

    // N3 x {0025,2580} and N2 x 2580 on 2026-03-01: every pair of the 2026-01-10 block is now
    // held by a newer block, so it goes; the two blocks of 2026-02-01 still hold N1's pairs and
    // N2 x 0025. Four blocks, and every date as worked out by hand.
    sync_run(catalogue, "2026-03-01",
             {make_segment(0, {"N3"}, {"0025", "2580"}), make_segment(1, {"N2"}, {"2580"})});
    expected[{"N2", "2580"}] = "2026-03-01";
    expected[{"N3", "0025"}] = "2026-03-01";
    expected[{"N3", "2580"}] = "2026-03-01";
    CHECK(blocks(catalogue) == 4);
    CHECK(dates_of(catalogue, kKpis, kUnits) == expected);
    CHECK(dates_of_view(catalogue) == expected);
    CHECK(catalogue.synced_pairs().size() == 6);

    // A sync of the whole scope supersedes everything: one block, and it stays one block
    // however often the scope is synced again.
    for (const std::string day : {"2026-04-01", "2026-04-02", "2026-04-03"}) {
        sync_run(catalogue, day,
                 {make_segment(0, {"N1", "N2"}, {"0025", "2580"}),
                  make_segment(1, {"N3"}, {"0025", "2580"})});
        CHECK(blocks(catalogue) == 1);
    }
    for (auto& [pair, date] : expected) {
        date = "2026-04-03";
    }
    CHECK(dates_of(catalogue, kKpis, kUnits) == expected);
}

TEST_CASE("forget_synced_units takes the units out of every block") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    sync_run(catalogue, "2026-01-10",
             {make_segment(0, {"N1", "N2"}, {"0025", "G1"}), make_segment(1, {"N3"}, {"G1"})});
    CHECK(blocks(catalogue) == 2);
    catalogue.forget_synced_units({"G1", "G404"});
    CHECK(dates_of(catalogue, kKpis, {"0025", "G1"}) ==
          Dates{{{"N1", "0025"}, "2026-01-10"}, {{"N2", "0025"}, "2026-01-10"}});
    CHECK(blocks(catalogue) == 1);  // N3 x G1 was a block of its own
    CHECK(catalogue.synced_units() == std::vector<std::string>{"0025"});
    CHECK(catalogue.synced_pairs() == std::vector<Pair>{{"N1", "0025"}, {"N2", "0025"}});
    const auto extent = catalogue.synced_extent();
    CHECK(extent.pairs == 2);
    CHECK(extent.kpis == std::vector<std::string>{"N1", "N2"});
    CHECK(extent.units == std::vector<std::string>{"0025"});
}

TEST_CASE("synced_extent counts each pair once, over blocks that overlap") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    // {N1,N2} x {0025,2580} and then N2 x {2580,G1}: 4 + 2 pairs, of which N2 x 2580 twice.
    sync_run(catalogue, "2026-01-10", {make_segment(0, {"N1", "N2"}, {"0025", "2580"})});
    sync_run(catalogue, "2026-02-01", {make_segment(0, {"N2"}, {"2580", "G1"})});
    const auto extent = catalogue.synced_extent();
    CHECK(extent.pairs == 5);
    CHECK(extent.pairs == static_cast<std::int64_t>(catalogue.synced_pairs().size()));
    CHECK(extent.kpis == std::vector<std::string>{"N1", "N2"});
    CHECK(extent.units == std::vector<std::string>{"0025", "2580", "G1"});
}

TEST_CASE("extend_run records the vouched pairs as blocks at the run's start date") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const catalogue::SyncRun run = catalogue.begin_run(
        test::make_run({make_segment(0, {"N1"}, {"0025"}, {2020})}, false, "2026-05-02T07:00:00Z"));
    catalogue.extend_run(run.id, {},
                         {{"N1", "G1"},
                          {"N2", "G1"},
                          {"N2", "G2"},
                          {"N1", "G2"},
                          {"N3", "G2"},
                          {"N1", "G3"},
                          {"N2", "G3"}});
    // G1 and G3 share {N1, N2}: one block; G2 another.
    CHECK(blocks(catalogue) == 2);
    CHECK(dates_of(catalogue, kKpis, {"G1", "G2", "G3"}) == Dates{{{"N1", "G1"}, "2026-05-02"},
                                                                  {{"N2", "G1"}, "2026-05-02"},
                                                                  {{"N1", "G2"}, "2026-05-02"},
                                                                  {{"N2", "G2"}, "2026-05-02"},
                                                                  {{"N3", "G2"}, "2026-05-02"},
                                                                  {{"N1", "G3"}, "2026-05-02"},
                                                                  {{"N2", "G3"}, "2026-05-02"}});
}

TEST_CASE("The schema step from synced_pair rows to blocks keeps every pair's date") {
    test::TempCatalogueFile file;
    test::create_catalogue_at_schema(file.path(), 8, R"sql(
        INSERT INTO kpi_key (key, id) VALUES (1, 'N1'), (2, 'N2'), (3, 'N3');
        INSERT INTO unit_key (key, id) VALUES (1, '0025'), (2, '2580'), (3, '2581');
        INSERT INTO synced_pair (kpi, unit, synced_on) VALUES
            (1, 1, '2026-01-10'), (2, 1, '2026-01-10'), (1, 2, '2026-01-10'),
            (2, 2, '2026-01-10'), (1, 3, '2026-02-01'), (3, 1, '2026-02-01');
    )sql");
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const Dates expected{{{"N1", "0025"}, "2026-01-10"}, {{"N2", "0025"}, "2026-01-10"},
                         {{"N1", "2580"}, "2026-01-10"}, {{"N2", "2580"}, "2026-01-10"},
                         {{"N1", "2581"}, "2026-02-01"}, {{"N3", "0025"}, "2026-02-01"}};
    CHECK(dates_of(catalogue, kKpis, {"0025", "2580", "2581"}) == expected);
    CHECK(dates_of_view(catalogue) == expected);
    // 2026-01-10: 0025 and 2580 share {N1, N2}, one block; 2026-02-01: N1 x 2581, N3 x 0025.
    CHECK(blocks(catalogue) == 3);
    CHECK(catalogue.database().query_int(
              "SELECT count(*) FROM sqlite_schema WHERE name = 'synced_pair' AND type = 'view'") ==
          1);
    CHECK(catalogue.synced_units() == std::vector<std::string>{"0025", "2580", "2581"});
}

TEST_CASE("synced_rectangles: the blocks without their dates, ids sorted, their union the pairs") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    using Rectangle = catalogue::Catalogue::SyncedRectangle;
    CHECK(catalogue.synced_rectangles().empty());
    // Three blocks of three dates; the second overlaps the first in N2 x 2580, and neither
    // supersedes the other. N9 is written before N10, so its key is lower, but "N10" < "N9".
    sync_run(catalogue, "2026-01-10", {make_segment(0, {"N1", "N2"}, {"0025", "2580"})});
    sync_run(catalogue, "2026-02-01", {make_segment(0, {"N2", "N3"}, {"2580", "G1"})});
    sync_run(catalogue, "2026-03-01", {make_segment(0, {"N9", "N10"}, {"0025"})});
    const std::vector<Rectangle> expected{{{"N1", "N2"}, {"0025", "2580"}},
                                          {{"N2", "N3"}, {"2580", "G1"}},
                                          {{"N10", "N9"}, {"0025"}}};
    CHECK(catalogue.synced_rectangles() == expected);
    std::set<Pair> covered;
    for (const auto& rectangle : catalogue.synced_rectangles()) {
        for (const auto& kpi : rectangle.kpis) {
            for (const auto& unit : rectangle.units) {
                covered.emplace(kpi, unit);
            }
        }
    }
    const auto pairs = catalogue.synced_pairs();
    CHECK(std::vector<Pair>(covered.begin(), covered.end()) == pairs);
    CHECK(pairs.size() == 9);  // 4 + 4 + 2 pairs, N2 x 2580 twice
    // A block left without units is no rectangle.
    catalogue.forget_synced_units({"2580", "G1"});
    CHECK(catalogue.synced_rectangles() ==
          std::vector<Rectangle>{{{"N1", "N2"}, {"0025"}}, {{"N10", "N9"}, {"0025"}}});
}
