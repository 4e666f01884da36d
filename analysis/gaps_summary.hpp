#pragma once
// The stored per-key-figure summary of the sex-breakdown check (table kpi_breakdown_summary,
// schema step 3, and the fallback evidence of schema step 10). `gaps --all` reads 6 000 rows
// from it instead of scanning millions of values, then looks up only each key figure's focus
// unit.
//
// Freshness: the rows carry the values' stamp, taken from sync_run (number of runs, last run
// id, sum of values_written). Every write or delete of a value happens in commit_page, which
// adds it to its run's values_written in the same transaction, so any change of the values
// changes the stamp. A stale or missing summary is never used: the caller scans the values and
// may store a fresh summary (store_breakdown_summary) for the next time. The stamp also names
// what the summary holds (the counting rule, the fallback's year count), so that a summary
// stored by an older kolcat, or for another year count, is stale too.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/gaps_verdict.hpp"
#include "catalogue/database.hpp"

namespace kolcat::analysis {

// One key figure's totals over every stored value (cells as in gaps_verdict.hpp).
struct BreakdownTotals {
    std::int64_t cells = 0;
    std::int64_t sex_cells = 0;
    std::int64_t cells_with_t = 0;
    std::int64_t complete_cells_with_t = 0;
};

// What examine_cells finds for a key figure when its focus unit has no T value: every unit's
// cells are then the focus set, whatever the focus unit, so the finding is the same for every
// --region and is stored once per key figure. Only for the default kRecentYearCount (the
// stamp names it); any other count is examined from the values.
struct FallbackEvidence {
    std::vector<int> recent_years;
    // The recent-year cells lacking K or M, kept only for a key figure with some K or M value.
    // Without any, every recent cell lacks both, and no verdict shows the list (classify gives
    // pair, by_construction, flag_without_values or none), so it is not stored.
    std::vector<MissingCells> missing;
};

struct KpiBreakdownSummary {
    BreakdownTotals totals;
    FallbackEvidence fallback;
};
using BreakdownSummaryByKpi = std::unordered_map<std::int64_t, KpiBreakdownSummary>;  // kpi key

// The summary of one key figure's cells, sorted by unit then period.
KpiBreakdownSummary summarise_cells(std::span<const ValueCell> cells);

// The evidence examine_cells gives for the key figure's cells when the focus unit has no T
// value (or is unknown), with the default year count, rebuilt from its summary. The same in
// every field but `missing` of a key figure without K or M values (see FallbackEvidence).
BreakdownEvidence fallback_evidence(const KpiBreakdownSummary& summary);

// The current stamp of the stored values.
std::string values_stamp(catalogue::Database& db);

// True when the stored summary was computed for exactly the current values.
bool breakdown_summary_is_fresh(catalogue::Database& db);

// The stored summary, when it was computed for exactly the current values. Call it inside a
// read transaction that also covers the value lookups built on it, so that all belong together.
std::optional<BreakdownSummaryByKpi> fresh_breakdown_summary(catalogue::Database& db);

// Replaces the stored summary with `summary`, computed for the values as they were at `stamp`.
// Stores nothing (and returns false) when the values have changed since, when the catalogue
// is read-only, or when another process holds the write lock: the summary is a cache, and
// waiting for a sync to finish would be worse than scanning again next time.
bool store_breakdown_summary(catalogue::Database& db, const BreakdownSummaryByKpi& summary,
                             const std::string& stamp);

}  // namespace kolcat::analysis
