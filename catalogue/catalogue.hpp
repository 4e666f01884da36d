#pragma once
// The local catalogue: one SQLite file that answers every question offline.
//
// Thread model: one Catalogue object per thread. Several processes may open the same file;
// SQLite's WAL mode lets readers work while one writer syncs.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "catalogue/group.hpp"
#include "catalogue/kpi.hpp"
#include "catalogue/municipality.hpp"
#include "catalogue/sync_state.hpp"
#include "catalogue/synced_dates.hpp"
#include "catalogue/value.hpp"
#include "catalogue/value_change.hpp"
#include "catalogue/year_set.hpp"

namespace kolcat::catalogue {

class Database;  // catalogue/database.hpp: the RAII sqlite3 handle

// Every catalogue failure: a one-line message fit for the user.
class CatalogueError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class OpenMode {
    read_write,
    read_only,
    // Read-only for a file this process may not write (a catalogue on a read-only share, or
    // owned by someone else): SQLite opens it `immutable`, so it needs no lock and no -wal or
    // -shm file next to it. Only safe while no sync writes the file.
    read_only_immutable
};

struct CatalogueCounts {
    std::int64_t kpis = 0;  // present in Kolada's catalogue (retired ones not counted)
    std::int64_t retired_kpis = 0;
    std::int64_t municipalities = 0;
    std::int64_t municipality_groups = 0;
    std::int64_t kpi_groups = 0;
    std::int64_t values = 0;
    std::int64_t kpis_with_values = 0;
    std::int64_t units_with_values = 0;
    std::optional<int> first_period;
    std::optional<int> last_period;
};

enum class SearchHitKind { kpi, kpi_group };
const char* to_string(SearchHitKind kind);  // "kpi", "kpi_group"

struct SearchHit {
    std::string kpi;  // the key figure's id, or the KPI group's ("G2KPI148336")
    std::string title;
    std::string municipality_type;  // key figures only
    bool is_divided_by_gender = false;
    double rank = 0;  // FTS5 bm25 for key figures: lower is better; 0 for KPI groups
    SearchHitKind kind = SearchHitKind::kpi;
    int exact_words = 0;  // how many of the words typed the hit holds with the same letters
};

struct ValueQuery {
    std::vector<std::string> kpis;   // empty: all
    std::vector<std::string> units;  // empty: all
    std::optional<int> first_year;
    std::optional<int> last_year;
    std::optional<YearSet> years;  // only the years of this set, within first/last_year
};

// Which genders a unit has values for, per period (for `kolcat show`).
struct PeriodGenders {
    int period = 0;
    bool t = false;
    bool k = false;
    bool m = false;
};
struct UnitCoverage {
    std::string unit;
    std::string title;                   // the unit's or group's title; empty when unknown
    std::vector<PeriodGenders> periods;  // ascending
};

// The catalogue's meta keys (Catalogue::meta, set_meta) that the sync writes and the commands
// read.
inline constexpr const char* meta_api_url = "api_url";            // the API last synced from
inline constexpr const char* meta_data_source = "data_source";    // "kolada" or "demo"
inline constexpr const char* meta_last_sync_at = "last_sync_at";  // ISO-8601 UTC, on success
// "<ISO-8601 UTC> <message>" of the last sync that failed, at any step (also before it could
// record a run, e.g. fetching metadata with no network); "" after a sync that succeeded.
inline constexpr const char* meta_last_sync_failure = "last_sync_failure";

class Catalogue {
  public:
    // Opens (and creates, in read_write mode) the catalogue file, then migrates its schema to
    // the current version. Throws CatalogueError with the path and the reason.
    static Catalogue open(const std::filesystem::path& path, OpenMode mode = OpenMode::read_write);

    Catalogue(Catalogue&&) noexcept;
    Catalogue& operator=(Catalogue&&) noexcept;
    ~Catalogue();

    const std::filesystem::path& path() const;
    int schema_version() const;
    Database& database();  // for the catalogue's own query modules and tests

    // --- metadata: each call replaces one whole list in one transaction ---
    // KPIs missing from the new list are kept but marked retired (values may still refer to them).
    // `fingerprint` (see metadata_fingerprint) is stored with the list in the same transaction;
    // empty forgets the stored one, so that the next sync stores the list again.
    void replace_kpis(const std::vector<Kpi>& kpis, const std::string& fingerprint = {});
    void replace_municipalities(const std::vector<Municipality>& municipalities,
                                const std::string& fingerprint = {});
    void replace_groups(GroupKind kind, const std::vector<Group>& groups,
                        const std::string& fingerprint = {});
    // The fingerprint stored with a list ("kpi", "municipality", "municipality_groups",
    // "kpi_groups": the endpoint's name), so that a sync that fetched the same list again can
    // leave the stored one, and its full-text index, untouched.
    std::optional<std::string> metadata_fingerprint(const std::string& list) const;

