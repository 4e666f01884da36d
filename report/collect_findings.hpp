#pragma once
// What the report adds from outside the comparison: the flags `kolcat differences` sets on the
// focus region's sex gaps, the coverage of the breakdown by sex, and the user's local notes.

#include <map>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"
#include "report/collect.hpp"
#include "report/data.hpp"

namespace kolcat::report {

// Sets ReportKpi::flags of the shown key figures (`curated`) as `kolcat differences
// --region R --against UNITS --trend N` would, for the report's period. A key figure that
// cannot be judged gets none. Throws CatalogueError on a storage failure.
void add_difference_flags(catalogue::Catalogue& catalogue, const ReportRequest& request,
                          const std::vector<std::string>& against_units,
                          const std::vector<curated::CuratedKpi>& curated,
                          std::map<std::string, ReportKpi>& kpis);

// The coverage of the breakdown by sex (`kolcat coverage --unit R --by goal`) over the shown
// key figures, one group per sub-goal the report shows (`goals`), named in the report's
// language. Throws CatalogueError on a storage failure.
ReportCoverage measure_report_coverage(catalogue::Catalogue& catalogue,
                                       const ReportRequest& request,
                                       const std::vector<curated::CuratedKpi>& curated,
                                       const std::vector<curated::SubGoal>& goals);

// Appends each note to its key figure's ReportKpi::notes, in the notes' order; a note on a key
// figure the report does not show is left out.
void add_notes(const std::vector<curated::Note>& notes, std::map<std::string, ReportKpi>& kpis);

}  // namespace kolcat::report
