// kolcat differences, compare --sort and the local notes, run as the real binary on a small
// catalogue with its own curated set ($KOLCAT_INDICATORS_DIR) and local file
// ($KOLCAT_LOCAL_INDICATORS), so that the answers do not move with the project's curated set.

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/test_cli_compare_support.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;
using json = nlohmann::ordered_json;

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

const char* const kGoals = R"({
  "sub_goals": [
    {"number": 3, "name_sv": "Jämställd utbildning", "name_en": "Equal education", "description": "x"},
    {"number": 5, "name_sv": "Jämställd hälsa", "name_en": "Equal health", "description": "x"}
  ],
  "sdg_goals": [
    {"number": 3, "name_sv": "Hälsa och välbefinnande", "name_en": "Good health"},
    {"number": 5, "name_sv": "Jämställdhet", "name_en": "Gender equality"}
  ],
  "targets": [
    {"id": "3.4", "goal": 3, "text_en": "x"},
    {"id": "5.5", "goal": 5, "text_en": "x"}
  ]
})";

std::string kpi_entry(const std::string& id, const std::string& goals, const std::string& target,
                      const std::string& level, const std::string& direction) {
    return R"({"id": ")" + id + R"(", "goals": [)" + goals + R"(], "targets": [")" + target +
           R"("], "level": ")" + level + R"(", "direction": ")" + direction +
           R"(", "breakdown": "values", "rationale": "For the tests."})";
}

// The values of the unit test's catalogue (tests/unit/analysis/test_differences.cpp), where
// every number is worked out by hand; the command must give the same.
struct DifferencesCli {
    TestCatalogue test{
        {make_kpi("A00001", "A", true, "Higher is better"),
         make_kpi("A00002", "A", true, "Lower is better"),
         make_kpi("A00004", "A", false, "Totals only"),
         make_kpi("A00005", "A", true, "Never synced"), make_kpi("K00001", "K", true, "Municipal"),
         make_kpi("U99999", "A", true, "Not curated")},
        false};
    std::filesystem::path indicators = test.folder() / "indicators";
    std::filesystem::path local = test.folder() / "indicators.local.json";

