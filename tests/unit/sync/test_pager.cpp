#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sync/kolada/pager.hpp"
#include "tests/support/scripted_json_fetcher.hpp"

using namespace kolcat;
using kolcat::testing::envelope;
using kolcat::testing::ScriptedJsonFetcher;

namespace {

// The pager is generic over the mapping; a trivial one keeps these tests about paging only.
sync::Page<int> parse_ints(const nlohmann::json& body) {
    sync::Page<int> page;
    for (const auto& v : body.at("values")) {
        page.items.push_back(v.get<int>());
    }
    if (!body.at("next_url").is_null()) {
        page.next_url = body.at("next_url").get<std::string>();
    }
    return page;
}

sync::Page<int> parse_strictly(const nlohmann::json&) {
    throw sync::KoladaFormatError("count 3 disagrees with 2 items");
}

std::vector<int> drain(sync::Pager& pager) {
    std::vector<int> all;
    while (auto page = pager.next(parse_ints)) {
        all.insert(all.end(), page->items.begin(), page->items.end());
    }
    return all;
}

const std::string data = "http://127.0.0.1:8080/v3/data/kpi/N1/municipality/0025";
const std::string base = data + "?per_page=2";

}  // namespace

TEST_CASE("pager: follows absolute and relative next_url until null") {
    ScriptedJsonFetcher fetcher;
    fetcher.on(base, envelope({1, 2},
                              "http://127.0.0.1:8080/v3/data/kpi/N1/municipality/0025"
                              "?per_page=2&page=2"));
    fetcher.on(base + "&page=2", envelope({3, 4}, "?per_page=2&page=3"));
    fetcher.on(base + "&page=3",
               envelope({5}, "/v3/data/kpi/N1/municipality/0025?per_page=2&page=4"));
    fetcher.on(base + "&page=4", envelope({6}, "0025?per_page=2&page=5"));
    fetcher.on(base + "&page=5", envelope({}, std::nullopt));

    sync::Pager pager(fetcher, base, "http://127.0.0.1:8080/v3");
    CHECK_FALSE(pager.done());
    CHECK(drain(pager) == std::vector<int>{1, 2, 3, 4, 5, 6});
    CHECK(pager.done());
    CHECK(pager.pages_fetched() == 5);
    CHECK(fetcher.log().size() == 5);
    CHECK_FALSE(pager.next(parse_ints).has_value());
    CHECK(fetcher.log().size() == 5);
}

TEST_CASE("pager: each page reports its URL and the resolved absolute next_url") {
    ScriptedJsonFetcher fetcher;
    fetcher.on(base, envelope({1}, "?per_page=2&page=2"));
    fetcher.on(base + "&page=2", envelope({2}));
    sync::Pager pager(fetcher, base);
    auto first = pager.next(parse_ints);
    REQUIRE(first.has_value());
    CHECK(first->url == base);
    CHECK(first->next_url == base + "&page=2");
    auto second = pager.next(parse_ints);
    REQUIRE(second.has_value());
    CHECK(second->url == base + "&page=2");
    CHECK_FALSE(second->next_url.has_value());
}

TEST_CASE("pager: refuses a next_url to another host, scheme or port") {
    for (const std::string evil :
         {"http://evil.example/v3/data?page=2", "https://127.0.0.1:8080/v3/data?page=2",
          "http://127.0.0.1:8081/v3/data?page=2", "//evil.example/v3/data?page=2"}) {
        ScriptedJsonFetcher fetcher;
        fetcher.on(base, envelope({1}, evil));
        sync::Pager pager(fetcher, base);
        CHECK_THROWS_WITH_AS(pager.next(parse_ints),
                             doctest::Contains("refusing next_url to another host"),
                             http::SyncError);
        CHECK(fetcher.log().size() == 1);  // never asked the other host
    }
}

TEST_CASE("pager: refuses to start outside the API's origin") {
    ScriptedJsonFetcher fetcher;
    CHECK_THROWS_AS(sync::Pager(fetcher, "http://evil.example/v3/data", "http://127.0.0.1:8080/v3"),
                    http::SyncError);
    CHECK_THROWS_AS(sync::Pager(fetcher, "not a url"), http::SyncError);
}

TEST_CASE("pager: detects a next_url that loops back") {
    ScriptedJsonFetcher fetcher;
    fetcher.on(base, envelope({1}, "?per_page=2&page=2"));
    fetcher.on(base + "&page=2", envelope({2}, base));  // back to page 1
    sync::Pager pager(fetcher, base);
    CHECK(pager.next(parse_ints).has_value());
    CHECK_THROWS_WITH_AS(pager.next(parse_ints), doctest::Contains("loops back"), http::SyncError);

    ScriptedJsonFetcher self;
    self.on(base, envelope({1}, "?per_page=2"));  // points to itself
    sync::Pager self_pager(self, base);
    CHECK_THROWS_WITH_AS(self_pager.next(parse_ints), doctest::Contains("loops back"),
                         http::SyncError);
}

