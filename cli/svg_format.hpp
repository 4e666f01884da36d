#pragma once
// Numbers for charts and report tables: fixed, locale-independent formatting (the same bytes
// on every machine, whatever LC_NUMERIC says, so tests can compare output), Swedish or English
// separators, and "nice" axis ticks (1, 2, 2.5 or 5 times a power of ten).

#include <optional>
#include <string>
#include <vector>

namespace kolcat::cli {

// How a number is written for people. Swedish: "12 345,6" with a no-break space; English:
// "12,345.6".
struct NumberStyle {
    std::string decimal_separator = ".";
    std::string group_separator = ",";

    static NumberStyle swedish();
    static NumberStyle english();
};

// `value` rounded to `decimals` places (0..6), grouped by thousands. Never "-0".
std::string format_number(double value, int decimals, const NumberStyle& style);

// A coordinate in SVG: at most two decimals, no trailing zeros, always '.' ("12.5", "-3").
std::string format_coordinate(double value);

// The decimals a set of values needs to be shown as stored: the fewest places (0..2) that
// represent every value exactly, 2 when none does; 0 for magnitudes of 1000 and more.
int choose_decimals(const std::vector<double>& values);
// The fewest places (0..most) that represent every value exactly, `most` when none does: whole
// numbers get no ",0".
int fewest_exact_decimals(const std::vector<double>& values, int most);

// Evenly spaced round ticks covering [low, high]; the first tick is <= low and the last >= high.
struct AxisTicks {
    std::vector<double> values;
    double step = 1;
    int decimals = 0;  // places the tick labels need ("2.5" needs one)

    double first() const { return values.front(); }
    double last() const { return values.back(); }
};
// About `target_count` ticks (at least two). When low == high the range is widened around it.
AxisTicks nice_ticks(double low, double high, int target_count = 5);

// Minimum and maximum of the values present; nullopt when none is.
struct Extent {
    double low = 0;
    double high = 0;
};
std::optional<Extent> extent_of(const std::vector<std::optional<double>>& values);

}  // namespace kolcat::cli
