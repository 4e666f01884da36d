#include "catalogue/synced_dates.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace kolcat::catalogue {

SyncedDates::SyncedDates(const std::vector<std::string>& kpis,
                         const std::vector<std::string>& units) {
    for (const auto& unit : units) {
        units_.emplace(unit, units_.size());
    }
    for (const auto& kpi : kpis) {
        kpis_.emplace(kpi, kpis_.size());
    }
    grid_.assign(kpis_.size() * units_.size(), 0);
}

SyncedDates::SyncedDates(std::initializer_list<std::pair<Pair, std::string>> dates) {
    for (const auto& [pair, date] : dates) {
        set(pair.first, pair.second, date);
    }
}

const std::string* SyncedDates::find(const std::string& kpi, const std::string& unit) const {
    const auto k = kpis_.find(kpi);
    const auto u = units_.find(unit);
    if (k == kpis_.end() || u == units_.end()) {
        return nullptr;
    }
    const std::uint16_t date = grid_[k->second * units_.size() + u->second];
    return date == 0 ? nullptr : &dates_[date - 1];
}

const std::string& SyncedDates::at(const Pair& pair) const {
    const std::string* date = find(pair);
    if (date == nullptr) {
        throw std::out_of_range("no synced date for " + pair.first + "/" + pair.second);
    }
    return *date;
}

void SyncedDates::set(const std::string& kpi, const std::string& unit, const std::string& date) {
    const std::size_t k = add_kpi(kpi);
    const std::size_t u = add_unit(unit);
    grid_[k * units_.size() + u] = date_index(date);
}

std::size_t SyncedDates::size() const {
    return static_cast<std::size_t>(
        std::count_if(grid_.begin(), grid_.end(), [](std::uint16_t date) { return date != 0; }));
}

std::optional<std::size_t> SyncedDates::kpi_position(const std::string& kpi) const {
    const auto found = kpis_.find(kpi);
    return found == kpis_.end() ? std::nullopt : std::optional<std::size_t>(found->second);
}

std::optional<std::size_t> SyncedDates::unit_position(const std::string& unit) const {
    const auto found = units_.find(unit);
    return found == units_.end() ? std::nullopt : std::optional<std::size_t>(found->second);
}

std::uint16_t SyncedDates::date_index(const std::string& date) {
    const auto found = std::find(dates_.begin(), dates_.end(), date);
    if (found != dates_.end()) {
        return static_cast<std::uint16_t>(found - dates_.begin() + 1);
    }
    if (dates_.size() >= std::numeric_limits<std::uint16_t>::max()) {
        throw std::length_error("too many distinct synced dates");
    }
    dates_.push_back(date);
    return static_cast<std::uint16_t>(dates_.size());
}

void SyncedDates::assign(std::size_t kpi, std::size_t unit, std::uint16_t date) {
    grid_[kpi * units_.size() + unit] = date;
}

std::size_t SyncedDates::add_kpi(const std::string& kpi) {
    const auto [found, added] = kpis_.emplace(kpi, kpis_.size());
    if (added) {
        grid_.resize(kpis_.size() * units_.size(), 0);
    }
    return found->second;
}

std::size_t SyncedDates::add_unit(const std::string& unit) {
    const std::size_t before = units_.size();
    const auto [found, added] = units_.emplace(unit, before);
    if (added) {
        // One more column in every row.
        std::vector<std::uint16_t> grid(kpis_.size() * units_.size(), 0);
        for (std::size_t k = 0; k < kpis_.size(); ++k) {
            std::copy_n(grid_.begin() + static_cast<std::ptrdiff_t>(k * before), before,
                        grid.begin() + static_cast<std::ptrdiff_t>(k * units_.size()));
        }
        grid_ = std::move(grid);
    }
    return found->second;
}

}  // namespace kolcat::catalogue
