#pragma once
// How the C library's allocator hands memory back to the system during a sync.

namespace kolcat::cli {

// Keeps freed heap memory in the process instead of returning it to the system at every free.
// A sync frees and allocates the same sizes over and over: pages of values, SQLite's page
// caches (one per temporary b-tree, e.g. for each CHECK ... IN list of a row inserted).
// glibc trims the top of the heap whenever 128 KiB are free there and maps blocks of 128 KiB
// and more on their own, so each such cycle cost a brk or munmap, a TLB flush and page faults
// on the next touch (about 8 % of a fresh sync's CPU, perf). Peak RSS is what was in use at
// once plus at most these thresholds.
void keep_freed_memory_for_reuse();

}  // namespace kolcat::cli
