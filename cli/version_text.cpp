#include "cli/version_text.hpp"

#include "cli/curated_fingerprint.hpp"
#include "curated/indicators.hpp"

namespace kolcat::cli {

std::string version_text(const CuratedSearch& search) {
    std::string text = "kolcat " KOLCAT_VERSION "\ncurated set: ";
    try {
        const auto dir = locate_curated_dir(search);
        text += curated_fingerprint(dir) + " (" + dir.string() + ")";
    } catch (const curated::IndicatorsReadError& error) {
        text += error.what();
    }
    return text + "\n";
}

}  // namespace kolcat::cli
