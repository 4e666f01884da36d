#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "catalogue/unit_mapping.hpp"

using namespace kolcat;

TEST_CASE("unit mapping: the county table has 21 distinct regions and groups") {
    const auto all = catalogue::counties();
    REQUIRE(all.size() == 21);
    std::set<std::string_view> regions;
    std::set<std::string_view> groups;
    for (const catalogue::County& county : all) {
        CHECK(catalogue::is_region_id(county.region));
        regions.insert(county.region);
        groups.insert(county.group);
    }
    CHECK(regions.size() == 21);
    CHECK(groups.size() == 21);
    CHECK(*groups.begin() == "G33612");
    CHECK(*groups.rbegin() == "G33632");
    REQUIRE(catalogue::county_of_region("0025") != nullptr);
    CHECK(catalogue::county_of_region("0025")->group == "G33632");
    CHECK(catalogue::county_of_region("0025")->name == "Norrbotten");
    REQUIRE(catalogue::county_of_group("G33619") != nullptr);
    CHECK(catalogue::county_of_group("G33619")->region == "0009");
    CHECK(catalogue::county_of_region("0000") == nullptr);
    CHECK(catalogue::county_of_region("0002") == nullptr);
    CHECK(catalogue::county_of_group("G176784") == nullptr);
}

TEST_CASE("unit mapping: region ids and county codes") {
    CHECK(catalogue::is_region_id("0025"));
    CHECK_FALSE(catalogue::is_region_id("0000"));
    CHECK_FALSE(catalogue::is_region_id("2580"));
    CHECK_FALSE(catalogue::is_region_id("G33632"));
    CHECK_FALSE(catalogue::is_region_id("00251"));
    CHECK(catalogue::county_code_of_municipality("2580") == "25");
    CHECK(catalogue::county_code_of_municipality("0180") == "01");
    CHECK_FALSE(catalogue::county_code_of_municipality("0025"));
    CHECK_FALSE(catalogue::county_code_of_municipality("G33632"));
    CHECK_FALSE(catalogue::county_code_of_municipality("25x0"));
}

TEST_CASE("unit mapping: K-type key figures use the county groups, L and A the regions") {
    SUBCASE("K: a region becomes its county group; Riket and municipalities stay") {
        const catalogue::MappedUnit norrbotten = catalogue::map_unit_for_kpi("K", "0025");
        CHECK(norrbotten.requested == "0025");
        CHECK(norrbotten.data_unit == "G33632");
        CHECK(norrbotten.is_county_group);
        CHECK(catalogue::map_unit_for_kpi("K", "0000").data_unit == "0000");
        CHECK_FALSE(catalogue::map_unit_for_kpi("K", "0000").is_county_group);
        CHECK(catalogue::map_unit_for_kpi("K", "2580").data_unit == "2580");
        const catalogue::MappedUnit named_group = catalogue::map_unit_for_kpi("K", "G33631");
        CHECK(named_group.data_unit == "G33631");
        CHECK(named_group.is_county_group);
    }
    SUBCASE("L: a county group becomes its region") {
        CHECK(catalogue::map_unit_for_kpi("L", "0025").data_unit == "0025");
        CHECK(catalogue::map_unit_for_kpi("L", "G33632").data_unit == "0025");
        CHECK_FALSE(catalogue::map_unit_for_kpi("L", "G33632").is_county_group);
    }
    SUBCASE("A: as named") {
        CHECK(catalogue::map_unit_for_kpi("A", "0025").data_unit == "0025");
        CHECK(catalogue::map_unit_for_kpi("A", "G33632").data_unit == "G33632");
        CHECK(catalogue::map_unit_for_kpi("A", "G33632").is_county_group);
        CHECK(catalogue::map_unit_for_kpi("", "0025").data_unit == "0025");
    }
}

namespace {

nlohmann::json read_values(const std::filesystem::path& file) {
    std::ifstream in(file);
    return nlohmann::json::parse(in).at("values");
}

}  // namespace

TEST_CASE("unit mapping: every county pair agrees with Kolada's snapshot") {
    const std::filesystem::path snapshot(KOLCAT_SNAPSHOT_DIR);
    if (!std::filesystem::exists(snapshot / "municipality_groups.json") ||
        !std::filesystem::exists(snapshot / "municipality.json")) {
        MESSAGE("skipped: no Kolada snapshot at " << snapshot.string());
        return;
    }
    std::map<std::string, nlohmann::json> groups;
    for (const auto& group : read_values(snapshot / "municipality_groups.json")) {
        groups[group.at("id").get<std::string>()] = group;
    }
    std::map<std::string, std::pair<std::string, std::string>> units;  // id -> title, type
    for (const auto& unit : read_values(snapshot / "municipality.json")) {
        units[unit.at("id").get<std::string>()] = {unit.at("title").get<std::string>(),
                                                   unit.at("type").get<std::string>()};
    }
    int regions_in_snapshot = 0;
    for (const auto& [id, unit] : units) {
        regions_in_snapshot += catalogue::is_region_id(id) && unit.second == "L" ? 1 : 0;
    }
    CHECK(regions_in_snapshot == 21);

    for (const catalogue::County& county : catalogue::counties()) {
        CAPTURE(county.region);
        const std::string region(county.region);
        REQUIRE(units.count(region) == 1);
        CHECK(units.at(region).second == "L");
        REQUIRE(groups.count(std::string(county.group)) == 1);
        const auto& group = groups.at(std::string(county.group));
        const auto title = group.at("title").get<std::string>();
        CHECK(title.rfind(std::string(county.name), 0) == 0);
        CHECK(title.find("läns kommuner (ovägt medel)") != std::string::npos);
        // The group's members are exactly the county's municipalities.
        std::set<std::string> members;
        for (const auto& member : group.at("members")) {
            members.insert(member.at("member_id").get<std::string>());
        }
        std::set<std::string> municipalities;
        for (const auto& [id, unit] : units) {
            if (unit.second == "K" &&
                catalogue::county_code_of_municipality(id) == region.substr(2)) {
                municipalities.insert(id);
            }
        }
        CHECK(!members.empty());
        CHECK(members == municipalities);
    }
}
