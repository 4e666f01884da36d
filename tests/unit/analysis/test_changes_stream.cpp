// analysis::for_each_change streams the catalogue's changes one row at a time, in the
// catalogue's order, with each unit's title; changes_since keeps only the rows a page shows and
// counts the rest. (The old values themselves: catalogue/test_value_changes.cpp.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/changes.hpp"
#include "catalogue/catalogue.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using catalogue::Gender;
using test::make_value;

namespace {

// Key figures N10..N14 for units 1000..1039, years 2010..2014, T and K: 2 000 values, each
// one published by the single sync.
std::vector<catalogue::Value> many_values() {
    std::vector<catalogue::Value> values;
    for (int kpi = 10; kpi < 15; ++kpi) {
        for (int unit = 1000; unit < 1040; ++unit) {
            for (int year = 2010; year < 2015; ++year) {
                for (const Gender gender : {Gender::T, Gender::K}) {
                    values.push_back(make_value("N" + std::to_string(kpi), std::to_string(unit),
                                                year, gender, kpi + unit / 1000.0 + year));
                }
            }
        }
    }
    return values;
}

std::string row_text(const catalogue::ValueChange& change, const std::string& unit_name) {
    return change.kpi + "," + change.unit + "," + unit_name + "," + std::to_string(change.period) +
           "," + std::string(to_string(change.gender)) + "," + std::string(to_string(change.kind));
}

}  // namespace

TEST_CASE("changes: every change streams once, in order, with its unit's title") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue.replace_municipalities({{"1000", "Första", "K"}, {"1039", "Sista", "K"}});
    const std::vector<catalogue::Value> values = many_values();
    test::store_values(catalogue, values);

    std::vector<std::string> rows;
    const std::size_t count = analysis::for_each_change(
        catalogue, {}, 0, [&](const catalogue::ValueChange& change, const std::string& unit_name) {
            rows.push_back(row_text(change, unit_name));
        });
    CHECK(count == values.size());
    REQUIRE(rows.size() == values.size());
    // The values were made in the catalogue's order: kpi, unit, period, then T before K.
    for (std::size_t i = 0; i < values.size(); ++i) {
        const catalogue::Value& value = values[i];
        const std::string name = value.municipality == "1000"   ? "Första"
                                 : value.municipality == "1039" ? "Sista"
                                                                : "";
        CHECK(rows[i] == value.kpi + "," + value.municipality + "," + name + "," +
                             std::to_string(value.period) + "," +
                             std::string(catalogue::to_string(value.gender)) + ",published");
    }

    // The page's rows: the first few, and how many there are in all.
    const analysis::Changes page = analysis::changes_since(catalogue, {}, 0, 25);
    CHECK(page.total == values.size());
    REQUIRE(page.rows.size() == 25);
    for (std::size_t i = 0; i < page.rows.size(); ++i) {
        CHECK(row_text(page.rows[i].change, page.rows[i].unit_name) == rows[i]);
    }
    const analysis::Changes none = analysis::changes_since(catalogue, {}, 4102444800, 25);
    CHECK(none.total == 0);
    CHECK(none.rows.empty());
}

TEST_CASE("changes: a visitor that throws stops the stream, and the catalogue reads on") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    test::store_values(catalogue, many_values());
    int seen = 0;
    CHECK_THROWS_AS(
        analysis::for_each_change(catalogue, {}, 0,
                                  [&](const catalogue::ValueChange&, const std::string&) {
                                      if (++seen == 10) {
                                          throw std::runtime_error("reader gone");
                                      }
                                  }),
        std::runtime_error);
    CHECK(seen == 10);
    // As when the output's reader goes away: the statements were reset, a new read works.
    CHECK(analysis::for_each_change(catalogue, {}, 0, [](const auto&, const auto&) {}) == 2000);
}
