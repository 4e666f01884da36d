// kpi_value stores a value as packed decimal digits (packed_value.hpp) and reads it back through
// the virtual column `value`: every double must come back bit for bit, whether packed or
// stored as a REAL, through the writer, the SQL expression and the upgrade of old catalogues.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/gaps.hpp"
#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"
#include "catalogue/packed_value.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using catalogue::pack_value;
using catalogue::unpack_value;

namespace {

// Values like Kolada's: up to 9 digits with 0 to 6 decimals, either sign, and some doubles
// that no short decimal gives.
std::vector<double> sample_values() {
    std::vector<double> values = {0.0,     1.0,   -1.0,    74.1,       -74.1,  12.35,
                                  0.1,     0.01,  1e-15,   123456.789, 1e15,   -0.5,
                                  1.0 / 3, 1e300, -1e-300, 5e-324,     2.5e16, 9007199254740993.0};
    std::mt19937_64 random(7);
    std::uniform_int_distribution<std::int64_t> digits(-999999999, 999999999);
    std::uniform_int_distribution<int> scale(0, 6);
    for (int i = 0; i < 2000; ++i) {
        values.push_back(static_cast<double>(digits(random)) / std::pow(10.0, scale(random)));
    }
    for (int i = 0; i < 500; ++i) {
        const double any = std::bit_cast<double>(random());
        if (std::isfinite(any)) {
            values.push_back(any);
        }
    }
    return values;
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// The values stored and read back through kpi_value, in the order given.
std::vector<std::optional<double>> read_values(catalogue::Catalogue& catalogue) {
    std::vector<std::optional<double>> read;
    catalogue::Statement select =
        catalogue.database().prepare("SELECT value FROM kpi_value ORDER BY period");
    while (select.step()) {
        read.push_back(select.column_optional_double(0));
    }
    return read;
}

}  // namespace

TEST_CASE("packed value: digits and scale, worked out by hand") {
    CHECK(pack_value(0.0) == 0);
    CHECK(pack_value(5.0) == 5 * 16);
    CHECK(pack_value(74.1) == 741 * 16 + 1);
    CHECK(pack_value(-74.1) == -741 * 16 + 1);
    CHECK(pack_value(12.35) == 1235 * 16 + 2);
    CHECK(pack_value(0.001) == 1 * 16 + 3);
    CHECK(pack_value(1e15) == std::int64_t{1000000000000000} * 16);
    // More than 15 decimals, or digits past 2^53: stored as the REAL.
    CHECK_FALSE(pack_value(1.0 / 3).has_value());
    CHECK_FALSE(pack_value(1e-16).has_value());
    CHECK_FALSE(pack_value(1e300).has_value());
    CHECK_FALSE(pack_value(std::numeric_limits<double>::quiet_NaN()).has_value());
    CHECK_FALSE(pack_value(std::numeric_limits<double>::infinity()).has_value());
    CHECK(unpack_value(741 * 16 + 1) == 74.1);
    CHECK(unpack_value(-741 * 16 + 1) == -74.1);
}

TEST_CASE("packed value: every double comes back bit for bit in C++") {
    for (const double value : sample_values()) {
        if (const auto packed = pack_value(value)) {
            INFO(value);
            CHECK(same_bits(unpack_value(*packed), value == 0.0 ? 0.0 : value));
        }
    }
}

TEST_CASE("packed value: stored by a sync and read through the column, bit for bit") {
    const std::vector<double> values = sample_values();
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    std::vector<catalogue::Value> page;
    for (std::size_t i = 0; i < values.size(); ++i) {
        page.push_back(
            test::make_value("N1", "0025", static_cast<int>(i), catalogue::Gender::T, values[i]));
    }
    page.push_back(test::make_value("N1", "0025", static_cast<int>(values.size()),
                                    catalogue::Gender::T, std::nullopt));
    test::store_values(catalogue, page);
    const auto read = read_values(catalogue);
    REQUIRE(read.size() == values.size() + 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        INFO(values[i]);
        REQUIRE(read[i].has_value());
        CHECK(same_bits(*read[i], values[i] == 0.0 ? 0.0 : values[i]));
    }
    CHECK_FALSE(read.back().has_value());
    // Short decimals take an integer; the rest a REAL.
    CHECK(catalogue.database().query_int(
              "SELECT count(*) FROM kpi_value WHERE period = 3 AND typeof(value_digits) = "
              "'integer'") == 1);
    CHECK(catalogue.database().query_int(
              "SELECT count(*) FROM kpi_value WHERE period = 13 AND typeof(value_digits) = "
              "'real'") == 1);
}

TEST_CASE("packed value: a value stored again unchanged is no change; a new one is") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    test::store_values(catalogue,
                       {test::make_value("N1", "0025", 2020, catalogue::Gender::T, 74.1)});
    test::store_values(catalogue,
                       {test::make_value("N1", "0025", 2020, catalogue::Gender::T, 74.1)});
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value_change") == 0);
    test::store_values(catalogue,
                       {test::make_value("N1", "0025", 2020, catalogue::Gender::T, 74.2)});
    catalogue::Statement select =
        catalogue.database().prepare("SELECT old_value FROM kpi_value_change");
    REQUIRE(select.step());
    CHECK(select.column_double(0) == 74.1);
    CHECK_FALSE(select.step());
}

