-- The least time SQLite takes to store the 500-key-figure scope of bench_koladapy (664 900
-- values, 312 units, 2 years, T/K/M) in kpi_value, the table as schema step 11 makes it
-- (catalogue/migrations.cpp; its virtual columns cost an insert too): one INSERT ... SELECT
-- of rows already made inside SQLite, in primary-key order, in one transaction. No client can
-- store those rows in this table for less; kolcat's sync also fetches, reads and binds them.
--
--   rm -f /tmp/insert-floor.sqlite*; sqlite3 /tmp/insert-floor.sqlite < bench/insert_floor.sql
--
-- Prints the run time of the INSERT alone (user + sys is its CPU).
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -16384;
CREATE TABLE kpi_value (
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
-- 500 key figures x 312 units x 2 years x 3 genders = 936 000 cells; bench_koladapy's data set
-- holds 664 900 of them (a key figure has values for its type's units only), so the first
-- 664 900 in key order stand in for them. Values of 1-3 digits with one decimal, as Kolada's.
CREATE TEMP TABLE source AS
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 664899)
SELECT i / 1872 AS kpi, (i / 6) % 312 AS unit, 2023 + (i / 3) % 2 AS period, i % 3 AS gender,
       ((i * 7919) % 10000) * 16 + 1 AS value_digits, 1 AS count_status
FROM n;
.timer on
INSERT INTO kpi_value (kpi, unit, period, gender, value_digits, count_status, run, changed_at)
SELECT kpi, unit, period, gender, value_digits, count_status, 1, 1764892800 FROM source
ORDER BY kpi, unit, period, gender;
