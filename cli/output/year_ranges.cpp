#include "cli/output/year_ranges.hpp"

namespace kolcat::cli {

std::string compress_years(const std::vector<int>& years) {
    std::string out;
    for (std::size_t i = 0; i < years.size();) {
        std::size_t j = i;
        while (j + 1 < years.size() && years[j + 1] == years[j] + 1) {
            ++j;
        }
        if (!out.empty()) {
            out += ", ";
        }
        out += std::to_string(years[i]);
        if (j > i) {
            out += "-" + std::to_string(years[j]);
        }
        i = j + 1;
    }
    return out;
}

}  // namespace kolcat::cli
