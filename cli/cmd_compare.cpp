// kolcat compare: Norrbotten (or another focus region) against other regions, key figure by key
// figure: T, K, M, the sex gap and ratio, a direction-aware rank and the national value.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/compare.hpp"
#include "catalogue/indicators_store.hpp"
#include "catalogue/region_sets.hpp"
#include "catalogue/unit_mapping.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/focus_region.hpp"
#include "cli/not_synced.hpp"

namespace kolcat::cli {
namespace {

using nlohmann::ordered_json;

constexpr const char* kDefaultRegion = "0025";

// --- choosing what to compare ---

std::vector<CompareKpi> chosen_kpis(Catalogue& catalogue, const CommandLine& command_line) {
    const auto ids = command_line.positional_ids();
    CuratedKpiFilter filter;
    filter.sub_goal = command_line.int_value("goal", 1, 6);
    filter.sdg_goal = command_line.int_value("sdg", 1, 17);
    filter.target = command_line.value("target");
    const bool by_tag = filter.sub_goal || filter.sdg_goal || filter.target;
    if (ids.empty() == !by_tag) {
        throw UsageError(ids.empty()
                             ? "name key figures (e.g. 'kolcat compare N00957') or choose them "
                               "with --goal, --sdg or --target"
                             : "name key figures or use --goal/--sdg/--target, not both");
    }
    std::vector<CompareKpi> kpis;
    if (by_tag) {
        for (const CuratedKpi& curated : curated_kpis(catalogue, filter)) {
            kpis.push_back({curated.id, curated.direction, true});
        }
        if (kpis.empty()) {
            throw NotFoundError("no curated key figure matches the given --goal/--sdg/--target");
        }
        return kpis;
    }
    const bool check_metadata = catalogue.has_metadata();
    for (const auto& id : ids) {
        if (check_metadata && !catalogue.kpi(id)) {
            throw NotFoundError("key figure " + id +
                                " is not in the catalogue (try 'kolcat search')");
        }
        if (std::any_of(kpis.begin(), kpis.end(),
                        [&](const CompareKpi& k) { return k.id == id; })) {
            continue;
        }
        const auto curated = curated_kpi(catalogue, id);
        kpis.push_back(curated ? CompareKpi{id, curated->direction, true}
                               : CompareKpi{id, Direction::neutral, false});
    }
    return kpis;
}

void require_unit(const Catalogue& catalogue, const std::string& id, const char* option) {
    if (!catalogue.all_municipalities().empty() && !catalogue.unit_title(id)) {
        throw NotFoundError("unit " + id + " (" + option +
                            ") is not in the catalogue: not a municipality, region, Riket or "
                            "municipality group");
    }
}

CompareRequest build_request(Catalogue& catalogue, const CommandLine& command_line) {
    CompareRequest request;
    request.kpis = chosen_kpis(catalogue, command_line);
    const auto period_years = command_line.period_years("year");
    request.years = period_years.years;
    request.common_year = period_years.common;
    request.trend_years = command_line.int_value("trend", 1, 100);
    request.focus = command_line.id_value("region").value_or(kDefaultRegion);
    require_focus_not_riket(request.focus);
    require_unit(catalogue, request.focus, "--region");

    if (const auto within = command_line.id_value("within")) {
        if (command_line.value("against")) {
            throw UsageError("--within compares a county's municipalities: it takes no --against");
        }
        if (!county_of_region(*within)) {
            throw UsageError("--within takes a region id, e.g. 0025 for Norrbotten");
        }
        request.within = *within;
        request.focus = *within;
        if (municipalities_of_county(catalogue, *within).empty()) {
            throw NotFoundError("the catalogue lists no municipalities of region " + *within +
                                ": sync the metadata first");
        }
        return request;
    }
    if (const auto against = command_line.value("against")) {
        try {
            request.against = resolve_against(catalogue, *against).units;
        } catch (const IndicatorsError& error) {
            throw NotFoundError(error.what());
        }
    } else {
        for (const County& county : counties()) {
            request.against.emplace_back(county.region);
        }
    }
    return request;
}

// --- what the output says ---

std::string direction_note(const KpiComparison& result) {
    switch (result.direction) {
        case Direction::higher_is_better:
            return "higher_is_better (rank 1 = highest)";
        case Direction::lower_is_better:
            return "lower_is_better (rank 1 = lowest)";
        case Direction::neutral:
            break;
    }
    return result.curated ? "neutral (no better direction: ranked by value, highest first)"
                          : "neutral (not curated, no known direction: ranked by value, highest "
                            "first)";
}

std::string period_note(const KpiComparison& result, const CompareRequest& request,
                        const std::string& focus_title) {
    using Source = PeriodChoice::Source;
    const std::string period = result.period.period ? std::to_string(*result.period.period) : "";
    const std::string set = request.years ? request.years->text() : "";
    switch (result.period.source) {
        case Source::requested:
            return "Period " + period + " (--year)";
        case Source::set_focus:
            return "Period " + period + ": latest year of --year " + set + " with data for " +
                   focus_title;
        case Source::set_others:
            return "Period " + period + ": " + focus_title + " has no data in --year " + set +
                   "; latest year of the other units";
        case Source::focus_latest:
            return "Period " + period + ": latest year with data for " + focus_title;
        case Source::others_latest:
            return "Period " + period + ": " + focus_title +
                   " has no data in any year; latest year of the other units";
        case Source::common:
            if (result.period.period) {
                return "Period " + period + " (--year common): latest year in which at least " +
                       "half of the " + std::to_string(result.units_ranked) +
                       " ranked units have a T value";
            }
            return "No period: in no year do at least half of the " +
                   std::to_string(result.units_ranked) + " ranked units have a T value";
        case Source::none:
            break;
    }
    if (request.years) {
        return "No period: no compared unit has any value in --year " + set;
    }
    return "No period: no compared unit has any value";
}

// Set when the period was chosen without --year Y or --year common and fewer than half of the
// ranked units have a T value in it: a rank among so few says little.
std::optional<std::string> period_warning(const KpiComparison& result) {
    using Source = PeriodChoice::Source;
    const auto source = result.period.source;
    if (!result.period.period || source == Source::requested || source == Source::common ||
        at_least_half(result.units_with_data, result.units_ranked)) {
        return std::nullopt;
    }
    std::string text = "only " + std::to_string(result.units_with_data) + " of " +
                       std::to_string(result.units_ranked) + " ranked units have a T value in " +
                       std::to_string(*result.period.period);
    // A unit never synced has no known value: say so, lest the warning read as Kolada's gap.
    const auto never_synced = std::count_if(
        result.units.begin(), result.units.end(),
        [](const UnitComparison& unit) { return !unit.synced && !unit.is_reference; });
    if (never_synced > 0) {
        text += " (" + std::to_string(never_synced) + " never synced)";
    }
    text += "; ";
    if (result.common_period) {
        text += "--year common picks " + std::to_string(*result.common_period) +
                ", the latest year in which at least half do";
    } else {
        text += "in no year do at least half of them have one";
    }
    return text;
}

// One line on the trend's base years: the same for every row, or which ones differ.
std::string trend_note(const KpiComparison& result, int trend_years) {
    if (!result.period.period) {
        return {};
    }
    const int to = *result.period.period;
    const std::string window =
        trend_years == 1 ? std::to_string(to - 1)
                         : std::to_string(to - trend_years) + "-" + std::to_string(to - 1);
    std::set<int> bases;
    for (const auto& unit : result.units) {
        if (unit.trend)
            bases.insert(unit.trend->from_period);
    }
    if (result.national.trend)
        bases.insert(result.national.trend->from_period);
    if (bases.empty()) {
        return "Trend: no row has a T value both in " + std::to_string(to) + " and in " + window +
               ".";
    }
    if (bases.size() == 1) {
        return "Trend: change from " + std::to_string(*bases.begin()) + " to " +
               std::to_string(to) + ".";
    }
    std::string listed;
    for (const int year : bases) {
        listed += (listed.empty() ? "" : ", ") + std::to_string(year);
    }
    return "Trend: change up to " + std::to_string(to) + " from each row's first year with a T " +
           "value in " + window + "; the base year differs between rows (" + listed +
           "): see 'from'.";
}

std::string focus_title(const KpiComparison& result) {
    for (const auto& unit : result.units) {
        if (unit.is_focus) {
            return unit.title.empty() ? unit.id : unit.title;
        }
    }
    return "the focus unit";
}

// Decimals for the human formats: enough to tell small values apart, one for large ones.
int display_decimals(const KpiComparison& result) {
    double largest = 0;
    auto see = [&](const std::optional<double>& value) {
        if (value && std::isfinite(*value))
            largest = std::max(largest, std::abs(*value));
    };
    for (const auto& unit : result.units) {
        see(unit.values.t);
        see(unit.values.k);
        see(unit.values.m);
    }
    see(result.national.values.t);
    if (largest >= 10 || largest == 0)
        return 1;
    return largest >= 1 ? 2 : 3;
}

Cell rank_cell(const std::optional<int>& rank) {
    return rank ? Cell(static_cast<std::int64_t>(*rank)) : Cell(Missing{});
}

Cell period_cell(const std::optional<int>& period) {
    return period ? Cell(static_cast<std::int64_t>(*period)) : Cell(Missing{});
}

// A T, K or M cell of the human formats: the value; else "not synced" for a pair never
// fetched; else Kolada's status of a value it does not publish; else missing (–).
Cell value_cell(const std::optional<double>& value, const std::string& status, bool synced) {
    if (!synced) {
        return std::string(kNotSyncedText);
    }
    if (!value && !status.empty()) {
        return status;
    }
    return cell(value);
}

// The statuses shown in place of values, for the legend.
std::set<std::string> shown_statuses(const KpiComparison& result) {
    std::set<std::string> shown;
    auto see = [&](const GenderValues& values, const GenderStatus& status, bool synced) {
        if (!synced)
            return;
        for (const auto& [value, text] :
             {std::pair{&values.t, &status.t}, std::pair{&values.k, &status.k},
              std::pair{&values.m, &status.m}}) {
            if (!*value && !text->empty())
                shown.insert(*text);
        }
    };
    for (const auto& unit : result.units) {
        see(unit.values, unit.status, unit.synced);
    }
    see(result.national.values, result.national.status, result.national.synced);
    return shown;
}

// --- table and markdown: one block per key figure ---

Table block_table(const KpiComparison& result, const CompareRequest& request) {
    const int decimals = display_decimals(result);
    Table table;
    table.columns = {{"", Align::left, {}},         {"rank", Align::right, {}},
                     {"unit", Align::left, {}},     {"title", Align::left, {}, 56},
                     {"T", Align::right, decimals}, {"K", Align::right, decimals},
                     {"M", Align::right, decimals}, {"K−M", Align::right, decimals},
                     {"K/M", Align::right, 2},      {"vs Riket", Align::right, decimals}};
    if (request.within) {
        table.columns.push_back({"vs county", Align::right, decimals});
    }
    if (request.trend_years) {
        table.columns.push_back({"from", Align::right, {}});
        table.columns.push_back({"ΔT", Align::right, decimals});
        table.columns.push_back({"Δ(K−M)", Align::right, decimals});
    }
    auto add_trend = [&](std::vector<Cell>& row, const std::optional<Change>& trend) {
        if (!request.trend_years)
            return;
        row.push_back(trend ? period_cell(trend->from_period) : Cell(Missing{}));
        row.push_back(trend ? cell(trend->t) : Cell(Missing{}));
        row.push_back(trend ? cell(trend->gap) : Cell(Missing{}));
    };
    for (const auto& unit : result.units) {
        std::string title = unit.title;
        if (unit.is_reference)
            title += " (county)";
        std::vector<Cell> row{std::string(unit.is_focus ? "*" : ""),
                              rank_cell(unit.rank),
                              unit.id,
                              title,
                              value_cell(unit.values.t, unit.status.t, unit.synced),
                              value_cell(unit.values.k, unit.status.k, unit.synced),
                              value_cell(unit.values.m, unit.status.m, unit.synced),
                              cell(unit.gap),
                              cell(unit.ratio),
                              cell(unit.difference_from_national)};
        if (request.within)
            row.push_back(cell(unit.difference_from_reference));
        add_trend(row, unit.trend);
        table.add_row(std::move(row));
    }
    const auto& national = result.national;
    std::vector<Cell> row{std::string(""),
                          std::string("national"),
                          national.id,
                          national.title,
                          value_cell(national.values.t, national.status.t, national.synced),
                          value_cell(national.values.k, national.status.k, national.synced),
                          value_cell(national.values.m, national.status.m, national.synced),
                          cell(national.gap),
                          cell(national.ratio),
                          Cell(Missing{})};
    if (request.within)
        row.push_back(Cell(Missing{}));
    add_trend(row, national.trend);
    table.add_row(std::move(row));
    return table;
}

std::string block_heading(const KpiComparison& result, bool markdown) {
    const std::string type = result.municipality_type.empty() ? "?" : result.municipality_type;
    const std::string title =
        result.title.empty() ? "(no metadata in the catalogue)" : result.title;
    return (markdown ? "### " : "") + result.kpi + "  " + title + "  [type " + type + "]\n";
}

// The pairs of one key figure's rows that were never synced.
std::vector<std::string> never_synced_units(const KpiComparison& result) {
    std::vector<std::string> units;
    for (const auto& unit : result.units) {
        if (!unit.synced)
            units.push_back(unit.id);
    }
    if (!result.national.synced)
        units.push_back(result.national.id);
    return units;
}

std::string block_notes(const KpiComparison& result, const CompareRequest& request, bool markdown,
                        const std::optional<std::string>& catalogue) {
    const std::string line_end = markdown ? "  \n" : "\n";
    std::string notes = period_note(result, request, focus_title(result)) +
                        ". Direction: " + direction_note(result) + "." + line_end;
    notes += std::to_string(result.units_with_data) + " of " + std::to_string(result.units_ranked) +
             " ranked units have a T value";
    notes += request.within ? " (municipalities; the county is the reference, not ranked)." : ".";
    notes += " * marks the focus; – is a missing value." + line_end;
    if (const auto statuses = shown_statuses(result); !statuses.empty()) {
        std::string list;
        for (const auto& status : statuses) {
            list += (list.empty() ? "\"" : ", \"") + status + "\"";
        }
        notes +=
            "A text in a T, K or M cell is Kolada's status for a value it does not publish "
            "(e.g. withheld for confidentiality): " +
            list + "." + line_end;
    }
    if (const auto units = never_synced_units(result); !units.empty()) {
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto& unit : units) {
            pairs.emplace_back(result.kpi, unit);
        }
        notes +=
            "not synced: never fetched into this catalogue, so unknown here (not missing "
            "at Kolada). To fetch: " +
            NotSynced(pairs, catalogue).sync_commands().front() + line_end;
    }
    if (result.units_with_data == 0 && result.period.source == PeriodChoice::Source::requested &&
        result.period.period) {
        // A table of dashes alone would not say whether the year or the units are the problem.
        notes += "No ranked unit has a value in " + std::to_string(*result.period.period) +
                 ": leave out --year for the latest year with data, or see 'kolcat show " +
                 result.kpi + "' for the years each unit has." + line_end;
    }
    if (request.trend_years) {
        notes += trend_note(result, *request.trend_years) + line_end;
    }
    if (result.uses_county_groups && result.municipality_type == "K") {
        notes +=
            "Type K (municipalities only): regions are compared through their county's "
            "municipalities (unweighted mean)." +
            line_end;
    } else if (result.uses_county_groups) {
        notes +=
            "A county group stands for the county's municipalities (unweighted mean)." + line_end;
    }
    return notes;
}

std::string render_blocks(const std::vector<KpiComparison>& results, const CompareRequest& request,
                          const RenderOptions& options,
                          const std::optional<std::string>& catalogue) {
    const bool markdown = options.format == OutputFormat::markdown;
    std::string out;
    for (const auto& result : results) {
        if (!out.empty())
            out += "\n";
        out += block_heading(result, markdown);
        if (markdown)
            out += "\n";
        out += block_notes(result, request, markdown, catalogue);
        if (markdown)
            out += "\n";
        out += render(block_table(result, request), options);
    }
    return out;
}

// Differences and ratios computed in binary floating point carry noise in their last digits
// (24.88 - 20.31 = 4.569999999999997); 12 significant digits are more than Kolada's values have,
// so the noise goes and no information does. Stored values are written as they are.
std::optional<double> derived(const std::optional<double>& value) {
    if (!value || !std::isfinite(*value)) {
        return value;
    }
    char buffer[64];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, *value, std::chars_format::general, 12);
    double tidy = *value;
    std::from_chars(buffer, end.ptr, tidy);
    return tidy;
}

