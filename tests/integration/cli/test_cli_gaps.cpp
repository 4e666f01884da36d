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

const json& entry_in(const json& entries, const std::string& kpi) {
    const auto found = std::find_if(entries.begin(), entries.end(),
                                    [&](const json& entry) { return entry.at("kpi") == kpi; });
    REQUIRE(found != entries.end());
    return *found;
}

// A few curated key figures with values (the rest of the curated set has none), and one that
// is not curated.
struct GapsCatalogue {
    TestCatalogue test{{make_kpi("N00957", "A", true, "Ohälsotal, dagar", "Hälso- och sjukvård"),
                        make_kpi("N00945", "A", false, "VAB, män", "Arbetsmarknad"),
                        make_kpi("N01460", "A", true, "Utsatts för våld", "Befolkning"),
                        make_kpi("N23801", "K", false, "80+ i särskilt boende", "Äldre"),
                        make_kpi("U99999", "A", true, "Not curated", "Befolkning")}};
    GapsCatalogue() {
        std::vector<catalogue::Value> values;
        for (int year = 2018; year <= 2022; ++year) {
            add_tkm(values, "N00957", "0025", year, 24.0, 30.0, 20.0);
            add_tkm(values, "N00945", "0025", year, 38.0, std::nullopt, std::nullopt);
            add_tkm(values, "N01460", "0025", year, 7.0,
                    year < 2021 ? std::optional(6.0) : std::nullopt,
                    year < 2021 ? std::optional(8.0) : std::nullopt);
            add_tkm(values, "N23801", "G33632", year, 5.0, 6.0, 4.0);
            add_tkm(values, "U99999", "0025", year, 1.0, std::nullopt, std::nullopt);
        }
        store_values(test.catalogue(), values);
    }
    CommandResult run(const std::vector<std::string>& args) {
        return run_kolcat_on(test.path(), test.folder(), args);
    }
};

}  // namespace

