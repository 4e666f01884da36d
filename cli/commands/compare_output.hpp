#pragma once
// kolcat compare's output, shared by its files: the text and markdown blocks
// (compare_blocks.cpp), and the CSV and JSON forms (compare_data.cpp).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "cli/output/render.hpp"

namespace kolcat::cli {

// The note for stderr when the compared year is not the latest with values; nullopt when it is.
std::optional<std::string> period_warning(const KpiComparison& result);
Cell rank_cell(const std::optional<int>& rank);
Cell period_cell(const std::optional<int>& period);
// A computed difference or ratio without the binary noise in its last digits.
std::optional<double> derived(const std::optional<double>& value);
std::optional<Change> derived(const std::optional<Change>& change);
// The units of the result whose values were never synced.
std::vector<std::string> never_synced_units(const KpiComparison& result);

// One block per key figure: a heading, the table and its notes (table or markdown).
std::string render_blocks(const std::vector<KpiComparison>& results, const CompareRequest& request,
                          const RenderOptions& options,
                          const std::optional<std::string>& catalogue_argument);
// One row per key figure and unit, the national row included.
Table csv_table(const std::vector<KpiComparison>& results, const CompareRequest& request);
// {"kpi","title","period","direction","units":[...],"national":{...}} for one key figure.
nlohmann::ordered_json comparison_json(const KpiComparison& result, const CompareRequest& request);

}  // namespace kolcat::cli
