#include "cli/svg_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace kolcat::cli {
namespace {

// std::to_chars ignores the C locale, unlike printf (QCoreApplication calls setlocale).
std::string fixed_text(double value, int decimals) {
    char buffer[128];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    if (result.ec != std::errc()) {
        throw std::runtime_error("cannot format a number");
    }
    return std::string(buffer, result.ptr);
}

}  // namespace

NumberStyle NumberStyle::swedish() {
    return {",", "\u00A0"};
}
NumberStyle NumberStyle::english() {
    return {".", ","};
}

std::string format_number(double value, int decimals, const NumberStyle& style) {
    if (!std::isfinite(value)) {
        return std::isnan(value) ? "NaN" : (value > 0 ? "∞" : "-∞");
    }
    decimals = std::clamp(decimals, 0, 6);
    // Halves round away from zero, as people round by hand (16.25 -> 16.3), where to_chars
    // alone would round an exactly representable half to even.
    const double scale = std::pow(10.0, decimals);
    double magnitude = std::abs(value);
    if (magnitude * scale < 4.5e15) {
        magnitude = std::round(magnitude * scale) / scale;
    }
    std::string digits = fixed_text(magnitude, decimals);
    const bool all_zero = digits.find_first_not_of("0.") == std::string::npos;
    const bool negative = value < 0 && !all_zero;

    const auto point = digits.find('.');
    const std::string integer_part = digits.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);

    std::string grouped;
    const std::size_t length = integer_part.size();
    for (std::size_t i = 0; i < length; ++i) {
        if (i > 0 && (length - i) % 3 == 0) {
            grouped += style.group_separator;
        }
        grouped += integer_part[i];
    }
    std::string out = negative ? "-" : "";
    out += grouped;
    if (!fraction.empty()) {
        out += style.decimal_separator;
        out += fraction;
    }
    return out;
}

std::string format_coordinate(double value) {
    std::string text = fixed_text(value, 2);
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

int fewest_exact_decimals(const std::vector<double>& values, int most) {
    for (int decimals = 0; decimals < most; ++decimals) {
        const double scale = std::pow(10.0, decimals);
        const bool exact = std::all_of(values.begin(), values.end(), [&](double value) {
            return std::abs(std::round(value * scale) - value * scale) < 1e-6;
        });
        if (exact) {
            return decimals;
        }
    }
    return std::max(most, 0);
}

int choose_decimals(const std::vector<double>& values) {
    double largest = 0;
    for (const double value : values) {
        largest = std::max(largest, std::abs(value));
    }
    if (largest >= 1000) {
        return 0;
    }
    return fewest_exact_decimals(values, 2);
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

}  // namespace kolcat::cli
