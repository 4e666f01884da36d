#include <doctest/doctest.h>

#include <string>

#include "report/html.hpp"
#include "tests/support/test_html_support.hpp"
#include "tests/support/test_report_sample.hpp"

using namespace kolcat;
using namespace kolcat::report;
using kolcat::testing::external_references;
using kolcat::testing::joined_text;
using kolcat::testing::MarkupNode;
using kolcat::testing::parse_markup;
using namespace kolcat::report_sample;

namespace {

const MarkupNode* by_id(const MarkupNode& root, const std::string& id) {
    const auto found =
        root.find_all([&](const MarkupNode& node) { return node.attribute("id") == id; });
    REQUIRE(found.size() == 1);
    return found.front();
}

}  // namespace

TEST_CASE(
    "report html: a well-formed page with the summary, one section per sub-goal, the "
    "sex-breakdown section and a footer") {
    const std::string html = render_report_html(sample_report());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    const auto root = parse_markup(html);
    CHECK(root->name == "html");
    CHECK(root->attribute("lang") == "sv");
    REQUIRE(root->find_all("style").size() == 1);
    const std::string css = root->find_all("style")[0]->text;
    CHECK(css.find("@page") != std::string::npos);
    CHECK(css.find("size: A4") != std::string::npos);
    CHECK(css.find("break-before: page") != std::string::npos);
    CHECK(css.find("break-inside: avoid") != std::string::npos);
    CHECK(css.find("system-ui") != std::string::npos);

    CHECK(by_id(*root, "summary")->name == "section");
    CHECK(by_id(*root, "goal-2")->name == "section");
    CHECK(by_id(*root, "goal-5")->name == "section");
    CHECK(by_id(*root, "sex-breakdown")->name == "section");
    CHECK(root->find_all("footer").size() == 1);
    // The sections come in the data's order, after the summary.
    CHECK(joined_text(root->find_all("h2")) ==
          "Sammanfattning|Delmål 2: Ekonomisk jämställdhet|Delmål 5: Jämställd hälsa|"
          "Könsuppdelning|Källor och publicering");
}

TEST_CASE("report html: every key figure gets four figures and a table of its numbers") {
    // Four since the gap's trend joined the T trend: latest values, women and men, the trend of
    // T and the trend of K − M, always in this order.
    const auto root = parse_markup(render_report_html(sample_report()));
    const auto articles = root->find_by_class("kpi");
    REQUIRE(articles.size() == 3);  // N00957 in two sections, N65814 in one
    for (const auto* article : articles) {
        INFO(article->attribute("id"));
        const auto figures = article->find_all("figure");
        REQUIRE(figures.size() == 4);
        CHECK(figures[0]->find_by_class("chart-latest").empty());  // the class is on the figure
        CHECK(figures[0]->attribute("class").find("chart-latest") != std::string::npos);
        CHECK(figures[1]->attribute("class").find("chart-sexes") != std::string::npos);
        CHECK(figures[2]->attribute("class").find("chart-trend") != std::string::npos);
        CHECK(figures[3]->attribute("class").find("chart-gap-trend") != std::string::npos);
    }
    const MarkupNode* sick = by_id(*root, "goal-5-N00957");
    CHECK(sick->find_all("svg").size() == 3);  // no gap series in the sample: a note instead
    CHECK(sick->find_by_class("chart-bars").size() == 1);
    CHECK(sick->find_by_class("chart-dumbbell").size() == 1);
    CHECK(sick->find_by_class("chart-trend").size() == 2);  // the figure and the svg
    // A key figure without any value says so instead of drawing empty charts or tables.
    const MarkupNode* empty = by_id(*root, "goal-5-N65814");
    CHECK(empty->find_all("svg").empty());
    CHECK(empty->find_by_class("no-data").size() == 4);
    CHECK(empty->find_by_class("numbers").empty());
}

