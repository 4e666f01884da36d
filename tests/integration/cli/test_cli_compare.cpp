#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/test_cli_compare_support.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;
using json = nlohmann::ordered_json;

namespace {

std::vector<std::string> keys_of(const json& object) {
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) {
        keys.push_back(it.key());
    }
    return keys;
}

const json& unit_in(const json& comparison, const std::string& id) {
    const auto& units = comparison.at("units");
    const auto found = std::find_if(units.begin(), units.end(),
                                    [&](const json& unit) { return unit.at("id") == id; });
    REQUIRE(found != units.end());
    return *found;
}

std::string direction_of(const std::string& kpi) {
    const curated::CuratedKpi* curated = project_indicators().find_kpi(kpi);
    REQUIRE(curated != nullptr);
    return std::string(to_string(curated->direction));
}

// N00957 (A, curated), N00209 (K, curated), U99999 (A, not curated) with a few values.
struct CompareCatalogue {
    TestCatalogue test{{make_kpi("N00957", "A", true, "Ohälsotal, dagar"),
                        make_kpi("N00209", "K", true, "Heltidsarbetande, andel (%)"),
                        make_kpi("U99999", "A", false, "Not curated")}};
    CompareCatalogue() {
        std::vector<catalogue::Value> values;
        add_tkm(values, "N00957", "0025", 2021, 24.0, 30.0, 20.0);
        add_tkm(values, "N00957", "0025", 2022, 24.5, 30.25, 19.5);
        add_tkm(values, "N00957", "0024", 2022, 22.0, 26.0, 0.0);  // M 0: no ratio
        add_tkm(values, "N00957", "0000", 2022, 20.0, 24.0, 16.0);
        add_tkm(values, "N00209", "G33632", 2022, 70.0, 60.0, 80.0);
        add_tkm(values, "N00209", "2580", 2022, 75.0, 70.0, 80.0);
        add_tkm(values, "N00209", "0000", 2022, 73.0, 70.0, 84.0);
        add_tkm(values, "U99999", "0025", 2020, 1.0, std::nullopt, std::nullopt);
        store_values(test.catalogue(), values);
    }
    CommandResult run(const std::vector<std::string>& args) {
        return run_kolcat_on(test.path(), test.folder(), args);
    }
};

}  // namespace

