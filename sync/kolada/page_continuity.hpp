#pragma once
// Proves, page by page, that overlapping pages of one answer (overlapping_pages.hpp) missed no
// item, and drops the items a page repeats from the page before.
//
// Why the first item decides: Kolada returns an answer's items in a stable order, and pages
// are ranges of it. Take an item present from the first page to the last. If each page begins
// with an item the page before held, each page's range reaches at least where the next one
// begins, so the item falls inside one of them: it was read, whatever was deleted or added
// before it meanwhile. A page that begins with an item not held before (more items deleted
// behind it than the pages overlap, a page that does not overlap, an empty page) proves
// nothing, and the segment needs its closing check.

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "catalogue/value.hpp"

namespace kolcat::sync {

class PageContinuity {
  public:
    // Takes the next page's values (flattened: one per gender), in the answer's order, and
    // removes those of the items the pages before already held. `overlapping`: the page was asked
    // to overlap the one before. Returns whether the page is joined to the one before (always
    // true for the first page).
    bool join(std::vector<catalogue::Value>& values, bool overlapping);

  private:
    struct ItemKey {
        std::string kpi;
        std::string unit;
        int period = 0;
        bool operator==(const ItemKey&) const = default;
    };
    static ItemKey key_of(const catalogue::Value& value);
    bool held_before(const ItemKey& key) const;
    void remember(const std::vector<catalogue::Value>& values);

    // The last items read, in order: more than any overlap (at most 100 items), so that a page
    // that moved up by a few deletions still finds its first item here.
    static constexpr std::size_t remembered_items = 256;
    std::deque<ItemKey> recent_;
    bool first_page_ = true;
};

}  // namespace kolcat::sync
