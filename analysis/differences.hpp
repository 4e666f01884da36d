#pragma once
// `kolcat differences`: where do women's and men's outcomes differ most? One row per key figure
// for the focus unit: K, M, the gap K−M, the ratio K/M, the relative gap, who is behind, the
// gap's change over the years, the same gap for Riket and the median gap of the compared units,
// and flags for the gaps that stand out. Read from the local catalogue only, through compare's
// units and periods (K-type key figures through the county group) and gaps' verdicts.
//
// Definitions (README, "kolcat differences"); every gap is K − M in the period:
//  - The period is compare's: the latest year with a value for the focus.
//  - A key figure is judged when the focus has both K and M in the period. The others "cannot
//    be judged" and carry the `gaps` verdict that says why (no breakdown, not synced...).
//  - A pair (two key figures, one for women and one for men, as N00925 and N00923) is judged as
//    one: K is the women's key figure's T value and M the men's, for every unit, when the titles
//    say which is which and both have the same period. Each member of the pair gets that row.
//  - relative gap = (K − M) / ((|K| + |M|) / 2): the gap as a share of the mean of the two
//    values, comparable across key figures of any unit; 0 when K = M. Its sign is the gap's.
//  - behind: by the curated direction, the sex whose value is worse (lower for
//    higher_is_better, higher for lower_is_better); neither when K = M; not_judged for neutral
//    key figures (and key figures that are not curated).
//  - gap change and base year: compare --trend N for the focus: the change of K − M from the
//    earliest year in [period − N, period − 1] with a T value for the focus (the base year), to
//    the period; missing when the base year lacks K or M.
//  - The compared units: the --against units other than the focus (each unit once, K-type key
//    figures through county groups); Riket is not one of them. The median gap is the median of
//    their gaps (the mean of the middle two for an even count), over the units with a gap.
// Flags, on gaps compared in absolute size (|gap|), each strict (equal is not larger) and each
// false when a number it needs is missing:
//  widening          |gap| > |gap in the base year|;
//  larger_than_riket |gap| > |Riket's gap|;
//  larger_than_most  at least 4 compared units have a gap, and |gap| > |their gap| for at least
//                    3 in 4 of them (4 × larger ≥ 3 × units with a gap);
//  reversed          the gap and Riket's gap are both non-zero and of opposite signs.
// Gaps are tidied to 12 significant digits before they are compared (tidy_number), so that
// binary noise (0.3 − 0.1 against 0.2) never decides a flag.
// Order: judged rows by |relative gap|, largest first (ties: the key figure's id), then the
// key figures that cannot be judged, in the request's order.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/compare_stats.hpp"
#include "analysis/gaps_verdict.hpp"
#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"

