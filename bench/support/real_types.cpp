#include "bench/support/real_types.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace kolcat::bench {

std::vector<std::string> real_types(const std::filesystem::path& kpi_json, int count) {
    std::ifstream file(kpi_json);
    const auto document = nlohmann::json::parse(file);
    const auto& values = document.at("values");
    std::vector<std::string> types;
    for (int i = 0; i < count; ++i) {
        const auto index =
            static_cast<std::size_t>(i) * values.size() / static_cast<std::size_t>(count);
        types.push_back(values.at(index).at("municipality_type").get<std::string>());
    }
    return types;
}

std::string describe_types(const std::vector<std::string>& types) {
    std::size_t k = 0;
    std::size_t l = 0;
    for (const auto& type : types) {
        k += type == "K" ? 1 : 0;
        l += type == "L" ? 1 : 0;
    }
    return std::to_string(k) + " K, " + std::to_string(l) + " L, " +
           std::to_string(types.size() - k - l) + " A";
}

}  // namespace kolcat::bench
