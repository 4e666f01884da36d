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

const json& group_named(const json& result, const std::string& name) {
    const auto& groups = result.at("groups");
    const auto found = std::find_if(groups.begin(), groups.end(),
                                    [&](const json& group) { return group.at("name") == name; });
    REQUIRE(found != groups.end());
    return *found;
}

// Two curated key figures with values for Norrbotten, and three that are not curated; no pair is
// recorded as synced, so a key figure counts as synced for a unit only by its stored values.
//   N00957 (curated, A) 0025 2018-2022 T, K, M   -> recent 2020-2022: 3 cells, 3 with K and M
//   N01460 (curated, A) 0025 2018-2022 T; K and M before 2021 -> 3 cells, 1 with K and M
//   U90001 (A, "Arbetsmarknad") 0025 2021-2022 T, K, M -> 2 cells, 2
//   U90002 (A, "Arbetsmarknad") 0025 2020-2022 T only  -> 3 cells, 0 (flag true)
//   U90003 (K, "Äldre")         G33632 2022 T, K, M    -> 1 cell, 1; 0025's own values ignored
// The curated set: 2 key figures with T, 1 with K and M in every recent year, cells 6,
// complete 4. --all: those 2 plus 3: with T 5, with K and M 3 (N00957, U90001, U90003),
// cells 6 + 2 + 3 + 1 = 12, complete 4 + 2 + 0 + 1 = 7.
// Other regions: only 0024, with N00957 2022 T only (1 cell, 0).
struct CoverageCatalogue {
    TestCatalogue test{{make_kpi("N00957", "A", true, "Ohälsotal, dagar", "Hälso- och sjukvård"),
                        make_kpi("N01460", "A", true, "Utsatts för våld", "Befolkning"),
                        make_kpi("U90001", "A", true, "Sysselsatta", "Arbetsmarknad"),
                        make_kpi("U90002", "A", true, "Arbetslösa", "Arbetsmarknad"),
                        make_kpi("U90003", "K", true, "Hemtjänst", "Äldre")},
                       false};
    CoverageCatalogue() {
        std::vector<catalogue::Value> values;
        for (int year = 2018; year <= 2022; ++year) {
            add_tkm(values, "N00957", "0025", year, 24.0, 30.0, 20.0);
            add_tkm(values, "N01460", "0025", year, 7.0,
                    year < 2021 ? std::optional(6.0) : std::nullopt,
                    year < 2021 ? std::optional(8.0) : std::nullopt);
            add_tkm(values, "U90002", "0025", year, 3.0, std::nullopt, std::nullopt);
            add_tkm(values, "U90003", "0025", year, 3.0, std::nullopt, std::nullopt);
        }
        for (int year = 2021; year <= 2022; ++year) {
            add_tkm(values, "U90001", "0025", year, 70.0, 68.0, 72.0);
        }
        add_tkm(values, "U90003", "G33632", 2022, 5.0, 6.0, 4.0);
        add_tkm(values, "N00957", "0024", 2022, 22.0, std::nullopt, std::nullopt);
        store_values(test.catalogue(), values);
    }
    CommandResult run(const std::vector<std::string>& args) {
        return run_kolcat_on(test.path(), test.folder(), args);
    }
};

}  // namespace