namespace kolcat::analysis {

enum class DifferenceFlag { widening, larger_than_riket, larger_than_most, reversed };

// The flag's public name, "widening", "larger_than_riket", ...
std::string_view to_string(DifferenceFlag flag);
std::optional<DifferenceFlag> parse_difference_flag(std::string_view text);
// In the order above.
std::span<const DifferenceFlag> all_difference_flags();
// "widening, larger_than_riket, larger_than_most, reversed": for error messages.
std::string difference_flag_choices();

enum class Behind { women, men, neither, not_judged };
std::string_view to_string(Behind behind);

// A key figure to examine: its curated direction and breakdown design (a key figure that is
// not curated is neutral, with the design `values`).
struct DifferencesKpi {
    std::string id;
    curated::Direction direction = curated::Direction::neutral;
    bool curated = false;
    curated::Breakdown breakdown = curated::Breakdown::values;
    std::optional<std::string> partner;
};
DifferencesKpi differences_kpi(const curated::CuratedKpi& kpi);

struct DifferencesRequest {
    std::vector<DifferencesKpi> kpis;
    std::string focus = "0025";        // as compare's focus; never Riket
    std::vector<std::string> against;  // as compare's
    int trend_years = 5;               // --trend N
    // The period, as compare's (CompareRequest::years, common_year): the report passes its own
    // --year so that its flags speak of the year it shows.
    std::optional<catalogue::YearSet> years;
    bool common_year = false;
    // Only judged rows with at least one of these flags (none: every row). The rows that
    // cannot be judged are always kept: for them a flag is unknown, not absent.
    std::vector<DifferenceFlag> flags;
    // Local notes; each row carries those on its key figure.
    std::vector<curated::Note> notes;
};

struct DifferenceRow {
    std::string kpi;
    std::string title;              // empty when the catalogue has no metadata for it
    std::string municipality_type;  // "K", "L", "A" or empty
    curated::Direction direction = curated::Direction::neutral;
    bool curated = false;
    std::optional<int> period;
    std::string focus_unit;  // the unit the values are stored under ("G33632" for K)
    bool judged = false;     // the focus has K and M in the period
    std::optional<double> k;
    std::optional<double> m;
    std::optional<double> gap;    // K − M
    std::optional<double> ratio;  // K / M; missing when M is 0
    std::optional<double> relative_gap;
    std::optional<Behind> behind;  // missing when not judged
    std::optional<double> gap_change;
    std::optional<int> base_year;
    std::optional<double> riket_gap;
    std::optional<double> median_gap;
    int units_compared = 0;             // the compared units (focus and Riket not among them)
    int units_with_gap = 0;             // of them, those with K and M in the period
    int units_smaller_gap = 0;          // of those, the ones whose |gap| is smaller than the focus'
    std::vector<DifferenceFlag> flags;  // in the order of all_difference_flags()
    std::optional<Verdict> verdict;     // the gaps verdict, for the rows that cannot be judged
    // False when the catalogue never synced the key figure for the focus (or for Riket): the
    // values are unknown, not missing at Kolada.
    bool synced = true;
    bool riket_synced = true;
    // Every unit of the row (focus, Riket, compared) that the catalogue never synced.
    std::vector<std::string> not_synced_units;
    std::vector<curated::Note> notes;
    // A pair judged as one: K is the women's key figure's T value, M the men's (their ids).
    std::optional<std::string> pair_women;
    std::optional<std::string> pair_men;
};

// {"kpi","title","period","K","M","gap","ratio","relative_gap","behind","gap_change",
//  "base_year","riket_gap","median_gap","flags", then "judged","verdict","direction","focus",
//  "synced","riket_synced","units_compared","units_with_gap","notes","pair"}, found by ADL
// ("pair": {"women","men"} for a pair judged as one, else null). Derived
// numbers are tidied (tidy_number); missing ones are null.
void to_json(nlohmann::ordered_json& json, const DifferenceRow& row);

// --- the rules, free of any storage (see the definitions above) ---

// (K − M) / ((|K| + |M|) / 2); 0 when K = M; missing when K or M is.
std::optional<double> relative_gap(const std::optional<double>& k, const std::optional<double>& m);
// Missing when K or M is.
std::optional<Behind> who_is_behind(curated::Direction direction, const std::optional<double>& k,
                                    const std::optional<double>& m);
// The median; missing for no values.
std::optional<double> median(std::vector<double> values);

// What the flags are decided from.
struct GapFacts {
    std::optional<double> gap;         // the focus' gap in the period
    std::optional<double> gap_change;  // since the base year
    std::optional<double> riket_gap;
    std::vector<double> compared_gaps;  // the compared units' gaps (those with one)
};
std::vector<DifferenceFlag> difference_flags(const GapFacts& facts);
// How many compared gaps are smaller in absolute size than the focus' (0 without a gap).
int smaller_gaps(const GapFacts& facts);

// The order of the rows: judged ones first by |relative gap| (largest first, then by id).
// Cannot-be-judged rows compare equal among themselves, so a stable sort keeps their order.
bool sorts_before(const DifferenceRow& a, const DifferenceRow& b);

// One row per key figure of the request (none dropped but by request.flags), in the order of
// sorts_before. Throws CatalogueError on a storage failure.
std::vector<DifferenceRow> find_differences(catalogue::Catalogue& catalogue,
                                            const DifferencesRequest& request);

}  // namespace kolcat::analysis
