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
// One row's parameters: kpi, unit, period, gender, value_digits, then count_status packed as
// migration 11 packs it, from (status, count, count, status), then run and changed_at. The
// same SQL expression in both places keeps the packing canonical.
constexpr const char* kRowPlaceholders =
    "(?,?,?,?,?,CASE WHEN ? = '' THEN ? ELSE json_array(?, ?) END,?,?)";
// A value stored again unchanged keeps the time it last changed. The packed columns are
// canonical (migration 11): they are the same exactly when the content is.
constexpr const char* kUpsertTail =
    " ON CONFLICT (kpi, unit, period, gender) DO UPDATE SET value_digits = excluded.value_digits, "
    "count_status = excluded.count_status, run = excluded.run, "
    "changed_at = CASE WHEN kpi_value.value_digits IS excluded.value_digits AND "
    "kpi_value.count_status IS excluded.count_status THEN kpi_value.changed_at "
    "ELSE excluded.changed_at END";

std::string placeholders(int rows) {
    std::string sql;
    for (int row = 0; row < rows; ++row) {
        if (row > 0) {
            sql += ',';
        }
        sql += kRowPlaceholders;
    }
    return sql;
}

}  // namespace

void ValueWriter::prepare() {
    upsert_one_.emplace(db_.prepare(std::string(kUpsertHead) + placeholders(1) + kUpsertTail));
    upsert_batch_.emplace(
        db_.prepare(std::string(kUpsertHead) + placeholders(kBatch) + kUpsertTail));
    delete_one_.emplace(db_.prepare(
        "DELETE FROM kpi_value WHERE kpi = ?1 AND unit = ?2 AND period = ?3 AND gender = ?4"));
    select_stored_.emplace(
        db_.prepare("SELECT period, gender FROM kpi_value WHERE kpi = ?1 AND unit = ?2 "
                    "AND period BETWEEN ?3 AND ?4 ORDER BY period, gender"));
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
    std::vector<std::pair<int, int>> stored;  // (period, gender) of one pair, sorted
    std::size_t first = 0;
    while (first < rows.size()) {
        // The rows of one (kpi, unit) pair, sorted by period and gender.
        std::size_t end = first;
        while (end < rows.size() && rows[end].kpi == rows[first].kpi &&
               rows[end].unit == rows[first].unit) {
            ++end;
        }
        stored.clear();
        {
            StatementReset reset(*select_stored_);
            select_stored_->bind(1, rows[first].kpi)
                .bind(2, rows[first].unit)
                .bind(3, rows[first].period)
                .bind(4, rows[end - 1].period);
            while (select_stored_->step()) {
                stored.emplace_back(select_stored_->column_int(0), select_stored_->column_int(1));
            }
        }
        // Walks the page's cells in order, as write() will store them: a repeated cell keeps
        // what the rows before it left.
        std::size_t next_stored = 0;
        std::int64_t added = 0;
        std::int64_t* period_count = nullptr;  // by_period's entry of the last period added
        int counted_period = 0;
        std::size_t i = first;
        while (i < end) {
            const std::pair<int, int> cell{rows[i].period, rows[i].gender};
            while (next_stored < stored.size() && stored[next_stored] < cell) {
                ++next_stored;
            }
            bool held = next_stored < stored.size() && stored[next_stored] == cell;
            for (; i < end && rows[i].period == cell.first && rows[i].gender == cell.second; ++i) {
                if (rows[i].value->is_deleted) {
                    held = false;  // the trigger subtracts it when it was stored
                } else if (!held) {
                    held = true;
                    ++added;
                    if (period_count == nullptr || counted_period != rows[i].period) {
                        counted_period = rows[i].period;
                        period_count = &by_period[counted_period];
                    }
                    ++*period_count;
                }
            }
        }
        if (added > 0) {
            by_kpi[rows[first].kpi] += added;
            by_unit[rows[first].unit] += added;
        }
        first = end;
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

void ValueWriter::bind_row(Statement& statement, int first_parameter, const KeyedValue& row,
                           std::int64_t run_id, std::int64_t changed_at) {
    const Value& value = *row.value;
    statement.bind(first_parameter, row.kpi)
        .bind(first_parameter + 1, row.unit)
        .bind(first_parameter + 2, row.period)
        .bind(first_parameter + 3, row.gender);
    if (!value.value) {
        statement.bind(first_parameter + 4, std::nullopt);
    } else if (const auto packed = pack_value(*value.value)) {
        statement.bind(first_parameter + 4, *packed);
    } else {
        statement.bind(first_parameter + 4, *value.value);
    }
    statement.bind(first_parameter + 5, value.status)
        .bind(first_parameter + 6, value.count)
        .bind(first_parameter + 7, value.count)
        .bind(first_parameter + 8, value.status)
        .bind(first_parameter + 9, run_id)
        .bind(first_parameter + 10, changed_at);
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
            for (int k = 0; k < kBatch; ++k) {
                bind_row(*upsert_batch_, 1 + k * kColumns, rows[i + static_cast<std::size_t>(k)],
                         run_id, changed_at);
            }
            upsert_batch_->step();
            written += kBatch;
            i = batch_end;
        } else {
            StatementReset reset(*upsert_one_);
            bind_row(*upsert_one_, 1, row, run_id, changed_at);
            upsert_one_->step();
            written += 1;
            ++i;
        }
    }
    return written;
}

}  // namespace kolcat::catalogue
