#pragma once
// Metadata sync: every key figure, unit, municipality group and KPI group Kolada has. Each list
// is fetched whole (all pages) before it is stored with one replace call, so a list lands whole
// or not at all: an interrupted metadata sync leaves the previous list in place.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "catalogue/catalogue.hpp"
#include "sync/http/json_fetcher.hpp"
#include "sync/kolada/pager.hpp"
#include "sync/kolada/planner.hpp"

namespace kolcat::sync {

struct MetadataCounts {
    std::size_t kpis = 0;
    std::size_t municipalities = 0;
    std::size_t municipality_groups = 0;
    std::size_t kpi_groups = 0;
};

struct MetadataSyncOptions {
    std::string api_url;  // "https://api.kolada.se/v3"
    int per_page = max_per_page;
    std::size_t max_pages = default_max_pages;
    // Called before each list is fetched and after each of its pages, with the endpoint name.
    std::function<void(std::string_view endpoint)> on_page;
};

// Fetches /municipality, /municipality_groups, /kpi and /kpi_groups and replaces the stored
// lists. Throws SyncError when a list cannot be fetched or breaks the API's format, and when
// Kolada sends no key figures or no units at all (storing that would mark every KPI retired).
MetadataCounts sync_metadata(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                             const MetadataSyncOptions& options);

}  // namespace kolcat::sync
