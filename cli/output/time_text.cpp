#include "cli/output/time_text.hpp"

#include <cstdio>
#include <ctime>

namespace kolcat::cli {
namespace {

std::string format_now(const char* pattern) {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char buffer[32];
    const std::size_t length = std::strftime(buffer, sizeof buffer, pattern, &parts);
    return std::string(buffer, length);
}

std::string plural(long long count, const char* unit) {
    return std::to_string(count) + " " + unit + (count == 1 ? "" : "s");
}

}  // namespace

std::string utc_timestamp_now() {
    return format_now("%Y-%m-%dT%H:%M:%SZ");
}

std::string utc_date_today() {
    return format_now("%Y-%m-%d");
}

std::optional<std::chrono::sys_seconds> parse_utc_timestamp(const std::string& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char zone = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                    &second, &zone) != 7 ||
        zone != 'Z') {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{second};
}

std::string describe_age(std::chrono::seconds age) {
    const long long seconds = age.count();
    if (seconds < 0) {
        return "in the future (check the clock)";
    }
    if (seconds < 120) {
        return plural(seconds, "second");
    }
    if (seconds < 7200) {
        return plural(seconds / 60, "minute");
    }
    if (seconds < 172800) {
        return plural(seconds / 3600, "hour");
    }
    return plural(seconds / 86400, "day");
}

std::string describe_duration(std::chrono::seconds duration) {
    const long long total = duration.count() < 0 ? 0 : duration.count();
    char buffer[32];
    if (total >= 3600) {
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60,
                      total % 60);
    } else {
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld", total / 60, total % 60);
    }
    return buffer;
}

}  // namespace kolcat::cli
