#pragma once
// `kolcat coverage`: for one unit, how much of what the catalogue holds is broken down by sex,
// by sub-goal or by operating area. Evidence for the SKR checklist's item "individual statistics
// are broken down by sex wherever possible", measured from the stored values only (Kolada's
// is_divided_by_gender flag is never counted as a breakdown).
//
// Definitions (README, "kolcat coverage"):
//  - The focus unit of a key figure: the unit for L- and A-type key figures, its county group
//    for K-type ones when the unit is a region (catalogue::map_unit_for_kpi, as gaps and compare
//    do).
//  - Cells and "has T/K/M" as in gaps (gaps_verdict.hpp): a K or M value that Kolada withholds
//    (null with a status) counts as present.
//  - A key figure's recent years for a unit: the last 3 distinct years in which that unit has a
//    T value (gaps' recent years, without its fallback to other units: a key figure with no T
//    value for the unit is not measured for it).
//  - with_t: key figures of the group with a T value for the unit (so with recent years).
//  - with_k_and_m: of those, the ones with both K and M in every recent year.
//  - share: (key figure, recent year) cells with K and M / all such cells, over the with_t key
//    figures.
//  - median_region_share: the same share computed for each of the 21 regions over the same key
//    figures (each region with its own recent years and, for K-type key figures, its county
//    group), for every region that has at least one such cell; the median of those shares (the
//    mean of the middle two for an even number). The unit itself is among them when it is a
//    region.
//  - lacking: the with_t key figures that are not in with_k_and_m, with the gaps verdict.
// Scope: the curated set (every curated key figure; those the catalogue never synced for the
// unit are listed as not synced), or with `all` every key figure in the metadata that the
// catalogue synced for the unit (a synced pair, or any stored value).

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/gaps.hpp"
#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"

namespace kolcat::analysis {

enum class CoverageGrouping { goal, operating_area };

std::string_view to_string(CoverageGrouping grouping);  // "goal", "operating-area"
std::optional<CoverageGrouping> parse_coverage_grouping(std::string_view text);

struct CoverageRequest {
    std::string unit = "0025";
    CoverageGrouping by = CoverageGrouping::goal;
    bool all = false;
    // The curated set: the key figures measured by default, and the sub-goals of every curated
    // key figure (also under `all`).
    std::vector<GapsKpi> curated;
    // The sub-goals' names, for the groups' names; every sub-goal listed here gets a group
    // under CoverageGrouping::goal, even one without key figures.
    std::vector<curated::SubGoal> sub_goals;
    int recent_year_count = kRecentYearCount;
};

// A key figure of a group that lacks K and M in some recent year for the unit.
struct CoverageKpi {
    std::string kpi;
    std::string title;
    std::string focus_unit;  // the unit whose cells were counted ("G33632" for a K key figure)
    Verdict verdict = Verdict::no_data;  // gaps' verdict for the same unit
    std::vector<int> recent_years;
    int cells = 0;           // recent years
    int complete_cells = 0;  // of them, with K and M
};

struct CoverageGroup {
    std::optional<int> goal;  // CoverageGrouping::goal: the sub-goal; nothing: not tagged
    std::string name;         // the sub-goal's name (English), or the operating area
    int key_figures = 0;      // in scope (with `all`: synced for the unit)
    int with_t = 0;
    int with_k_and_m = 0;
    std::int64_t cells = 0;
    std::int64_t complete_cells = 0;
    std::optional<double> share;  // complete_cells / cells; nothing when no cell
    std::optional<double> median_region_share;
    int regions = 0;                      // regions with a share, the median's population
    std::vector<CoverageKpi> lacking;     // in the scope's order
    std::vector<std::string> without_t;   // in scope, synced, but no T value for the unit
    std::vector<std::string> not_synced;  // curated, never synced for the unit
};

struct CoverageResult {
    std::string unit;
    std::string unit_title;  // empty when the catalogue does not know it
    CoverageGrouping by = CoverageGrouping::goal;
    bool all = false;
    int recent_year_count = kRecentYearCount;
    std::vector<CoverageGroup> groups;
    CoverageGroup total;  // every key figure in scope once
    // The (key figure, focus unit) pairs in scope that the catalogue never synced: the curated
    // ones, or with `all`, when nothing at all is synced for the unit, every key figure of the
    // metadata (what `kolcat sync` would have to fetch).
    std::vector<KpiUnitPair> never_synced;
    // False when the catalogue holds nothing synced for the unit in the scope: no figure could
    // be measured.
    bool holds_unit_data = true;
};

// {"unit","title","by","scope","recent_year_count","holds_unit_data","total":{...},
//  "groups":[{"goal"|"operating_area", "name","key_figures","with_t","with_k_and_m","cells",
//  "complete_cells","share","median_region_share","regions","lacking":[...],"without_t",
//  "not_synced"}]}, found by ADL.
void to_json(nlohmann::ordered_json& json, const CoverageGroup& group);
void to_json(nlohmann::ordered_json& json, const CoverageResult& result);

// Measures the coverage. Throws CatalogueError on a storage failure.
CoverageResult measure_coverage(catalogue::Catalogue& catalogue, const CoverageRequest& request);

// The median of the values (the mean of the middle two for an even count); nothing when empty.
std::optional<double> median_of(std::vector<double> values);

}  // namespace kolcat::analysis
