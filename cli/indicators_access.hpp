#pragma once
// Where the curated indicators come from: the project's indicators/ folder (or
// $KOLCAT_INDICATORS_DIR), plus the user's local file.

#include <filesystem>

#include "cli/user_paths.hpp"
#include "curated/indicators.hpp"

namespace kolcat::cli {

std::filesystem::path indicators_dir();
// Loads the project's files and the user's local file. Throws IndicatorsError.
IndicatorSet load_curated_indicators();

}  // namespace kolcat::cli
