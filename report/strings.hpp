#pragma once
// Every word the report writes, in Swedish (the default: the users are Swedish) and English.
// Templates hold "{}" where a value goes, filled in order by fill().

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/gaps_verdict.hpp"
#include "curated/indicators.hpp"
#include "report/data.hpp"

namespace kolcat::report {

struct ReportStrings {
    std::string_view html_lang;
    std::string_view document_title;  // {} focus
    std::string_view heading;         // {} focus
    std::string_view compared_with;
    std::string_view data_synced;
    std::string_view never_synced;
    std::string_view report_generated;
    std::string_view source;  // "Källa: Kolada", as Kolada's terms of use ask
    std::string_view demo_warning;
    std::string_view contents;

    std::string_view summary_heading;
    std::string_view summary_intro;  // {} focus
    std::string_view col_goal;
    std::string_view col_kpis;
    std::string_view col_better_median;
    std::string_view col_worse_median;
    std::string_view col_better_national;
    std::string_view col_worse_national;
    std::string_view col_not_judged;
    std::string_view col_no_data;
    std::string_view col_lacking;
    std::string_view col_partial;
    std::string_view total;

    std::string_view goal_heading;  // {} number, {} name
    std::string_view no_kpis_in_goal;
    std::string_view year_compared;
    std::string_view period_focus_latest;   // {} focus
    std::string_view period_others_latest;  // {} focus
    std::string_view period_requested;
    std::string_view period_set_focus;   // {} focus
    std::string_view period_set_others;  // {} focus
    std::string_view period_common;
    std::string_view no_period;
    std::string_view direction_label;
    std::string_view higher_is_better;
    std::string_view lower_is_better;
    std::string_view neutral;
    std::string_view versus_median;    // "Mot jämförelseregionernas median"
    std::string_view versus_national;  // "Mot riket"
    std::string_view better;
    std::string_view worse;
    std::string_view equal;
    std::string_view not_judged;
    std::string_view breakdown_label;
    std::string_view design_values;
    std::string_view design_pair;  // {} partner id
    std::string_view design_by_construction;
    std::string_view county_groups_note;
    std::string_view county_sums_note;  // a count: counties as their municipalities' sums
    std::string_view neutral_rank_note;
    std::string_view units_with_data;  // {} with data, {} ranked

    std::string_view chart_latest;  // {} year
    std::string_view chart_sexes;   // {} year
    std::string_view chart_trend;   // {} first, {} last
    std::string_view chart_trend_no_years;
    std::string_view women;
    std::string_view men;
    std::string_view women_short;
    std::string_view men_short;
    std::string_view missing_short;  // a missing value beside a chart row
    std::string_view no_data;
    std::string_view no_values_any_unit;  // a chart with nothing to draw
    std::string_view no_sex_values;
    std::string_view no_trend_values;
    std::string_view county_short;      // {} county: a county's municipalities, in a chart label
    std::string_view county_long;       // {} county: the same, in a table
    std::string_view county_sum_short;  // {} county: its municipalities' sum, in a chart label
    std::string_view county_sum_long;   // {} county: the same, in a table

    std::string_view col_unit;
    std::string_view col_total;
    std::string_view col_women;
    std::string_view col_men;
    std::string_view col_gap;
    std::string_view col_ratio;
    std::string_view col_rank;
    std::string_view col_difference;
    std::string_view col_year;
    std::string_view missing_legend;     // under tables: what "–" means
    std::string_view not_synced;         // a value cell of a unit never synced
    std::string_view not_synced_legend;  // what that means; {}: the command that fetches them
    std::string_view status_legend;      // {}: Kolada's status texts shown instead of values
    std::string_view median_row;         // the compared units' median

    std::string_view breakdown_heading;
    std::string_view breakdown_intro;
    std::string_view col_kpi;
    std::string_view col_title;
    std::string_view col_flag;
    std::string_view col_coverage;
    std::string_view col_goals;
    std::string_view col_missing;
    std::string_view yes;
    std::string_view no;
    std::string_view no_gaps;

    // Charts
    std::string_view axis_not_zero;    // under a dot plot's axis
    std::string_view chart_pair;       // {} year, {} women's id, {} men's id
    std::string_view pair_drawn_at;    // {} the member that draws the pair's chart
    std::string_view chart_gap_trend;  // {} first, {} last
    std::string_view chart_gap_trend_no_years;
    std::string_view no_gap_trend_values;
    std::string_view gap_axis;  // the gap chart's axis caption

    // Downloads and the selection
    std::string_view download_csv;
    std::string_view selection_label;
    std::string_view selection_goals;   // {} "3, 5, 6"
    std::string_view selection_sdg;     // {} goal
    std::string_view selection_target;  // {} target
    std::string_view selection_kpis;    // {} ids

    // Local notes
    std::string_view notes_heading;
    std::string_view note_analysis;
    std::string_view note_action;

    // The compact report
    std::string_view compact_intro;
    std::string_view flagged_heading;
    std::string_view flagged_intro;  // {} focus
    std::string_view no_flags;
    std::string_view col_flags;
    std::string_view flag_widening;
    std::string_view flag_larger_than_riket;
    std::string_view flag_larger_than_most;
    std::string_view flag_reversed;
    std::string_view col_value;  // the focus region's T
    std::string_view col_median;
    std::string_view col_national;
    std::string_view col_vs_median;
    std::string_view col_vs_national;
    std::string_view also_in_goal;  // {} ids of key figures shown under an earlier sub-goal

    // Coverage of the breakdown by sex
    std::string_view coverage_heading;
    std::string_view coverage_intro;  // {} focus, {} the number of recent years
    std::string_view col_with_totals;
    std::string_view col_with_sexes;
    std::string_view col_share;
    std::string_view col_median_share;
    std::string_view col_lacking_list;
    std::string_view no_coverage_groups;

    std::string_view footer_heading;
    std::string_view col_publication_date;
    std::string_view unknown_date;
};

const ReportStrings& report_strings(ReportLanguage language);

// The verdict in words ("Ingen könsuppdelning"), for the sex-breakdown section.
std::string_view verdict_label(analysis::Verdict verdict, ReportLanguage language);
// The sex-breakdown line of one key figure: the verdict in words, with what the curated design
// adds to it (the partner of a pair, "measures one sex") and never the same thing twice.
// Empty when neither is known.
std::string breakdown_text(const std::optional<analysis::Verdict>& verdict,
                           const std::optional<curated::Breakdown>& design,
                           const std::optional<std::string>& partner, ReportLanguage language);
// A flag of `kolcat differences` in words ("växande skillnad"); an unknown name as it is.
std::string flag_label(const std::string& flag, ReportLanguage language);
// The standing in words ("bättre", "uppgift saknas").
std::string_view standing_label(Standing standing, ReportLanguage language);
std::string_view direction_label(curated::Direction direction, ReportLanguage language);
// The sub-goal's name in the report's language.
std::string_view goal_name(const ReportSection& section, ReportLanguage language);

// Replaces each "{}" in the template by the next argument.
std::string fill(std::string_view pattern, const std::vector<std::string>& arguments);

}  // namespace kolcat::report
