// The curated indicators' loader error messages, and `indicators check`.

#include <doctest/doctest.h>

#include "tests/support/test_indicators_support.hpp"

namespace kolcat {

using namespace test_indicators;

TEST_CASE("indicators: invalid JSON names the file, line and column") {
    TempDir dir;
    copy_project_files(dir.path());
    SUBCASE("a missing comma") {
        write_text(dir.path() / "kpis.json",
                   "{\n  \"kpis\": [\n    {\"id\": \"N00945\"\n     \"goals\": [4]}\n  ]\n}\n");
        const auto error = load_error(dir.path());
        INFO(error);
        // nlohmann stops at the end of the token it did not expect: the string "goals".
        CHECK(error.rfind((dir.path() / "kpis.json").string() + ":4:12: invalid JSON: ", 0) == 0);
        CHECK(error.find("syntax error") != std::string::npos);
        CHECK(error.find("[json.exception") == std::string::npos);
    }
    SUBCASE("an empty file") {
        write_text(dir.path() / "goals.json", "");
        const auto error = load_error(dir.path());
        CHECK(error.rfind((dir.path() / "goals.json").string() + ":1:1: invalid JSON: ", 0) == 0);
    }
    SUBCASE("a truncated file") {
        const auto text = read_text(kProjectIndicators / "region_sets.json");
        write_text(dir.path() / "region_sets.json",
                   text.substr(0, text.find('\n', text.size() / 2)));
        const auto error = load_error(dir.path());
        INFO(error);
        CHECK(error.find("region_sets.json:") != std::string::npos);
        CHECK(error.find("invalid JSON: ") != std::string::npos);
        CHECK(error.find("unexpected end of input") != std::string::npos);
    }
    SUBCASE("a missing file") {
        fs::remove(dir.path() / "kpis.json");
        const auto error = load_error(dir.path());
        CHECK(error.rfind((dir.path() / "kpis.json").string() + ": cannot read the file", 0) == 0);
    }
}

TEST_CASE("indicators: a schema error names the file, the entry's line, its id and the reason") {
    TempDir dir;
    copy_project_files(dir.path());
    const auto kpis_path = (dir.path() / "kpis.json").string();
    // Entry 0 starts on line 3 and entry 1 on line 8 of this little file.
    const auto kpis_file = [&](const std::string& second_entry_fields) {
        write_text(dir.path() / "kpis.json",
                   "{\n  \"kpis\": [\n"
                   "    {\"id\": \"N00945\", \"goals\": [4], \"targets\": [\"5.4\"], \"level\": "
                   "\"both\",\n     \"direction\": \"higher_is_better\", \"breakdown\": "
                   "\"by_construction\",\n"
                   "     \"rationale\": \"Men's share of VAB days.\"\n"
                   "    },\n"
                   "\n"
                   "    {\n"
                   "      \"id\": \"N00957\",\n" +
                       second_entry_fields + "\n    }\n  ]\n}\n");
    };
    const std::string valid_rest =
        "      \"level\": \"both\", \"direction\": \"lower_is_better\", \"breakdown\": "
        "\"values\", \"rationale\": \"Ill health.\"";
    const auto expect = [&](const std::string& fields, const std::string& reason) {
        kpis_file(fields);
        const auto error = load_error(dir.path());
        CHECK(error == kpis_path + ":8: kpis[1] (N00957): " + reason);
    };
    SUBCASE("the file loads when the entry is right") {
        kpis_file("      \"goals\": [5], \"targets\": [\"3.4\"],\n" + valid_rest);
        const auto set = curated::load_indicators(dir.path(), std::nullopt);
        REQUIRE(set.kpis.size() == 2);
        CHECK(set.kpis[0].source.line == 3);
        CHECK(set.kpis[1].source.line == 8);
    }
    SUBCASE("wrong type") {
        expect("      \"goals\": \"5\", \"targets\": [\"3.4\"],\n" + valid_rest,
               "\"goals\" must be an array, not a string");
    }
    SUBCASE("a float where an integer belongs") {
        expect("      \"goals\": [5.5], \"targets\": [\"3.4\"],\n" + valid_rest,
               "each of \"goals\" must be an integer, not a non-integer number");
    }
    SUBCASE("missing field") {
        expect("      \"goals\": [5],\n" + valid_rest, "missing field \"targets\"");
    }
    SUBCASE("empty list") {
        expect("      \"goals\": [], \"targets\": [\"3.4\"],\n" + valid_rest,
               "\"goals\" must list at least one entry");
    }
    SUBCASE("unknown enum string") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"],\n"
            "      \"level\": \"both\", \"direction\": \"up\", \"breakdown\": \"values\", "
            "\"rationale\": \"Ill health.\"",
            "\"direction\" must be one of higher_is_better, lower_is_better, neutral, not \"up\"");
    }
    SUBCASE("unknown level") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"],\n"
            "      \"level\": \"county\", \"direction\": \"neutral\", \"breakdown\": \"values\", "
            "\"rationale\": \"Ill health.\"",
            "\"level\" must be one of region, municipality, both, not \"county\"");
    }
    SUBCASE("misspelt field") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"], \"partnr\": \"N00925\",\n" + valid_rest,
            "unknown field \"partnr\" (expected: id, goals, targets, level, direction, "
            "breakdown, partner, rationale, historical)");
    }
    SUBCASE("a pair without partner") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"],\n"
            "      \"level\": \"both\", \"direction\": \"neutral\", \"breakdown\": \"pair\", "
            "\"rationale\": \"Ill health.\"",
            "breakdown \"pair\" needs a \"partner\": the id of the key figure for the other sex");
    }
    SUBCASE("a partner without pair") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"], \"partner\": \"N00925\",\n" + valid_rest,
            "\"partner\" is only for breakdown \"pair\", and the breakdown is \"values\"");
    }
    SUBCASE("a malformed target id") {
        expect("      \"goals\": [5], \"targets\": [\"goal 3\"],\n" + valid_rest,
               "\"targets\" holds \"goal 3\", which is not an Agenda 2030 target id such as "
               "\"5.2\"");
    }
    SUBCASE("a target listed twice") {
        expect("      \"goals\": [5], \"targets\": [\"3.4\", \"3.4\"],\n" + valid_rest,
               "\"targets\" lists \"3.4\" twice");
    }
    SUBCASE("flag_only with a partner") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"], \"partner\": \"N00925\",\n"
            "      \"level\": \"both\", \"direction\": \"neutral\", \"breakdown\": \"flag_only\", "
            "\"rationale\": \"Ill health.\"",
            "\"partner\" is only for breakdown \"pair\", and the breakdown is \"flag_only\"");
    }
    SUBCASE("flag only, misspelt") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"],\n"
            "      \"level\": \"both\", \"direction\": \"neutral\", \"breakdown\": \"flag-only\", "
            "\"rationale\": \"Ill health.\"",
            "\"breakdown\" must be one of values, pair, by_construction, flag_only, not "
            "\"flag-only\"");
    }
    SUBCASE("historical as a year") {
        expect("      \"goals\": [5], \"targets\": [\"3.4\"], \"historical\": 2023,\n" + valid_rest,
               "\"historical\" must be true or false, not a number");
    }
    SUBCASE("a 10 kB rationale") {
        expect(
            "      \"goals\": [5], \"targets\": [\"3.4\"],\n"
            "      \"level\": \"both\", \"direction\": \"neutral\", \"breakdown\": \"values\", "
            "\"rationale\": \"" +
                std::string(10000, 'x') + "\"",
            "\"rationale\" is too long (10000 bytes; at most 2000)");
    }
    SUBCASE("override in a project file") {
        expect("      \"goals\": [5], \"targets\": [\"3.4\"], \"override\": \"replace\",\n" +
                   valid_rest,
               "\"override\" belongs in a local file; edit the project's entry instead");
    }
}

