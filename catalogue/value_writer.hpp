#pragma once
// The hot path of a sync: writing a page of values (up to 15 000) into kpi_value.

#include <cstdint>
#include <optional>
#include <vector>

#include "catalogue/database.hpp"
#include "catalogue/value.hpp"

namespace kolcat::catalogue {

// A value with its kpi and unit already resolved to keys (see KeyInterner).
struct KeyedValue {
    std::int64_t kpi;
    std::int64_t unit;
    int period;
    int gender;
    const Value* value;
};

class ValueWriter {
  public:
    explicit ValueWriter(Database& db) : db_(db) {}

    // Sorts rows into primary-key order, then upserts them (run = run_id; changed_at = now
    // where the value, count or status differs from the stored one) or, for is_deleted,
    // removes them (a trigger keeps their tombstones). Where a page repeats a cell, the last one
    // wins. Cells that held nothing are added to the value counts (value_count_by_*; removals
    // subtract themselves through a trigger). Call inside a transaction. Returns how many rows
    // were stored or deleted.
    std::int64_t write(std::vector<KeyedValue>& rows, std::int64_t run_id);

  private:
    // Rows per multi-row INSERT: one statement per 64 values instead of one per value spares
    // most of SQLite's per-statement work, which is most of the cost of a small row.
    static constexpr int kBatch = 64;
    static constexpr int kRowParameters = 7;  // a row's own parameters: row_placeholders

    Database& db_;
    std::optional<Statement> upsert_one_;
    std::optional<Statement> upsert_batch_;
    std::optional<Statement> delete_one_;
    std::optional<Statement> select_stored_;
    std::optional<Statement> count_kpi_;
    std::optional<Statement> count_unit_;
    std::optional<Statement> count_period_;

    void prepare();
    // Adds to the value counts the cells that the sorted rows store and that hold nothing now.
    void count_new_cells(const std::vector<KeyedValue>& rows);
    // Binds the row-th row of an upsert (from 0) to `row_value`.
    static void bind_row(Statement& statement, int row, const KeyedValue& row_value);
};

}  // namespace kolcat::catalogue
