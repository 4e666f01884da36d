#pragma once
// The "not synced" note on stderr, for output whose stdout has no room for it (JSON, CSV): a
// script reading stdout still learns that some values are unknown, not missing at Kolada.

#include "analysis/not_synced.hpp"
#include "cli/output/render.hpp"

namespace kolcat::cli {

// "kolcat: NOTE" as one line on stderr; nothing when nothing is missing.
void write_not_synced_line(const analysis::NotSynced& not_synced);
// The same, only for the machine-readable formats: the others print the note with the answer.
void warn_not_synced(const analysis::NotSynced& not_synced, OutputFormat format);

}  // namespace kolcat::cli
