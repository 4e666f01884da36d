#include "cli/focus_region.hpp"

#include "catalogue/unit_mapping.hpp"
#include "cli/exit_codes.hpp"

namespace kolcat::cli {

void require_focus_not_riket(const std::string& id) {
    if (id == catalogue::kRiketId) {
        throw UsageError(
            "--region " + id +
            ": Riket (0000) is always the national row and cannot be the focus; choose a "
            "region or municipality, e.g. --region 0025");
    }
}

std::string against_error_text(const curated::UnitListError& error) {
    switch (error.kind) {
        case curated::UnitListError::Kind::unknown_word:
        case curated::UnitListError::Kind::unknown_unit:
            return std::string("--against: ") + error.what();
        case curated::UnitListError::Kind::empty:
            break;
    }
    return "--against needs a region set or unit ids (known sets: " + error.known_sets + ")";
}

void throw_against_error(const curated::UnitListError& error) {
    throw NotFoundError(against_error_text(error));
}

}  // namespace kolcat::cli
