#pragma once
// kolcat compare's output, shared by its files: the text and markdown blocks
// (compare_blocks.cpp), and the CSV form (compare_data.cpp).

#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "cli/output/render.hpp"

namespace kolcat::cli {

// The note for stderr when the compared year is not the latest with values; nullopt when it is.
std::optional<std::string> period_warning(const analysis::KpiComparison& result);
Cell rank_cell(const std::optional<int>& rank);
Cell period_cell(const std::optional<int>& period);
// The units of the result whose values were never synced.
std::vector<std::string> never_synced_units(const analysis::KpiComparison& result);

// One block per key figure: a heading, the table and its notes (table or markdown).
std::string render_blocks(const std::vector<analysis::KpiComparison>& results,
                          const analysis::CompareRequest& request, const RenderOptions& options,
                          const std::optional<std::string>& catalogue_argument);
// One row per key figure and unit, the national row included.
Table csv_table(const std::vector<analysis::KpiComparison>& results,
                const analysis::CompareRequest& request);

}  // namespace kolcat::cli
