#pragma once
// What the key-figure page and the sub-goal pages share: the key figures a page compares, and
// one compared key figure drawn as the report draws it (report::write_kpi_article: the three
// charts and the tables), with the trend and --within columns when asked for.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/gaps_verdict.hpp"
#include "curated/indicators.hpp"
#include "report/html_builder.hpp"
#include "serve/pages/page_compare.hpp"

namespace kolcat::serve {

// One key figure to compare: curated (its entry) or not (an entry with its id only).
struct PageKpi {
    curated::CuratedKpi entry;
    bool curated = false;
};

// The comparison of `kpis` with the page's choices, in order.
std::vector<analysis::KpiComparison> compare_kpis(catalogue::Catalogue& catalogue,
                                                  const analysis::CompareRequest& request);

// The sex-breakdown verdicts of the key figures, by id, for the focus unit of the request.
std::map<std::string, analysis::GapsEntry> breakdown_entries(catalogue::Catalogue& catalogue,
                                                             const std::vector<PageKpi>& kpis,
                                                             const std::string& region);

// A key figure's page, with the given parameters (the page's choices), for the report's links.
std::function<std::string(const std::string&)> kpi_href(const PageContext& context,
                                                        LinkParams params);

// One key figure's article: heading (a link to its page, with `links`), meta line, charts, tables,
// notes (the report's), then the change over the years and the difference from the county when the
// request asked for them.
void write_compared_kpi(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                        const PageContext& context, const PageKpi& kpi,
                        const analysis::KpiComparison& comparison,
                        const analysis::CompareRequest& request,
                        const std::map<std::string, analysis::GapsEntry>& verdicts, int goal,
                        const LinkParams& links);

}  // namespace kolcat::serve
