#pragma once
// What the benchmarking report shows, gathered before any markup is written: per sub-goal,
// per key figure, the comparison (from catalogue/compare.hpp), the trend series and the
// sex-breakdown verdict (from catalogue/gaps.hpp). The HTML renderer only reads this, so the
// report's layout can be tested with hand-made data and its numbers against the catalogue.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/gaps.hpp"
#include "curated/indicators.hpp"

namespace kolcat::report {

enum class ReportLanguage { sv, en };

// How the focus region stands against a benchmark, direction-aware.
enum class Standing {
    better,
    worse,
    equal,
    not_judged,  // the key figure is neutral: no direction says which way is better
    no_data      // the focus region or the benchmark has no value
};

// One unit's row of a key figure: the focus, a compared unit or Riket.
struct ReportUnit {
    std::string id;           // the unit holding the values ("0025", or "G33632" for K-types)
    std::string label;        // the full name shown in tables
    std::string short_label;  // the name in charts
    bool is_focus = false;
    bool is_national = false;
    bool is_county_group = false;  // a county's municipalities (unweighted mean)
    // A count: the county's municipalities' sum (analysis/county_sum.hpp) instead of the mean;
    // sum_not_synced lists the municipalities never synced (then `synced` is false).
    bool is_county_sum = false;
    std::vector<std::string> sum_not_synced;
    analysis::GenderValues values;
    analysis::GenderStatus
        status;                 // Kolada's status per gender: shown for a value it does not publish
    bool synced = true;         // false: the catalogue never synced the key figure for this unit
    std::optional<double> gap;  // K − M
    std::optional<double> ratio;  // K / M
    std::optional<int> rank;      // 1 is best; for neutral key figures, by value descending
    std::optional<double> difference_from_national;
};

struct ReportKpi {
    std::string id;
    std::string title;
    std::string unit_of_measure;  // from the title: "andel (%)", "kr", "dagar"; may be empty
    curated::Direction direction = curated::Direction::neutral;
    std::optional<curated::Breakdown> design;
    std::optional<std::string> partner;
    std::optional<int> period;  // the compared year
    analysis::PeriodChoice::Source period_source = analysis::PeriodChoice::Source::none;
    std::vector<ReportUnit> units;  // compared units, the focus among them, in rank order
    ReportUnit national;
    int units_ranked = 0;
    int units_with_data = 0;
    bool uses_county_groups = false;
    bool sums_counties = false;  // a count: county groups' rows are their municipalities' sums
    // The last ten years up to `period`, for the focus region and Riket (T values).
    int trend_first_year = 0;
    int trend_last_year = 0;
    std::vector<std::pair<int, std::optional<double>>> focus_trend;     // every year of the window
    std::vector<std::pair<int, std::optional<double>>> national_trend;  // every year of the window
    // The median of the compared units' T values (the focus and Riket left out).
    std::optional<double> comparison_median;
    Standing versus_median = Standing::no_data;
    Standing versus_national = Standing::no_data;
    std::optional<analysis::Verdict> verdict;  // the sex-breakdown check's
    std::optional<std::string> publication_date;
    int decimals = 1;  // places every number of this key figure is shown with
};

struct ReportSection {
    int goal = 0;
    std::string name_sv;
    std::string name_en;
    std::string description;  // English, from indicators/goals.json
    std::vector<ReportKpi> kpis;
};

struct ReportData {
    ReportLanguage language = ReportLanguage::sv;
    std::string focus_id;       // "0025"
    std::string focus_title;    // "Region Norrbotten"
    std::string against_label;  // "all-regions" or "0024, 0017"
    std::string against_title;  // the set's title in the report's language, or the units' names
    std::vector<std::string> against_units;
    std::optional<int> goal_filter;         // --goal
    std::vector<ReportSection> sections;    // ascending by goal
    std::vector<analysis::GapsEntry> gaps;  // the sex-breakdown check, curated key figures
    std::optional<std::string> synced_at;   // the last finished sync, ISO-8601 UTC
    std::string generated_at;               // when the report was written, ISO-8601 UTC
    bool demo_data = false;                 // the catalogue holds the offline demo server's data
    // The --catalogue given, repeated in the sync command printed for units never synced.
    std::optional<std::string> catalogue_argument;
    // Where a key figure's own page is, for `kolcat serve`'s pages: when set, key figure titles
    // and ids link there. The report file links nowhere (it stands alone).
    std::function<std::string(const std::string& kpi)> kpi_href;
};

}  // namespace kolcat::report
