#include "report/svg/format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace kolcat::report {
std::string format_coordinate(double value) {
    std::string text = text::fixed_text(value, 2);
    while (!text.empty() && text.back() == '0') {
        text.pop_back();
    }
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    if (text == "-0") {
        text = "0";
    }
    return text;
}

AxisTicks nice_ticks(double low, double high, int target_count) {
    if (!std::isfinite(low) || !std::isfinite(high)) {
        throw std::invalid_argument("axis range must be finite");
    }
    if (low > high) {
        std::swap(low, high);
    }
    if (low == high) {
        const double pad = low == 0 ? 1 : std::abs(low) * 0.1;
        low -= pad;
        high += pad;
    }
    target_count = std::max(target_count, 2);
    const double rough = (high - low) / (target_count - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double normalised = rough / magnitude;
    double factor = 10;
    for (const double candidate : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (normalised <= candidate * (1 + 1e-9)) {
            factor = candidate;
            break;
        }
    }
    AxisTicks ticks;
    ticks.step = factor * magnitude;
    // Integer multiples of the step, so that the ticks carry no accumulated rounding error.
    const auto first = static_cast<long long>(std::floor(low / ticks.step + 1e-9));
    const auto last = static_cast<long long>(std::ceil(high / ticks.step - 1e-9));
    for (long long i = first; i <= last; ++i) {
        const double tick = static_cast<double>(i) * ticks.step;
        ticks.values.push_back(tick == 0 ? 0.0 : tick);  // no -0
    }
    if (ticks.values.size() < 2) {
        ticks.values.push_back(static_cast<double>(last + 1) * ticks.step);
    }
    const int magnitude_places = static_cast<int>(-std::floor(std::log10(ticks.step) + 1e-9));
    ticks.decimals = std::max(0, magnitude_places + (factor == 2.5 ? 1 : 0));
    return ticks;
}

std::optional<Extent> extent_of(const std::vector<std::optional<double>>& values) {
    std::optional<Extent> extent;
    for (const auto& value : values) {
        if (!value || !std::isfinite(*value)) {
            continue;
        }
        if (!extent) {
            extent = Extent{*value, *value};
        } else {
            extent->low = std::min(extent->low, *value);
            extent->high = std::max(extent->high, *value);
        }
    }
    return extent;
}

}  // namespace kolcat::report