TEST_CASE("report html: the table holds the data's numbers; missing values are dashes") {
    const auto root = parse_markup(render_report_html(sample_report()));
    const MarkupNode* sick = by_id(*root, "goal-2-N00957");
    const auto tables = sick->find_by_class("numbers");
    REQUIRE(tables.size() == 1);
    const auto rows = tables[0]->find_all("tr");
    const auto row_of = [&](const std::string& unit_id) -> const MarkupNode* {
        for (const auto* row : rows) {
            if (row->attribute("data-unit") == unit_id) {
                return row;
            }
        }
        FAIL("no row for " << unit_id);
        return nullptr;
    };
    const auto cells = [](const MarkupNode* row) { return row->find_all("td"); };

    const auto focus = cells(row_of("0025"));
    REQUIRE(focus.size() == 8);
    CHECK(focus[0]->all_text() == "Region Norrbotten");
    CHECK(focus[1]->attribute("data-value") == "24.88");
    CHECK(focus[1]->all_text() == "24,88");
    CHECK(focus[2]->attribute("data-value") == "30.39");
    CHECK(focus[3]->attribute("data-value") == "19.92");
    CHECK(focus[4]->all_text() == "+10,47");  // K − M
    CHECK(focus[5]->all_text() == "1,53");    // K / M
    CHECK(focus[6]->all_text() == "2");       // rank
    CHECK(row_of("0025")->attribute("class") == "focus");

    const auto missing = cells(row_of("0024"));
    for (std::size_t i = 1; i < missing.size(); ++i) {
        CHECK(missing[i]->all_text() == "–");
        CHECK(missing[i]->attribute("class").find("missing") != std::string::npos);
        CHECK_FALSE(missing[i]->has_attribute("data-value"));
    }
    const auto national = cells(row_of("0000"));
    CHECK(national[1]->attribute("data-value") == "22.4");
    CHECK(national[3]->all_text() == "18,75");

    const auto trend = sick->find_by_class("trend");
    REQUIRE(trend.size() == 1);
    const auto trend_rows = trend[0]->find_all("tr");
    REQUIRE(trend_rows.size() == 3);
    CHECK(joined_text(trend_rows[0]->find_all("th")) ==
          "År|2013|2014|2015|2016|2017|2018|2019|2020|2021|2022");
    CHECK(trend_rows[1]->find_all("td")[1]->attribute("data-value") == "30");
    CHECK(trend_rows[2]->find_all("td")[1]->all_text() == "–");
}

TEST_CASE("report html: the summary counts per sub-goal and in total") {
    const auto root = parse_markup(render_report_html(sample_report()));
    const auto table = root->find_by_class("summary-table");
    REQUIRE(table.size() == 1);
    const auto rows = table[0]->find_all("tr");
    REQUIRE(rows.size() == 4);  // header, two sub-goals, total
    // Sub-goal 5: two key figures; worse than the median and Riket on one, the other lacks data.
    CHECK(joined_text(rows[2]->find_all("td")) == "5. Jämställd hälsa|2|0|1|0|1|0|1 / 1|0|0");
    // The total counts N00957 once although it serves two sub-goals.
    CHECK(joined_text(rows[3]->find_all("td")) == "Totalt (unika nyckeltal)|2|0|1|0|1|0|1 / 1|0|0");
}

TEST_CASE("report html: the sex-breakdown section groups the gaps by verdict") {
    const auto root = parse_markup(render_report_html(sample_report()));
    const auto groups = by_id(*root, "sex-breakdown")->find_by_class("verdict-group");
    REQUIRE(groups.size() == 2);
    CHECK(groups[0]->attribute("data-verdict") == "by_values");
    CHECK(groups[1]->attribute("data-verdict") == "flag_without_values");
    const auto cells = groups[0]->find_all("td");
    CHECK(joined_text(cells) == "N00957|Ohälsotal, dagar|ja|88\u00A0%|2, 5|");
    CHECK(groups[1]->find_by_class("missing-cells")[0]->all_text() == "G33632: 2021, 2022");
}

