// counts() gives exact value counts from the counts kept with the values (value_count_by_*):
// every way a cell is stored or removed moves them in the same transaction, so kolcat status
// never scans millions of values. Also the data items for the request floor
// (for_each_item_count).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_deletion;
using test::make_run;
using test::make_segment;
using test::make_value;
using test::store_values;

namespace {

// The counts as a scan of every value gives them.
catalogue::CatalogueCounts scanned(catalogue::Catalogue& catalogue) {
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT count(*), count(DISTINCT kpi), count(DISTINCT unit), min(period), max(period) "
        "FROM kpi_value");
    select.step();
    catalogue::CatalogueCounts counts;
    counts.values = select.column_int64(0);
    counts.kpis_with_values = select.column_int64(1);
    counts.units_with_values = select.column_int64(2);
    counts.first_period = select.column_optional_int(3);
    counts.last_period = select.column_optional_int(4);
    return counts;
}

// The kept counts of one table (rows above 0; a row may fall to 0 and stay) against a GROUP BY
// scan of kpi_value by the same column.
void check_kept_counts(catalogue::Database& db, const std::string& table,
                       const std::string& column) {
    const auto rows = [&db](const std::string& sql) {
        std::map<std::int64_t, std::int64_t> out;
        catalogue::Statement select = db.prepare(sql);
        while (select.step()) {
            out[select.column_int64(0)] = select.column_int64(1);
        }
        return out;
    };
    INFO(table);
    CHECK(rows("SELECT " + column + ", n FROM " + table + " WHERE n > 0") ==
          rows("SELECT " + column + ", count(*) FROM kpi_value GROUP BY " + column));
}

void check_same(const catalogue::CatalogueCounts& kept, const catalogue::CatalogueCounts& scan) {
    CHECK(kept.values == scan.values);
    CHECK(kept.kpis_with_values == scan.kpis_with_values);
    CHECK(kept.units_with_values == scan.units_with_values);
    CHECK(kept.first_period == scan.first_period);
    CHECK(kept.last_period == scan.last_period);
}

}  // namespace

TEST_CASE("value counts: kept exact through stores, repeats, replacements and deletions") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    store_values(catalogue, {make_value("N1", "0025", 2019, catalogue::Gender::T, 1),
                             make_value("N1", "2580", 2021, catalogue::Gender::T, 2),
                             make_value("N2", "0025", 2020, catalogue::Gender::K, 3),
                             // The same cell twice in one page is one value.
                             make_value("N2", "0025", 2020, catalogue::Gender::K, 4)});
    auto counts = catalogue.counts();
    CHECK(counts.values == 3);
    CHECK(counts.kpis_with_values == 2);
    CHECK(counts.units_with_values == 2);
    CHECK(counts.first_period == 2019);
    CHECK(counts.last_period == 2021);
    check_same(counts, scanned(catalogue));

    // Stored again (a new number for a stored cell) adds nothing; a new key figure and unit do;
    // a deletion of the only 2019 value moves the first period; deleting a cell never stored
    // changes nothing.
    store_values(catalogue, {make_value("N1", "2580", 2021, catalogue::Gender::T, 20),
                             make_value("N3", "0001", 2022, catalogue::Gender::T, 4),
                             make_deletion("N1", "0025", 2019, catalogue::Gender::T),
                             make_deletion("N9", "0025", 2019, catalogue::Gender::T)});
    counts = catalogue.counts();
    CHECK(counts.values == 3);
    CHECK(counts.kpis_with_values == 3);
    CHECK(counts.units_with_values == 3);
    CHECK(counts.first_period == 2020);
    CHECK(counts.last_period == 2022);
    check_same(counts, scanned(catalogue));

    // In one page: stored then deleted is gone; deleted then stored is there.
    store_values(catalogue, {make_value("N4", "0002", 2010, catalogue::Gender::T, 1),
                             make_deletion("N4", "0002", 2010, catalogue::Gender::T),
                             make_deletion("N3", "0001", 2022, catalogue::Gender::T),
                             make_value("N3", "0001", 2022, catalogue::Gender::T, 5)});
    counts = catalogue.counts();
    CHECK(counts.values == 3);
    CHECK(counts.first_period == 2020);
    check_same(counts, scanned(catalogue));

    // Deleting every value leaves no periods.
    store_values(catalogue, {make_deletion("N1", "2580", 2021, catalogue::Gender::T),
                             make_deletion("N2", "0025", 2020, catalogue::Gender::K),
                             make_deletion("N3", "0001", 2022, catalogue::Gender::T)});
    counts = catalogue.counts();
    CHECK(counts.values == 0);
    CHECK(counts.kpis_with_values == 0);
    CHECK(counts.units_with_values == 0);
    CHECK_FALSE(counts.first_period.has_value());
    CHECK_FALSE(counts.last_period.has_value());
}

