#pragma once
// Opening the catalogue the way commands need it: readers never create an empty file by
// mistake, writers create the folder, and demo data always announces itself.

#include <filesystem>

#include "catalogue/catalogue.hpp"

namespace kolcat::cli {

// For commands that only read. Throws CatalogueError with a hint when there is no catalogue.
Catalogue open_for_reading(const std::filesystem::path& path);
// For commands that use the curated indicators: opens for reading, then refreshes the
// catalogue's copy of the curated set when the files changed since it was stored (cheap: a
// fingerprint comparison), so every command sees the files as they are now.
Catalogue open_with_indicators(const std::filesystem::path& path);
// Creates the folder that will hold the catalogue (and its lock file) when missing.
void create_catalogue_folder(const std::filesystem::path& path);
// For sync: creates the catalogue (and its folder) when missing.
Catalogue open_for_writing(const std::filesystem::path& path);

// Prints a loud warning to stderr when the catalogue holds the offline demo server's data,
// so that demo numbers are never mistaken for Kolada's.
void warn_if_demo_data(const Catalogue& catalogue);
bool holds_demo_data(const Catalogue& catalogue);

}  // namespace kolcat::cli
