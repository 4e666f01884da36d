#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "report/html.hpp"
#include "tests/support/test_html_support.hpp"
#include "tests/support/test_report_sample.hpp"

using namespace kolcat;
using namespace kolcat::report;
using namespace kolcat::report_sample;
using kolcat::testing::joined_text;
using kolcat::testing::MarkupNode;
using kolcat::testing::parse_markup;

namespace {

// The sample as a compact report: N00957 serves sub-goals 2 and 5, N65814 sub-goal 5.
ReportData compact_sample(ReportLanguage language = ReportLanguage::sv) {
    ReportData data = sample_report(language);
    data.compact = true;
    for (auto& section : data.sections) {
        for (auto& kpi : section.kpis) {
            kpi.goals = kpi.id == "N00957" ? std::vector<int>{2, 5} : std::vector<int>{5};
        }
    }
    return data;
}

void set_everywhere(ReportData& data, const std::string& id,
                    const std::function<void(ReportKpi&)>& change) {
    for (auto& section : data.sections) {
        for (auto& kpi : section.kpis) {
            if (kpi.id == id) {
                change(kpi);
            }
        }
    }
}

std::vector<std::string> row_ids(const MarkupNode& root) {
    std::vector<std::string> ids;
    for (const auto* row : root.find_by_class("kpi-row")) {
        ids.push_back(row->attribute("data-kpi"));
    }
    return ids;
}

}  // namespace

TEST_CASE("compact report: each key figure appears once, with all its sub-goals named") {
    const auto root = parse_markup(render_report_html(compact_sample()));
    // No per-key-figure articles, no charts: one row per key figure.
    CHECK(root->find_by_class("kpi").empty());
    CHECK(root->find_all("svg").empty());
    CHECK(row_ids(*root) == std::vector<std::string>{"N00957", "N65814"});
    CHECK(joined_text(root->find_all("h2")) ==
          "Sammanfattning|Delmål 2: Ekonomisk jämställdhet|Delmål 5: Jämställd hälsa|"
          "Könsuppdelning|Källor och publicering");

    const auto rows = root->find_by_class("kpi-row");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]->attribute("id") == "goal-2-N00957");
    const auto cells = rows[0]->find_all("td");
    REQUIRE(cells.size() == 12);
    CHECK(cells[0]->all_text() == "Ohälsotal, dagarN00957");
    CHECK(cells[1]->all_text() == "2, 5");
    CHECK(cells[2]->all_text() == "2022");
    CHECK(cells[3]->attribute("data-value") == "24.88");  // Norrbotten's T
    CHECK(cells[4]->attribute("data-value") == "19.5");   // the compared units' median
    CHECK(cells[5]->attribute("data-value") == "22.4");   // Riket
    CHECK(cells[6]->all_text() == "2 / 3");               // rank of the ranked units
    CHECK(cells[7]->all_text() == "30,39");
    CHECK(cells[8]->all_text() == "19,92");
    CHECK(cells[9]->all_text() == "+10,47");
    CHECK(cells[10]->all_text() == "sämre");  // the ▼ is the style sheet's
    CHECK(cells[10]->attribute("class") == "standing standing-worse");

    // Sub-goal 5 names N00957, shown under sub-goal 2, and links to its row.
    const auto also = root->find_by_class("also-in-goal");
    REQUIRE(also.size() == 1);
    // The parser keeps an element's own text apart from its children's.
    CHECK(also[0]->text == "Visas under ett tidigare delmål och hör även hit: .");
    REQUIRE(also[0]->find_all("a").size() == 1);
    CHECK(also[0]->find_all("a")[0]->all_text() == "Ohälsotal, dagar (N00957)");
    CHECK(also[0]->find_all("a")[0]->attribute("href") == "#goal-2-N00957");
}

