#pragma once
// Pages of one answer that overlap, so that a reader can prove it missed no item.
//
// Kolada pages by offset: page n of per_page p holds the items at [(n - 1) p, n p). When an item
// the client has already read is deleted, every later item moves up one place, and the item
// that would have opened the next page is never seen. Pages that overlap make that visible:
// page n is asked with a per_page one smaller than page n - 1's. From a first per_page P, page n
// holds per_page P - n + 1 and begins at (n - 1)(P - n + 1), n - 1 items before page n - 1
// ended at (n - 1)(P - n + 2). When the first item of a page is one the page before held, every
// item between them was read, whatever moved meanwhile (page_continuity.hpp). Only when that
// fails does a full segment need its closing check (sync_engine.cpp), a request of its own.
//
// The price is the items read twice: n pages reach n (P - n + 1) items where pages that do not
// overlap reach n P, n (n - 1) fewer. That stays below one page of 5 000, the cost of a closing
// check, up to 70 pages (70 x 69 = 4 830); an answer longer than that (Kolada's largest run to a
// few dozen pages) overlaps for 70 pages, then follows the server's next_url and falls back on
// its closing check.

#include <cstdint>
#include <optional>
#include <string>

#include "sync/http/url.hpp"

namespace kolcat::sync {

// Where a page begins: its `page` (from 1) and `per_page` query parameters.
struct PagePosition {
    std::int64_t page = 1;
    int per_page = 0;
    bool operator==(const PagePosition&) const = default;
};

// The position a URL asks for: `page` defaults to 1, as at Kolada. Nothing when the URL names
// no per_page (the server's default is not known) or names either one unreadably.
std::optional<PagePosition> page_position(const http::Url& url);

// The URL with `page` and `per_page` set to `position`, the other parameters as they were.
http::Url with_page_position(http::Url url, PagePosition position);

// The URL as a key for "this page was fetched before": the same page however its parameters are
// ordered, and with or without page=1. A URL without a readable position stays as it is.
std::string page_key(const http::Url& url);

// How many pages of one answer overlap, at most, for a first per_page of `first_per_page`: 70
// for Kolada's 5 000, fewer for a small per_page, whose pages would otherwise shrink to nothing.
std::int64_t max_overlapping_pages(std::int64_t first_per_page);

// The page after `current` that overlaps it: page + 1, per_page - 1. Nothing once
// max_overlapping_pages is reached. The first per_page is worked out from `current`, so the
// sequence goes on the same way after a resume.
std::optional<PagePosition> next_overlapping(PagePosition current);

// What reading `items` items from a first per_page of `per_page` takes, overlapping as above.
struct OverlappingRead {
    std::int64_t pages = 1;       // at least one, also for no item
    bool beyond_overlap = false;  // some page follows the server's next_url
};
OverlappingRead overlapping_read(std::int64_t items, int per_page);

}  // namespace kolcat::sync
