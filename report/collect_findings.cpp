#include "report/collect_findings.hpp"

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
        for (const analysis::DifferenceFlag flag : row.flags) {
            kpi->second.flags.emplace_back(analysis::to_string(flag));
        }
    }
}

void add_notes(const std::vector<curated::Note>& notes, std::map<std::string, ReportKpi>& kpis) {
    for (const curated::Note& note : notes) {
        if (const auto kpi = kpis.find(note.kpi); kpi != kpis.end()) {
            kpi->second.notes.push_back({note.date, note.analysis, note.action});
        }
    }
}

}  // namespace kolcat::report
