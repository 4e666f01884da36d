#pragma once
// The unit of measure of a Kolada key figure. Kolada's v3 metadata has no unit field; the unit
// is the tail of the title by convention ("Ohälsotal, dagar", "..., andel (%)",
// "Mediannettoinkomst, kr/inv 20+"). The report uses it as the charts' axis caption.

#include <optional>
#include <string>
#include <string_view>

#include "analysis/title_sex.hpp"

namespace kolcat::report {

// "andel (%)", "kr", "dagar", "antal/100 000 inv"; "" when the title names no unit. A trailing
// validity note such as "(-2024)" is dropped.
std::string unit_of_measure(std::string_view title);

// Which sex a key figure of a pair measures (analysis/title_sex.hpp).
using analysis::sex_in_title;
using analysis::TitleSex;

}  // namespace kolcat::report
