#pragma once
// Which unit holds a key figure's values for a region. Kolada stores L- and A-type key figures
// under the region ids (00xx, Riket 0000), but K-type key figures (municipalities only) have no
// value for a region id: a county is compared through its county group, the unweighted mean of
// the county's municipalities (G33612 … G33632). Riket 0000 has values for every type.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kolcat::catalogue {

// The id of the national unit, Riket.
inline constexpr std::string_view kRiketId = "0000";
// How a county group's values are labelled wherever they stand in for a region.
inline constexpr std::string_view kCountyGroupLabel = "county's municipalities (unweighted mean)";

// One county: its region id, Kolada's county group and the county's name. The table was checked
// pair by pair against Kolada's municipality_groups and municipality lists (every member of the
// group has a municipality id starting with the region id's last two digits, the county code);
// tests/unit/test_unit_mapping.cpp checks it again against the snapshot when that is present.
struct County {
    std::string_view region;  // "0025"
    std::string_view group;   // "G33632"
    std::string_view name;    // "Norrbotten"
};

// The 21 counties, in region-id order.
std::span<const County> counties();

const County* county_of_region(std::string_view region_id);
const County* county_of_group(std::string_view group_id);

// "0001" … "0025": a region id (Riket 0000 is not a region).
bool is_region_id(std::string_view id);
// The two-digit county code of a municipality id ("2580" -> "25"), or nothing for ids that are
// not four-digit municipality ids (regions, Riket, groups).
std::optional<std::string> county_code_of_municipality(std::string_view id);

// The unit that holds a key figure's values when the user names `unit_id`:
//  - K-type key figures: a region becomes its county group; everything else stays;
//  - L-type key figures: a county group becomes its region (the group has no region values);
//  - A-type (or unknown) key figures: the unit as named.
struct MappedUnit {
    std::string requested;         // the id the user named
    std::string data_unit;         // the id the values are stored under
    bool is_county_group = false;  // data_unit is a county group standing for a county
};
MappedUnit map_unit_for_kpi(std::string_view municipality_type, std::string_view unit_id);

}  // namespace kolcat::catalogue