TEST_CASE("compact report: flags not computed, none found and some found are told apart") {
    SUBCASE("not computed: no flagged section at all") {
        const auto root = parse_markup(render_report_html(compact_sample()));
        CHECK(root->find_by_class("flagged").empty());
        const std::string html = render_report_html(compact_sample());
        CHECK(html.find("Flaggade") == std::string::npos);
        CHECK(html.find("flaggas") == std::string::npos);
    }
    SUBCASE("computed, none found: the section says so") {
        ReportData data = compact_sample();
        data.flags_computed = true;
        const auto root = parse_markup(render_report_html(data));
        const auto section = root->find_by_class("flagged");
        REQUIRE(section.size() == 1);
        CHECK(section[0]->find_all("table").empty());
        CHECK(section[0]->find_by_class("note")[0]->all_text() == "Inget nyckeltal flaggas.");
    }
    SUBCASE("computed, found: each flagged key figure once, its flags in words") {
        ReportData data = compact_sample();
        data.flags_computed = true;
        set_everywhere(data, "N00957", [](ReportKpi& kpi) {
            kpi.flags = {"widening", "larger_than_riket", "larger_than_most", "reversed"};
        });
        const auto root = parse_markup(render_report_html(data));
        const auto section = root->find_by_class("flagged");
        REQUIRE(section.size() == 1);
        // After the summary, before the sub-goals.
        CHECK(joined_text(root->find_all("h2")) ==
              "Sammanfattning|Flaggade skillnader mellan kvinnor och män|"
              "Delmål 2: Ekonomisk jämställdhet|Delmål 5: Jämställd hälsa|Könsuppdelning|"
              "Källor och publicering");
        const auto rows = section[0]->find_all("tbody")[0]->find_all("tr");
        REQUIRE(rows.size() == 1);  // N00957 serves two sub-goals: one row
        const auto cells = rows[0]->find_all("td");
        REQUIRE(cells.size() == 7);
        // The title links to the key figure's row in its first sub-goal's table.
        CHECK(cells[0]->find_all("a")[0]->attribute("href") == "#goal-2-N00957");
        CHECK(cells[1]->all_text() == "2, 5");
        CHECK(cells[3]->all_text() == "30,39");
        CHECK(cells[4]->all_text() == "19,92");
        CHECK(cells[5]->all_text() == "+10,47");
        CHECK(cells[6]->all_text() ==
              "växande skillnad, större än rikets, större än hos de flesta, omvänd mot riket");
    }
    SUBCASE("a pair: the women's key figure against the men's, as differences judged it") {
        ReportData data = compact_sample();
        data.flags_computed = true;
        set_everywhere(data, "N65814", [](ReportKpi& kpi) {
            kpi.flags = {"larger_than_riket"};
            kpi.pair_women = 84.5;
            kpi.pair_men = 80.5;
        });
        const auto root = parse_markup(render_report_html(data));
        const auto section = root->find_by_class("flagged");
        REQUIRE(section.size() == 1);
        const auto rows = section[0]->find_all("tbody")[0]->find_all("tr");
        REQUIRE(rows.size() == 1);
        const auto cells = rows[0]->find_all("td");
        REQUIRE(cells.size() == 7);
        // Its own K and M are empty; one decimal; the gap 84.5 − 80.5 = 4.
        CHECK(cells[3]->all_text() == "84,5");
        CHECK(cells[4]->all_text() == "80,5");
        CHECK(cells[5]->all_text() == "+4,0");
    }
    SUBCASE("both members of a pair flagged: one row that names both") {
        ReportData data = compact_sample();
        data.flags_computed = true;
        for (const auto& [id, partner] : {std::pair{"N65814", "N00957"}, {"N00957", "N65814"}}) {
            set_everywhere(data, id, [&](ReportKpi& kpi) {
                kpi.partner = partner;
                kpi.flags = {"widening"};
                kpi.pair_women = 84.5;
                kpi.pair_men = 80.5;
            });
        }
        const auto root = parse_markup(render_report_html(data));
        const auto section = root->find_by_class("flagged");
        REQUIRE(section.size() == 1);
        const auto rows = section[0]->find_all("tbody")[0]->find_all("tr");
        REQUIRE(rows.size() == 1);
        const auto links = rows[0]->find_all("td")[0]->find_all("a");
        REQUIRE(links.size() == 2);
        // N00957 comes first (sub-goal 2); each link goes to its own key figure's first row.
        CHECK(links[0]->attribute("href") == "#goal-2-N00957");
        CHECK(links[1]->attribute("href") == "#goal-5-N65814");
        CHECK(joined_text(rows[0]->find_by_class("kpi-id")) == "N00957|N65814");
    }
}

