#pragma once
// A Kolada client cannot tell "never synced" from "no data": every data answer names the
// requested (key figure, unit) pairs that the catalogue never synced, in a header.

#include <cstddef>
#include <string>

#include "catalogue/catalogue.hpp"
#include "kolada_api/data_source.hpp"

namespace kolcat::serve {

inline constexpr const char* kNotSyncedHeader = "X-Kolcat-Not-Synced";
inline constexpr const char* kNotSyncedCountHeader = "X-Kolcat-Not-Synced-Count";
// At most this many pairs are listed; the count header gives them all.
inline constexpr std::size_t kMaxListedPairs = 100;

struct NotSyncedHeader {
    // "N00945:0025,N00945:2580" (sorted by key figure, then unit); "none" when every pair
    // was synced; "*" when the request left key figures or units open, so that the pairs are not
    // known (/v3/status gives the catalogue's scope). More than kMaxListedPairs end in ",...".
    std::string value;
    std::size_t count = 0;  // pairs never synced; 0 for "*"
};

NotSyncedHeader not_synced_header(const catalogue::Catalogue& catalogue,
                                  const kolada_api::DataQuery& query);

}  // namespace kolcat::serve