    DifferencesCli() {
        std::vector<std::string> units;
        for (int county = 12; county <= 32; ++county) {
            units.push_back("G336" + std::to_string(county));
        }
        for (const auto& unit : test_municipalities()) {
            units.push_back(unit.id);
        }
        record_synced_pairs(test.catalogue(), {"A00001", "A00002", "A00004", "K00001", "U99999"},
                            units);
        std::vector<catalogue::Value> values;
        add_tkm(values, "A00001", "0025", 2017, 75.0, 70.0, 80.0);
        add_tkm(values, "A00001", "0025", 2022, 70.0, 60.0, 80.0);
        add_tkm(values, "A00001", "0000", 2022, 72.5, 75.0, 70.0);
        add_tkm(values, "A00001", "0001", 2022, 51.0, 50.0, 52.0);
        add_tkm(values, "A00001", "0003", 2022, 45.0, 50.0, 40.0);
        add_tkm(values, "A00001", "0004", 2022, 42.5, 30.0, 55.0);
        add_tkm(values, "A00001", "0005", 2022, 60.0, 60.0, 60.0);
        add_tkm(values, "A00002", "0025", 2019, 5.5, 4.0, 7.0);
        add_tkm(values, "A00002", "0025", 2022, 9.0, 8.0, 10.0);
        add_tkm(values, "A00002", "0000", 2022, 8.5, 8.0, 9.0);
        add_tkm(values, "A00004", "0025", 2022, 12.0, std::nullopt, std::nullopt);
        add_tkm(values, "K00001", "G33632", 2022, 35.0, 40.0, 30.0);
        add_tkm(values, "K00001", "0000", 2022, 35.0, 30.0, 40.0);
        // U99999: K 3, M 1 (gap 2, relative 2 / 2 = 1: the largest); Riket's gap 0.
        add_tkm(values, "U99999", "0025", 2022, 2.0, 3.0, 1.0);
        add_tkm(values, "U99999", "0000", 2022, 2.0, 2.0, 2.0);
        store_values(test.catalogue(), values);

        write_file(indicators / "goals.json", kGoals);
        write_file(indicators / "kpis.json",
                   "{\"kpis\": [" + kpi_entry("A00001", "5", "5.5", "both", "higher_is_better") +
                       ",\n" + kpi_entry("A00002", "3, 5", "3.4", "both", "lower_is_better") +
                       ",\n" + kpi_entry("A00004", "5", "5.5", "both", "lower_is_better") + ",\n" +
                       kpi_entry("A00005", "3", "3.4", "both", "lower_is_better") + ",\n" +
                       kpi_entry("K00001", "3", "3.4", "municipality", "higher_is_better") +
                       "]}\n");
        write_file(indicators / "region_sets.json", R"({"region_sets": [
  {"name": "few", "title": "Few", "title_sv": "Få", "description": "x",
   "members": ["0001", "0003", "0004", "0005"]}
]})");
        set_notes(R"([
    {"kpi": "A00002", "date": "2026-03-15", "analysis": "Men wait longer.",
     "action": "Ask the clinics."},
    {"kpi": "U99999", "date": "2025-12-01", "analysis": "Not curated, followed all the same.",
     "action": "Review in June."}
  ])");
    }

    void set_notes(const std::string& notes) {
        write_file(local, "{\n  \"notes\": " + notes + "\n}\n");
    }

    CommandResult run(const std::vector<std::string>& args) {
        testing::SpawnOptions options;
        options.env = {"KOLCAT_INDICATORS_DIR=" + indicators.string(),
                       "KOLCAT_LOCAL_INDICATORS=" + local.string()};
        std::vector<std::string> all = args;
        all.insert(all.end(), {"--catalogue", test.path().string()});
        return testing::run_kolcat(all, test.folder(), options);
    }
};

std::vector<std::string> kpis_of(const json& rows) {
    std::vector<std::string> ids;
    for (const json& row : rows) {
        ids.push_back(row.at("kpi").get<std::string>());
    }
    return ids;
}

const json& row_in(const json& rows, const std::string& kpi) {
    const auto found = std::find_if(rows.begin(), rows.end(),
                                    [&](const json& row) { return row.at("kpi") == kpi; });
    REQUIRE(found != rows.end());
    return *found;
}

}  // namespace

