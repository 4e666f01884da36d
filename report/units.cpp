#include "report/units.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "text/text_width.hpp"

namespace kolcat::report {
namespace {

std::string trim(std::string text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Words a unit tail starts with in Kolada's titles.
bool starts_like_a_unit(const std::string& tail) {
    static constexpr std::array<std::string_view, 12> starts = {
        "andel", "kr",  "antal", "dagar",  "år",      "index",
        "%",     "tkr", "mkr",   "timmar", "procent", "poäng"};
    for (const auto word : starts) {
        if (tail.rfind(word, 0) == 0) {
            return true;
        }
    }
    return false;
}

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Removes a validity note at the end of a title: "(-2024)", "(2019-)", "(2019-2024)" or
// "(2019)", with the spaces around it. (Hand-written rather than std::regex, which is slow and
// makes GCC 12 report false "maybe uninitialized" warnings inside <functional> under ASan.)
std::string without_validity_note(std::string text) {
    const auto end = text.find_last_not_of(" \t");
    if (end == std::string::npos || text[end] != ')') {
        return text;
    }
    const auto open = text.rfind('(', end);
    if (open == std::string::npos) {
        return text;
    }
    std::string_view inside(text.data() + open + 1, end - open - 1);
    // -?dddd-?(dddd)?
    if (inside.starts_with('-')) {
        inside.remove_prefix(1);
    }
    const auto four_digits = [&inside] {
        if (inside.size() < 4 || !std::all_of(inside.begin(), inside.begin() + 4, is_digit)) {
            return false;
        }
        inside.remove_prefix(4);
        return true;
    };
    if (!four_digits()) {
        return text;
    }
    if (inside.starts_with('-')) {
        inside.remove_prefix(1);
    }
    if (!inside.empty() && (!four_digits() || !inside.empty())) {
        return text;  // more than a second year
    }
    const auto kept = text.find_last_not_of(" \t\n\r\f\v", open == 0 ? 0 : open - 1);
    return open == 0 || kept == std::string::npos ? std::string() : text.substr(0, kept + 1);
}

}  // namespace

std::string unit_of_measure(std::string_view title) {
    // A validity note at the end: "index (-2024)", "andel (%) (-2023)".
    const std::string text = without_validity_note(std::string(title));
    const auto comma = text.rfind(',');
    if (comma != std::string::npos) {
        std::string tail = trim(text.substr(comma + 1));
        if (!tail.empty() && text::display_width(tail) <= 44 && starts_like_a_unit(tail)) {
            return tail;
        }
    }
    // "… andel av antal dagar (%)" or "… Andel som svarat …, (%)" without a clean tail.
    if (text.find("(%)") != std::string::npos) {
        return "%";
    }
    return {};
}

}  // namespace kolcat::report
