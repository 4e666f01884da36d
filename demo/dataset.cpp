#include "demo/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "demo/calendar.hpp"

namespace kolcat::demo {

namespace {

std::uint16_t day_of(std::string_view date, const std::string& today) {
    const std::string_view text = date.empty() ? std::string_view(today) : date;
    const auto day = parse_iso_date(text);
    if (!day) {
        throw std::invalid_argument("fake dataset: not a YYYY-MM-DD date: " + std::string(text));
    }
    return static_cast<std::uint16_t>(std::clamp(*day, 0, 65535));
}

int checked_period(int period) {
    if (period < std::numeric_limits<std::int16_t>::min() ||
        period > std::numeric_limits<std::int16_t>::max()) {
        throw std::invalid_argument("fake dataset: period out of range: " + std::to_string(period));
    }
    return period;
}

bool is_live(CellState state) {
    return state == CellState::value || state == CellState::null_value;
}

}  // namespace

void Dataset::set_value(std::string_view kpi, std::string_view unit, int period,
                        catalogue::Gender gender, std::optional<double> value,
                        std::string_view changed_on, int count, std::string_view status) {
    const auto day = day_of(changed_on, today);
    const auto g = static_cast<std::size_t>(gender);
    auto& cells = ValueStore::period_cells(
        store_.series_for_update(store_.intern_kpi(kpi), store_.intern_unit(unit)),
        checked_period(period));
    if (!is_live(cells.state[g])) {
        store_.add_live_cells(1);
    }
    // NaN and infinities cannot be written as JSON: store them as Kolada's null.
    const bool finite = value.has_value() && std::isfinite(*value);
    cells.state[g] = finite ? CellState::value : CellState::null_value;
    cells.value[g] = finite ? *value : 0.0;
    cells.count[g] = static_cast<std::uint16_t>(std::clamp(count, 0, 65535));
    cells.status[g] = store_.intern_status(status);
    cells.changed_day[g] = day;
}

bool Dataset::delete_value(std::string_view kpi, std::string_view unit, int period,
                           catalogue::Gender gender, std::string_view deleted_on) {
    const auto day = day_of(deleted_on, today);
    const auto kpi_index = store_.find_kpi(kpi);
    const auto unit_index = store_.find_unit(unit);
    if (!kpi_index || !unit_index || store_.series(*kpi_index, *unit_index) == nullptr) {
        return false;
    }
    auto& series = store_.series_for_update(*kpi_index, *unit_index);
    if (ValueStore::find_period(series, period) == nullptr) {
        return false;
    }
    auto& cells = ValueStore::period_cells(series, period);
    const auto g = static_cast<std::size_t>(gender);
    if (!is_live(cells.state[g])) {
        return false;
    }
    store_.add_live_cells(-1);
    cells.state[g] = CellState::deleted;
    cells.value[g] = 0.0;
    cells.changed_day[g] = day;
    return true;
}

std::optional<StoredValue> Dataset::value(std::string_view kpi, std::string_view unit, int period,
                                          catalogue::Gender gender) const {
    const auto kpi_index = store_.find_kpi(kpi);
    const auto unit_index = store_.find_unit(unit);
    if (!kpi_index || !unit_index) {
        return std::nullopt;
    }
    const auto* series = store_.series(*kpi_index, *unit_index);
    const auto* cells = series ? ValueStore::find_period(*series, period) : nullptr;
    const auto g = static_cast<std::size_t>(gender);
    if (cells == nullptr || !is_live(cells->state[g])) {
        return std::nullopt;
    }
    StoredValue stored;
    if (cells->state[g] == CellState::value) {
        stored.value = cells->value[g];
    }
    stored.count = cells->count[g];
    stored.status = store_.status(cells->status[g]);
    stored.changed_on = format_iso_date(cells->changed_day[g]);
    return stored;
}

const catalogue::Group* Dataset::municipality_group(std::string_view id) const {
    for (const auto& group : municipality_groups) {
        if (group.id == id) {
            return &group;
        }
    }
    return nullptr;
}

}  // namespace kolcat::demo
