#include <doctest/doctest.h>

#include <vector>

#include "analysis/gaps_verdict.hpp"

using namespace kolcat::analysis;
using namespace kolcat::curated;

using namespace kolcat;

namespace {

constexpr analysis::GenderMask kTKM = analysis::kHasT | analysis::kHasK | analysis::kHasM;
constexpr std::int64_t kFocus = 25;
constexpr std::int64_t kOther = 24;

// Cells of one unit for consecutive years, all with the same genders.
void add_years(std::vector<analysis::ValueCell>& cells, std::int64_t unit, int first, int last,
               analysis::GenderMask genders) {
    for (int year = first; year <= last; ++year) {
        cells.push_back({unit, year, genders});
    }
}

analysis::Verdict verdict_of(
    const std::vector<analysis::ValueCell>& cells, bool flag,
    std::optional<curated::Breakdown> design = curated::Breakdown::values) {
    return classify(flag, design, analysis::examine_cells(cells, kFocus));
}

}  // namespace

TEST_CASE("gaps: verdict names read back") {
    for (const analysis::Verdict verdict : all_verdicts()) {
        CHECK(parse_verdict(to_string(verdict)) == verdict);
    }
    CHECK(all_verdicts().size() == 9);
    CHECK(verdict_choices().find("not_synced") != std::string::npos);
    CHECK_FALSE(parse_verdict("partly"));
    CHECK(verdict_choices().find("flag_without_values") != std::string::npos);
}

TEST_CASE("gaps: by_values when the focus has K and M in the recent years") {
    std::vector<analysis::ValueCell> cells;
    add_years(cells, kOther, 2015, 2022,
              analysis::kHasT);  // another unit without sexes does not matter
    add_years(cells, kFocus, 2015, 2016,
              analysis::kHasT);  // older years without sexes do not matter
    add_years(cells, kFocus, 2017, 2022, kTKM);
    const analysis::BreakdownEvidence evidence = analysis::examine_cells(cells, kFocus);
    CHECK(evidence.recent_years == std::vector<int>{2020, 2021, 2022});
    CHECK(evidence.focus_complete);
    CHECK_FALSE(evidence.used_fallback);
    CHECK(evidence.missing.empty());
    CHECK(classify(true, curated::Breakdown::values, evidence) == analysis::Verdict::by_values);
    // 6 complete cells of the 16 with T.
    REQUIRE(coverage_share(evidence));
    CHECK(*coverage_share(evidence) == doctest::Approx(6.0 / 16.0));
}

TEST_CASE("gaps: partial names the recent years the focus lacks") {
    std::vector<analysis::ValueCell> cells;
    add_years(cells, kFocus, 2018, 2020, kTKM);
    cells.push_back({kFocus, 2021, analysis::kHasT | analysis::kHasK});
    cells.push_back({kFocus, 2022, analysis::kHasT});
    const analysis::BreakdownEvidence evidence = analysis::examine_cells(cells, kFocus);
    CHECK(classify(true, curated::Breakdown::values, evidence) == analysis::Verdict::partial);
    REQUIRE(evidence.missing.size() == 1);
    CHECK(evidence.missing[0].unit == kFocus);
    CHECK(analysis::describe_missing("0025", evidence.missing[0]) == "0025: 2021 (no M), 2022");
}

TEST_CASE("gaps: partial when only other units have K and M") {
    std::vector<analysis::ValueCell> cells;
    add_years(cells, kFocus, 2020, 2022, analysis::kHasT);
    add_years(cells, kOther, 2020, 2022, kTKM);
    CHECK(verdict_of(cells, true) == analysis::Verdict::partial);
}

TEST_CASE("gaps: flag_without_values and values_without_flag") {
    std::vector<analysis::ValueCell> totals;
    add_years(totals, kFocus, 2020, 2022, analysis::kHasT);
    CHECK(verdict_of(totals, true) == analysis::Verdict::flag_without_values);

    std::vector<analysis::ValueCell> by_sex;
    add_years(by_sex, kFocus, 2020, 2022, kTKM);
    CHECK(verdict_of(by_sex, false) == analysis::Verdict::values_without_flag);
    // Even when the curated design says otherwise: the values are there.
    CHECK(verdict_of(by_sex, false, curated::Breakdown::by_construction) ==
          analysis::Verdict::values_without_flag);
}

TEST_CASE("gaps: pair, by_construction and none come from the design when no K/M is stored") {
    std::vector<analysis::ValueCell> totals;
    add_years(totals, kFocus, 2020, 2022, analysis::kHasT);
    CHECK(verdict_of(totals, false, curated::Breakdown::pair) == analysis::Verdict::pair);
    CHECK(verdict_of(totals, true, curated::Breakdown::pair) ==
          analysis::Verdict::pair);  // N70403's case
    CHECK(verdict_of(totals, false, curated::Breakdown::by_construction) ==
          analysis::Verdict::by_construction);
    CHECK(verdict_of(totals, false, curated::Breakdown::values) == analysis::Verdict::none);
    CHECK(verdict_of(totals, false, std::nullopt) == analysis::Verdict::none);
}

TEST_CASE("gaps: no_data when nothing is stored") {
    const analysis::BreakdownEvidence evidence = analysis::examine_cells({}, kFocus);
    CHECK_FALSE(evidence.any_value);
    CHECK_FALSE(coverage_share(evidence));
    CHECK(classify(true, curated::Breakdown::values, evidence) == analysis::Verdict::no_data);
    CHECK(classify(false, curated::Breakdown::by_construction, evidence) ==
          analysis::Verdict::no_data);
    // Cells whose values are all null count as nothing.
    const std::vector<analysis::ValueCell> empty_cells{{kFocus, 2020, 0}};
    CHECK(verdict_of(empty_cells, true) == analysis::Verdict::no_data);
}

TEST_CASE("gaps: without values for the focus, every unit is examined") {
    std::vector<analysis::ValueCell> cells;
    add_years(cells, 1, 2019, 2022, kTKM);
    add_years(cells, 2, 2019, 2021, kTKM);
    cells.push_back({2, 2022, analysis::kHasT});
    SUBCASE("focus unit without values") {
        const analysis::BreakdownEvidence evidence = analysis::examine_cells(cells, kFocus);
        CHECK(evidence.used_fallback);
        CHECK(evidence.recent_years == std::vector<int>{2020, 2021, 2022});
        CHECK(classify(true, curated::Breakdown::values, evidence) == analysis::Verdict::partial);
        REQUIRE(evidence.missing.size() == 1);
        CHECK(analysis::describe_missing("2", evidence.missing[0]) == "2: 2022");
    }
    SUBCASE("focus unit unknown to the catalogue") {
        const analysis::BreakdownEvidence evidence = analysis::examine_cells(cells, std::nullopt);
        CHECK(evidence.used_fallback);
        CHECK_FALSE(evidence.focus_complete);
    }
    SUBCASE("complete everywhere") {
        cells.back().genders = kTKM;
        CHECK(verdict_of(cells, true) == analysis::Verdict::by_values);
    }
}

TEST_CASE("gaps: recent years count only years with T, and a custom window") {
    std::vector<analysis::ValueCell> cells;
    add_years(cells, kFocus, 2010, 2019, kTKM);
    cells.push_back({kFocus, 2020, analysis::kHasK});  // no T: not a recent year
    const analysis::BreakdownEvidence evidence = analysis::examine_cells(cells, kFocus, 2);
    CHECK(evidence.recent_years == std::vector<int>{2018, 2019});
    CHECK(evidence.focus_complete);
    CHECK(*coverage_share(evidence) == doctest::Approx(1.0));
}
