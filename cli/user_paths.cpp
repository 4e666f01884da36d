#include "cli/user_paths.hpp"

#include <cstdlib>

#include "curated/indicators.hpp"

namespace kolcat::cli {
namespace {

// An environment variable that names an absolute path, or nullopt.
std::optional<std::filesystem::path> absolute_path(const GetEnv& getenv, const char* name) {
    const auto value = getenv(name);
    if (!value || value->empty()) {
        return std::nullopt;
    }
    std::filesystem::path path(*value);
    if (!path.is_absolute()) {
        return std::nullopt;
    }
    return path;
}

std::optional<std::filesystem::path> xdg_home(const GetEnv& getenv, const char* name,
                                              const char* below_home) {
    if (auto xdg = absolute_path(getenv, name)) {
        return xdg;
    }
    if (const auto home = absolute_path(getenv, "HOME")) {
        return *home / below_home;
    }
    return std::nullopt;
}

}  // namespace

GetEnv process_environment() {
    return [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
    };
}

std::optional<std::filesystem::path> data_home(const GetEnv& getenv) {
    return xdg_home(getenv, "XDG_DATA_HOME", ".local/share");
}

std::optional<std::filesystem::path> config_home(const GetEnv& getenv) {
    return xdg_home(getenv, "XDG_CONFIG_HOME", ".config");
}

std::optional<std::filesystem::path> default_catalogue_file(const GetEnv& getenv) {
    if (const auto named = getenv("KOLCAT_CATALOGUE"); named && !named->empty()) {
        return std::filesystem::path(*named);
    }
    if (const auto data = data_home(getenv)) {
        return *data / "kolcat" / "catalogue.sqlite";
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> demo_catalogue_file(const GetEnv& getenv) {
    if (const auto data = data_home(getenv)) {
        return *data / "kolcat" / "demo-catalogue.sqlite";
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> default_local_indicators_file(const GetEnv& getenv) {
    if (const auto config = config_home(getenv)) {
        return *config / "kolcat" / "indicators.local.json";
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> local_indicators_file(const GetEnv& getenv) {
    if (const auto named = getenv("KOLCAT_LOCAL_INDICATORS"); named && !named->empty()) {
        const std::filesystem::path path(*named);
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            throw curated::IndicatorsReadError("KOLCAT_LOCAL_INDICATORS names " + path.string() +
                                               ", which is not a readable file");
        }
        return path;
    }
    const auto path = default_local_indicators_file(getenv);
    std::error_code error;
    if (path && std::filesystem::exists(*path, error)) {
        return path;
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> local_indicators_file() {
    return local_indicators_file(process_environment());
}

}  // namespace kolcat::cli
