// Dataset::visit and Dataset::answer: which items a data request gets, in Kolada's order, with
// group values computed from their members.

#include <algorithm>
#include <limits>

#include "demo/calendar.hpp"
#include "demo/dataset.hpp"

namespace kolcat::demo {

namespace {

constexpr catalogue::Gender kGenders[3] = {catalogue::Gender::T, catalogue::Gender::K,
                                           catalogue::Gender::M};

// A unit of the request: a stored unit or a municipality group.
struct UnitRef {
    std::string_view id;
    std::optional<ValueStore::Index> unit;
    const catalogue::Group* group = nullptr;
};

template <typename T>
std::vector<T> sorted_unique(std::vector<T> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

// Counts items across the whole answer and decides which ones the page shows.
class PageWindow {
  public:
    PageWindow(std::size_t offset, std::size_t limit,
               const std::function<void(const DataItem&)>& visit)
        : offset_(offset), limit_(limit), visit_(visit) {}

    // False once the page is full and one more item proves that a next page exists.
    bool offer(const DataItem& item) {
        if (item.size == 0) {
            return true;
        }
        if (seen_ >= offset_ && result_.visited >= limit_) {
            result_.more = true;
            return false;
        }
        if (seen_ >= offset_) {
            visit_(item);
            ++result_.visited;
        }
        ++seen_;
        return true;
    }
    VisitResult result() const { return result_; }

  private:
    std::size_t offset_;
    std::size_t limit_;
    const std::function<void(const DataItem&)>& visit_;
    std::size_t seen_ = 0;
    VisitResult result_;
};

class Answerer {
  public:
    Answerer(const Dataset& dataset, const DataQuery& query)
        : dataset_(dataset), store_(dataset.store()), years_(sorted_unique(query.years)) {
        if (query.from_date) {
            from_day_ = parse_iso_date(*query.from_date);
            if (!from_day_) {
                from_day_ = std::numeric_limits<int>::max();  // unparseable: nothing changed
            }
        }
    }

    VisitResult run(const DataQuery& query, PageWindow& window) {
        const auto kpis = kpi_indexes(query.kpis);
        const auto units = unit_refs(query.units);
        for (const auto kpi : kpis) {
            for (const auto& unit : units) {
                const bool go_on =
                    unit.group ? group_items(kpi, unit, window) : unit_items(kpi, unit, window);
                if (!go_on) {
                    return window.result();
                }
            }
        }
        return window.result();
    }

  private:
    std::vector<ValueStore::Index> kpi_indexes(const std::vector<std::string>& ids) const {
        if (ids.empty()) {
            return store_.kpis_by_id();
        }
        std::vector<ValueStore::Index> indexes;
        for (const auto& id : sorted_unique(ids)) {
            if (const auto index = store_.find_kpi(id)) {
                indexes.push_back(*index);
            }
        }
        return indexes;
    }

    std::vector<UnitRef> unit_refs(const std::vector<std::string>& ids) {
        std::vector<UnitRef> refs;
        if (ids.empty()) {
            // "Every unit" means the stored ones; group values exist only when asked for.
            for (const auto index : store_.units_by_id()) {
                refs.push_back({store_.unit_id(index), index, nullptr});
            }
            return refs;
        }
        unit_ids_ = sorted_unique(ids);
        for (const auto& id : unit_ids_) {
            if (const auto* group = dataset_.municipality_group(id)) {
                refs.push_back({id, std::nullopt, group});
            } else if (const auto index = store_.find_unit(id)) {
                refs.push_back({id, index, nullptr});
            }
        }
        return refs;
    }

    bool year_wanted(int period) const {
        return years_.empty() || std::binary_search(years_.begin(), years_.end(), period);
    }

    bool unit_items(ValueStore::Index kpi, const UnitRef& unit, PageWindow& window) const {
        const auto* series = store_.series(kpi, *unit.unit);
        if (series == nullptr) {
            return true;
        }
        DataItem item;
        item.kpi = store_.kpi_id(kpi);
        item.municipality = unit.id;
        for (const auto& cells : *series) {
            if (!year_wanted(cells.period)) {
                continue;
            }
            item.period = cells.period;
            item.size = 0;
            for (std::size_t g = 0; g < 3; ++g) {
                add_stored_entry(cells, g, item);
            }
            if (!window.offer(item)) {
                return false;
            }
        }
        return true;
    }

    void add_stored_entry(const PeriodCells& cells, std::size_t g, DataItem& item) const {
        const auto state = cells.state[g];
        if (state == CellState::absent) {
            return;
        }
        if (from_day_) {
            if (cells.changed_day[g] < *from_day_) {
                return;
            }
        } else if (state == CellState::deleted) {
            return;
        }
        auto& entry = item.entries[static_cast<std::size_t>(item.size++)];
        entry.gender = kGenders[g];
        entry.value =
            state == CellState::value ? std::optional<double>(cells.value[g]) : std::nullopt;
        entry.count = cells.count[g];
        entry.status = store_.status(cells.status[g]);
        entry.is_deleted = state == CellState::deleted;
    }

    bool group_items(ValueStore::Index kpi, const UnitRef& unit, PageWindow& window) const {
        // Kolada's change feed reports what it stores, the members' cells; a group's means
        // exist only when asked for whole, so a from_date answer holds no group cell at all,
        // not even one whose members changed, left or were deleted.
        if (from_day_) {
            return true;
        }
        std::vector<const Series*> members;
        for (const auto& member : unit.group->members) {
            const auto index = store_.find_unit(member.id);
            const auto* series = index ? store_.series(kpi, *index) : nullptr;
            if (series != nullptr) {
                members.push_back(series);
            }
        }
        std::vector<int> periods;
        for (const auto* series : members) {
            for (const auto& cells : *series) {
                if (year_wanted(cells.period)) {
                    periods.push_back(cells.period);
                }
            }
        }
        DataItem item;
        item.kpi = store_.kpi_id(kpi);
        item.municipality = unit.id;
        for (const auto period : sorted_unique(std::move(periods))) {
            item.period = period;
            item.size = 0;
            for (std::size_t g = 0; g < 3; ++g) {
                add_group_entry(members, period, g, item);
            }
            if (!window.offer(item)) {
                return false;
            }
        }
        return true;
    }

    // The unweighted mean of the members that have a value, with their count, from their
    // current values. A cell with no member value does not exist.
    void add_group_entry(const std::vector<const Series*>& members, int period, std::size_t g,
                         DataItem& item) const {
        double sum = 0;
        int with_value = 0;
        for (const auto* series : members) {
            const auto* cells = ValueStore::find_period(*series, period);
            if (cells != nullptr && cells->state[g] == CellState::value) {
                sum += cells->value[g];
                ++with_value;
            }
        }
        if (with_value == 0) {
            return;
        }
        auto& entry = item.entries[static_cast<std::size_t>(item.size++)];
        entry.gender = kGenders[g];
        entry.value = sum / with_value;
        entry.count = with_value;
        entry.status = {};
        entry.is_deleted = false;
    }

    const Dataset& dataset_;
    const ValueStore& store_;
    std::vector<int> years_;
    std::vector<std::string> unit_ids_;  // owns the ids that UnitRef views point into
    std::optional<int> from_day_;
};

}  // namespace

VisitResult Dataset::visit(const DataQuery& query, std::size_t offset, std::size_t limit,
                           const std::function<void(const DataItem&)>& visit) const {
    PageWindow window(offset, limit, visit);
    Answerer answerer(*this, query);
    return answerer.run(query, window);
}

std::vector<catalogue::Value> Dataset::answer(const DataQuery& query) const {
    std::vector<catalogue::Value> values;
    visit(query, 0, std::numeric_limits<std::size_t>::max(), [&values](const DataItem& item) {
        for (int i = 0; i < item.size; ++i) {
            const auto& entry = item.entries[static_cast<std::size_t>(i)];
            catalogue::Value value;
            value.kpi = item.kpi;
            value.municipality = item.municipality;
            value.period = item.period;
            value.gender = entry.gender;
            value.value = entry.value;
            value.count = entry.count;
            value.status = entry.status;
            value.is_deleted = entry.is_deleted;
            values.push_back(std::move(value));
        }
    });
    return values;
}

}  // namespace kolcat::demo
