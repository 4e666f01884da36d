#include "analysis/gaps_summary.hpp"

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

std::string values_stamp(catalogue::Database& db) {
    catalogue::Statement select = db.prepare(
        "SELECT count(*), coalesce(max(id), 0), coalesce(sum(values_written), 0) FROM sync_run");
    select.step();
    // The counting rule's name leads the stamp, so that totals stored under an older rule
    // (before withheld K/M values counted as present) are stale too.
    return "withheld-present:" + std::to_string(select.column_int64(0)) + ":" +
           std::to_string(select.column_int64(1)) + ":" + std::to_string(select.column_int64(2));
}

bool breakdown_summary_is_fresh(catalogue::Database& db) {
    const auto stamp = stored_stamp(db);
    return stamp && *stamp == values_stamp(db);
}

std::optional<BreakdownTotalsByKpi> fresh_breakdown_totals(catalogue::Database& db) {
    const auto stamp = stored_stamp(db);
    if (!stamp || *stamp != values_stamp(db)) {
        return std::nullopt;
    }
    BreakdownTotalsByKpi totals;
    catalogue::Statement select = db.prepare(
        "SELECT kpi, cells, sex_cells, cells_with_t, complete_cells_with_t "
        "FROM kpi_breakdown_summary");
    while (select.step()) {
        totals[select.column_int64(0)] = {select.column_int64(1), select.column_int64(2),
                                          select.column_int64(3), select.column_int64(4)};
    }
    return totals;
}

bool store_breakdown_totals(catalogue::Database& db, const BreakdownTotalsByKpi& totals,
                            const std::string& stamp) {
    try {
        NoBusyWait no_wait(db);
        catalogue::Transaction write(db, catalogue::Transaction::Kind::immediate);
        if (values_stamp(db) != stamp) {
            return false;  // a sync wrote in between: these totals are already old
        }
        db.exec("DELETE FROM kpi_breakdown_summary");
        catalogue::Statement insert = db.prepare(
            "INSERT INTO kpi_breakdown_summary "
            "(kpi, cells, sex_cells, cells_with_t, complete_cells_with_t) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
        for (const auto& [kpi, total] : totals) {
            insert.bind(1, kpi)
                .bind(2, total.cells)
                .bind(3, total.sex_cells)
                .bind(4, total.cells_with_t)
                .bind(5, total.complete_cells_with_t)
                .run();
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
