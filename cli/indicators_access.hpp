#pragma once
// Where the curated indicators come from: the curated set that curated_location.hpp finds (or
// $KOLCAT_INDICATORS_DIR), plus the user's local file.

#include <filesystem>

#include "cli/user_paths.hpp"
#include "curated/indicators.hpp"

namespace kolcat::cli {

// The curated set's folder; throws IndicatorsReadError when there is none.
std::filesystem::path indicators_dir();
// Loads the project's files and the user's local file. Throws IndicatorsError.
curated::IndicatorSet load_curated_indicators();

}  // namespace kolcat::cli
