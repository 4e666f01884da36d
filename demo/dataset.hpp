#pragma once
// The fake Kolada's data: the four metadata lists and every stored value cell (kpi, unit,
// period, gender) with its value, count, status and "changed on" date. Deleted cells stay as
// tombstones with their deletion date, so that from_date answers can report them.
//
// Group values are never stored: a data request for a municipality group id (G...) gets, per
// kpi, period and gender, the unweighted mean of the members that have a value, with count =
// how many members that is, as Kolada computes them on request. Like Kolada's, a from_date
// answer (the change feed) reports member cells only, never a group cell: a client learns of a
// moved, new or vanished group mean only by asking for the group without from_date.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/group.hpp"
#include "catalogue/kpi.hpp"
#include "catalogue/municipality.hpp"
#include "catalogue/value.hpp"
#include "demo/value_store.hpp"
#include "kolada_api/data_source.hpp"

namespace kolcat::demo {

// One stored gender-level value.
struct StoredValue {
    std::optional<double> value;
    int count = 1;
    std::string status;
    std::string changed_on;  // "YYYY-MM-DD"
};

using kolada_api::DataItem;
using kolada_api::DataQuery;
using kolada_api::GenderEntry;
using kolada_api::VisitResult;

struct Dataset {
    std::vector<catalogue::Kpi> kpis;
    std::vector<catalogue::Municipality> municipalities;
    std::vector<catalogue::Group> municipality_groups;
    std::vector<catalogue::Group> kpi_groups;
    // The date recorded when a value is changed without an explicit date. Tests move it.
    std::string today = "2026-03-01";

    // Stores (or replaces, or revives) one cell. changed_on empty means `today`.
    // Throws std::invalid_argument on a bad date or a period outside -32768..32767.
    void set_value(std::string_view kpi, std::string_view unit, int period,
                   catalogue::Gender gender, std::optional<double> value,
                   std::string_view changed_on = {}, int count = 1, std::string_view status = {});
    // Turns a live cell into a tombstone dated deleted_on (empty: `today`). False if no live cell.
    bool delete_value(std::string_view kpi, std::string_view unit, int period,
                      catalogue::Gender gender, std::string_view deleted_on = {});
    // A live (stored, not deleted) cell.
    std::optional<StoredValue> value(std::string_view kpi, std::string_view unit, int period,
                                     catalogue::Gender gender) const;
    // Live cells, group values not included.
    std::size_t value_count() const { return store_.live_cells(); }

    const catalogue::Group* municipality_group(std::string_view id) const;

    // Items of a data answer in Kolada's order (kpi, municipality, period; genders T, K, M):
    // skips `offset` items, then calls `visit` for at most `limit` items.
    kolada_api::VisitResult visit(
        const kolada_api::DataQuery& query, std::size_t offset, std::size_t limit,
        const std::function<void(const kolada_api::DataItem&)>& visit) const;
    // Every gender entry the API would send for the query, over all pages, flattened: what a
    // correct client must end up storing (group values included).
    std::vector<catalogue::Value> answer(const kolada_api::DataQuery& query) const;

    ValueStore& store() { return store_; }  // for the bulk generator
    const ValueStore& store() const { return store_; }

  private:
    ValueStore store_;
};

}  // namespace kolcat::demo
