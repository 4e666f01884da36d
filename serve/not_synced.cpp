#include "serve/not_synced.hpp"

namespace kolcat::serve {

NotSyncedHeader not_synced_header(const catalogue::Catalogue& catalogue,
                                  const kolada_api::DataQuery& query) {
    NotSyncedHeader header;
    if (query.kpis.empty() || query.units.empty()) {
        header.value = "*";
        return header;
    }
    const auto pairs = catalogue.never_synced_pairs(query.kpis, query.units);
    header.count = pairs.size();
    std::size_t listed = 0;
    for (const auto& [kpi, unit] : pairs) {
        if (listed == kMaxListedPairs) {
            header.value += ",...";
            break;
        }
        header.value += (listed == 0 ? "" : ",") + kpi + ":" + unit;
        ++listed;
    }
    if (header.value.empty()) {
        header.value = "none";
    }
    return header;
}

}  // namespace kolcat::serve