TEST_CASE("kolcat differences: JSON rows, sorted by |relative gap|, unjudged ones last") {
    DifferencesCli fixture;
    const CommandResult result =
        fixture.run({"differences", "--against", "few", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json rows = json::parse(result.out);
    // The curated set by default: A00001 and K00001 (|relative gap| 20/70 = 10/35, by id),
    // A00002 (2/9), then A00004 (T only) and A00005 (never synced) in the files' order.
    CHECK(kpis_of(rows) ==
          std::vector<std::string>{"A00001", "K00001", "A00002", "A00004", "A00005"});
    const json& first = row_in(rows, "A00001");
    std::vector<std::string> keys;
    for (auto it = first.begin(); it != first.end() && keys.size() < 14; ++it) {
        keys.push_back(it.key());
    }
    CHECK(keys == std::vector<std::string>{"kpi", "title", "period", "K", "M", "gap", "ratio",
                                           "relative_gap", "behind", "gap_change", "base_year",
                                           "riket_gap", "median_gap", "flags"});
    CHECK(first.at("period") == 2022);
    CHECK(first.at("gap") == -20.0);
    CHECK(first.at("ratio").get<double>() == doctest::Approx(0.75));
    CHECK(first.at("behind") == "women");
    CHECK(first.at("gap_change") == -10.0);
    CHECK(first.at("base_year") == 2017);
    CHECK(first.at("riket_gap") == 5.0);
    CHECK(first.at("median_gap") == -1.0);  // -2, 10, -25, 0
    CHECK(first.at("flags") ==
          json::array({"widening", "larger_than_riket", "larger_than_most", "reversed"}));
    const json& totals = row_in(rows, "A00004");
    CHECK(totals.at("judged") == false);
    CHECK(totals.at("verdict") == "none");
    const json& never = row_in(rows, "A00005");
    CHECK(never.at("synced") == false);
    CHECK(never.at("verdict") == "not_synced");
    CHECK(never.at("K").is_null());
    // Never fetched: the sync command on stderr, for scripts.
    CHECK(result.err.find("--kpi A00005 --unit 0000,0001,0003,0004,0005,0025") !=
          std::string::npos);
    CHECK(row_in(rows, "A00002").at("notes").at(0).at("action") == "Ask the clinics.");
}

TEST_CASE("kolcat differences: filters") {
    DifferencesCli fixture;
    auto ids = [&](const std::vector<std::string>& filter) {
        std::vector<std::string> args{"differences", "--against", "few", "--format", "json"};
        args.insert(args.end(), filter.begin(), filter.end());
        const CommandResult result = fixture.run(args);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return kpis_of(json::parse(result.out));
    };
    CHECK(ids({"--goal", "5"}) == std::vector<std::string>{"A00001", "A00002", "A00004"});
    CHECK(ids({"--goal", "3"}) == std::vector<std::string>{"K00001", "A00002", "A00005"});
    CHECK(ids({"--sdg", "5"}) == std::vector<std::string>{"A00001", "A00004"});
    CHECK(ids({"--target", "3.4"}) == std::vector<std::string>{"K00001", "A00002", "A00005"});
    // --flag: judged rows with any of the flags; those that cannot be judged always stay.
    CHECK(ids({"--flag", "reversed"}) ==
          std::vector<std::string>{"A00001", "K00001", "A00004", "A00005"});
    CHECK(ids({"--goal", "5", "--flag", "widening,larger_than_riket"}) ==
          std::vector<std::string>{"A00001", "A00002", "A00004"});
    // --kpi: any key figure; one that is not curated is neutral, so nobody is judged behind.
    CHECK(ids({"--kpi", "a00002,U99999"}) == std::vector<std::string>{"U99999", "A00002"});
    const CommandResult neutral =
        fixture.run({"differences", "--kpi", "U99999", "--format", "json"});
    REQUIRE_MESSAGE(neutral.exit_code == 0, neutral.err);
    const json row = json::parse(neutral.out).at(0);
    CHECK(row.at("behind") == "not_judged");
    CHECK(row.at("relative_gap") == 1.0);                          // (3 − 1) / ((3 + 1) / 2)
    CHECK(row.at("flags") == json::array({"larger_than_riket"}));  // 2 > 0; 0 has no side
}

TEST_CASE("kolcat differences: usage errors are one line with exit 2") {
    DifferencesCli fixture;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"differences", "--flag", "wider"},
          std::vector<std::string>{"differences", "--flag", "widening,"},
          std::vector<std::string>{"differences", "--goal", "5", "--kpi", "A00001"},
          std::vector<std::string>{"differences", "A00001"},
          std::vector<std::string>{"differences", "--trend", "0"},
          std::vector<std::string>{"differences", "--region", "0000"}}) {
        const CommandResult result = fixture.run(args);
        CAPTURE(args.back());
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(lines_of(result.err).size() == 1);
    }
    const CommandResult flag = fixture.run({"differences", "--flag", "wider"});
    CHECK(
        flag.err ==
        "kolcat: error: unknown --flag 'wider': use widening, larger_than_riket, larger_than_most, "
        "reversed\n");
    const CommandResult unknown = fixture.run({"differences", "--kpi", "X12345"});
    CHECK(unknown.exit_code == 3);
}

