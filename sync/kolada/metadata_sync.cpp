#include "sync/kolada/metadata_sync.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <vector>

#include "sync/http/sync_error.hpp"

namespace kolcat::sync {
namespace {

template <typename Item>
std::vector<Item> fetch_all(http::JsonFetcher& fetcher, const MetadataSyncOptions& options,
                            std::string_view endpoint, Page<Item> (*parse)(const nlohmann::json&)) {
    if (options.on_page) {
        options.on_page(endpoint);
    }
    Pager pager(fetcher, metadata_url(options.api_url, endpoint, options.per_page), options.api_url,
                options.max_pages);
    std::vector<Item> all;
    while (auto page = pager.next(parse)) {
        std::move(page->items.begin(), page->items.end(), std::back_inserter(all));
        if (options.on_page) {
            options.on_page(endpoint);
        }
    }
    return all;
}

template <typename Item>
void require_not_empty(const std::vector<Item>& items, std::string_view endpoint) {
    if (items.empty()) {
        throw http::SyncError("Kolada's /" + std::string(endpoint) +
                              " list came back empty; keeping the stored list");
    }
}

// Stored municipality groups whose members are not those of the new list. Their stored means
// are the means of the old members, and from_date answers do not say that they moved.
std::vector<std::string> groups_with_other_members(const catalogue::Catalogue& catalogue,
                                                   const std::vector<catalogue::Group>& groups) {
    std::vector<std::string> changed;
    for (const catalogue::Group& group : groups) {
        const auto stored = catalogue.group(catalogue::GroupKind::municipality_group, group.id);
        if (!stored) {
            continue;  // new: nothing of it was synced
        }
        std::set<std::string> before;
        std::set<std::string> now;
        for (const auto& member : stored->members) {
            before.insert(member.id);
        }
        for (const auto& member : group.members) {
            now.insert(member.id);
        }
        if (before != now) {
            changed.push_back(group.id);
        }
    }
    return changed;
}

}  // namespace

MetadataCounts sync_metadata(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                             const MetadataSyncOptions& options) {
    MetadataCounts counts;

    const auto municipalities =
        fetch_all(fetcher, options, "municipality", &parse_municipality_page);
    require_not_empty(municipalities, "municipality");
    catalogue.replace_municipalities(municipalities);
    counts.municipalities = municipalities.size();

    const auto municipality_groups =
        fetch_all(fetcher, options, "municipality_groups", &parse_group_page);
    // Forgotten before the list is replaced: a sync killed in between still sees the change.
    catalogue.forget_synced_units(groups_with_other_members(catalogue, municipality_groups));
    catalogue.replace_groups(catalogue::GroupKind::municipality_group, municipality_groups);
    counts.municipality_groups = municipality_groups.size();

    const auto kpis = fetch_all(fetcher, options, "kpi", &parse_kpi_page);
    require_not_empty(kpis, "kpi");
    catalogue.replace_kpis(kpis);
    counts.kpis = kpis.size();

    const auto kpi_groups = fetch_all(fetcher, options, "kpi_groups", &parse_group_page);
    catalogue.replace_groups(catalogue::GroupKind::kpi_group, kpi_groups);
    counts.kpi_groups = kpi_groups.size();

    return counts;
}

}  // namespace kolcat::sync