std::optional<Change> derived(const std::optional<Change>& change) {
    if (!change) {
        return change;
    }
    Change tidy = *change;
    tidy.t = derived(change->t);
    tidy.k = derived(change->k);
    tidy.m = derived(change->m);
    tidy.gap = derived(change->gap);
    return tidy;
}

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
            row.push_back(cell(diff_county));
        if (request.trend_years) {
            row.push_back(trend ? period_cell(trend->from_period) : Cell(Missing{}));
            row.push_back(trend ? cell(trend->t) : Cell(Missing{}));
            row.push_back(trend ? cell(trend->k) : Cell(Missing{}));
            row.push_back(trend ? cell(trend->m) : Cell(Missing{}));
            row.push_back(trend ? cell(trend->gap) : Cell(Missing{}));
        }
        row.push_back(synced);
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

}  // namespace

int run_compare_command(const QStringList& arguments) {
    CommandLine command_line(
        "compare",
        "Compares a focus region (default 0025, Norrbotten) with other units, key figure by key "
        "figure: T (total), K (women), M (men), the sex gap K−M and ratio K/M, the rank among "
        "the compared units (1 is best, following the curated direction), Riket's value and "
        "the difference from it.\n"
        "The period is the latest year with data for the focus region, per key figure, unless "
        "--year is given; a warning says when fewer than half of the compared units have a T "
        "value in it. The compared units are the ranked ones: the focus and the --against units "
        "(with --within the county's municipalities), each counted once; Riket and the --within "
        "county are not among them. K-type key figures (municipalities only) compare regions "
        "through their county groups, the unweighted mean of the county's municipalities. A "
        "missing value shows as missing (– in tables, empty in CSV, null in JSON), never as 0. "
        "A value Kolada does not publish (e.g. withheld for confidentiality) shows as Kolada's "
        "status text in tables, and as \"status\" in JSON. A unit the catalogue never synced for "
        "the key figure shows as 'not synced' (JSON \"synced\": false, CSV column synced), with "
        "the 'kolcat sync' command that fetches it.",
        {"kolcat compare N00957", "kolcat compare --goal 5 --against model-regions",
         "kolcat compare --target 5.5 --year 2022", "kolcat compare N00209 --trend 5",
         "kolcat compare --goal 5 --year common", "kolcat compare --goal 2 --within 0025",
         "kolcat compare --sdg 5 --format csv --csv-dialect excel-sv > compare.csv"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_positional("kpi", "Key figure ids, e.g. N00957 N00209.", "[KPI...]");
    command_line.add_value_option("goal", "The curated key figures of a sub-goal (1-6).", "N");
    command_line.add_value_option("sdg", "The curated key figures of an Agenda 2030 goal (1-17).",
                                  "N");
    command_line.add_value_option("target", "The curated key figures of a target, e.g. 5.5.", "T");
    command_line.add_value_option("region", "The focus region (default 0025).", "ID");
    command_line.add_value_option(
        "against",
        "Units to compare with: region-set names (model-regions, north, all-regions, "
        "similar-regions, county-groups, ...) and/or unit ids, comma-separated (default: all 21 "
        "regions; Riket is always the national row).",
        "SET|IDS");
    command_line.add_year_option(
        {"year", "years"},
        "The year to compare: 'latest' (the default: the latest year with a value for the "
        "focus), 'common' (the latest year in which at least half of the compared units have a "
        "T value), one year (2022), or a set (2010-2023, 2010-, -2015, 2015,2020,2022-2023: the "
        "latest year of the set with a value for the focus, else for any compared unit).",
        "YEARS");
    command_line.add_value_option("trend",
                                  "Also show the change over the last N years, from each unit's "
                                  "first year with a T value among the N before the period.",
                                  "N");
    command_line.add_value_option(
        "within",
        "Compare the region's municipalities with each other and with the county (for K-type "
        "key figures the county group), e.g. 0025.",
        "REGION");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    Catalogue catalogue = open_with_indicators(command_line.catalogue_path());
    warn_if_demo_data(catalogue);
    require_synced(catalogue);
    const CompareRequest request = build_request(catalogue, command_line);
    const std::vector<KpiComparison> results = compare(catalogue, request);
    for (const auto& result : results) {
        if (const auto warning = period_warning(result)) {
            write_stderr_line("kolcat: warning: " + result.kpi + ": " + *warning);
        }
    }
    const auto catalogue_given = catalogue_argument(command_line);
    if (options.format == OutputFormat::json || options.format == OutputFormat::csv) {
        // The tables say it per key figure; scripts get it on stderr.
        std::vector<KpiUnitPair> pairs;
        for (const auto& result : results) {
            for (const auto& unit : never_synced_units(result)) {
                pairs.emplace_back(result.kpi, unit);
            }
        }
        if (const NotSynced not_synced(pairs, catalogue_given); !not_synced.empty()) {
            const std::string note = not_synced.note();
            write_stderr_line("kolcat: " + note.substr(0, note.size() - 1));
        }
    }

    switch (options.format) {
        case OutputFormat::json: {
            ordered_json out = ordered_json::array();
            for (const auto& result : results) {
                out.push_back(comparison_json(result, request));
            }
            write_stdout(out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n");
            break;
        }
        case OutputFormat::csv:
            write_stdout(render(csv_table(results, request), options));
            break;
        case OutputFormat::table:
        case OutputFormat::markdown:
            write_stdout(render_blocks(results, request, options, catalogue_given));
            if (const auto note = data_age_note(catalogue)) {
                write_stdout("\n" + *note + "\n");
            }
            break;
    }
    return exit_ok;
}

}  // namespace kolcat::cli
