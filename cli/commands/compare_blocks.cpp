// kolcat compare's text and markdown output: one block per key figure, with its notes.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "analysis/county_sum.hpp"
#include "analysis/not_synced.hpp"
#include "catalogue/unit_mapping.hpp"
#include "cli/commands/compare_output.hpp"

namespace kolcat::cli {
namespace {

// --- what the output says ---

std::string direction_note(const analysis::KpiComparison& result) {
    switch (result.direction) {
        case curated::Direction::higher_is_better:
            return "higher_is_better (rank 1 = highest)";
        case curated::Direction::lower_is_better:
            return "lower_is_better (rank 1 = lowest)";
        case curated::Direction::neutral:
            break;
    }
    return result.curated ? "neutral (no better direction: ranked by value, highest first)"
                          : "neutral (not curated, no known direction: ranked by value, highest "
                            "first)";
}

std::string period_note(const analysis::KpiComparison& result,
                        const analysis::CompareRequest& request, const std::string& focus_title) {
    using Source = analysis::PeriodChoice::Source;
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

// One line on the trend's base years: the same for every row, or which ones differ.
std::string trend_note(const analysis::KpiComparison& result, int trend_years) {
    if (!result.period.period) {
        return {};
    }
    const int to = *result.period.period;
    const std::string window =
        trend_years == 1 ? std::to_string(to - 1)
                         : std::to_string(to - trend_years) + "-" + std::to_string(to - 1);
    std::set<int> bases;
    for (const auto& unit : result.units) {
        if (unit.trend) {
            bases.insert(unit.trend->from_period);
        }
    }
    if (result.national.trend) {
        bases.insert(result.national.trend->from_period);
    }
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

std::string focus_title(const analysis::KpiComparison& result) {
    for (const auto& unit : result.units) {
        if (unit.is_focus) {
            return unit.title.empty() ? unit.id : unit.title;
        }
    }
    return "the focus unit";
}

// Decimals for the human formats: enough to tell small values apart, one for large ones.
int display_decimals(const analysis::KpiComparison& result) {
    double largest = 0;
    auto see = [&](const std::optional<double>& value) {
        if (value && std::isfinite(*value)) {
            largest = std::max(largest, std::abs(*value));
        }
    };
    for (const auto& unit : result.units) {
        see(unit.values.t);
        see(unit.values.k);
        see(unit.values.m);
    }
    see(result.national.values.t);
    if (largest >= 10 || largest == 0) {
        return 1;
    }
    return largest >= 1 ? 2 : 3;
}

// A T, K or M cell of the human formats: the value; else "not synced" for a pair never
// fetched; else Kolada's status of a value it does not publish; else missing (–).
Cell value_cell(const std::optional<double>& value, const std::string& status, bool synced) {
    if (!synced) {
        return std::string(analysis::kNotSyncedText);
    }
    if (!value && !status.empty()) {
        return status;
    }
    return cell(value);
}

// The statuses shown in place of values, for the legend.
std::set<std::string> shown_statuses(const analysis::KpiComparison& result) {
    std::set<std::string> shown;
    auto see = [&](const analysis::GenderValues& values, const analysis::GenderStatus& status,
                   bool synced) {
        if (!synced) {
            return;
        }
        for (const auto& [value, text] :
             {std::pair{&values.t, &status.t}, std::pair{&values.k, &status.k},
              std::pair{&values.m, &status.m}}) {
            if (!*value && !text->empty()) {
                shown.insert(*text);
            }
        }
    };
    for (const auto& unit : result.units) {
        see(unit.values, unit.status, unit.synced);
    }
    see(result.national.values, result.national.status, result.national.synced);
    return shown;
}

// --- table and markdown: one block per key figure ---

Table block_table(const analysis::KpiComparison& result, const analysis::CompareRequest& request) {
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
    auto add_trend = [&](std::vector<Cell>& row, const std::optional<analysis::Change>& trend) {
        if (!request.trend_years) {
            return;
        }
        row.emplace_back(trend ? period_cell(trend->from_period) : Cell(Missing{}));
        row.emplace_back(trend ? cell(trend->t) : Cell(Missing{}));
        row.emplace_back(trend ? cell(trend->gap) : Cell(Missing{}));
    };
    for (const auto& unit : result.units) {
        std::string title = unit.title;
        if (unit.is_reference) {
            title += " (county)";
        }
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
        if (request.within) {
            row.emplace_back(cell(unit.difference_from_reference));
        }
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
    if (request.within) {
        row.emplace_back(Missing{});
    }
    add_trend(row, national.trend);
    table.add_row(std::move(row));
    return table;
}

std::string block_heading(const analysis::KpiComparison& result, bool markdown) {
    const std::string type = result.municipality_type.empty() ? "?" : result.municipality_type;
    const std::string title =
        result.title.empty() ? "(no metadata in the catalogue)" : result.title;
    return (markdown ? "### " : "") + result.kpi + "  " + title + "  [type " + type + "]\n";
}

// "2505, 2506" or "2505, 2506 and 10 more": the members named in a note.
std::string member_list(const std::vector<std::string>& members) {
    constexpr std::size_t kShown = 6;
    std::string text;
    for (std::size_t i = 0; i < members.size() && i < kShown; ++i) {
        text += (i == 0 ? "" : ", ") + members[i];
    }
    if (members.size() > kShown) {
        text += " and " + std::to_string(members.size() - kShown) + " more";
    }
    return text;
}

// Why a county sum is missing in the period: the municipalities without a value, per gender,
// and those never synced.
std::string sum_missing_notes(const analysis::KpiComparison& result, const std::string& line_end) {
    std::string notes;
    for (const auto& unit : result.units) {
        if (unit.aggregate != analysis::CountyAggregate::county_sum) {
            continue;
        }
        std::vector<std::string> reasons;
        if (unit.sum_members.empty()) {
            reasons.push_back("the catalogue lists none of the county's municipalities");
        }
        if (!unit.sum_not_synced.empty()) {
            reasons.push_back("never synced for " + member_list(unit.sum_not_synced));
        }
        if (result.period.period) {
            for (const auto& [gender, missing] :
                 {std::pair{"T", &unit.sum_missing_t}, std::pair{"K", &unit.sum_missing_k},
                  std::pair{"M", &unit.sum_missing_m}}) {
                if (!missing->empty()) {
                    reasons.push_back(std::string("no ") + gender + " value for " +
                                      member_list(*missing));
                }
            }
        }
        if (reasons.empty()) {
            continue;
        }
        std::string text;
        for (const auto& reason : reasons) {
            text += (text.empty() ? "" : "; ") + reason;
        }
        notes += "Sum missing for " + unit.title +
                 (result.period.period ? " in " + std::to_string(*result.period.period) : "") +
                 ": " + text + "." + line_end;
    }
    return notes;
}

std::string block_notes(const analysis::KpiComparison& result,
                        const analysis::CompareRequest& request, bool markdown,
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
            analysis::NotSynced(pairs, catalogue).sync_commands().front() + line_end;
    }
    if (result.units_with_data == 0 &&
        result.period.source == analysis::PeriodChoice::Source::requested && result.period.period) {
        // A table of dashes alone would not say whether the year or the units are the problem.
        notes += "No ranked unit has a value in " + std::to_string(*result.period.period) +
                 ": leave out --year for the latest year with data, or see 'kolcat show " +
                 result.kpi + "' for the years each unit has." + line_end;
    }
    if (request.trend_years) {
        notes += trend_note(result, *request.trend_years) + line_end;
    }
    if (result.sums_counties) {
        notes += "Type K, a count: regions are compared through the " +
                 std::string(analysis::kCountySumLabel) +
                 ", computed here from their stored values, for T, K and M separately, only "
                 "when every municipality has a value." +
                 line_end;
        notes += sum_missing_notes(result, line_end);
    } else if (result.uses_county_groups && result.municipality_type == "K") {
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

}  // namespace

// Set when the period was chosen without --year Y or --year common and fewer than half of the
// ranked units have a T value in it: a rank among so few says little.
std::optional<std::string> period_warning(const analysis::KpiComparison& result) {
    using Source = analysis::PeriodChoice::Source;
    const auto source = result.period.source;
    if (!result.period.period || source == Source::requested || source == Source::common ||
        analysis::at_least_half(result.units_with_data, result.units_ranked)) {
        return std::nullopt;
    }
    std::string text = "only " + std::to_string(result.units_with_data) + " of " +
                       std::to_string(result.units_ranked) + " ranked units have a T value in " +
                       std::to_string(*result.period.period);
    // A unit never synced has no known value: say so, lest the warning read as Kolada's gap.
    const auto never_synced = std::count_if(
        result.units.begin(), result.units.end(),
        [](const analysis::UnitComparison& unit) { return !unit.synced && !unit.is_reference; });
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

Cell rank_cell(const std::optional<int>& rank) {
    return rank ? Cell(static_cast<std::int64_t>(*rank)) : Cell(Missing{});
}

Cell period_cell(const std::optional<int>& period) {
    return period ? Cell(static_cast<std::int64_t>(*period)) : Cell(Missing{});
}

// The pairs of one key figure's rows that were never synced.
std::vector<std::string> never_synced_units(const analysis::KpiComparison& result) {
    std::vector<std::string> units;
    for (const auto& unit : result.units) {
        if (unit.synced) {
            continue;
        }
        if (unit.aggregate == analysis::CountyAggregate::county_sum) {
            // The sum is unknown until its municipalities are fetched, not the group itself.
            for (const auto& member : unit.sum_not_synced) {
                if (std::find(units.begin(), units.end(), member) == units.end()) {
                    units.push_back(member);
                }
            }
        } else if (std::find(units.begin(), units.end(), unit.id) == units.end()) {
            units.push_back(unit.id);
        }
    }
    if (!result.national.synced) {
        units.push_back(result.national.id);
    }
    return units;
}

std::string render_blocks(const std::vector<analysis::KpiComparison>& results,
                          const analysis::CompareRequest& request, const RenderOptions& options,
                          const std::optional<std::string>& catalogue) {
    const bool markdown = options.format == OutputFormat::markdown;
    std::string out;
    for (const auto& result : results) {
        if (!out.empty()) {
            out += "\n";
        }
        out += block_heading(result, markdown);
        if (markdown) {
            out += "\n";
        }
        out += block_notes(result, request, markdown, catalogue);
        if (markdown) {
            out += "\n";
        }
        out += render(block_table(result, request), options);
    }
    return out;
}

}  // namespace kolcat::cli
