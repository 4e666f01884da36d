#include <doctest/doctest.h>

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
    // One article per curated key figure and sub-goal, each with its three figures.
    std::size_t expected_articles = 0;
    for (const auto& kpi : project_indicators().kpis) {
        expected_articles += kpi.goals.size();
    }
    const auto articles = root->find_by_class("kpi");
    CHECK(articles.size() == expected_articles);
    for (const auto* article : articles) {
        CHECK(article->find_all("figure").size() == 3);
    }
    // N00957 in sub-goal 5: its charts are drawn, and the table holds the stored numbers.
    const auto sick = root->find_all(
        [](const MarkupNode& node) { return node.attribute("id") == "goal-5-N00957"; });
    REQUIRE(sick.size() == 1);
    CHECK(sick[0]->find_all("svg").size() == 3);
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
