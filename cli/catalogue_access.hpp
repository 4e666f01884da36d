#pragma once
// Opening the catalogue the way commands need it: readers never create an empty file by
// mistake, writers create the folder, and demo data always announces itself.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"

namespace kolcat::cli {

class CommandLine;

// For commands that only read. Throws CatalogueError with a hint when there is no catalogue,
// when the path is a folder or not an SQLite file. A catalogue this process may not write (a
// read-only share, another user's file) is opened read-only, so a meeting can still use it.
catalogue::Catalogue open_for_reading(const std::filesystem::path& path);
// For commands that promise to write nothing (kolcat verify): like open_for_reading, but always
// read-only, so that not even a schema upgrade touches the file (an older catalogue is refused
// with the advice to open it once for writing).
catalogue::Catalogue open_read_only(const std::filesystem::path& path);
// For commands that use the curated indicators: opens for reading, then refreshes the
// catalogue's copy of the curated set when the files changed since it was stored (cheap: a
// fingerprint comparison), so every command sees the files as they are now. A read-only
// catalogue keeps the copy it has, and a note says so when the files differ.
catalogue::Catalogue open_with_indicators(const std::filesystem::path& path);
// Creates the folder that will hold the catalogue (and its lock file) when missing.
void create_catalogue_folder(const std::filesystem::path& path);
// For sync: creates the catalogue (and its folder) when missing.
catalogue::Catalogue open_for_writing(const std::filesystem::path& path);

// Throws NotFoundError for the first key figure or unit the catalogue does not know.
void require_known(const catalogue::Catalogue& catalogue, const std::vector<std::string>& kpis,
                   const std::vector<std::string>& units);
// For commands that answer from the synced data: throws CatalogueError saying what to do when
// no sync has stored Kolada's metadata yet, instead of answering with empty tables.
void require_synced(const catalogue::Catalogue& catalogue);

// The preamble of every command that answers from the synced data: opens the catalogue for
// reading (with CuratedCopy::refresh as open_with_indicators does), warns when it holds demo
// data, and requires a sync.
enum class CuratedCopy { keep, refresh };
catalogue::Catalogue open_synced(const std::filesystem::path& path, CuratedCopy curated);
// The same with CuratedCopy::refresh, handing over the curated set it loaded (for what only
// the files hold, such as the local notes), so that it is read once.
catalogue::Catalogue open_synced(const std::filesystem::path& path,
                                 curated::IndicatorSet& indicators);

// Whether the catalogue may hold `id`: false only when it holds the units' metadata and `id`
// is not among them (before the first metadata sync nothing contradicts an id).
bool unit_may_exist(const catalogue::Catalogue& catalogue, const std::string& id);

// "Data synced 2026-11-26 17:20 UTC (3 days ago). Källa: Kolada." for the end of a human
// readable answer, so that offline users see how old the numbers are; nullopt when no sync
// has finished.
std::optional<std::string> data_age_note(const catalogue::Catalogue& catalogue);

// Prints a loud warning to stderr when the catalogue holds the offline demo server's data,
// so that demo numbers are never mistaken for Kolada's.
void warn_if_demo_data(const catalogue::Catalogue& catalogue);

// The --catalogue the user gave, if any, for NotSynced's commands.
std::optional<std::string> catalogue_argument(const CommandLine& command_line);

}  // namespace kolcat::cli
