#include <doctest/doctest.h>

#include <string>

#include "report/html.hpp"
#include "report/strings.hpp"
#include "tests/support/test_html_support.hpp"
#include "tests/support/test_report_sample.hpp"

using namespace kolcat;
using namespace kolcat::report;
using namespace kolcat::report_sample;
using analysis::Verdict;
using curated::Breakdown;
using kolcat::testing::parse_markup;

TEST_CASE("report wording: every sex-breakdown verdict, in Swedish and English") {
    struct Expected {
        Verdict verdict;
        std::string sv;
        std::string en;
    };
    const std::vector<Expected> expected = {
        {Verdict::by_values, "Värden för kvinnor och män finns",
         "Values for women and men are stored"},
        {Verdict::partial, "Delvis: värden för kvinnor och män saknas för vissa år eller enheter",
         "Partly: values for women and men are missing for some years or units"},
        {Verdict::flag_without_values,
         "Kolada anger könsuppdelning, men inga värden för kvinnor och män finns",
         "Kolada says divided by sex, but no values for women and men are stored"},
        {Verdict::values_without_flag,
         "Värden för kvinnor och män finns, fast Kolada inte anger könsuppdelning",
         "Values for women and men are stored although Kolada's flag is false"},
        {Verdict::pair, "Täcks av ett partnernyckeltal för det andra könet",
         "Covered by a partner key figure for the other sex"},
        {Verdict::by_construction, "Mäter ett kön eller en skillnad mellan könen",
         "Measures one sex or a difference between the sexes"},
        {Verdict::none, "Saknar könsuppdelning", "No breakdown by sex"},
        {Verdict::not_synced,
         "Ej synkad: aldrig hämtad till katalogen, så okänt om Kolada har värden",
         "Not synced: never fetched into the catalogue, so unknown here"},
        {Verdict::no_data, "Inga värden lagrade", "No values stored"},
    };
    // Every verdict the check can give is worded here.
    REQUIRE(expected.size() == analysis::all_verdicts().size());
    for (const auto& item : expected) {
        INFO(analysis::to_string(item.verdict));
        CHECK(verdict_label(item.verdict, ReportLanguage::sv) == item.sv);
        CHECK(verdict_label(item.verdict, ReportLanguage::en) == item.en);
        // A key figure with values as its design: the verdict alone.
        CHECK(breakdown_text(item.verdict, Breakdown::values, std::nullopt, ReportLanguage::sv) ==
              item.sv);
        CHECK(breakdown_text(item.verdict, std::nullopt, std::nullopt, ReportLanguage::en) ==
              item.en);
    }
}

TEST_CASE("report wording: a pair's line names the partner once and never repeats itself") {
    const auto sv = [](std::optional<Verdict> verdict) {
        return breakdown_text(verdict, Breakdown::pair, std::string("N00925"), ReportLanguage::sv);
    };
    const auto en = [](std::optional<Verdict> verdict) {
        return breakdown_text(verdict, Breakdown::pair, std::string("N00925"), ReportLanguage::en);
    };
    CHECK(sv(Verdict::pair) == "Täcks av ett partnernyckeltal för det andra könet (N00925)");
    CHECK(en(Verdict::pair) == "Covered by a partner key figure for the other sex (N00925)");
    CHECK(sv(Verdict::no_data) ==
          "Inga värden lagrade (partnernyckeltal för det andra könet: N00925)");
    CHECK(en(Verdict::no_data) ==
          "No values stored (partner key figure for the other sex: N00925)");
    CHECK(sv(Verdict::not_synced) ==
          "Ej synkad: aldrig hämtad till katalogen, så okänt om Kolada har värden "
          "(partnernyckeltal för det andra könet: N00925)");
    CHECK(sv(std::nullopt) == "Partnernyckeltal för det andra könet: N00925");
    CHECK(en(std::nullopt) == "Partner key figure for the other sex: N00925");
    for (const Verdict verdict : analysis::all_verdicts()) {
        const std::string line = sv(verdict);
        INFO(line);
        const auto first = line.find("partnernyckeltal");
        REQUIRE(first != std::string::npos);
        CHECK(line.find("partnernyckeltal", first + 1) == std::string::npos);
        CHECK(line.find("N00925") == line.rfind("N00925"));
    }
}

TEST_CASE("report wording: a key figure that measures one sex says so once") {
    CHECK(breakdown_text(Verdict::by_construction, Breakdown::by_construction, std::nullopt,
                         ReportLanguage::sv) == "Mäter ett kön eller en skillnad mellan könen");
    CHECK(breakdown_text(Verdict::by_construction, Breakdown::by_construction, std::nullopt,
                         ReportLanguage::en) ==
          "Measures one sex or a difference between the sexes");
    CHECK(breakdown_text(Verdict::no_data, Breakdown::by_construction, std::nullopt,
                         ReportLanguage::sv) ==
          "Inga värden lagrade (mäter ett kön eller en skillnad mellan könen)");
    CHECK(breakdown_text(std::nullopt, Breakdown::by_construction, std::nullopt,
                         ReportLanguage::en) ==
          "Measures one sex or a difference between the sexes");
    CHECK(
        breakdown_text(std::nullopt, Breakdown::values, std::nullopt, ReportLanguage::sv).empty());
}

TEST_CASE("report wording: the key figure's meta line carries the pair's wording") {
    ReportData data = sample_report();
    ReportKpi& women = data.sections[1].kpis[0];
    women.design = Breakdown::pair;
    women.partner = "N00925";
    women.verdict = Verdict::pair;
    const auto root = parse_markup(render_report_html(data));
    const auto meta = root->find_by_class("kpi-meta");
    REQUIRE(!meta.empty());
    bool found = false;
    for (const auto* line : meta) {
        const std::string text = line->all_text();
        if (text.find("Könsuppdelning: ") != std::string::npos &&
            text.find("N00925") != std::string::npos) {
            found = true;
            CHECK(text.find("Könsuppdelning: Täcks av ett partnernyckeltal för det andra könet "
                            "(N00925)") != std::string::npos);
            CHECK(text.find("(i ett partnernyckeltal") == std::string::npos);
        }
    }
    CHECK(found);
}

TEST_CASE("report wording: the flags of differences, by their public names") {
    CHECK(flag_label("widening", ReportLanguage::sv) == "växande skillnad");
    CHECK(flag_label("larger_than_riket", ReportLanguage::sv) == "större än rikets");
    CHECK(flag_label("larger_than_most", ReportLanguage::sv) == "större än hos de flesta");
    CHECK(flag_label("reversed", ReportLanguage::sv) == "omvänd mot riket");
    CHECK(flag_label("widening", ReportLanguage::en) == "widening");
    CHECK(flag_label("larger_than_riket", ReportLanguage::en) == "larger than Riket's");
    CHECK(flag_label("larger_than_most", ReportLanguage::en) == "larger than most");
    CHECK(flag_label("reversed", ReportLanguage::en) == "reversed against Riket");
    CHECK(flag_label("something_new", ReportLanguage::sv) == "something_new");
}
