// kolcat compare's data output: CSV rows and JSON objects.

#include <cmath>
#include <string>
#include <vector>

#include "cli/commands/compare_output.hpp"

namespace kolcat::cli {

using nlohmann::ordered_json;

// --- CSV: one row per key figure and unit, the national row included ---

Table csv_table(const std::vector<KpiComparison>& results, const CompareRequest& request) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},     {"kpi_title", Align::left, {}},
                     {"period", Align::right, {}}, {"direction", Align::left, {}},
                     {"unit", Align::left, {}},    {"title", Align::left, {}},
                     {"role", Align::left, {}},    {"T", Align::right, {}},
                     {"K", Align::right, {}},      {"M", Align::right, {}},
                     {"gap", Align::right, {}},    {"ratio", Align::right, {}},
                     {"rank", Align::right, {}},   {"diff_national", Align::right, {}}};
    if (request.within) {
        table.columns.push_back({"diff_county", Align::right, {}});
    }
    if (request.trend_years) {
        for (const char* name : {"trend_from", "trend_T", "trend_K", "trend_M", "trend_gap"}) {
            table.columns.push_back({name, Align::right, {}});
        }
    }
    // Last, so that the columns before it keep their places.
    table.columns.push_back({"synced", Align::left, {}});
    auto add = [&](const KpiComparison& result, const std::string& id, const std::string& title,
                   const std::string& role, bool synced, const GenderValues& values,
                   const std::optional<double>& gap, const std::optional<double>& ratio,
                   const std::optional<int>& rank, const std::optional<double>& diff_national,
                   const std::optional<double>& diff_county, const std::optional<Change>& trend) {
        std::vector<Cell> row{result.kpi,
                              result.title,
                              period_cell(result.period.period),
                              std::string(to_string(result.direction)),
                              id,
                              title,
                              role,
                              cell(values.t),
                              cell(values.k),
                              cell(values.m),
                              cell(gap),
                              cell(ratio),
                              rank_cell(rank),
                              cell(diff_national)};
        if (request.within)
            row.emplace_back(cell(diff_county));
        if (request.trend_years) {
            row.emplace_back(trend ? period_cell(trend->from_period) : Cell(Missing{}));
            row.emplace_back(trend ? cell(trend->t) : Cell(Missing{}));
            row.emplace_back(trend ? cell(trend->k) : Cell(Missing{}));
            row.emplace_back(trend ? cell(trend->m) : Cell(Missing{}));
            row.emplace_back(trend ? cell(trend->gap) : Cell(Missing{}));
        }
        row.emplace_back(synced);
        table.add_row(std::move(row));
    };
    for (const auto& result : results) {
        for (const auto& unit : result.units) {
            const std::string role = unit.is_reference ? "county"
                                     : unit.is_focus   ? "focus"
                                                       : "compared";
            add(result, unit.id, unit.title, role, unit.synced, unit.values, derived(unit.gap),
                derived(unit.ratio), unit.rank, derived(unit.difference_from_national),
                derived(unit.difference_from_reference), derived(unit.trend));
        }
        const auto& national = result.national;
        add(result, national.id, national.title, "national", national.synced, national.values,
            derived(national.gap), derived(national.ratio), std::nullopt, std::nullopt,
            std::nullopt, derived(national.trend));
    }
    return table;
}

// --- JSON: {"kpi","title","period","direction","units":[...],"national":{...}} per key figure ---

namespace {

ordered_json number(const std::optional<double>& value) {
    return value && std::isfinite(*value) ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json trend_json(const std::optional<Change>& change) {
    const auto trend = derived(change);
    if (!trend)
        return nullptr;
    return {{"from", trend->from_period}, {"to", trend->to_period}, {"T", number(trend->t)},
            {"K", number(trend->k)},      {"M", number(trend->m)},  {"gap", number(trend->gap)}};
}

ordered_json status_json(const GenderStatus& status) {
    return {{"T", status.t}, {"K", status.k}, {"M", status.m}};
}

}  // namespace

ordered_json comparison_json(const KpiComparison& result, const CompareRequest& request) {
    ordered_json units = ordered_json::array();
    ordered_json differences = ordered_json::object();
    std::string focus;
    std::string county;
    for (const auto& unit : result.units) {
        ordered_json object{{"id", unit.id},
                            {"title", unit.title},
                            {"T", number(unit.values.t)},
                            {"K", number(unit.values.k)},
                            {"M", number(unit.values.m)},
                            {"gap", number(derived(unit.gap))},
                            {"ratio", number(derived(unit.ratio))},
                            {"rank", unit.rank ? ordered_json(*unit.rank) : ordered_json(nullptr)},
                            {"synced", unit.synced},
                            {"status", status_json(unit.status)}};
        if (request.within)
            object["difference_from_county"] = number(derived(unit.difference_from_reference));
        if (request.trend_years)
            object["trend"] = trend_json(unit.trend);
        units.push_back(std::move(object));
        differences[unit.id] = number(derived(unit.difference_from_national));
        if (unit.is_focus)
            focus = unit.id;
        if (unit.is_reference)
            county = unit.id;
    }
    const auto& national_values = result.national;
    ordered_json national{{"id", national_values.id},
                          {"title", national_values.title},
                          {"T", number(national_values.values.t)},
                          {"K", number(national_values.values.k)},
                          {"M", number(national_values.values.m)},
                          {"gap", number(derived(national_values.gap))},
                          {"ratio", number(derived(national_values.ratio))},
                          {"synced", national_values.synced},
                          {"status", status_json(national_values.status)},
                          {"difference", std::move(differences)},
                          {"focus", focus},
                          {"units_with_data", result.units_with_data},
                          {"units_ranked", result.units_ranked}};
    if (request.within)
        national["county"] = county;
    if (request.trend_years)
        national["trend"] = trend_json(national_values.trend);
    const auto warning = period_warning(result);
    return {{"kpi", result.kpi},
            {"title", result.title},
            {"period",
             result.period.period ? ordered_json(*result.period.period) : ordered_json(nullptr)},
            {"period_warning", warning ? ordered_json(*warning) : ordered_json(nullptr)},
            {"direction", std::string(to_string(result.direction))},
            {"units", std::move(units)},
            {"national", std::move(national)}};
}

}  // namespace kolcat::cli
