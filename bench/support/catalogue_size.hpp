#pragma once
// The size of a catalogue as a user would find it on disk after the sync.

#include <cstdint>
#include <filesystem>

namespace kolcat::bench {

// Checkpoints the WAL into the main file (TRUNCATE empties it), then sizes main + -wal.
std::uintmax_t catalogue_bytes(const std::filesystem::path& path);

}  // namespace kolcat::bench
