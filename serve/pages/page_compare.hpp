#pragma once
// The choices of a comparison page, as GET parameters named like compare's flags: region (the
// focus), set (--against), year (--year), trend (--trend), within (--within). Read them into an
// analysis::CompareRequest with compare's rules, and write them back as a form and as links.

#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "report/html_builder.hpp"
#include "serve/pages/page_frame.hpp"

namespace kolcat::serve {

struct CompareChoices {
    std::optional<std::string> set;
    std::optional<std::string> year;
    std::optional<int> trend;
    std::optional<std::string> within;
};

// The parameters a comparison page takes (lang and region included).
const std::vector<std::string>& compare_parameters();

CompareChoices read_compare_choices(const PageQuery& query);

// compare's request for these key figures: the focus (context.region), the units to compare
// with (the set, by default the 21 regions), the year, the trend and --within. PageError 400 for
// a choice compare refuses, 404 for a unit the catalogue does not know.
analysis::CompareRequest compare_request(catalogue::Catalogue& catalogue,
                                         const PageContext& context, const CompareChoices& choices,
                                         std::vector<analysis::CompareKpi> kpis);

// The choices as link parameters (empty ones left out), in a fixed order.
LinkParams choice_params(const CompareChoices& choices);

// A GET form to `action` with the region set and year fields, and (with_trend_and_within) the
// trend and within fields.
void write_compare_form(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                        const PageContext& context, const CompareChoices& choices,
                        const std::string& action, bool with_trend_and_within = true);

// The name of the units compared with, for a heading ("Alla regioner", "0024, 0017").
std::string against_title(catalogue::Catalogue& catalogue, const PageContext& context,
                          const CompareChoices& choices);

}  // namespace kolcat::serve
