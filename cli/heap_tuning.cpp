#include "cli/heap_tuning.hpp"

#include <malloc.h>

namespace kolcat::cli {

namespace {

// Large enough for a page of values (15 000 values) and SQLite's caches; small against the
// 150 MB memory budget of a sync.
constexpr int kTrimThreshold = 16 * 1024 * 1024;
constexpr int kMmapThreshold = 16 * 1024 * 1024;

}  // namespace

void keep_freed_memory_for_reuse() {
    // Setting either turns off glibc's own adjustment of both; a failure leaves the defaults,
    // which are only slower.
    mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
    mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
}

}  // namespace kolcat::cli