TEST_CASE("kolcat coverage: the curated set by sub-goal, JSON") {
    CoverageCatalogue fixture;
    const CommandResult result = fixture.run({"coverage", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json coverage = json::parse(result.out);
    CHECK(coverage.at("unit") == "0025");
    CHECK(coverage.at("title") == "Region Norrbotten");
    CHECK(coverage.at("by") == "goal");
    CHECK(coverage.at("scope") == "curated");
    const json& total = coverage.at("total");
    CHECK(total.at("key_figures") == project_indicators().kpis.size());
    CHECK(total.at("with_t") == 2);
    CHECK(total.at("with_k_and_m") == 1);
    CHECK(total.at("cells") == 6);
    CHECK(total.at("complete_cells") == 4);
    CHECK(total.at("share").get<double>() == doctest::Approx(4.0 / 6.0));
    // Regions: 0025 4/6 and 0024 0/1 -> median (4/6 + 0) / 2.
    CHECK(total.at("median_region_share").get<double>() == doctest::Approx(2.0 / 6.0));
    CHECK(total.at("regions") == 2);
    // Every other curated key figure was never synced: unknown, listed, with the command.
    CHECK(total.at("not_synced").size() == project_indicators().kpis.size() - 2);
    CHECK(result.err.find("not synced:") != std::string::npos);
    CHECK(result.err.find("kolcat sync --catalogue") != std::string::npos);
    // Each sub-goal of N00957 holds it among its complete key figures.
    for (const int goal : project_indicators().find_kpi("N00957")->goals) {
        const auto& groups = coverage.at("groups");
        const auto found = std::find_if(groups.begin(), groups.end(), [&](const json& group) {
            return group.at("goal") == goal;
        });
        REQUIRE(found != groups.end());
        CHECK(found->at("with_k_and_m").get<int>() >= 1);
    }
    bool listed = false;
    for (const json& group : coverage.at("groups")) {
        for (const json& lacking : group.at("lacking")) {
            CHECK(lacking.at("kpi") == "N01460");
            CHECK(lacking.at("verdict") == "partial");
            CHECK(lacking.at("recent_years") == json::array({2020, 2021, 2022}));
            listed = true;
        }
    }
    CHECK(listed);
}

TEST_CASE("kolcat coverage --all --by operating-area: every key figure synced for the unit") {
    CoverageCatalogue fixture;
    const CommandResult result =
        fixture.run({"coverage", "--all", "--by", "operating-area", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json coverage = json::parse(result.out);
    CHECK(coverage.at("scope") == "all");
    CHECK(coverage.at("by") == "operating-area");
    const json& total = coverage.at("total");
    CHECK(total.at("key_figures") == 5);
    CHECK(total.at("with_t") == 5);
    CHECK(total.at("with_k_and_m") == 3);
    CHECK(total.at("cells") == 12);
    CHECK(total.at("complete_cells") == 7);
    CHECK(total.at("not_synced").empty());
    const json& work = group_named(coverage, "Arbetsmarknad");
    CHECK_FALSE(work.contains("goal"));
    CHECK(work.at("key_figures") == 2);
    CHECK(work.at("cells") == 5);
    CHECK(work.at("complete_cells") == 2);
    CHECK(work.at("lacking").at(0).at("kpi") == "U90002");
    CHECK(work.at("lacking").at(0).at("verdict") == "flag_without_values");
    const json& elderly = group_named(coverage, "Äldre");
    CHECK(elderly.at("lacking").empty());
    CHECK(elderly.at("share").get<double>() == doctest::Approx(1.0));
    CHECK(result.err.find("not synced") == std::string::npos);

    SUBCASE("--by goal: the key figures outside the curated set are not tagged") {
        const CommandResult by_goal = fixture.run({"coverage", "--all", "--format", "json"});
        REQUIRE_MESSAGE(by_goal.exit_code == 0, by_goal.err);
        const json parsed = json::parse(by_goal.out);
        const json& untagged = group_named(parsed, "Not tagged with a sub-goal");
        CHECK(untagged.at("key_figures") == 3);
        CHECK(untagged.at("cells") == 6);
        CHECK(untagged.at("complete_cells") == 3);
    }
}

TEST_CASE("kolcat coverage: table, markdown and CSV") {
    CoverageCatalogue fixture;
    const CommandResult table = fixture.run({"coverage", "--all"});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("How much of what the catalogue holds for 0025 Region Norrbotten is "
                         "broken down by sex?") != std::string::npos);
    CHECK(table.out.find("3 of 5 key figures with T values have K and M in every recent year; "
                         "58 % of their (key figure, year) cells have K and M") !=
          std::string::npos);
    CHECK(table.out.find("U90002") != std::string::npos);
    CHECK(table.out.find("flag_without_values") != std::string::npos);

    const CommandResult markdown = fixture.run({"coverage", "--all", "--format", "markdown"});
    REQUIRE_MESSAGE(markdown.exit_code == 0, markdown.err);
    CHECK(markdown.out.find("| group |") != std::string::npos);
    CHECK(markdown.out.find("### Not tagged with a sub-goal (1)") != std::string::npos);

    const CommandResult csv = fixture.run({"coverage", "--all", "--format", "csv"});
    REQUIRE_MESSAGE(csv.exit_code == 0, csv.err);
    const auto lines = lines_of(csv.out);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0] ==
          "row,goal,name,key_figures,with_t,with_k_and_m,cells,complete_cells,share,"
          "median_region_share,regions,lacking,without_t,not_synced");
    CHECK(lines.back().rfind("total,,all,5,5,3,12,7,", 0) == 0);
}

TEST_CASE("kolcat coverage: a unit with nothing synced says so, with the sync command; exit 4") {
    CoverageCatalogue fixture;
    SUBCASE("--all") {
        const CommandResult result = fixture.run({"coverage", "--all", "--unit", "2480"});
        CHECK(result.exit_code == 4);
        CHECK(result.out.empty());
        CHECK(result.err.find("kolcat: the catalogue holds no data synced for unit 2480 (Umeå): "
                              "nothing to measure. To fetch it:") != std::string::npos);
        CHECK(result.err.find("kolcat sync --catalogue " + fixture.test.path().string() +
                              " --kpi N00957,N01460,U90001,U90002,U90003 --unit 2480") !=
              std::string::npos);
    }
    SUBCASE("the curated set") {
        const CommandResult result = fixture.run({"coverage", "--unit", "2480"});
        CHECK(result.exit_code == 4);
        CHECK(result.err.find("holds no data synced for unit 2480 (Umeå) in the curated key "
                              "figures") != std::string::npos);
        CHECK(result.err.find("--unit 2480") != std::string::npos);
    }
}

TEST_CASE("kolcat coverage: usage errors") {
    CoverageCatalogue fixture;
    const CommandResult bad_by = fixture.run({"coverage", "--by", "area"});
    CHECK(bad_by.exit_code == 2);
    CHECK(bad_by.err == "kolcat: error: unknown --by 'area': use goal or operating-area\n");
    CHECK(bad_by.out.empty());
    CHECK(fixture.run({"coverage", "N00957"}).exit_code == 2);
    CHECK(fixture.run({"coverage", "--unit", "9999"}).exit_code == 3);
    const CommandResult help = fixture.run({"coverage", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Median region") != std::string::npos);
}