TEST_CASE("report: local notes are printed under the key figure, in both forms") {
    for (const bool compact : {false, true}) {
        INFO("compact " << compact);
        ReportData data = compact_sample();
        data.compact = compact;
        set_everywhere(data, "N00957", [](ReportKpi& kpi) {
            kpi.notes = {{"2026-03-12", "Kvinnors sjukfrånvaro är högre än männens.",
                          "Följ upp med HR <senast> juni."}};
        });
        const auto root = parse_markup(render_report_html(data));
        const auto notes = root->find_by_class("notes");
        // The full form shows N00957 under both its sub-goals, the compact form once.
        REQUIRE(notes.size() == (compact ? 1U : 2U));
        CHECK(notes[0]->attribute("data-kpi") == "N00957");
        CHECK(notes[0]->find_by_class("note-date")[0]->all_text() == "2026-03-12");
        const auto* analysis = notes[0]->find_by_class("note-analysis")[0];
        CHECK(analysis->find_all("strong")[0]->all_text() == "Analys: ");
        CHECK(analysis->text == "Kvinnors sjukfrånvaro är högre än männens.");
        const auto* action = notes[0]->find_by_class("note-action")[0];
        CHECK(action->find_all("strong")[0]->all_text() == "Åtgärd: ");
        CHECK(action->text == "Följ upp med HR <senast> juni.");
    }
    // Without notes, nothing is said about them.
    const std::string html = render_report_html(compact_sample());
    CHECK(html.find("Lokala anteckningar") == std::string::npos);
}

TEST_CASE("report: the coverage section, in both forms, only when it was measured") {
    for (const bool compact : {false, true}) {
        INFO("compact " << compact);
        ReportData data = compact_sample();
        data.compact = compact;
        CHECK(parse_markup(render_report_html(data))->find_by_class("coverage").empty());

        data.coverage =
            ReportCoverage{3,
                           {{"2. Ekonomisk jämställdhet", 10, 8, 0.6, 0.5, {}},
                            {"5. Jämställd hälsa",
                             12,
                             9,
                             0.8125,
                             std::nullopt,
                             {{"N00090", "Sjukfrånvaro", analysis::Verdict::flag_without_values},
                              {"N65814", "Kvinnor bland politiker", analysis::Verdict::none}}}}};
        const auto root = parse_markup(render_report_html(data));
        const auto section = root->find_by_class("coverage");
        REQUIRE(section.size() == 1);
        CHECK(section[0]->attribute("id") == "coverage");
        CHECK(section[0]->find_all("p")[0]->all_text().find(
                  "varje nyckeltals 3 senaste år med värden") != std::string::npos);
        const auto rows = section[0]->find_by_class("coverage-row");
        REQUIRE(rows.size() == 2);
        CHECK(joined_text(rows[0]->find_all("td")) ==
              "2. Ekonomisk jämställdhet|10|8|60\u00A0%|50\u00A0%|");
        CHECK(joined_text(rows[1]->find_all("td")) ==
              "5. Jämställd hälsa|12|9|81\u00A0%|–|N00090 (Kolada anger könsuppdelning, men inga "
              "värden för kvinnor och män finns); N65814 (Saknar könsuppdelning)");
        CHECK(rows[1]->find_all("td")[3]->attribute("data-value") == "0.8125");
        // Listed in the contents.
        bool listed = false;
        for (const auto* link : root->find_all("a")) {
            listed = listed || link->attribute("href") == "#coverage";
        }
        CHECK(listed);
    }
    ReportData none = compact_sample();
    none.coverage = ReportCoverage{3, {}};
    const auto root = parse_markup(render_report_html(none));
    REQUIRE(root->find_by_class("coverage").size() == 1);
    CHECK(root->find_by_class("coverage")[0]->find_all("table").empty());
}

TEST_CASE("compact report: in English, and the same data gives the same bytes") {
    const auto root = parse_markup(render_report_html(compact_sample(ReportLanguage::en)));
    CHECK(root->find_by_class("also-in-goal")[0]->text ==
          "Shown under an earlier sub-goal and serving this one too: .");
    CHECK(root->find_by_class("compact-intro")[0]->all_text().rfind("Short form", 0) == 0);
    CHECK(render_report_html(compact_sample()) == render_report_html(compact_sample()));
}

TEST_CASE("report: the selection is named in the header") {
    ReportData data = compact_sample();
    CHECK(parse_markup(render_report_html(data))->find_by_class("selection").empty());
    data.selection.goals = {3, 5, 6};
    data.selection.target = "5.5";
    data.selection.kpis = {"N00957", "N65814"};
    const auto root = parse_markup(render_report_html(data));
    REQUIRE(root->find_by_class("selection").size() == 1);
    const auto* selection = root->find_by_class("selection")[0];
    CHECK(selection->find_all("strong")[0]->all_text() == "Urval: ");
    CHECK(selection->text == "delmål 3, 5, 6; Agenda 2030-delmål 5.5; nyckeltal N00957, N65814");
}
