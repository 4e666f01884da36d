#include "analysis/title_sex.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace kolcat::analysis {

std::optional<TitleSex> sex_in_title(std::string_view title) {
    // Words are runs of letters; a byte above 0x7F belongs to a letter ("män", "flickor").
    const auto letter = [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0 ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    bool women = false;
    bool men = false;
    std::size_t at = 0;
    while (at < title.size()) {
        if (!letter(title[at])) {
            ++at;
            continue;
        }
        std::size_t end = at;
        while (end < title.size() && letter(title[end])) {
            ++end;
        }
        std::string word(title.substr(at, end - at));
        std::transform(word.begin(), word.end(), word.begin(), [](char c) {
            return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        });
        women = women || word == "kvinnor" || word == "kvinna" || word == "kvinnors" ||
                word == "flickor";
        men = men || word == "män" || word == "man" || word == "mäns" || word == "pojkar";
        at = end;
    }
    if (women == men) {
        return std::nullopt;
    }
    return women ? TitleSex::women : TitleSex::men;
}

}  // namespace kolcat::analysis