TEST_CASE("packed value: the upgrade to schema 11 packs the values stored before") {
    const std::vector<double> values = sample_values();
    test::TempCatalogueFile file;
    test::create_catalogue_at_schema(
        file.path(), 9,
        "INSERT INTO kpi_key (key, id) VALUES (1, 'N1');"
        "INSERT INTO unit_key (key, id) VALUES (1, '0001');"
        "INSERT INTO sync_run (id, started_at, status, api_url, scope_kpis, scope_units, "
        "scope_years, full) VALUES (1, '2026-01-01T00:00:00Z', 'finished', 'x', '[]', '[]', "
        "'[]', 1);"
        "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run, changed_at) "
        "VALUES (1, 1, 0, 0, NULL, NULL, 'x', 1, 1000);");
    {
        // Bound, not written as text: the doubles exactly, whatever SQLite's parsing of text.
        catalogue::Database old_schema(file.path(), SQLITE_OPEN_READWRITE);
        catalogue::Statement insert = old_schema.prepare(
            "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run, "
            "changed_at) VALUES (1, 1, ?1, 0, ?2, 1, '', 1, 2000)");
        for (std::size_t i = 0; i < values.size(); ++i) {
            catalogue::StatementReset reset(insert);
            insert.bind(1, static_cast<int>(i + 1)).bind(2, values[i]).run();
        }
    }
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.schema_version() == catalogue::current_schema_version());
    const auto read = read_values(catalogue);
    REQUIRE(read.size() == values.size() + 1);
    CHECK_FALSE(read[0].has_value());
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value WHERE period = 0 AND "
                                         "count IS NULL AND status = 'x'") == 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        INFO(values[i]);
        REQUIRE(read[i + 1].has_value());
        CHECK(same_bits(*read[i + 1], values[i] == 0.0 ? 0.0 : values[i]));
    }
    // The rest of each row came along, and the triggers came back.
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value WHERE changed_at = "
                                         "2000 AND count = 1 AND run = 1") ==
          static_cast<std::int64_t>(values.size()));
    catalogue.database().exec("DELETE FROM kpi_value WHERE period = 1");
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value_deleted") == 1);
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value_change") == 1);
    // Nothing is left of the old table's pages.
    CHECK(catalogue.database().query_int("PRAGMA freelist_count") * 4 <
          catalogue.database().query_int("PRAGMA page_count"));
}

TEST_CASE("packed count and status: the count alone, or [count, status], read back as stored") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    const std::string odd_status = "Saknas, \"ÅÄÖ\" \\ [1,2]";
    auto with_status = [](catalogue::Value value, const std::string& status) {
        value.status = status;
        return value;
    };
    const std::vector<catalogue::Value> page = {
        test::make_value("N1", "0025", 2020, catalogue::Gender::T, 1.5, 3),
        test::make_value("N1", "0025", 2021, catalogue::Gender::T, 1.5, std::nullopt),
        with_status(test::make_value("N1", "0025", 2022, catalogue::Gender::T, std::nullopt, 2),
                    odd_status),
        with_status(
            test::make_value("N1", "0025", 2023, catalogue::Gender::T, std::nullopt, std::nullopt),
            "x")};
    test::store_values(catalogue, page);
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT count, status, typeof(count_status) FROM kpi_value ORDER BY period");
    REQUIRE(select.step());
    CHECK(select.column_optional_int(0) == 3);
    CHECK(select.column_text(1) == "");
    CHECK(select.column_text(2) == "integer");
    REQUIRE(select.step());
    CHECK_FALSE(select.column_optional_int(0).has_value());
    CHECK(select.column_text(1) == "");
    CHECK(select.column_text(2) == "null");
    REQUIRE(select.step());
    CHECK(select.column_optional_int(0) == 2);
    CHECK(select.column_text(1) == odd_status);
    CHECK(select.column_text(2) == "text");
    REQUIRE(select.step());
    CHECK_FALSE(select.column_optional_int(0).has_value());
    CHECK(select.column_text(1) == "x");
    select.reset();

    // The same page again changes nothing; a status alone is a change.
    test::store_values(catalogue, page);
    CHECK(catalogue.database().query_int("SELECT count(*) FROM kpi_value_change") == 0);
    test::store_values(catalogue, {with_status(page[0], "y")});
    catalogue::Statement change =
        catalogue.database().prepare("SELECT old_count, old_status FROM kpi_value_change");
    REQUIRE(change.step());
    CHECK(change.column_optional_int(0) == 3);
    CHECK(change.column_text(1) == "");
    CHECK_FALSE(change.step());
}

