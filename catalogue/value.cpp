#include "catalogue/value.hpp"

namespace kolcat::catalogue {

std::string_view to_string(Gender gender) {
    switch (gender) {
        case Gender::T:
            return "T";
        case Gender::K:
            return "K";
        case Gender::M:
            return "M";
    }
    return "?";  // unreachable for valid enum values; keeps -Wreturn-type quiet
}

std::optional<Gender> parse_gender(std::string_view code) {
    if (code == "T") {
        return Gender::T;
    }
    if (code == "K") {
        return Gender::K;
    }
    if (code == "M") {
        return Gender::M;
    }
    return std::nullopt;
}

}  // namespace kolcat::catalogue
