// counts() answers the value counts from the copy a sync stored at its end while the values are
// unchanged (kolcat status without a scan of millions of values), and counts again once any
// value was written since. Also the data items for the request floor (for_each_item_count).
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <tuple>

#include "catalogue/catalogue.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_deletion;
using test::make_value;
using test::store_values;

TEST_CASE("value counts: the stored copy while the values are unchanged, a scan after") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    store_values(catalogue, {make_value("N1", "0025", 2019, catalogue::Gender::T, 1),
                             make_value("N1", "2580", 2021, catalogue::Gender::T, 2),
                             make_value("N2", "0025", 2020, catalogue::Gender::K, 3)});
    catalogue.refresh_value_counts();
    auto counts = catalogue.counts();
    CHECK(counts.values == 3);
    CHECK(counts.kpis_with_values == 2);
    CHECK(counts.units_with_values == 2);
    CHECK(counts.first_period == 2019);
    CHECK(counts.last_period == 2021);

    // The copy is what counts() reads: altered by hand (keeping its stamp), it shows.
    const std::string stored = catalogue.meta("value_counts").value_or("");
    const auto stamp = stored.substr(0, stored.find(' '));
    REQUIRE_FALSE(stamp.empty());
    catalogue.set_meta("value_counts", stamp + " 7000000 6000 312 1998 2024");
    counts = catalogue.counts();
    CHECK(counts.values == 7000000);
    CHECK(counts.kpis_with_values == 6000);
    CHECK(counts.units_with_values == 312);
    CHECK(counts.first_period == 1998);
    CHECK(counts.last_period == 2024);

    // Any later write of values makes the copy stale: counted again, exactly.
    store_values(catalogue, {make_value("N3", "0001", 2022, catalogue::Gender::T, 4),
                             make_deletion("N1", "0025", 2019, catalogue::Gender::T)});
    counts = catalogue.counts();
    CHECK(counts.values == 3);
    CHECK(counts.kpis_with_values == 3);
    CHECK(counts.units_with_values == 3);
    CHECK(counts.first_period == 2020);
    CHECK(counts.last_period == 2022);

    // A copy that is not ours is ignored.
    catalogue.set_meta("value_counts", "garbage");
    CHECK(catalogue.counts().values == 3);
}

TEST_CASE("value counts: an empty catalogue has no periods, stored or scanned") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue.refresh_value_counts();
    const auto counts = catalogue.counts();
    CHECK(counts.values == 0);
    CHECK_FALSE(counts.first_period.has_value());
    CHECK_FALSE(counts.last_period.has_value());
}

TEST_CASE("item counts: periods with a value of any gender, per key figure and unit") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    // N1 0025: 2019 (T, K, M) and 2020 (K) = 2 items; N1 2580: 2019 (T) = 1; N2 0025: 2021 = 1.
    store_values(catalogue, {make_value("N1", "0025", 2019, catalogue::Gender::T, 1),
                             make_value("N1", "0025", 2019, catalogue::Gender::K, 1),
                             make_value("N1", "0025", 2019, catalogue::Gender::M, 1),
                             make_value("N1", "0025", 2020, catalogue::Gender::K, std::nullopt),
                             make_value("N1", "2580", 2019, catalogue::Gender::T, 2),
                             make_value("N2", "0025", 2021, catalogue::Gender::T, 3)});
    std::map<std::pair<std::string, std::string>, std::int64_t> items;
    const auto collect = [&](const std::string& kpi, const std::string& unit, std::int64_t n) {
        items[{kpi, unit}] += n;
    };
    catalogue.for_each_item_count({"N1", "N2", "N404"}, {}, collect);
    CHECK(items == std::map<std::pair<std::string, std::string>, std::int64_t>{
                       {{"N1", "0025"}, 2}, {{"N1", "2580"}, 1}, {{"N2", "0025"}, 1}});
    items.clear();
    catalogue.for_each_item_count({"N1"}, {2020, 2021}, collect);
    CHECK(items ==
          std::map<std::pair<std::string, std::string>, std::int64_t>{{{"N1", "0025"}, 1}});
}
