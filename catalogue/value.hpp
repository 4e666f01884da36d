#pragma once
// One data point: a key figure's value for one unit, period and gender.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kolcat::catalogue {

// Kolada's gender codes. The numeric order is the output order T, K, M.
enum class Gender : std::uint8_t { T = 0, K = 1, M = 2 };

// "T", "K" or "M".
std::string_view to_string(Gender gender);
// Parses "T", "K" or "M"; anything else is std::nullopt.
std::optional<Gender> parse_gender(std::string_view code);

struct Value {
    std::string kpi;           // "N00957"
    std::string municipality;  // a unit or group id: "0025", "G33632"
    int period = 0;            // the year
    Gender gender = Gender::T;
    std::optional<double> value;  // Kolada sends null for suppressed or missing values
    std::optional<int> count;     // for groups: how many members had a value
    std::string status;           // Kolada's status text, usually empty
    bool is_deleted = false;      // set by incremental (from_date) answers: remove it locally
};

}  // namespace kolcat::catalogue