TEST_CASE("indicators: schema errors in goals.json, region_sets.json and the top level") {
    TempDir dir;
    copy_project_files(dir.path());
    SUBCASE("a sub-goal number as a string") {
        auto goals = read_json(kProjectIndicators / "goals.json");
        goals["sub_goals"][2]["number"] = "three";
        const auto text = goals.dump(2);
        write_text(dir.path() / "goals.json", text);
        // dump() sorts the keys (description, description_sv, name_en, name_sv, number), so
        // "number" is the fifth line after the entry's "{".
        const auto number_line =
            std::count(
                text.begin(),
                text.begin() + static_cast<std::ptrdiff_t>(text.find("\"number\": \"three\"")),
                '\n') +
            1;
        CHECK(load_error(dir.path()) == (dir.path() / "goals.json").string() + ":" +
                                            std::to_string(number_line - 5) +
                                            ": sub_goals[2] (three): \"number\" must be an "
                                            "integer, not a string");
    }
    SUBCASE("a region-set member that is not a unit id") {
        auto sets = read_json(kProjectIndicators / "region_sets.json");
        sets["region_sets"][3]["members"][1] = "Västerbotten";
        write_text(dir.path() / "region_sets.json", sets.dump(2));
        const auto error = load_error(dir.path());
        CHECK(error.find("region_sets.json:") != std::string::npos);
        CHECK(error.find(": region_sets[3] (north): \"members\" holds \"Västerbotten\", which is "
                         "not a unit id") != std::string::npos);
        // The line is where that entry begins: count it in the text written.
        const auto text = sets.dump(2);
        const auto lines = curated::array_element_lines(text, "region_sets");
        REQUIRE(lines.size() == sets["region_sets"].size());
        CHECK(error.find(":" + std::to_string(lines[3]) + ": ") != std::string::npos);
    }
    SUBCASE("the top level is an array") {
        write_text(dir.path() / "region_sets.json", "[]");
        CHECK(load_error(dir.path()) == (dir.path() / "region_sets.json").string() +
                                            ":1: the file must hold a JSON object, not an array");
    }
    SUBCASE("the main array is missing") {
        write_text(dir.path() / "kpis.json", "{\"kpi\": []}");
        CHECK(load_error(dir.path()) ==
              (dir.path() / "kpis.json").string() +
                  ":1: unknown top-level member \"kpi\" (expected: kpis)");
        write_text(dir.path() / "kpis.json", "{}");
        CHECK(load_error(dir.path()) ==
              (dir.path() / "kpis.json").string() + ":1: missing the top-level array \"kpis\"");
    }
    SUBCASE("an entry that is not an object") {
        write_text(dir.path() / "kpis.json", "{\"kpis\": [\n  \"N00945\"\n]}");
        CHECK(load_error(dir.path()) ==
              (dir.path() / "kpis.json").string() +
                  ":2: kpis[0]: the entry must be a JSON object, not a string");
    }
    SUBCASE("a bad override in the local file") {
        write_text(dir.path() / "local.json",
                   "{\"kpis\": [{\"id\": \"N00945\", \"override\": \"merge\", \"goals\": [1]}]}");
        CHECK(load_error(dir.path(), dir.path() / "local.json") ==
              (dir.path() / "local.json").string() +
                  ":1: kpis[0] (N00945): \"override\" must be \"replace\" or \"extend\", not "
                  "\"merge\"");
    }
    SUBCASE("an extend entry that changes more than tags") {
        write_text(dir.path() / "local.json",
                   "{\"kpis\": [{\"id\": \"N00945\", \"override\": \"extend\", \"direction\": "
                   "\"neutral\"}]}");
        const auto error = load_error(dir.path(), dir.path() / "local.json");
        CHECK(error.find("local.json:1: kpis[0] (N00945): unknown field \"direction\"") !=
              std::string::npos);
    }
}