TEST_CASE("report html: the footer cites Kolada with the sync time and publication dates") {
    const auto root = parse_markup(render_report_html(sample_report()));
    const auto footer = root->find_all("footer");
    REQUIRE(footer.size() == 1);
    const std::string text = footer[0]->all_text();
    CHECK(text.find("Källa: Kolada") != std::string::npos);
    CHECK(text.find("2026-11-20 08:00 UTC") != std::string::npos);
    const auto dates = footer[0]->find_by_class("publication-date");
    REQUIRE(dates.size() == 2);  // each key figure once
    CHECK(joined_text(dates) == "2023-05-04|okänt");
}

TEST_CASE("report html: English labels with --lang en") {
    const std::string html = render_report_html(sample_report(ReportLanguage::en));
    const auto root = parse_markup(html);
    CHECK(root->attribute("lang") == "en");
    CHECK(joined_text(root->find_all("h2")) ==
          "Summary|Sub-goal 2: Economic equality|Sub-goal 5: Equal health|Breakdown by sex|"
          "Sources and publication");
    CHECK(html.find("24.88") != std::string::npos);
    CHECK(html.find("Women") != std::string::npos);
    CHECK(html.find("Källa: Kolada") != std::string::npos);    // the citation Kolada asks for
    CHECK(html.find("Kvinnor och män") == std::string::npos);  // no Swedish labels left
    CHECK(html.find("Sammanfattning") == std::string::npos);
}

TEST_CASE("report html: demo data is announced at the top") {
    auto data = sample_report();
    CHECK(parse_markup(render_report_html(data))->find_by_class("demo-warning").empty());
    data.demo_data = true;
    const auto root = parse_markup(render_report_html(data));
    const auto warning = root->find_by_class("demo-warning");
    REQUIRE(warning.size() == 1);
    CHECK(warning[0]->all_text().find("DEMODATA") != std::string::npos);
}

TEST_CASE("report html: text from the data is escaped and the page stays inert") {
    auto data = sample_report();
    const std::string hostile = "<script>alert(1)</script> & \"quoted\" 'single' </table>";
    data.focus_title = hostile;
    data.against_title = hostile;
    data.sections[0].name_sv = hostile;
    data.sections[0].kpis[0].title = hostile;
    data.sections[0].kpis[0].unit_of_measure = hostile;
    data.sections[0].kpis[0].units[0].label = hostile;
    data.sections[0].kpis[0].units[0].short_label = hostile;
    data.gaps[0].title = hostile;
    data.gaps[1].missing = {hostile};
    const std::string html = render_report_html(data);

    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("</table> &") == std::string::npos);
    CHECK(html.find(
              "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;") !=
          std::string::npos);
    const auto root = parse_markup(html);  // well-formed despite the data
    CHECK(external_references(html).empty());
    // The text reads back exactly: escaped, not mangled.
    const MarkupNode* article = by_id(*root, "goal-2-N00957");
    CHECK(article->find_all("h3")[0]->text == hostile);
    CHECK(article->find_by_class("unit-name")[0]->all_text() == hostile);
    CHECK(root->find_all("title")[0]->all_text().find(hostile) != std::string::npos);
}

TEST_CASE("report html: no scripts, no external fonts, images, styles or links") {
    for (const auto language : {ReportLanguage::sv, ReportLanguage::en}) {
        const std::string html = render_report_html(sample_report(language));
        const auto references = external_references(html);
        CHECK_MESSAGE(references.empty(), (references.empty() ? "" : references.front()));
        // In-page links only, and the tables' downloads, which carry their CSV in the link.
        // The tree is named: find_all's pointers must not outlive it.
        const auto root = parse_markup(html);
        for (const auto* link : root->find_all("a")) {
            const std::string href = link->attribute("href");
            CHECK((href.rfind("#", 0) == 0 ||
                   href.rfind("data:text/csv;charset=utf-8;base64,", 0) == 0));
        }
    }
}

TEST_CASE("report html: the same data gives the same bytes") {
    CHECK(render_report_html(sample_report()) == render_report_html(sample_report()));
}
