#pragma once
// When each (key figure, unit) pair last completed a sync over every year, for the key figures
// and units a plan asks about: the base of an incremental sync's from_date.
// Compact on purpose: the full mirror asks about 6 099 key figures x 312 units (1.9 M pairs).
// Each pair holds a 16-bit index into the few distinct dates, so the whole answer takes
// 2 bytes per pair (under 4 MB there) instead of a map entry of two ids and a date.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kolcat::catalogue {

class SyncedDates {
  public:
    using Pair = std::pair<std::string, std::string>;  // (kpi id, unit id)

    SyncedDates() = default;
    // Room for the pairs kpis x units, none with a date yet. Repeated ids are kept once.
    SyncedDates(const std::vector<std::string>& kpis, const std::vector<std::string>& units);
    // Each pair with its date: for tests and small callers.
    SyncedDates(std::initializer_list<std::pair<Pair, std::string>> dates);

    // The pair's date ("YYYY-MM-DD"), or nullptr when it has none (never synced, or not among
    // the key figures and units asked about).
    const std::string* find(const std::string& kpi, const std::string& unit) const;
    const std::string* find(const Pair& pair) const { return find(pair.first, pair.second); }
    // The pair's date; throws std::out_of_range when it has none.
    const std::string& at(const Pair& pair) const;
    // Sets the pair's date, making room for a key figure or unit not asked about yet.
    void set(const std::string& kpi, const std::string& unit, const std::string& date);
    // How many pairs have a date.
    std::size_t size() const;
    bool empty() const { return size() == 0; }

    // For the catalogue, which fills the grid from its records by position: the position of an
    // id asked about, or nullopt.
    std::optional<std::size_t> kpi_position(const std::string& kpi) const;
    std::optional<std::size_t> unit_position(const std::string& unit) const;
    // The index of a date, added when new. Throws std::length_error past 65 535 dates.
    std::uint16_t date_index(const std::string& date);
    // Gives the pair at these positions the date of `date` (a block written later overrides).
    void assign(std::size_t kpi, std::size_t unit, std::uint16_t date);

  private:
    std::size_t add_kpi(const std::string& kpi);
    std::size_t add_unit(const std::string& unit);

    std::unordered_map<std::string, std::size_t> kpis_;
    std::unordered_map<std::string, std::size_t> units_;
    std::vector<std::string> dates_;   // date index i is dates_[i - 1]; 0 is "no date"
    std::vector<std::uint16_t> grid_;  // kpi position * units_.size() + unit position
};

}  // namespace kolcat::catalogue
