#include "sync/kolada/request_floor.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "catalogue/catalogue.hpp"
#include "sync/kolada/overlapping_pages.hpp"
#include "sync/kolada/planner.hpp"

namespace kolcat::sync {

std::int64_t pages_for(std::int64_t items, int per_page) {
    const std::int64_t size = per_page > 0 ? per_page : max_per_page;
    return (items + size - 1) / size;
}

PlanEstimate estimate_plan(const catalogue::Catalogue& catalogue,
                           const std::vector<catalogue::SyncSegment>& plan, int per_page) {
    PlanEstimate estimate;
    estimate.segments = plan.size();
    std::vector<std::int64_t> items(plan.size(), 0);
    // Segments share their years by chunk: one read per chunk of years, of its key figures.
    std::map<std::vector<int>, std::vector<std::size_t>> by_years;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        by_years[plan[i].years].push_back(i);
    }
    for (const auto& [years, indices] : by_years) {
        std::unordered_map<std::string, std::vector<std::size_t>> segments_of_kpi;
        std::set<std::string> kpis;
        for (const std::size_t i : indices) {
            for (const auto& kpi : plan[i].kpis) {
                segments_of_kpi[kpi].push_back(i);
                kpis.insert(kpi);
            }
        }
        // The segments of each unit of the key figure being read: the counts come key figure
        // by key figure, so one map per key figure makes a count one lookup, however many
        // segments (chunks of units) share the key figure.
        std::optional<std::string> current_kpi;
        std::unordered_map<std::string, std::vector<std::size_t>> segments_of_unit;
        catalogue.for_each_item_count(
            std::vector<std::string>(kpis.begin(), kpis.end()), years,
            [&](const std::string& kpi, const std::string& unit, std::int64_t count) {
                if (current_kpi != kpi) {
                    current_kpi = kpi;
                    segments_of_unit.clear();
                    for (const std::size_t i : segments_of_kpi[kpi]) {
                        for (const auto& segment_unit : plan[i].units) {
                            auto& segments = segments_of_unit[segment_unit];
                            if (segments.empty() || segments.back() != i) {
                                segments.push_back(i);  // once, if a segment names it twice
                            }
                        }
                    }
                }
                if (const auto found = segments_of_unit.find(unit);
                    found != segments_of_unit.end()) {
                    for (const std::size_t i : found->second) {
                        items[i] += count;
                    }
                }
            });
    }
    for (std::size_t i = 0; i < plan.size(); ++i) {
        estimate.items += items[i];
        if (plan[i].done) {
            continue;
        }
        ++estimate.segments_left;
        if (plan[i].from_date) {
            estimate.expected_requests += 1;
            continue;
        }
        if (only_municipality_groups(plan[i].units)) {
            estimate.expected_requests += std::max<std::int64_t>(1, pages_for(items[i], per_page));
            continue;
        }
        const OverlappingRead read = overlapping_read(items[i], per_page);
        estimate.expected_requests += read.pages + (read.beyond_overlap ? 1 : 0);
    }
    estimate.floor = pages_for(estimate.items, max_per_page);
    return estimate;
}

}  // namespace kolcat::sync
