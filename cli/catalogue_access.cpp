#include "cli/catalogue_access.hpp"

#include <system_error>

#include "catalogue/indicators_store.hpp"
#include "cli/command_line.hpp"
#include "cli/indicators_access.hpp"

namespace kolcat::cli {

Catalogue open_for_reading(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        throw CatalogueError("no catalogue at " + path.string() +
                             ": run 'kolcat sync' first, or point --catalogue or KOLCAT_CATALOGUE "
                             "at one");
    }
    // Read-write, so that an older catalogue is migrated; SQLite's WAL lets this reader work
    // while a sync writes.
    return Catalogue::open(path, OpenMode::read_write);
}

Catalogue open_with_indicators(const std::filesystem::path& path) {
    Catalogue catalogue = open_for_reading(path);
    store_indicators_if_changed(catalogue, load_curated_indicators());
    return catalogue;
}

void create_catalogue_folder(const std::filesystem::path& path) {
    if (path.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            throw CatalogueError("cannot create the folder " + path.parent_path().string() + ": " +
                                 error.message());
        }
    }
}

Catalogue open_for_writing(const std::filesystem::path& path) {
    create_catalogue_folder(path);
    return Catalogue::open(path, OpenMode::read_write);
}

bool holds_demo_data(const Catalogue& catalogue) {
    return catalogue.meta("data_source").value_or("") == "demo";
}

void warn_if_demo_data(const Catalogue& catalogue) {
    if (holds_demo_data(catalogue)) {
        write_stderr_line(
            "WARNING: DEMO DATA. This catalogue was filled from kolcat's offline demo server, "
            "not from Kolada. Its numbers are made up; do not use them.");
    }
}

}  // namespace kolcat::cli
