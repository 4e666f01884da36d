#include "analysis/gaps_summary.hpp"

#include <nlohmann/json.hpp>

namespace kolcat::analysis {

namespace {

constexpr const char* kStampKey = "breakdown_summary_stamp";
// The busy timeout every connection gets (Database's default), restored after a write attempt.
constexpr int kUsualBusyTimeoutMs = 10000;

// Makes a write attempt fail at once instead of waiting for another process's lock.
class NoBusyWait {
  public:
    explicit NoBusyWait(catalogue::Database& db) : db_(db) {
        sqlite3_busy_timeout(db_.handle(), 0);
    }
    ~NoBusyWait() { sqlite3_busy_timeout(db_.handle(), kUsualBusyTimeoutMs); }
    NoBusyWait(const NoBusyWait&) = delete;
    NoBusyWait& operator=(const NoBusyWait&) = delete;

  private:
    catalogue::Database& db_;
};

std::optional<std::string> stored_stamp(catalogue::Database& db) {
    catalogue::Statement select = db.prepare("SELECT value FROM meta WHERE key = ?1");
    select.bind(1, kStampKey);
    if (!select.step()) {
        return std::nullopt;
    }
    return select.column_text(0);
}

}  // namespace

KpiBreakdownSummary summarise_cells(std::span<const ValueCell> cells) {
    KpiBreakdownSummary summary;
    BreakdownTotals& totals = summary.totals;
    for (const ValueCell& cell : cells) {
        if (cell.genders == 0) {
            continue;
        }
        ++totals.cells;
        totals.sex_cells += (cell.genders & (kHasK | kHasM)) != 0 ? 1 : 0;
        if (cell.genders & kHasT) {
            ++totals.cells_with_t;
            totals.complete_cells_with_t +=
                (cell.genders & (kHasK | kHasM)) == (kHasK | kHasM) ? 1 : 0;
        }
    }
    // No focus unit: the fallback, as for any focus unit without T. Copied, not moved: a copy
    // takes only the room it needs, where examine_cells' years keep the capacity they grew to
    // (a year per cell), 18 MB over the full mirror's key figures.
    const BreakdownEvidence evidence = examine_cells(cells, std::nullopt, kRecentYearCount);
    summary.fallback.recent_years = evidence.recent_years;
    if (evidence.any_sex_value) {
        summary.fallback.missing = evidence.missing;
    }
    return summary;
}

BreakdownEvidence fallback_evidence(const KpiBreakdownSummary& summary) {
    BreakdownEvidence evidence;
    const BreakdownTotals& totals = summary.totals;
    evidence.any_value = totals.cells > 0;
    if (!evidence.any_value) {
        return evidence;  // as examine_cells: nothing else is set
    }
    evidence.any_sex_value = totals.sex_cells > 0;
    evidence.cells_with_t = totals.cells_with_t;
    evidence.complete_cells_with_t = totals.complete_cells_with_t;
    evidence.used_fallback = true;
    evidence.recent_years = summary.fallback.recent_years;
    // Without K or M values every recent cell lacks both, so the focus is never complete (the
    // list of those cells is not stored).
    evidence.focus_complete = evidence.any_sex_value && !evidence.recent_years.empty() &&
                              summary.fallback.missing.empty();
    evidence.missing = summary.fallback.missing;
    return evidence;
}

std::string values_stamp(catalogue::Database& db) {
    catalogue::Statement select = db.prepare(
        "SELECT count(*), coalesce(max(id), 0), coalesce(sum(values_written), 0) FROM sync_run");
    select.step();
    // What the summary holds leads the stamp, so that one stored under an older rule is stale
    // too: the counting rule (withheld K/M values count as present), and the fallback evidence
    // with its year count (schema step 10).
    return "withheld-present,fallback-" + std::to_string(kRecentYearCount) + ":" +
           std::to_string(select.column_int64(0)) + ":" + std::to_string(select.column_int64(1)) +
           ":" + std::to_string(select.column_int64(2));
}

bool breakdown_summary_is_fresh(catalogue::Database& db) {
    const auto stamp = stored_stamp(db);
    return stamp && *stamp == values_stamp(db);
}

std::optional<BreakdownSummaryByKpi> fresh_breakdown_summary(catalogue::Database& db) {
    if (!breakdown_summary_is_fresh(db)) {
        return std::nullopt;
    }
    BreakdownSummaryByKpi summary;
    catalogue::Statement select = db.prepare(
        "SELECT kpi, cells, sex_cells, cells_with_t, complete_cells_with_t, "
        "fallback_recent_years FROM kpi_breakdown_summary");
    while (select.step()) {
        if (select.column_is_null(5)) {
            return std::nullopt;  // a row stored before schema step 10: not a whole summary
        }
        KpiBreakdownSummary& kpi = summary[select.column_int64(0)];
        kpi.totals = {select.column_int64(1), select.column_int64(2), select.column_int64(3),
                      select.column_int64(4)};
        kpi.fallback.recent_years =
            nlohmann::json::parse(select.column_text(5)).get<std::vector<int>>();
    }
    // In primary-key order: each key figure's cells by unit, then year, as examine_cells lists
    // them.
    catalogue::Statement missing = db.prepare(
        "SELECT kpi, unit, period, lacking FROM kpi_breakdown_fallback_missing "
        "ORDER BY kpi, unit, period");
    while (missing.step()) {
        const auto found = summary.find(missing.column_int64(0));
        if (found == summary.end()) {
            return std::nullopt;  // not written together with the totals: do not trust either
        }
        std::vector<MissingCells>& cells = found->second.fallback.missing;
        const std::int64_t unit = missing.column_int64(1);
        if (cells.empty() || cells.back().unit != unit) {
            cells.push_back({unit, {}});
        }
        cells.back().periods.emplace_back(missing.column_int(2),
                                          static_cast<GenderMask>(missing.column_int(3)));
    }
    return summary;
}

bool store_breakdown_summary(catalogue::Database& db, const BreakdownSummaryByKpi& summary,
                             const std::string& stamp) {
    try {
        NoBusyWait no_wait(db);
        catalogue::Transaction write(db, catalogue::Transaction::Kind::immediate);
        if (values_stamp(db) != stamp) {
            return false;  // a sync wrote in between: this summary is already old
        }
        db.exec("DELETE FROM kpi_breakdown_summary");
        db.exec("DELETE FROM kpi_breakdown_fallback_missing");
        catalogue::Statement insert = db.prepare(
            "INSERT INTO kpi_breakdown_summary "
            "(kpi, cells, sex_cells, cells_with_t, complete_cells_with_t, fallback_recent_years) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        catalogue::Statement insert_missing = db.prepare(
            "INSERT INTO kpi_breakdown_fallback_missing (kpi, unit, period, lacking) "
            "VALUES (?1, ?2, ?3, ?4)");
        for (const auto& [kpi, kpi_summary] : summary) {
            const BreakdownTotals& total = kpi_summary.totals;
            insert.bind(1, kpi)
                .bind(2, total.cells)
                .bind(3, total.sex_cells)
                .bind(4, total.cells_with_t)
                .bind(5, total.complete_cells_with_t)
                .bind(6, nlohmann::json(kpi_summary.fallback.recent_years).dump())
                .run();
            for (const MissingCells& cells : kpi_summary.fallback.missing) {
                for (const auto& [period, lacking] : cells.periods) {
                    insert_missing.bind(1, kpi)
                        .bind(2, cells.unit)
                        .bind(3, period)
                        .bind(4, static_cast<int>(lacking))
                        .run();
                }
            }
        }
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")
            .bind(1, kStampKey)
            .bind(2, stamp)
            .run();
        write.commit();
        return true;
    } catch (const catalogue::CatalogueError&) {
        return false;  // read-only, locked by a sync, or the disk is full: scan again next time
    }
}

}  // namespace kolcat::analysis
