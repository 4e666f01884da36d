#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/test_cli_compare_support.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;
using kolcat::testing::external_references;
using kolcat::testing::MarkupNode;
using kolcat::testing::parse_markup;

namespace {

const std::string hostile = "<script>alert(1)</script> & \"quoted\" 'single'";

// A few curated key figures with values for Norrbotten, two other regions and Riket.
struct ReportFixture {
    TestCatalogue test{
        {make_kpi("N00957", "A", true, "Ohälsotal, dagar"),
         make_kpi("N00209", "K", true, "Heltidsarbetande månadsavlönade, kommun, andel (%)")}};
    explicit ReportFixture(bool hostile_names = false) {
        if (hostile_names) {
            test.catalogue().replace_kpis({make_kpi("N00957", "A", true, hostile + ", dagar"),
                                           make_kpi("N00209", "K", true, hostile)});
            auto units = test_municipalities();
            for (auto& unit : units) {
                if (unit.id == "0024") {
                    unit.title = hostile;
                }
            }
            test.catalogue().replace_municipalities(units);
        }
        std::vector<catalogue::Value> values;
        for (int year = 2013; year <= 2022; ++year) {
            add_tkm(values, "N00957", "0025", year, 20.0 + year % 7, 24.0 + year % 5, 17.0);
            add_tkm(values, "N00957", "0000", year, 21.0, 25.0, 17.5);
        }
        add_tkm(values, "N00957", "0024", 2022, 22.25, 26.0, 18.5);
        add_tkm(values, "N00957", "0013", 2022, 19.0, std::nullopt, std::nullopt);
        add_tkm(values, "N00209", "G33632", 2022, 70.0, 60.0, 80.0);
        add_tkm(values, "N00209", "0000", 2022, 73.0, 68.0, 84.0);
        store_values(test.catalogue(), values);
    }
    CommandResult run(const std::vector<std::string>& args) {
        return run_kolcat_on(test.path(), test.folder(), args);
    }
    std::filesystem::path out(const std::string& name = "report.html") const {
        return test.folder() / name;
    }
};

std::vector<std::string> ids_of(const MarkupNode& root, const std::string& css_class) {
    std::vector<std::string> ids;
    for (const auto* node : root.find_by_class(css_class)) {
        ids.push_back(node->attribute("id"));
    }
    return ids;
}

}  // namespace

TEST_CASE("kolcat report writes one self-contained, well-formed HTML file") {
    ReportFixture fixture;
    const auto result = fixture.run({"report", "--out", fixture.out().string()});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    CHECK(result.out.find("Wrote ") != std::string::npos);
    const std::string html = read_text_file(fixture.out());
    const auto root = parse_markup(html);
    CHECK(root->attribute("lang") == "sv");
    CHECK(external_references(html).empty());

    CHECK(ids_of(*root, "summary") == std::vector<std::string>{"summary"});
    CHECK(ids_of(*root, "goal") ==
          std::vector<std::string>{"goal-1", "goal-2", "goal-3", "goal-4", "goal-5", "goal-6"});
    CHECK(ids_of(*root, "breakdown") == std::vector<std::string>{"sex-breakdown"});
    // One article per curated key figure and sub-goal, each with its four figures.
    std::size_t expected_articles = 0;
    for (const auto& kpi : project_indicators().kpis) {
        expected_articles += kpi.goals.size();
    }
    const auto articles = root->find_by_class("kpi");
    CHECK(articles.size() == expected_articles);
    for (const auto* article : articles) {
        CHECK(article->find_all("figure").size() == 4);
    }
    // N00957 in sub-goal 5: its charts are drawn, and the table holds the stored numbers.
    const auto sick = root->find_all(
        [](const MarkupNode& node) { return node.attribute("id") == "goal-5-N00957"; });
    REQUIRE(sick.size() == 1);
    CHECK(sick[0]->find_all("svg").size() == 4);  // with the gap's trend: K and M are stored
    const auto rows = sick[0]->find_all([](const MarkupNode& node) {
        return node.name == "tr" && node.attribute("data-unit") == "0024";
    });
    REQUIRE(rows.size() == 1);
    const auto cells = rows[0]->find_all("td");
    CHECK(cells[1]->attribute("data-value") == "22.25");
    CHECK(cells[2]->attribute("data-value") == "26");
    CHECK(cells[3]->attribute("data-value") == "18.5");
    CHECK(html.find("Källa: Kolada") != std::string::npos);
}