TEST_CASE("pager: stops a chain longer than the page cap") {
    ScriptedJsonFetcher fetcher;
    for (int page = 1; page <= 5; ++page) {
        const std::string url = page == 1 ? base : base + "&page=" + std::to_string(page);
        fetcher.on(url, envelope({page}, "?per_page=2&page=" + std::to_string(page + 1)));
    }
    sync::Pager pager(fetcher, base, {}, 3);
    CHECK(pager.next(parse_ints).has_value());
    CHECK(pager.next(parse_ints).has_value());
    CHECK(pager.next(parse_ints).has_value());
    CHECK_THROWS_WITH_AS(pager.next(parse_ints), doctest::Contains("stopped after 3 pages"),
                         http::SyncError);
    CHECK(fetcher.log().size() == 3);
}

TEST_CASE("pager: a malformed answer becomes a SyncError that names the URL") {
    ScriptedJsonFetcher fetcher;
    fetcher.on(base, envelope({1, 2}));
    sync::Pager pager(fetcher, base);
    CHECK_THROWS_WITH_AS(pager.next(parse_strictly), doctest::Contains(base.c_str()),
                         http::SyncError);

    ScriptedJsonFetcher wrong_type;
    wrong_type.on(base, nlohmann::json{{"values", {"x"}}, {"next_url", nullptr}});
    sync::Pager typed(wrong_type, base);
    CHECK_THROWS_WITH_AS(typed.next(parse_ints), doctest::Contains("malformed answer from"),
                         http::SyncError);
}

TEST_CASE("pager: a failed fetch propagates") {
    ScriptedJsonFetcher fetcher;
    fetcher.fail_always(base, "retry budget spent");
    sync::Pager pager(fetcher, base);
    CHECK_THROWS_WITH_AS(pager.next(parse_ints), doctest::Contains("retry budget spent"),
                         http::SyncError);
}

TEST_CASE("pager: overlapping pages, then next_url once the overlap ends") {
    const std::string first = data + "?per_page=6";
    ScriptedJsonFetcher fetcher;
    // The server's next_url only says there is more; kolcat asks for its own positions.
    fetcher.on(first, envelope({1, 2, 3, 4, 5, 6}, data + "?per_page=6&page=2"));
    fetcher.on(data + "?per_page=5&page=2", envelope({6, 7, 8, 9, 10}, "?per_page=5&page=3"));
    fetcher.on(data + "?per_page=4&page=3", envelope({9, 10, 11, 12}, "?per_page=4&page=4"));
    // cap 3 for a first per_page of 6: page 4 follows the server's next_url
    fetcher.on(data + "?per_page=4&page=4", envelope({13}, std::nullopt));

    sync::Pager pager(fetcher, first, "http://127.0.0.1:8080/v3");
    pager.overlap_pages();
    std::vector<bool> overlaps;
    std::vector<int> items;
    while (auto page = pager.next(parse_ints)) {
        overlaps.push_back(pager.last_page_overlaps());
        items.insert(items.end(), page->items.begin(), page->items.end());
    }
    CHECK(overlaps == std::vector<bool>{false, true, true, false});
    CHECK(items == std::vector<int>{1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 9, 10, 11, 12, 13});
    CHECK(fetcher.log().size() == 4);
}

TEST_CASE("pager: overlapping pages still refuse a next_url to another host") {
    const std::string first = data + "?per_page=6";
    ScriptedJsonFetcher fetcher;
    fetcher.on(first, envelope({1, 2, 3, 4, 5, 6}, "http://evil.example/v3/data?page=2"));
    sync::Pager pager(fetcher, first, "http://127.0.0.1:8080/v3");
    pager.overlap_pages();
    CHECK_THROWS_WITH_AS(pager.next(parse_ints), doctest::Contains("another host"),
                         http::SyncError);
}

TEST_CASE("pager: a URL without per_page is followed by next_url, not overlapped") {
    ScriptedJsonFetcher fetcher;
    fetcher.on(data, envelope({1, 2}, data + "?page=2"));
    fetcher.on(data + "?page=2", envelope({3}, std::nullopt));
    sync::Pager pager(fetcher, data, "http://127.0.0.1:8080/v3");
    pager.overlap_pages();
    int pages = 0;
    while (auto page = pager.next(parse_ints)) {
        CHECK_FALSE(pager.last_page_overlaps());
        ++pages;
    }
    CHECK(pages == 2);
}
