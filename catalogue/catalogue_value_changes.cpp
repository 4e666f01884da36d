// The changes since a date with the value each cell held then: for `kolcat changes` and the
// "what is new" page.
//
// How the old value is known. kpi_value holds each cell's content and when it was stored
// (changed_at). The record kpi_value_change (schema 6) holds, for every content replaced or
// deleted, the old content, the time it was stored (old_since) and the time it went
// (changed_at). A content stored into an empty cell replaces nothing and is not recorded, which
// keeps a first sync as fast as before. For a date D and one cell:
//  - the cell's first recorded change at or after D, if its old_since is before D: that old
//    content was stored before D and held until after it, so it is the value at D, exactly,
//    however old the record;
//  - otherwise, while the record is whole since D (D >= old_values_known_since): the old content
//    of that first change was stored after D by an unrecorded write, which only a cell that
//    held nothing receives; with no change recorded since D, the live content was stored that
//    way. Either way the cell held nothing at D;
//  - otherwise the value at D is unknown: the record was pruned, or began after D.
// The record is bounded (Catalogue::max_old_values, pruned like the tombstones), so a catalogue
// answers exactly about recent dates and says "unknown" about older ones, never a wrong number.
#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"

namespace kolcat::catalogue {

std::string_view to_string(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::published:
            return "published";
        case ChangeKind::revised:
            return "revised";
        case ChangeKind::deleted:
            return "deleted";
    }
    return "revised";
}

namespace {

// A cell of one key figure, in output order: unit id, period, gender.
using CellKey = std::tuple<std::string, int, int>;

struct CellHistory {
    std::int64_t unit_key = 0;
    bool live_read = false;  // `live` and `live_changed_at` hold the stored row
    std::optional<StoredValue> live;
    std::optional<std::int64_t> live_changed_at;
    std::optional<std::int64_t> deleted_at;  // its tombstone, when at or after the date
    // The first change recorded at or after the date, and when the last one was.
    bool changed = false;
    StoredValue first_old;
    std::optional<std::int64_t> first_old_since;
    std::int64_t last_change_at = 0;
};

StoredValue stored_value(const Statement& row, int first_column) {
    return StoredValue{row.column_optional_double(first_column),
                       row.column_optional_int(first_column + 1),
                       row.column_text(first_column + 2)};
}

std::optional<std::int64_t> optional_int64(const Statement& row, int column) {
    return row.column_is_null(column) ? std::nullopt
                                      : std::optional<std::int64_t>(row.column_int64(column));
}

}  // namespace

