#pragma once
// What a running sync tells its caller. The engine only reports; the CLI decides how (and
// whether: not on a non-TTY, not with --quiet) to render it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace kolcat::sync {

enum class SyncPhase {
    metadata,  // fetching the metadata lists
    data,      // fetching the values, segment by segment
    finished,  // the run is complete
};

struct SyncProgress {
    SyncPhase phase = SyncPhase::metadata;
    std::string detail;             // metadata: the list being fetched ("kpi", ...)
    std::int64_t requests = 0;      // HTTP requests in this sync so far, retries included
    std::int64_t values = 0;        // gender-level values received in this sync so far
    std::int64_t pages = 0;         // pages received in this sync so far
    std::size_t segments_done = 0;  // of the run, including those done before a resume
    std::size_t segments_total = 0;
    std::optional<double> eta_seconds;  // data phase, once a segment has been finished
};

using ProgressCallback = std::function<void(const SyncProgress&)>;

// Estimates the time left from the pace of the segments finished in this process: segments of
// one plan are alike in size (up to 25 x 25 ids), so their mean duration is a fair guess.
class EtaEstimator {
  public:
    using TimePoint = std::chrono::system_clock::time_point;

    // `already_done` segments were finished before `start` (a resumed run): they don't count
    // towards the pace.
    EtaEstimator(TimePoint start, std::size_t already_done, std::size_t total);
    // Seconds left when `done` segments of the total are finished at `now`; nullopt until one
    // segment has been finished in this process, or when time did not advance.
    std::optional<double> seconds_left(TimePoint now, std::size_t done) const;

  private:
    TimePoint start_;
    std::size_t already_done_;
    std::size_t total_;
};

}  // namespace kolcat::sync
