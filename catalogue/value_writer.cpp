#include "catalogue/value_writer.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <tuple>

#include "catalogue/packed_value.hpp"

namespace kolcat::catalogue {

namespace {

constexpr const char* kUpsertHead =
    "INSERT INTO kpi_value (kpi, unit, period, gender, value_digits, count_status, run, "
    "changed_at) VALUES ";
// Each row names its own numbered parameters (row_placeholders); every row shares ?1 (run) and
// ?2 (changed_at), bound once per statement. count_status is packed as migration 11 packs it:
// the count alone when the status is NULL (bound for an empty status, which spares copying an
// empty text per row), else json_array(count, status), the same SQL expression in both places
// so that the packing stays canonical.
constexpr int kRunParameter = 1;
constexpr int kChangedAtParameter = 2;
constexpr int kFirstRowParameter = 3;
// A value stored again unchanged keeps the time it last changed. The packed columns are
// canonical (migration 11): they are the same exactly when the content is.
constexpr const char* kUpsertTail =
    " ON CONFLICT (kpi, unit, period, gender) DO UPDATE SET value_digits = excluded.value_digits, "
    "count_status = excluded.count_status, run = excluded.run, "
    "changed_at = CASE WHEN kpi_value.value_digits IS excluded.value_digits AND "
    "kpi_value.count_status IS excluded.count_status THEN kpi_value.changed_at "
    "ELSE excluded.changed_at END";

// Row `row`'s placeholders, its kRowParameters numbered from kFirstRowParameter + row *
// kRowParameters: kpi, unit, period, gender, value_digits, status, count.
std::string row_placeholders(int row, int row_parameters) {
    const int first = kFirstRowParameter + row * row_parameters;
    const auto p = [first](int offset) { return "?" + std::to_string(first + offset); };
    return "(" + p(0) + "," + p(1) + "," + p(2) + "," + p(3) + "," + p(4) + ",CASE WHEN " + p(5) +
           " IS NULL THEN " + p(6) + " ELSE json_array(" + p(6) + ", " + p(5) + ") END,?" +
           std::to_string(kRunParameter) + ",?" + std::to_string(kChangedAtParameter) + ")";
}

std::string placeholders(int rows, int row_parameters) {
    std::string sql;
    for (int row = 0; row < rows; ++row) {
        if (row > 0) {
            sql += ',';
        }
        sql += row_placeholders(row, row_parameters);
    }
    return sql;
}

}  // namespace

void ValueWriter::prepare() {
    upsert_one_.emplace(
        db_.prepare(std::string(kUpsertHead) + placeholders(1, kRowParameters) + kUpsertTail));
    upsert_batch_.emplace(
        db_.prepare(std::string(kUpsertHead) + placeholders(kBatch, kRowParameters) + kUpsertTail));
    delete_one_.emplace(db_.prepare(
        "DELETE FROM kpi_value WHERE kpi = ?1 AND unit = ?2 AND period = ?3 AND gender = ?4"));
    select_stored_.emplace(
        db_.prepare("SELECT unit, period, gender FROM kpi_value WHERE kpi = ?1 "
                    "AND unit BETWEEN ?2 AND ?3 AND period BETWEEN ?4 AND ?5 "
                    "ORDER BY unit, period, gender"));
    count_kpi_.emplace(
        db_.prepare("INSERT INTO value_count_by_kpi (kpi, n) VALUES (?1, ?2) "
                    "ON CONFLICT (kpi) DO UPDATE SET n = n + excluded.n"));
    count_unit_.emplace(
        db_.prepare("INSERT INTO value_count_by_unit (unit, n) VALUES (?1, ?2) "
                    "ON CONFLICT (unit) DO UPDATE SET n = n + excluded.n"));
    count_period_.emplace(
        db_.prepare("INSERT INTO value_count_by_period (period, n) VALUES (?1, ?2) "
                    "ON CONFLICT (period) DO UPDATE SET n = n + excluded.n"));
}

void ValueWriter::count_new_cells(const std::vector<KeyedValue>& rows) {
    std::map<std::int64_t, std::int64_t> by_kpi;
    std::map<std::int64_t, std::int64_t> by_unit;
    std::map<int, std::int64_t> by_period;
    using Cell = std::tuple<std::int64_t, int, int>;  // (unit, period, gender)
    std::vector<Cell> stored;                         // of one key figure, sorted
    std::vector<std::int64_t> units;                  // the page's units of one key figure
    std::size_t first = 0;
    while (first < rows.size()) {
        // The rows of one key figure, sorted by unit, period and gender.
        std::size_t kpi_end = first;
        while (kpi_end < rows.size() && rows[kpi_end].kpi == rows[first].kpi) {
            ++kpi_end;
        }
        // What the key figure holds for the page's units. One read over the range of their
        // keys when the keys lie close together (the units of a chunk are interned together,
        // and on a first sync the read finds nothing), else one read per unit, so that units
        // far apart never read the rows of the units between them.
        // The page's years bound both reads: a sync of a few years reads no other year.
        units.clear();
        int first_period = rows[first].period;
        int last_period = rows[first].period;
        for (std::size_t i = first; i < kpi_end; ++i) {
            if (units.empty() || units.back() != rows[i].unit) {
                units.push_back(rows[i].unit);
            }
            first_period = std::min(first_period, rows[i].period);
            last_period = std::max(last_period, rows[i].period);
        }
        const auto read_stored = [&](std::int64_t from_unit, std::int64_t to_unit) {
            StatementReset reset(*select_stored_);
            select_stored_->bind(1, rows[first].kpi)
                .bind(2, from_unit)
                .bind(3, to_unit)
                .bind(4, first_period)
                .bind(5, last_period);
            while (select_stored_->step()) {
                stored.emplace_back(select_stored_->column_int64(0), select_stored_->column_int(1),
                                    select_stored_->column_int(2));
            }
        };
        stored.clear();
        const auto key_span = static_cast<std::size_t>(units.back() - units.front()) + 1;
        if (key_span <= 2 * units.size()) {
            read_stored(units.front(), units.back());
        } else {
            for (const auto unit : units) {
                read_stored(unit, unit);
            }
        }
        // Walks the page's cells in order, as write() will store them: a repeated cell keeps
        // what the rows before it left.
        std::size_t next_stored = 0;
        std::int64_t kpi_added = 0;
        std::int64_t unit_added = 0;
        std::int64_t* period_count = nullptr;  // by_period's entry of the last period added
        int counted_period = 0;
        std::size_t i = first;
        while (i < kpi_end) {
            const Cell cell{rows[i].unit, rows[i].period, rows[i].gender};
            while (next_stored < stored.size() && stored[next_stored] < cell) {
                ++next_stored;
            }
            bool held = next_stored < stored.size() && stored[next_stored] == cell;
            for (; i < kpi_end && rows[i].unit == std::get<0>(cell) &&
                   rows[i].period == std::get<1>(cell) && rows[i].gender == std::get<2>(cell);
                 ++i) {
                if (rows[i].value->is_deleted) {
                    held = false;  // the trigger subtracts it when it was stored
                } else if (!held) {
                    held = true;
                    ++unit_added;
                    if (period_count == nullptr || counted_period != rows[i].period) {
                        counted_period = rows[i].period;
                        period_count = &by_period[counted_period];
                    }
                    ++*period_count;
                }
            }
            // The unit's last cell of this key figure: its count is complete.
            if (i == kpi_end || rows[i].unit != std::get<0>(cell)) {
                if (unit_added > 0) {
                    by_unit[std::get<0>(cell)] += unit_added;
                    kpi_added += unit_added;
                    unit_added = 0;
                }
            }
        }
        if (kpi_added > 0) {
            by_kpi[rows[first].kpi] += kpi_added;
        }
        first = kpi_end;
    }
    const auto add = [](Statement& statement, std::int64_t key, std::int64_t n) {
        StatementReset reset(statement);
        statement.bind(1, key).bind(2, n).run();
    };
    for (const auto& [kpi, n] : by_kpi) {
        add(*count_kpi_, kpi, n);
    }
    for (const auto& [unit, n] : by_unit) {
        add(*count_unit_, unit, n);
    }
    for (const auto& [period, n] : by_period) {
        add(*count_period_, period, n);
    }
}

void ValueWriter::bind_row(Statement& statement, int row, const KeyedValue& row_value) {
    const int first = kFirstRowParameter + row * kRowParameters;
    const Value& value = *row_value.value;
    statement.bind(first, row_value.kpi)
        .bind(first + 1, row_value.unit)
        .bind(first + 2, row_value.period)
        .bind(first + 3, row_value.gender);
    if (!value.value) {
        statement.bind(first + 4, std::nullopt);
    } else if (const auto packed = pack_value(*value.value)) {
        statement.bind(first + 4, *packed);
    } else {
        statement.bind(first + 4, *value.value);
    }
    if (value.status.empty()) {
        statement.bind(first + 5, std::nullopt);
    } else {
        statement.bind(first + 5, value.status);
    }
    statement.bind(first + 6, value.count);
}

std::int64_t ValueWriter::write(std::vector<KeyedValue>& rows, std::int64_t run_id) {
    if (!upsert_one_) {
        prepare();
    }
    const std::int64_t changed_at = std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
    // Primary-key order keeps b-tree pages local and full. Stable: a repeated cell keeps its
    // page order, so the last one wins.
    std::stable_sort(rows.begin(), rows.end(), [](const KeyedValue& a, const KeyedValue& b) {
        return std::tie(a.kpi, a.unit, a.period, a.gender) <
               std::tie(b.kpi, b.unit, b.period, b.gender);
    });
    // Before the writes: the trigger that subtracts a removed cell then finds its count row.
    count_new_cells(rows);

    std::int64_t written = 0;
    std::size_t i = 0;
    while (i < rows.size()) {
        const KeyedValue& row = rows[i];
        if (row.value->is_deleted) {
            StatementReset reset(*delete_one_);
            delete_one_->bind(1, row.kpi).bind(2, row.unit).bind(3, row.period).bind(4, row.gender);
            delete_one_->step();
            written += db_.changes();
            ++i;
            continue;
        }
        // A full batch of upserts when the next kBatch rows hold no deletion, else one row.
        const auto batch_end = i + kBatch;
        const bool full_batch =
            batch_end <= rows.size() &&
            std::none_of(rows.begin() + static_cast<std::ptrdiff_t>(i),
                         rows.begin() + static_cast<std::ptrdiff_t>(batch_end),
                         [](const KeyedValue& r) { return r.value->is_deleted; });
        if (full_batch) {
            StatementReset reset(*upsert_batch_);
            upsert_batch_->bind(kRunParameter, run_id).bind(kChangedAtParameter, changed_at);
            for (int k = 0; k < kBatch; ++k) {
                bind_row(*upsert_batch_, k, rows[i + static_cast<std::size_t>(k)]);
            }
            upsert_batch_->step();
            written += kBatch;
            i = batch_end;
        } else {
            StatementReset reset(*upsert_one_);
            upsert_one_->bind(kRunParameter, run_id).bind(kChangedAtParameter, changed_at);
            bind_row(*upsert_one_, 0, row);
            upsert_one_->step();
            written += 1;
            ++i;
        }
    }
    return written;
}

}  // namespace kolcat::catalogue
