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

const json& unit_in(const json& comparison, const std::string& id) {
    const auto& units = comparison.at("units");
    const auto found = std::find_if(units.begin(), units.end(),
                                    [&](const json& unit) { return unit.at("id") == id; });
    REQUIRE(found != units.end());
    return *found;
}

const std::vector<std::string> kNorrbotten{"2505", "2506", "2510", "2513", "2514", "2518", "2521",
                                           "2523", "2560", "2580", "2581", "2582", "2583", "2584"};

// A count and a share, both K-type. Norrbotten's 14 municipalities in 2022:
//   N01801 "Utflyttade, antal": T = 200 each but Luleå (2580) 1 000, so T = 13 * 200 + 1 000 =
//   3 600; K = 100 each but Luleå 480: 13 * 100 + 480 = 1 780; M = 100 each but Luleå 520:
//   1 820. Kolada's stored county mean (257.1) must not be shown.
//   In 2021 Kiruna (2584) has no M value: T and K sum (14 * 10 = 140, 14 * 4 = 56), M does not.
//   N00209 "Heltidsarbetande, andel (%)": the county group's stored mean, 61.5.
struct CountCatalogue {
    TestCatalogue test{{make_kpi("N01801", "K", true, "Utflyttade, antal"),
                        make_kpi("N00209", "K", true, "Heltidsarbetande, andel (%)")}};
    CountCatalogue() {
        std::vector<catalogue::Value> values;
        for (const auto& id : kNorrbotten) {
            const bool lulea = id == "2580";
            add_tkm(values, "N01801", id, 2022, lulea ? 1000.0 : 200.0, lulea ? 480.0 : 100.0,
                    lulea ? 520.0 : 100.0);
            add_tkm(values, "N01801", id, 2021, 10.0, 4.0,
                    id == "2584" ? std::nullopt : std::optional(6.0));
            add_tkm(values, "N00209", id, 2022, 10.0, 10.0, 10.0);
        }
        add_tkm(values, "N01801", "G33632", 2022, 257.1, 127.1, 130.0);
        add_tkm(values, "N00209", "G33632", 2022, 61.5, 58.0, 65.0);
        store_values(test.catalogue(), values);
    }
    CommandResult run(const std::vector<std::string>& args) {
        return run_kolcat_on(test.path(), test.folder(), args);
    }
};

}  // namespace

TEST_CASE("kolcat compare: a count is the county's sum of its municipalities") {
    CountCatalogue fixture;
    const CommandResult result =
        fixture.run({"compare", "N01801", "--against", "0024", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json comparison = json::parse(result.out).at(0);
    const json& norrbotten = unit_in(comparison, "G33632");
    CHECK(norrbotten.at("title") == "Norrbotten: sum of the county's municipalities");
    CHECK(norrbotten.at("aggregate") == "county_sum");
    CHECK(norrbotten.at("T").get<double>() == 3600.0);
    CHECK(norrbotten.at("K").get<double>() == 1780.0);
    CHECK(norrbotten.at("M").get<double>() == 1820.0);
    CHECK(norrbotten.at("gap").get<double>() == -40.0);
    CHECK(norrbotten.at("sum_members") == json(kNorrbotten));
    CHECK(norrbotten.at("sum_missing") ==
          json{{"T", json::array()}, {"K", json::array()}, {"M", json::array()}});
    // Västerbotten: the test catalogue lists Umeå (2480) as its only municipality, which holds
    // no value: no sum, and the member named.
    const json& vasterbotten = unit_in(comparison, "G33631");
    CHECK(vasterbotten.at("T").is_null());
    CHECK(vasterbotten.at("sum_missing").at("T") == json::array({"2480"}));

    const CommandResult table = fixture.run({"compare", "N01801", "--against", "0024"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("Norrbotten: sum of the county's municipalities") != std::string::npos);
    CHECK(table.out.find("3600.0") != std::string::npos);
    CHECK(table.out.find("257.1") == std::string::npos);
    CHECK(table.out.find("Type K, a count: regions are compared through the sum of the county's "
                         "municipalities") != std::string::npos);
    CHECK(table.out.find("Sum missing for Västerbotten: sum of the county's municipalities in "
                         "2022: no T value for 2480; no K value for 2480; no M value for 2480.") !=
          std::string::npos);
}

TEST_CASE(
    "kolcat compare: a count with one municipality's value missing has no sum, and says "
    "why") {
    CountCatalogue fixture;
    const CommandResult result =
        fixture.run({"compare", "N01801", "--year", "2021", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json comparison = json::parse(result.out).at(0);
    const json& norrbotten = unit_in(comparison, "G33632");
    CHECK(norrbotten.at("T").get<double>() == 140.0);
    CHECK(norrbotten.at("K").get<double>() == 56.0);
    CHECK(norrbotten.at("M").is_null());
    CHECK(norrbotten.at("sum_missing").at("M") == json::array({"2584"}));

    const CommandResult table = fixture.run({"compare", "N01801", "--year", "2021"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("Sum missing for Norrbotten: sum of the county's municipalities in "
                         "2021: no M value for 2584.") != std::string::npos);
}

TEST_CASE("kolcat compare: a count's municipality never synced makes the sum not synced") {
    TestCatalogue test({make_kpi("N01801", "K", true, "Utflyttade, antal")}, false);
    std::vector<catalogue::Value> values;
    for (const auto& id : kNorrbotten) {
        if (id != "2584") {
            add_tkm(values, "N01801", id, 2022, 10.0, 5.0, 5.0);
        }
    }
    add_tkm(values, "N01801", "G33632", 2022, 10.0, 5.0, 5.0);
    add_tkm(values, "N01801", "0000", 2022, 1000.0, 500.0, 500.0);
    store_values(test.catalogue(), values);
    const CommandResult table =
        run_kolcat_on(test.path(), test.folder(), {"compare", "N01801", "--against", "0025"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("not synced") != std::string::npos);
    CHECK(table.out.find("never synced for 2584") != std::string::npos);
    // The command fetches the municipality, not the county group.
    CHECK(table.out.find("--kpi N01801 --unit 2584") != std::string::npos);
}

TEST_CASE("kolcat compare: a share keeps the county group's mean") {
    CountCatalogue fixture;
    const CommandResult result =
        fixture.run({"compare", "N00209", "--against", "0024", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json comparison = json::parse(result.out).at(0);
    const json& norrbotten = unit_in(comparison, "G33632");
    CHECK(norrbotten.at("title") == "Norrbotten: county's municipalities (unweighted mean)");
    CHECK(norrbotten.at("aggregate") == "county_mean");
    CHECK(norrbotten.at("T").get<double>() == 61.5);
    CHECK_FALSE(norrbotten.contains("sum_missing"));
}
