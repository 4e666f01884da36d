#pragma once
// One sync per catalogue at a time. Two syncs writing the same file would not corrupt it
// (SQLite serialises writers), but their plans and resume points would interleave; the second
// one waits (--wait) or refuses with a clear message.

#include <QLockFile>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

namespace kolcat::cli {

class SyncLock {
  public:
    // Takes the lock "<catalogue>.lock", or throws CatalogueError naming the process that
    // holds it. With wait, blocks until it is free. A lock left by a killed process is taken
    // over (QLockFile checks whether its process still lives; a lock file left empty by a sync
    // killed as it created it is removed once it is a second old and nobody holds it).
    SyncLock(const std::filesystem::path& catalogue, bool wait);

  private:
    std::unique_ptr<QLockFile> lock_;
};

// The sync that holds a catalogue's lock right now.
struct RunningSync {
    std::int64_t pid = 0;
    std::chrono::system_clock::time_point since;  // when it took the lock
};

// The live holder of "<catalogue>.lock", or nullopt when no process holds it: none, or a lock
// file left by a killed sync. Takes nothing: a sync starting meanwhile is not disturbed.
std::optional<RunningSync> running_sync(const std::filesystem::path& catalogue);

}  // namespace kolcat::cli
