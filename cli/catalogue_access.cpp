#include "cli/catalogue_access.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <system_error>

#include "catalogue/migrations.hpp"
#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "cli/indicators_access.hpp"
#include "cli/output/time_text.hpp"
#include "curated/indicators_store.hpp"
#include "sync/kolada/sync_engine.hpp"

namespace kolcat::cli {
namespace {

// Every SQLite database file starts with these 16 bytes; an empty file is an empty database.
void require_sqlite_file(const std::filesystem::path& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw catalogue::CatalogueError(path.string() +
                                        " is a folder, not a catalogue file: point --catalogue or "
                                        "KOLCAT_CATALOGUE at a file, e.g. " +
                                        (path / "catalogue.sqlite").string());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw catalogue::CatalogueError("cannot read the catalogue " + path.string() +
                                        ": check its permissions");
    }
    static constexpr char header[] = "SQLite format 3";  // and a NUL: 16 bytes
    char start[sizeof header] = {};
    in.read(start, sizeof start);
    if (in.gcount() == 0) {
        return;
    }
    if (in.gcount() != sizeof start ||
        std::string_view(start, sizeof start) != std::string_view(header, sizeof header)) {
        throw catalogue::CatalogueError(
            path.string() +
            " is not a kolcat catalogue (not an SQLite file): check --catalogue "
            "or KOLCAT_CATALOGUE");
    }
}

// SQLite writes the -wal and -shm files next to the catalogue, so both the file and its folder
// must be writable for a normal (WAL) reader.
bool can_write(const std::filesystem::path& path) {
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
    return ::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
}

// The checks before opening an existing catalogue; read_only: this process may not write it.
void open_existing_checks(const std::filesystem::path& path, bool& read_only) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        throw catalogue::CatalogueError(
            "no catalogue at " + path.string() +
            ": run 'kolcat sync' first, or point --catalogue or KOLCAT_CATALOGUE "
            "at one");
    }
    require_sqlite_file(path);
    read_only = !can_write(path);
}

// An upgrade may rebuild the values (schema 11 repacks them): on a large catalogue that takes
// a while, once, and the user should know why the command is silent.
void announce_upgrade(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error) || std::filesystem::file_size(path, error) == 0) {
        return;
    }
    std::int64_t version = 0;
    try {
        version = catalogue::Database(path, SQLITE_OPEN_READONLY).query_int("PRAGMA user_version");
    } catch (const catalogue::CatalogueError&) {
        return;  // opening it says what is wrong
    }
    if (version > 0 && version < catalogue::current_schema_version()) {
        write_stderr_line("kolcat: upgrading the catalogue " + path.string() + " from schema " +
                          std::to_string(version) + " to " +
                          std::to_string(catalogue::current_schema_version()) +
                          " (once; a large catalogue takes a minute)");
    }
}

catalogue::Catalogue open_existing(const std::filesystem::path& path, bool& read_only) {
    open_existing_checks(path, read_only);
    if (!read_only) {
        announce_upgrade(path);
    }
    // Read-write when allowed, so that an older catalogue is migrated; SQLite's WAL lets this
    // reader work while a sync writes.
    return catalogue::Catalogue::open(path, read_only ? catalogue::OpenMode::read_only_immutable
                                                      : catalogue::OpenMode::read_write);
}

}  // namespace

catalogue::Catalogue open_for_reading(const std::filesystem::path& path) {
    bool read_only = false;
    return open_existing(path, read_only);
}

catalogue::Catalogue open_read_only(const std::filesystem::path& path) {
    bool read_only = false;
    open_existing_checks(path, read_only);
    return catalogue::Catalogue::open(path, read_only ? catalogue::OpenMode::read_only_immutable
                                                      : catalogue::OpenMode::read_only);
}

namespace {

// Opens the catalogue, then loads the curated set into `set` and refreshes the stored copy.
catalogue::Catalogue open_loading_set(const std::filesystem::path& path,
                                      curated::IndicatorSet& set) {
    bool read_only = false;
    catalogue::Catalogue catalogue = open_existing(path, read_only);
    set = load_curated_indicators();
    if (!read_only) {
        curated::store_indicators_if_changed(catalogue, set);
    } else if (curated::stored_indicators_fingerprint(catalogue) != set.fingerprint) {
        write_stderr_line(
            "kolcat: note: the catalogue is read-only, so it keeps the curated key figures it "
            "was last given; the files in indicators/ (or your local file) differ from them");
    }
    return catalogue;
}

}  // namespace

