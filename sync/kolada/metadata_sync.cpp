#include "sync/kolada/metadata_sync.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <vector>

#include "sync/http/sync_error.hpp"
#include "sync/kolada/metadata_fingerprint.hpp"

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
    // A list whose fingerprint equals the stored one is left as it is: storing it again would
    // rewrite the same rows and, for key figures, grow the full-text index.
    const auto unchanged = [&catalogue](const char* list, const std::string& fingerprint) {
        return catalogue.metadata_fingerprint(list) == fingerprint;
    };

    const auto municipalities =
        fetch_all(fetcher, options, "municipality", &parse_municipality_page);
    require_not_empty(municipalities, "municipality");
    if (const auto fingerprint = metadata_fingerprint(municipalities);
        !unchanged("municipality", fingerprint)) {
        catalogue.replace_municipalities(municipalities, fingerprint);
    }
    counts.municipalities = municipalities.size();

    const auto municipality_groups =
        fetch_all(fetcher, options, "municipality_groups", &parse_group_page);
    if (const auto fingerprint = metadata_fingerprint(municipality_groups);
        !unchanged("municipality_groups", fingerprint)) {
        // Forgotten before the list is replaced: a sync killed in between still sees the change.
        catalogue.forget_synced_units(groups_with_other_members(catalogue, municipality_groups));
        catalogue.replace_groups(catalogue::GroupKind::municipality_group, municipality_groups,
                                 fingerprint);
    }
    counts.municipality_groups = municipality_groups.size();

    const auto kpis = fetch_all(fetcher, options, "kpi", &parse_kpi_page);
    require_not_empty(kpis, "kpi");
    if (const auto fingerprint = metadata_fingerprint(kpis); !unchanged("kpi", fingerprint)) {
        catalogue.replace_kpis(kpis, fingerprint);
    }
    counts.kpis = kpis.size();

    const auto kpi_groups = fetch_all(fetcher, options, "kpi_groups", &parse_group_page);
    if (const auto fingerprint = metadata_fingerprint(kpi_groups);
        !unchanged("kpi_groups", fingerprint)) {
        catalogue.replace_groups(catalogue::GroupKind::kpi_group, kpi_groups, fingerprint);
    }
    counts.kpi_groups = kpi_groups.size();

    return counts;
}

}  // namespace kolcat::sync
