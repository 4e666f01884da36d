#pragma once
// Numbers for people, in charts, report tables and terminal tables alike: fixed,
// locale-independent formatting (the same bytes on every machine, whatever LC_NUMERIC says, so
// tests can compare output) with Swedish or English separators.

#include <string>
#include <vector>

namespace kolcat::text {

// How a number is written for people. Swedish: "12 345,6" with a no-break space; English:
// "12,345.6".
struct NumberStyle {
    std::string decimal_separator = ".";
    std::string group_separator = ",";

    static NumberStyle swedish();
    static NumberStyle english();
};

// `value` rounded to `decimals` places (0..6), grouped by thousands. Never "-0".
std::string format_number(double value, int decimals, const NumberStyle& style);

// The decimals a set of values needs to be shown as stored: the fewest places (0..2) that
// represent every value exactly, 2 when none does; 0 for magnitudes of 1000 and more.
int choose_decimals(const std::vector<double>& values);
// The fewest places (0..most) that represent every value exactly, `most` when none does: whole
// numbers get no ",0".
int fewest_exact_decimals(const std::vector<double>& values, int most);
// Whether `decimals` places represent `value` exactly (to 1e-6 of the last place): the test
// fewest_exact_decimals applies to each value, for callers that see values one at a time.
bool exact_at_decimals(double value, int decimals);

// `value` with exactly `decimals` places and a '.' (std::to_chars: never the C locale's).
std::string fixed_text(double value, int decimals);
// The text with its '.' replaced by `decimal_separator`.
std::string with_decimal_separator(std::string text, char decimal_separator);
// Shortest text that reads back as exactly the same double ("24.88", "1e-07").
std::string format_full_precision(double value, char decimal_separator = '.');

}  // namespace kolcat::text
