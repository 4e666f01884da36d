#pragma once
// The stored per-key-figure totals of the sex-breakdown check (table kpi_breakdown_summary,
// schema step 3). `gaps --all` reads 6 000 rows from it instead of scanning millions of values,
// then looks up only each key figure's focus unit.
//
// Freshness: the rows carry the values' stamp, taken from sync_run (number of runs, last run
// id, sum of values_written). Every write or delete of a value happens in commit_page, which
// adds it to its run's values_written in the same transaction, so any change of the values
// changes the stamp. A stale or missing summary is never used: the caller scans the values and
// may store fresh totals (store_breakdown_totals) for the next time.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "catalogue/database.hpp"

namespace kolcat::analysis {

// One key figure's totals over every stored value (cells as in gaps_verdict.hpp).
struct BreakdownTotals {
    std::int64_t cells = 0;
    std::int64_t sex_cells = 0;
    std::int64_t cells_with_t = 0;
    std::int64_t complete_cells_with_t = 0;
};
using BreakdownTotalsByKpi = std::unordered_map<std::int64_t, BreakdownTotals>;  // by kpi key

// The current stamp of the stored values.
std::string values_stamp(catalogue::Database& db);

// True when the stored totals were computed for exactly the current values.
bool breakdown_summary_is_fresh(catalogue::Database& db);

// The stored totals, when they were computed for exactly the current values. Call it inside a
// read transaction that also covers the value lookups built on it, so that all belong together.
std::optional<BreakdownTotalsByKpi> fresh_breakdown_totals(catalogue::Database& db);

// Replaces the stored totals with `totals`, computed for the values as they were at `stamp`.
// Stores nothing (and returns false) when the values have changed since, when the catalogue
// is read-only, or when another process holds the write lock: the summary is a cache, and
// waiting for a sync to finish would be worse than scanning again next time.
bool store_breakdown_totals(catalogue::Database& db, const BreakdownTotalsByKpi& totals,
                            const std::string& stamp);

}  // namespace kolcat::analysis
