// KpiComparison's JSON, found by ADL (nlohmann's to_json idiom): the keys compare's --format
// json promises, in order, with the request's optional keys only when asked for.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "analysis/compare.hpp"

namespace kolcat::analysis {

namespace {

KpiComparison two_units() {
    KpiComparison comparison;
    comparison.kpi = "N00957";
    comparison.title = "Förvärvsarbetande";
    comparison.direction = curated::Direction::higher_is_better;
    comparison.period.period = 2022;
    UnitComparison focus;
    focus.id = "0025";
    focus.title = "Region Norrbotten";
    focus.is_focus = true;
    focus.values = {24.88, 30.39, 19.92};
    focus.gap = 30.39 - 19.92;  // 10.470000000000002 in binary floating point
    focus.rank = 1;
    focus.difference_from_national = 24.88 - 20.31;  // 4.569999999999997
    UnitComparison unsynced;
    unsynced.id = "0024";
    unsynced.title = "Region Västerbotten";
    unsynced.synced = false;
    unsynced.status.t = "missing";
    comparison.units = {focus, unsynced};
    comparison.national.id = "0000";
    comparison.national.title = "Riket";
    comparison.national.values = {20.31, std::nullopt, std::nullopt};
    comparison.units_ranked = 2;
    comparison.units_with_data = 1;
    return comparison;
}

std::vector<std::string> keys(const nlohmann::ordered_json& object) {
    std::vector<std::string> names;
    for (const auto& item : object.items()) {
        names.push_back(item.key());
    }
    return names;
}

}  // namespace

TEST_CASE("compare JSON: keys in order, derived numbers tidied, unknown values null") {
    const nlohmann::ordered_json json = two_units();
    CHECK(keys(json) == std::vector<std::string>{"kpi", "title", "period", "period_warning",
                                                 "direction", "units", "national"});
    CHECK(json["kpi"] == "N00957");
    CHECK(json["period"] == 2022);
    CHECK(json["period_warning"].is_null());
    CHECK(json["direction"] == "higher_is_better");
    const auto& focus = json["units"][0];
    CHECK(keys(focus) == std::vector<std::string>{"id", "title", "T", "K", "M", "gap", "ratio",
                                                  "rank", "synced", "status"});
    CHECK(focus["gap"].get<double>() == 10.47);
    CHECK(focus["rank"] == 1);
    CHECK(focus["ratio"].is_null());
    const auto& unsynced = json["units"][1];
    CHECK(unsynced["synced"] == false);
    CHECK(unsynced["T"].is_null());
    CHECK(unsynced["status"]["T"] == "missing");
    const auto& national = json["national"];
    CHECK(national["difference"]["0025"].get<double>() == 4.57);
    CHECK(national["difference"]["0024"].is_null());
    CHECK(national["focus"] == "0025");
    CHECK(national["units_with_data"] == 1);
    CHECK_FALSE(national.contains("county"));
    CHECK_FALSE(national.contains("trend"));
}

TEST_CASE("compare JSON: --within and --trend add their keys, null when there is no value") {
    KpiComparison comparison = two_units();
    comparison.has_reference = true;
    comparison.has_trend = true;
    comparison.units[1].is_reference = true;
    comparison.units[0].trend = Change{2017, 2022, 1.5, 2.0, 1.0, 1.0};
    comparison.period_warning = "only 1 of 2 ranked units have a T value in 2022";
    const nlohmann::ordered_json json = std::vector<KpiComparison>{comparison};
    REQUIRE(json.is_array());
    const auto& one = json[0];
    CHECK(one["period_warning"] == "only 1 of 2 ranked units have a T value in 2022");
    CHECK(one["units"][0]["trend"]["from"] == 2017);
    CHECK(one["units"][0]["trend"]["gap"] == 1.0);
    CHECK(one["units"][1]["trend"].is_null());
    CHECK(one["units"][0].contains("difference_from_county"));
    CHECK(one["national"]["county"] == "0024");
    CHECK(one["national"]["trend"].is_null());
}

}  // namespace kolcat::analysis
