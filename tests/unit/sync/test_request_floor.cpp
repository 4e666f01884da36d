// estimate_plan: the items of a plan's segments, counted from the catalogue, and the requests
// they are expected to take.
#include <doctest/doctest.h>

#include "catalogue/catalogue.hpp"
#include "sync/kolada/request_floor.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_segment;
using test::make_value;
using test::store_values;

namespace {

// N1 0025: 2019 and 2020 = 2 items; N1 2580: 2019 = 1; N2 0025: 2021 = 1; N2 2580: none.
void store_items(catalogue::Catalogue& catalogue) {
    store_values(catalogue, {make_value("N1", "0025", 2019, catalogue::Gender::T, 1),
                             make_value("N1", "0025", 2019, catalogue::Gender::K, 1),
                             make_value("N1", "0025", 2020, catalogue::Gender::M, 1),
                             make_value("N1", "2580", 2019, catalogue::Gender::T, 2),
                             make_value("N2", "0025", 2021, catalogue::Gender::T, 3)});
}

}  // namespace

TEST_CASE("A plan's items: each segment counts the pairs it names, once each") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    store_items(catalogue);
    // Segments share key figures over other units, as chunks of units do; the second names a
    // unit twice; the third asks for a pair with nothing stored.
    const std::vector<catalogue::SyncSegment> plan{
        make_segment(0, {"N1", "N2"}, {"0025"}),    // 2 + 1
        make_segment(1, {"N1"}, {"2580", "2580"}),  // 1
        make_segment(2, {"N2"}, {"2580"}),          // 0
        make_segment(3, {"N1"}, {"0025"}, {2020}),  // 1 (2020 only)
    };
    const sync::PlanEstimate estimate = sync::estimate_plan(catalogue, plan, 2);
    CHECK(estimate.segments == 4);
    CHECK(estimate.segments_left == 4);
    CHECK(estimate.items == 5);
    CHECK(estimate.floor == 1);
    // Pages of 2 items: segment 0 takes 2 pages and its closing check, the others one page.
    CHECK(estimate.expected_requests == 3 + 1 + 1 + 1);
}

TEST_CASE("A plan's items leave out key figures and units the catalogue never stored") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    store_items(catalogue);
    const sync::PlanEstimate estimate =
        sync::estimate_plan(catalogue, {make_segment(0, {"N1", "N404"}, {"0025", "9999"})}, 5000);
    CHECK(estimate.items == 2);
    CHECK(estimate.expected_requests == 1);
}

TEST_CASE("A full segment's pages overlap; past the overlap it needs its closing check") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    std::vector<catalogue::Value> values;
    for (int year = 2014; year <= 2020; ++year) {
        values.push_back(make_value("N1", "0025", year, catalogue::Gender::T, year));
    }
    for (int year = 2016; year <= 2020; ++year) {
        values.push_back(make_value("N2", "0025", year, catalogue::Gender::T, year));
    }
    store_values(catalogue, values);
    // From per_page 4 (at most 2 overlapping pages): page 1 reaches item 4, page 2 (3 a page)
    // item 6, page 3 follows next_url (3 more) to item 9.
    // N2: 5 items, 2 pages. N1: 7 items, 3 pages and the closing check.
    CHECK(
        sync::estimate_plan(catalogue, {make_segment(0, {"N2"}, {"0025"})}, 4).expected_requests ==
        2);
    CHECK(
        sync::estimate_plan(catalogue, {make_segment(0, {"N1"}, {"0025"})}, 4).expected_requests ==
        4);
}
