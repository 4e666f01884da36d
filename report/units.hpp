#pragma once
// The unit of measure of a Kolada key figure. Kolada's v3 metadata has no unit field; the unit
// is the tail of the title by convention ("Ohälsotal, dagar", "..., andel (%)",
// "Mediannettoinkomst, kr/inv 20+"). The report uses it as the charts' axis caption.

#include <optional>
#include <string>
#include <string_view>

namespace kolcat::report {

// "andel (%)", "kr", "dagar", "antal/100 000 inv"; "" when the title names no unit. A trailing
// validity note such as "(-2024)" is dropped.
std::string unit_of_measure(std::string_view title);

// Which sex a key figure of a pair measures, from the words of its title ("Medellivslängd
// kvinnor, år"): kvinnor/kvinna/flickor or män/man/pojkar. nullopt when the title names
// neither or both.
enum class TitleSex { women, men };
std::optional<TitleSex> sex_in_title(std::string_view title);

}  // namespace kolcat::report