TEST_CASE("kolcat report: --lang en, --goal and --against narrow and translate the report") {
    ReportFixture fixture;
    const auto result = fixture.run({"report", "--out", fixture.out().string(), "--lang", "en",
                                     "--goal", "5", "--against", "model-regions"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto root = parse_markup(read_text_file(fixture.out()));
    CHECK(root->attribute("lang") == "en");
    CHECK(ids_of(*root, "goal") == std::vector<std::string>{"goal-5"});
    const std::string header = root->find_all("header")[0]->all_text();
    CHECK(header.find("Compared with") != std::string::npos);
    CHECK(header.find("model-regions") != std::string::npos);
}

TEST_CASE("kolcat report: titles and unit names from the data are escaped") {
    ReportFixture fixture(true);
    const auto result = fixture.run({"report", "--out", fixture.out().string()});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const std::string html = read_text_file(fixture.out());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(external_references(html).empty());
    const auto root = parse_markup(html);  // still well-formed
    bool title_seen = false;
    bool unit_seen = false;
    for (const auto* heading : root->find_all("h3")) {
        title_seen = title_seen || heading->text == hostile + ", dagar";
    }
    for (const auto* cell : root->find_by_class("unit-name")) {
        unit_seen = unit_seen || cell->all_text() == hostile;
    }
    CHECK(title_seen);
    CHECK(unit_seen);
}

TEST_CASE("kolcat report: on any error nothing is written and an old report stays") {
    ReportFixture fixture;
    SUBCASE("a folder that does not exist") {
        const auto path = fixture.out("missing-folder/report.html");
        const auto result = fixture.run({"report", "--out", path.string()});
        CHECK(result.exit_code == 4);
        CHECK(result.err ==
              "kolcat: cannot write output " + path.string() + ": No such file or directory\n");
        CHECK_FALSE(std::filesystem::exists(path));
        CHECK_FALSE(std::filesystem::exists(path.parent_path()));
    }
    SUBCASE("errors leave an existing report untouched") {
        const auto path = fixture.out();
        {
            std::ofstream old(path);
            old << "the old report";
        }
        const auto unknown_set =
            fixture.run({"report", "--out", path.string(), "--against", "no-such-set"});
        CHECK(unknown_set.exit_code == 3);  // as from compare
        CHECK(unknown_set.err.find("kolcat: not found: --against: \"NO-SUCH-SET\" is neither a "
                                   "region set nor a unit id") != std::string::npos);
        const auto unknown_region =
            fixture.run({"report", "--out", path.string(), "--region", "9999"});
        CHECK(unknown_region.exit_code == 3);
        const auto bad_language = fixture.run({"report", "--out", path.string(), "--lang", "de"});
        CHECK(bad_language.exit_code == 2);
        const auto bad_goal = fixture.run({"report", "--out", path.string(), "--goal", "7"});
        CHECK(bad_goal.exit_code == 2);
        CHECK(read_text_file(path) == "the old report");
        // Only the old file: no temporary file was left beside it.
        for (const auto& entry : std::filesystem::directory_iterator(fixture.test.folder())) {
            CHECK(entry.path().filename().string().find("report.html.") == std::string::npos);
        }
        // A good run replaces it whole.
        const auto good = fixture.run({"report", "--out", path.string()});
        REQUIRE_MESSAGE(good.exit_code == 0, good.err);
        CHECK(read_text_file(path).rfind("<!DOCTYPE html>", 0) == 0);
    }
    SUBCASE("--out is required") {
        const auto result = fixture.run({"report"});
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("--out") != std::string::npos);
    }
}

TEST_CASE("kolcat report: demo data is announced in the report") {
    ReportFixture fixture;
    fixture.test.catalogue().set_meta("data_source", "demo");
    const auto result = fixture.run({"report", "--out", fixture.out().string(), "--goal", "2"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    CHECK(result.err.find("DEMO DATA") != std::string::npos);
    const auto root = parse_markup(read_text_file(fixture.out()));
    CHECK(root->find_by_class("demo-warning").size() == 1);
}

TEST_CASE("kolcat report: Riket cannot be the focus region") {
    ReportFixture fixture;
    const auto path = fixture.out();
    const auto result = fixture.run({"report", "--out", path.string(), "--region", "0000"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("Riket (0000) is always the national row and cannot be the focus") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));
}

namespace {

std::vector<std::string> section_ids(const std::string& html) {
    return ids_of(*parse_markup(html), "goal");
}

std::set<std::string> article_kpis(const std::string& html) {
    std::set<std::string> ids;
    // The parsed tree must outlive the loop: the nodes found point into it.
    const auto root = parse_markup(html);
    for (const auto* article : root->find_by_class("kpi")) {
        ids.insert(article->attribute("data-kpi"));
    }
    return ids;
}

std::size_t lines_in(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("kolcat report: --goal with several sub-goals, --sdg, --target and --kpi") {
    ReportFixture fixture;
    const auto path = fixture.out().string();
    const auto run_ok = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"report", "--out", path});
        const auto result = fixture.run(args);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return read_text_file(fixture.out());
    };
    const auto curated_with = [](const std::function<bool(const curated::CuratedKpi&)>& keep) {
        std::set<std::string> ids;
        for (const auto& kpi : project_indicators().kpis) {
            if (keep(kpi)) {
                ids.insert(kpi.id);
            }
        }
        return ids;
    };

    const std::string goals = run_ok({"--goal", "3,5,6"});
    CHECK(section_ids(goals) == std::vector<std::string>{"goal-3", "goal-5", "goal-6"});
    CHECK(parse_markup(goals)->find_by_class("selection")[0]->text == "delmål 3, 5, 6");

    // N00957 serves sub-goals 5 and 2: its two sections, nothing else.
    const std::string one = run_ok({"--kpi", "n00957"});
    CHECK(section_ids(one) == std::vector<std::string>{"goal-2", "goal-5"});
    CHECK(article_kpis(one) == std::set<std::string>{"N00957"});

    const std::string target = run_ok({"--target", "3.4"});
    CHECK(article_kpis(target) == curated_with([](const curated::CuratedKpi& kpi) {
              return std::find(kpi.targets.begin(), kpi.targets.end(), "3.4") != kpi.targets.end();
          }));

    const std::string sdg = run_ok({"--sdg", "8", "--kpi", "N00957,N00209"});
    CHECK(article_kpis(sdg) == curated_with([](const curated::CuratedKpi& kpi) {
              const bool chosen = kpi.id == "N00957" || kpi.id == "N00209";
              return chosen &&
                     std::any_of(kpi.targets.begin(), kpi.targets.end(),
                                 [](const std::string& t) { return t.rfind("8.", 0) == 0; });
          }));
}

TEST_CASE("kolcat report: a bad selection is one line and exit 2, an unknown one exit 3") {
    ReportFixture fixture;
    const auto path = fixture.out();
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"report", "--out", path.string()});
        return fixture.run(args);
    };
    for (const auto& bad : std::vector<std::vector<std::string>>{{"--goal", "3,x"},
                                                                 {"--goal", "0"},
                                                                 {"--goal", "3,,5"},
                                                                 {"--goal", "7,3"},
                                                                 {"--sdg", "18"},
                                                                 {"--sdg", "five"},
                                                                 {"--kpi", ""}}) {
        const auto result = run(bad);
        INFO(bad[0] << " " << bad[1] << ": " << result.err);
        CHECK(result.exit_code == 2);
        CHECK(lines_in(result.err) == 1);
    }
    CHECK(run({"--goal", "3,x"}).err ==
          "kolcat: error: invalid --goal '3,x': expected sub-goals 1 to 6, comma-separated (e.g. "
          "3,5,6)\n");
    const auto unknown_kpi = run({"--kpi", "N00957,N99999"});
    CHECK(unknown_kpi.exit_code == 3);
    CHECK(lines_in(unknown_kpi.err) == 1);
    CHECK(unknown_kpi.err.find("N99999") != std::string::npos);
    const auto nothing = run({"--target", "99.9"});
    CHECK(nothing.exit_code == 3);
    CHECK(nothing.err ==
          "kolcat: not found: no curated key figure matches the given "
          "--goal/--sdg/--target/--kpi\n");
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("kolcat report --compact: each curated key figure once, no per-figure charts") {
    ReportFixture fixture;
    const auto result = fixture.run({"report", "--out", fixture.out().string(), "--compact"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const std::string html = read_text_file(fixture.out());
    CHECK(external_references(html).empty());
    const auto root = parse_markup(html);
    CHECK(root->find_by_class("kpi").empty());
    std::vector<std::string> rows;
    for (const auto* row : root->find_by_class("kpi-row")) {
        rows.push_back(row->attribute("data-kpi"));
    }
    CHECK(rows.size() == project_indicators().kpis.size());
    CHECK(std::set<std::string>(rows.begin(), rows.end()).size() == rows.size());
    CHECK(ids_of(*root, "goal") ==
          std::vector<std::string>{"goal-1", "goal-2", "goal-3", "goal-4", "goal-5", "goal-6"});
    // N00957's row names both its sub-goals, and it is listed under the first of them.
    const auto sick = root->find_all(
        [](const MarkupNode& node) { return node.attribute("id") == "goal-2-N00957"; });
    REQUIRE(sick.size() == 1);
    CHECK(sick[0]->find_by_class("goals")[0]->all_text() == "2, 5");
    // The flagged section, as `kolcat differences` flags the fixture. By hand, in 2022:
    //  N00957, 0025: K 24 + 2022 % 5 = 26, M 17, gap 9; Riket 25 − 17.5 = 7.5, so larger than
    //  Riket's. Base year 2017 (five years back): K 26, M 17, gap 9, equal, so not widening.
    //  Only 0024 of the compared regions has a gap: too few for larger_than_most.
    //  N00209 (K type, through G33632): 60 − 80 = −20 against Riket's 68 − 84 = −16: larger,
    //  the same sign; no earlier year, so not widening.
    const auto flagged = root->find_by_class("flagged");
    REQUIRE(flagged.size() == 1);
    std::map<std::string, std::string> flags;
    for (const auto* row : flagged[0]->find_all("tr")) {
        if (!row->attribute("data-kpi").empty()) {
            flags[row->attribute("data-kpi")] = row->find_by_class("flags")[0]->all_text();
        }
    }
    CHECK(flags == std::map<std::string, std::string>{{"N00957", "större än rikets"},
                                                      {"N00209", "större än rikets"}});
}

TEST_CASE("kolcat report: the local notes under their key figure, and the coverage by sub-goal") {
    ReportFixture fixture;
    const auto local = fixture.test.folder() / "indicators.local.json";
    {
        std::ofstream file(local);
        file << R"({"notes": [{"kpi": "N00957", "date": "2026-03-12",
                   "analysis": "Sick leave differs by occupation.",
                   "action": "Follow it up with the employers."}]})";
    }
    testing::SpawnOptions options;
    options.env = {"KOLCAT_LOCAL_INDICATORS=" + local.string()};
    for (const bool compact : {false, true}) {
        INFO("compact " << compact);
        std::vector<std::string> args = {"report", "--out", fixture.out().string(), "--catalogue",
                                         fixture.test.path().string()};
        if (compact) {
            args.emplace_back("--compact");
        }
        const auto result = testing::run_kolcat(args, fixture.test.folder(), options);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const auto root = parse_markup(read_text_file(fixture.out()));

        // The full report shows N00957 under both its sub-goals, the compact one once.
        const auto notes = root->find_by_class("notes");
        REQUIRE(notes.size() == (compact ? 1U : 2U));
        CHECK(notes[0]->attribute("data-kpi") == "N00957");
        CHECK(notes[0]->find_by_class("note-analysis")[0]->all_text().find(
                  "Sick leave differs by occupation.") != std::string::npos);
        CHECK(notes[0]->find_by_class("note-action")[0]->all_text().find(
                  "Follow it up with the employers.") != std::string::npos);

        // Coverage for 0025, by hand. Each key figure's last three years with a T value:
        //  N00957 (sub-goals 2, 5): 2020–2022 for 0025, each with K and M: 3 of 3 cells;
        //  N00209 (sub-goals 2, 4; K type, so G33632): 2022 only: 1 of 1.
        // The median region over the same key figures: 0025 1.0, 0024 (N00957 2022 with K and
        // M; its county group holds nothing) 1.0, 0013 (N00957 2022 without K and M) 0.0;
        // median 1.0. Sub-goal 4 has N00209 alone: only 0025 has a cell. Sub-goals 1, 3, 6:
        // no key figure with values.
        std::vector<std::string> rows;
        for (const auto* row : root->find_by_class("coverage-row")) {
            const auto cells = row->find_all("td");
            std::vector<const MarkupNode*> figures(cells.begin() + 1, cells.end());
            rows.push_back(cells[0]->all_text().substr(0, 2) + joined_text(figures));
        }
        CHECK(rows == std::vector<std::string>{"1.0|0|–|–|", "2.2|2|100\u00A0%|100\u00A0%|",
                                               "3.0|0|–|–|", "4.1|1|100\u00A0%|100\u00A0%|",
                                               "5.1|1|100\u00A0%|100\u00A0%|", "6.0|0|–|–|"});
    }
}
