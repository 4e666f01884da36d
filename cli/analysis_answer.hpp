#pragma once
// How the analysis commands (gaps, differences, coverage) print an answer. JSON and CSV go to
// stdout alone, so that a script can read them, and the "not synced" note goes to stderr. The
// text formats print the note and the data's age under the answer, where a reader sees them.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/output/render.hpp"
#include "cli/output/table.hpp"

namespace kolcat::cli {

// One answer in each shape; only the one the format asks for is built.
struct AnalysisAnswer {
    std::function<nlohmann::ordered_json()> json;
    std::function<Table()> csv;
    std::function<std::string()> text;  // table and markdown
};

void write_analysis_answer(const AnalysisAnswer& answer, const analysis::NotSynced& not_synced,
                           const catalogue::Catalogue& catalogue, const RenderOptions& options);

}  // namespace kolcat::cli
