#pragma once
// The report's judgements: where the focus region stands against the compared regions' median
// and against Riket, direction-aware, and the per-sub-goal counts of the summary. The ranking
// itself is catalogue/compare_stats.hpp's (competition_ranks); nothing here re-ranks.

#include <optional>
#include <vector>

#include "analysis/gaps_verdict.hpp"
#include "curated/indicators.hpp"
#include "report/data.hpp"

namespace kolcat::report {

// The focus value against a benchmark value: the one rule for both a key figure's standing
// in its section and the summary column it is counted in. A neutral key figure is not_judged
// whether or not it has values; no_data is for a key figure with a direction whose focus value
// or benchmark is missing.
Standing standing_against(const std::optional<double>& focus,
                          const std::optional<double>& benchmark, curated::Direction direction);

// The median of the values present; nothing when none is.
std::optional<double> median_of(const std::vector<std::optional<double>>& values);

// True for the verdicts that answer "this key figure lacks a breakdown by sex": no K or M value
// is stored and nothing else (a partner key figure, the design) covers the sexes.
bool lacks_sex_breakdown(analysis::Verdict verdict);

struct StandingCounts {
    int better = 0;
    int worse = 0;
    int equal = 0;
    int not_judged = 0;
    int no_data = 0;

    void add(Standing standing);
};

// One line of the summary.
struct GoalTally {
    int goal = 0;  // 0: the total over every key figure (each counted once)
    int kpis = 0;
    StandingCounts versus_median;
    StandingCounts versus_national;
    int lacking_breakdown = 0;  // lacks_sex_breakdown
    int partial_breakdown = 0;  // verdict partial
};

// One tally per section in order, then the total over distinct key figures.
std::vector<GoalTally> tally_by_goal(const ReportData& data);

}  // namespace kolcat::report
