#include "sync/kolada/change_check.hpp"

#include <algorithm>
#include <set>

#include "sync/kolada/scope.hpp"

namespace kolcat::sync {
namespace {

std::vector<std::string> unique_in_order(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& item : items) {
        if (seen.insert(item).second) {
            out.push_back(item);
        }
    }
    return out;
}

std::size_t chunk_count(std::size_t n) {
    return (n + max_ids_per_request - 1) / max_ids_per_request;
}

// Appends `more` to `plan`, numbering them on.
void append(std::vector<catalogue::SyncSegment>& plan, std::vector<catalogue::SyncSegment> more) {
    for (auto& segment : more) {
        segment.seq = static_cast<int>(plan.size());
        plan.push_back(std::move(segment));
    }
}

}  // namespace

std::vector<int> change_check_years(std::optional<int> earliest_stored,
                                    std::optional<int> latest_known, int current_year) {
    const int last = std::max(current_year, latest_known.value_or(current_year));
    const int first = std::min(kEarliestSyncYear, earliest_stored.value_or(kEarliestSyncYear));
    // The last request's spare places name the years after: a year published ahead of the
    // known ones costs no request.
    const int per_request = static_cast<int>(max_ids_per_request);
    const int requests = (last - first + 1 + per_request - 1) / per_request;
    std::vector<int> years;
    for (int year = first; year < first + requests * per_request; ++year) {
        years.push_back(year);
    }
    return years;
}

std::vector<catalogue::SyncSegment> plan_incremental_sync(
    const catalogue::SyncScope& scope, const SyncedDates& synced, bool full, std::string_view today,
    const catalogue::PairTypes& types, const GroupMembers& groups,
    const std::vector<int>& check_years, const OpenCover& cover) {
    using catalogue::Side;
    if (full) {
        return plan_sync(scope, synced, true, today, types, cover);
    }
    if (!is_iso_date(today)) {
        // plan_sync gives the error of an invalid date.
        return plan_sync(scope, synced, full, today, types);
    }
    const auto kpis = unique_in_order(scope.kpis);
    std::vector<std::string> units;
    std::vector<std::string> scope_groups;
    for (const auto& unit : unique_in_order(scope.units)) {
        (is_municipality_group_id(unit) ? scope_groups : units).push_back(unit);
    }
    // The pairs a key figure of each side can hold.
    const auto valid = [&](const std::vector<std::string>& list, Side kpi_side) {
        std::vector<std::string> out;
        for (const auto& unit : list) {
            if (catalogue::can_hold_value(kpi_side, types.unit(unit))) {
                out.push_back(unit);
            }
        }
        return out;
    };
    std::map<Side, std::vector<std::string>> valid_units;
    std::map<Side, std::vector<std::string>> valid_groups;
    for (const Side side : {Side::municipalities, Side::regions, Side::both}) {
        valid_units[side] = valid(units, side);
        valid_groups[side] = valid(scope_groups, side);
    }

    std::vector<std::string> whole;         // fetched whole, groups included
    std::vector<std::string> checked;       // covered by the checks
    std::vector<std::string> groups_whole;  // checked, with groups fetched whole
    std::optional<std::string> from_date;
    for (const auto& kpi : kpis) {
        const Side side = types.kpi(kpi);
        const auto units_date = synced_from_date(kpi, valid_units[side], synced, today);
        if (!units_date) {
            whole.push_back(kpi);
            continue;
        }
        checked.push_back(kpi);
        from_date = from_date ? std::min(*from_date, *units_date) : *units_date;
        if (valid_groups[side].empty()) {
            continue;
        }
        if (const auto groups_date = synced_from_date(kpi, valid_groups[side], synced, today)) {
            from_date = std::min(*from_date, *groups_date);
        } else {
            groups_whole.push_back(kpi);
        }
    }

    std::vector<catalogue::SyncSegment> plan;
    if (!whole.empty()) {
        append(plan,
               plan_sync({whole, scope.units, scope.years}, synced, true, today, types, cover));
    }
    if (!groups_whole.empty()) {
        append(plan,
               plan_sync({groups_whole, scope_groups, scope.years}, synced, true, today, types));
    }
    if (checked.empty()) {
        return plan;
    }

    std::vector<std::string> check_units = units;
    for (const auto& [group, members] : groups) {
        check_units.insert(check_units.end(), members.begin(), members.end());
    }
    check_units = unique_in_order(check_units);
    const std::vector<int> years = scope.years.empty() ? check_years : scope.years;
    const auto year_chunks = request_chunks(years);
    const bool by_kpi = chunk_count(checked.size()) <= chunk_count(check_units.size());
    const auto add_check = [&](std::vector<std::string> check_kpis,
                               std::vector<std::string> unit_list, catalogue::OpenList open) {
        for (const auto& year_chunk : year_chunks) {
            plan.push_back(
                make_segment(plan.size(), check_kpis, unit_list, year_chunk, from_date, open));
        }
    };
    if (by_kpi) {
        for (const auto& kpi_chunk : request_chunks(checked)) {
            add_check(kpi_chunk, units, catalogue::OpenList::units);
        }
    } else {
        for (const auto& unit_chunk : request_chunks(check_units)) {
            add_check(checked, unit_chunk, catalogue::OpenList::kpis);
        }
    }
    return plan;
}

std::vector<catalogue::SyncSegment> plan_group_refetch(const std::vector<std::string>& kpis,
                                                       const std::vector<std::string>& groups,
                                                       const std::vector<int>& years,
                                                       const catalogue::PairTypes& types,
                                                       std::string_view today, int first_seq) {
    auto plan = plan_sync({kpis, groups, years}, {}, true, today, types);
    for (auto& segment : plan) {
        segment.seq += first_seq;
    }
    return plan;
}

}  // namespace kolcat::sync
