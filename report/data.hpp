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

// A local note on a key figure, from the user's local indicators file: what was found and what
// is done about it. The report prints it under the key figure.
struct ReportNote {
    std::string date;  // "2026-03-12"
    std::string analysis;
    std::string action;
};

// A pair of key figures, one for women and one for men, drawn as one chart: each unit's women's
// value against its men's. Which member is which comes from their titles.
struct ReportPairRow {
    std::string label;  // the chart's short label
    std::optional<double> women;
    std::optional<double> men;
    bool focus = false;
};
struct ReportPairChart {
    std::string women_kpi;  // ids
    std::string men_kpi;
    std::vector<ReportPairRow> rows;  // the compared units in this key figure's order, then Riket
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
    // The sex gap over the trend window (K − M; for a pair, the women's key figure minus the
    // men's), for the focus region and Riket; empty when no year has both values.
    std::vector<std::pair<int, std::optional<double>>> focus_gap_trend;
    std::vector<std::pair<int, std::optional<double>>> national_gap_trend;
    // A pair: set on the member that draws the women-against-men chart (the one shown first);
    // the other member names it in `pair_drawn_at` and draws no chart of its own.
    std::optional<ReportPairChart> pair_chart;
    std::optional<std::string> pair_drawn_at;
    // The sub-goals the key figure serves, all of them (the compact report names them once).
    std::vector<int> goals;
    // The flags `kolcat differences` sets on the focus region's sex gap, by their public names:
    // "widening", "larger_than_riket", "larger_than_most", "reversed". Meaningful only when
    // ReportData::flags_computed.
    std::vector<std::string> flags;
    // A pair's K and M as `differences` judged it: the women's key figure's T value and the
    // men's (the member's own K and M are empty). Shown beside the flags.
    std::optional<double> pair_women;
    std::optional<double> pair_men;
    std::vector<ReportNote> notes;  // local notes, in the file's order
};

struct ReportSection {
    int goal = 0;
    std::string name_sv;
    std::string name_en;
    std::string description;  // English, from indicators/goals.json
    std::vector<ReportKpi> kpis;
};

// Coverage of the breakdown by sex for one group of key figures (a sub-goal), as
// `kolcat coverage` measures it from stored values.
struct ReportCoverageGap {
    std::string kpi;
    std::string title;
    analysis::Verdict verdict = analysis::Verdict::none;
};
struct ReportCoverageGroup {
    std::string name;                           // "5. Jämställd hälsa"
    int kpis_with_totals = 0;                   // key figures with T values in the recent years
    int kpis_with_sexes = 0;                    // of them, those with K and M too
    std::optional<double> share;                // (key figure, year) cells with K and M, 0 to 1
    std::optional<double> median_region_share;  // the same share for the median region
    std::vector<ReportCoverageGap> lacking;     // key figures lacking a breakdown, with a verdict
};
struct ReportCoverage {
    // Each key figure is measured over its own latest years with a T value, this many of them.
    int recent_year_count = 0;
    std::vector<ReportCoverageGroup> groups;
};

// What the user narrowed the report to (--goal, --sdg, --target, --kpi); empty: everything.
struct ReportSelection {
    std::vector<int> goals;
    std::optional<int> sdg;
    std::optional<std::string> target;
    std::vector<std::string> kpis;

    bool empty() const { return goals.empty() && !sdg && !target && kpis.empty(); }
};

struct ReportData {
    ReportLanguage language = ReportLanguage::sv;
    std::string focus_id;       // "0025"
    std::string focus_title;    // "Region Norrbotten"
    std::string against_label;  // "all-regions" or "0024, 0017"
    std::string against_title;  // the set's title in the report's language, or the units' names
    std::vector<std::string> against_units;
    ReportSelection selection;
    // The compact form, for a meeting: the summary, the flagged key figures, then one short
    // table per sub-goal in which each key figure appears once, with all its sub-goals named.
    bool compact = false;
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
    // Each table followed by a link that downloads it as excel-sv CSV in a data: URI. Pages that
    // offer their own downloads (kolcat serve's) turn it off.
    bool csv_downloads = true;
    // Whether `differences` flagged the key figures (ReportKpi::flags): when false, the report
    // says nothing about flags, since "none computed" is not "none found".
    bool flags_computed = false;
    // `kolcat coverage` by sub-goal; nullopt when it was not measured (no section then).
    std::optional<ReportCoverage> coverage;
};

}  // namespace kolcat::report
