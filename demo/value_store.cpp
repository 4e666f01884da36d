#include "demo/value_store.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace kolcat::demo {

ValueStore::Index ValueStore::intern(std::string_view id, std::vector<std::string>& ids,
                                     std::unordered_map<std::string, Index>& index,
                                     std::vector<Index>& by_id) {
    std::string key_text(id);
    if (const auto found = index.find(key_text); found != index.end()) {
        return found->second;
    }
    if (ids.size() >= std::numeric_limits<Index>::max()) {
        throw std::length_error("too many ids in the fake dataset");
    }
    const auto new_index = static_cast<Index>(ids.size());
    ids.push_back(key_text);
    index.emplace(std::move(key_text), new_index);
    // Keep the by-id order up to date here, so that readers never need a lazily built cache.
    const auto position = std::lower_bound(
        by_id.begin(), by_id.end(), id, [&ids](Index a, std::string_view b) { return ids[a] < b; });
    by_id.insert(position, new_index);
    return new_index;
}

ValueStore::Index ValueStore::intern_kpi(std::string_view id) {
    return intern(id, kpi_ids_, kpi_index_, kpis_by_id_);
}

ValueStore::Index ValueStore::intern_unit(std::string_view id) {
    return intern(id, unit_ids_, unit_index_, units_by_id_);
}

std::optional<ValueStore::Index> ValueStore::find_kpi(std::string_view id) const {
    const auto found = kpi_index_.find(std::string(id));
    if (found == kpi_index_.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::optional<ValueStore::Index> ValueStore::find_unit(std::string_view id) const {
    const auto found = unit_index_.find(std::string(id));
    if (found == unit_index_.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::uint8_t ValueStore::intern_status(std::string_view status) {
    for (std::size_t i = 0; i < statuses_.size(); ++i) {
        if (statuses_[i] == status) {
            return static_cast<std::uint8_t>(i);
        }
    }
    if (statuses_.size() > std::numeric_limits<std::uint8_t>::max()) {
        throw std::length_error("the fake dataset holds at most 256 distinct status texts");
    }
    statuses_.emplace_back(status);
    return static_cast<std::uint8_t>(statuses_.size() - 1);
}

const Series* ValueStore::series(Index kpi, Index unit) const {
    const auto found = series_.find(key(kpi, unit));
    return found == series_.end() ? nullptr : &found->second;
}

Series& ValueStore::series_for_update(Index kpi, Index unit) {
    return series_[key(kpi, unit)];
}

PeriodCells& ValueStore::period_cells(Series& series, int period) {
    const auto position =
        std::lower_bound(series.begin(), series.end(), period,
                         [](const PeriodCells& cells, int p) { return cells.period < p; });
    if (position != series.end() && position->period == period) {
        return *position;
    }
    PeriodCells cells;
    cells.period = static_cast<std::int16_t>(period);
    return *series.insert(position, cells);
}

const PeriodCells* ValueStore::find_period(const Series& series, int period) {
    const auto position =
        std::lower_bound(series.begin(), series.end(), period,
                         [](const PeriodCells& cells, int p) { return cells.period < p; });
    if (position != series.end() && position->period == period) {
        return &*position;
    }
    return nullptr;
}

}  // namespace kolcat::demo
