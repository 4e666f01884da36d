#pragma once
// kolcat differences' answer in the text formats and as a CSV table.

#include <string>
#include <vector>

#include "analysis/differences.hpp"
#include "cli/output/render.hpp"
#include "cli/output/table.hpp"

namespace kolcat::cli {

// The headline, the judged table, those that cannot be judged, the notes and the legend.
std::string render_differences_text(const std::vector<analysis::DifferenceRow>& rows,
                                    const analysis::DifferencesRequest& request,
                                    const std::string& focus_title, const RenderOptions& options);

// One row per key figure, the JSON's keys as columns.
Table differences_csv_table(const std::vector<analysis::DifferenceRow>& rows);

}  // namespace kolcat::cli
