-- The least time SQLite takes to store the 500-key-figure scope of bench_koladapy (664 900
-- values, 312 units, 2 years, T/K/M) in kpi_value as schema 11 lays it out: one INSERT ... SELECT
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
    kpi INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    period INTEGER NOT NULL,
    gender INTEGER NOT NULL,
    value_digits,
    count_status,
    run INTEGER NOT NULL,
    changed_at INTEGER,
    value REAL GENERATED ALWAYS AS (
        CASE typeof(value_digits) WHEN 'integer' THEN
            (value_digits >> 4) / CASE value_digits & 15 WHEN 1 THEN 1e1 ELSE 1.0 END
        ELSE value_digits END) VIRTUAL,
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