void Catalogue::for_each_value_change(const ValueQuery& query, std::int64_t since,
                                      const std::function<void(const ValueChange&)>& fn) const {
    Database& db = impl_->db;
    const auto kpis = impl_->kpis_of(query);
    std::vector<std::string> units = query.units;
    std::sort(units.begin(), units.end());
    const int first_year = query.first_year.value_or(std::numeric_limits<int>::min());
    const int last_year = query.last_year.value_or(std::numeric_limits<int>::max());
    const auto wanted = [&](const std::string& unit, int period) {
        return (units.empty() || std::binary_search(units.begin(), units.end(), unit)) &&
               (!query.years || query.years->contains(period));
    };

    const std::int64_t deletions_known = deletions_known_since();
    const std::int64_t old_values_known = old_values_known_since();
    const bool record_whole = since >= old_values_known;
    // A content stored before changes were recorded (NULL) was stored before the upgrade that
    // began recording them (schema 5), which neither known-since time ever precedes.
    const auto stored_before_since = [&](const std::optional<std::int64_t>& stored_at) {
        return stored_at ? *stored_at < since
                         : since >= std::min(deletions_known, old_values_known);
    };

    Statement live_changed = db.prepare(
        "SELECT u.id, v.unit, v.period, v.gender, v.value, v.count, v.status, v.changed_at "
        "FROM kpi_value v JOIN unit_key u ON u.key = v.unit WHERE v.kpi = ?1 "
        "AND (v.changed_at >= ?2 OR (v.changed_at IS NULL AND ?3)) AND v.period BETWEEN ?4 AND ?5");
    Statement tombstones = db.prepare(
        "SELECT u.id, d.unit, d.period, d.gender, d.deleted_at FROM kpi_value_deleted d "
        "JOIN unit_key u ON u.key = d.unit WHERE d.kpi = ?1 AND d.deleted_at >= ?2 "
        "AND d.period BETWEEN ?3 AND ?4");
    Statement recorded = db.prepare(
        "SELECT u.id, c.unit, c.period, c.gender, c.changed_at, c.old_value, c.old_count, "
        "c.old_status, c.old_since FROM kpi_value_change c JOIN unit_key u ON u.key = c.unit "
        "WHERE c.kpi = ?1 AND c.changed_at >= ?2 AND c.period BETWEEN ?3 AND ?4 ORDER BY c.id");
    Statement live_cell = db.prepare(
        "SELECT value, count, status, changed_at FROM kpi_value "
        "WHERE kpi = ?1 AND unit = ?2 AND period = ?3 AND gender = ?4");

    for (const auto& [kpi, kpi_key] : kpis) {
        std::map<CellKey, CellHistory> cells;
        const auto cell_of = [&](const Statement& row) -> CellHistory* {
            const std::string unit = row.column_text(0);
            const int period = row.column_int(2);
            if (!wanted(unit, period)) {
                return nullptr;
            }
            CellHistory& cell = cells[CellKey{unit, period, row.column_int(3)}];
            cell.unit_key = row.column_int64(1);
            return &cell;
        };
        {
            StatementReset reset(live_changed);
            live_changed.bind(1, kpi_key)
                .bind(2, since)
                .bind(3, since < deletions_known ? 1 : 0)
                .bind(4, first_year)
                .bind(5, last_year);
            while (live_changed.step()) {
                if (CellHistory* cell = cell_of(live_changed)) {
                    cell->live_read = true;
                    cell->live = stored_value(live_changed, 4);
                    cell->live_changed_at = optional_int64(live_changed, 7);
                }
            }
        }
        {
            StatementReset reset(tombstones);
            tombstones.bind(1, kpi_key).bind(2, since).bind(3, first_year).bind(4, last_year);
            while (tombstones.step()) {
                if (CellHistory* cell = cell_of(tombstones)) {
                    cell->deleted_at = tombstones.column_int64(4);
                }
            }
        }
        {
            StatementReset reset(recorded);
            recorded.bind(1, kpi_key).bind(2, since).bind(3, first_year).bind(4, last_year);
            while (recorded.step()) {
                if (CellHistory* cell = cell_of(recorded)) {
                    if (!cell->changed) {
                        cell->changed = true;
                        cell->first_old = stored_value(recorded, 5);
                        cell->first_old_since = optional_int64(recorded, 8);
                    }
                    cell->last_change_at = recorded.column_int64(4);
                }
            }
        }

        ValueChange change;
        change.kpi = kpi;
        for (auto& [key, cell] : cells) {
            if (!cell.live_read) {
                StatementReset reset(live_cell);
                live_cell.bind(1, kpi_key)
                    .bind(2, cell.unit_key)
                    .bind(3, std::get<1>(key))
                    .bind(4, std::get<2>(key));
                if (live_cell.step()) {
                    cell.live = stored_value(live_cell, 0);
                    cell.live_changed_at = optional_int64(live_cell, 3);
                }
            }
            change.old_known = false;
            change.old_value.reset();
            if (cell.changed && stored_before_since(cell.first_old_since)) {
                change.old_known = true;
                change.old_value = cell.first_old;
            } else if (record_whole &&
                       (cell.changed || (cell.live_changed_at && *cell.live_changed_at >= since))) {
                change.old_known = true;  // it held nothing at the date
            }
            change.new_value = cell.live;
            change.unit = std::get<0>(key);
            change.period = std::get<1>(key);
            change.gender = static_cast<Gender>(std::get<2>(key));
            if (!cell.live) {
                change.kind = ChangeKind::deleted;
                change.changed_at = std::max(cell.deleted_at.value_or(0), cell.last_change_at);
            } else {
                change.kind = change.old_known && !change.old_value ? ChangeKind::published
                                                                    : ChangeKind::revised;
                change.changed_at = cell.live_changed_at;
            }
            fn(change);
        }
    }
}

}  // namespace kolcat::catalogue