catalogue::Catalogue open_with_indicators(const std::filesystem::path& path) {
    curated::IndicatorSet set;
    return open_loading_set(path, set);
}

void create_catalogue_folder(const std::filesystem::path& path) {
    if (path.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            throw catalogue::CatalogueError("cannot create the folder " +
                                            path.parent_path().string() + ": " + error.message());
        }
    }
}

catalogue::Catalogue open_for_writing(const std::filesystem::path& path) {
    create_catalogue_folder(path);
    announce_upgrade(path);
    return catalogue::Catalogue::open(path, catalogue::OpenMode::read_write);
}

void require_known(const catalogue::Catalogue& catalogue, const std::vector<std::string>& kpis,
                   const std::vector<std::string>& units) {
    for (const auto& id : kpis) {
        if (!catalogue.kpi(id)) {
            throw NotFoundError("key figure " + id +
                                " is not in the catalogue (try 'kolcat search')");
        }
    }
    for (const auto& id : units) {
        if (!catalogue.unit_title(id)) {
            throw NotFoundError("unit " + id +
                                " is not in the catalogue: not a municipality, region, Riket or "
                                "municipality group");
        }
    }
}

void require_synced(const catalogue::Catalogue& catalogue) {
    if (catalogue.has_metadata()) {
        return;
    }
    std::string message =
        "the catalogue " + catalogue.path().string() + " holds no Kolada data yet";
    const std::string failure = catalogue.meta(catalogue::meta_last_sync_failure).value_or("");
    const auto last = catalogue.last_run(catalogue::RunDetail::summary);
    if (!failure.empty()) {
        message += " (the last sync failed at " + failure + ")";
    } else if (last && last->error) {
        message += " (the last sync failed: " + *last->error + ")";
    }
    throw catalogue::CatalogueError(message + ": run 'kolcat sync' first");
}

std::optional<std::string> data_age_note(const catalogue::Catalogue& catalogue) {
    const auto run = catalogue.last_finished_run(catalogue::RunDetail::summary);
    if (!run || !run->finished_at) {
        return std::nullopt;
    }
    const std::string& stamp = *run->finished_at;
    // "2026-11-26T17:20:01Z" reads as "2026-11-26 17:20 UTC".
    std::string when =
        stamp.size() >= 16 ? stamp.substr(0, 10) + " " + stamp.substr(11, 5) + " UTC" : stamp;
    if (const auto finished = parse_utc_timestamp(stamp)) {
        const auto now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        if (const auto age = now - *finished; age.count() >= 0) {
            when += " (" + describe_age(age) + " ago)";
        }
    }
    // Demo data must never pass for Kolada's, not even in a footer.
    return "Data synced " + when +
           (catalogue::holds_demo_data(catalogue) ? ". DEMO data: made up, not from Kolada."
                                                  : ". Källa: Kolada.");
}

catalogue::Catalogue open_synced(const std::filesystem::path& path, CuratedCopy curated) {
    catalogue::Catalogue catalogue =
        curated == CuratedCopy::refresh ? open_with_indicators(path) : open_for_reading(path);
    warn_if_demo_data(catalogue);
    require_synced(catalogue);
    return catalogue;
}

catalogue::Catalogue open_synced(const std::filesystem::path& path,
                                 curated::IndicatorSet& indicators) {
    catalogue::Catalogue catalogue = open_loading_set(path, indicators);
    warn_if_demo_data(catalogue);
    require_synced(catalogue);
    return catalogue;
}

bool unit_may_exist(const catalogue::Catalogue& catalogue, const std::string& id) {
    return catalogue.all_municipalities().empty() || catalogue.unit_title(id).has_value();
}

std::optional<std::string> catalogue_argument(const CommandLine& command_line) {
    return command_line.value("catalogue");
}

void warn_if_demo_data(const catalogue::Catalogue& catalogue) {
    if (catalogue::holds_demo_data(catalogue)) {
        write_stderr_line(
            "WARNING: DEMO DATA. This catalogue was filled from kolcat's offline demo server, "
            "not from Kolada. Its numbers are made up; do not use them.");
    }
}

}  // namespace kolcat::cli
