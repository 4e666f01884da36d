#pragma once
// Which sex a key figure of a pair measures, from the words of its title ("Medellivslängd
// kvinnor, år"): kvinnor/kvinna/kvinnors/flickor or män/man/mäns/pojkar. nullopt when the title
// names neither or both. Kolada's pairs (N00925 women, N00923 men) say it only there.

#include <optional>
#include <string_view>

namespace kolcat::analysis {

enum class TitleSex { women, men };
std::optional<TitleSex> sex_in_title(std::string_view title);

}  // namespace kolcat::analysis
