#include "catalogue/unit_mapping.hpp"

#include <algorithm>
#include <array>

namespace kolcat::catalogue {

namespace {

// Region id -> county group, as in Kolada's municipality_groups ("<County>s läns kommuner
// (ovägt medel)"). Verified against the March 2026 v3 lists; see the header.
constexpr std::array<County, 21> kCounties{{
    {"0001", "G33612", "Stockholm"},    {"0003", "G33613", "Uppsala"},
    {"0004", "G33614", "Södermanland"}, {"0005", "G33615", "Östergötland"},
    {"0006", "G33616", "Jönköping"},    {"0007", "G33617", "Kronoberg"},
    {"0008", "G33618", "Kalmar"},       {"0009", "G33619", "Gotland"},
    {"0010", "G33620", "Blekinge"},     {"0012", "G33621", "Skåne"},
    {"0013", "G33622", "Halland"},      {"0014", "G33623", "Västra Götaland"},
    {"0017", "G33624", "Värmland"},     {"0018", "G33625", "Örebro"},
    {"0019", "G33626", "Västmanland"},  {"0020", "G33627", "Dalarna"},
    {"0021", "G33628", "Gävleborg"},    {"0022", "G33629", "Västernorrland"},
    {"0023", "G33630", "Jämtland"},     {"0024", "G33631", "Västerbotten"},
    {"0025", "G33632", "Norrbotten"},
}};

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::span<const County> counties() {
    return kCounties;
}

const County* county_of_region(std::string_view region_id) {
    const auto found = std::find_if(kCounties.begin(), kCounties.end(),
                                    [&](const County& c) { return c.region == region_id; });
    return found == kCounties.end() ? nullptr : &*found;
}

const County* county_of_group(std::string_view group_id) {
    const auto found = std::find_if(kCounties.begin(), kCounties.end(),
                                    [&](const County& c) { return c.group == group_id; });
    return found == kCounties.end() ? nullptr : &*found;
}

bool is_region_id(std::string_view id) {
    return id.size() == 4 && id.substr(0, 2) == "00" && all_digits(id) && id != kRiketId;
}

std::optional<std::string> county_code_of_municipality(std::string_view id) {
    if (id.size() != 4 || !all_digits(id) || id.substr(0, 2) == "00") {
        return std::nullopt;
    }
    return std::string(id.substr(0, 2));
}

MappedUnit map_unit_for_kpi(std::string_view municipality_type, std::string_view unit_id) {
    MappedUnit mapped{std::string(unit_id), std::string(unit_id), false};
    if (municipality_type == "K") {
        if (const County* county = county_of_region(unit_id)) {
            mapped.data_unit = std::string(county->group);
        }
    } else if (municipality_type == "L") {
        if (const County* county = county_of_group(unit_id)) {
            mapped.data_unit = std::string(county->region);
        }
    }
    mapped.is_county_group = county_of_group(mapped.data_unit) != nullptr;
    return mapped;
}

}  // namespace kolcat::catalogue
