#include "demo/calendar.hpp"

#include <chrono>
#include <cstdio>

namespace kolcat::demo {

namespace {

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int to_int(std::string_view digits) {
    int result = 0;
    for (char c : digits) {
        result = result * 10 + (c - '0');
    }
    return result;
}

}  // namespace

std::optional<DayNumber> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto year_text = text.substr(0, 4);
    const auto month_text = text.substr(5, 2);
    const auto day_text = text.substr(8, 2);
    if (!all_digits(year_text) || !all_digits(month_text) || !all_digits(day_text)) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{
        std::chrono::year{to_int(year_text)},
        std::chrono::month{static_cast<unsigned>(to_int(month_text))},
        std::chrono::day{static_cast<unsigned>(to_int(day_text))}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{date}.time_since_epoch().count();
}

std::string format_iso_date(DayNumber day) {
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::string utc_today() {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return format_iso_date(static_cast<DayNumber>(today.time_since_epoch().count()));
}

}  // namespace kolcat::demo