TEST_CASE("kolcat compare: JSON has exactly the documented keys") {
    CompareCatalogue fixture;
    const CommandResult result = fixture.run({"compare", "N00957", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json out = json::parse(result.out);
    REQUIRE(out.is_array());
    REQUIRE(out.size() == 1);
    const json& comparison = out[0];
    CHECK(keys_of(comparison) == std::vector<std::string>{"kpi", "title", "period",
                                                          "period_warning", "direction", "units",
                                                          "national"});
    CHECK(comparison.at("kpi") == "N00957");
    CHECK(comparison.at("title") == "Ohälsotal, dagar");
    CHECK(comparison.at("period") == 2022);
    // 2 of the 21 regions have a value in 2022, and no year has 11.
    CHECK(comparison.at("period_warning") ==
          "only 2 of 21 ranked units have a T value in 2022; in no year do at least half of them "
          "have one");
    CHECK(comparison.at("direction") == direction_of("N00957"));
    // The default: all 21 regions, none dropped; Riket is the national object.
    REQUIRE(comparison.at("units").size() == 21);
    for (const json& unit : comparison.at("units")) {
        CHECK(keys_of(unit) == std::vector<std::string>{"id", "title", "T", "K", "M", "gap",
                                                        "ratio", "rank", "synced", "status"});
    }
    const json& norrbotten = unit_in(comparison, "0025");
    CHECK(norrbotten.at("title") == "Region Norrbotten");
    CHECK(norrbotten.at("T").get<double>() == doctest::Approx(24.5));
    CHECK(norrbotten.at("gap").get<double>() == doctest::Approx(10.75));
    CHECK(norrbotten.at("ratio").get<double>() == doctest::Approx(30.25 / 19.5));
    // Missing stays missing: null, never 0.
    const json& stockholm = unit_in(comparison, "0001");
    CHECK(stockholm.at("T").is_null());
    CHECK(stockholm.at("gap").is_null());
    CHECK(stockholm.at("rank").is_null());
    CHECK(stockholm.at("synced") == true);  // synced: Kolada has no value, not "not synced"
    CHECK(unit_in(comparison, "0024").at("ratio").is_null());  // M is 0
    CHECK(unit_in(comparison, "0024").at("M") == 0.0);

    const json& national = comparison.at("national");
    CHECK(national.at("id") == "0000");
    CHECK(national.at("T").get<double>() == doctest::Approx(20.0));
    CHECK(national.at("difference").at("0025").get<double>() == doctest::Approx(4.5));
    CHECK(national.at("difference").at("0001").is_null());
    CHECK(national.at("units_with_data") == 2);
    CHECK(national.at("units_ranked") == 21);
    CHECK(national.at("focus") == "0025");
}

TEST_CASE("kolcat compare: K-type key figures use the county groups") {
    CompareCatalogue fixture;
    const CommandResult result =
        fixture.run({"compare", "N00209", "--against", "north", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json comparison = json::parse(result.out).at(0);
    REQUIRE(comparison.at("units").size() == 4);
    const json& norrbotten = unit_in(comparison, "G33632");
    CHECK(norrbotten.at("title") == "Norrbotten: county's municipalities (unweighted mean)");
    CHECK(norrbotten.at("rank") == 1);
    CHECK(unit_in(comparison, "G33631").at("T").is_null());
    CHECK(comparison.at("national").at("T").get<double>() == doctest::Approx(73.0));
}

TEST_CASE("kolcat compare: --within, --trend, --year and --goal") {
    CompareCatalogue fixture;
    SUBCASE("--within 0025: the 14 municipalities and the county") {
        const CommandResult result =
            fixture.run({"compare", "N00209", "--within", "0025", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json comparison = json::parse(result.out).at(0);
        CHECK(comparison.at("units").size() == 15);
        CHECK(comparison.at("units").at(0).at("id") == "G33632");
        CHECK(comparison.at("units").at(0).at("rank").is_null());
        CHECK(unit_in(comparison, "2580").at("difference_from_county").get<double>() ==
              doctest::Approx(5.0));
        CHECK(comparison.at("national").at("county") == "G33632");
    }
    SUBCASE("--trend 2") {
        const CommandResult result =
            fixture.run({"compare", "N00957", "--trend", "2", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json comparison = json::parse(result.out).at(0);
        const json& trend = unit_in(comparison, "0025").at("trend");
        CHECK(trend.at("from") == 2021);
        CHECK(trend.at("T").get<double>() == doctest::Approx(0.5));
    }
    SUBCASE("--year 2021") {
        const CommandResult result =
            fixture.run({"compare", "N00957", "--year", "2021", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json comparison = json::parse(result.out).at(0);
        CHECK(comparison.at("period") == 2021);
        CHECK(comparison.at("national").at("T").is_null());
    }
    SUBCASE("--goal 5: every curated key figure of the sub-goal, in the files' order") {
        const CommandResult result = fixture.run({"compare", "--goal", "5", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        std::vector<std::string> expected;
        for (const curated::CuratedKpi& kpi : project_indicators().kpis) {
            if (std::find(kpi.goals.begin(), kpi.goals.end(), 5) != kpi.goals.end()) {
                expected.push_back(kpi.id);
            }
        }
        std::vector<std::string> ids;
        for (const json& comparison : json::parse(result.out)) {
            ids.push_back(comparison.at("kpi").get<std::string>());
        }
        CHECK(ids == expected);
    }
    SUBCASE("a key figure that is not curated is neutral") {
        const CommandResult result = fixture.run({"compare", "U99999", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(json::parse(result.out).at(0).at("direction") == "neutral");
    }
}

TEST_CASE("kolcat compare: CSV header, excel-sv dialect and missing values") {
    CompareCatalogue fixture;
    const CommandResult csv =
        fixture.run({"compare", "N00957", "--against", "0024,0001", "--format", "csv"});
    REQUIRE_MESSAGE(csv.exit_code == 0, csv.err);
    const std::string header = csv.out.substr(0, csv.out.find("\r\n"));
    CHECK(header ==
          "kpi,kpi_title,period,direction,unit,title,role,T,K,M,gap,ratio,rank,diff_national,"
          "synced");
    CHECK(csv.out.find("N00957,\"Ohälsotal, dagar\",2022," + direction_of("N00957") +
                       ",0025,Region Norrbotten,focus,24.5,30.25,19.5,10.75,") !=
          std::string::npos);
    // Stockholm has no value: empty fields, never 0.
    CHECK(csv.out.find(",0001,Region Stockholm,compared,,,,,,,,true\r\n") != std::string::npos);
    CHECK(csv.out.find(",0000,Riket,national,20,24,16,8,1.5,,,true\r\n") != std::string::npos);

    const CommandResult excel = fixture.run(
        {"compare", "N00957", "--against", "0024", "--format", "csv", "--csv-dialect", "excel-sv"});
    REQUIRE_MESSAGE(excel.exit_code == 0, excel.err);
    CHECK(excel.out.rfind("\xEF\xBB\xBF", 0) == 0);  // UTF-8 BOM
    CHECK(excel.out.find("kpi;kpi_title;period;direction;unit;title;role;T;K;M") !=
          std::string::npos);
    CHECK(excel.out.find(";0025;Region Norrbotten;focus;24,5;30,25;19,5;10,75;") !=
          std::string::npos);
}

TEST_CASE("kolcat compare: the table marks the focus, shows missing as missing, --locale sv") {
    CompareCatalogue fixture;
    const CommandResult table =
        fixture.run({"compare", "N00957", "--against", "0024,0001", "--locale", "sv"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("N00957  Ohälsotal, dagar") != std::string::npos);
    CHECK(table.out.find("Period 2022: latest year with data for Region Norrbotten") !=
          std::string::npos);
    CHECK(table.out.find("24,5") != std::string::npos);
    CHECK(table.out.find("24.5") == std::string::npos);
    // The focus row is marked, Stockholm's row shows missing values, Riket is the national row.
    std::istringstream lines(table.out);
    std::string line;
    bool focus_marked = false;
    bool stockholm_missing = false;
    bool national = false;
    while (std::getline(lines, line)) {
        focus_marked =
            focus_marked || (line.rfind("*", 0) == 0 && line.find("0025") != std::string::npos);
        stockholm_missing =
            stockholm_missing ||
            (line.find("Region Stockholm") != std::string::npos &&
             line.find("–") != std::string::npos && line.find(" 0,0") == std::string::npos);
        national = national || (line.find("national") != std::string::npos &&
                                line.find("Riket") != std::string::npos);
    }
    CHECK(focus_marked);
    CHECK(stockholm_missing);
    CHECK(national);

    const CommandResult markdown =
        fixture.run({"compare", "N00957", "--against", "0024", "--format", "markdown"});
    REQUIRE_MESSAGE(markdown.exit_code == 0, markdown.err);
    CHECK(markdown.out.find("### N00957") != std::string::npos);
    CHECK(markdown.out.find("| rank") != std::string::npos);

    // A year with no data at all: the table says what to do instead of only showing dashes.
    const CommandResult future = fixture.run({"compare", "N00957", "--year", "2030"});
    REQUIRE_MESSAGE(future.exit_code == 0, future.err);
    CHECK(future.out.find("No ranked unit has a value in 2030: leave out --year") !=
          std::string::npos);
    CHECK(table.out.find("No ranked unit has a value") == std::string::npos);
}

TEST_CASE("kolcat compare: usage errors and unknown ids") {
    CompareCatalogue fixture;
    CHECK(fixture.run({"compare"}).exit_code == 2);
    CHECK(fixture.run({"compare", "N00957", "--goal", "5"}).exit_code == 2);
    CHECK(fixture.run({"compare", "N00957", "--within", "0025", "--against", "north"}).exit_code ==
          2);
    CHECK(fixture.run({"compare", "N00957", "--within", "2580"}).exit_code == 2);
    CHECK(fixture.run({"compare", "N00957", "--year", "soon"}).exit_code == 2);
    CHECK(fixture.run({"compare", "N00957", "--trend", "0"}).exit_code == 2);
    const CommandResult unknown_kpi = fixture.run({"compare", "N11111"});
    CHECK(unknown_kpi.exit_code == 3);
    CHECK(unknown_kpi.err.find("N11111") != std::string::npos);
    const CommandResult unknown_set =
        fixture.run({"compare", "N00957", "--against", "no-such-set"});
    CHECK(unknown_set.exit_code == 3);
    CHECK(unknown_set.err.find("kolcat: not found: --against: \"NO-SUCH-SET\" is neither a region "
                               "set nor a unit id") != std::string::npos);
    CHECK(fixture.run({"compare", "N00957", "--region", "9999"}).exit_code == 3);
    const CommandResult help = fixture.run({"compare", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("kolcat compare --goal 5") != std::string::npos);
}

namespace {

// Four compared units (the focus 0025 and 0024, 0023, 0022) and Riket. T values per year among
// the four: 2020: 1 (0024); 2021: 3 (0025, 0024, 0023); 2022: 3 (0024, 0023, 0022); 2023: 1
// (0025). Norrbotten and Riket have years with K and M but no T.
struct SparseCatalogue {
    TestCatalogue test{{make_kpi("N00957", "A", true, "Ohälsotal, dagar")}};
    SparseCatalogue() {
        std::vector<catalogue::Value> values;
        add_tkm(values, "N00957", "0025", 2020, std::nullopt, 11.0, 9.0);
        add_tkm(values, "N00957", "0025", 2021, 12.0, 13.0, 11.0);
        add_tkm(values, "N00957", "0025", 2023, 14.0, 15.0, 13.0);
        add_tkm(values, "N00957", "0024", 2020, 20.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0024", 2021, 21.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0024", 2022, 22.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0023", 2021, 30.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0023", 2022, 31.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0022", 2022, 40.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00957", "0000", 2020, std::nullopt, 55.0, 45.0);
        add_tkm(values, "N00957", "0000", 2022, 51.0, 55.0, 47.0);
        add_tkm(values, "N00957", "0000", 2023, 52.0, 56.0, 48.0);
        store_values(test.catalogue(), values);
    }
    CommandResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"compare", "N00957", "--against", "0024,0023,0022"});
        return run_kolcat_on(test.path(), test.folder(), args);
    }
};

}  // namespace

TEST_CASE("kolcat compare --trend: the base is each row's first year with a T value") {
    SparseCatalogue fixture;
    const CommandResult result = fixture.run({"--trend", "3", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json comparison = json::parse(result.out).at(0);
    CHECK(comparison.at("period") == 2023);
    // Norrbotten: 2020 has K and M only; from 2021 (T 12) to 2023 (T 14).
    const json& focus = unit_in(comparison, "0025").at("trend");
    CHECK(focus.at("from") == 2021);
    CHECK(focus.at("T").get<double>() == doctest::Approx(2.0));
    CHECK(focus.at("gap").get<double>() == doctest::Approx(0.0));
    // Riket: from 2022 (T 51) to 2023 (T 52).
    const json& national = comparison.at("national").at("trend");
    CHECK(national.at("from") == 2022);
    CHECK(national.at("T").get<double>() == doctest::Approx(1.0));

    const CommandResult csv = fixture.run({"--trend", "3", "--format", "csv"});
    REQUIRE_MESSAGE(csv.exit_code == 0, csv.err);
    CHECK(csv.out.find(",0025,Region Norrbotten,focus,14,15,13,2,") != std::string::npos);
    CHECK(csv.out.find(",2021,2,2,2,0,true\r\n") !=
          std::string::npos);  // trend_from,T,K,M,gap,synced
    CHECK(csv.out.find(",0000,Riket,national,52,56,48,8,") != std::string::npos);
    CHECK(csv.out.find(",2022,1,1,1,0,true\r\n") != std::string::npos);

    // The table says that the base years differ, and which they are.
    const CommandResult table = fixture.run({"--trend", "3"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("Trend: change up to 2023 from each row's first year with a T value in "
                         "2020-2022; the base year differs between rows (2021, 2022): see "
                         "'from'.") != std::string::npos);
    // One base year for every row: said once.
    const CommandResult same = fixture.run({"--trend", "1", "--against", "0024"});
    REQUIRE_MESSAGE(same.exit_code == 0, same.err);
    CHECK(same.out.find("Trend: change from 2022 to 2023.") != std::string::npos);
}

TEST_CASE("kolcat compare: a warning when few compared units have a value, and --year common") {
    SparseCatalogue fixture;
    const std::string warning =
        "only 1 of 4 ranked units have a T value in 2023; --year common picks 2022, the latest "
        "year in which at least half do";
    SUBCASE("the default year stays the focus's latest, with a warning") {
        const CommandResult result = fixture.run({"--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json comparison = json::parse(result.out).at(0);
        CHECK(comparison.at("period") == 2023);
        CHECK(comparison.at("period_warning") == warning);
        CHECK(result.err.find("kolcat: warning: N00957: " + warning + "\n") != std::string::npos);
        const CommandResult table = fixture.run({});
        CHECK(table.err.find("kolcat: warning: N00957: " + warning) != std::string::npos);
    }
    SUBCASE("--year common: 2022, no warning") {
        const CommandResult result = fixture.run({"--year", "common", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json comparison = json::parse(result.out).at(0);
        CHECK(comparison.at("period") == 2022);
        CHECK(comparison.at("period_warning").is_null());
        CHECK(comparison.at("national").at("units_with_data") == 3);
        CHECK(unit_in(comparison, "0024").at("rank") == 1);  // lower is better: 22, 31, 40
        CHECK(unit_in(comparison, "0022").at("rank") == 3);
        CHECK(result.err.find("warning") == std::string::npos);
        const CommandResult table = fixture.run({"--year", "common"});
        CHECK(table.out.find("Period 2022 (--year common): latest year in which at least half "
                             "of the 4 ranked units have a T value") != std::string::npos);
    }
    SUBCASE("enough compared units with a value: no warning") {
        // 0025 and 0022 compared: 1 of 2 in 2023 is half.
        const CommandResult result = fixture.run({"--against", "0022", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(json::parse(result.out).at(0).at("period_warning").is_null());
        CHECK(result.err.find("warning") == std::string::npos);
    }
    SUBCASE("--year SET: the set's latest year with a value for the focus") {
        const CommandResult result = fixture.run({"--year", "2020-2022", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(json::parse(result.out).at(0).at("period") == 2021);
        const CommandResult listed = fixture.run({"--years", "2022,2024-"});
        REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
        CHECK(listed.out.find("Period 2022: Region Norrbotten has no data in --year 2022,2024-; "
                              "latest year of the other units") != std::string::npos);
        const CommandResult open_start = fixture.run({"--year", "-2021"});
        REQUIRE_MESSAGE(open_start.exit_code == 0, open_start.err);
        CHECK(open_start.out.find("Period 2021: latest year of --year -2021 with data for Region "
                                  "Norrbotten") != std::string::npos);
    }
    SUBCASE("a bad year: the one message, exit code 2") {
        const CommandResult result = fixture.run({"--year", "2022-2020"});
        CHECK(result.exit_code == 2);
        CHECK(
            result.err ==
            "kolcat: error: invalid year '2022-2020': use 2015, 2010-2023, 2010-, -2015 or a list "
            "such as 2015,2020,2022-2023 (years 1900 to 2100)\n");
    }
}

TEST_CASE("kolcat compare: Riket cannot be the focus region") {
    CompareCatalogue fixture;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"compare", "N00957", "--region", "0000"},
          std::vector<std::string>{"compare", "--goal", "5", "--region", "0000", "--format",
                                   "csv"}}) {
        const CommandResult result = fixture.run(args);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(result.err.find("Riket (0000) is always the national row and cannot be the focus") !=
              std::string::npos);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
}
