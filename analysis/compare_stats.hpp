#pragma once
// The arithmetic of `kolcat compare`, free of any storage: sex gap and ratio, direction-aware
// ranks, the choice of the period and the change over a number of years. A missing input always
// gives a missing result, never 0.

#include <map>
#include <optional>
#include <vector>

#include "catalogue/year_set.hpp"
#include "curated/indicators.hpp"

namespace kolcat::analysis {

// One unit's values in one period: T total, K women, M men.
struct GenderValues {
    std::optional<double> t;
    std::optional<double> k;
    std::optional<double> m;

    bool any() const { return t || k || m; }
    bool operator==(const GenderValues&) const = default;
};

// K − M, or nothing when either is missing.
std::optional<double> sex_gap(const GenderValues& values);
// K / M, or nothing when either is missing or M is 0 (no meaningful ratio).
std::optional<double> sex_ratio(const GenderValues& values);
// a − b, or nothing when either is missing.
std::optional<double> difference(const std::optional<double>& a, const std::optional<double>& b);

// Standard competition ranks ("1224") of the values that are present, 1 being the best:
// higher_is_better ranks the largest first, lower_is_better the smallest first, and neutral ranks
// by value descending (the caller must say that the order implies no judgement). Equal values
// share a rank; a missing value gets no rank and takes no place. Same order as `values`.
std::vector<std::optional<int>> competition_ranks(const std::vector<std::optional<double>>& values,
                                                  curated::Direction direction);

// Which period a key figure is compared in, and why.
struct PeriodChoice {
    enum class Source {
        requested,      // --year Y, one year: shown even when no unit has a value in it
        set_focus,      // --year SET: the latest year of the set with a value for the focus
        set_others,     // --year SET, the focus has none in it: the latest of any compared unit
        focus_latest,   // the latest year with a value for the focus unit
        others_latest,  // the focus has no value in any year: the latest year of any compared unit
        common,         // --year common: the latest year in which at least half of the compared
                        // units have a T value (none when there is no such year)
        none            // no compared unit has any value (in the set, with --year SET)
    };
    std::optional<int> period;
    Source source = Source::none;
};

// How many of the compared units (the ranked ones) have a T value, year by year.
struct YearCoverage {
    std::map<int, int> units_with_t;  // year -> compared units with a T value in it
    int units_compared = 0;
};
// At least half: 11 of 21, 2 of 4, 1 of 1; never when nothing is compared.
bool at_least_half(int units_with_value, int units_compared);
// The latest year in which at least half of the compared units have a T value.
std::optional<int> latest_common_year(const YearCoverage& coverage);

// `years`: --year as a set (nothing: the default, latest); `common`: --year common.
// `focus_periods` and `other_periods`: the years in which the focus unit, or any compared unit,
// has at least one value (T, K or M).
PeriodChoice choose_period(const std::optional<catalogue::YearSet>& years, bool common,
                           const std::vector<int>& focus_periods,
                           const std::vector<int>& other_periods, const YearCoverage& coverage);

// The change of one unit's values from `from_period` to `to_period`.
struct Change {
    int from_period = 0;
    int to_period = 0;
    std::optional<double> t;
    std::optional<double> k;
    std::optional<double> m;
    std::optional<double> gap;  // change of K − M: negative means the gap shrank if K > M
};
// Differences and ratios computed in binary floating point carry noise in their last digits
// (24.88 - 20.31 = 4.569999999999997); 12 significant digits are more than Kolada's values have,
// so the noise goes and no information does. Stored values are shown as they are.
std::optional<double> tidy_number(const std::optional<double>& value);
std::optional<Change> tidy_change(const std::optional<Change>& change);

// Change over the last `years` years ending in `to_period`: from the earliest year in
// [to_period − years, to_period − 1] in which the unit has a T value (surveys skip years; a year
// with only K and M values is no base, or the change of T would be empty), to to_period.
// Nothing when the unit has no value in to_period or no T value in that window. Each gender's
// change is missing when either end is missing for it.
std::optional<Change> change_over(const std::map<int, GenderValues>& series, int to_period,
                                  int years);

}  // namespace kolcat::analysis
