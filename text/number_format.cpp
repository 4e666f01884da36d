#include "text/number_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace kolcat::text {

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

bool exact_at_decimals(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::abs(std::round(value * scale) - value * scale) < 1e-6;
}

int fewest_exact_decimals(const std::vector<double>& values, int most) {
    for (int decimals = 0; decimals < most; ++decimals) {
        const bool exact = std::all_of(values.begin(), values.end(), [&](double value) {
            return exact_at_decimals(value, decimals);
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

std::string with_decimal_separator(std::string text, char decimal_separator) {
    if (decimal_separator != '.') {
        std::replace(text.begin(), text.end(), '.', decimal_separator);
    }
    return text;
}

std::string format_full_precision(double value, char decimal_separator) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Inf" : "-Inf";
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return with_decimal_separator(std::string(buffer, result.ptr), decimal_separator);
}

}  // namespace kolcat::text
