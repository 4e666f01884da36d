#pragma once
// Where kolcat finds the curated set (goals.json, kpis.json, region_sets.json), so that an
// installed kolcat works without the source and build trees. In order:
//  1. $KOLCAT_INDICATORS_DIR, when set: taken as it is, found or not;
//  2. the source tree's indicators/, only for a binary that runs from the build tree it was
//     compiled in (so that it reads the set of its own checkout, not an installed one);
//  3. <executable's folder>/../share/kolcat/indicators: the set installed with this binary, under
//     any prefix;
//  4. kolcat/indicators under each XDG data folder: the user's (data_home in user_paths.hpp:
//     $XDG_DATA_HOME or ~/.local/share), then QStandardPaths' GenericDataLocation for the
//     system's ($XDG_DATA_DIRS, by default /usr/local/share and /usr/share).
// A folder counts as found when it holds kpis.json.

#include <filesystem>
#include <optional>
#include <vector>

#include "cli/user_paths.hpp"

namespace kolcat::cli {

// What the look-up depends on, gathered by process_curated_search() or set by a test.
struct CuratedSearch {
    std::optional<std::filesystem::path> named_dir;  // $KOLCAT_INDICATORS_DIR
    std::filesystem::path executable;                // this program's file, symlinks resolved
    std::filesystem::path build_dir;                 // the build tree it was compiled in
    std::filesystem::path source_dir;                // the source tree's indicators/
    std::vector<std::filesystem::path> data_dirs;    // the XDG data folders, first one first
};

// This process's search: GETENV for $KOLCAT_INDICATORS_DIR and the user's data folder,
// /proc/self/exe, the paths compiled in, and QStandardPaths for the system's data folders.
CuratedSearch process_curated_search(const GetEnv& getenv);

// The folders to look in, in order, without repeats. Only the named folder when one is named.
std::vector<std::filesystem::path> curated_candidates(const CuratedSearch& search);

// The named folder, else the first candidate that holds kpis.json. Throws IndicatorsReadError,
// one line naming every folder it looked in and $KOLCAT_INDICATORS_DIR, when none does.
std::filesystem::path locate_curated_dir(const CuratedSearch& search);

}  // namespace kolcat::cli