TEST_CASE("packed value: the checks on stored columns select what those on the columns do") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    std::vector<catalogue::Value> page;
    int period = 2000;
    for (const auto gender : {catalogue::Gender::T, catalogue::Gender::K, catalogue::Gender::M}) {
        for (const std::optional<double> number :
             {std::optional<double>(2.5), std::optional<double>()}) {
            for (const std::string status : {"", "x"}) {
                catalogue::Value value = test::make_value("N1", "0025", period++, gender, number);
                value.status = status;
                page.push_back(value);
            }
        }
    }
    test::store_values(catalogue, page);
    const auto count = [&](const std::string& condition) {
        return catalogue.database().query_int("SELECT count(*) FROM kpi_value WHERE " + condition);
    };
    // By hand: 6 cells with a value, and 2 of the 6 without (K and M) have a status.
    CHECK(count(analysis::kCountedValue) == 8);
    CHECK(count("(value IS NOT NULL OR (status <> '' AND gender <> 0))") == 8);
    CHECK(count("value_digits IS NOT NULL") == count("value IS NOT NULL"));
    CHECK(count("count_status >= ''") == count("status <> ''"));
    CHECK(count("status <> ''") == 6);
}

TEST_CASE("packed value: Kolada's real values come back exactly as their text reads") {
    const std::filesystem::path values_dir = std::filesystem::path(KOLCAT_SNAPSHOT_DIR) / "values";
    if (!std::filesystem::is_directory(values_dir)) {
        MESSAGE("skipped: no real values at " << values_dir.string());
        return;
    }
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT u.id, v.period, v.gender, v.value FROM kpi_value v "
        "JOIN kpi_key k ON k.key = v.kpi JOIN unit_key u ON u.key = v.unit WHERE k.id = ?1");
    std::size_t files = 0;
    std::size_t compared = 0;
    std::size_t differing = 0;
    for (const auto& entry : std::filesystem::directory_iterator(values_dir)) {
        const std::string kpi = entry.path().stem().string();
        std::ifstream in(entry.path());
        std::string line;
        std::getline(in, line);  // municipality,period,gender,value
        // What strtod reads from Kolada's text: the double the catalogue must give back.
        std::map<std::tuple<std::string, int, int>, std::optional<double>> expected;
        std::vector<catalogue::Value> page;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string unit, period, gender, number;
            std::getline(fields, unit, ',');
            std::getline(fields, period, ',');
            std::getline(fields, gender, ',');
            std::getline(fields, number, ',');
            const auto sex = gender == "K"   ? catalogue::Gender::K
                             : gender == "M" ? catalogue::Gender::M
                                             : catalogue::Gender::T;
            const std::optional<double> value =
                number.empty() ? std::nullopt : std::optional(std::strtod(number.c_str(), nullptr));
            expected[{unit, std::stoi(period), static_cast<int>(sex)}] = value;
            page.push_back(test::make_value(kpi, unit, std::stoi(period), sex, value));
        }
        test::store_values(catalogue, page);
        catalogue::StatementReset reset(select);
        select.bind(1, kpi);
        std::size_t stored = 0;
        while (select.step()) {
            ++stored;
            const auto found =
                expected.find({select.column_text(0), select.column_int(1), select.column_int(2)});
            REQUIRE(found != expected.end());
            const auto read = select.column_optional_double(3);
            const bool same =
                read.has_value() == found->second.has_value() &&
                (!read || same_bits(*read, *found->second == 0.0 ? 0.0 : *found->second));
            differing += same ? 0 : 1;
        }
        CHECK(stored == expected.size());
        compared += stored;
        ++files;
    }
    CHECK(files == 111);
    CHECK(compared == 766672);  // the snapshot's README
    CHECK(differing == 0);
}
