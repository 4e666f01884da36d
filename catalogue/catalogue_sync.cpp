// Sync state: runs, their segments and the pages of values that advance them.
// Longer than 400 lines: every statement on sync_run, sync_segment and sync_missing_id is
// here, and every write of synced_block (synced_blocks.hpp), so that the transactions that
// advance a run are read in one place. The reads of synced_block are in catalogue_synced.cpp.
#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"
#include "catalogue/synced_blocks.hpp"

namespace kolcat::catalogue {

std::string_view to_string(RunStatus status) {
    switch (status) {
        case RunStatus::running:
            return "running";
        case RunStatus::finished:
            return "finished";
        case RunStatus::failed:
            return "failed";
        case RunStatus::abandoned:
            return "abandoned";
    }
    return "failed";
}

std::string_view to_string(RunKind kind) {
    return kind == RunKind::repair ? "repair" : "sync";
}

namespace {

RunStatus parse_status(const std::string& text) {
    if (text == "running") {
        return RunStatus::running;
    }
    if (text == "finished") {
        return RunStatus::finished;
    }
    if (text == "abandoned") {
        return RunStatus::abandoned;
    }
    return RunStatus::failed;  // the schema's CHECK allows nothing else
}

std::optional<std::string> open_text(OpenList open) {
    switch (open) {
        case OpenList::kpis:
            return "kpi";
        case OpenList::units:
            return "municipality";
        case OpenList::none:
            break;
    }
    return std::nullopt;
}

OpenList parse_open(const std::optional<std::string>& text) {
    if (text == "kpi") {
        return OpenList::kpis;
    }
    return text == "municipality" ? OpenList::units : OpenList::none;
}

template <typename T>
std::string to_json_array(const std::vector<T>& items) {
    return nlohmann::json(items).dump();
}

template <typename T>
std::vector<T> from_json_array(const std::string& text) {
    try {
        return nlohmann::json::parse(text).get<std::vector<T>>();
    } catch (const nlohmann::json::exception& error) {
        throw CatalogueError(std::string("corrupt sync state in the catalogue: ") + error.what());
    }
}

// The part of a segment that commit_page needs.
struct SegmentScope {
    std::vector<std::string> kpis;
    std::vector<std::string> units;
    std::vector<int> years;
    bool incremental = false;  // has a from_date
    std::string run_started_at;
    bool repair = false;  // the run is a repair, not a sync
    OpenList open = OpenList::none;
    std::vector<std::string> run_units;  // the run's scope
    bool run_every_year = true;          // the run's scope names no years
};

SegmentScope load_segment_scope(Database& db, std::int64_t run_id, int seq) {
    Statement select = db.prepare(
        "SELECT s.kpis, s.units, s.years, s.from_date IS NOT NULL, r.started_at, "
        "r.kind = 'repair', s.open, r.scope_units, r.scope_years "
        "FROM sync_segment s JOIN sync_run r ON r.id = s.run_id "
        "WHERE s.run_id = ?1 AND s.seq = ?2");
    select.bind(1, run_id).bind(2, seq);
    if (!select.step()) {
        throw CatalogueError("sync run " + std::to_string(run_id) + " has no segment " +
                             std::to_string(seq));
    }
    return SegmentScope{from_json_array<std::string>(select.column_text(0)),
                        from_json_array<std::string>(select.column_text(1)),
                        from_json_array<int>(select.column_text(2)),
                        select.column_int(3) != 0,
                        select.column_text(4),
                        select.column_int(5) != 0,
                        parse_open(select.column_optional_text(6)),
                        from_json_array<std::string>(select.column_text(7)),
                        from_json_array<int>(select.column_text(8)).empty()};
}

std::optional<SyncRun> load_run(Database& db, const std::string& where,
                                RunDetail detail = RunDetail::whole) {
    Statement select_run = db.prepare(
        "SELECT id, started_at, finished_at, status, api_url, scope_kpis, scope_units, "
        "scope_years, full, requests, values_written, error, kind FROM sync_run " +
        where + " ORDER BY id DESC LIMIT 1");
    if (!select_run.step()) {
        return std::nullopt;
    }
    SyncRun run;
    run.id = select_run.column_int64(0);
    run.started_at = select_run.column_text(1);
    run.finished_at = select_run.column_optional_text(2);
    run.status = parse_status(select_run.column_text(3));
    run.api_url = select_run.column_text(4);
    run.scope.kpis = from_json_array<std::string>(select_run.column_text(5));
    run.scope.units = from_json_array<std::string>(select_run.column_text(6));
    run.scope.years = from_json_array<int>(select_run.column_text(7));
    run.full = select_run.column_int(8) != 0;
    run.requests = select_run.column_int64(9);
    run.values_written = select_run.column_int64(10);
    run.error = select_run.column_optional_text(11);
    run.kind = select_run.column_text(12) == "repair" ? RunKind::repair : RunKind::sync;

    Statement count_segments = db.prepare(
        "SELECT coalesce(r.segment_count, (SELECT count(*) FROM sync_segment s WHERE "
        "s.run_id = r.id)), coalesce(r.incremental_segments, (SELECT count(s.from_date) FROM "
        "sync_segment s WHERE s.run_id = r.id)) FROM sync_run r WHERE r.id = ?1");
    count_segments.bind(1, run.id);
    count_segments.step();
    run.segment_count = count_segments.column_int64(0);
    run.incremental_segments = count_segments.column_int64(1);

    Statement select_segments = db.prepare(
        "SELECT seq, kpis, units, years, from_date, resume_url, done, open FROM sync_segment "
        "WHERE run_id = ?1 ORDER BY seq");
    select_segments.bind(1, run.id);
    while (detail == RunDetail::whole && select_segments.step()) {
        SyncSegment segment;
        segment.seq = select_segments.column_int(0);
        segment.kpis = from_json_array<std::string>(select_segments.column_text(1));
        segment.units = from_json_array<std::string>(select_segments.column_text(2));
        segment.years = from_json_array<int>(select_segments.column_text(3));
        segment.from_date = select_segments.column_optional_text(4);
        segment.resume_url = select_segments.column_optional_text(5);
        segment.done = select_segments.column_int(6) != 0;
        segment.open = parse_open(select_segments.column_optional_text(7));
        run.segments.push_back(std::move(segment));
    }

    Statement select_missing =
        db.prepare("SELECT id FROM sync_missing_id WHERE run_id = ?1 ORDER BY id");
    select_missing.bind(1, run.id);
    while (select_missing.step()) {
        run.missing_ids.push_back(select_missing.column_text(0));
    }
    return run;
}

// Keeps the newest Catalogue::kept_runs runs with their segments and missing ids, and always
// the runs still read: any run marked running, a failed sync newer than the last finished one
// (unfinished_run resumes it), the newest sync (last_run) and the last two finished syncs
// (last_finished_run, previous_finished_run: status and kolcat changes). Nothing else reads a
// run by its id: kpi_value.run only needs to be smaller than the id of a later run, and
// AUTOINCREMENT never hands out a pruned id again. Runs only when a run finishes, and a sync
// or repair refreshes every copy stamped with sync_run's totals (gaps_summary.cpp) after that.
void prune_sync_history(Database& db) {
    Statement select = db.prepare(
        "SELECT id FROM sync_run WHERE id NOT IN (SELECT id FROM sync_run ORDER BY id DESC "
        "LIMIT ?1) "
        "AND status <> 'running' "
        "AND NOT (kind = 'sync' AND status = 'failed' AND id > coalesce((SELECT max(id) FROM "
        "sync_run WHERE kind = 'sync' AND status = 'finished'), 0)) "
        "AND id <> coalesce((SELECT max(id) FROM sync_run WHERE kind = 'sync'), 0) "
        "AND id NOT IN (SELECT id FROM sync_run WHERE kind = 'sync' AND status = 'finished' "
        "ORDER BY id DESC LIMIT 2)");
    select.bind(1, Catalogue::kept_runs);
    std::vector<std::int64_t> pruned;
    while (select.step()) {
        pruned.push_back(select.column_int64(0));
    }
    Statement delete_segments = db.prepare("DELETE FROM sync_segment WHERE run_id = ?1");
    Statement delete_missing = db.prepare("DELETE FROM sync_missing_id WHERE run_id = ?1");
    Statement delete_run = db.prepare("DELETE FROM sync_run WHERE id = ?1");
    for (const std::int64_t id : pruned) {
        delete_segments.bind(1, id).run();
        delete_missing.bind(1, id).run();
        delete_run.bind(1, id).run();
    }
}

// A finished run is never resumed: its segments (1.5 MB on a full mirror) give way to their
// numbers, which is all that status shows of them.
void drop_finished_segments(Database& db, std::int64_t run_id) {
    db.prepare(
          "UPDATE sync_run SET segment_count = (SELECT count(*) FROM sync_segment WHERE "
          "run_id = ?1), incremental_segments = (SELECT count(from_date) FROM sync_segment "
          "WHERE run_id = ?1) WHERE id = ?1")
        .bind(1, run_id)
        .run();
    db.prepare("DELETE FROM sync_segment WHERE run_id = ?1").bind(1, run_id).run();
}

void insert_segments(Database& db, std::int64_t run_id, const std::vector<SyncSegment>& segments) {
    Statement insert_segment = db.prepare(
        "INSERT INTO sync_segment (run_id, seq, kpis, units, years, from_date, resume_url, "
        "done, open) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (const SyncSegment& segment : segments) {
        insert_segment.bind(1, run_id)
            .bind(2, segment.seq)
            .bind(3, to_json_array(segment.kpis))
            .bind(4, to_json_array(segment.units))
            .bind(5, to_json_array(segment.years))
            .bind(6, segment.from_date)
            .bind(7, segment.resume_url)
            .bind(8, segment.done ? 1 : 0)
            .bind(9, open_text(segment.open))
            .run();
    }
}

void insert_missing_ids(Database& db, std::int64_t run_id, const std::vector<std::string>& ids) {
    Statement insert =
        db.prepare("INSERT OR IGNORE INTO sync_missing_id (run_id, id) VALUES (?1, ?2)");
    for (const auto& id : ids) {
        insert.bind(1, run_id).bind(2, id).run();
    }
}

// True when no later change check of the run asks for the same lists: its other chunks of
// years come before it in the plan, and so have landed before it. The pairs are recorded once,
// when every year has been asked for.
bool last_check_of_its_lists(Database& db, std::int64_t run_id, int seq) {
    Statement later = db.prepare(
        "SELECT 1 FROM sync_segment s JOIN sync_segment t ON t.run_id = s.run_id "
        "AND t.kpis = s.kpis AND t.units = s.units AND t.open IS s.open AND t.seq > s.seq "
        "WHERE s.run_id = ?1 AND s.seq = ?2 LIMIT 1");
    later.bind(1, run_id).bind(2, seq);
    return !later.step();
}

// Consecutive years as [first, last] ranges; no years: one range over every year.
std::vector<std::pair<int, int>> year_ranges(std::vector<int> years) {
    if (years.empty()) {
        return {{std::numeric_limits<int>::min(), std::numeric_limits<int>::max()}};
    }
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    std::vector<std::pair<int, int>> ranges;
    for (const int year : years) {
        if (!ranges.empty() && ranges.back().second == year - 1) {
            ranges.back().second = year;
        } else {
            ranges.emplace_back(year, year);
        }
    }
    return ranges;
}

// The sweep of a full segment once its last page has landed: whatever Kolada holds in the
// segment's scope, this run has written (run = run_id), so every stored cell of its kpis x
// units x years with an older run is gone at Kolada. One range statement per run of
// consecutive years (one in every plan but a scope of scattered years), over the primary key
// (kpi IN, unit IN, period range), instead of a statement per (kpi, unit, year): an open
// segment stands for up to 6 000 key figures x 25 units, or 25 x 312. Only the segment's units
// are named, so group cells and units outside it are never touched. Skipped where nothing can
// be deleted: a kpi or unit without a key or a kpi with no stored value, and every segment of a
// run that found no value older than itself at its first sweep in this process (a fresh
// catalogue: no value older than the run can appear while it runs). Returns the rows deleted.
std::int64_t sweep_segment(Database& db, KeyInterner& kpi_keys, KeyInterner& unit_keys,
                           const SegmentScope& scope, std::int64_t run_id,
                           std::optional<std::pair<std::int64_t, bool>>& older_values) {
    if (!older_values || older_values->first != run_id) {
        Statement older = db.prepare("SELECT 1 FROM kpi_value WHERE run < ?1 LIMIT 1");
        older.bind(1, run_id);
        older_values = std::pair{run_id, older.step()};
    }
    if (!older_values->second) {
        return 0;
    }
    Statement stored = db.prepare("SELECT 1 FROM value_count_by_kpi WHERE kpi = ?1 AND n > 0");
    nlohmann::json kpis = nlohmann::json::array();
    for (const auto& kpi : scope.kpis) {
        if (const auto key = kpi_keys.find(kpi)) {
            StatementReset reset(stored);
            stored.bind(1, *key);
            if (stored.step()) {
                kpis.push_back(*key);
            }
        }
    }
    nlohmann::json units = nlohmann::json::array();
    for (const auto& unit : scope.units) {
        if (const auto key = unit_keys.find(unit)) {
            units.push_back(*key);
        }
    }
    if (kpis.empty() || units.empty()) {
        return 0;
    }
    const std::string kpi_list = kpis.dump();
    const std::string unit_list = units.dump();
    Statement sweep = db.prepare(
        "DELETE FROM kpi_value WHERE kpi IN (SELECT value FROM json_each(?1)) "
        "AND unit IN (SELECT value FROM json_each(?2)) AND period BETWEEN ?3 AND ?4 AND run < ?5");
    std::int64_t deleted = 0;
    for (const auto& [first, last] : year_ranges(scope.years)) {
        sweep.bind(1, kpi_list).bind(2, unit_list).bind(3, first).bind(4, last).bind(5, run_id);
        sweep.run();
        deleted += db.changes();
    }
    return deleted;
}

// Records kpis x units as synced on `synced_on`: one block.
void record_synced(Database& db, KeyInterner& kpi_keys, KeyInterner& unit_keys,
                   const std::vector<std::string>& kpis, const std::vector<std::string>& units,
                   const std::string& synced_on) {
    std::vector<std::int64_t> kpi_list;
    kpi_list.reserve(kpis.size());
    for (const auto& kpi : kpis) {
        kpi_list.push_back(kpi_keys.intern(kpi));
    }
    std::vector<std::int64_t> unit_list;
    unit_list.reserve(units.size());
    for (const auto& unit : units) {
        unit_list.push_back(unit_keys.intern(unit));
    }
    record_synced_block(db, std::move(kpi_list), std::move(unit_list), synced_on);
}

}  // namespace

std::optional<SyncRun> Catalogue::unfinished_run() const {
    // A run that was interrupted (still "running") or failed (retry budget spent) can be resumed,
    // unless a later run finished. The sync gives a run up by finishing it as abandoned.
    // Repairs are neither resumed nor do they end a sync that waits to be resumed.
    return load_run(impl_->db,
                    "WHERE kind = 'sync' AND status IN ('running', 'failed') AND id > "
                    "coalesce((SELECT max(id) FROM sync_run WHERE status = 'finished' AND "
                    "kind = 'sync'), 0)");
}

std::optional<SyncRun> Catalogue::last_finished_run(RunDetail detail) const {
    return load_run(impl_->db, "WHERE kind = 'sync' AND status = 'finished'", detail);
}

std::optional<SyncRun> Catalogue::last_run(RunDetail detail) const {
    return load_run(impl_->db, "WHERE kind = 'sync'", detail);
}

std::optional<SyncRun> Catalogue::previous_finished_run() const {
    return load_run(impl_->db,
                    "WHERE kind = 'sync' AND status = 'finished' AND id < (SELECT max(id) FROM "
                    "sync_run WHERE kind = 'sync' AND status = 'finished')");
}

SyncRun Catalogue::begin_run(SyncRun run) {
    impl_->write([&] {
        Database& db = impl_->db;
        db.prepare(
              "INSERT INTO sync_run (started_at, finished_at, status, api_url, scope_kpis, "
              "scope_units, scope_years, full, requests, values_written, error, kind) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
            .bind(1, run.started_at)
            .bind(2, run.finished_at)
            .bind(3, to_string(run.status))
            .bind(4, run.api_url)
            .bind(5, to_json_array(run.scope.kpis))
            .bind(6, to_json_array(run.scope.units))
            .bind(7, to_json_array(run.scope.years))
            .bind(8, run.full ? 1 : 0)
            .bind(9, run.requests)
            .bind(10, run.values_written)
            .bind(11, run.error)
            .bind(12, to_string(run.kind))
            .run();
        run.id = db.last_insert_rowid();
        insert_segments(db, run.id, run.segments);
        insert_missing_ids(db, run.id, run.missing_ids);
    });
    return run;
}

void Catalogue::commit_page(std::int64_t run_id, int seq, const std::vector<Value>& values,
                            const std::optional<std::string>& next_url,
                            std::int64_t requests_so_far) {
    Impl& impl = *impl_;
    impl.write([&] {
        Database& db = impl.db;
        const SegmentScope scope = load_segment_scope(db, run_id, seq);
        std::int64_t written = 0;

        // Resolve ids to keys. Pages come grouped by kpi and unit, so remembering the last id
        // skips most hash lookups.
        std::vector<KeyedValue> keyed;
        keyed.reserve(values.size());
        const std::string* last_kpi = nullptr;
        const std::string* last_unit = nullptr;
        std::optional<std::int64_t> kpi_key;
        std::optional<std::int64_t> unit_key;
        for (const Value& value : values) {
            if (last_kpi == nullptr || *last_kpi != value.kpi) {
                kpi_key = impl.kpi_keys.intern(value.kpi);
                last_kpi = &value.kpi;
            }
            if (last_unit == nullptr || *last_unit != value.municipality) {
                unit_key = impl.unit_keys.intern(value.municipality);
                last_unit = &value.municipality;
            }
            keyed.push_back(
                {*kpi_key, *unit_key, value.period, static_cast<int>(value.gender), &value});
        }
        written += impl.value_writer.write(keyed, run_id);

        const bool done = !next_url.has_value() || next_url->empty();
        db.prepare(
              "UPDATE sync_segment SET resume_url = ?3, done = ?4 WHERE run_id = ?1 AND seq = ?2")
            .bind(1, run_id)
            .bind(2, seq)
            .bind(3, done ? std::nullopt : next_url)
            .bind(4, done ? 1 : 0)
            .run();

        if (done && !scope.incremental) {
            written +=
                sweep_segment(db, impl.kpi_keys, impl.unit_keys, scope, run_id, impl.older_values);
        }
        // A repair leaves the dates alone: an older date only makes the next sync ask for more
        // changes, never for fewer. A segment with an open list, a change check or a full fetch,
        // names every year a value can have when the run's scope names none (change_check.hpp,
        // planner.hpp), in chunks: its pairs are synced over every year once the last chunk of
        // its lists has landed, and it vouches only for the scope's units among those it named.
        if (done && !scope.repair && scope.open == OpenList::none && scope.years.empty()) {
            record_synced(db, impl.kpi_keys, impl.unit_keys, scope.kpis, scope.units,
                          scope.run_started_at.substr(0, 10));
        } else if (done && !scope.repair && scope.open != OpenList::none && scope.run_every_year &&
                   last_check_of_its_lists(db, run_id, seq)) {
            std::vector<std::string> units;
            for (const auto& unit : scope.units) {
                if (std::find(scope.run_units.begin(), scope.run_units.end(), unit) !=
                    scope.run_units.end()) {
                    units.push_back(unit);
                }
            }
            record_synced(db, impl.kpi_keys, impl.unit_keys, scope.kpis, units,
                          scope.run_started_at.substr(0, 10));
        }

        // A page landing for a failed run means it is being resumed: it runs again.
        db.prepare(
              "UPDATE sync_run SET requests = ?2, values_written = values_written + ?3, "
              "finished_at = iif(status = 'failed', NULL, finished_at), "
              "error = iif(status = 'failed', NULL, error), "
              "status = iif(status = 'failed', 'running', status) WHERE id = ?1")
            .bind(1, run_id)
            .bind(2, requests_so_far)
            .bind(3, written)
            .run();
    });
}

void Catalogue::extend_run(std::int64_t run_id, const std::vector<SyncSegment>& segments,
                           const std::vector<std::pair<std::string, std::string>>& vouched) {
    Impl& impl = *impl_;
    impl.write([&] {
        Database& db = impl.db;
        insert_segments(db, run_id, segments);
        Statement started = db.prepare("SELECT started_at FROM sync_run WHERE id = ?1");
        started.bind(1, run_id);
        if (!started.step()) {
            throw CatalogueError("no sync run " + std::to_string(run_id) + " to extend");
        }
        const std::string synced_on = started.column_text(0).substr(0, 10);
        // One block per list of key figures, over the units vouched for with exactly that list:
        // the groups a check vouches for mostly share their key figures.
        std::map<std::string, std::vector<std::string>> kpis_of_unit;
        for (const auto& [kpi, unit] : vouched) {
            kpis_of_unit[unit].push_back(kpi);
        }
        std::map<std::vector<std::string>, std::vector<std::string>> units_of_kpis;
        for (auto& [unit, kpis] : kpis_of_unit) {
            std::sort(kpis.begin(), kpis.end());
            units_of_kpis[kpis].push_back(unit);
        }
        for (const auto& [kpis, units] : units_of_kpis) {
            record_synced(db, impl.kpi_keys, impl.unit_keys, kpis, units, synced_on);
        }
    });
}

void Catalogue::finish_run(std::int64_t run_id, RunStatus status, const std::string& finished_at,
                           const std::vector<std::string>& missing_ids,
                           const std::optional<std::string>& error, std::int64_t requests) {
    impl_->write([&] {
        Database& db = impl_->db;
        db.prepare(
              "UPDATE sync_run SET status = ?2, finished_at = ?3, error = ?4, requests = ?5 "
              "WHERE id = ?1")
            .bind(1, run_id)
            .bind(2, to_string(status))
            .bind(3, finished_at)
            .bind(4, error)
            .bind(5, requests)
            .run();
        if (db.changes() == 0) {
            throw CatalogueError("no sync run " + std::to_string(run_id) + " to finish");
        }
        insert_missing_ids(db, run_id, missing_ids);
        impl_->prune_records();
        compact_synced_blocks(db);
        if (status == RunStatus::finished) {
            drop_finished_segments(db, run_id);
            prune_sync_history(db);
        }
    });
}

}  // namespace kolcat::catalogue
