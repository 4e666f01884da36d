#include "report/collect_findings.hpp"

#include <algorithm>

#include "analysis/coverage.hpp"
#include "analysis/differences.hpp"

namespace kolcat::report {

void add_difference_flags(catalogue::Catalogue& catalogue, const ReportRequest& request,
                          const std::vector<std::string>& against_units,
                          const std::vector<curated::CuratedKpi>& curated,
                          std::map<std::string, ReportKpi>& kpis) {
    analysis::DifferencesRequest differences;
    differences.focus = request.region;
    differences.against = against_units;
    differences.trend_years = request.differences_trend_years;
    differences.years = request.years;
    differences.common_year = request.common_year;
    for (const curated::CuratedKpi& kpi : curated) {
        differences.kpis.push_back(analysis::differences_kpi(kpi));
    }
    for (const analysis::DifferenceRow& row : analysis::find_differences(catalogue, differences)) {
        const auto kpi = kpis.find(row.kpi);
        if (!row.judged || kpi == kpis.end()) {
            continue;
        }
        if (row.pair_women) {
            kpi->second.pair_women = row.k;
            kpi->second.pair_men = row.m;
        }
        for (const analysis::DifferenceFlag flag : row.flags) {
            kpi->second.flags.emplace_back(analysis::to_string(flag));
        }
    }
}

ReportCoverage measure_report_coverage(catalogue::Catalogue& catalogue,
                                       const ReportRequest& request,
                                       const std::vector<curated::CuratedKpi>& curated,
                                       const std::vector<curated::SubGoal>& goals) {
    analysis::CoverageRequest coverage;
    coverage.unit = request.region;
    coverage.by = analysis::CoverageGrouping::goal;
    coverage.sub_goals = goals;
    for (const curated::CuratedKpi& kpi : curated) {
        coverage.curated.push_back({kpi.id, kpi.breakdown, kpi.partner, kpi.goals});
    }
    const analysis::CoverageResult measured = analysis::measure_coverage(catalogue, coverage);

    ReportCoverage result;
    result.recent_year_count = measured.recent_year_count;
    for (const analysis::CoverageGroup& group : measured.groups) {
        const auto goal = std::find_if(goals.begin(), goals.end(), [&](const auto& sub_goal) {
            return group.goal && sub_goal.number == *group.goal;
        });
        if (goal == goals.end()) {
            continue;  // key figures tagged with a sub-goal the report does not show
        }
        ReportCoverageGroup shown;
        shown.name = std::to_string(goal->number) + ". " +
                     (request.language == ReportLanguage::sv ? goal->name_sv : goal->name_en);
        shown.kpis_with_totals = group.with_t;
        shown.kpis_with_sexes = group.with_k_and_m;
        shown.share = group.share;
        shown.median_region_share = group.median_region_share;
        for (const analysis::CoverageKpi& lacking : group.lacking) {
            shown.lacking.push_back({lacking.kpi, lacking.title, lacking.verdict});
        }
        result.groups.push_back(std::move(shown));
    }
    return result;
}

void add_notes(const std::vector<curated::Note>& notes, std::map<std::string, ReportKpi>& kpis) {
    for (const curated::Note& note : notes) {
        if (const auto kpi = kpis.find(note.kpi); kpi != kpis.end()) {
            kpi->second.notes.push_back({note.date, note.analysis, note.action});
        }
    }
}

}  // namespace kolcat::report
