// kolcat compare's CSV output (its JSON is analysis::to_json).

#include <cmath>
#include <string>
#include <vector>

#include "cli/commands/compare_output.hpp"

namespace kolcat::cli {

// --- CSV: one row per key figure and unit, the national row included ---

Table csv_table(const std::vector<analysis::KpiComparison>& results,
                const analysis::CompareRequest& request) {
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
    auto add = [&](const analysis::KpiComparison& result, const std::string& id,
                   const std::string& title, const std::string& role, bool synced,
                   const analysis::GenderValues& values, const std::optional<double>& gap,
                   const std::optional<double>& ratio, const std::optional<int>& rank,
                   const std::optional<double>& diff_national,
                   const std::optional<double>& diff_county,
                   const std::optional<analysis::Change>& trend) {
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
        if (request.within) {
            row.emplace_back(cell(diff_county));
        }
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
            add(result, unit.id, unit.title, role, unit.synced, unit.values,
                analysis::tidy_number(unit.gap), analysis::tidy_number(unit.ratio), unit.rank,
                analysis::tidy_number(unit.difference_from_national),
                analysis::tidy_number(unit.difference_from_reference),
                analysis::tidy_change(unit.trend));
        }
        const auto& national = result.national;
        add(result, national.id, national.title, "national", national.synced, national.values,
            analysis::tidy_number(national.gap), analysis::tidy_number(national.ratio),
            std::nullopt, std::nullopt, std::nullopt, analysis::tidy_change(national.trend));
    }
    return table;
}

}  // namespace kolcat::cli
