// The schema's whole history, one step after the other, each exactly as it shipped: a catalogue
// of any age upgrades by running the steps it lacks in order. The steps stay together in one
// file, and a shipped step is never edited, so the file grows with each schema change.

#include "catalogue/migrations.hpp"

#include <array>
#include <string>

#include "catalogue/packed_value.hpp"

namespace kolcat::catalogue {

namespace {

// PRAGMA application_id of a kolcat catalogue ("KOLC"), so that another program's SQLite file
// is refused instead of being written to.
constexpr std::int64_t kApplicationId = 0x4B4F4C43;

// HOW TO CHANGE THE SCHEMA: append one {version, sql} entry at the end of kMigrations, with the
// next version number (last + 1), and never edit an entry that has been released: catalogues
// out there already ran it. Each entry runs in its own transaction and ends by setting
// PRAGMA user_version to its version, so a step lands whole or not at all. Do not put
// statements that cannot run inside a transaction (VACUUM, journal_mode) in a step.
constexpr std::array kMigrations{
    Migration{1, R"sql(
-- Settings: data_source ("kolada" or "demo"), api_url, ...
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Key-figure metadata, every v3 field plus the object as sent.
CREATE TABLE kpi (
    -- An explicit rowid for the FTS index: VACUUM may renumber implicit rowids.
    fts_rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    is_divided_by_gender INTEGER NOT NULL,
    municipality_type TEXT NOT NULL,
    auspice TEXT,
    operating_area TEXT,
    perspective TEXT,
    prel_publication_date TEXT,
    publication_date TEXT,
    publ_period TEXT,
    has_ou_data INTEGER NOT NULL,
    raw_json TEXT NOT NULL,
    -- 1: missing from Kolada's latest catalogue. Kept, because values and curated lists may
    -- still refer to it.
    retired INTEGER NOT NULL DEFAULT 0
);

-- Full-text search over id, title and description. remove_diacritics 2 folds å, ä and ö, so
-- "jamstalldhet" finds "jämställdhet"; unicode61 folds case.
CREATE VIRTUAL TABLE kpi_fts USING fts5(
    id, title, description,
    content = 'kpi', content_rowid = 'fts_rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER kpi_fts_after_insert AFTER INSERT ON kpi BEGIN
    INSERT INTO kpi_fts(rowid, id, title, description)
    VALUES (new.fts_rowid, new.id, new.title, new.description);
END;
CREATE TRIGGER kpi_fts_after_delete AFTER DELETE ON kpi BEGIN
    INSERT INTO kpi_fts(kpi_fts, rowid, id, title, description)
    VALUES ('delete', old.fts_rowid, old.id, old.title, old.description);
END;
CREATE TRIGGER kpi_fts_after_update AFTER UPDATE OF id, title, description ON kpi BEGIN
    INSERT INTO kpi_fts(kpi_fts, rowid, id, title, description)
    VALUES ('delete', old.fts_rowid, old.id, old.title, old.description);
    INSERT INTO kpi_fts(rowid, id, title, description)
    VALUES (new.fts_rowid, new.id, new.title, new.description);
END;

-- Units: municipalities (K), regions and Riket (L).
CREATE TABLE municipality (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    type TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE municipality_group (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE municipality_group_member (
    group_id TEXT NOT NULL REFERENCES municipality_group (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,  -- Kolada's order
    member_id TEXT NOT NULL,
    member_title TEXT NOT NULL,
    PRIMARY KEY (group_id, position)
) WITHOUT ROWID;
CREATE INDEX municipality_group_member_by_member ON municipality_group_member (member_id);

CREATE TABLE kpi_group (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE kpi_group_member (
    group_id TEXT NOT NULL REFERENCES kpi_group (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    member_id TEXT NOT NULL,
    member_title TEXT NOT NULL,
    PRIMARY KEY (group_id, position)
) WITHOUT ROWID;
CREATE INDEX kpi_group_member_by_member ON kpi_group_member (member_id);

-- Values name their kpi and unit by small integer keys: one or two bytes on disk instead of
-- five to eleven bytes of id text in every row. Keys are never deleted or reused, and need no
-- metadata (values may arrive for an id the metadata does not know yet).
CREATE TABLE kpi_key (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
CREATE TABLE unit_key (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);

-- One row per (kpi, unit, period, gender). WITHOUT ROWID stores the row in the primary-key
-- b-tree itself, so there is no second index. No foreign keys: checking them per row would
-- slow the bulk inserts of a sync, and the keys are never deleted.
CREATE TABLE kpi_value (
    kpi INTEGER NOT NULL,     -- kpi_key.key
    unit INTEGER NOT NULL,    -- unit_key.key: municipality, region, Riket or municipality group
    period INTEGER NOT NULL,  -- the year
    gender INTEGER NOT NULL,  -- 0 T, 1 K, 2 M: the output order
    value REAL,               -- NULL: suppressed or missing at Kolada
    count INTEGER,
    status TEXT NOT NULL DEFAULT '',
    run INTEGER NOT NULL,     -- sync_run.id that last wrote it: the full-refresh sweep uses it
    PRIMARY KEY (kpi, unit, period, gender)
) WITHOUT ROWID;

-- Sync state: a page of values and the record of having fetched it commit together.
CREATE TABLE sync_run (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the sweep compares run ids
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'abandoned')),
    api_url TEXT NOT NULL,
    scope_kpis TEXT NOT NULL,   -- JSON array of ids
    scope_units TEXT NOT NULL,  -- JSON array of ids
    scope_years TEXT NOT NULL,  -- JSON array of years; empty: every year
    full INTEGER NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    values_written INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE TABLE sync_segment (
    run_id INTEGER NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kpis TEXT NOT NULL,   -- JSON array, at most 25
    units TEXT NOT NULL,  -- JSON array, at most 25
    years TEXT NOT NULL,  -- JSON array, at most 25; empty: every year
    from_date TEXT,       -- incremental: only changes since then
    resume_url TEXT,      -- the next page to fetch after an interruption
    done INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE sync_missing_id (
    run_id INTEGER NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    PRIMARY KEY (run_id, id)
) WITHOUT ROWID;
-- When each (kpi, unit) pair last completed a sync over every year: the base of from_date.
CREATE TABLE synced_pair (
    kpi INTEGER NOT NULL,       -- kpi_key.key
    unit INTEGER NOT NULL,      -- unit_key.key
    synced_on TEXT NOT NULL,    -- "YYYY-MM-DD", the start date of that run
    PRIMARY KEY (kpi, unit)
) WITHOUT ROWID;

PRAGMA application_id = 1263488067;
)sql"},
    Migration{2, R"sql(
-- The curated indicators (indicators/*.json plus the user's local file), so that every command
-- answers from the catalogue alone. store_indicators() (indicators_store.cpp) replaces all of
-- it in one transaction whenever the files change.
CREATE TABLE sub_goal (
    number INTEGER PRIMARY KEY,  -- 1..6, the national gender-equality sub-goals
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE sdg_goal (
    number INTEGER PRIMARY KEY,  -- 1..17, Agenda 2030
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL
);
CREATE TABLE sdg_target (
    id TEXT PRIMARY KEY,  -- "5.2", "4.a"
    goal INTEGER NOT NULL,
    position INTEGER NOT NULL,  -- order in goals.json
    text_en TEXT NOT NULL,
    text_sv TEXT
) WITHOUT ROWID;
CREATE TABLE curated_kpi (
    kpi TEXT PRIMARY KEY,
    position INTEGER NOT NULL,  -- order in the files
    level TEXT NOT NULL CHECK (level IN ('region', 'municipality', 'both')),
    direction TEXT NOT NULL
        CHECK (direction IN ('higher_is_better', 'lower_is_better', 'neutral')),
    breakdown TEXT NOT NULL CHECK (breakdown IN ('values', 'pair', 'by_construction')),
    partner TEXT,  -- set exactly for breakdown 'pair'
    rationale TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    extended_by TEXT NOT NULL DEFAULT '[]'  -- JSON array of local "extend" entries
) WITHOUT ROWID;
-- Tags. No foreign key to sub_goal or sdg_target: a user's local file may tag an undefined
-- goal, which `kolcat indicators check` reports; queries join and so ignore it.
CREATE TABLE curated_kpi_goal (
    kpi TEXT NOT NULL REFERENCES curated_kpi (kpi) ON DELETE CASCADE,
    goal INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (kpi, goal)
) WITHOUT ROWID;
CREATE INDEX curated_kpi_goal_by_goal ON curated_kpi_goal (goal);
CREATE TABLE curated_kpi_target (
    kpi TEXT NOT NULL REFERENCES curated_kpi (kpi) ON DELETE CASCADE,
    target TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (kpi, target)
) WITHOUT ROWID;
CREATE INDEX curated_kpi_target_by_target ON curated_kpi_target (target);
-- Named unit sets for `--against NAME`.
CREATE TABLE region_set (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_sv TEXT NOT NULL,
    description TEXT NOT NULL,
    expand_groups INTEGER NOT NULL,  -- 1: a municipality-group member stands for its members
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE region_set_member (
    name TEXT NOT NULL REFERENCES region_set (name) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    unit TEXT NOT NULL,  -- a unit or municipality-group id
    PRIMARY KEY (name, position)
) WITHOUT ROWID;
)sql"},
    Migration{3, R"sql(
-- `kolcat gaps`: per key figure, the sex-breakdown totals over every stored value, so that
-- `gaps --all` need not read millions of values each time (gaps_summary.hpp). The rows are
-- valid only while meta 'breakdown_summary_stamp' equals the stamp of sync_run (number of runs,
-- last run id, sum of values_written): every write to kpi_value must go through a sync run
-- that counts it in values_written, as commit_page does. Rebuilt by `kolcat gaps` when stale.
CREATE TABLE kpi_breakdown_summary (
    kpi INTEGER PRIMARY KEY,                -- kpi_key.key
    cells INTEGER NOT NULL,                 -- (unit, period) cells with a non-null value
    sex_cells INTEGER NOT NULL,             -- of those, cells with a K or an M value
    cells_with_t INTEGER NOT NULL,          -- cells with a T value
    complete_cells_with_t INTEGER NOT NULL  -- cells with T, K and M values
);
)sql"},
    Migration{4, R"sql(
-- Why a run was made: 'sync' (kolcat sync) or 'repair' (kolcat verify --repair re-fetching the
-- segments that differed). A repair writes through runs like a sync, so that the full-refresh
-- sweep and the breakdown-summary stamp keep working, but it is neither a sync to resume nor
-- the last sync to report.
ALTER TABLE sync_run ADD COLUMN kind TEXT NOT NULL DEFAULT 'sync'
    CHECK (kind IN ('sync', 'repair'));
)sql"},
    Migration{5, R"sql(
-- When each value last changed in this catalogue (Unix seconds, set by the sync that stored a
-- new value, count or status), and the values deleted since (a bounded record, pruned oldest
-- first): what a from_date request (kolcat serve) and kolcat changes answer from. Rows stored
-- before this step have NULL: they have not changed since the upgrade.
ALTER TABLE kpi_value ADD COLUMN changed_at INTEGER;
CREATE TABLE kpi_value_deleted (
    kpi INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    period INTEGER NOT NULL,
    gender INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL,  -- Unix seconds
    PRIMARY KEY (kpi, unit, period, gender)
) WITHOUT ROWID;
CREATE INDEX kpi_value_deleted_by_time ON kpi_value_deleted (deleted_at);
-- Every way a value leaves kpi_value (a deletion Kolada reported, the full-refresh sweep)
-- leaves its tombstone. A cell stored again is live again: readers prefer the live row.
CREATE TRIGGER kpi_value_tombstone AFTER DELETE ON kpi_value BEGIN
    INSERT OR REPLACE INTO kpi_value_deleted (kpi, unit, period, gender, deleted_at)
    VALUES (OLD.kpi, OLD.unit, OLD.period, OLD.gender, CAST(strftime('%s', 'now') AS INTEGER));
END;
-- Deletions are known from now on; a new catalogue has had none before.
INSERT OR REPLACE INTO meta (key, value)
SELECT 'deletions_known_since',
       CASE WHEN EXISTS (SELECT 1 FROM kpi_value) THEN strftime('%s', 'now') ELSE '0' END;
)sql"},
    Migration{6, R"sql(
-- What a value was before a sync replaced or deleted it, so that kolcat changes can give the
-- value a cell held at a past date. One row per content replaced (value, count or status
-- changed) or deleted; storing a cell that held nothing replaces nothing and adds no row, so a
-- first sync writes none. With each old content goes the time it was stored (old_since), so
-- the value at a date D is the old content of the cell's first change at or after D whenever
-- old_since is before D. Bounded like the tombstones: the oldest rows are pruned, and meta
-- 'old_values_known_since' says since when the record is whole.
CREATE TABLE kpi_value_change (
    id INTEGER PRIMARY KEY,       -- the order of the changes, also within one second
    kpi INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    period INTEGER NOT NULL,
    gender INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,  -- Unix seconds: when the old content was replaced or deleted
    old_value REAL,
    old_count INTEGER,
    old_status TEXT NOT NULL,
    old_since INTEGER             -- its changed_at: NULL, stored before schema 5 recorded it
);
CREATE INDEX kpi_value_change_by_cell ON kpi_value_change (kpi, unit, period, gender, id);
CREATE INDEX kpi_value_change_by_time ON kpi_value_change (changed_at);
-- Every path that changes or removes a value (a sync's upsert, a deletion Kolada reported, the
-- full-refresh sweep) goes through these.
CREATE TRIGGER kpi_value_revised AFTER UPDATE OF value, count, status ON kpi_value
WHEN OLD.value IS NOT NEW.value OR OLD.count IS NOT NEW.count OR OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO kpi_value_change (kpi, unit, period, gender, changed_at, old_value, old_count,
                                  old_status, old_since)
    VALUES (OLD.kpi, OLD.unit, OLD.period, OLD.gender,
            coalesce(NEW.changed_at, CAST(strftime('%s', 'now') AS INTEGER)),
            OLD.value, OLD.count, OLD.status, OLD.changed_at);
END;
CREATE TRIGGER kpi_value_removed AFTER DELETE ON kpi_value BEGIN
    INSERT INTO kpi_value_change (kpi, unit, period, gender, changed_at, old_value, old_count,
                                  old_status, old_since)
    VALUES (OLD.kpi, OLD.unit, OLD.period, OLD.gender, CAST(strftime('%s', 'now') AS INTEGER),
            OLD.value, OLD.count, OLD.status, OLD.changed_at);
END;
-- Old values are known from now on; a new catalogue has had none before.
INSERT OR REPLACE INTO meta (key, value)
SELECT 'old_values_known_since',
       CASE WHEN EXISTS (SELECT 1 FROM kpi_value) OR EXISTS (SELECT 1 FROM kpi_value_deleted)
       THEN strftime('%s', 'now') ELSE '0' END;
)sql"},
    Migration{7, R"sql(
-- The curated set gains the sub-goals' official Swedish wording, the breakdown 'flag_only' (a K/M
-- claim resting on Kolada's flag alone) and the mark 'historical' (a series Kolada
-- discontinued). SQLite cannot change a CHECK
-- constraint in place, so curated_kpi and the two tag tables that refer to it are rebuilt,
-- keeping their rows; the children are dropped first so that no cascade deletes a tag.
CREATE TABLE curated_kpi_goal_copy AS SELECT * FROM curated_kpi_goal;
CREATE TABLE curated_kpi_target_copy AS SELECT * FROM curated_kpi_target;
CREATE TABLE curated_kpi_copy AS SELECT * FROM curated_kpi;
DROP TABLE curated_kpi_goal;
DROP TABLE curated_kpi_target;
DROP TABLE curated_kpi;
CREATE TABLE curated_kpi (
    kpi TEXT PRIMARY KEY,
    position INTEGER NOT NULL,  -- order in the files
    level TEXT NOT NULL CHECK (level IN ('region', 'municipality', 'both')),
    direction TEXT NOT NULL
        CHECK (direction IN ('higher_is_better', 'lower_is_better', 'neutral')),
    breakdown TEXT NOT NULL
        CHECK (breakdown IN ('values', 'pair', 'by_construction', 'flag_only')),
    partner TEXT,  -- set exactly for breakdown 'pair'
    rationale TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    extended_by TEXT NOT NULL DEFAULT '[]',  -- JSON array of local "extend" entries
    historical INTEGER NOT NULL DEFAULT 0 CHECK (historical IN (0, 1))
) WITHOUT ROWID;
CREATE TABLE curated_kpi_goal (
    kpi TEXT NOT NULL REFERENCES curated_kpi (kpi) ON DELETE CASCADE,
    goal INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (kpi, goal)
) WITHOUT ROWID;
CREATE INDEX curated_kpi_goal_by_goal ON curated_kpi_goal (goal);
CREATE TABLE curated_kpi_target (
    kpi TEXT NOT NULL REFERENCES curated_kpi (kpi) ON DELETE CASCADE,
    target TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (kpi, target)
) WITHOUT ROWID;
CREATE INDEX curated_kpi_target_by_target ON curated_kpi_target (target);
INSERT INTO curated_kpi (kpi, position, level, direction, breakdown, partner, rationale,
                         source_file, source_line, extended_by)
SELECT kpi, position, level, direction, breakdown, partner, rationale, source_file, source_line,
       extended_by
FROM curated_kpi_copy;
INSERT INTO curated_kpi_goal (kpi, goal, position)
SELECT kpi, goal, position FROM curated_kpi_goal_copy;
INSERT INTO curated_kpi_target (kpi, target, position)
SELECT kpi, target, position FROM curated_kpi_target_copy;
DROP TABLE curated_kpi_goal_copy;
DROP TABLE curated_kpi_target_copy;
DROP TABLE curated_kpi_copy;
ALTER TABLE sub_goal ADD COLUMN description_sv TEXT;
-- The stored copy lacks the new marks until the files are stored again.
DELETE FROM meta WHERE key = 'indicators_fingerprint';
)sql"},
    Migration{8, R"sql(
-- The full-text index changes only for a key figure whose id, title or description changed,
-- so that a metadata sync that stores the same texts again leaves the index as it is.
DROP TRIGGER kpi_fts_after_update;
CREATE TRIGGER kpi_fts_after_update AFTER UPDATE OF id, title, description ON kpi
WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.description IS NOT new.description
BEGIN
    INSERT INTO kpi_fts(kpi_fts, rowid, id, title, description)
    VALUES ('delete', old.fts_rowid, old.id, old.title, old.description);
    INSERT INTO kpi_fts(rowid, id, title, description)
    VALUES (new.fts_rowid, new.id, new.title, new.description);
END;
-- How many values are stored per key figure, per unit and per period, so that kolcat status
-- gives exact counts without reading millions of values. The value writer (value_writer.cpp)
-- adds the cells it stores that held nothing, in the transaction that stores them; every
-- removal, by any path, subtracts itself through the trigger. A row may fall to 0 and stay.
CREATE TABLE value_count_by_kpi (
    kpi INTEGER PRIMARY KEY,  -- kpi_key.key
    n INTEGER NOT NULL
);
CREATE TABLE value_count_by_unit (
    unit INTEGER PRIMARY KEY,  -- unit_key.key
    n INTEGER NOT NULL
);
CREATE TABLE value_count_by_period (
    period INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO value_count_by_kpi (kpi, n) SELECT kpi, count(*) FROM kpi_value GROUP BY kpi;
INSERT INTO value_count_by_unit (unit, n) SELECT unit, count(*) FROM kpi_value GROUP BY unit;
INSERT INTO value_count_by_period (period, n)
SELECT period, count(*) FROM kpi_value GROUP BY period;
CREATE TRIGGER kpi_value_uncounted AFTER DELETE ON kpi_value BEGIN
    UPDATE value_count_by_kpi SET n = n - 1 WHERE kpi = OLD.kpi;
    UPDATE value_count_by_unit SET n = n - 1 WHERE unit = OLD.unit;
    UPDATE value_count_by_period SET n = n - 1 WHERE period = OLD.period;
END;
-- A finished run keeps the number of its segments, and of those with a from_date, in place of
-- the segments themselves (what status shows of it); only a run that may be resumed, or that
-- ended otherwise, keeps its segments. NULL: count the stored segments.
ALTER TABLE sync_run ADD COLUMN segment_count INTEGER;
ALTER TABLE sync_run ADD COLUMN incremental_segments INTEGER;
-- The copy of the counts that a scan refreshed once per sync, replaced by the tables above.
DELETE FROM meta WHERE key = 'value_counts';
-- A segment may leave its kpi or municipality list out of the request's URL, to ask Kolada for
-- the changes of every key figure (or every unit) at once: 'kpi' or 'municipality', the list
-- left out. NULL: the request names both lists.
ALTER TABLE sync_segment ADD COLUMN open TEXT CHECK (open IN ('kpi', 'municipality'));
)sql"},
    Migration{9, R"sql(
-- Which (kpi, unit) pairs completed a sync over every year, and when, as blocks: "every pair of
-- kpis x units completed a sync over every year on synced_on" (synced_blocks.hpp). A pair's date
-- is the latest of the blocks holding it. One block per rectangle a sync completes, and blocks
-- that newer ones supersede are dropped when a run finishes: kilobytes on a full mirror, where
-- a row per pair takes 44 MB.
CREATE TABLE synced_block (
    id INTEGER PRIMARY KEY,
    synced_on TEXT NOT NULL,  -- "YYYY-MM-DD", the start date of the run
    kpis TEXT NOT NULL,       -- JSON array of kpi_key.key
    units TEXT NOT NULL       -- JSON array of unit_key.key
);
-- One block per date and unit, then one per date and list of key figures.
INSERT INTO synced_block (synced_on, kpis, units)
SELECT synced_on, kpis, json_group_array(unit) FROM (
    SELECT synced_on, unit, json_group_array(kpi) AS kpis
    FROM (SELECT synced_on, unit, kpi FROM synced_pair ORDER BY synced_on, unit, kpi)
    GROUP BY synced_on, unit
) GROUP BY synced_on, kpis;
DROP TABLE synced_pair;
-- The blocks as one row per pair with its date (that of the last block written holding it,
-- synced_blocks.hpp), for diagnostics and tests. Read only, and slow on a large catalogue: the
-- code reads synced_block itself.
CREATE VIEW synced_pair (kpi, unit, synced_on) AS
SELECT kpi, unit, synced_on FROM (
    SELECT k.value AS kpi, u.value AS unit, b.synced_on,
           row_number() OVER (PARTITION BY k.value, u.value ORDER BY b.id DESC) AS newest
    FROM synced_block b, json_each(b.kpis) k, json_each(b.units) u
) WHERE newest = 1;
)sql"},
    Migration{10, R"sql(
-- `kolcat gaps`: beside each key figure's totals, what the check finds when the focus unit has
-- no T value. Every unit is then the focus set, whatever the focus, so the finding is stored
-- once per key figure (FallbackEvidence, gaps_summary.hpp), and `gaps --all` need not read every
-- unit's values of such a key figure (each K-type one, when no county group is synced). Valid
-- under the same stamp as the totals, which now names the fallback's year count.
ALTER TABLE kpi_breakdown_summary ADD COLUMN fallback_recent_years TEXT;  -- JSON array, ascending
-- The recent-year cells lacking K or M, for key figures with some K or M value.
CREATE TABLE kpi_breakdown_fallback_missing (
    kpi INTEGER NOT NULL,      -- kpi_key.key
    unit INTEGER NOT NULL,     -- unit_key.key
    period INTEGER NOT NULL,   -- a recent year
    lacking INTEGER NOT NULL,  -- 2: no K, 4: no M, 6: neither (as gender bits)
    PRIMARY KEY (kpi, unit, period)
) WITHOUT ROWID;
-- Totals stored without the fallback evidence are stale: the next `gaps --all` or sync stores
-- both.
DELETE FROM kpi_breakdown_summary;
DELETE FROM meta WHERE key = 'breakdown_summary_stamp';
)sql"},
    Migration{11, R"sql(
-- Narrower rows, for the same columns as readers see them:
--  - A value is stored as its decimal digits and scale packed into one integer, value_digits:
--    1-4 bytes where a REAL takes 8 (packed_value.hpp).
--  - Kolada's status text is almost always empty, so count and status share one column,
--    count_status: the count alone while the status is empty, else the JSON array [count,
--    status]. One column fewer saves a byte of every row's header.
-- `value`, `count` and `status` are virtual columns that unpack them, so readers are unchanged
-- and they take no space. Both packings are canonical (one form for each content), so a
-- stored column differs exactly when its content does. The table is rebuilt with its rows; its
-- triggers go with it and come back as they were, watching the packed columns.
DROP TRIGGER kpi_value_tombstone;
DROP TRIGGER kpi_value_revised;
DROP TRIGGER kpi_value_removed;
DROP TRIGGER kpi_value_uncounted;
CREATE TABLE kpi_value_packed (
    kpi INTEGER NOT NULL,     -- kpi_key.key
    unit INTEGER NOT NULL,    -- unit_key.key: municipality, region, Riket or municipality group
    period INTEGER NOT NULL,  -- the year
    gender INTEGER NOT NULL,  -- 0 T, 1 K, 2 M: the output order
    -- digits * 16 + scale for digits / 10^scale, or a REAL as it is; NULL:
    -- suppressed or missing at Kolada. No type: a REAL stays a REAL.
    value_digits,
    -- count, or [count, status] when the status is not empty (value_writer.cpp packs it).
    count_status,
    run INTEGER NOT NULL,     -- sync_run.id that last wrote it: the full-refresh sweep uses it
    changed_at INTEGER,       -- Unix seconds: when value, count or status last changed
    value REAL GENERATED ALWAYS AS (
        CASE typeof(value_digits) WHEN 'integer' THEN
            -- The commonest scales first: each WHEN is a comparison per row read.
            (value_digits >> 4) /
            CASE value_digits & 15
                WHEN 1 THEN 1e1 WHEN 0 THEN 1.0 WHEN 2 THEN 1e2 WHEN 3 THEN 1e3 WHEN 4 THEN 1e4
                WHEN 5 THEN 1e5 WHEN 6 THEN 1e6 WHEN 7 THEN 1e7 WHEN 8 THEN 1e8 WHEN 9 THEN 1e9
                WHEN 10 THEN 1e10 WHEN 11 THEN 1e11 WHEN 12 THEN 1e12 WHEN 13 THEN 1e13
                WHEN 14 THEN 1e14 ELSE 1e15 END
        ELSE value_digits END) VIRTUAL,
    -- Text sorts after every number, and NULL compares to nothing: `count_status >= ''` holds
    -- for text alone, and costs less per row than typeof().
    count INTEGER GENERATED ALWAYS AS (
        CASE WHEN count_status >= '' THEN json_extract(count_status, '$[0]')
        ELSE count_status END) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (
        CASE WHEN count_status >= '' THEN json_extract(count_status, '$[1]') ELSE '' END) VIRTUAL,
    PRIMARY KEY (kpi, unit, period, gender)
) WITHOUT ROWID;
INSERT INTO kpi_value_packed (kpi, unit, period, gender, value_digits, count_status, run,
                              changed_at)
SELECT kpi, unit, period, gender, kolcat_packed_value(value),
       CASE WHEN status = '' THEN count ELSE json_array(count, status) END, run, changed_at
FROM kpi_value ORDER BY kpi, unit, period, gender;
DROP TABLE kpi_value;
ALTER TABLE kpi_value_packed RENAME TO kpi_value;
CREATE TRIGGER kpi_value_tombstone AFTER DELETE ON kpi_value BEGIN
    INSERT OR REPLACE INTO kpi_value_deleted (kpi, unit, period, gender, deleted_at)
    VALUES (OLD.kpi, OLD.unit, OLD.period, OLD.gender, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER kpi_value_revised AFTER UPDATE OF value_digits, count_status ON kpi_value
WHEN OLD.value_digits IS NOT NEW.value_digits OR OLD.count_status IS NOT NEW.count_status
BEGIN
    INSERT INTO kpi_value_change (kpi, unit, period, gender, changed_at, old_value, old_count,
                                  old_status, old_since)
    VALUES (OLD.kpi, OLD.unit, OLD.period, OLD.gender,
            coalesce(NEW.changed_at, CAST(strftime('%s', 'now') AS INTEGER)),
            OLD.value, OLD.count, OLD.status, OLD.changed_at);
END;
CREATE TRIGGER kpi_value_removed AFTER DELETE ON kpi_value BEGIN
    INSERT INTO kpi_value_change (kpi, unit, period, gender, changed_at, old_value, old_count,
                                  old_status, old_since)
    VALUES (OLD.kpi, OLD.unit, OLD.period, OLD.gender, CAST(strftime('%s', 'now') AS INTEGER),
            OLD.value, OLD.count, OLD.status, OLD.changed_at);
END;
CREATE TRIGGER kpi_value_uncounted AFTER DELETE ON kpi_value BEGIN
    UPDATE value_count_by_kpi SET n = n - 1 WHERE kpi = OLD.kpi;
    UPDATE value_count_by_unit SET n = n - 1 WHERE unit = OLD.unit;
    UPDATE value_count_by_period SET n = n - 1 WHERE period = OLD.period;
END;
)sql"},
    // Append the next step here: Migration{12, R"sql( ... )sql"},
};

std::int64_t user_version(const Database& db) {
    return db.query_int("PRAGMA user_version");
}

std::string describe(const Database& db) {
    return "catalogue " + db.path().string();
}

// Refuses a file that another program made, or that a newer kolcat has upgraded.
void check_ownership_and_version(const Database& db, std::int64_t version) {
    const auto application_id = db.query_int("PRAGMA application_id");
    const bool empty = db.query_int("SELECT count(*) FROM sqlite_schema") == 0;
    // A new, empty file has neither mark yet; anything else must carry ours.
    const bool new_file = application_id == 0 && version == 0 && empty;
    if (application_id != kApplicationId && !new_file) {
        throw CatalogueError(describe(db) + " is an SQLite file but not a kolcat catalogue");
    }
    if (version > current_schema_version()) {
        throw CatalogueError(describe(db) + " has schema version " + std::to_string(version) +
                             ", newer than this kolcat understands (" +
                             std::to_string(current_schema_version()) +
                             "); use a newer kolcat or another catalogue");
    }
}

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int current_schema_version() {
    return kMigrations.back().version;
}

void migrate(Database& db) {
    check_ownership_and_version(db, user_version(db));
    register_pack_function(db);
    bool migrated = false;
    for (const Migration& step : kMigrations) {
        if (user_version(db) >= step.version) {
            continue;
        }
        Transaction transaction(db);
        // Another process may have applied the step while we waited for the write lock.
        const auto version = user_version(db);
        check_ownership_and_version(db, version);
        if (version >= step.version) {
            continue;
        }
        if (version != step.version - 1) {
            throw CatalogueError(describe(db) + ": no migration from schema version " +
                                 std::to_string(version));
        }
        db.exec(step.sql);
        db.exec("PRAGMA user_version = " + std::to_string(step.version));
        transaction.commit();
        migrated = true;
    }
    // A step that rebuilt a table (kpi_value in step 11) leaves the old table's pages free in
    // the file; give them back once, rather than keep a catalogue twice its size. Best effort:
    // the catalogue is whole either way, and a VACUUM that fails (for want of disk space for
    // its copy) changes nothing, so it must not fail the command that opened the catalogue.
    if (migrated && db.query_int("PRAGMA freelist_count") * 4 > db.query_int("PRAGMA page_count")) {
        try {
            db.exec("VACUUM");
        } catch (const CatalogueError&) {
        }
    }
}

void require_current_schema(const Database& db) {
    const auto version = user_version(db);
    check_ownership_and_version(db, version);
    if (version < current_schema_version()) {
        throw CatalogueError(describe(db) + " has schema version " + std::to_string(version) +
                             " and needs an upgrade to " +
                             std::to_string(current_schema_version()) +
                             ": open it once for writing (e.g. kolcat sync)");
    }
}

}  // namespace kolcat::catalogue
