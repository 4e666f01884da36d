#include "sync/kolada/page_continuity.hpp"

#include <algorithm>

namespace kolcat::sync {

PageContinuity::ItemKey PageContinuity::key_of(const catalogue::Value& value) {
    return ItemKey{value.kpi, value.municipality, value.period};
}

bool PageContinuity::held_before(const ItemKey& key) const {
    return std::find(recent_.begin(), recent_.end(), key) != recent_.end();
}

bool PageContinuity::join(std::vector<catalogue::Value>& values, bool overlapping) {
    bool joined = first_page_;
    if (!first_page_ && overlapping && !values.empty()) {
        joined = held_before(key_of(values.front()));
    }
    first_page_ = false;
    if (joined) {
        // The repeated items lead the page; an item added among them ends the run, and what
        // follows it is stored twice, which changes nothing.
        std::size_t repeated = 0;
        while (repeated < values.size() && held_before(key_of(values[repeated]))) {
            ++repeated;
        }
        values.erase(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(repeated));
    }
    remember(values);
    return joined;
}

void PageContinuity::remember(const std::vector<catalogue::Value>& values) {
    // Only the tail can matter: read it backwards, then keep it in the answer's order.
    std::vector<ItemKey> tail;
    for (auto value = values.rbegin(); value != values.rend() && tail.size() < remembered_items;
         ++value) {
        ItemKey key = key_of(*value);
        if (tail.empty() || !(tail.back() == key)) {
            tail.push_back(std::move(key));
        }
    }
    for (auto key = tail.rbegin(); key != tail.rend(); ++key) {
        recent_.push_back(std::move(*key));
    }
    while (recent_.size() > remembered_items) {
        recent_.pop_front();
    }
}

}  // namespace kolcat::sync
