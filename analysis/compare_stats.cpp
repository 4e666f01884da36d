#include "analysis/compare_stats.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kolcat::analysis {

std::optional<double> sex_gap(const GenderValues& values) {
    return difference(values.k, values.m);
}

std::optional<double> sex_ratio(const GenderValues& values) {
    if (!values.k || !values.m || *values.m == 0.0) {
        return std::nullopt;
    }
    return *values.k / *values.m;
}

std::optional<double> difference(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a || !b) {
        return std::nullopt;
    }
    return *a - *b;
}

std::vector<std::optional<int>> competition_ranks(const std::vector<std::optional<double>>& values,
                                                  curated::Direction direction) {
    std::vector<std::size_t> present;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i]) {
            present.push_back(i);
        }
    }
    const bool ascending = direction == curated::Direction::lower_is_better;
    auto better = [&](std::size_t a, std::size_t b) {
        return ascending ? *values[a] < *values[b] : *values[a] > *values[b];
    };
    std::stable_sort(present.begin(), present.end(), better);

    std::vector<std::optional<int>> ranks(values.size());
    for (std::size_t place = 0; place < present.size(); ++place) {
        const std::size_t index = present[place];
        const bool tied_with_previous = place > 0 && *values[present[place - 1]] == *values[index];
        ranks[index] = tied_with_previous ? ranks[present[place - 1]]
                                          : std::optional<int>(static_cast<int>(place) + 1);
    }
    return ranks;
}

bool at_least_half(int units_with_value, int units_compared) {
    return units_compared > 0 && 2 * units_with_value >= units_compared;
}

std::optional<int> latest_common_year(const YearCoverage& coverage) {
    for (auto it = coverage.units_with_t.rbegin(); it != coverage.units_with_t.rend(); ++it) {
        if (at_least_half(it->second, coverage.units_compared)) {
            return it->first;
        }
    }
    return std::nullopt;
}

PeriodChoice choose_period(const std::optional<catalogue::YearSet>& years, bool common,
                           const std::vector<int>& focus_periods,
                           const std::vector<int>& other_periods, const YearCoverage& coverage) {
    using Source = PeriodChoice::Source;
    if (common) {
        return {latest_common_year(coverage), Source::common};
    }
    if (years) {
        if (const auto year = years->single_year()) {
            return {year, Source::requested};
        }
        if (const auto year = years->latest_of(focus_periods)) {
            return {year, Source::set_focus};
        }
        if (const auto year = years->latest_of(other_periods)) {
            return {year, Source::set_others};
        }
        return {std::nullopt, Source::none};
    }
    if (!focus_periods.empty()) {
        return {*std::max_element(focus_periods.begin(), focus_periods.end()),
                Source::focus_latest};
    }
    if (!other_periods.empty()) {
        return {*std::max_element(other_periods.begin(), other_periods.end()),
                Source::others_latest};
    }
    return {std::nullopt, Source::none};
}

std::optional<Change> change_over(const std::map<int, GenderValues>& series, int to_period,
                                  int years) {
    const auto end = series.find(to_period);
    if (years <= 0 || end == series.end() || !end->second.any()) {
        return std::nullopt;
    }
    // The earliest year of the window that has a T value: a survey held every other year still
    // shows a change over "the last 3 years".
    for (auto it = series.lower_bound(to_period - years); it != end; ++it) {
        if (!it->second.t) {
            continue;
        }
        const GenderValues& from = it->second;
        const GenderValues& to = end->second;
        return Change{it->first,
                      to_period,
                      difference(to.t, from.t),
                      difference(to.k, from.k),
                      difference(to.m, from.m),
                      difference(sex_gap(to), sex_gap(from))};
    }
    return std::nullopt;
}

std::optional<double> tidy_number(const std::optional<double>& value) {
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

std::optional<Change> tidy_change(const std::optional<Change>& change) {
    if (!change) {
        return change;
    }
    Change tidy = *change;
    tidy.t = tidy_number(change->t);
    tidy.k = tidy_number(change->k);
    tidy.m = tidy_number(change->m);
    tidy.gap = tidy_number(change->gap);
    return tidy;
}

}  // namespace kolcat::analysis
