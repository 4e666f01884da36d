#pragma once
// Where kolcat finds the user's files when no option names them: the only code that reads
// HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, KOLCAT_CATALOGUE and
// KOLCAT_LOCAL_INDICATORS. It follows the XDG Base Directory
// specification: XDG_DATA_HOME and XDG_CONFIG_HOME count only when they are absolute paths (a
// relative one is invalid and ignored), and default to $HOME/.local/share and $HOME/.config.
// A HOME that is unset, empty or relative gives no default: kolcat then asks for a path instead
// of guessing one (such as "/.local/share" or a folder relative to wherever it runs).
// QStandardPaths does not keep these rules (Qt 6.4 returns a relative XDG_DATA_HOME as it is and
// makes "//.local/share" of an empty HOME), so the user's folders are worked out here; the
// system's data folders (XDG_DATA_DIRS) come from QStandardPaths (cli/curated_location.cpp).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace kolcat::cli {

// Reads one environment variable; injected so that tests need not touch the process's own.
using GetEnv = std::function<std::optional<std::string>(const char* name)>;
// The process environment.
GetEnv process_environment();

// $XDG_DATA_HOME, else $HOME/.local/share; nullopt when neither is usable.
std::optional<std::filesystem::path> data_home(const GetEnv& getenv);
// $XDG_CONFIG_HOME, else $HOME/.config; nullopt when neither is usable.
std::optional<std::filesystem::path> config_home(const GetEnv& getenv);

// $KOLCAT_CATALOGUE when set, else <data home>/kolcat/catalogue.sqlite; nullopt when neither.
std::optional<std::filesystem::path> default_catalogue_file(const GetEnv& getenv);
// <data home>/kolcat/demo-catalogue.sqlite: where the main job keeps demo data, apart from
// Kolada's.
std::optional<std::filesystem::path> demo_catalogue_file(const GetEnv& getenv);
// <config home>/kolcat/indicators.local.json, whether it exists or not.
std::optional<std::filesystem::path> default_local_indicators_file(const GetEnv& getenv);

// The user's local file: $KOLCAT_LOCAL_INDICATORS when set (it must then exist), otherwise
// $XDG_CONFIG_HOME/kolcat/indicators.local.json (XDG_CONFIG_HOME defaulting to $HOME/.config)
// when that file exists, otherwise none (see default_local_indicators_file). getenv is injected so
// tests need not touch the process environment. Throws IndicatorsError when KOLCAT_LOCAL_INDICATORS
// names no file.
std::optional<std::filesystem::path> local_indicators_file(const GetEnv& getenv);
// The same, reading the process environment.
std::optional<std::filesystem::path> local_indicators_file();

}  // namespace kolcat::cli