TEST_CASE("kolcat differences: table, markdown and CSV") {
    DifferencesCli fixture;
    SUBCASE("table: the judged rows, then the ones that cannot be judged, the notes, the rules") {
        const CommandResult result = fixture.run({"differences", "--against", "few"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const std::string& out = result.out;
        CHECK(out.find("Where do women's and men's outcomes differ most? Region Norrbotten "
                       "(0025)") != std::string::npos);
        const auto judged = out.find("A00001");
        const auto unjudged = out.find("Cannot be judged");
        REQUIRE(judged != std::string::npos);
        REQUIRE(unjudged != std::string::npos);
        CHECK(judged < unjudged);
        CHECK(out.find("A00004", unjudged) != std::string::npos);
        CHECK(out.find("not_synced", unjudged) != std::string::npos);
        CHECK(out.find("A00002 2026-03-15: Men wait longer. Action: Ask the clinics.") !=
              std::string::npos);
        CHECK(out.find("larger_than_most: |K−M| is larger than for at least 3 in 4") !=
              std::string::npos);
        CHECK(out.find("--kpi A00005 --unit 0000,0001,0003,0004,0005,0025") != std::string::npos);
    }
    SUBCASE("markdown") {
        const CommandResult result =
            fixture.run({"differences", "--against", "few", "--format", "markdown"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(result.out.find("| kpi") != std::string::npos);
        CHECK(result.out.find("### Cannot be judged") != std::string::npos);
        CHECK(result.out.find("### Your notes") != std::string::npos);
    }
    SUBCASE("CSV: the documented columns, flags separated by spaces, empty for missing") {
        const CommandResult result =
            fixture.run({"differences", "--against", "few", "--format", "csv"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const auto lines = lines_of(result.out);
        REQUIRE(lines.size() == 6);
        CHECK(lines[0] ==
              "kpi,title,period,K,M,gap,ratio,relative_gap,behind,gap_change,base_year,"
              "riket_gap,median_gap,flags,judged,verdict,direction,focus,synced,riket_synced,"
              "units_compared,units_with_gap,notes");
        CHECK(lines[1].rfind("A00001,Higher is better,2022,60,80,-20,0.75,", 0) == 0);
        CHECK(lines[1].find(",women,-10,2017,5,-1,widening larger_than_riket larger_than_most "
                            "reversed,true,,higher_is_better,0025,true,true,4,4,") !=
              std::string::npos);
        CHECK(lines[5].rfind("A00005,Never synced,,,,,,,,,,,,,false,not_synced,", 0) == 0);
    }
}

TEST_CASE("compare --sort orders the units; an unknown key is a usage error") {
    DifferencesCli fixture;
    auto order = [&](const std::string& key) {
        const CommandResult result = fixture.run(
            {"compare", "A00001", "--against", "few", "--sort", key, "--format", "json"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const json comparisons = json::parse(result.out);
        std::string ids;
        for (const json& unit : comparisons.at(0).at("units")) {
            ids += (ids.empty() ? "" : " ") + unit.at("id").get<std::string>();
        }
        return ids;
    };
    // T: 0025 70, 0001 51, 0003 45, 0004 42.5, 0005 60; higher is better, so rank = value.
    CHECK(order("rank") == "0025 0005 0001 0003 0004");
    CHECK(order("value") == "0025 0005 0001 0003 0004");
    // K−M: 0025 −20, 0001 −2, 0003 10, 0004 −25, 0005 0.
    CHECK(order("gap") == "0003 0005 0001 0025 0004");
    // K/M: 0025 0.75, 0001 0.9615, 0003 1.25, 0004 0.545, 0005 1.
    CHECK(order("ratio") == "0003 0005 0001 0025 0004");
    const CommandResult bad = fixture.run({"compare", "A00001", "--sort", "size"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "kolcat: error: unknown --sort 'size': use value, gap, ratio, rank\n");
}

TEST_CASE("local notes: shown by show, checked by indicators check") {
    DifferencesCli fixture;
    SUBCASE("show, as a table and as JSON") {
        const CommandResult table = fixture.run({"show", "A00002"});
        REQUIRE_MESSAGE(table.exit_code == 0, table.err);
        CHECK(table.out.find("note 2026-03-15") != std::string::npos);
        CHECK(table.out.find("Analysis: Men wait longer. Action: Ask the clinics.") !=
              std::string::npos);
        const CommandResult out = fixture.run({"show", "A00002", "--format", "json"});
        REQUIRE_MESSAGE(out.exit_code == 0, out.err);
        const json notes = json::parse(out.out).at("notes");
        REQUIRE(notes.size() == 1);
        CHECK(notes.at(0).at("kpi") == "A00002");
        CHECK(notes.at(0).at("date") == "2026-03-15");
        CHECK(notes.at(0).at("analysis") == "Men wait longer.");
        CHECK(notes.at(0).at("action") == "Ask the clinics.");
        CHECK(notes.at(0).at("source") == fixture.local.string() + ":3");
        const CommandResult none = fixture.run({"show", "A00001", "--format", "json"});
        CHECK(json::parse(none.out).at("notes") == json::array());
    }
    SUBCASE("valid notes pass the check") {
        const CommandResult result = fixture.run({"indicators", "check"});
        CHECK_MESSAGE(result.exit_code == 0, (result.out + result.err));
    }
    SUBCASE("a note on an unknown key figure: FILE:LINE, exit 6") {
        fixture.set_notes(R"([
    {"kpi": "A00002", "date": "2026-03-15", "analysis": "a", "action": "b"},
    {"kpi": "X00001", "date": "2026-03-15", "analysis": "a", "action": "b"}
  ])");
        const CommandResult result = fixture.run({"indicators", "check"});
        CHECK(result.exit_code == 6);
        CHECK(result.out.find(fixture.local.string() + ":4: X00001: unknown_note_kpi: ") !=
              std::string::npos);
    }
}

TEST_CASE("local notes: a malformed note is an error at its FILE:LINE, for every command") {
    DifferencesCli fixture;
    struct Broken {
        std::string entry;
        std::string reason;
    };
    for (const Broken& broken :
         {Broken{R"({"kpi": "A00002", "date": "2026-3-15", "analysis": "a", "action": "b"})",
                 "\"date\" must be a date written YYYY-MM-DD, e.g. \"2026-03-15\", not "
                 "\"2026-3-15\""},
          Broken{R"({"kpi": "A00002", "date": "2026-02-30", "analysis": "a", "action": "b"})",
                 "\"date\" must be a date written YYYY-MM-DD"},
          Broken{R"({"kpi": "A00002", "date": "2026-03-15", "analysis": "", "action": "b"})",
                 "\"analysis\" must not be empty"},
          Broken{R"({"kpi": "A00002", "date": "2026-03-15", "analysis": "a", "action": "  "})",
                 "\"action\" must not be empty"},
          Broken{R"({"kpi": "A00002", "date": "2026-03-15", "analysis": "a"})",
                 "missing field \"action\""},
          Broken{R"({"kpi": "A00002", "date": "2026-03-15", "analysis": "a", "action": "b",
                 "author": "me"})",
                 "unknown field \"author\" (expected: kpi, date, analysis, action)"}}) {
        CAPTURE(broken.entry);
        fixture.set_notes(
            "[\n    {\"kpi\": \"A00002\", \"date\": \"2026-03-15\", \"analysis\": "
            "\"a\", \"action\": \"b\"},\n    " +
            broken.entry + "\n  ]");
        const CommandResult result = fixture.run({"indicators", "check"});
        CHECK(result.exit_code == 6);
        CHECK(lines_of(result.err).size() == 1);
        CHECK(result.err.find(fixture.local.string() + ":4: notes[1] (A00002): " + broken.reason) !=
              std::string::npos);
        // Every command that reads the curated set refuses the file the same way.
        const CommandResult differences = fixture.run({"differences"});
        CHECK(differences.exit_code == 6);
        CHECK(differences.err.find(fixture.local.string() + ":4: notes[1]") != std::string::npos);
    }
}
