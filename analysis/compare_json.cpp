// KpiComparison as JSON, for `kolcat compare --format json` and any other front end.

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/compare.hpp"

namespace kolcat::analysis {

namespace {

using nlohmann::ordered_json;

ordered_json number(const std::optional<double>& value) {
    return value && std::isfinite(*value) ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json optional_int(const std::optional<int>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json trend_json(const std::optional<Change>& change) {
    const auto trend = tidy_change(change);
    if (!trend) {
        return nullptr;
    }
    return {{"from", trend->from_period}, {"to", trend->to_period}, {"T", number(trend->t)},
            {"K", number(trend->k)},      {"M", number(trend->m)},  {"gap", number(trend->gap)}};
}

ordered_json status_json(const GenderStatus& status) {
    return {{"T", status.t}, {"K", status.k}, {"M", status.m}};
}

}  // namespace

void to_json(ordered_json& json, const KpiComparison& comparison) {
    ordered_json units = ordered_json::array();
    ordered_json differences = ordered_json::object();
    std::string focus;
    std::string county;
    for (const auto& unit : comparison.units) {
        ordered_json object{{"id", unit.id},
                            {"title", unit.title},
                            {"T", number(unit.values.t)},
                            {"K", number(unit.values.k)},
                            {"M", number(unit.values.m)},
                            {"gap", number(tidy_number(unit.gap))},
                            {"ratio", number(tidy_number(unit.ratio))},
                            {"rank", optional_int(unit.rank)},
                            {"synced", unit.synced},
                            {"status", status_json(unit.status)}};
        if (comparison.has_reference) {
            object["difference_from_county"] = number(tidy_number(unit.difference_from_reference));
        }
        if (comparison.has_trend) {
            object["trend"] = trend_json(unit.trend);
        }
        if (unit.aggregate != CountyAggregate::none) {
            object["aggregate"] = std::string(to_string(unit.aggregate));
        }
        if (unit.aggregate == CountyAggregate::county_sum) {
            object["sum_members"] = unit.sum_members;
            object["sum_missing"] = {
                {"T", unit.sum_missing_t}, {"K", unit.sum_missing_k}, {"M", unit.sum_missing_m}};
            object["sum_not_synced"] = unit.sum_not_synced;
        }
        units.push_back(std::move(object));
        differences[unit.id] = number(tidy_number(unit.difference_from_national));
        if (unit.is_focus) {
            focus = unit.id;
        }
        if (unit.is_reference) {
            county = unit.id;
        }
    }
    const auto& national_values = comparison.national;
    ordered_json national{{"id", national_values.id},
                          {"title", national_values.title},
                          {"T", number(national_values.values.t)},
                          {"K", number(national_values.values.k)},
                          {"M", number(national_values.values.m)},
                          {"gap", number(tidy_number(national_values.gap))},
                          {"ratio", number(tidy_number(national_values.ratio))},
                          {"synced", national_values.synced},
                          {"status", status_json(national_values.status)},
                          {"difference", std::move(differences)},
                          {"focus", focus},
                          {"units_with_data", comparison.units_with_data},
                          {"units_ranked", comparison.units_ranked}};
    if (comparison.has_reference) {
        national["county"] = county;
    }
    if (comparison.has_trend) {
        national["trend"] = trend_json(national_values.trend);
    }
    json = {{"kpi", comparison.kpi},
            {"title", comparison.title},
            {"period", optional_int(comparison.period.period)},
            {"period_warning", comparison.period_warning ? ordered_json(*comparison.period_warning)
                                                         : ordered_json(nullptr)},
            {"direction", std::string(curated::to_string(comparison.direction))},
            {"units", std::move(units)},
            {"national", std::move(national)}};
}

}  // namespace kolcat::analysis