    std::optional<Kpi> kpi(const std::string& id) const;
    bool kpi_is_retired(const std::string& id) const;
    std::optional<Municipality> municipality(const std::string& id) const;
    std::optional<Group> group(GroupKind kind, const std::string& id) const;
    // A unit's title, whether it is a municipality, a region, Riket or a municipality group.
    std::optional<std::string> unit_title(const std::string& id) const;
    // Of the ids given, those that are not present (or retired) in the stored metadata.
    std::vector<std::string> unknown_kpis(const std::vector<std::string>& ids) const;
    std::vector<std::string> unknown_units(const std::vector<std::string>& ids) const;
    // False until a metadata sync has stored at least one KPI.
    bool has_metadata() const;
    // Every KPI id present in Kolada's catalogue (retired ones left out), sorted. For
    // `sync --all-kpis` without a fresh metadata sync. (Added by the sync engine.)
    std::vector<std::string> present_kpi_ids() const;
    // Every stored municipality, region and Riket, sorted by id. The default sync scope takes
    // the regions (type L but Riket) from it. (Added by the sync engine.)
    std::vector<Municipality> all_municipalities() const;
    // Every KPI present in Kolada's catalogue (retired ones left out), and every group of a
    // kind with its members in their stored order, sorted by id: the lists `kolcat serve` gives.
    std::vector<Kpi> present_kpis() const;
    std::vector<Group> all_groups(GroupKind kind) const;

    // --- questions ---
    // The value counts (values, key figures and units with values, periods) are exact and read
    // from counts kept with the values, not from a scan of them.
    CatalogueCounts counts() const;
    // Full-text search over KPI titles and descriptions, and over KPI group titles. Case and
    // diacritics are folded ("jamstalldhet" finds "jämställdhet"), but a hit holding more of
    // the words with the letters typed comes first ("våld" ranks "våld" above "Valdeltagande");
    // then KPI groups, then bm25. Throws CatalogueError on FTS syntax errors.
    std::vector<SearchHit> search(const std::string& text, int limit = 50) const;
    // Streams values sorted by kpi, municipality, period, then gender T, K, M.
    void for_each_value(const ValueQuery& query, const std::function<void(const Value&)>& fn) const;
    std::vector<UnitCoverage> coverage(const std::string& kpi) const;
    // Kolada's data items stored for `kpis`: per key figure and unit, the periods (of `years`;
    // empty: every year) that hold a value of any gender, as fn(kpi, unit, items), a key
    // figure's units in one run. One range read per key figure; no map of pairs is built.
    void for_each_item_count(
        const std::vector<std::string>& kpis, const std::vector<int>& years,
        const std::function<void(const std::string&, const std::string&, std::int64_t)>& fn) const;
    // The values that changed at or after `since` (Unix seconds), with the values deleted since
    // as is_deleted (no value, count or status), sorted like for_each_value. Values stored
    // before the catalogue recorded changes (an upgraded catalogue) count as changed at an
    // unknown time before deletions_known_since(): they are in the answer when `since` is
    // earlier, and the deletions before it are unknown.
    void for_each_change(const ValueQuery& query, std::int64_t since,
                         const std::function<void(const Value&)>& fn) const;
    // Since when (Unix seconds) every deletion is remembered: the schema upgrade that began
    // recording them, or the newest tombstone pruned (at most max_tombstones are kept).
    std::int64_t deletions_known_since() const;
    static constexpr std::int64_t max_tombstones = 200000;
    // The cells of for_each_change (every value stored or deleted at or after `since`, Unix
    // seconds), with what each held at `since` where known (see ValueChange), sorted by kpi,
    // unit, period and gender (T, K, M). A value published and deleted again since is deleted
    // with no old value; one revised and revised back keeps its old value as the new one.
    void for_each_value_change(const ValueQuery& query, std::int64_t since,
                               const std::function<void(const ValueChange&)>& fn) const;
    // Since when (Unix seconds) the old content of every change is remembered: the schema
    // upgrade that began recording them, or the newest one pruned (at most max_old_values).
    std::int64_t old_values_known_since() const;
    static constexpr std::int64_t max_old_values = 200000;

    // --- key/value settings: data_source ("kolada" or "demo"), api_url, ... ---
    void set_meta(const std::string& key, const std::string& value);
    std::optional<std::string> meta(const std::string& key) const;

