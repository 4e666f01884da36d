#pragma once
// Every word the pages write that the report does not already have (report/strings.hpp holds
// the shared ones: column headings, verdicts, "Källa: Kolada"), in Swedish and English.
// Templates hold "{}" where a value goes (report::fill).

#include <string_view>

#include "report/data.hpp"

namespace kolcat::serve {

struct PageStrings {
    std::string_view site_name;
    std::string_view nav_start;
    std::string_view nav_goals;
    std::string_view nav_breakdown;
    std::string_view nav_unit;
    std::string_view nav_new;
    std::string_view nav_search;
    std::string_view other_language;   // the link to the page in the other language
    std::string_view other_lang_code;  // "en" on a Swedish page

    std::string_view source;    // Kolada's terms ask for the source on every page
    std::string_view data_age;  // "{} ({} sedan)": time, age
    std::string_view hours;     // {} hours
    std::string_view days;      // {} days
    std::string_view under_an_hour;

    std::string_view start_title;
    std::string_view start_intro;
    std::string_view search_label;
    std::string_view search_button;
    std::string_view focus_region;  // "Fokusregion"
    std::string_view change_region;
    std::string_view goal_kpis;  // {} key figures
    std::string_view no_curated;

    std::string_view search_title;  // {} text
    std::string_view search_none;
    std::string_view search_prompt;
    std::string_view kpi_group;

    std::string_view metadata;
    std::string_view description;
    std::string_view municipality_type;
    std::string_view operating_area;
    std::string_view divided_by_gender;
    std::string_view publication;
    std::string_view curated_goals;
    std::string_view not_curated;
    std::string_view choices;
    std::string_view region_set;
    std::string_view year_choice;  // hint: latest, common, 2022, 2015-2022
    std::string_view trend_choice;
    std::string_view within_choice;
    std::string_view none_choice;
    std::string_view show_button;
    std::string_view downloads;
    std::string_view download_csv;
    std::string_view download_excel;
    std::string_view verdict_heading;
    std::string_view verdict_coverage;  // {} percent
    std::string_view comparison_heading;
    std::string_view col_trend_from;
    std::string_view col_trend;  // change in T
    std::string_view col_diff_county;
    std::string_view focus_county;  // focus note with --within: {} region

    std::string_view goal_title;    // {} number, {} name
    std::string_view sdg_title;     // {} number, {} name
    std::string_view target_title;  // {} id
    std::string_view goals_list;

    std::string_view breakdown_title;
    std::string_view filter_goal;
    std::string_view filter_verdict;
    std::string_view filter_area;
    std::string_view filter_all;
    std::string_view any_choice;

    std::string_view unit_title;  // {} unit
    std::string_view unit_intro;  // {} set title
    std::string_view col_rank_of;
    std::string_view col_period;

    std::string_view new_title;          // {} date
    std::string_view new_intro;          // {} time
    std::string_view new_default_since;  // {} the start of the sync before the last one
    std::string_view new_single_sync;
    std::string_view new_since_label;
    std::string_view new_kpi_label;
    std::string_view new_deletions_unknown;  // {} time
    std::string_view new_old_unknown;        // {} time
    std::string_view new_none;
    std::string_view new_count;  // {} rows
    std::string_view new_cut;    // {} shown, {} in all
    std::string_view new_col_unit;
    std::string_view new_col_gender;
    std::string_view new_col_change;
    std::string_view new_col_old;
    std::string_view new_col_new;
    std::string_view new_col_changed_at;
    std::string_view new_published;
    std::string_view new_revised;
    std::string_view new_deleted;
    std::string_view new_unknown;
    std::string_view new_no_number;

    std::string_view not_found;
    std::string_view bad_request;
    std::string_view server_error;
    std::string_view back_to_start;
};

const PageStrings& page_strings(report::ReportLanguage language);

}  // namespace kolcat::serve
