#include "sync/kolada/scope.hpp"

#include <algorithm>
#include <set>

#include "catalogue/catalogue.hpp"

namespace kolcat::sync {
namespace {

template <typename T>
std::vector<T> sorted_unique(std::vector<T> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

}  // namespace

std::vector<std::string> CatalogueScopeSource::present_kpi_ids() const {
    return catalogue_.present_kpi_ids();
}

std::vector<std::string> CatalogueScopeSource::region_ids() const {
    std::vector<std::string> ids;
    for (const auto& unit : catalogue_.all_municipalities()) {
        if (unit.type == "L" && unit.id != riket_id) {
            ids.push_back(unit.id);
        }
    }
    return ids;
}

std::vector<std::string> CatalogueScopeSource::municipality_ids() const {
    std::vector<std::string> ids;
    for (const auto& unit : catalogue_.all_municipalities()) {
        if (unit.type == "K") {
            ids.push_back(unit.id);
        }
    }
    return ids;
}

bool expand_unit_words(ScopeRequest& request) {
    bool found = false;
    std::vector<std::string> ids;
    for (auto& unit : request.units) {
        if (unit == all_units_word) {
            request.all_municipalities = request.all_regions = true;
            ids.push_back(riket_id);
        } else if (unit == all_municipalities_word) {
            request.all_municipalities = true;
        } else if (unit == all_regions_word) {
            request.all_regions = true;
        } else {
            ids.push_back(std::move(unit));
            continue;
        }
        found = true;
    }
    request.units = std::move(ids);
    return found;
}

std::optional<std::vector<std::string>> CatalogueScopeSource::kpi_group_members(
    const std::string& id) const {
    const auto group = catalogue_.group(catalogue::GroupKind::kpi_group, id);
    if (!group) {
        return std::nullopt;
    }
    std::vector<std::string> members;
    for (const auto& member : group->members) {
        members.push_back(member.id);
    }
    return members;
}

std::vector<std::string> CatalogueScopeSource::unknown_kpis(
    const std::vector<std::string>& ids) const {
    return catalogue_.unknown_kpis(ids);
}

std::vector<std::string> CatalogueScopeSource::unknown_units(
    const std::vector<std::string>& ids) const {
    return catalogue_.unknown_units(ids);
}

std::vector<int> sync_years(const catalogue::YearSet& years, int current_year) {
    return years.resolve(kEarliestSyncYear, current_year);
}

ResolvedScope resolve_scope(const ScopeRequest& request, const ScopeSource& source) {
    std::set<std::string> missing;
    std::vector<std::string> kpis;
    if (request.all_kpis) {
        kpis = source.present_kpi_ids();
    } else {
        std::vector<std::string> asked;  // explicit ids and group members, checked together
        for (const auto& id : request.kpis) {
            asked.push_back(id);
        }
        std::vector<std::string> groups = request.kpi_groups;
        // An explicit id that is no KPI but a KPI group stands for the group's members.
        for (const auto& id : source.unknown_kpis(request.kpis)) {
            if (source.kpi_group_members(id)) {
                asked.erase(std::remove(asked.begin(), asked.end(), id), asked.end());
                groups.push_back(id);
            }
        }
        for (const auto& group : sorted_unique(groups)) {
            if (const auto members = source.kpi_group_members(group)) {
                asked.insert(asked.end(), members->begin(), members->end());
            } else {
                missing.insert(group);
            }
        }
        asked = sorted_unique(std::move(asked));
        const auto unknown = source.unknown_kpis(asked);
        missing.insert(unknown.begin(), unknown.end());
        const std::set<std::string> unknown_set(unknown.begin(), unknown.end());
        for (auto& id : asked) {
            if (unknown_set.count(id) == 0) {
                kpis.push_back(std::move(id));
            }
        }
    }

    std::vector<std::string> units = request.units;
    if (request.all_regions) {
        const auto regions = source.region_ids();
        units.insert(units.end(), regions.begin(), regions.end());
    }
    if (request.all_municipalities) {
        const auto municipalities = source.municipality_ids();
        units.insert(units.end(), municipalities.begin(), municipalities.end());
    }
    units = sorted_unique(std::move(units));
    const auto unknown_units = source.unknown_units(units);
    missing.insert(unknown_units.begin(), unknown_units.end());
    const std::set<std::string> unknown_unit_set(unknown_units.begin(), unknown_units.end());
    units.erase(std::remove_if(units.begin(), units.end(),
                               [&](const std::string& id) { return unknown_unit_set.count(id); }),
                units.end());

    ResolvedScope resolved;
    resolved.scope.kpis = sorted_unique(std::move(kpis));
    resolved.scope.units = std::move(units);
    resolved.scope.years = sorted_unique(request.years);
    resolved.missing_ids.assign(missing.begin(), missing.end());
    return resolved;
}

const std::vector<std::string>& equality_kpi_group_ids() {
    static const std::vector<std::string> ids{"G2KPI148336", "G2KPI148333"};
    return ids;
}

const std::vector<std::string>& county_group_ids() {
    static const std::vector<std::string> ids{
        "G33612", "G33613", "G33614", "G33615", "G33616", "G33617", "G33618",
        "G33619", "G33620", "G33621", "G33622", "G33623", "G33624", "G33625",
        "G33626", "G33627", "G33628", "G33629", "G33630", "G33631", "G33632"};
    return ids;
}

const std::vector<std::string>& norrbotten_municipality_ids() {
    static const std::vector<std::string> ids{"2505", "2506", "2510", "2513", "2514",
                                              "2518", "2521", "2523", "2560", "2580",
                                              "2581", "2582", "2583", "2584"};
    return ids;
}

const std::vector<std::string>& norrbotten_comparison_group_ids() {
    static const std::vector<std::string> ids{"G176784", "G43577"};
    return ids;
}

ScopeRequest default_scope_request(const std::vector<std::string>& curated_kpis) {
    ScopeRequest request;
    if (curated_kpis.empty()) {
        request.kpi_groups = equality_kpi_group_ids();
    } else {
        request.kpis = curated_kpis;
    }
    request.units.push_back(riket_id);
    request.all_regions = true;
    for (const auto* list : {&county_group_ids(), &norrbotten_municipality_ids(),
                             &norrbotten_comparison_group_ids()}) {
        request.units.insert(request.units.end(), list->begin(), list->end());
    }
    return request;
}

}  // namespace kolcat::sync