// --- the check: every problem kind, by id ---

TEST_CASE("indicators check: every problem kind is reported by id") {
    TempDir dir;
    const auto problems_dir = kFixtures / "problems";
    const auto set = curated::load_indicators(problems_dir, problems_dir / "local.json");
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", problems_dir / "metadata");
    // Kolada's next catalogue lacks N00002: the catalogue keeps it, marked retired.
    auto kpis = sync::parse_kpi_page(read_json(problems_dir / "metadata" / "kpi.json")).items;
    kpis.erase(std::remove_if(kpis.begin(), kpis.end(),
                              [](const catalogue::Kpi& kpi) { return kpi.id == "N00002"; }),
               kpis.end());
    catalogue.replace_kpis(kpis);
    REQUIRE(catalogue.kpi_is_retired("N00002"));

    const auto problems = curated::check_indicators(set, catalogue);
    using Expected = std::set<std::pair<std::string, std::string>>;
    CHECK(kinds_and_ids(problems) == Expected{
                                         {"duplicate", "2"},       // sub-goal 2 twice
                                         {"duplicate", "N00001"},  // twice in kpis.json
                                         {"duplicate", "good"},    // region set twice
                                         {"nothing_to_override", "N77777"},
                                         {"unknown_sdg_goal", "3.4"},
                                         {"target_goal_mismatch", "16.7"},
                                         {"unknown_kpi", "N99999"},
                                         {"retired_kpi", "N00002"},
                                         {"level_mismatch", "N00003"},
                                         {"unknown_sub_goal", "N00004"},
                                         {"unknown_target", "N00005"},
                                         {"unknown_partner", "N00006"},
                                         {"partner_mismatch", "N00007"},
                                         {"partner_mismatch", "N00008"},
                                         {"unknown_unit", "9999"},
                                     });
    // Duplicates: the one in kpis.json and the local one without "override".
    CHECK(std::count_if(problems.begin(), problems.end(), [](const curated::IndicatorProblem& p) {
              return p.kind == curated::ProblemKind::duplicate && p.id == "N00001";
          }) == 2);
    // Each message points at the entry.
    const auto text = all_messages(problems);
    CHECK(text.find((problems_dir / "kpis.json").string() +
                    ":12: N99999: unknown_kpi: not in Kolada's key-figure catalogue") !=
          std::string::npos);
    CHECK(text.find((problems_dir / "kpis.json").string() +
                    ":30: N00003: level_mismatch: level \"region\" contradicts municipality_type "
                    "K (municipalities only)") != std::string::npos);
    CHECK(text.find((problems_dir / "local.json").string() +
                    ":3: N00001: duplicate: KPI N00001 is defined twice; the first definition is "
                    "at " +
                    (problems_dir / "kpis.json").string() +
                    ":3 (a local entry needs \"override\" to change it)") != std::string::npos);
    CHECK(text.find("N00004: unknown_sub_goal: sub-goal 7 is not defined in goals.json") !=
          std::string::npos);
    CHECK(text.find("region set \"bad\" lists 9999") != std::string::npos);
}

