#include "cli/indicators_access.hpp"

#include "cli/curated_location.hpp"

namespace kolcat::cli {

std::filesystem::path indicators_dir() {
    return locate_curated_dir(process_curated_search(process_environment()));
}

curated::IndicatorSet load_curated_indicators() {
    return curated::load_indicators(indicators_dir(), local_indicators_file());
}

}  // namespace kolcat::cli
