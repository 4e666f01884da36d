#include "cli/report_units.hpp"

#include <array>
#include <regex>

#include "cli/text_width.hpp"

namespace kolcat::cli {
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

}  // namespace

std::string unit_of_measure(std::string_view title) {
    std::string text(title);
    // A validity note at the end: "index (-2024)", "andel (%) (-2023)".
    static const std::regex validity_note(R"(\s*\((-?\d{4}-?(\d{4})?)\)\s*$)");
    text = std::regex_replace(text, validity_note, "");
    const auto comma = text.rfind(',');
    if (comma != std::string::npos) {
        std::string tail = trim(text.substr(comma + 1));
        if (!tail.empty() && display_width(tail) <= 44 && starts_like_a_unit(tail)) {
            return tail;
        }
    }
    // "… andel av antal dagar (%)" or "… Andel som svarat …, (%)" without a clean tail.
    if (text.find("(%)") != std::string::npos) {
        return "%";
    }
    return {};
}

}  // namespace kolcat::cli