TEST_CASE("value counts: the full-refresh sweep subtracts what it removes") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const auto full_run = [&](const std::vector<catalogue::Value>& values) {
        catalogue::SyncRun run =
            catalogue.begin_run(make_run({make_segment(0, {"N1"}, {"0025", "2580"})}, true));
        catalogue.commit_page(run.id, 0, values, std::nullopt, 1);
        catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-11-20T08:01:00Z", {},
                             std::nullopt, 1);
    };
    full_run({make_value("N1", "0025", 2019, catalogue::Gender::T, 1),
              make_value("N1", "0025", 2020, catalogue::Gender::T, 2),
              make_value("N1", "2580", 2020, catalogue::Gender::T, 3)});
    CHECK(catalogue.counts().values == 3);
    // Kolada no longer has 2019 nor anything for 2580.
    full_run({make_value("N1", "0025", 2020, catalogue::Gender::T, 2)});
    const auto counts = catalogue.counts();
    CHECK(counts.values == 1);
    CHECK(counts.units_with_values == 1);
    CHECK(counts.first_period == 2020);
    check_same(counts, scanned(catalogue));
}

TEST_CASE("value counts: exact per key figure, unit and period, however the page's units lie") {
    // Units are keyed as they are first stored. The writer reads what a key figure holds for a
    // page's units once over the range of their keys when the keys lie together, else once per
    // unit: random pages, with units keyed together and far apart, repeats, deletions and
    // restores, keep every kept count equal to a scan.
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    std::mt19937 random(20261205);
    std::vector<std::string> units;
    for (int i = 0; i < 60; ++i) {
        units.push_back(std::to_string(1000 + i));
    }
    // Keys in a shuffled order of the ids.
    std::shuffle(units.begin(), units.end(), random);
    std::vector<catalogue::Value> first;
    for (const auto& unit : units) {
        first.push_back(make_value("N0", unit, 2020, catalogue::Gender::T, 1));
        store_values(catalogue, first);
        first.clear();
    }
    const auto pick = [&random](int n) {
        return std::uniform_int_distribution<int>(0, n - 1)(random);
    };
    for (int page = 0; page < 40; ++page) {
        std::vector<std::string> page_units;
        if (page % 2 == 0) {  // neighbours by key
            const int start = pick(50);
            page_units.assign(units.begin() + start, units.begin() + start + 1 + pick(10));
        } else {  // far apart by key
            for (int i = 0; i < 6; ++i) {
                page_units.push_back(units[static_cast<std::size_t>(pick(60))]);
            }
        }
        std::vector<catalogue::Value> values;
        for (int i = 0; i < 80; ++i) {
            const std::string kpi = "N" + std::to_string(pick(4));
            const auto& unit =
                page_units[static_cast<std::size_t>(pick(static_cast<int>(page_units.size())))];
            const int period = 2018 + pick(5);
            const auto gender = static_cast<catalogue::Gender>(pick(3));
            values.push_back(pick(6) == 0 ? make_deletion(kpi, unit, period, gender)
                                          : make_value(kpi, unit, period, gender, pick(100)));
        }
        store_values(catalogue, values);
        INFO("page " << page);
        check_kept_counts(catalogue.database(), "value_count_by_kpi", "kpi");
        check_kept_counts(catalogue.database(), "value_count_by_unit", "unit");
        check_kept_counts(catalogue.database(), "value_count_by_period", "period");
    }
}

TEST_CASE("value counts: read from the kept counts, not from a scan") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    store_values(catalogue, {make_value("N1", "0025", 2019, catalogue::Gender::T, 1)});
    // Altered by hand, the kept counts show: counts() did not count the values.
    catalogue.database().exec(
        "UPDATE value_count_by_kpi SET n = 7000000;"
        "INSERT INTO value_count_by_period (period, n) VALUES (1998, 5);");
    const auto counts = catalogue.counts();
    CHECK(counts.values == 7000000);
    CHECK(counts.first_period == 1998);
}

TEST_CASE("value counts: the upgrade to schema 8 counts the values stored before") {
    test::TempCatalogueFile file;
    test::create_catalogue_at_schema(
        file.path(), 7,
        "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run) VALUES "
        "(1, 1, 2018, 0, 1.0, 1, '', 1), (1, 1, 2018, 1, 1.0, 1, '', 1), "
        "(1, 2, 2024, 0, NULL, NULL, '', 1), (2, 2, 2020, 0, 2.0, 1, '', 1);");
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const auto counts = catalogue.counts();
    CHECK(counts.values == 4);
    CHECK(counts.kpis_with_values == 2);
    CHECK(counts.units_with_values == 2);
    CHECK(counts.first_period == 2018);
    CHECK(counts.last_period == 2024);
}

TEST_CASE("value counts: an empty catalogue has no periods") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
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
