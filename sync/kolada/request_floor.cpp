#include "sync/kolada/request_floor.hpp"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "catalogue/catalogue.hpp"
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
        std::vector<std::unordered_set<std::string>> units(plan.size());
        std::set<std::string> kpis;
        for (const std::size_t i : indices) {
            units[i].insert(plan[i].units.begin(), plan[i].units.end());
            for (const auto& kpi : plan[i].kpis) {
                segments_of_kpi[kpi].push_back(i);
                kpis.insert(kpi);
            }
        }
        catalogue.for_each_item_count(
            std::vector<std::string>(kpis.begin(), kpis.end()), years,
            [&](const std::string& kpi, const std::string& unit, std::int64_t count) {
                for (const std::size_t i : segments_of_kpi[kpi]) {
                    if (units[i].count(unit) != 0) {
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
        const std::int64_t pages = std::max<std::int64_t>(1, pages_for(items[i], per_page));
        const bool closing_check = pages > 1 && !only_municipality_groups(plan[i].units);
        estimate.expected_requests += pages + (closing_check ? 1 : 0);
    }
    estimate.floor = pages_for(estimate.items, max_per_page);
    return estimate;
}

}  // namespace kolcat::sync
