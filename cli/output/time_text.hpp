#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace kolcat::cli {

// "2026-11-26T13:38:54Z" for the current time, in UTC.
std::string utc_timestamp_now();
// "2026-11-26" for the current day, in UTC.
std::string utc_date_today();
// Parses "YYYY-MM-DDTHH:MM:SSZ"; nullopt when malformed.
std::optional<std::chrono::sys_seconds> parse_utc_timestamp(const std::string& text);
// "3 days", "5 hours", "12 minutes", "40 seconds".
std::string describe_age(std::chrono::seconds age);
// "1:05:12" or "4:07" for an ETA.
std::string describe_duration(std::chrono::seconds duration);

}  // namespace kolcat::cli
