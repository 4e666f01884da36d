#include "cli/curated_location.hpp"

#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <string>
#include <system_error>

#include "curated/indicators.hpp"

#ifndef KOLCAT_BUILD_DIR
#error "KOLCAT_BUILD_DIR must name the build tree"
#endif
#ifndef KOLCAT_INDICATORS_DIR
#error "KOLCAT_INDICATORS_DIR must name the source tree's indicators/"
#endif

namespace kolcat::cli {
namespace {

// Whether `path` is `folder` or lies below it (both absolute and normalised).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& folder) {
    return std::mismatch(folder.begin(), folder.end(), path.begin(), path.end()).first ==
           folder.end();
}

std::filesystem::path normalised(const std::filesystem::path& path) {
    std::error_code error;
    auto canonical = std::filesystem::weakly_canonical(path, error);
    return error ? path.lexically_normal() : canonical;
}

bool holds_curated_set(const std::filesystem::path& folder) {
    std::error_code error;
    return std::filesystem::is_regular_file(folder / "kpis.json", error);
}

}  // namespace

CuratedSearch process_curated_search(const GetEnv& getenv) {
    CuratedSearch search;
    if (const auto named = getenv("KOLCAT_INDICATORS_DIR"); named && !named->empty()) {
        search.named_dir = std::filesystem::path(*named);
    }
    // The kernel's link names the running file itself, whatever symlink or relative path
    // started it; without it (no /proc) the search goes on without the executable's folder.
    std::error_code error;
    search.executable = std::filesystem::read_symlink("/proc/self/exe", error);
    search.build_dir = KOLCAT_BUILD_DIR;
    search.source_dir = KOLCAT_INDICATORS_DIR;
    // The user's data folder by kolcat's own rules (user_paths.hpp): Qt would make one up from
    // an unset HOME ("/.local/share"). Then the system's, from $XDG_DATA_DIRS.
    if (const auto user_data = data_home(getenv)) {
        search.data_dirs.push_back(*user_data);
    }
    const QString qt_user_data =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    for (const QString& folder :
         QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation)) {
        if (folder != qt_user_data) {
            search.data_dirs.emplace_back(folder.toStdString());
        }
    }
    return search;
}

std::vector<std::filesystem::path> curated_candidates(const CuratedSearch& search) {
    if (search.named_dir) {
        return {*search.named_dir};
    }
    std::vector<std::filesystem::path> candidates;
    const auto add = [&candidates](const std::filesystem::path& folder) {
        const auto path = folder.lexically_normal();
        if (std::find(candidates.begin(), candidates.end(), path) == candidates.end()) {
            candidates.push_back(path);
        }
    };
    if (search.executable.is_absolute()) {
        if (!search.build_dir.empty() &&
            is_within(normalised(search.executable), normalised(search.build_dir))) {
            add(search.source_dir);
        }
        add(search.executable.parent_path().parent_path() / "share" / "kolcat" / "indicators");
    }
    for (const auto& data_dir : search.data_dirs) {
        if (data_dir.is_absolute()) {
            add(data_dir / "kolcat" / "indicators");
        }
    }
    return candidates;
}

std::filesystem::path locate_curated_dir(const CuratedSearch& search) {
    const auto candidates = curated_candidates(search);
    if (search.named_dir) {
        return candidates.front();  // the loader says what is wrong with it, if anything
    }
    std::string looked;
    for (const auto& candidate : candidates) {
        if (holds_curated_set(candidate)) {
            return candidate;
        }
        looked += (looked.empty() ? "" : ", ") + candidate.string();
    }
    throw curated::IndicatorsReadError("no curated indicator set found (looked for kpis.json in " +
                                       (looked.empty() ? std::string("no folder") : looked) +
                                       "); set KOLCAT_INDICATORS_DIR to the folder that holds it");
}

}  // namespace kolcat::cli
