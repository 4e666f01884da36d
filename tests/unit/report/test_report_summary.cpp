#include <doctest/doctest.h>

#include "report/strings.hpp"
#include "report/summary.hpp"
#include "report/units.hpp"

using namespace kolcat;
using namespace kolcat::report;

TEST_CASE("standing_against follows the key figure's direction") {
    CHECK(standing_against(10.0, 8.0, curated::Direction::higher_is_better) == Standing::better);
    CHECK(standing_against(10.0, 8.0, curated::Direction::lower_is_better) == Standing::worse);
    CHECK(standing_against(7.5, 8.0, curated::Direction::lower_is_better) == Standing::better);
    CHECK(standing_against(8.0, 8.0, curated::Direction::higher_is_better) == Standing::equal);
    CHECK(standing_against(10.0, 8.0, curated::Direction::neutral) == Standing::not_judged);
    CHECK(standing_against(std::nullopt, 8.0, curated::Direction::higher_is_better) ==
          Standing::no_data);
    // A neutral key figure is not judged, whether or not it has values.
    CHECK(standing_against(10.0, std::nullopt, curated::Direction::neutral) ==
          Standing::not_judged);
    CHECK(standing_against(std::nullopt, std::nullopt, curated::Direction::neutral) ==
          Standing::not_judged);
    // A zero is a value like any other, not a missing one.
    CHECK(standing_against(0.0, 1.0, curated::Direction::lower_is_better) == Standing::better);
}

TEST_CASE("median_of skips missing values") {
    CHECK_FALSE(median_of({}).has_value());
    CHECK_FALSE(median_of({std::nullopt}).has_value());
    CHECK(median_of({3.0, std::nullopt, 1.0, 2.0}) == 2.0);
    CHECK(median_of({4.0, 1.0, 3.0, 2.0}) == 2.5);
    CHECK(median_of({0.0}) == 0.0);
}

TEST_CASE("lacks_sex_breakdown: only verdicts without any K/M values and no other cover") {
    CHECK(lacks_sex_breakdown(analysis::Verdict::none));
    CHECK(lacks_sex_breakdown(analysis::Verdict::flag_without_values));
    for (const analysis::Verdict verdict :
         {analysis::Verdict::by_values, analysis::Verdict::partial,
          analysis::Verdict::values_without_flag, analysis::Verdict::pair,
          analysis::Verdict::by_construction, analysis::Verdict::no_data}) {
        CHECK_FALSE(lacks_sex_breakdown(verdict));
    }
}

TEST_CASE("tally_by_goal counts per section and once per key figure in the total") {
    const auto kpi = [](const std::string& id, Standing median, Standing national,
                        std::optional<analysis::Verdict> verdict) {
        ReportKpi k;
        k.id = id;
        k.versus_median = median;
        k.versus_national = national;
        k.verdict = verdict;
        return k;
    };
    ReportData data;
    ReportSection one;
    one.goal = 1;
    one.kpis = {kpi("A", Standing::better, Standing::worse, analysis::Verdict::none),
                kpi("B", Standing::not_judged, Standing::not_judged, analysis::Verdict::partial)};
    ReportSection two;
    two.goal = 2;
    two.kpis = {kpi("A", Standing::better, Standing::worse, analysis::Verdict::none),
                kpi("C", Standing::no_data, Standing::better, std::nullopt)};
    data.sections = {one, two};

    const auto tallies = tally_by_goal(data);
    REQUIRE(tallies.size() == 3);
    CHECK(tallies[0].goal == 1);
    CHECK(tallies[0].kpis == 2);
    CHECK(tallies[0].versus_median.better == 1);
    CHECK(tallies[0].versus_median.not_judged == 1);
    CHECK(tallies[0].versus_national.worse == 1);
    CHECK(tallies[0].lacking_breakdown == 1);
    CHECK(tallies[0].partial_breakdown == 1);
    CHECK(tallies[1].versus_median.no_data == 1);
    CHECK(tallies[1].versus_national.better == 1);
    const GoalTally& total = tallies[2];
    CHECK(total.goal == 0);
    CHECK(total.kpis == 3);  // A counted once
    CHECK(total.versus_median.better == 1);
    CHECK(total.lacking_breakdown == 1);
}

