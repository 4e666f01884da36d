#pragma once
// Gathers the report's data from the catalogue: the curated key figures per sub-goal, their
// comparison (catalogue/compare.hpp), their sex-breakdown verdicts (catalogue/gaps.hpp), the
// trend series and the publication dates. Reads only; needs the curated indicators stored
// in the catalogue (see open_with_indicators).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"
#include "report/data.hpp"

namespace kolcat::report {

struct ReportRequest {
    std::string region = "0025";
    std::string against = "all-regions";      // a region-set name or unit ids, as --against
    ReportSelection selection;                // --goal, --sdg, --target, --kpi
    std::optional<catalogue::YearSet> years;  // --year, as compare's (CompareRequest::years)
    bool common_year = false;                 // --year common
    ReportLanguage language = ReportLanguage::sv;
    int trend_years = 10;
    // The years over which `differences` judges a gap widening (its --trend default).
    int differences_trend_years = 5;
    // The user's local notes (curated::IndicatorSet::notes): printed under their key figures.
    std::vector<curated::Note> notes;
    std::string generated_at;  // injected: "2026-11-26T13:38:54Z"
};

// One key figure of a comparison as the report shows it: its rows, the standings against the
// compared units' median and Riket, the sex-breakdown verdict (from `verdicts`, by id), the trend
// window of request.trend_years up to the compared year and the decimals. `curated` gives the
// breakdown design and partner; a key figure that is not curated passes an entry with its id only.
ReportKpi report_kpi(const catalogue::Catalogue& catalogue, const curated::CuratedKpi& curated,
                     const analysis::KpiComparison& comparison,
                     const std::map<std::string, analysis::Verdict>& verdicts,
                     const ReportRequest& request);

// Throws IndicatorsError for an --against argument that names nothing known, CatalogueError
// on a storage failure.
ReportData collect_report(catalogue::Catalogue& catalogue, const ReportRequest& request);

}  // namespace kolcat::report
