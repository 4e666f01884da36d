#include "cli/analysis_answer.hpp"

#include "cli/catalogue_access.hpp"
#include "cli/not_synced_warning.hpp"
#include "cli/output/output.hpp"

namespace kolcat::cli {

void write_analysis_answer(const AnalysisAnswer& answer, const analysis::NotSynced& not_synced,
                           const catalogue::Catalogue& catalogue, const RenderOptions& options) {
    using nlohmann::ordered_json;
    warn_not_synced(not_synced, options.format);
    switch (options.format) {
        case OutputFormat::json:
            write_stdout(answer.json().dump(2, ' ', false, ordered_json::error_handler_t::replace) +
                         "\n");
            return;
        case OutputFormat::csv:
            write_stdout(render(answer.csv(), options));
            return;
        case OutputFormat::table:
        case OutputFormat::markdown:
            write_stdout(answer.text());
            if (!not_synced.empty()) {
                write_stdout("\n" + not_synced.note());
            }
            if (const auto note = data_age_note(catalogue)) {
                write_stdout("\n" + *note + "\n");
            }
            return;
    }
}

}  // namespace kolcat::cli