TEST_CASE("indicators check: flag_only needs Kolada's flag, historical needs its \"(-YYYY)\"") {
    // Four entries, on lines 3, 8, 13 and 18, against a kpi.json of our own: a flag_only whose
    // flag is false, a flag_only whose flag is true (fine), a discontinued series left unmarked
    // and a current one marked historical.
    TempDir dir;
    copy_project_files(dir.path());
    const auto entry = [](const char* id, const char* breakdown, const char* extra) {
        return std::string("    {\n      \"id\": \"") + id +
               "\", \"goals\": [5], \"targets\": [\"3.4\"], \"level\": \"both\",\n"
               "      \"direction\": \"neutral\", \"breakdown\": \"" +
               breakdown + "\"" + extra + ",\n      \"rationale\": \"A test entry.\"\n    }";
    };
    write_text(dir.path() / "kpis.json",
               "{\n  \"kpis\": [\n" + entry("F00001", "flag_only", "") + ",\n" +
                   entry("F00002", "flag_only", "") + ",\n" + entry("F00003", "values", "") +
                   ",\n" + entry("F00004", "values", ", \"historical\": true") + "\n  ]\n}\n");
    write_text(dir.path() / "kpi.json",
               R"json({"values": [
 {"id": "F00001", "municipality_type": "A", "is_divided_by_gender": false, "title": "One"},
 {"id": "F00002", "municipality_type": "A", "is_divided_by_gender": true, "title": "Two"},
 {"id": "F00003", "municipality_type": "A", "is_divided_by_gender": true,
  "title": "Three, andel (%) (-2023)"},
 {"id": "F00004", "municipality_type": "A", "is_divided_by_gender": true,
  "title": "Four (-20234)"}
]})json");
    const auto set = curated::load_indicators(dir.path(), std::nullopt);
    REQUIRE(set.kpis.size() == 4);
    CHECK(set.kpis[3].historical);
    const auto files = curated::read_metadata_files(dir.path() / "kpi.json");
    const auto problems = curated::check_indicators(set, curated::files_lookup(files));
    using Expected = std::set<std::pair<std::string, std::string>>;
    CHECK(kinds_and_ids(problems) == Expected{{"flag_mismatch", "F00001"},
                                              {"historical_mismatch", "F00003"},
                                              {"historical_mismatch", "F00004"}});
    const auto text = all_messages(problems);
    const auto kpis = (dir.path() / "kpis.json").string();
    CHECK(text.find(kpis + ":3: F00001: flag_mismatch: breakdown \"flag_only\" rests on Kolada's "
                           "is_divided_by_gender flag, which is false for it") !=
          std::string::npos);
    CHECK(text.find(kpis + ":13: F00003: historical_mismatch: Kolada's title \"Three, andel (%) "
                           "(-2023)\" marks a discontinued series; add \"historical\": true") !=
          std::string::npos);
    CHECK(text.find(kpis + ":18: F00004: historical_mismatch: \"historical\" is true") !=
          std::string::npos);
}

