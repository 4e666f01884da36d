#pragma once
// /v3/status: what the catalogue holds and how old it is, as JSON, so that a client can judge
// an empty answer (never synced, or no data at Kolada).

#include <chrono>
#include <string>

#include "catalogue/catalogue.hpp"

namespace kolcat::serve {

// {"source": "Kolada", "data_source", "api_url", "last_sync_at", "age_seconds",
//  "last_sync_failure", "synced_pairs", "synced_kpis": [...], "synced_units": [...],
//  "values", "kpis", "municipalities", "municipality_groups", "kpi_groups"}.
// Unknown texts are null; age_seconds is null before the first sync.
std::string status_json(
    const catalogue::Catalogue& catalogue,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace kolcat::serve
