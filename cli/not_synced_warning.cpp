#include "cli/not_synced_warning.hpp"

#include <string>

#include "cli/output/output.hpp"

namespace kolcat::cli {

void write_not_synced_line(const analysis::NotSynced& not_synced) {
    if (not_synced.empty()) {
        return;
    }
    const std::string note = not_synced.note();  // ends in a newline
    write_stderr_line("kolcat: " + note.substr(0, note.size() - 1));
}

void warn_not_synced(const analysis::NotSynced& not_synced, OutputFormat format) {
    if (format == OutputFormat::json || format == OutputFormat::csv) {
        write_not_synced_line(not_synced);
    }
}

}  // namespace kolcat::cli