TEST_CASE("indicators check: against metadata files, and without metadata") {
    const auto problems_dir = kFixtures / "problems";
    const auto set = curated::load_indicators(problems_dir, std::nullopt);
    SUBCASE("kpi.json in the v3 envelope, with its unit files") {
        const auto files = curated::read_metadata_files(problems_dir / "metadata" / "kpi.json");
        CHECK(files.kpis.size() == 8);
        const auto ids =
            kinds_and_ids(curated::check_indicators(set, curated::files_lookup(files)));
        CHECK(ids.count({"unknown_kpi", "N99999"}) == 1);
        CHECK(ids.count({"level_mismatch", "N00003"}) == 1);
        CHECK(ids.count({"unknown_unit", "9999"}) == 1);
        CHECK(ids.count({"retired_kpi", "N00002"}) == 0);  // a file knows nothing of retirement
    }
    SUBCASE("a kpi.json alone: units are not checked") {
        TempDir dir;
        fs::copy_file(problems_dir / "metadata" / "kpi.json", dir.path() / "kpi.json");
        const auto files = curated::read_metadata_files(dir.path() / "kpi.json");
        CHECK_FALSE(files.has_units);
        const auto ids =
            kinds_and_ids(curated::check_indicators(set, curated::files_lookup(files)));
        CHECK(ids.count({"unknown_unit", "9999"}) == 0);
        CHECK(ids.count({"unknown_kpi", "N99999"}) == 1);
    }
    SUBCASE("a malformed kpi.json") {
        TempDir dir;
        write_text(dir.path() / "kpi.json",
                   "{\"values\": [\n {\"id\": \"N00001\", \"municipality_type\": \"A\"},\n "
                   "{\"id\": 7}\n]}");
        try {
            curated::read_metadata_files(dir.path() / "kpi.json");
            FAIL("no error");
        } catch (const curated::IndicatorsError& error) {
            CHECK(std::string(error.what()) == (dir.path() / "kpi.json").string() +
                                                   ":3: values[1] (7): \"id\" must be a string");
        }
    }
    SUBCASE("an empty catalogue") {
        TempDir dir;
        auto catalogue = catalogue::Catalogue::open(dir.path() / "catalogue.sqlite");
        const auto problems = curated::check_indicators(set, catalogue);
        const auto ids = kinds_and_ids(problems);
        CHECK(ids.count({"no_metadata", ""}) == 1);
        CHECK(ids.count({"unknown_sub_goal", "N00004"}) == 1);  // structural checks still run
        CHECK(ids.count({"unknown_kpi", "N99999"}) == 0);
    }
}

// --- the local file ---

}  // namespace kolcat
