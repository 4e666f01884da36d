#include "cli/indicators_access.hpp"

#include <cstdlib>

namespace kolcat::cli {

std::filesystem::path indicators_dir() {
    if (const char* env = std::getenv("KOLCAT_INDICATORS_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    return KOLCAT_INDICATORS_DIR;
}

IndicatorSet load_curated_indicators() {
    return load_indicators(indicators_dir(), local_indicators_file());
}

}  // namespace kolcat::cli