TEST_CASE("kolcat gaps: JSON has exactly the documented keys and one verdict per key figure") {
    GapsCatalogue fixture;
    const CommandResult result = fixture.run({"gaps", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json entries = json::parse(result.out);
    REQUIRE(entries.is_array());
    CHECK(entries.size() == project_indicators().kpis.size());
    for (const json& entry : entries) {
        CHECK(keys_of(entry) == std::vector<std::string>{"kpi", "title", "verdict", "flag",
                                                         "coverage", "recent_years", "goals",
                                                         "missing", "synced"});
    }
    const json& complete = entry_in(entries, "N00957");
    CHECK(complete.at("verdict") == "by_values");
    CHECK(complete.at("flag") == true);
    CHECK(complete.at("coverage").get<double>() == doctest::Approx(1.0));
    CHECK(complete.at("goals") == json(project_indicators().find_kpi("N00957")->goals));
    CHECK(entry_in(entries, "N00945").at("verdict") == "by_construction");
    const json& partial = entry_in(entries, "N01460");
    CHECK(partial.at("verdict") == "partial");
    CHECK(partial.at("missing") == json::array({"0025: 2021, 2022"}));
    CHECK(partial.at("coverage").get<double>() == doctest::Approx(3.0 / 5.0));
    CHECK(entry_in(entries, "N23801").at("verdict") == "values_without_flag");
    // Curated, nothing stored, and never synced in this catalogue: unknown, not "no data".
    const json& nothing = entry_in(entries, "N00209");
    CHECK(nothing.at("verdict") == "not_synced");
    CHECK(nothing.at("synced") == false);
    CHECK(complete.at("synced") == true);
    CHECK(nothing.at("coverage").is_null());
    CHECK(std::none_of(entries.begin(), entries.end(),
                       [](const json& entry) { return entry.at("kpi") == "U99999"; }));
}

TEST_CASE("kolcat gaps: --all, --verdict, --goal and --operating-area") {
    GapsCatalogue fixture;
    SUBCASE("--all adds every key figure of the catalogue") {
        const CommandResult result = fixture.run({"gaps", "--all", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json entries = json::parse(result.out);
        const json& extra = entry_in(entries, "U99999");
        CHECK(extra.at("verdict") == "flag_without_values");
        CHECK(extra.at("goals") == json::array());
    }
    SUBCASE("--verdict") {
        const CommandResult result =
            fixture.run({"gaps", "--verdict", "partial", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json entries = json::parse(result.out);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].at("kpi") == "N01460");
    }
    SUBCASE("--goal") {
        const CommandResult result = fixture.run({"gaps", "--goal", "6", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        for (const json& entry : json::parse(result.out)) {
            const auto goals = entry.at("goals").get<std::vector<int>>();
            CHECK(std::find(goals.begin(), goals.end(), 6) != goals.end());
        }
    }
    SUBCASE("--operating-area, case-insensitive") {
        const CommandResult result =
            fixture.run({"gaps", "--all", "--operating-area", "HÄLSO", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json entries = json::parse(result.out);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].at("kpi") == "N00957");
    }
    SUBCASE("an --operating-area that matches nothing says so") {
        const CommandResult result =
            fixture.run({"gaps", "--all", "--operating-area", "zzz", "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(json::parse(result.out).empty());  // still a valid, empty answer
        CHECK(result.err.find("no key figure's operating area contains 'zzz'") !=
              std::string::npos);
    }
    CHECK(fixture.run({"gaps", "--verdict", "missing"}).exit_code == 2);
    CHECK(fixture.run({"gaps", "--goal", "7"}).exit_code == 2);
    CHECK(fixture.run({"gaps", "N00957"}).exit_code == 2);
}

TEST_CASE("kolcat gaps: the table answers the question, grouped by sub-goal") {
    GapsCatalogue fixture;
    const CommandResult result = fixture.run({"gaps"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    CHECK(result.out.rfind("Which key figures lack a breakdown by sex?", 0) == 0);
    CHECK(result.out.find("partial 1") != std::string::npos);
    CHECK(result.out.find("Sub-goal 5: ") != std::string::npos);
    CHECK(result.out.find("missing K/M 0025: 2021, 2022") != std::string::npos);

    const CommandResult filtered = fixture.run({"gaps", "--verdict", "by_values"});
    REQUIRE_MESSAGE(filtered.exit_code == 0, filtered.err);
    // The headline still counts every verdict; only the listing is narrowed.
    CHECK(filtered.out.find("partial 1") != std::string::npos);
    CHECK(filtered.out.find("Listed: verdict by_values, 1 key figures.") != std::string::npos);
}

TEST_CASE("kolcat gaps: CSV header and dialects") {
    GapsCatalogue fixture;
    const CommandResult csv = fixture.run({"gaps", "--verdict", "partial", "--format", "csv"});
    REQUIRE_MESSAGE(csv.exit_code == 0, csv.err);
    CHECK(csv.out.substr(0, csv.out.find("\r\n")) ==
          "kpi,title,municipality_type,verdict,flag,coverage,focus,recent_years,goals,missing");
    CHECK(csv.out.find("N01460,Utsatts för våld,A,partial,true,0.6,0025,\"2020,2021,2022\",") !=
          std::string::npos);

    const CommandResult excel = fixture.run(
        {"gaps", "--verdict", "partial", "--format", "csv", "--csv-dialect", "excel-sv"});
    REQUIRE_MESSAGE(excel.exit_code == 0, excel.err);
    CHECK(excel.out.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(excel.out.find("N01460;Utsatts för våld;A;partial;true;0,6;0025;") != std::string::npos);

    const CommandResult nothing =
        fixture.run({"gaps", "--verdict", "not_synced", "--format", "csv"});
    REQUIRE_MESSAGE(nothing.exit_code == 0, nothing.err);
    // Nothing stored: the coverage is empty, not 0; stderr names the command that fetches it.
    CHECK(nothing.out.find("N00209,,,not_synced,false,,0025,") != std::string::npos);
    CHECK(nothing.err.find(" --unit 0025") != std::string::npos);
}

TEST_CASE("kolcat gaps: recent_years lists the years used, not a range that hides the gaps") {
    // Norrbotten has T in 2015, 2017, 2018 and 2022: the last three are 2017, 2018 and 2022;
    // 2019-2021 are not among them, so "2017–2022" would be wrong.
    TestCatalogue test{{make_kpi("N00957", "A", true, "Ohälsotal, dagar")}};
    std::vector<catalogue::Value> values;
    for (const int year : {2015, 2017, 2018, 2022}) {
        add_tkm(values, "N00957", "0025", year, 24.0, 30.0, 20.0);
    }
    add_tkm(values, "N00957", "0024", 2020, 22.0, 26.0, 18.0);  // another unit's year: not used
    store_values(test.catalogue(), values);
    const auto run = [&](const std::vector<std::string>& args) {
        const CommandResult result = run_kolcat_on(test.path(), test.folder(), args);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return result.out;
    };

    const json entries = json::parse(run({"gaps", "--format", "json"}));
    CHECK(entry_in(entries, "N00957").at("recent_years") == json::array({2017, 2018, 2022}));
    CHECK(entry_in(entries, "N00209").at("recent_years") == json::array());  // nothing stored

    const std::string csv = run({"gaps", "--format", "csv"});
    CHECK(csv.find(",0025,\"2017,2018,2022\",") != std::string::npos);
    CHECK(csv.find("–") == std::string::npos);
    const std::string excel = run({"gaps", "--format", "csv", "--csv-dialect", "excel-sv"});
    CHECK(excel.find(";0025;2017,2018,2022;") != std::string::npos);

    // The table may be compact, but names every year: 2017-2018 and 2022.
    const std::string table = run({"gaps", "--format", "markdown"});
    CHECK(table.find("| 2017-2018, 2022") != std::string::npos);
}
