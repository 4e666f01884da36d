// The curated set in the catalogue, region sets, and the JSON reader's positions.

#include <doctest/doctest.h>

#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"
#include "tests/support/test_indicators_support.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;
using namespace kolcat::curated;
using namespace kolcat::sync;

namespace kolcat {

using namespace test_indicators;

// --- storage in the catalogue ---

namespace {

// Stores values for some KPIs through the catalogue's own sync API.
void store_values(catalogue::Catalogue& catalogue, const std::vector<catalogue::Value>& values) {
    catalogue::SyncRun run;
    run.started_at = "2026-01-01T00:00:00Z";
    run.api_url = "http://127.0.0.1:1/v3";
    catalogue::SyncSegment segment;
    for (const auto& value : values) {
        if (std::find(segment.kpis.begin(), segment.kpis.end(), value.kpi) == segment.kpis.end()) {
            segment.kpis.push_back(value.kpi);
        }
        if (std::find(segment.units.begin(), segment.units.end(), value.municipality) ==
            segment.units.end()) {
            segment.units.push_back(value.municipality);
        }
    }
    run.scope = {segment.kpis, segment.units, {}};
    run.segments = {segment};
    const auto stored = catalogue.begin_run(run);
    catalogue.commit_page(stored.id, 0, values, std::nullopt, 1);
}

catalogue::Value value_of(const std::string& kpi, std::optional<double> number) {
    catalogue::Value value;
    value.kpi = kpi;
    value.municipality = "0025";
    value.period = 2022;
    value.value = number;
    return value;
}

std::vector<std::string> ids_of(const std::vector<curated::CuratedKpi>& kpis) {
    std::vector<std::string> ids;
    for (const auto& kpi : kpis) {
        ids.push_back(kpi.id);
    }
    return ids;
}

}  // namespace

TEST_CASE("indicators store: the curated set round-trips through the catalogue") {
    TempDir dir;
    const auto set =
        curated::load_indicators(kProjectIndicators, kFixtures / "local" / "indicators.local.json");
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    CHECK(catalogue.schema_version() >= 2);
    CHECK_FALSE(stored_indicators_fingerprint(catalogue).has_value());
    CHECK(curated::store_indicators_if_changed(catalogue, set));
    CHECK(stored_indicators_fingerprint(catalogue) == set.fingerprint);
    CHECK_FALSE(curated::store_indicators_if_changed(catalogue, set));

    const auto all = curated_kpis(catalogue);
    REQUIRE(all.size() == set.kpis.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& expected = set.kpis[i];
        const auto& got = all[i];
        INFO(expected.id);
        CHECK(got.id == expected.id);
        CHECK(got.goals == expected.goals);
        CHECK(got.targets == expected.targets);
        CHECK(got.level == expected.level);
        CHECK(got.direction == expected.direction);
        CHECK(got.breakdown == expected.breakdown);
        CHECK(got.partner == expected.partner);
        CHECK(got.rationale == expected.rationale);
        CHECK(got.source == expected.source);
        CHECK(got.extended_by == expected.extended_by);
        CHECK(got.historical == expected.historical);
    }
    CHECK(curated::curated_kpi(catalogue, "N60802")->historical);
    CHECK(curated::curated_kpi(catalogue, "N65900")->breakdown == curated::Breakdown::flag_only);

    // Filters.
    const auto violence = curated_kpis(catalogue, {6, std::nullopt, std::nullopt});
    CHECK(static_cast<int>(violence.size()) == count_with_goal(set, 6));
    for (const auto& kpi : violence) {
        CHECK(std::find(kpi.goals.begin(), kpi.goals.end(), 6) != kpi.goals.end());
    }
    const auto power_55 = ids_of(curated_kpis(catalogue, {1, std::nullopt, "5.5"}));
    CHECK(std::find(power_55.begin(), power_55.end(), "N05815") != power_55.end());
    CHECK(std::find(power_55.begin(), power_55.end(), "N05400") == power_55.end());  // no 5.5
    const auto sdg5 = curated_kpis(catalogue, {std::nullopt, 5, std::nullopt});
    for (const auto& kpi : sdg5) {
        CHECK(std::any_of(kpi.targets.begin(), kpi.targets.end(),
                          [](const std::string& t) { return t.rfind("5.", 0) == 0; }));
    }
    CHECK(curated_kpis(catalogue, {std::nullopt, std::nullopt, "9.9"}).empty());

    // Tags for `kolcat show`.
    const auto tags = curated::kpi_tags(catalogue, "N00945");
    REQUIRE(tags.has_value());
    CHECK(tags->kpi.breakdown == curated::Breakdown::by_construction);
    REQUIRE(!tags->sub_goals.empty());
    CHECK(tags->sub_goals.front().name_en == "Equal distribution of unpaid housework and care");
    CHECK(tags->targets.front().id == "5.4");
    REQUIRE(tags->sdg_goals.size() == 2);  // 5.4 and, from the local file, 10.2
    CHECK(tags->sdg_goals[0].number == 5);
    CHECK(tags->sdg_goals[1].number == 10);
    CHECK_FALSE(curated::kpi_tags(catalogue, "N09999").has_value());

    CHECK(sub_goals(catalogue).size() == 6);
    CHECK(sub_goals(catalogue)[1].description_sv == set.find_sub_goal(2)->description_sv);
    CHECK(tags->sub_goals.front().description_sv == set.find_sub_goal(4)->description_sv);
    CHECK(sdg_goals(catalogue).size() == 17);
    CHECK(sdg_targets(catalogue).size() == set.targets.size());
    CHECK(region_sets(catalogue).size() == set.region_sets.size());
    const auto north = curated::region_set(catalogue, "north");  // replaced by the local file
    REQUIRE(north.has_value());
    CHECK(north->members == std::vector<std::string>{"0025", "0024"});
    CHECK_FALSE(curated::region_set(catalogue, "nowhere").has_value());

    // Storing the project's set alone replaces everything, the local additions included.
    const auto project = curated::load_indicators(kProjectIndicators, std::nullopt);
    CHECK(curated::store_indicators_if_changed(catalogue, project));
    CHECK(curated_kpis(catalogue).size() == project.kpis.size());
    CHECK_FALSE(curated::curated_kpi(catalogue, "U01413").has_value());
    CHECK(curated::region_set(catalogue, "north")->members.size() == 4);
    CHECK_FALSE(curated::region_set(catalogue, "our-neighbours").has_value());
}

TEST_CASE("indicators store: schema step 7 keeps the stored set and admits flag_only") {
    TempDir dir;
    const auto file = dir.path() / "catalogue.sqlite";
    {
        // A catalogue as schema step 6 left it, with one curated key figure and its tags.
        catalogue::Database db(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        for (const auto& step : catalogue::migrations()) {
            if (step.version <= 6) {
                db.exec(step.sql);
            }
        }
        db.exec("PRAGMA user_version = 6");
        db.exec(
            "INSERT INTO curated_kpi (kpi, position, level, direction, breakdown, partner, "
            "rationale, source_file, source_line) VALUES ('N00923', 0, 'both', "
            "'higher_is_better', 'pair', 'N00925', 'Life.', 'kpis.json', 3);"
            "INSERT INTO curated_kpi_goal (kpi, goal, position) VALUES ('N00923', 5, 0);"
            "INSERT INTO curated_kpi_target (kpi, target, position) VALUES ('N00923', '3.4', 0);"
            "INSERT INTO meta (key, value) VALUES ('indicators_fingerprint', 'old');");
        CHECK_THROWS(
            db.exec("INSERT INTO curated_kpi (kpi, position, level, direction, breakdown, "
                    "rationale, source_file, source_line) VALUES ('N65900', 1, 'region', "
                    "'neutral', 'flag_only', 'x', 'kpis.json', 9)"));
    }
    auto catalogue = catalogue::Catalogue::open(file);
    CHECK(catalogue.schema_version() == catalogue::current_schema_version());
    const auto kept = curated::curated_kpi(catalogue, "N00923");
    REQUIRE(kept.has_value());
    CHECK(kept->partner == "N00925");
    CHECK(kept->goals == std::vector<int>{5});
    CHECK(kept->targets == std::vector<std::string>{"3.4"});
    CHECK_FALSE(kept->historical);
    // The copy is stored again on the next command, now with the new marks.
    CHECK_FALSE(stored_indicators_fingerprint(catalogue).has_value());
    catalogue.database().exec(
        "INSERT INTO curated_kpi (kpi, position, level, direction, breakdown, rationale, "
        "source_file, source_line, historical) VALUES ('N65900', 1, 'region', 'neutral', "
        "'flag_only', 'x', 'kpis.json', 9, 1)");
    CHECK(curated::curated_kpi(catalogue, "N65900")->breakdown == curated::Breakdown::flag_only);
    CHECK(curated::curated_kpi(catalogue, "N65900")->historical);
}

TEST_CASE("indicators store: goal summaries count the KPIs with data") {
    TempDir dir;
    auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    // Target 5.1 is defined in goals.json; untag it (N01458 uses it) so that the summary of
    // SDG goal 5 has a defined target that no key figure uses.
    for (auto& kpi : set.kpis) {
        std::erase(kpi.targets, "5.1");
    }
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    store_indicators(catalogue, set);
    // N00945 (sub-goals 4 and 2, target 5.4) and N00957 (5 and 2) have values; N00943 has only
    // a null value, which is no data.
    store_values(catalogue, {value_of("N00945", 41.5), value_of("N00957", 24.9),
                             value_of("N00943", std::nullopt)});

    const auto summaries = curated::sub_goal_summaries(catalogue);
    REQUIRE(summaries.size() == 6);
    for (const auto& summary : summaries) {
        INFO("sub-goal " << summary.number);
        CHECK(static_cast<int>(summary.kpis.size()) == count_with_goal(set, summary.number));
        int with_data = 0;
        for (const auto& kpi : summary.kpis) {
            CHECK(kpi.has_data == (kpi.kpi == "N00945" || kpi.kpi == "N00957"));
            CHECK_FALSE(kpi.title.empty());
            with_data += kpi.has_data ? 1 : 0;
        }
        CHECK(summary.kpis_with_data == with_data);
    }
    CHECK(summaries[1].kpis_with_data == 2);  // economy: both
    CHECK(summaries[3].kpis_with_data == 1);  // unpaid care: N00945
    CHECK(summaries[4].kpis_with_data == 1);  // health: N00957
    CHECK(summaries[0].kpis_with_data == 0);
    CHECK(summaries[3].name_sv == "Jämn fördelning av det obetalda hem- och omsorgsarbetet");
    const auto titled = std::find_if(summaries[3].kpis.begin(), summaries[3].kpis.end(),
                                     [](const curated::GoalKpi& k) { return k.kpi == "N00945"; });
    REQUIRE(titled != summaries[3].kpis.end());
    CHECK(titled->title.find("VAB") != std::string::npos);

    const auto sdg = curated::sdg_goal_summaries(catalogue);
    std::set<int> used;
    for (const auto& kpi : set.kpis) {
        for (const auto& target : kpi.targets) {
            used.insert(set.find_target(target)->goal);
        }
    }
    REQUIRE(sdg.size() == used.size());
    for (const auto& summary : sdg) {
        CHECK(used.count(summary.number) == 1);
        CHECK_FALSE(summary.targets.empty());
        // No KPI is listed twice under one goal, even with two of its targets.
        std::set<std::string> ids;
        for (const auto& kpi : summary.kpis) {
            CHECK(ids.insert(kpi.kpi).second);
        }
    }
    const auto goal5 = std::find_if(sdg.begin(), sdg.end(),
                                    [](const curated::GoalSummary& s) { return s.number == 5; });
    REQUIRE(goal5 != sdg.end());
    CHECK(goal5->name_en == "Gender equality");
    CHECK(goal5->kpis_with_data == 1);  // N00945 via 5.4
    CHECK(std::find(goal5->targets.begin(), goal5->targets.end(), "5.1") == goal5->targets.end());
}

TEST_CASE("indicators store: a read-only catalogue refuses to store") {
    TempDir dir;
    const auto file = dir.path() / "catalogue.sqlite";
    catalogue::Catalogue::open(file);  // create it
    auto catalogue = catalogue::Catalogue::open(file, catalogue::OpenMode::read_only);
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    CHECK_THROWS_AS(store_indicators(catalogue, set), catalogue::CatalogueError);
    CHECK(curated_kpis(catalogue).empty());
}

// --- region sets for --against ---

TEST_CASE("region sets: expansion and the --against argument") {
    TempDir dir;
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    store_indicators(catalogue, curated::load_indicators(kProjectIndicators, std::nullopt));

    const auto similar = curated::region_set(catalogue, "similar-regions");
    REQUIRE(similar.has_value());
    const auto units = curated::region_set_units(catalogue, *similar);
    // G176784 and G43577 share several regions; each appears once, in order of first mention.
    CHECK(units.size() == 9);
    CHECK(units.front() == "0008");
    CHECK(std::find(units.begin(), units.end(), "0021") != units.end());  // only in G43577
    CHECK(std::find(units.begin(), units.end(), "G176784") == units.end());
    // County groups are units of their own.
    CHECK(curated::region_set_units(catalogue, *region_set(catalogue, "county-groups")).size() ==
          21);

    auto resolved = curated::resolve_against(catalogue, "modellregion-folkhalsa, riket");
    CHECK(resolved.label == "modellregion-folkhalsa, riket");
    CHECK(resolved.units == std::vector<std::string>{"0025", "0021", "0013", "0000"});
    resolved = curated::resolve_against(catalogue, "0024,0017,0024");
    CHECK(resolved.units == std::vector<std::string>{"0024", "0017"});
    CHECK_THROWS_WITH_AS(curated::resolve_against(catalogue, "modelregions"),
                         doctest::Contains("known sets: model-regions, modellregion-folkhalsa"),
                         curated::IndicatorsError);
    CHECK_THROWS_WITH_AS(curated::resolve_against(catalogue, "9999"),
                         doctest::Contains("unit 9999 is not in the catalogue"),
                         curated::IndicatorsError);
    CHECK_THROWS_AS(curated::resolve_against(catalogue, " , "), curated::IndicatorsError);
    // The library names no option: the command that read the list adds "--against".
    try {
        curated::resolve_against(catalogue, "modelregions");
        FAIL("a mistyped set must throw");
    } catch (const curated::UnitListError& error) {
        CHECK(error.kind == curated::UnitListError::Kind::unknown_word);
        CHECK(error.word == "MODELREGIONS");
        CHECK(std::string(error.what()).find("--") == std::string::npos);
    }
    CHECK_THROWS_WITH_AS(curated::resolve_against(catalogue, " , "),
                         doctest::Contains("no region set or unit ids"), curated::UnitListError);
}

// --- the text scanner behind the line numbers ---

TEST_CASE("indicators json: element lines and byte positions") {
    const std::string text =
        "{\"a\": {\"kpis\": [1]},\n \"kpis\": [\n  {\"x\": \"]\\\"[\"},\n  2,\n\n  [3, {\"y\": "
        "[]}],\n  \"s\"\n ]}";
    CHECK(curated::array_element_lines(text, "kpis") == std::vector<int>{3, 4, 6, 7});
    CHECK(curated::array_element_lines(text, "missing").empty());
    CHECK(curated::array_element_lines("{\"kpis\": []}", "kpis").empty());
    CHECK(curated::position_of_offset("ab\ncd", 0).line == 1);
    CHECK(curated::position_of_offset("ab\ncd", 4).line == 2);
    CHECK(curated::position_of_offset("ab\ncd", 4).column == 2);
    CHECK(curated::position_of_offset("ab", 99).column == 3);
    // Hostile or broken text never crashes the scanner.
    for (const std::string& broken : std::vector<std::string>{
             "", "{", "{\"kpis\"", "{\"kpis\": [", "{\"kpis\": [\"\\", "{\"kpis\": [{{{{", "[[[[",
             "{\"kpis\": [1,,,]}", std::string(100000, '[')}) {
        CHECK_NOTHROW(curated::array_element_lines(broken, "kpis"));
    }
}

}  // namespace kolcat
