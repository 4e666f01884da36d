#pragma once
// Dates as the fake server needs them: "YYYY-MM-DD" text <-> a day number, so that a cell's
// "changed on" date fits in two bytes and from_date comparisons are integer comparisons.

#include <optional>
#include <string>
#include <string_view>

namespace kolcat::demo {

// Days since 1970-01-01 (proleptic Gregorian calendar).
using DayNumber = int;

// Parses exactly "YYYY-MM-DD" with a real calendar date; anything else is std::nullopt.
std::optional<DayNumber> parse_iso_date(std::string_view text);
// Formats a day number as "YYYY-MM-DD".
std::string format_iso_date(DayNumber day);
// Today's UTC date as "YYYY-MM-DD" (only the demo server asks the wall clock).
std::string utc_today();

}  // namespace kolcat::demo
