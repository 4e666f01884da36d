#pragma once
// `kolcat compare`: a key figure's values for a focus region and the units it is compared with,
// in one period, with the sex gap, ratio, direction-aware rank and the national value. Read from
// the local catalogue only.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/compare_stats.hpp"
#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"

namespace kolcat::analysis {

// A key figure to compare. direction: the curated one; a key figure that is not curated is
// compared as neutral (curated false), since nothing says which way is better.
struct CompareKpi {
    std::string id;
    curated::Direction direction = curated::Direction::neutral;
    bool curated = false;
};

struct CompareRequest {
    std::vector<CompareKpi> kpis;
    // The focus unit as the user names it: a region ("0025") or any unit id. Always compared,
    // even when `against` does not name it.
    std::string focus = "0025";
    // The units to compare with, as the user named them (regions, Riket, municipalities, groups),
    // in order. Riket 0000 is never ranked: it is the national row, shown for every key figure.
    std::vector<std::string> against;
    // --year: one year or a set (the period is then the latest year of the set with a value for
    // the focus); nothing: the latest year with a value for the focus. See choose_period.
    std::optional<catalogue::YearSet> years;
    bool common_year = false;        // --year common
    std::optional<int> trend_years;  // --trend N
    // --within REGION: the region's municipalities compared with each other (ranked) and with
    // the county (for K-type key figures its county group, otherwise the region itself), which
    // becomes the focus and the unranked reference. `against` must then be empty.
    std::optional<std::string> within;
};

// Kolada's status of each gender's value in the period, empty for a normal value or none. A
// value Kolada withholds (e.g. for confidentiality) or lacks at the source is null with a status.
struct GenderStatus {
    std::string t;
    std::string k;
    std::string m;

    bool any() const { return !t.empty() || !k.empty() || !m.empty(); }
    bool operator==(const GenderStatus&) const = default;
};

// How a county group's row is formed when it stands for a county (K-type key figures).
enum class CountyAggregate {
    none,         // not a county group standing for a county
    county_mean,  // Kolada's stored unweighted mean of the municipalities (rates, shares)
    county_sum    // a count: the sum of the municipalities' stored values (county_sum.hpp)
};
std::string_view to_string(CountyAggregate aggregate);  // "", "county_mean", "county_sum"

struct UnitComparison {
    std::string id;         // the unit the values are stored under ("G33632" for a K key figure)
    std::string requested;  // the unit as the user named it ("0025")
    std::string title;      // a county group standing for a region is labelled as such
    bool is_focus = false;
    bool is_reference = false;  // --within: the county, not ranked
    bool is_county_group = false;
    GenderValues values;
    GenderStatus status;
    // False when the catalogue never synced this key figure for this unit: its values are
    // unknown, not missing at Kolada.
    bool synced = true;
    std::optional<double> gap;                       // K − M
    std::optional<double> ratio;                     // K / M
    std::optional<int> rank;                         // 1 is best, among ranked units with a T value
    std::optional<double> difference_from_national;  // T − national T
    std::optional<double> difference_from_reference;  // --within: T − county T
    std::optional<Change> trend;                      // --trend N
    CountyAggregate aggregate = CountyAggregate::none;
    // county_sum: the municipalities summed; those without a value in the period, per gender
    // (never synced ones left out); those never synced (then `synced` is false).
    std::vector<std::string> sum_members;
    std::vector<std::string> sum_missing_t;
    std::vector<std::string> sum_missing_k;
    std::vector<std::string> sum_missing_m;
    std::vector<std::string> sum_not_synced;
};

struct NationalComparison {
    std::string id;  // "0000"
    std::string title;
    GenderValues values;
    GenderStatus status;
    bool synced = true;
    std::optional<double> gap;
    std::optional<double> ratio;
    std::optional<Change> trend;
};

struct KpiComparison {
    std::string kpi;
    std::string title;              // empty when the catalogue has no metadata for it
    std::string municipality_type;  // "K", "L", "A" or empty when unknown
    curated::Direction direction = curated::Direction::neutral;
    bool curated = false;
    PeriodChoice period;
    // Ranked units first (by rank, then by title in Swedish order), then those with no T
    // value in the period (by title), the --within reference first of all. No unit is left out.
    std::vector<UnitComparison> units;
    NationalComparison national;
    // The compared units are the ranked ones: the focus and the units compared with it (with
    // --within the county's municipalities), each counted once after the county-group mapping;
    // Riket and the --within reference are not among them.
    int units_ranked = 0;     // units that take part in the ranking
    int units_with_data = 0;  // of those, how many have a T value in the period
    // The latest year in which at least half of them have a T value, whatever the period.
    std::optional<int> common_period;
    bool uses_county_groups = false;  // some region stands for by its county group
    // A K-type count (county_sum.hpp): those county groups' rows are their municipalities' sums.
    bool sums_counties = false;
    // The request's shape, so that the JSON holds the keys that were asked for, null or not.
    bool has_reference = false;  // --within: a county to compare with
    bool has_trend = false;      // --trend N
    // A caution about the period, worded by the front end (it knows how the user can choose
    // another period); written out as it is.
    std::optional<std::string> period_warning;
};

// {"kpi","title","period","period_warning","direction","units":[...],"national":{...}}, found
// by ADL: `nlohmann::ordered_json json = comparison;`. Derived numbers are tidied (see
// tidy_number). A county group's row standing for a region adds "aggregate" ("county_mean" or
// "county_sum"); a sum's row also "sum_members", "sum_missing" {"T","K","M"}, "sum_not_synced".
void to_json(nlohmann::ordered_json& json, const KpiComparison& comparison);

// Compares every key figure of the request, in the request's order. Units and key figures the
// catalogue does not know are compared all the same (their values are missing); checking that
// they exist is the caller's business. Throws CatalogueError on a storage failure.
std::vector<KpiComparison> compare(catalogue::Catalogue& catalogue, const CompareRequest& request);

// The municipalities of a county, for --within: every municipality (type K) whose id starts
// with the county code, or, when the catalogue lists no municipalities, the members of the
// county group. Sorted by id. Empty when `region` is not a region id.
std::vector<std::string> municipalities_of_county(const catalogue::Catalogue& catalogue,
                                                  const std::string& region);

}  // namespace kolcat::analysis
