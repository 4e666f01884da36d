// Pages that overlap: the positions kolcat asks for, and what reading an answer that way costs.
// The expected numbers are worked out by hand from "page n holds per_page P - n + 1 and reaches
// item n (P - n + 1)".
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sync/http/url.hpp"
#include "sync/kolada/overlapping_pages.hpp"

using namespace kolcat;
using kolcat::sync::PagePosition;

namespace {

const std::string data = "http://127.0.0.1:8080/v3/data/kpi/N1/municipality/0025";

std::optional<PagePosition> position_of(const std::string& url) {
    return sync::page_position(http::parse_url(url));
}

}  // namespace

TEST_CASE("overlapping pages: a URL's page and per_page") {
    CHECK(position_of(data + "?per_page=5000") == PagePosition{1, 5000});
    CHECK(position_of(data + "?per_page=4999&page=2") == PagePosition{2, 4999});
    CHECK(position_of(data + "?page=7&from_date=2026-03-01&per_page=12") == PagePosition{7, 12});
    // Nothing kolcat could continue from safely: no per_page, unreadable or repeated numbers.
    CHECK_FALSE(position_of(data).has_value());
    CHECK_FALSE(position_of(data + "?page=2").has_value());
    CHECK_FALSE(position_of(data + "?per_page=0").has_value());
    CHECK_FALSE(position_of(data + "?per_page=50x").has_value());
    CHECK_FALSE(position_of(data + "?per_page=-5").has_value());
    CHECK_FALSE(position_of(data + "?per_page=5&page=0").has_value());
    CHECK_FALSE(position_of(data + "?per_page=5&per_page=6").has_value());
}

TEST_CASE("overlapping pages: the next URL keeps every other parameter") {
    const auto url = sync::with_page_position(
        http::parse_url(data + "?per_page=5000&from_date=2026-03-01"), PagePosition{2, 4999});
    CHECK(url.to_string() == data + "?from_date=2026-03-01&per_page=4999&page=2");
    const auto again = sync::with_page_position(url, PagePosition{3, 4998});
    CHECK(again.to_string() == data + "?from_date=2026-03-01&per_page=4998&page=3");
}

TEST_CASE("overlapping pages: a page's key ignores the order of its parameters and page=1") {
    const auto key = [](const std::string& url) { return sync::page_key(http::parse_url(url)); };
    CHECK(key(data + "?per_page=5") == key(data + "?page=1&per_page=5"));
    CHECK(key(data + "?page=2&per_page=5") == key(data + "?per_page=5&page=2"));
    CHECK(key(data + "?per_page=5&page=2") != key(data + "?per_page=4&page=2"));
    CHECK(key(data + "?page=2") == data + "?page=2");  // no per_page: as written
}

TEST_CASE("overlapping pages: each page asks for one item fewer, up to the cap") {
    CHECK(sync::max_overlapping_pages(5000) == 70);
    CHECK(sync::max_overlapping_pages(10) == 5);
    CHECK(sync::next_overlapping({1, 5000}) == PagePosition{2, 4999});
    CHECK(sync::next_overlapping({2, 4999}) == PagePosition{3, 4998});
    CHECK(sync::next_overlapping({69, 4932}) == PagePosition{70, 4931});
    CHECK_FALSE(sync::next_overlapping({70, 4931}).has_value());
    // After a resume the first per_page is read off the position: 4 + 2 - 1 = 5, cap 2.
    CHECK(sync::next_overlapping({1, 5}) == PagePosition{2, 4});
    CHECK_FALSE(sync::next_overlapping({2, 4}).has_value());
    CHECK_FALSE(sync::next_overlapping({1, 1}).has_value());
}

TEST_CASE("overlapping pages: requests for an answer of n items") {
    const auto pages = [](std::int64_t items) { return sync::overlapping_read(items, 5000).pages; };
    CHECK(pages(0) == 1);
    CHECK(pages(5000) == 1);
    CHECK(pages(5001) == 2);  // page 2 reaches 2 x 4 999 = 9 998
    CHECK(pages(9998) == 2);
    CHECK(pages(9999) == 3);    // page 3 reaches 3 x 4 998 = 14 994
    CHECK(pages(74790) == 15);  // 15 x 4 986
    CHECK(pages(74791) == 16);
    CHECK(pages(75000) == 16);  // one page more than 15 that do not overlap
    CHECK_FALSE(sync::overlapping_read(345170, 5000).beyond_overlap);  // 70 x 4 931
    const auto beyond = sync::overlapping_read(345171, 5000);
    CHECK(beyond.pages == 71);
    CHECK(beyond.beyond_overlap);
    // per_page 4: page 1 reaches 4, page 2 (3 a page, cap 2) 6, then 9, 12.
    CHECK(sync::overlapping_read(12, 4).pages == 4);
    CHECK(sync::overlapping_read(6, 4).pages == 2);
    CHECK_FALSE(sync::overlapping_read(6, 4).beyond_overlap);
}
