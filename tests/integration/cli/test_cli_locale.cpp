// --locale sv: every table command writes numbers as the report does.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/test_cli_compare_support.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;

namespace {

const std::string thousands = " ";  // the thousands separator: a plain space in tables

// Median incomes in kronor: whole numbers of six digits, for Norrbotten, Västerbotten and Riket.
struct IncomeCatalogue {
    TestCatalogue test{{make_kpi("N00906", "A", true,
                                 "Sammanräknad förvärvsinkomst i åldern 20-64 år (median), kr")}};
    IncomeCatalogue() {
        std::vector<catalogue::Value> values;
        add_tkm(values, "N00906", "0025", 2019, 345600.0, 312000.0, 378500.0);
        add_tkm(values, "N00906", "0025", 2022, 382100.0, 347300.0, 421700.0);
        add_tkm(values, "N00906", "0024", 2022, 364400.0, 335300.0, 397100.0);
        add_tkm(values, "N00906", "0000", 2022, 368100.0, 331000.0, 404300.0);
        store_values(test.catalogue(), values);
    }
    CommandResult run(const std::vector<std::string>& args) {
        return run_kolcat_on(test.path(), test.folder(), args);
    }
};

bool has_line_with(const std::string& out, const std::vector<std::string>& parts) {
    for (const auto& line : lines_of(out)) {
        bool all = true;
        for (const auto& part : parts) {
            all = all && line.find(part) != std::string::npos;
        }
        if (all) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("--locale sv: compare groups thousands and writes no ,0 on whole numbers") {
    IncomeCatalogue fixture;
    const auto table =
        fixture.run({"compare", "N00906", "--against", "0024", "--trend", "3", "--locale", "sv"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    // Worked out by hand for Norrbotten: K−M = 347 300 − 421 700 = −74 400, K/M = 0,82,
    // vs Riket = 382 100 − 368 100 = 14 000, from 2019 (a year: not grouped),
    // ΔT = 382 100 − 345 600 = 36 500, Δ(K−M) = −74 400 − (312 000 − 378 500) = −7 900.
    CHECK(has_line_with(table.out, {"0025", "382" + thousands + "100", "347" + thousands + "300",
                                    "421" + thousands + "700", "-74" + thousands + "400", "0,82",
                                    "14" + thousands + "000", "2019", "36" + thousands + "500",
                                    "-7" + thousands + "900"}));
    CHECK(has_line_with(table.out, {"0000", "Riket", "368" + thousands + "100"}));
    CHECK(table.out.find(",0 ") == std::string::npos);
    CHECK(table.out.find(",0\n") == std::string::npos);
    CHECK(table.out.find("382100") == std::string::npos);
    CHECK(table.out.find("2" + thousands + "019") == std::string::npos);

    const auto markdown = fixture.run(
        {"compare", "N00906", "--against", "0024", "--format", "markdown", "--locale", "sv"});
    REQUIRE_MESSAGE(markdown.exit_code == 0, markdown.err);
    CHECK(markdown.out.find("| 382" + thousands + "100 | 347" + thousands + "300 | 421" +
                            thousands + "700 | -74" + thousands + "400 | 0,82 | 14" + thousands +
                            "000 |") != std::string::npos);

    // CSV and the English table are machine-friendly and unchanged.
    const auto csv = fixture.run(
        {"compare", "N00906", "--against", "0024", "--format", "csv", "--locale", "sv"});
    CHECK(csv.out.find(",382100,347300,421700,") != std::string::npos);
    const auto english = fixture.run({"compare", "N00906", "--against", "0024"});
    CHECK(english.out.find("382100.0") != std::string::npos);
}

TEST_CASE("--locale sv: values tables group thousands and keep years plain") {
    IncomeCatalogue fixture;
    const auto table = fixture.run(
        {"values", "--kpi", "N00906", "--unit", "0025", "--format", "table", "--locale", "sv"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(has_line_with(table.out, {"N00906", "0025", "2022", "K", "347" + thousands + "300"}));
    CHECK(has_line_with(table.out, {"N00906", "0025", "2019", "T", "345" + thousands + "600"}));
    CHECK(table.out.find("382100") == std::string::npos);
    const auto csv = fixture.run({"values", "--kpi", "N00906", "--unit", "0025", "--locale", "sv"});
    CHECK(csv.out.find("N00906,0025,2022,T,382100,") != std::string::npos);
}