    // --- sync state ---
    // The newest run that neither finished nor failed for good: a sync to resume. That is a
    // run still marked running (interrupted, even by kill -9) or failed (e.g. the retry budget
    // was spent), newer than the last finished run. To give a run up for good, finish it as
    // abandoned. These three see sync runs only, never repairs (RunKind::repair).
    std::optional<SyncRun> unfinished_run() const;
    // RunDetail::summary leaves segments empty (segment_count and incremental_segments are
    // always set): what a command that only reports the run needs, without reading the plan of
    // thousands of segments. A finished run keeps no segments, only their numbers (finish_run).
    std::optional<SyncRun> last_finished_run(RunDetail detail = RunDetail::whole) const;
    std::optional<SyncRun> last_run(RunDetail detail = RunDetail::whole) const;
    // The finished sync run before last_finished_run(): the start of "since the last sync".
    std::optional<SyncRun> previous_finished_run() const;
    // Stores a new run and its whole plan in one transaction; returns it with its id set.
    SyncRun begin_run(SyncRun run);
    // Stores one page of a segment in one transaction, together with the segment's progress:
    //  - values with is_deleted are removed, the others inserted or replaced;
    //  - next_url set: the segment continues there after an interruption;
    //  - next_url empty: the segment is done. When the segment has no from_date (a full fetch),
    //    values in its scope (kpis x units x years) that no page of this run delivered are
    //    removed. When it has no year restriction and the run is a sync (not a repair), its
    //    (kpi, unit) pairs are recorded as synced at the run's start date (see synced_dates).
    //    A segment with an open list (a change check) is recorded for its key figures and those
    //    of its units that are in the run's scope, when the run's scope names no years.
    // The run's requests become requests_so_far and its values_written grows by the values
    // stored or deleted (swept ones included). A failed run that gets a page is running again.
    // Throws CatalogueError, with nothing stored, when the run has no such segment or a write
    // fails (disk full, ...).
    void commit_page(std::int64_t run_id, int seq, const std::vector<Value>& values,
                     const std::optional<std::string>& next_url, std::int64_t requests_so_far);
    // Finishing a run also drops the synced-pair blocks that newer ones supersede
    // (synced_blocks.hpp) and prunes the sync history to the newest kept_runs runs (never a run
    // that is running or could be resumed; see prune_sync_history in catalogue_sync.cpp).
    static constexpr std::int64_t kept_runs = 20;
    // Adds segments to a run's plan and records `vouched` (kpi, unit) pairs as synced at the
    // run's start date (a block per list of key figures and the units that share it), in one
    // transaction: the group refetches an incremental run's change checks call for, and the
    // group pairs those checks found unchanged (change_check.hpp in sync/kolada).
    void extend_run(std::int64_t run_id, const std::vector<SyncSegment>& segments,
                    const std::vector<std::pair<std::string, std::string>>& vouched);
    void finish_run(std::int64_t run_id, RunStatus status, const std::string& finished_at,
                    const std::vector<std::string>& missing_ids,
                    const std::optional<std::string>& error, std::int64_t requests);
    // Every (kpi, unit) pair that completed a sync over every year, sorted. Takes about 64 bytes
    // a pair (120 MB for a full mirror's 1.9 M): commands read synced_rectangles instead.
    std::vector<std::pair<std::string, std::string>> synced_pairs() const;
    // The same pairs as the rectangles the catalogue records them in (synced_blocks.hpp), without
    // their dates: every pair of kpis x units completed a sync over every year. Rectangles may
    // overlap; their union is synced_pairs(). Ids sorted in each list, neither list empty, in the
    // order written. A few rectangles for a full mirror: what `kolcat verify` plans from.
    struct SyncedRectangle {
        std::vector<std::string> kpis;
        std::vector<std::string> units;
        bool operator==(const SyncedRectangle&) const = default;
    };
    std::vector<SyncedRectangle> synced_rectangles() const;
    // How many pairs synced_pairs() holds, and their key figures and units (sorted ids), without
    // listing the pairs themselves (1.9 M on a full mirror): what a status shows.
    struct SyncedExtent {
        std::int64_t pairs = 0;
        std::vector<std::string> kpis;
        std::vector<std::string> units;
    };
    SyncedExtent synced_extent() const;
    // When each (kpi, unit) pair of kpis x units last completed a sync over every year, as
    // "YYYY-MM-DD" (synced_dates.hpp).
    SyncedDates synced_dates(const std::vector<std::string>& kpis,
                             const std::vector<std::string>& units) const;
    // Forgets when the units' pairs were synced. For municipality groups whose members changed:
    // Kolada computes a group's values on request, so until the next sync fetches the group
    // whole (every sync does, see plan_sync), no date vouches for the old members' means.
    void forget_synced_units(const std::vector<std::string>& units);
    // Of the pairs kpis x units, those the catalogue never synced, sorted by kpi then unit: no
    // sync over every year recorded the pair, and no value of it is stored (a sync limited to
    // some years stores values without recording the pair). A pair that was synced and has no
    // values is not listed: for it Kolada has no value. Neither is a pair the metadata rules out
    // (a municipal key figure and a region: see pair_types.hpp). Ids are compared as given.
    std::vector<std::pair<std::string, std::string>> never_synced_pairs(
        const std::vector<std::string>& kpis, const std::vector<std::string>& units) const;
    // Every unit some pair was synced for, sorted: the units the catalogue keeps.
    std::vector<std::string> synced_units() const;

  private:
    struct Impl;
    explicit Catalogue(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// True when the catalogue holds the offline demo server's made-up data, not Kolada's.
bool holds_demo_data(const Catalogue& catalogue);

}  // namespace kolcat::catalogue
