#pragma once
// The request floor of a sync's scope, and the requests a plan is expected to make.
//
// What Kolada pages is data items: one item is a key figure, a unit and a period, holding its
// gender entries (T, K, M) together, and a page holds at most 5 000 of them. The floor of a
// scope is the number of such pages its values fill when no request asks for a (key figure,
// unit) pair that cannot hold a value (pair_types.hpp): ceil(items / 5 000), where items are
// the data items Kolada holds for the scope's possible pairs and years. No plan can make
// fewer data requests; each request beyond the floor is a page that is not full: the last page
// of a segment, a segment with no values at all, the items overlapping pages repeat
// (overlapping_pages.hpp), or the check that closes a full segment whose pages could not be
// proven to have missed nothing (sync_engine.cpp).
//
// How the floor is known: Kolada's pages carry no total (`count` is the items on the page), so
// a plan cannot learn it before it reads the pages. It is counted from the catalogue: after a
// sync, the catalogue holds exactly Kolada's values for the scope, so the summary's floor is
// exact; before one (--dry-run), it is the floor of what the catalogue holds now, and nothing
// when the scope was never synced. Metadata requests are counted apart: they do not depend on
// the scope.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "catalogue/sync_state.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::sync {

struct PlanEstimate {
    std::size_t segments = 0;       // of the plan
    std::size_t segments_left = 0;  // not done yet (a resumed run has done some)
    std::int64_t items = 0;         // data items the catalogue holds for the plan's pairs
    std::int64_t floor = 0;         // ceil(items / 5 000)
    // Data requests of the segments left, from the items stored: a full segment reads its
    // overlapping pages (overlapping_read), plus its closing check when they run beyond the
    // overlap; one of groups only max(1, ceil(items / per_page)) pages, which do not overlap;
    // an incremental one reads at least one page.
    std::int64_t expected_requests = 0;
};

// Pages of `per_page` items needed for `items` items.
std::int64_t pages_for(std::int64_t items, int per_page);

// One range read of the stored values of the plan's key figures.
PlanEstimate estimate_plan(const catalogue::Catalogue& catalogue,
                           const std::vector<catalogue::SyncSegment>& plan, int per_page);

}  // namespace kolcat::sync