TEST_CASE("summary counts: one column per key figure and benchmark, worked out by hand") {
    // Standings come from standing_against, as the report computes them from the values.
    const auto kpi = [](const std::string& id, curated::Direction direction,
                        std::optional<double> focus, std::optional<double> median,
                        std::optional<double> national) {
        ReportKpi k;
        k.id = id;
        k.direction = direction;
        k.versus_median = standing_against(focus, median, direction);
        k.versus_national = standing_against(focus, national, direction);
        return k;
    };
    const auto none = std::nullopt;
    ReportSection goal;
    goal.goal = 4;
    goal.kpis = {
        //  id    direction                     focus median national   median / national
        kpi("H1", curated::Direction::higher_is_better, 10.0, 8.0, 12.0),  // better / worse
        kpi("L1", curated::Direction::lower_is_better, 7.5, 8.0, 7.5),     // better / equal
        kpi("L2", curated::Direction::lower_is_better, 9.0, 8.0, none),    // worse / no data
        kpi("H3", curated::Direction::higher_is_better, 8.0, 8.0, 9.0),    // equal / worse
        kpi("H2", curated::Direction::higher_is_better, none, none, 3.0),  // no data / no data
        kpi("N1", curated::Direction::neutral, 5.0, 4.0, 6.0),             // neutral / neutral
        kpi("N2", curated::Direction::neutral, none, 4.0, none),           // neutral / neutral
        kpi("N3", curated::Direction::neutral, none, none, none),          // neutral / neutral
    };
    ReportData data;
    data.sections = {goal};
    const auto tallies = tally_by_goal(data);
    REQUIRE(tallies.size() == 2);
    for (const GoalTally& tally : tallies) {  // the sub-goal, then the total: the same here
        CHECK(tally.kpis == 8);
        CHECK(tally.versus_median.better == 2);
        CHECK(tally.versus_median.worse == 1);
        CHECK(tally.versus_median.equal == 1);
        CHECK(tally.versus_median.not_judged == 3);
        CHECK(tally.versus_median.no_data == 1);
        CHECK(tally.versus_national.better == 0);
        CHECK(tally.versus_national.worse == 2);
        CHECK(tally.versus_national.equal == 1);
        CHECK(tally.versus_national.not_judged == 3);
        CHECK(tally.versus_national.no_data == 2);
    }
}

TEST_CASE("unit_of_measure reads the unit from a Kolada title") {
    CHECK(unit_of_measure("Ohälsotal, dagar") == "dagar");
    CHECK(unit_of_measure("Kvinnor i regionfullmäktige, andel (%)") == "andel (%)");
    CHECK(unit_of_measure("Medellivslängd män, år") == "år");
    CHECK(unit_of_measure("Lönegap median kvinnor - median män anställda av kommunen, kr") == "kr");
    CHECK(unit_of_measure("Mediannettoinkomst, kr/inv 20+") == "kr/inv 20+");
    CHECK(unit_of_measure("Patientupplevd kvalitet avseende delaktighet, index (-2024)") ==
          "index");
    CHECK(unit_of_measure("Elever i år 9 som är behöriga, totalt län, andel (%) (-2023)") ==
          "andel (%)");
    CHECK(unit_of_measure("Anmälda brott om grov kvinnofridskränkning i kommunen, antal/100 000 "
                          "inv") == "antal/100 000 inv");
    // No clean unit tail, but a percentage.
    CHECK(unit_of_measure("Elever i åk 8: Känner du dig trygg i skolan? Andel som svarat \"Helt "
                          "och hållet\" eller \"Till stor del\", (%)") == "%");
    CHECK(unit_of_measure("Trygghet och säkerhet – Regionindex Kvinnor") == "");
    CHECK(unit_of_measure("") == "");
}

TEST_CASE("report strings: templates are filled in order, both languages are complete") {
    CHECK(fill("Delmål {}: {}", {"3", "Jämställd utbildning"}) == "Delmål 3: Jämställd utbildning");
    CHECK(fill("{} of {}", {"2"}) == "2 of ");
    CHECK(fill("no holes", {"x"}) == "no holes");
    for (const auto language : {ReportLanguage::sv, ReportLanguage::en}) {
        const ReportStrings& strings = report_strings(language);
        CHECK_FALSE(strings.heading.empty());
        CHECK_FALSE(strings.no_data.empty());
        CHECK(strings.source == "Källa: Kolada");
        for (const analysis::Verdict verdict : analysis::all_verdicts()) {
            CHECK_FALSE(verdict_label(verdict, language).empty());
        }
    }
    CHECK(report_strings(ReportLanguage::sv).women == "Kvinnor");
    CHECK(report_strings(ReportLanguage::en).women == "Women");
    CHECK(verdict_label(analysis::Verdict::none, ReportLanguage::sv) !=
          verdict_label(analysis::Verdict::none, ReportLanguage::en));
}
