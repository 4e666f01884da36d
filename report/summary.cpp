#include "report/summary.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "analysis/compare_stats.hpp"

namespace kolcat::report {

Standing standing_against(const std::optional<double>& focus,
                          const std::optional<double>& benchmark, curated::Direction direction) {
    // A neutral key figure is never judged, with or without values: a missing value would not
    // have made it better or worse, so it is counted as neutral, not as lacking data.
    if (direction == curated::Direction::neutral) {
        return Standing::not_judged;
    }
    if (!focus || !benchmark) {
        return Standing::no_data;
    }
    // The two values ranked as compare ranks units: the better one gets rank 1.
    const auto ranks = analysis::competition_ranks({focus, benchmark}, direction);
    if (ranks[0] == ranks[1]) {
        return Standing::equal;
    }
    return ranks[0] < ranks[1] ? Standing::better : Standing::worse;
}

std::optional<double> median_of(const std::vector<std::optional<double>>& values) {
    std::vector<double> present;
    for (const auto& value : values) {
        if (value) {
            present.push_back(*value);
        }
    }
    if (present.empty()) {
        return std::nullopt;
    }
    std::sort(present.begin(), present.end());
    const std::size_t middle = present.size() / 2;
    if (present.size() % 2 == 1) {
        return present[middle];
    }
    return (present[middle - 1] + present[middle]) / 2;
}

bool lacks_sex_breakdown(analysis::Verdict verdict) {
    return verdict == analysis::Verdict::none || verdict == analysis::Verdict::flag_without_values;
}

void StandingCounts::add(Standing standing) {
    switch (standing) {
        case Standing::better:
            ++better;
            break;
        case Standing::worse:
            ++worse;
            break;
        case Standing::equal:
            ++equal;
            break;
        case Standing::not_judged:
            ++not_judged;
            break;
        case Standing::no_data:
            ++no_data;
            break;
    }
}

namespace {

void count(GoalTally& tally, const ReportKpi& kpi) {
    ++tally.kpis;
    tally.versus_median.add(kpi.versus_median);
    tally.versus_national.add(kpi.versus_national);
    if (kpi.verdict && lacks_sex_breakdown(*kpi.verdict)) {
        ++tally.lacking_breakdown;
    }
    if (kpi.verdict == analysis::Verdict::partial) {
        ++tally.partial_breakdown;
    }
}

}  // namespace

std::vector<GoalTally> tally_by_goal(const ReportData& data) {
    std::vector<GoalTally> tallies;
    GoalTally total;
    std::set<std::string> counted;
    for (const auto& section : data.sections) {
        GoalTally tally;
        tally.goal = section.goal;
        for (const auto& kpi : section.kpis) {
            count(tally, kpi);
            // A key figure serving several sub-goals counts once in the total.
            if (counted.insert(kpi.id).second) {
                count(total, kpi);
            }
        }
        tallies.push_back(tally);
    }
    tallies.push_back(total);
    return tallies;
}

}  // namespace kolcat::report
