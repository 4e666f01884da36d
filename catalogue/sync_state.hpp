#pragma once
// The resumable state of a sync, stored in the catalogue next to the data it describes, so that
// a page of values and the record of having fetched it land in the same transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::catalogue {

// What a sync asks for.
struct SyncScope {
    std::vector<std::string> kpis;
    std::vector<std::string> units;  // municipalities, regions, Riket and municipality groups
    std::vector<int> years;          // empty: every year
    bool operator==(const SyncScope&) const = default;
};

// Which list a request leaves out of its URL, to cover every id of that dimension at Kolada
// (the change checks of an incremental sync, sync/kolada/change_check.hpp). The list left out
// still holds the scope's ids the segment stands for: only values of those are stored, and
// only those pairs are recorded as synced.
enum class OpenList { none, kpis, units };

// One planned request: at most 25 ids in each list, as the API demands (a list left out of
// the URL, `open`, may hold more).
struct SyncSegment {
    int seq = 0;  // position in the plan, from 0
    std::vector<std::string> kpis;
    std::vector<std::string> units;
    std::vector<int> years;                 // empty: every year
    std::optional<std::string> from_date;   // "YYYY-MM-DD": only changes since then (incremental)
    std::optional<std::string> resume_url;  // the next page still to fetch, after an interruption
    bool done = false;
    OpenList open = OpenList::none;
};

enum class RunStatus { running, finished, failed, abandoned };
// "running", "finished", "failed", "abandoned": as stored in the catalogue.
std::string_view to_string(RunStatus status);

// Why a run was made. A repair (kolcat verify --repair) fetches some segments whole again; it is
// never resumed, and it is not what "the last sync" means.
enum class RunKind { sync, repair };
// "sync", "repair": as stored in the catalogue.
std::string_view to_string(RunKind kind);

// How much of a run Catalogue::last_run and last_finished_run read.
enum class RunDetail { whole, summary };

struct SyncRun {
    std::int64_t id = 0;
    RunKind kind = RunKind::sync;
    std::string started_at;  // ISO-8601 UTC, "2026-11-26T13:38:54Z"
    std::optional<std::string> finished_at;
    RunStatus status = RunStatus::running;
    std::string api_url;
    SyncScope scope;
    bool full = false;  // a full refresh: values absent from the answers are removed
    std::vector<SyncSegment> segments;
    std::int64_t segment_count = 0;         // as stored, also when segments were not read
    std::int64_t incremental_segments = 0;  // of those, segments with a from_date
    std::int64_t requests = 0;              // HTTP requests made, retries included
    std::int64_t values_written = 0;        // gender-level values stored or deleted
    std::vector<std::string> missing_ids;   // asked for, but unknown to Kolada (e.g. retired)
    std::optional<std::string> error;       // why it failed
};

}  // namespace kolcat::catalogue
