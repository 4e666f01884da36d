#pragma once
// The sync: metadata, scope, plan, then the data pages, each committed to the catalogue with the
// record of having fetched it, so that a killed sync loses at most the page in flight and the
// next sync resumes where it stopped.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "sync/http/json_fetcher.hpp"
#include "sync/kolada/metadata_sync.hpp"
#include "sync/kolada/pager.hpp"
#include "sync/kolada/planner.hpp"
#include "sync/kolada/progress.hpp"
#include "sync/kolada/request_floor.hpp"
#include "sync/kolada/scope.hpp"

namespace kolcat::sync {

inline constexpr const char* default_api_url = "https://api.kolada.se/v3";

// The answer header by which the bundled demo server marks its data.
inline constexpr const char* demo_header = "X-Kolcat-Demo";

struct SyncOptions {
    std::string api_url = default_api_url;  // base URL, e.g. "https://api.kolada.se/v3"
    ScopeRequest scope;                     // see default_scope_request()
    bool full = false;                      // --full: no from_date, absent values removed
    int per_page = max_per_page;
    // The wall clock. Injected so that tests can move time (incremental syncs, ETA).
    std::function<std::chrono::system_clock::time_point()> now = [] {
        return std::chrono::system_clock::now();
    };
    ProgressCallback progress;  // may be empty
    // Use the stored metadata instead of fetching it (it must have been synced before).
    bool skip_metadata = false;
    // Never resume an unfinished run: abandon it and plan afresh (its finished pages stay).
    // The way out when a run keeps failing on the same answer.
    bool restart = false;
    // The caller knows the server serves demo data (besides the X-Kolcat-Demo header).
    bool demo_data = false;
    std::size_t max_pages_per_request = default_max_pages;
    // SyncReport::floor, for the summary. Counting it reads every stored item of the scope
    // (a tenth of a second per 700 000 values), so a caller that shows no summary skips it.
    bool count_floor = true;
};

struct SyncReport {
    std::int64_t run_id = 0;
    bool resumed = false;  // continued an interrupted or failed run with the same scope
    // An unfinished run with another scope (or API, or a --full it lacked) that this sync gave
    // up; its finished pages stay stored.
    std::optional<std::int64_t> abandoned_run_id;
    std::optional<MetadataCounts> metadata;  // nullopt when skipped
    catalogue::SyncScope scope;
    std::vector<std::string> missing_ids;  // asked for, unknown to Kolada (e.g. retired)
    std::size_t segments_total = 0;
    std::size_t segments_already_done = 0;  // finished before a resume: not fetched again
    std::size_t segments_fetched = 0;
    std::size_t segments_incremental = 0;  // of the plan, those with a from_date
    std::int64_t pages = 0;
    std::int64_t values_received = 0;    // gender-level values, deletions included
    std::int64_t requests = 0;           // HTTP requests of this process, retries included
    std::int64_t metadata_requests = 0;  // of `requests`, those of the metadata sync
    std::int64_t bytes = 0;              // bodies received by this process (decoded)
    // The scope's data items and its request floor, counted from the catalogue once the run
    // has finished (request_floor.hpp); nullopt when not counted (a repair, or
    // SyncOptions::count_floor false).
    std::optional<PlanEstimate> floor;
    std::string data_source;  // "kolada" or "demo"
    std::string started_at;   // of the run (a resumed run keeps its start)
    std::string finished_at;
};

// Runs (or resumes) a sync. Steps:
//  1. metadata sync, unless skipped (also on a resume: it costs about five requests and makes the
//     scope resolve exactly as a fresh run would, so the comparison below is meaningful);
//  2. resolve the scope; ids Kolada does not know are reported in missing_ids;
//  3. if the catalogue holds an unfinished run (interrupted or failed) with the same scope, API
//     and full flag (a full run also serves a plain request), resume it: finished segments are
//     skipped, unfinished ones continue at their resume_url. Otherwise such a run is finished as
//     abandoned, and a new run is planned (incremental from Catalogue::synced_dates) and begun;
//  4. every page is committed with its resume point, then the run is finished.
// Throws SyncError when the sync cannot go on; the run is then stored as failed (a later sync
// resumes it), every page committed so far stays, and nothing partial is stored.
SyncReport run_sync(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                    const SyncOptions& options);

// Fetches the given segments whole again (their from_date and resume point are ignored) as a
// repair run (RunKind::repair), for `kolcat verify --repair`. Pages are read and committed as a
// sync's full segments are (change check included), so once a segment is done, its values that
// Kolada no longer has are gone. There is no metadata sync and no scope resolution, and an
// unfinished sync is neither resumed nor abandoned; the dates the next incremental sync starts
// from stay as they were. Of the options, the scope, full and restart are not used.
// Throws SyncError; the repair run is then stored as failed (it is never resumed), and every
// page committed so far stays.
SyncReport run_repair(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                      const SyncOptions& options, std::vector<catalogue::SyncSegment> segments);

// What run_sync would do, from the stored metadata and values, without a single request:
// `kolcat sync --dry-run`. The scope resolves as run_sync's would after its metadata sync (on
// the metadata stored now), the unfinished run it would resume is named, and the estimate
// counts the requests of the segments left (request_floor.hpp).
struct SyncPreview {
    catalogue::SyncScope scope;
    std::vector<std::string> missing_ids;
    std::optional<std::int64_t> resumed_run_id;  // the unfinished run a sync would continue
    std::vector<catalogue::SyncSegment> segments;
    PlanEstimate estimate;
    // The metadata sync's requests: a page per 5 000 stored entries of each of its four lists.
    std::int64_t metadata_requests = 0;
};
// Throws SyncError when the catalogue holds no metadata yet: without it the scope cannot be
// resolved nor the pairs' types known, and a dry run fetches nothing.
SyncPreview preview_sync(const catalogue::Catalogue& catalogue, const SyncOptions& options);

// "2026-11-26T13:38:54Z"
std::string format_utc_timestamp(std::chrono::system_clock::time_point time);

}  // namespace kolcat::sync
