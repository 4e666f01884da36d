#include "catalogue/value_writer.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>

namespace kolcat::catalogue {

namespace {

constexpr const char* kUpsertHead =
    "INSERT INTO kpi_value (kpi, unit, period, gender, value, count, status, run, changed_at) "
    "VALUES ";
// A value stored again unchanged keeps the time it last changed.
constexpr const char* kUpsertTail =
    " ON CONFLICT (kpi, unit, period, gender) DO UPDATE SET value = excluded.value, "
    "count = excluded.count, status = excluded.status, run = excluded.run, "
    "changed_at = CASE WHEN kpi_value.value IS excluded.value AND kpi_value.count IS "
    "excluded.count AND kpi_value.status IS excluded.status THEN kpi_value.changed_at "
    "ELSE excluded.changed_at END";

std::string placeholders(int rows, int columns) {
    std::string sql;
    for (int row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ",(";
        for (int column = 0; column < columns; ++column) {
            sql += column == 0 ? "?" : ",?";
        }
        sql += ')';
    }
    return sql;
}

}  // namespace

void ValueWriter::prepare() {
    upsert_one_.emplace(
        db_.prepare(std::string(kUpsertHead) + placeholders(1, kColumns) + kUpsertTail));
    upsert_batch_.emplace(
        db_.prepare(std::string(kUpsertHead) + placeholders(kBatch, kColumns) + kUpsertTail));
    delete_one_.emplace(db_.prepare(
        "DELETE FROM kpi_value WHERE kpi = ?1 AND unit = ?2 AND period = ?3 AND gender = ?4"));
}

void ValueWriter::bind_row(Statement& statement, int first_parameter, const KeyedValue& row,
                           std::int64_t run_id, std::int64_t changed_at) {
    const Value& value = *row.value;
    statement.bind(first_parameter, row.kpi)
        .bind(first_parameter + 1, row.unit)
        .bind(first_parameter + 2, row.period)
        .bind(first_parameter + 3, row.gender)
        .bind(first_parameter + 4, value.value)
        .bind(first_parameter + 5, value.count)
        .bind(first_parameter + 6, value.status)
        .bind(first_parameter + 7, run_id)
        .bind(first_parameter + 8, changed_at);
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
