#pragma once
// Compact storage for millions of value cells. Ids are interned to integer indexes, and each
// (kpi, unit) series is a vector of per-period records holding the three gender cells side by
// side, so a cell costs 16 bytes and the benchmark's 3+ million cells stay around 50 MB.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kolcat::demo {

enum class CellState : std::uint8_t {
    absent = 0,  // never stored
    value,       // a number
    null_value,  // stored, but Kolada sends value null (suppressed or missing)
    deleted,     // a tombstone: removed on changed_day, reported by from_date answers
};

// The three gender cells (T, K, M in that order) of one kpi, unit and period.
struct PeriodCells {
    double value[3] = {0, 0, 0};
    std::uint16_t changed_day[3] = {0, 0, 0};  // days since 1970-01-01
    std::uint16_t count[3] = {0, 0, 0};
    std::int16_t period = 0;
    CellState state[3] = {CellState::absent, CellState::absent, CellState::absent};
    std::uint8_t status[3] = {0, 0, 0};  // index into the status texts; 0 is ""
};

using Series = std::vector<PeriodCells>;  // sorted by period

class ValueStore {
  public:
    using Index = std::uint32_t;

    Index intern_kpi(std::string_view id);
    Index intern_unit(std::string_view id);
    std::optional<Index> find_kpi(std::string_view id) const;
    std::optional<Index> find_unit(std::string_view id) const;
    const std::string& kpi_id(Index kpi) const { return kpi_ids_[kpi]; }
    const std::string& unit_id(Index unit) const { return unit_ids_[unit]; }
    // Indexes sorted by their id text: the order in which Kolada lists data.
    const std::vector<Index>& kpis_by_id() const { return kpis_by_id_; }
    const std::vector<Index>& units_by_id() const { return units_by_id_; }

    std::uint8_t intern_status(std::string_view status);
    const std::string& status(std::uint8_t index) const { return statuses_[index]; }

    const Series* series(Index kpi, Index unit) const;
    // Creates the series when missing. The caller keeps it sorted by period.
    Series& series_for_update(Index kpi, Index unit);
    // The record of a period in a series, created (in order) when missing.
    static PeriodCells& period_cells(Series& series, int period);
    static const PeriodCells* find_period(const Series& series, int period);

    // Cells that are not absent and not deleted; maintained by the callers that change states.
    std::size_t live_cells() const { return live_cells_; }
    void add_live_cells(std::ptrdiff_t delta) {
        live_cells_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(live_cells_) + delta);
    }
    void reserve_series(std::size_t count) { series_.reserve(count); }

  private:
    static std::uint64_t key(Index kpi, Index unit) {
        return (static_cast<std::uint64_t>(kpi) << 32) | unit;
    }
    static Index intern(std::string_view id, std::vector<std::string>& ids,
                        std::unordered_map<std::string, Index>& index, std::vector<Index>& by_id);

    std::vector<std::string> kpi_ids_;
    std::vector<std::string> unit_ids_;
    std::unordered_map<std::string, Index> kpi_index_;
    std::unordered_map<std::string, Index> unit_index_;
    std::vector<Index> kpis_by_id_;
    std::vector<Index> units_by_id_;
    std::vector<std::string> statuses_{""};
    std::unordered_map<std::uint64_t, Series> series_;
    std::size_t live_cells_ = 0;
};

}  // namespace kolcat::demo
