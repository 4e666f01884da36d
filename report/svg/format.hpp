#pragma once
// Numbers for charts: SVG coordinates and "nice" axis ticks (1, 2, 2.5 or 5 times a power of
// ten). Numbers for people are text/number_format.hpp's.

#include <optional>
#include <string>
#include <vector>

#include "text/number_format.hpp"

namespace kolcat::report {

// A coordinate in SVG: at most two decimals, no trailing zeros, always '.' ("12.5", "-3").
std::string format_coordinate(double value);

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

}  // namespace kolcat::report
