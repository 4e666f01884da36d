#include "cli/focus_region.hpp"

#include "catalogue/unit_mapping.hpp"
#include "cli/exit_codes.hpp"

namespace kolcat::cli {

void require_focus_not_riket(const std::string& id) {
    if (id == kRiketId) {
        throw UsageError(
            "--region " + id +
            ": Riket (0000) is always the national row and cannot be the focus; choose a "
            "region or municipality, e.g. --region 0025");
    }
}

}  // namespace kolcat::cli
