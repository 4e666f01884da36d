// The curated indicators: the project's data files, the loader's error messages, the check,
// the local file, storage in the catalogue and the queries the commands use.

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/indicators.hpp"
#include "catalogue/indicators_check.hpp"
#include "catalogue/indicators_json.hpp"
#include "catalogue/indicators_store.hpp"
#include "catalogue/region_sets.hpp"
#include "sync/kolada_json.hpp"

namespace kolcat {
namespace {

namespace fs = std::filesystem;

const fs::path kProjectIndicators = fs::path(KOLCAT_SOURCE_DIR) / "indicators";
const fs::path kFixtures = fs::path(KOLCAT_FIXTURES_DIR) / "indicators";
const fs::path kSnapshot = fs::path(KOLCAT_SNAPSHOT_DIR);

// A fresh directory under the system's temp directory, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ =
            fs::temp_directory_path() / ("kolcat-test-indicators-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A copy of the project's three files in a temp dir, so that one can be broken at a time.
void copy_project_files(const fs::path& dir) {
    for (const char* name : {"goals.json", "kpis.json", "region_sets.json"}) {
        fs::copy_file(kProjectIndicators / name, dir / name);
    }
}

std::string load_error(const fs::path& dir, const std::optional<fs::path>& local = std::nullopt) {
    try {
        load_indicators(dir, local);
    } catch (const IndicatorsError& error) {
        return error.what();
    }
    return "(no error)";
}

nlohmann::json read_json(const fs::path& path) {
    return nlohmann::json::parse(read_text(path));
}

// A catalogue in a temp dir holding the metadata files of `metadata_dir` (the v3 envelope),
// mapped by the sync's own JSON mapping.
Catalogue catalogue_with_metadata(const fs::path& file, const fs::path& metadata_dir) {
    auto catalogue = Catalogue::open(file);
    catalogue.replace_kpis(parse_kpi_page(read_json(metadata_dir / "kpi.json")).items);
    catalogue.replace_municipalities(
        parse_municipality_page(read_json(metadata_dir / "municipality.json")).items);
    catalogue.replace_groups(
        GroupKind::municipality_group,
        parse_group_page(read_json(metadata_dir / "municipality_groups.json")).items);
    return catalogue;
}

std::set<std::pair<std::string, std::string>> kinds_and_ids(
    const std::vector<IndicatorProblem>& problems) {
    std::set<std::pair<std::string, std::string>> result;
    for (const auto& problem : problems) {
        result.emplace(std::string(to_string(problem.kind)), problem.id);
    }
    return result;
}

std::string all_messages(const std::vector<IndicatorProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        text += format_problem(problem) + "\n";
    }
    return text;
}

int count_with_goal(const IndicatorSet& set, int goal) {
    return static_cast<int>(std::count_if(set.kpis.begin(), set.kpis.end(), [&](const auto& kpi) {
        return std::find(kpi.goals.begin(), kpi.goals.end(), goal) != kpi.goals.end();
    }));
}

// The retired members of Kolada's Jämställdhet groups (present in 2024, gone from v3 in 2026).
const std::vector<std::string> kRetiredGroupMembers{"N07401", "N74811", "N15531", "N00410"};

}  // namespace

// --- the project's own files ---

TEST_CASE("indicators: the project's files load, with at least 48 KPIs and 6 per sub-goal") {
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    CHECK(set.merge_issues.empty());
    CHECK(set.kpis.size() >= 48);
    REQUIRE(set.sub_goals.size() == 6);
    for (int goal = 1; goal <= 6; ++goal) {
        INFO("sub-goal " << goal);
        CHECK(set.find_sub_goal(goal) != nullptr);
        CHECK(count_with_goal(set, goal) >= 6);
    }
    CHECK(set.sdg_goals.size() == 17);
    CHECK(set.find_sdg_goal(5)->name_sv == "Jämställdhet");
    for (const auto& target : {"5.2", "5.4", "5.5", "4.5", "8.5", "3.4", "16.1"}) {
        CHECK_MESSAGE(set.find_target(target) != nullptr, target);
    }
    // Examples the issue names, with the design it asks for.
    CHECK(set.find_kpi("N00945")->breakdown == Breakdown::by_construction);
    CHECK(set.find_kpi("N00952")->breakdown == Breakdown::by_construction);
    CHECK(set.find_kpi("N05815")->breakdown == Breakdown::by_construction);
    CHECK(set.find_kpi("N00923")->partner == "N00925");
    CHECK(set.find_kpi("N00925")->partner == "N00923");
    CHECK(set.find_kpi("N70402")->partner == "N70403");
    CHECK(set.find_kpi("N00957")->breakdown == Breakdown::values);
    for (const auto& id : kRetiredGroupMembers) {
        CHECK_MESSAGE(set.find_kpi(id) == nullptr, id);
    }
    // Every entry's source points at its line in kpis.json.
    const auto* first = &set.kpis.front();
    CHECK(first->source.file == kProjectIndicators / "kpis.json");
    CHECK(first->source.line == 3);
    CHECK(set.fingerprint.size() == 16);
}

TEST_CASE("indicators: the project's region sets") {
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    const auto members = [&](const char* name) {
        const auto* region_set = set.find_region_set(name);
        REQUIRE_MESSAGE(region_set != nullptr, name);
        return region_set->members;
    };
    using Ids = std::vector<std::string>;
    CHECK(members("model-regions") == Ids{"0025", "0021", "0013", "0024", "0017", "0009"});
    CHECK(members("modellregion-folkhalsa") == Ids{"0025", "0021", "0013"});
    CHECK(members("modellregion-regional-utveckling") == Ids{"0024", "0017", "0009"});
    CHECK(members("north") == Ids{"0025", "0024", "0023", "0022"});
    CHECK(members("all-regions").size() == 21);
    CHECK(members("riket") == Ids{"0000"});
    CHECK(members("norrbotten-municipalities").size() == 14);
    CHECK(members("similar-regions") == Ids{"G176784", "G43577"});
    CHECK(set.find_region_set("similar-regions")->expand_groups);
    const auto counties = members("county-groups");
    REQUIRE(counties.size() == 21);
    CHECK(counties.front() == "G33612");
    CHECK(counties.back() == "G33632");
    CHECK_FALSE(set.find_region_set("county-groups")->expand_groups);
}

TEST_CASE("indicators: the project's files validate against the fixture catalogue") {
    TempDir dir;
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    const auto problems = check_indicators(set, catalogue);
    CHECK_MESSAGE(problems.empty(), all_messages(problems));

    // The same through the files, without a catalogue.
    const auto files = read_metadata_files(kFixtures / "metadata" / "kpi.json");
    CHECK(files.has_units);
    const auto file_problems = check_indicators(set, files_lookup(files));
    CHECK_MESSAGE(file_problems.empty(), all_messages(file_problems));
}

TEST_CASE("indicators: the project's files validate against the Kolada snapshot") {
    const auto kpi_json = kSnapshot / "kpi.json";
    if (!fs::exists(kpi_json)) {
        MESSAGE("skipped: no Kolada snapshot at " << kSnapshot.string());
        return;
    }
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    const auto files = read_metadata_files(kpi_json);
    CHECK(files.kpis.size() > 6000);
    const auto problems = check_indicators(set, files_lookup(files));
    CHECK_MESSAGE(problems.empty(), all_messages(problems));

    // Every member of Kolada's two Jämställdhet groups that still exists is curated; the
    // retired ones are not.
    const auto groups_file = kSnapshot / "kpi_groups.json";
    if (!fs::exists(groups_file)) {
        MESSAGE("skipped the group check: no " << groups_file.string());
        return;
    }
    const auto groups = read_json(groups_file).at("values");
    int members_checked = 0;
    for (const auto& group : groups) {
        const auto id = group.at("id").get<std::string>();
        if (id != "G2KPI148336" && id != "G2KPI148333") {
            continue;
        }
        for (const auto& member : group.at("members")) {
            const auto kpi = member.at("member_id").get<std::string>();
            INFO(id << " member " << kpi);
            CHECK((set.find_kpi(kpi) != nullptr) == (files.kpis.count(kpi) > 0));
            ++members_checked;
        }
    }
    CHECK(members_checked == 18 + 28);
}

TEST_CASE("indicators: the README documents the retired group members as excluded") {
    const auto readme = read_text(kProjectIndicators / "README.md");
    for (const auto& id : kRetiredGroupMembers) {
        CHECK_MESSAGE(readme.find(id) != std::string::npos, id);
    }
}

// --- malformed files: one clear error with file, line and reason ---

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
        const auto set = load_indicators(dir.path(), std::nullopt);
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
            "breakdown, partner, rationale)");
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
        // dump() sorts the keys, so "number" is the fourth line after the entry's "{".
        const auto number_line =
            std::count(
                text.begin(),
                text.begin() + static_cast<std::ptrdiff_t>(text.find("\"number\": \"three\"")),
                '\n') +
            1;
        CHECK(load_error(dir.path()) == (dir.path() / "goals.json").string() + ":" +
                                            std::to_string(number_line - 4) +
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
        const auto lines = array_element_lines(text, "region_sets");
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
    const auto set = load_indicators(problems_dir, problems_dir / "local.json");
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", problems_dir / "metadata");
    // Kolada's next catalogue lacks N00002: the catalogue keeps it, marked retired.
    auto kpis = parse_kpi_page(read_json(problems_dir / "metadata" / "kpi.json")).items;
    kpis.erase(
        std::remove_if(kpis.begin(), kpis.end(), [](const Kpi& kpi) { return kpi.id == "N00002"; }),
        kpis.end());
    catalogue.replace_kpis(kpis);
    REQUIRE(catalogue.kpi_is_retired("N00002"));

    const auto problems = check_indicators(set, catalogue);
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
    CHECK(std::count_if(problems.begin(), problems.end(), [](const IndicatorProblem& p) {
              return p.kind == ProblemKind::duplicate && p.id == "N00001";
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

TEST_CASE("indicators check: against metadata files, and without metadata") {
    const auto problems_dir = kFixtures / "problems";
    const auto set = load_indicators(problems_dir, std::nullopt);
    SUBCASE("kpi.json in the v3 envelope, with its unit files") {
        const auto files = read_metadata_files(problems_dir / "metadata" / "kpi.json");
        CHECK(files.kpis.size() == 8);
        const auto ids = kinds_and_ids(check_indicators(set, files_lookup(files)));
        CHECK(ids.count({"unknown_kpi", "N99999"}) == 1);
        CHECK(ids.count({"level_mismatch", "N00003"}) == 1);
        CHECK(ids.count({"unknown_unit", "9999"}) == 1);
        CHECK(ids.count({"retired_kpi", "N00002"}) == 0);  // a file knows nothing of retirement
    }
    SUBCASE("a kpi.json alone: units are not checked") {
        TempDir dir;
        fs::copy_file(problems_dir / "metadata" / "kpi.json", dir.path() / "kpi.json");
        const auto files = read_metadata_files(dir.path() / "kpi.json");
        CHECK_FALSE(files.has_units);
        const auto ids = kinds_and_ids(check_indicators(set, files_lookup(files)));
        CHECK(ids.count({"unknown_unit", "9999"}) == 0);
        CHECK(ids.count({"unknown_kpi", "N99999"}) == 1);
    }
    SUBCASE("a malformed kpi.json") {
        TempDir dir;
        write_text(dir.path() / "kpi.json",
                   "{\"values\": [\n {\"id\": \"N00001\", \"municipality_type\": \"A\"},\n "
                   "{\"id\": 7}\n]}");
        try {
            read_metadata_files(dir.path() / "kpi.json");
            FAIL("no error");
        } catch (const IndicatorsError& error) {
            CHECK(std::string(error.what()) == (dir.path() / "kpi.json").string() +
                                                   ":3: values[1] (7): \"id\" must be a string");
        }
    }
    SUBCASE("an empty catalogue") {
        TempDir dir;
        auto catalogue = Catalogue::open(dir.path() / "catalogue.sqlite");
        const auto problems = check_indicators(set, catalogue);
        const auto ids = kinds_and_ids(problems);
        CHECK(ids.count({"no_metadata", ""}) == 1);
        CHECK(ids.count({"unknown_sub_goal", "N00004"}) == 1);  // structural checks still run
        CHECK(ids.count({"unknown_kpi", "N99999"}) == 0);
    }
}

// --- the local file ---

TEST_CASE("indicators: a local file replaces, extends and adds") {
    const auto local = kFixtures / "local" / "indicators.local.json";
    const auto project = load_indicators(kProjectIndicators, std::nullopt);
    const auto set = load_indicators(kProjectIndicators, local);
    CHECK(set.merge_issues.empty());
    CHECK(set.kpis.size() == project.kpis.size() + 1);
    CHECK(set.files.back() == local);
    CHECK(set.fingerprint != project.fingerprint);

    const auto* replaced = set.find_kpi("N05815");
    REQUIRE(replaced != nullptr);
    CHECK(replaced->direction == Direction::higher_is_better);
    CHECK(replaced->source.file == local);
    CHECK(replaced->source.line == 3);
    // A replacement keeps the project's position.
    const auto position = [](const IndicatorSet& s, const std::string& id) {
        return std::find_if(s.kpis.begin(), s.kpis.end(),
                            [&](const CuratedKpi& k) { return k.id == id; }) -
               s.kpis.begin();
    };
    CHECK(position(set, "N05815") == position(project, "N05815"));

    const auto* extended = set.find_kpi("N00945");
    REQUIRE(extended != nullptr);
    CHECK(extended->goals == project.find_kpi("N00945")->goals);  // 2 was there already
    auto expected_targets = project.find_kpi("N00945")->targets;
    expected_targets.push_back("10.2");
    CHECK(extended->targets == expected_targets);
    CHECK(extended->source.file == kProjectIndicators / "kpis.json");
    REQUIRE(extended->extended_by.size() == 1);
    CHECK(extended->extended_by.front().file == local);

    CHECK(set.kpis.back().id == "U01413");
    CHECK(set.find_region_set("our-neighbours") != nullptr);
    CHECK(set.find_region_set("north")->members == std::vector<std::string>{"0025", "0024"});
    CHECK(set.region_sets.size() == project.region_sets.size() + 1);

    // The same validation applies: against the fixture catalogue, all is well.
    TempDir dir;
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    const auto problems = check_indicators(set, catalogue);
    CHECK_MESSAGE(problems.empty(), all_messages(problems));
}

TEST_CASE("indicators: where the local file is found") {
    TempDir dir;
    std::map<std::string, std::string> env;
    const GetEnv getenv = [&](const char* name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    CHECK_FALSE(local_indicators_file(getenv).has_value());  // no HOME, no XDG: none

    env["HOME"] = dir.path().string();
    CHECK_FALSE(local_indicators_file(getenv).has_value());  // the default file does not exist
    const auto home_file = dir.path() / ".config" / "kolcat" / "indicators.local.json";
    fs::create_directories(home_file.parent_path());
    write_text(home_file, "{}");
    CHECK(local_indicators_file(getenv) == home_file);

    env["XDG_CONFIG_HOME"] = (dir.path() / "xdg").string();
    CHECK_FALSE(local_indicators_file(getenv).has_value());
    const auto xdg_file = dir.path() / "xdg" / "kolcat" / "indicators.local.json";
    fs::create_directories(xdg_file.parent_path());
    write_text(xdg_file, "{}");
    CHECK(local_indicators_file(getenv) == xdg_file);
    env["XDG_CONFIG_HOME"] = "relative/dir";  // invalid by the XDG spec: ignored
    CHECK(local_indicators_file(getenv) == home_file);

    const auto named = dir.path() / "mine.json";
    write_text(named, "{}");
    env["KOLCAT_LOCAL_INDICATORS"] = named.string();
    CHECK(local_indicators_file(getenv) == named);
    env["KOLCAT_LOCAL_INDICATORS"] = (dir.path() / "missing.json").string();
    CHECK_THROWS_WITH_AS(local_indicators_file(getenv),
                         doctest::Contains("KOLCAT_LOCAL_INDICATORS names"), IndicatorsError);

    // An empty local file is valid and changes nothing but the fingerprint.
    const auto project = load_indicators(kProjectIndicators, std::nullopt);
    const auto with_empty = load_indicators(kProjectIndicators, named);
    CHECK(with_empty.kpis.size() == project.kpis.size());
}

TEST_CASE("indicators: sync ids are the curated KPIs and their partners, once each") {
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    const auto ids = sync_kpi_ids(set);
    CHECK(ids.size() == set.kpis.size());  // every partner is curated itself
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    CHECK(ids.front() == set.kpis.front().id);

    const auto problems_set = load_indicators(kFixtures / "problems", std::nullopt);
    const auto problem_ids = sync_kpi_ids(problems_set);
    CHECK(std::find(problem_ids.begin(), problem_ids.end(), "N99998") != problem_ids.end());
}

// --- storage in the catalogue ---

namespace {

// Stores values for some KPIs through the catalogue's own sync API.
void store_values(Catalogue& catalogue, const std::vector<Value>& values) {
    SyncRun run;
    run.started_at = "2026-01-01T00:00:00Z";
    run.api_url = "http://127.0.0.1:1/v3";
    SyncSegment segment;
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

Value value_of(const std::string& kpi, std::optional<double> number) {
    Value value;
    value.kpi = kpi;
    value.municipality = "0025";
    value.period = 2022;
    value.value = number;
    return value;
}

std::vector<std::string> ids_of(const std::vector<CuratedKpi>& kpis) {
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
        load_indicators(kProjectIndicators, kFixtures / "local" / "indicators.local.json");
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    CHECK(catalogue.schema_version() >= 2);
    CHECK_FALSE(stored_indicators_fingerprint(catalogue).has_value());
    CHECK(store_indicators_if_changed(catalogue, set));
    CHECK(stored_indicators_fingerprint(catalogue) == set.fingerprint);
    CHECK_FALSE(store_indicators_if_changed(catalogue, set));

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
    }

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
    const auto tags = kpi_tags(catalogue, "N00945");
    REQUIRE(tags.has_value());
    CHECK(tags->kpi.breakdown == Breakdown::by_construction);
    REQUIRE(!tags->sub_goals.empty());
    CHECK(tags->sub_goals.front().name_en == "Equal distribution of unpaid housework and care");
    CHECK(tags->targets.front().id == "5.4");
    REQUIRE(tags->sdg_goals.size() == 2);  // 5.4 and, from the local file, 10.2
    CHECK(tags->sdg_goals[0].number == 5);
    CHECK(tags->sdg_goals[1].number == 10);
    CHECK_FALSE(kpi_tags(catalogue, "N09999").has_value());

    CHECK(sub_goals(catalogue).size() == 6);
    CHECK(sdg_goals(catalogue).size() == 17);
    CHECK(sdg_targets(catalogue).size() == set.targets.size());
    CHECK(region_sets(catalogue).size() == set.region_sets.size());
    const auto north = region_set(catalogue, "north");  // replaced by the local file
    REQUIRE(north.has_value());
    CHECK(north->members == std::vector<std::string>{"0025", "0024"});
    CHECK_FALSE(region_set(catalogue, "nowhere").has_value());

    // Storing the project's set alone replaces everything, the local additions included.
    const auto project = load_indicators(kProjectIndicators, std::nullopt);
    CHECK(store_indicators_if_changed(catalogue, project));
    CHECK(curated_kpis(catalogue).size() == project.kpis.size());
    CHECK_FALSE(curated_kpi(catalogue, "U01413").has_value());
    CHECK(region_set(catalogue, "north")->members.size() == 4);
    CHECK_FALSE(region_set(catalogue, "our-neighbours").has_value());
}

TEST_CASE("indicators store: goal summaries count the KPIs with data") {
    TempDir dir;
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    store_indicators(catalogue, set);
    // N00945 (sub-goals 4 and 2, target 5.4) and N00957 (5 and 2) have values; N00943 has only
    // a null value, which is no data.
    store_values(catalogue, {value_of("N00945", 41.5), value_of("N00957", 24.9),
                             value_of("N00943", std::nullopt)});

    const auto summaries = sub_goal_summaries(catalogue);
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
                                     [](const GoalKpi& k) { return k.kpi == "N00945"; });
    REQUIRE(titled != summaries[3].kpis.end());
    CHECK(titled->title.find("VAB") != std::string::npos);

    const auto sdg = sdg_goal_summaries(catalogue);
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
    const auto goal5 =
        std::find_if(sdg.begin(), sdg.end(), [](const GoalSummary& s) { return s.number == 5; });
    REQUIRE(goal5 != sdg.end());
    CHECK(goal5->name_en == "Gender equality");
    CHECK(goal5->kpis_with_data == 1);  // N00945 via 5.4
    CHECK(std::find(goal5->targets.begin(), goal5->targets.end(), "5.1") == goal5->targets.end());
}

TEST_CASE("indicators store: a read-only catalogue refuses to store") {
    TempDir dir;
    const auto file = dir.path() / "catalogue.sqlite";
    Catalogue::open(file);  // create it
    auto catalogue = Catalogue::open(file, OpenMode::read_only);
    const auto set = load_indicators(kProjectIndicators, std::nullopt);
    CHECK_THROWS_AS(store_indicators(catalogue, set), CatalogueError);
    CHECK(curated_kpis(catalogue).empty());
}

// --- region sets for --against ---

TEST_CASE("region sets: expansion and the --against argument") {
    TempDir dir;
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    store_indicators(catalogue, load_indicators(kProjectIndicators, std::nullopt));

    const auto similar = region_set(catalogue, "similar-regions");
    REQUIRE(similar.has_value());
    const auto units = region_set_units(catalogue, *similar);
    // G176784 and G43577 share several regions; each appears once, in order of first mention.
    CHECK(units.size() == 9);
    CHECK(units.front() == "0008");
    CHECK(std::find(units.begin(), units.end(), "0021") != units.end());  // only in G43577
    CHECK(std::find(units.begin(), units.end(), "G176784") == units.end());
    // County groups are units of their own.
    CHECK(region_set_units(catalogue, *region_set(catalogue, "county-groups")).size() == 21);

    auto resolved = resolve_against(catalogue, "modellregion-folkhalsa, riket");
    CHECK(resolved.label == "modellregion-folkhalsa, riket");
    CHECK(resolved.units == std::vector<std::string>{"0025", "0021", "0013", "0000"});
    resolved = resolve_against(catalogue, "0024,0017,0024");
    CHECK(resolved.units == std::vector<std::string>{"0024", "0017"});
    CHECK_THROWS_WITH_AS(resolve_against(catalogue, "modelregions"),
                         doctest::Contains("known sets: model-regions, modellregion-folkhalsa"),
                         IndicatorsError);
    CHECK_THROWS_WITH_AS(resolve_against(catalogue, "9999"),
                         doctest::Contains("unit 9999 is not in the catalogue"), IndicatorsError);
    CHECK_THROWS_AS(resolve_against(catalogue, " , "), IndicatorsError);
}

// --- the text scanner behind the line numbers ---

TEST_CASE("indicators json: element lines and byte positions") {
    const std::string text =
        "{\"a\": {\"kpis\": [1]},\n \"kpis\": [\n  {\"x\": \"]\\\"[\"},\n  2,\n\n  [3, {\"y\": "
        "[]}],\n  \"s\"\n ]}";
    CHECK(array_element_lines(text, "kpis") == std::vector<int>{3, 4, 6, 7});
    CHECK(array_element_lines(text, "missing").empty());
    CHECK(array_element_lines("{\"kpis\": []}", "kpis").empty());
    CHECK(position_of_offset("ab\ncd", 0).line == 1);
    CHECK(position_of_offset("ab\ncd", 4).line == 2);
    CHECK(position_of_offset("ab\ncd", 4).column == 2);
    CHECK(position_of_offset("ab", 99).column == 3);
    // Hostile or broken text never crashes the scanner.
    for (const std::string& broken : std::vector<std::string>{
             "", "{", "{\"kpis\"", "{\"kpis\": [", "{\"kpis\": [\"\\", "{\"kpis\": [{{{{", "[[[[",
             "{\"kpis\": [1,,,]}", std::string(100000, '[')}) {
        CHECK_NOTHROW(array_element_lines(broken, "kpis"));
    }
}

}  // namespace kolcat
